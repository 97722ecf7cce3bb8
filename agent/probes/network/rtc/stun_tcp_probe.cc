#include "absl/time/clock.h"
#include "agent/probes/network/rtc/rtc_probes.h"
#include "agent/probes/network/rtc/rtc_targets.h"
#include "agent/probes/network/rtc/stun_binding.h"
#include "agent/probes/status.h"

namespace minspec::agent::rtc {
namespace {

// net.stun_tcp_3478: a STUN Binding over TCP to the baseline's stun_server;
// records the XOR-MAPPED-ADDRESS (the egress address the collector groups by).
class StunTcpProbe final : public Probe {
 public:
  std::string_view Name() const override { return "network.stun_tcp"; }
  void Collect(const ProbeContext& ctx, minspec::v1::Facts& facts) const override {
    auto* out = facts.mutable_network()->mutable_stun_tcp();
    auto targets = RtcTargetsOf(ctx);
    if (!targets.ok()) {
      MarkError(*out->mutable_status(), targets.status());
      return;
    }
    RunStunBinding((*targets)->stun_server(), StunTransport::kTcp, RtcTimeout(ctx, **targets), *out);
  }
};

}  // namespace

std::unique_ptr<Probe> MakeStunTcpProbe() { return std::make_unique<StunTcpProbe>(); }

}  // namespace minspec::agent::rtc
