// network.proxy: how the browser reaches the web, as libproxy sees it.
#include "absl/strings/str_cat.h"
#include "agent/probes/network/path/probes.h"
#include "agent/probes/network/path/reachability.h"
#include "agent/probes/status.h"

namespace minspec::agent::netpath {
namespace {

class ProxyProbe : public Probe {
 public:
  explicit ProxyProbe(ResolverPtr resolver) : resolver_(std::move(resolver)) {}
  std::string_view Name() const override { return "network.proxy"; }

  void Collect(const ProbeContext& ctx, minspec::v1::Facts& facts) const override {
    auto& out = *facts.mutable_network()->mutable_proxy();
    ProbeTimer timer(out.mutable_status());
    // Sample URLs only select the configuration; libproxy sends nothing to
    // them (PAC/WPAD fetches aside). Baseline URLs are used when present so
    // a PAC file's per-host rules answer for the real targets.
    std::string https_url = "https://www.example.com/";
    std::string http_url = "http://www.example.com/";
    if (ctx.baseline != nullptr && ctx.baseline->has_network_path()) {
      const auto& t = ctx.baseline->network_path();
      if (!t.https_urls().empty()) https_url = t.https_urls(0);
      if (!t.http_urls().empty()) http_url = t.http_urls(0);
    }
    auto resolver = ResolverOrSystem(resolver_);
    absl::StatusOr<std::string> https_proxy = resolver->ProxyFor(https_url);
    absl::StatusOr<std::string> http_proxy = resolver->ProxyFor(http_url);
    if (!https_proxy.ok()) return MarkError(*out.mutable_status(), https_proxy.status());
    if (!http_proxy.ok()) return MarkError(*out.mutable_status(), http_proxy.status());
    const ProxyOrigin origin = DescribeProxyOrigin();
    out.set_https_proxy(*https_proxy);
    out.set_http_proxy(*http_proxy);
    for (const auto& np : origin.no_proxy) out.add_no_proxy(np);
    if (https_proxy->empty() && http_proxy->empty()) {
      out.set_mode("direct");
      out.set_origin(origin.origin);
    } else {
      // env and sysconfig are fixed proxies; anything else libproxy found in
      // desktop settings or PAC/WPAD, which it does not tell apart.
      out.set_mode(origin.origin == "system" ? "auto" : "manual");
      out.set_origin(origin.origin);
    }
    MarkOk(*out.mutable_status(), absl::StrCat("libproxy (", origin.origin, ")"));
  }

 private:
  ResolverPtr resolver_;
};

}  // namespace

std::unique_ptr<Probe> MakeProxyProbe(ResolverPtr resolver) {
  return std::make_unique<ProxyProbe>(std::move(resolver));
}

}  // namespace minspec::agent::netpath
