// network.allow_domains_optional (net.allow_domains_optional): every domain of the baseline's optional_domains
// resolves and answers over HTTPS on the browser's path.
#include "agent/probes/network/path/domain_reachability.h"
#include "agent/probes/network/path/probes.h"
#include "agent/probes/network/path/reachability.h"
#include "agent/probes/network/path/targets.h"
#include "agent/probes/status.h"

namespace minspec::agent::netpath {
namespace {

class AllowDomainsOptionalProbe : public Probe {
 public:
  explicit AllowDomainsOptionalProbe(ResolverPtr resolver) : resolver_(std::move(resolver)) {}
  std::string_view Name() const override { return "network.allow_domains_optional"; }

  void Collect(const ProbeContext& ctx, minspec::v1::Facts& facts) const override {
    auto& out = *facts.mutable_network()->mutable_allow_domains_optional();
    ProbeTimer timer(out.mutable_status());
    auto targets = TargetsFrom(ctx);
    if (!targets.ok()) return MarkError(*out.mutable_status(), targets.status());
    if ((*targets)->optional_domains().empty()) {
      return MarkError(*out.mutable_status(), "no targets in baseline (optional_domains)");
    }
    CheckDomains((*targets)->optional_domains(), *ResolverOrSystem(resolver_), PerTargetTimeout(**targets, ctx), out);
  }

 private:
  ResolverPtr resolver_;
};

}  // namespace

std::unique_ptr<Probe> MakeAllowDomainsOptionalProbe(ResolverPtr resolver) { return std::make_unique<AllowDomainsOptionalProbe>(std::move(resolver)); }

}  // namespace minspec::agent::netpath
