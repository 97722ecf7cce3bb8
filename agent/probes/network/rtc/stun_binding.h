#pragma once

// One STUN Binding transaction (RFC 8489) to host:port over UDP or TCP, the
// shared core of net.stun_udp_3478 and net.stun_tcp_3478.

#include <optional>
#include <string>

#include "absl/time/time.h"
#include "agent/probes/network/rtc/stun_message.h"
#include "minspec/v1/network_rtc.pb.h"

namespace minspec::agent::rtc {

enum class StunTransport { kUdp, kTcp };

// Fills `out` (status, ok, summary, server, transport, mapped_address, rtt_ms).
// A server that is unreachable, silent or answers garbage is a fact:
// status OK, ok=false, summary says why. A target that cannot be parsed is ERROR.
void RunStunBinding(const std::string& server, StunTransport transport, absl::Duration timeout,
                    minspec::v1::StunFacts& out);

}  // namespace minspec::agent::rtc
