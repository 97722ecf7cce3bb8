#pragma once

// Deadline-bounded socket I/O for the RTC probes. Every call takes an
// absolute deadline and returns DeadlineExceeded when it passes: nothing
// here can block longer than the caller allows (a black-holed address, a
// peer that accepts and never speaks, a TLS handshake that stalls).

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "agent/probes/network/rtc/stun_message.h"

namespace minspec::agent::rtc {

class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& o) noexcept : fd_(o.Release()) {}
  UniqueFd& operator=(UniqueFd&& o) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd();
  int get() const { return fd_; }
  int Release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_ = -1;
};

struct Endpoint {
  sockaddr_storage addr{};
  socklen_t len = 0;
  std::string text;  // "ip:port" / "[ip6]:port"
};

// "host:port", "[v6]:port". Host names resolve through getaddrinfo, bounded by
// the deadline (the lookup runs on a helper thread that is abandoned on timeout).
absl::StatusOr<std::vector<Endpoint>> Resolve(std::string_view host_port, int socktype,
                                              absl::Time deadline);
absl::StatusOr<std::pair<std::string, uint16_t>> SplitHostPort(std::string_view host_port);

// Non-blocking connect, waited for with poll until the deadline.
absl::StatusOr<UniqueFd> ConnectTcp(const Endpoint& to, absl::Time deadline);

// A non-blocking UDP socket connected to `to` (ICMP errors surface as ECONNREFUSED).
absl::StatusOr<UniqueFd> ConnectUdp(const Endpoint& to);

// A byte stream (plain TCP or TLS) with deadline-bounded reads and writes.
class ByteStream {
 public:
  virtual ~ByteStream() = default;
  virtual absl::Status WriteAll(std::span<const uint8_t> bytes, absl::Time deadline) = 0;
  virtual absl::Status ReadExact(std::span<uint8_t> into, absl::Time deadline) = 0;
};

std::unique_ptr<ByteStream> PlainStream(UniqueFd fd);

struct TlsResult {
  std::unique_ptr<ByteStream> stream;
  bool verified = false;
  std::string verify_error;  // when not verified
};
// TLS client handshake over a connected socket: SNI = server_name, chain
// checked against the system roots for server_name; the handshake succeeds
// either way and the verification outcome is reported.
absl::StatusOr<TlsResult> StartTls(UniqueFd fd, const std::string& server_name, absl::Time deadline);

// One STUN request over a stream (RFC 8489 framing over TCP/TLS: messages
// back to back), returning the first answer with our transaction id.
absl::StatusOr<StunMessage> StunOverStream(ByteStream& stream, const StunMessage& request,
                                           absl::Time deadline);

// One STUN request over UDP with RFC 8489 retransmissions (RTO 500 ms,
// doubling) until the deadline. Datagrams that do not parse or carry another
// transaction id are skipped; if nothing valid arrives, the error names the
// last garbage seen. An ICMP port-unreachable ends it at once (Unavailable).
absl::StatusOr<StunMessage> StunOverUdp(const Endpoint& to, const StunMessage& request,
                                        absl::Time deadline);

}  // namespace minspec::agent::rtc
