#include "absl/time/clock.h"
#include "agent/probes/network/rtc/rtc_probes.h"
#include "agent/probes/network/rtc/rtc_targets.h"
#include "agent/probes/network/rtc/stun_binding.h"
#include "agent/probes/status.h"

namespace minspec::agent::rtc {
namespace {

// net.stun_udp_3478: a STUN Binding over UDP to the baseline's stun_server;
// records the XOR-MAPPED-ADDRESS (the egress address the collector groups by).
class StunUdpProbe final : public Probe {
 public:
  std::string_view Name() const override { return "network.stun_udp"; }
  void Collect(const ProbeContext& ctx, minspec::v1::Facts& facts) const override {
    auto* out = facts.mutable_network()->mutable_stun_udp();
    auto targets = RtcTargetsOf(ctx);
    if (!targets.ok()) {
      MarkError(*out->mutable_status(), targets.status());
      return;
    }
    RunStunBinding((*targets)->stun_server(), StunTransport::kUdp, RtcTimeout(ctx, **targets), *out);
  }
};

}  // namespace

std::unique_ptr<Probe> MakeStunUdpProbe() { return std::make_unique<StunUdpProbe>(); }

}  // namespace minspec::agent::rtc
