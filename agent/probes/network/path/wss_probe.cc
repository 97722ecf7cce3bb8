// network.wss: a WebSocket upgrade over TLS through the proxy (CONNECT), and
// one frame echoed, for every baseline wss:// URL.
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "agent/probes/network/path/concurrency.h"
#include "agent/probes/network/path/probes.h"
#include "agent/probes/network/path/reachability.h"
#include "agent/probes/network/path/targets.h"
#include "agent/probes/network/path/tls_stream.h"
#include "agent/probes/network/path/tunnel.h"
#include "agent/probes/network/path/websocket.h"
#include "agent/probes/status.h"

namespace minspec::agent::netpath {
namespace {

class WssProbe : public Probe {
 public:
  explicit WssProbe(ResolverPtr resolver) : resolver_(std::move(resolver)) {}
  std::string_view Name() const override { return "network.wss"; }

  void Collect(const ProbeContext& ctx, minspec::v1::Facts& facts) const override {
    auto& out = *facts.mutable_network()->mutable_wss();
    ProbeTimer timer(out.mutable_status());
    auto targets = TargetsFrom(ctx);
    if (!targets.ok()) return MarkError(*out.mutable_status(), targets.status());
    const auto& urls = (*targets)->wss_urls();
    if (urls.empty()) return MarkError(*out.mutable_status(), "no targets in baseline (wss_urls)");
    const absl::Duration timeout = PerTargetTimeout(**targets, ctx);
    auto resolver = ResolverOrSystem(resolver_);
    std::vector<minspec::v1::EndpointCheck> checks(urls.size());
    ForEachConcurrently(urls.size(), [&](size_t i) { Check(urls[i], *resolver, timeout, checks[i]); });
    FinishReachability(std::move(checks), "WebSocket over TLS", out);
  }

 private:
  static void Check(const std::string& url, const ProxyResolver& resolver, absl::Duration timeout,
                    minspec::v1::EndpointCheck& check) {
    check.set_target(url);
    const absl::Time start = absl::Now();
    const absl::Time deadline = start + timeout;
    absl::StatusOr<UrlParts> parts = ParseUrl(url);
    if (!parts.ok()) return check.set_detail(std::string(parts.status().message()));
    if (parts->scheme != "wss") return check.set_detail("only wss:// URLs are probed");
    // The browser's proxy choice for the equivalent https:// URL.
    const bool v6 = parts->host.find(':') != std::string::npos;
    const std::string authority =
        absl::StrCat(v6 ? "[" : "", parts->host, v6 ? "]" : "", parts->port == 443 ? "" : absl::StrCat(":", parts->port));
    absl::StatusOr<std::string> proxy = resolver.ProxyFor(absl::StrCat("https://", authority, "/"));
    if (!proxy.ok()) return check.set_detail(absl::StrCat("proxy discovery: ", proxy.status().message()));
    check.set_via_proxy(*proxy);
    int connect_status = 0;
    auto tunnel = Tunnel::Open(parts->host, parts->port, *proxy, timeout, &connect_status);
    if (connect_status > 0) check.set_http_status(connect_status);
    if (!tunnel.ok()) return check.set_detail(std::string(tunnel.status().message()));
    check.set_resolved_address((*tunnel)->peer_address());
    auto tls = TlsStream::Handshake((*tunnel)->fd(), parts->host, deadline);
    if (!tls.ok()) return check.set_detail(std::string(tls.status().message()));
    std::string detail;
    absl::Status echo = WebSocketEcho(**tls, authority, parts->path_and_query, deadline, &detail);
    check.set_latency_ms(absl::ToInt64Milliseconds(absl::Now() - start));
    if (!echo.ok()) return check.set_detail(std::string(echo.message()));
    check.set_http_status(101);
    check.set_ok(true);
    check.set_detail(detail);
  }

  ResolverPtr resolver_;
};

}  // namespace

std::unique_ptr<Probe> MakeWssProbe(ResolverPtr resolver) {
  return std::make_unique<WssProbe>(std::move(resolver));
}

}  // namespace minspec::agent::netpath
