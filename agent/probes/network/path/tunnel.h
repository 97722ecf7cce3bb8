#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace minspec::agent::netpath {

// A TCP byte stream to host:port, opened directly or through the proxy with
// HTTP CONNECT (or SOCKS) by libcurl, which keeps owning the socket; callers
// speak TLS/WebSocket over fd() themselves. Closed on destruction.
class Tunnel {
 public:
  ~Tunnel();
  Tunnel(const Tunnel&) = delete;
  Tunnel& operator=(const Tunnel&) = delete;

  // `proxy` "" = direct. A proxy refusing CONNECT is an error naming its status
  // (e.g. "proxy answered CONNECT with 407"); `connect_status` receives it.
  static absl::StatusOr<std::unique_ptr<Tunnel>> Open(const std::string& host, int port,
                                                      const std::string& proxy,
                                                      absl::Duration timeout,
                                                      int* connect_status = nullptr);
  int fd() const { return fd_; }
  const std::string& peer_address() const { return peer_address_; }

 private:
  Tunnel() = default;
  void* curl_ = nullptr;
  int fd_ = -1;
  std::string peer_address_;
};

}  // namespace minspec::agent::netpath
