#pragma once

// The RTC half of the network family: one probe per requirement, each
// filling its own part of Facts.network. AppendRtcProbes (families.h) adds
// them all; the factories are here so tests can run one at a time.

#include <memory>

#include "agent/probes/probe.h"

namespace minspec::agent::rtc {

std::unique_ptr<Probe> MakeStunUdpProbe();   // net.stun_udp_3478 -> network.stun_udp
std::unique_ptr<Probe> MakeStunTcpProbe();   // net.stun_tcp_3478 -> network.stun_tcp
std::unique_ptr<Probe> MakeTurnTlsProbe();   // net.turn_tls_5349 -> network.turn_tls
std::unique_ptr<Probe> MakeBandwidthProbe(); // net.bandwidth     -> network.bandwidth
std::unique_ptr<Probe> MakeQualityProbe();   // net.quality       -> network.quality

}  // namespace minspec::agent::rtc
