// network.tls_inspection: the chain each listed host:port presents on the
// browser's path (through the proxy via CONNECT) must be the real one, not
// re-signed by an inspection gateway's CA.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "agent/probes/network/path/concurrency.h"
#include "agent/probes/network/path/probes.h"
#include "agent/probes/network/path/reachability.h"
#include "agent/probes/network/path/targets.h"
#include "agent/probes/network/path/tls_chain.h"
#include "agent/probes/network/path/tls_stream.h"
#include "agent/probes/network/path/tunnel.h"
#include "agent/probes/status.h"

namespace minspec::agent::netpath {
namespace {

class TlsInspectionProbe : public Probe {
 public:
  explicit TlsInspectionProbe(ResolverPtr resolver) : resolver_(std::move(resolver)) {}
  std::string_view Name() const override { return "network.tls_inspection"; }

  void Collect(const ProbeContext& ctx, minspec::v1::Facts& facts) const override {
    auto& out = *facts.mutable_network()->mutable_tls_inspection();
    ProbeTimer timer(out.mutable_status());
    auto targets = TargetsFrom(ctx);
    if (!targets.ok()) return MarkError(*out.mutable_status(), targets.status());
    const auto& t = **targets;
    if (t.tls_inspection_targets().empty()) {
      return MarkError(*out.mutable_status(), "no targets in baseline (tls_inspection_targets)");
    }
    const absl::Duration timeout = PerTargetTimeout(t, ctx);
    const std::vector<std::string> pins(t.spki_pins().begin(), t.spki_pins().end());
    auto resolver = ResolverOrSystem(resolver_);
    const int n = t.tls_inspection_targets_size();
    std::vector<minspec::v1::TlsChain> chains(n);
    std::vector<std::string> errors(n);
    ForEachConcurrently(n, [&](size_t i) {
      const std::string& target = t.tls_inspection_targets(i);
      chains[i].set_target(target);
      absl::Status s = Inspect(target, pins, t.extra_trusted_roots_file(), *resolver, timeout, chains[i]);
      if (!s.ok()) {
        errors[i] = std::string(s.message());
        chains[i].set_detail(errors[i]);
      }
    });

    std::vector<std::string> intercepted;
    std::vector<std::string> unmeasured;
    std::string issuer;
    for (int i = 0; i < n; ++i) {
      if (!errors[i].empty()) {
        unmeasured.push_back(absl::StrCat(chains[i].target(), ": ", errors[i]));
      } else if (chains[i].intercepted()) {
        intercepted.push_back(chains[i].target());
        if (issuer.empty()) issuer = chains[i].issuer();
      }
      *out.add_chains() = std::move(chains[i]);
    }
    if (!intercepted.empty()) {
      out.set_ok(false);
      out.set_intercepted(true);
      out.set_intercepting_issuer(issuer);
      out.set_summary(absl::StrCat("re-signed by ", issuer, " for ", absl::StrJoin(intercepted, ", ")));
      return MarkOk(*out.mutable_status(), "TLS handshake, chain verified with OpenSSL");
    }
    if (!unmeasured.empty()) {
      // A chain that could not be fetched might be intercepted: no pass.
      return MarkError(*out.mutable_status(),
                       absl::StrCat("could not inspect ", unmeasured.size(), " of ", n, ": ",
                                    absl::StrJoin(unmeasured, "; ")));
    }
    out.set_ok(true);
    out.set_intercepted(false);
    out.set_summary(absl::StrCat("all ", n, " chains verify to trusted roots"));
    MarkOk(*out.mutable_status(), "TLS handshake, chain verified with OpenSSL");
  }

 private:
  static absl::Status Inspect(const std::string& target, const std::vector<std::string>& pins,
                              const std::string& extra_roots, const ProxyResolver& resolver,
                              absl::Duration timeout, minspec::v1::TlsChain& chain) {
    std::string host;
    int port = 0;
    if (absl::Status s = SplitHostPort(target, &host, &port); !s.ok()) return s;
    const absl::Time deadline = absl::Now() + timeout;
    const bool v6 = host.find(':') != std::string::npos;
    absl::StatusOr<std::string> proxy =
        resolver.ProxyFor(absl::StrCat("https://", v6 ? "[" : "", host, v6 ? "]" : "", ":", port, "/"));
    if (!proxy.ok()) return absl::Status(proxy.status().code(), absl::StrCat("proxy discovery: ", proxy.status().message()));
    auto tunnel = Tunnel::Open(host, port, *proxy, timeout);
    if (!tunnel.ok()) return tunnel.status();
    auto tls = TlsStream::Handshake((*tunnel)->fd(), host, deadline);
    if (!tls.ok()) return tls.status();
    return AnalyzeChain((*tls)->PeerChainDer(), host, pins, extra_roots, chain);
  }

  ResolverPtr resolver_;
};

}  // namespace

std::unique_ptr<Probe> MakeTlsInspectionProbe(ResolverPtr resolver) {
  return std::make_unique<TlsInspectionProbe>(std::move(resolver));
}

}  // namespace minspec::agent::netpath
