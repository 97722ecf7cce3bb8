#include "agent/probes/network/rtc/rtc_probes.h"

#include "agent/probes/families.h"

namespace minspec::agent {

void AppendRtcProbes(ProbeList& probes) {
  probes.push_back(rtc::MakeStunUdpProbe());
  probes.push_back(rtc::MakeStunTcpProbe());
  probes.push_back(rtc::MakeTurnTlsProbe());
  probes.push_back(rtc::MakeBandwidthProbe());
  probes.push_back(rtc::MakeQualityProbe());
}

}  // namespace minspec::agent
