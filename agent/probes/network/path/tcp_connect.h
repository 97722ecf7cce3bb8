#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace minspec::agent::netpath {

// A TCP connect (SYN, SYN-ACK, ACK) to a numeric address, bounded by
// `timeout`; the socket is closed at once. A black-holed address ends as
// DeadlineExceeded, a refused port as Unavailable with the errno text.
absl::Status TcpConnect(const std::string& address, int port, absl::Duration timeout);

}  // namespace minspec::agent::netpath
