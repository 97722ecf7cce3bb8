// network.allow_tokbox_ips: a TCP connect to every address of the streaming
// vendor's published whitelist, as the baseline carries it.
#include "absl/strings/str_cat.h"
#include "agent/probes/network/path/concurrency.h"
#include "agent/probes/network/path/probes.h"
#include "agent/probes/network/path/reachability.h"
#include "agent/probes/network/path/targets.h"
#include "agent/probes/network/path/tcp_target.h"
#include "agent/probes/status.h"

namespace minspec::agent::netpath {
namespace {

class AllowTokboxIpsProbe : public Probe {
 public:
  std::string_view Name() const override { return "network.allow_tokbox_ips"; }

  void Collect(const ProbeContext& ctx, minspec::v1::Facts& facts) const override {
    auto& out = *facts.mutable_network()->mutable_allow_tokbox_ips();
    ProbeTimer timer(out.mutable_status());
    auto targets = TargetsFrom(ctx);
    if (!targets.ok()) return MarkError(*out.mutable_status(), targets.status());
    const auto& addresses = (*targets)->tokbox_addresses();
    if (addresses.empty()) return MarkError(*out.mutable_status(), "no targets in baseline (tokbox_addresses)");
    const absl::Duration timeout = PerTargetTimeout(**targets, ctx);
    std::vector<minspec::v1::EndpointCheck> checks(addresses.size());
    ForEachConcurrently(addresses.size(), [&](size_t i) {
      CheckTcpTarget(addresses[i], nullptr, "", timeout, checks[i]);
    });
    const std::string& source = (*targets)->tokbox_whitelist_source();
    FinishReachability(std::move(checks),
                       source.empty() ? "TCP connect" : absl::StrCat("TCP connect (list: ", source, ")"), out);
  }
};

}  // namespace

std::unique_ptr<Probe> MakeAllowTokboxIpsProbe() { return std::make_unique<AllowTokboxIpsProbe>(); }

}  // namespace minspec::agent::netpath
