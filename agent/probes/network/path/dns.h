#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace minspec::agent::netpath {

// Resolves `host` with the system resolver (getaddrinfo: /etc/hosts, then
// resolv.conf), as the browser would. Gives up after `timeout` even when the
// resolver hangs (the lookup is left to finish on its own thread).
// Numeric addresses come back unchanged. DeadlineExceeded on timeout,
// NotFound when the name does not resolve.
absl::StatusOr<std::vector<std::string>> ResolveHost(const std::string& host, absl::Duration timeout);

}  // namespace minspec::agent::netpath
