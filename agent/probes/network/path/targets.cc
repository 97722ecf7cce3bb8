#include "agent/probes/network/path/targets.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace minspec::agent::netpath {

absl::StatusOr<const minspec::v1::NetworkPathTargets*> TargetsFrom(const ProbeContext& ctx) {
  if (ctx.baseline == nullptr || !ctx.baseline->has_network_path()) {
    return absl::FailedPreconditionError("no targets in baseline");
  }
  return &ctx.baseline->network_path();
}

absl::Duration PerTargetTimeout(const minspec::v1::NetworkPathTargets& targets,
                                const ProbeContext& ctx) {
  absl::Duration limit =
      targets.timeout_ms() > 0 ? absl::Milliseconds(targets.timeout_ms()) : absl::Seconds(5);
  return std::min(limit, ctx.timeout);
}

absl::Status SplitHostPort(const std::string& host_port, std::string* host, int* port) {
  std::string h;
  std::string p;
  if (!host_port.empty() && host_port.front() == '[') {
    const size_t close = host_port.find(']');
    if (close == std::string::npos || close + 1 >= host_port.size() || host_port[close + 1] != ':') {
      return absl::InvalidArgumentError(absl::StrCat("not [address]:port: ", host_port));
    }
    h = host_port.substr(1, close - 1);
    p = host_port.substr(close + 2);
  } else {
    const size_t colon = host_port.rfind(':');
    if (colon == std::string::npos || colon == 0) {
      return absl::InvalidArgumentError(absl::StrCat("not host:port: ", host_port));
    }
    h = host_port.substr(0, colon);
    p = host_port.substr(colon + 1);
  }
  int value = 0;
  if (!absl::SimpleAtoi(p, &value) || value <= 0 || value > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("bad port in ", host_port));
  }
  *host = h;
  *port = value;
  return absl::OkStatus();
}

absl::StatusOr<UrlParts> ParseUrl(const std::string& url) {
  UrlParts parts;
  const size_t sep = url.find("://");
  if (sep == std::string::npos) return absl::InvalidArgumentError(absl::StrCat("not a URL: ", url));
  parts.scheme = absl::AsciiStrToLower(url.substr(0, sep));
  std::string rest = url.substr(sep + 3);
  const size_t slash = rest.find_first_of("/?#");
  std::string authority = slash == std::string::npos ? rest : rest.substr(0, slash);
  parts.path_and_query = slash == std::string::npos ? "/" : rest.substr(slash);
  if (!parts.path_and_query.empty() && parts.path_and_query.front() != '/') {
    parts.path_and_query = "/" + parts.path_and_query;
  }
  if (const size_t hash = parts.path_and_query.find('#'); hash != std::string::npos) {
    parts.path_and_query.resize(hash);
  }
  if (const size_t at = authority.rfind('@'); at != std::string::npos) authority = authority.substr(at + 1);
  int default_port = 0;
  if (parts.scheme == "https" || parts.scheme == "wss") default_port = 443;
  if (parts.scheme == "http" || parts.scheme == "ws") default_port = 80;
  const bool bracketed = !authority.empty() && authority.front() == '[';
  const size_t close = bracketed ? authority.find(']') : std::string::npos;
  const size_t colon = bracketed ? (close == std::string::npos ? std::string::npos : authority.find(':', close))
                                 : authority.rfind(':');
  if (colon != std::string::npos) {
    if (absl::Status s = SplitHostPort(authority, &parts.host, &parts.port); !s.ok()) return s;
  } else {
    parts.host = bracketed ? authority.substr(1, authority.size() - 2) : authority;
    parts.port = default_port;
  }
  if (parts.host.empty() || parts.port == 0) {
    return absl::InvalidArgumentError(absl::StrCat("no host or port in URL: ", url));
  }
  return parts;
}

bool UrlMatchesPattern(const std::string& pattern, const std::string& url) {
  absl::StatusOr<UrlParts> parts = ParseUrl(url);
  if (!parts.ok()) return false;
  const size_t slash = pattern.find('/');
  const std::string host_pattern = absl::AsciiStrToLower(pattern.substr(0, slash));
  const std::string host = absl::AsciiStrToLower(parts->host);
  bool host_ok = false;
  if (host_pattern.rfind("*.", 0) == 0) {
    const std::string suffix = host_pattern.substr(1);  // ".flexperto.com"
    host_ok = host.size() > suffix.size() && host.compare(host.size() - suffix.size(), suffix.size(), suffix) == 0;
  } else {
    host_ok = host == host_pattern;
  }
  if (!host_ok || slash == std::string::npos) return host_ok;
  std::string path_prefix = pattern.substr(slash);
  if (!path_prefix.empty() && path_prefix.back() == '*') path_prefix.pop_back();
  return parts->path_and_query.rfind(path_prefix, 0) == 0;
}

}  // namespace minspec::agent::netpath
