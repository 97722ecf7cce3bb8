#include "agent/probes/network/path/reachability.h"

#include "absl/strings/str_cat.h"
#include "agent/probes/status.h"

namespace minspec::agent::netpath {

void FinishReachability(std::vector<minspec::v1::EndpointCheck> checks, std::string_view source,
                        minspec::v1::ReachabilityFacts& out) {
  if (checks.empty()) {
    MarkError(*out.mutable_status(), "no targets in baseline");
    return;
  }
  uint32_t passed = 0;
  uint32_t failed = 0;
  std::string failures;
  for (auto& c : checks) {
    if (c.ok()) {
      ++passed;
    } else {
      ++failed;
      if (failed <= 5) absl::StrAppend(&failures, failures.empty() ? "" : "; ", c.target(), ": ", c.detail());
    }
    *out.add_checks() = std::move(c);
  }
  out.set_passed(passed);
  out.set_failed(failed);
  out.set_ok(failed == 0);
  if (failed == 0) {
    out.set_summary(absl::StrCat("all ", passed, " reachable"));
  } else {
    out.set_summary(absl::StrCat(failed, " of ", passed + failed, " failed: ", failures,
                                 failed > 5 ? "; ..." : ""));
  }
  MarkOk(*out.mutable_status(), source);
}

std::shared_ptr<const ProxyResolver> ResolverOrSystem(std::shared_ptr<const ProxyResolver> injected) {
  if (injected) return injected;
  return std::shared_ptr<const ProxyResolver>(MakeSystemProxyResolver());
}

}  // namespace minspec::agent::netpath
