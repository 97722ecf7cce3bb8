// network.allow_domains (net.allow_domains): every domain of the baseline's allow_domains
// resolves and answers over HTTPS on the browser's path.
#include "agent/probes/network/path/domain_reachability.h"
#include "agent/probes/network/path/probes.h"
#include "agent/probes/network/path/reachability.h"
#include "agent/probes/network/path/targets.h"
#include "agent/probes/status.h"

namespace minspec::agent::netpath {
namespace {

class AllowDomainsProbe : public Probe {
 public:
  explicit AllowDomainsProbe(ResolverPtr resolver) : resolver_(std::move(resolver)) {}
  std::string_view Name() const override { return "network.allow_domains"; }

  void Collect(const ProbeContext& ctx, minspec::v1::Facts& facts) const override {
    auto& out = *facts.mutable_network()->mutable_allow_domains();
    ProbeTimer timer(out.mutable_status());
    auto targets = TargetsFrom(ctx);
    if (!targets.ok()) return MarkError(*out.mutable_status(), targets.status());
    if ((*targets)->allow_domains().empty()) {
      return MarkError(*out.mutable_status(), "no targets in baseline (allow_domains)");
    }
    CheckDomains((*targets)->allow_domains(), *ResolverOrSystem(resolver_), PerTargetTimeout(**targets, ctx), out);
  }

 private:
  ResolverPtr resolver_;
};

}  // namespace

std::unique_ptr<Probe> MakeAllowDomainsProbe(ResolverPtr resolver) { return std::make_unique<AllowDomainsProbe>(std::move(resolver)); }

}  // namespace minspec::agent::netpath
