#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "agent/probes/probe.h"
#include "minspec/v1/network_path.pb.h"

// Where the path probes go and how long each target may take. Targets come
// only from the baseline; a probe without them reports ERROR, never a pass.
namespace minspec::agent::netpath {

// The baseline's network_path block, or an error "no targets in baseline".
absl::StatusOr<const minspec::v1::NetworkPathTargets*> TargetsFrom(const ProbeContext& ctx);

// Per-target limit: the baseline's timeout_ms (5 s when unset), never above ctx.timeout.
absl::Duration PerTargetTimeout(const minspec::v1::NetworkPathTargets& targets,
                                const ProbeContext& ctx);

// "host:port" → host and port. Accepts "[v6]:port". Port is required.
absl::Status SplitHostPort(const std::string& host_port, std::string* host, int* port);

// Pieces of a URL (scheme lower-case; port filled from the scheme when absent).
struct UrlParts {
  std::string scheme;
  std::string host;
  int port = 0;
  std::string path_and_query;  // at least "/"
};
absl::StatusOr<UrlParts> ParseUrl(const std::string& url);

// Whether `url` is covered by an allow-list pattern as the sheet writes them:
// "flexperto.com" (that host), "*.flexperto.com" (any depth of subdomain),
// "www.google.com/recaptcha/*" (host plus path prefix). Case-insensitive host.
bool UrlMatchesPattern(const std::string& pattern, const std::string& url);

}  // namespace minspec::agent::netpath
