#pragma once

// What every RTC probe needs first: the baseline's RtcTargets and the time
// budget. Targets and thresholds come only from the baseline, never from code.

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "agent/probes/probe.h"
#include "minspec/v1/network_rtc.pb.h"

namespace minspec::agent::rtc {

// The baseline's RTC section, or FailedPrecondition("no targets in baseline").
absl::StatusOr<const minspec::v1::RtcTargets*> RtcTargetsOf(const ProbeContext& ctx);

// Per-probe budget: the baseline's timeout_ms, capped by the context's upper bound.
absl::Duration RtcTimeout(const ProbeContext& ctx, const minspec::v1::RtcTargets& targets);

}  // namespace minspec::agent::rtc
