#include "agent/probes/network/path/tcp_connect.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace minspec::agent::netpath {

absl::Status TcpConnect(const std::string& address, int port, absl::Duration timeout) {
  sockaddr_storage ss{};
  socklen_t len = 0;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&ss);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&ss);
  if (inet_pton(AF_INET, address.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<uint16_t>(port));
    len = sizeof(sockaddr_in);
  } else if (inet_pton(AF_INET6, address.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<uint16_t>(port));
    len = sizeof(sockaddr_in6);
  } else {
    return absl::InvalidArgumentError(absl::StrCat("not a numeric address: ", address));
  }
  const int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return absl::InternalError(absl::StrCat("socket: ", strerror(errno)));
  const std::string where = absl::StrCat(address, ":", port);
  absl::Status result = absl::OkStatus();
  if (connect(fd, reinterpret_cast<sockaddr*>(&ss), len) != 0) {
    if (errno != EINPROGRESS) {
      result = absl::UnavailableError(absl::StrCat("connect ", where, ": ", strerror(errno)));
    } else {
      pollfd pfd{fd, POLLOUT, 0};
      const int ms = static_cast<int>(absl::ToInt64Milliseconds(timeout));
      const int ready = poll(&pfd, 1, ms);
      if (ready == 0) {
        result = absl::DeadlineExceededError(
            absl::StrCat("connect ", where, ": no answer within ", absl::FormatDuration(timeout)));
      } else if (ready < 0) {
        result = absl::InternalError(absl::StrCat("poll: ", strerror(errno)));
      } else {
        int err = 0;
        socklen_t errlen = sizeof err;
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &errlen);
        if (err != 0) result = absl::UnavailableError(absl::StrCat("connect ", where, ": ", strerror(err)));
      }
    }
  }
  close(fd);
  return result;
}

}  // namespace minspec::agent::netpath
