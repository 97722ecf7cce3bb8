// network.allow_ips: a TCP connect to a probe address inside every
// whitelisted CIDR range, and the address really lies in its range.
#include "agent/probes/network/path/cidr.h"
#include "agent/probes/network/path/concurrency.h"
#include "agent/probes/network/path/probes.h"
#include "agent/probes/network/path/reachability.h"
#include "agent/probes/network/path/targets.h"
#include "agent/probes/network/path/tcp_target.h"
#include "agent/probes/status.h"

namespace minspec::agent::netpath {
namespace {

class AllowIpsProbe : public Probe {
 public:
  std::string_view Name() const override { return "network.allow_ips"; }

  void Collect(const ProbeContext& ctx, minspec::v1::Facts& facts) const override {
    auto& out = *facts.mutable_network()->mutable_allow_ips();
    ProbeTimer timer(out.mutable_status());
    auto targets = TargetsFrom(ctx);
    if (!targets.ok()) return MarkError(*out.mutable_status(), targets.status());
    const auto& ranges = (*targets)->allow_ranges();
    if (ranges.empty()) return MarkError(*out.mutable_status(), "no targets in baseline (allow_ranges)");
    const absl::Duration timeout = PerTargetTimeout(**targets, ctx);
    std::vector<minspec::v1::EndpointCheck> checks(ranges.size());
    ForEachConcurrently(ranges.size(), [&](size_t i) {
      const auto& r = ranges[i];
      absl::StatusOr<Cidr> cidr = ParseCidr(r.cidr());
      if (!cidr.ok()) {
        checks[i].set_target(r.probe_address());
        checks[i].set_range(r.cidr());
        checks[i].set_detail(std::string(cidr.status().message()));
        return;
      }
      CheckTcpTarget(r.probe_address(), &*cidr, r.cidr(), timeout, checks[i]);
    });
    FinishReachability(std::move(checks), "TCP connect", out);
  }
};

}  // namespace

std::unique_ptr<Probe> MakeAllowIpsProbe() { return std::make_unique<AllowIpsProbe>(); }

}  // namespace minspec::agent::netpath
