#include "agent/probes/network/path/tls_stream.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <poll.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace minspec::agent::netpath {
namespace {

std::string OpenSslError() {
  const unsigned long e = ERR_get_error();
  if (e == 0) return "no details";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  ERR_clear_error();
  return buf;
}

bool IsNumericAddress(const std::string& host) {
  unsigned char buf[16];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

}  // namespace

TlsStream::~TlsStream() {
  if (ssl_ != nullptr) SSL_free(ssl_);
  if (ctx_ != nullptr) SSL_CTX_free(ctx_);
}

absl::Status TlsStream::Wait(int ssl_error, absl::Time deadline, std::string_view what_view) {
  const std::string what(what_view);
  short events = 0;
  if (ssl_error == SSL_ERROR_WANT_READ) events = POLLIN;
  else if (ssl_error == SSL_ERROR_WANT_WRITE) events = POLLOUT;
  else if (ssl_error == SSL_ERROR_ZERO_RETURN) return absl::UnavailableError(absl::StrCat(what, ": peer closed TLS"));
  else if (ssl_error == SSL_ERROR_SYSCALL) {
    ERR_clear_error();
    return absl::UnavailableError(absl::StrCat(what, ": connection closed by peer"));
  } else {
    return absl::UnavailableError(absl::StrCat(what, ": ", OpenSslError()));
  }
  const absl::Duration left = deadline - absl::Now();
  if (left <= absl::ZeroDuration()) {
    return absl::DeadlineExceededError(absl::StrCat(what, ": peer sent nothing before the timeout"));
  }
  pollfd pfd{fd_, events, 0};
  const int ms = static_cast<int>(std::max<int64_t>(1, absl::ToInt64Milliseconds(left)));
  const int ready = poll(&pfd, 1, ms);
  if (ready == 0) return absl::DeadlineExceededError(absl::StrCat(what, ": peer sent nothing before the timeout"));
  if (ready < 0) return absl::InternalError(absl::StrCat(what, ": poll failed"));
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<TlsStream>> TlsStream::Handshake(int fd, const std::string& sni,
                                                                absl::Time deadline) {
  std::unique_ptr<TlsStream> s(new TlsStream());
  s->fd_ = fd;
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  s->ctx_ = SSL_CTX_new(TLS_client_method());
  if (s->ctx_ == nullptr) return absl::InternalError(absl::StrCat("SSL_CTX_new: ", OpenSslError()));
  SSL_CTX_set_min_proto_version(s->ctx_, TLS1_2_VERSION);
  SSL_CTX_set_verify(s->ctx_, SSL_VERIFY_NONE, nullptr);
  static const unsigned char kAlpn[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
  SSL_CTX_set_alpn_protos(s->ctx_, kAlpn, sizeof kAlpn);
  s->ssl_ = SSL_new(s->ctx_);
  if (s->ssl_ == nullptr) return absl::InternalError(absl::StrCat("SSL_new: ", OpenSslError()));
  SSL_set_fd(s->ssl_, fd);
  if (!sni.empty() && !IsNumericAddress(sni)) SSL_set_tlsext_host_name(s->ssl_, sni.c_str());
  SSL_set_connect_state(s->ssl_);
  for (;;) {
    const int rc = SSL_do_handshake(s->ssl_);
    if (rc == 1) break;
    if (absl::Status w = s->Wait(SSL_get_error(s->ssl_, rc), deadline, "TLS handshake"); !w.ok()) return w;
  }
  return s;
}

absl::Status TlsStream::WriteAll(std::string_view data, absl::Time deadline) {
  while (!data.empty()) {
    size_t written = 0;
    const int rc = SSL_write_ex(ssl_, data.data(), data.size(), &written);
    if (rc == 1) {
      data.remove_prefix(written);
      continue;
    }
    if (absl::Status w = Wait(SSL_get_error(ssl_, rc), deadline, "TLS write"); !w.ok()) return w;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> TlsStream::ReadSome(absl::Time deadline) {
  char buf[16384];
  for (;;) {
    size_t got = 0;
    const int rc = SSL_read_ex(ssl_, buf, sizeof buf, &got);
    if (rc == 1) return std::string(buf, got);
    if (absl::Status w = Wait(SSL_get_error(ssl_, rc), deadline, "TLS read"); !w.ok()) return w;
  }
}

std::vector<std::string> TlsStream::PeerChainDer() const {
  std::vector<std::string> out;
  STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl_);
  for (int i = 0; chain != nullptr && i < sk_X509_num(chain); ++i) {
    unsigned char* der = nullptr;
    const int len = i2d_X509(sk_X509_value(chain, i), &der);
    if (len > 0) out.emplace_back(reinterpret_cast<char*>(der), static_cast<size_t>(len));
    OPENSSL_free(der);
  }
  return out;
}

}  // namespace minspec::agent::netpath
