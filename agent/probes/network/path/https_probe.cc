// network.https: an HTTP answer from every baseline URL on 443 (and 80),
// through the proxy the browser would use.
#include "absl/strings/str_cat.h"
#include "agent/probes/network/path/concurrency.h"
#include "agent/probes/network/path/http_fetch.h"
#include "agent/probes/network/path/probes.h"
#include "agent/probes/network/path/reachability.h"
#include "agent/probes/network/path/targets.h"
#include "agent/probes/status.h"

namespace minspec::agent::netpath {
namespace {

class HttpsProbe : public Probe {
 public:
  explicit HttpsProbe(ResolverPtr resolver) : resolver_(std::move(resolver)) {}
  std::string_view Name() const override { return "network.https"; }

  void Collect(const ProbeContext& ctx, minspec::v1::Facts& facts) const override {
    auto& out = *facts.mutable_network()->mutable_https();
    ProbeTimer timer(out.mutable_status());
    auto targets = TargetsFrom(ctx);
    if (!targets.ok()) return MarkError(*out.mutable_status(), targets.status());
    std::vector<std::string> urls((*targets)->https_urls().begin(), (*targets)->https_urls().end());
    urls.insert(urls.end(), (*targets)->http_urls().begin(), (*targets)->http_urls().end());
    if (urls.empty()) return MarkError(*out.mutable_status(), "no targets in baseline (https_urls, http_urls)");
    const absl::Duration timeout = PerTargetTimeout(**targets, ctx);
    auto resolver = ResolverOrSystem(resolver_);
    std::vector<minspec::v1::EndpointCheck> checks(urls.size());
    ForEachConcurrently(urls.size(), [&](size_t i) {
      auto& check = checks[i];
      check.set_target(urls[i]);
      absl::StatusOr<std::string> proxy = resolver->ProxyFor(urls[i]);
      if (!proxy.ok()) {
        check.set_detail(absl::StrCat("proxy discovery: ", proxy.status().message()));
        return;
      }
      check.set_via_proxy(*proxy);
      const HttpResult r = HttpGet(urls[i], *proxy, timeout);
      check.set_http_status(r.http_status);
      check.set_resolved_address(r.resolved_address);
      check.set_latency_ms(r.latency_ms);
      if (r.ProxyAuthRequired()) {
        check.set_detail("proxy demands authentication (407)");
      } else if (!r.completed) {
        check.set_detail(r.error);
      } else {
        check.set_ok(true);
        check.set_detail(absl::StrCat("HTTP ", r.http_status));
      }
    });
    FinishReachability(std::move(checks), "libcurl GET", out);
  }

 private:
  ResolverPtr resolver_;
};

}  // namespace

std::unique_ptr<Probe> MakeHttpsProbe(ResolverPtr resolver) {
  return std::make_unique<HttpsProbe>(std::move(resolver));
}

}  // namespace minspec::agent::netpath
