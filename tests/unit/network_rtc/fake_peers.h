#pragma once

// Misbehaving and well-behaved STUN peers on 127.0.0.1 for unit tests, each
// on its own thread, stopped by the destructor.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "agent/probes/network/rtc/stun_message.h"

namespace minspec::agent::rtc::testing {

// What a peer sends back for one received request (empty: nothing).
using Responder = std::function<std::vector<uint8_t>(const std::vector<uint8_t>& request, int count)>;

inline std::vector<uint8_t> BindingSuccessFor(const std::vector<uint8_t>& request, const sockaddr_in& from) {
  auto parsed = StunMessage::Parse(request);
  if (!parsed.message) return {};
  StunMessage resp;
  resp.method = parsed.message->method;
  resp.message_class = StunClass::kSuccess;
  resp.transaction_id = parsed.message->transaction_id;
  std::vector<uint8_t> v = {0, 1};
  const uint16_t port = ntohs(from.sin_port) ^ (kStunMagicCookie >> 16);
  v.push_back(static_cast<uint8_t>(port >> 8));
  v.push_back(static_cast<uint8_t>(port));
  const uint32_t ip = ntohl(from.sin_addr.s_addr) ^ kStunMagicCookie;
  for (int shift = 24; shift >= 0; shift -= 8) v.push_back(static_cast<uint8_t>(ip >> shift));
  resp.attributes.push_back({stun_attr::kXorMappedAddress, v});
  return resp.Encode(true);
}

class FakeUdpPeer {
 public:
  // responder == nullptr: answers with a correct Binding success.
  explicit FakeUdpPeer(Responder responder = nullptr) : responder_(std::move(responder)) {
    fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { Run(); });
  }
  ~FakeUdpPeer() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  int received() const { return count_; }

 private:
  void Run() {
    std::vector<uint8_t> buf(65536);
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      sockaddr_in from{};
      socklen_t len = sizeof from;
      const ssize_t n = ::recvfrom(fd_, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&from), &len);
      if (n <= 0) continue;
      std::vector<uint8_t> req(buf.begin(), buf.begin() + n);
      const int count = ++count_;
      auto out = responder_ ? responder_(req, count) : BindingSuccessFor(req, from);
      if (!out.empty()) ::sendto(fd_, out.data(), out.size(), 0, reinterpret_cast<sockaddr*>(&from), len);
    }
  }
  Responder responder_;
  int fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> count_{0};
  std::thread thread_;
};

// Accepts TCP connections and then: sends `reply` (may be empty: never speaks)
// after reading whatever arrives, and keeps the connection open until stopped.
class FakeTcpPeer {
 public:
  explicit FakeTcpPeer(std::vector<uint8_t> reply) : reply_(std::move(reply)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(fd_, 8);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { Run(); });
  }
  ~FakeTcpPeer() {
    stop_ = true;
    thread_.join();
    for (int c : clients_) ::close(c);
    ::close(fd_);
  }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  void Run() {
    while (!stop_) {
      std::vector<pollfd> fds{{fd_, POLLIN, 0}};
      for (int c : clients_) fds.push_back({c, POLLIN, 0});
      if (::poll(fds.data(), fds.size(), 50) <= 0) continue;
      if (fds[0].revents & POLLIN) clients_.push_back(::accept(fd_, nullptr, nullptr));
      for (size_t i = 1; i < fds.size(); ++i) {
        if (!(fds[i].revents & POLLIN)) continue;
        char buf[4096];
        if (::recv(fds[i].fd, buf, sizeof buf, 0) > 0 && !reply_.empty()) {
          ::send(fds[i].fd, reply_.data(), reply_.size(), MSG_NOSIGNAL);
        }
      }
    }
  }
  std::vector<uint8_t> reply_;
  int fd_ = -1;
  uint16_t port_ = 0;
  std::vector<int> clients_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace minspec::agent::rtc::testing
