#include "agent/probes/network/path/domain_reachability.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "agent/probes/network/path/concurrency.h"
#include "agent/probes/network/path/dns.h"
#include "agent/probes/network/path/http_fetch.h"
#include "agent/probes/network/path/reachability.h"
#include "agent/probes/network/path/targets.h"

namespace minspec::agent::netpath {

void CheckDomains(const google::protobuf::RepeatedPtrField<minspec::v1::DomainTarget>& domains,
                  const ProxyResolver& resolver, absl::Duration timeout,
                  minspec::v1::ReachabilityFacts& out) {
  std::vector<minspec::v1::EndpointCheck> checks(domains.size());
  ForEachConcurrently(domains.size(), [&](size_t i) {
    const auto& d = domains[i];
    auto& check = checks[i];
    check.set_target(d.pattern().empty() ? d.probe_url() : absl::StrCat(d.pattern(), " (", d.probe_url(), ")"));
    absl::StatusOr<UrlParts> parts = ParseUrl(d.probe_url());
    if (!parts.ok()) return check.set_detail(std::string(parts.status().message()));
    if (!d.pattern().empty() && !UrlMatchesPattern(d.pattern(), d.probe_url())) {
      // Reaching some other host proves nothing about this domain.
      return check.set_detail(absl::StrCat("baseline error: ", d.probe_url(), " is not covered by ", d.pattern()));
    }
    absl::StatusOr<std::string> proxy = resolver.ProxyFor(d.probe_url());
    if (!proxy.ok()) return check.set_detail(absl::StrCat("proxy discovery: ", proxy.status().message()));
    check.set_via_proxy(*proxy);
    const absl::Time start = absl::Now();
    auto addresses = ResolveHost(parts->host, timeout);
    if (addresses.ok()) check.set_resolved_address(addresses->front());
    if (!addresses.ok() && proxy->empty()) return check.set_detail(std::string(addresses.status().message()));
    const absl::Duration left = timeout - (absl::Now() - start);
    if (left <= absl::ZeroDuration()) return check.set_detail("no time left after DNS");
    const HttpResult r = HttpGet(d.probe_url(), *proxy, left);
    check.set_http_status(r.http_status);
    check.set_latency_ms(r.latency_ms);
    if (r.ProxyAuthRequired()) return check.set_detail("proxy demands authentication (407)");
    if (!r.completed) return check.set_detail(r.error);
    check.set_ok(true);
    check.set_detail(absl::StrCat("HTTP ", r.http_status,
                                  addresses.ok() ? "" : " (name not resolvable locally; the proxy resolved it)"));
  });
  FinishReachability(std::move(checks), "DNS + libcurl GET", out);
}

}  // namespace minspec::agent::netpath
