#include "agent/probes/network/rtc/net_io.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace minspec::agent::rtc {

UniqueFd& UniqueFd::operator=(UniqueFd&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = o.Release();
  }
  return *this;
}
UniqueFd::~UniqueFd() {
  if (fd_ >= 0) ::close(fd_);
}

namespace {

std::string Errno(int err) { return std::string(strerror(err)); }

int RemainingMs(absl::Time deadline) {
  const absl::Duration left = deadline - absl::Now();
  if (left <= absl::ZeroDuration()) return 0;
  return static_cast<int>(std::min<int64_t>(absl::ToInt64Milliseconds(left) + 1, 1 << 30));
}

// Waits until fd is ready for `events` or the deadline passes.
absl::Status WaitFd(int fd, short events, absl::Time deadline, std::string_view what) {
  for (;;) {
    const int ms = RemainingMs(deadline);
    if (ms == 0) return absl::DeadlineExceededError(absl::StrCat("timed out ", std::string(what)));
    pollfd p{fd, events, 0};
    const int rc = ::poll(&p, 1, ms);
    if (rc < 0) {
      if (errno == EINTR) continue;
      return absl::InternalError(absl::StrCat("poll: ", Errno(errno)));
    }
    if (rc == 0) continue;  // loop re-checks the deadline
    if (p.revents & (events | POLLERR | POLLHUP)) return absl::OkStatus();
  }
}

std::string EndpointText(const sockaddr* sa) {
  char ip[INET6_ADDRSTRLEN] = {};
  if (sa->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(sa);
    inet_ntop(AF_INET, &in->sin_addr, ip, sizeof ip);
    return absl::StrCat(ip, ":", ntohs(in->sin_port));
  }
  const auto* in6 = reinterpret_cast<const sockaddr_in6*>(sa);
  inet_ntop(AF_INET6, &in6->sin6_addr, ip, sizeof ip);
  return absl::StrCat("[", ip, "]:", ntohs(in6->sin6_port));
}

class PlainByteStream final : public ByteStream {
 public:
  explicit PlainByteStream(UniqueFd fd) : fd_(std::move(fd)) {}
  absl::Status WriteAll(std::span<const uint8_t> bytes, absl::Time deadline) override {
    size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::send(fd_.get(), bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
      if (n > 0) {
        done += static_cast<size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        if (auto s = WaitFd(fd_.get(), POLLOUT, deadline, "sending"); !s.ok()) return s;
        continue;
      }
      return absl::UnavailableError(absl::StrCat("send: ", Errno(errno)));
    }
    return absl::OkStatus();
  }
  absl::Status ReadExact(std::span<uint8_t> into, absl::Time deadline) override {
    size_t done = 0;
    while (done < into.size()) {
      const ssize_t n = ::recv(fd_.get(), into.data() + done, into.size() - done, 0);
      if (n > 0) {
        done += static_cast<size_t>(n);
        continue;
      }
      if (n == 0) {
        return absl::UnavailableError(absl::StrCat("peer closed the connection after ", done, " of ",
                                                   into.size(), " bytes"));
      }
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        if (auto s = WaitFd(fd_.get(), POLLIN, deadline, "waiting for the answer"); !s.ok()) return s;
        continue;
      }
      return absl::UnavailableError(absl::StrCat("recv: ", Errno(errno)));
    }
    return absl::OkStatus();
  }

 private:
  UniqueFd fd_;
};

std::string OpenSslError() {
  const unsigned long e = ERR_get_error();
  if (e == 0) return "unknown TLS error";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  ERR_clear_error();
  return buf;
}

class TlsByteStream final : public ByteStream {
 public:
  TlsByteStream(UniqueFd fd, SSL_CTX* ctx, SSL* ssl) : fd_(std::move(fd)), ctx_(ctx), ssl_(ssl) {}
  ~TlsByteStream() override {
    SSL_free(ssl_);
    SSL_CTX_free(ctx_);
  }
  // Drives one OpenSSL call to completion, polling for what it wants.
  template <typename Op>
  absl::Status Drive(Op op, absl::Time deadline, std::string_view what) {
    for (;;) {
      ERR_clear_error();
      const int rc = op();
      if (rc > 0) return absl::OkStatus();
      const int err = SSL_get_error(ssl_, rc);
      if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
        auto s = WaitFd(fd_.get(), err == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline, what);
        if (!s.ok()) return s;
        continue;
      }
      if (err == SSL_ERROR_ZERO_RETURN || (err == SSL_ERROR_SYSCALL && ERR_peek_error() == 0)) {
        return absl::UnavailableError(absl::StrCat("peer closed the connection ", std::string(what)));
      }
      return absl::UnavailableError(absl::StrCat(std::string(what), ": ", OpenSslError()));
    }
  }
  absl::Status Handshake(absl::Time deadline) {
    return Drive([&] { return SSL_connect(ssl_); }, deadline, "in the TLS handshake");
  }
  absl::Status WriteAll(std::span<const uint8_t> bytes, absl::Time deadline) override {
    size_t done = 0;
    while (done < bytes.size()) {
      size_t n = 0;
      auto s = Drive([&] { return SSL_write_ex(ssl_, bytes.data() + done, bytes.size() - done, &n); },
                     deadline, "sending over TLS");
      if (!s.ok()) return s;
      done += n;
    }
    return absl::OkStatus();
  }
  absl::Status ReadExact(std::span<uint8_t> into, absl::Time deadline) override {
    size_t done = 0;
    while (done < into.size()) {
      size_t n = 0;
      auto s = Drive([&] { return SSL_read_ex(ssl_, into.data() + done, into.size() - done, &n); },
                     deadline, "waiting for the answer over TLS");
      if (!s.ok()) return s;
      done += n;
    }
    return absl::OkStatus();
  }
  SSL* ssl() { return ssl_; }

 private:
  UniqueFd fd_;
  SSL_CTX* ctx_;
  SSL* ssl_;
};

bool IsIpLiteral(const std::string& host) {
  in6_addr a6;
  in_addr a4;
  return inet_pton(AF_INET, host.c_str(), &a4) == 1 || inet_pton(AF_INET6, host.c_str(), &a6) == 1;
}

}  // namespace

absl::StatusOr<std::pair<std::string, uint16_t>> SplitHostPort(std::string_view hp) {
  std::string host;
  std::string_view port;
  if (!hp.empty() && hp.front() == '[') {
    const size_t close = hp.find(']');
    if (close == std::string_view::npos || close + 1 >= hp.size() || hp[close + 1] != ':') {
      return absl::InvalidArgumentError(absl::StrCat("bad target \"", std::string(hp), "\": want [v6]:port"));
    }
    host = std::string(hp.substr(1, close - 1));
    port = hp.substr(close + 2);
  } else {
    const size_t colon = hp.rfind(':');
    if (colon == std::string_view::npos || hp.find(':') != colon) {
      return absl::InvalidArgumentError(absl::StrCat("bad target \"", std::string(hp), "\": want host:port"));
    }
    host = std::string(hp.substr(0, colon));
    port = hp.substr(colon + 1);
  }
  uint32_t p = 0;
  if (host.empty() || !absl::SimpleAtoi(absl::string_view(port.data(), port.size()), &p) || p == 0 ||
      p > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("bad target \"", std::string(hp), "\": want host:port"));
  }
  return std::make_pair(host, static_cast<uint16_t>(p));
}

absl::StatusOr<std::vector<Endpoint>> Resolve(std::string_view host_port, int socktype,
                                              absl::Time deadline) {
  auto split = SplitHostPort(host_port);
  if (!split.ok()) return split.status();
  const auto [host, port] = *split;

  struct Lookup {
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    int rc = 0;
    std::vector<Endpoint> found;
  };
  auto lookup = std::make_shared<Lookup>();
  // An address literal needs no lookup (and AI_ADDRCONFIG must not hide it
  // where only loopback is configured).
  const bool literal = IsIpLiteral(host);
  auto work = [lookup, host = host, port = port, socktype, literal] {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = socktype;
    hints.ai_flags = literal ? AI_NUMERICHOST : AI_ADDRCONFIG;
    addrinfo* res = nullptr;
    const int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &res);
    std::vector<Endpoint> found;
    for (addrinfo* ai = res; rc == 0 && ai != nullptr; ai = ai->ai_next) {
      Endpoint e;
      memcpy(&e.addr, ai->ai_addr, ai->ai_addrlen);
      e.len = ai->ai_addrlen;
      e.text = EndpointText(ai->ai_addr);
      found.push_back(std::move(e));
    }
    if (res != nullptr) freeaddrinfo(res);
    std::lock_guard<std::mutex> lock(lookup->mu);
    lookup->rc = rc;
    lookup->found = std::move(found);
    lookup->done = true;
    lookup->cv.notify_all();
  };
  if (literal) {
    work();
  } else {
    std::thread(std::move(work)).detach();  // abandoned, not joined, if DNS outlives the deadline
  }

  std::unique_lock<std::mutex> lock(lookup->mu);
  const auto until = std::chrono::system_clock::now() +
                     std::chrono::milliseconds(RemainingMs(deadline));
  if (!lookup->cv.wait_until(lock, until, [&] { return lookup->done; })) {
    return absl::DeadlineExceededError(absl::StrCat("timed out resolving ", host));
  }
  if (lookup->rc != 0) {
    return absl::UnavailableError(absl::StrCat("resolving ", host, ": ", gai_strerror(lookup->rc)));
  }
  if (lookup->found.empty()) return absl::UnavailableError(absl::StrCat("no address for ", host));
  return lookup->found;
}

absl::StatusOr<UniqueFd> ConnectTcp(const Endpoint& to, absl::Time deadline) {
  UniqueFd fd(::socket(to.addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) return absl::InternalError(absl::StrCat("socket: ", Errno(errno)));
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&to.addr), to.len) != 0) {
    if (errno != EINPROGRESS) {
      return absl::UnavailableError(absl::StrCat("connect to ", to.text, ": ", Errno(errno)));
    }
    if (auto s = WaitFd(fd.get(), POLLOUT, deadline, absl::StrCat("connecting to ", to.text)); !s.ok()) {
      return s;
    }
    int err = 0;
    socklen_t len = sizeof err;
    ::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) return absl::UnavailableError(absl::StrCat("connect to ", to.text, ": ", Errno(err)));
  }
  return fd;
}

std::unique_ptr<ByteStream> PlainStream(UniqueFd fd) {
  return std::make_unique<PlainByteStream>(std::move(fd));
}

absl::StatusOr<TlsResult> StartTls(UniqueFd fd, const std::string& server_name, absl::Time deadline) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  if (ctx == nullptr) return absl::InternalError(OpenSslError());
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_default_verify_paths(ctx);
  // Verification is judged after the handshake: reachability must not depend on it.
  SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
  SSL* ssl = SSL_new(ctx);
  if (ssl == nullptr) {
    SSL_CTX_free(ctx);
    return absl::InternalError(OpenSslError());
  }
  const int raw_fd = fd.get();
  auto stream = std::make_unique<TlsByteStream>(std::move(fd), ctx, ssl);
  SSL_set_fd(ssl, raw_fd);
  if (!server_name.empty()) {
    if (IsIpLiteral(server_name)) {
      X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), server_name.c_str());
    } else {
      SSL_set_tlsext_host_name(ssl, server_name.c_str());
      SSL_set1_host(ssl, server_name.c_str());
    }
  }
  if (auto s = stream->Handshake(deadline); !s.ok()) return s;
  TlsResult result;
  const long verify = SSL_get_verify_result(ssl);
  result.verified = verify == X509_V_OK && !server_name.empty();
  if (!result.verified) {
    result.verify_error = server_name.empty() ? "no server name to verify"
                                              : X509_verify_cert_error_string(verify);
  }
  result.stream = std::move(stream);
  return result;
}

absl::StatusOr<StunMessage> StunOverStream(ByteStream& stream, const StunMessage& request,
                                           absl::Time deadline) {
  if (auto s = stream.WriteAll(request.Encode(/*fingerprint=*/true), deadline); !s.ok()) return s;
  for (;;) {
    std::vector<uint8_t> frame(kStunHeaderSize);
    if (auto s = stream.ReadExact(frame, deadline); !s.ok()) return s;
    const size_t total = StunFrameLength(frame);
    if (total == 0) {
      return absl::DataLossError("answer is not STUN (bad header: leading bits, magic cookie or length)");
    }
    frame.resize(total);
    if (auto s = stream.ReadExact(std::span<uint8_t>(frame).subspan(kStunHeaderSize), deadline); !s.ok()) {
      return s;
    }
    auto parsed = StunMessage::Parse(frame);
    if (!parsed.message) return absl::DataLossError(absl::StrCat("malformed STUN answer: ", parsed.error));
    if (parsed.message->transaction_id != request.transaction_id) continue;  // not ours
    if (parsed.message->message_class == StunClass::kRequest ||
        parsed.message->message_class == StunClass::kIndication) {
      continue;
    }
    return *std::move(parsed.message);
  }
}

absl::StatusOr<UniqueFd> ConnectUdp(const Endpoint& to) {
  UniqueFd fd(::socket(to.addr.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) return absl::InternalError(absl::StrCat("socket: ", Errno(errno)));
  // Connected UDP: only the server's datagrams reach us, and ICMP errors surface.
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&to.addr), to.len) != 0) {
    return absl::UnavailableError(absl::StrCat("udp connect to ", to.text, ": ", Errno(errno)));
  }
  return fd;
}

absl::StatusOr<StunMessage> StunOverUdp(const Endpoint& to, const StunMessage& request,
                                        absl::Time deadline) {
  auto connected = ConnectUdp(to);
  if (!connected.ok()) return connected.status();
  UniqueFd fd = *std::move(connected);
  const std::vector<uint8_t> wire = request.Encode(/*fingerprint=*/true);
  absl::Duration rto = absl::Milliseconds(500);
  absl::Time next_send = absl::Now();
  std::string last_problem;
  int sent = 0;
  std::vector<uint8_t> buf(kStunMaxMessageSize);
  for (;;) {
    const absl::Time now = absl::Now();
    if (now >= deadline) break;
    if (now >= next_send) {
      if (::send(fd.get(), wire.data(), wire.size(), 0) < 0 && errno != EAGAIN && errno != ECONNREFUSED) {
        return absl::UnavailableError(absl::StrCat("udp send to ", to.text, ": ", Errno(errno)));
      }
      ++sent;
      next_send = now + rto;
      rto *= 2;
    }
    const absl::Time wake = std::min(deadline, next_send);
    pollfd p{fd.get(), POLLIN, 0};
    const int rc = ::poll(&p, 1, std::max(1, RemainingMs(wake)));
    if (rc < 0 && errno != EINTR) return absl::InternalError(absl::StrCat("poll: ", Errno(errno)));
    if (rc <= 0) continue;
    const ssize_t n = ::recv(fd.get(), buf.data(), buf.size(), 0);
    if (n < 0) {
      if (errno == ECONNREFUSED) {
        // Nobody listens there: say so now, so the caller can try the next address.
        return absl::UnavailableError(
            absl::StrCat("udp to ", to.text, ": ICMP port unreachable (nothing listens)"));
      }
      continue;
    }
    auto parsed = StunMessage::Parse(std::span<const uint8_t>(buf.data(), static_cast<size_t>(n)));
    if (!parsed.message) {
      last_problem = absl::StrCat("malformed answer: ", parsed.error);
      continue;
    }
    if (parsed.message->transaction_id != request.transaction_id) {
      last_problem = "answer with another transaction id";
      continue;
    }
    if (parsed.message->message_class != StunClass::kSuccess &&
        parsed.message->message_class != StunClass::kError) {
      last_problem = "answer that is not a response";
      continue;
    }
    return *std::move(parsed.message);
  }
  return absl::DeadlineExceededError(absl::StrCat("no STUN answer from ", to.text, " over UDP after ", sent,
                                                  " transmissions",
                                                  last_problem.empty() ? "" : "; last: ", last_problem));
}

}  // namespace minspec::agent::rtc
