#include "agent/probes/network/rtc/rtc_targets.h"

#include <algorithm>

namespace minspec::agent::rtc {

absl::StatusOr<const minspec::v1::RtcTargets*> RtcTargetsOf(const ProbeContext& ctx) {
  if (ctx.baseline == nullptr || !ctx.baseline->has_rtc()) {
    return absl::FailedPreconditionError("no targets in baseline");
  }
  return &ctx.baseline->rtc();
}

absl::Duration RtcTimeout(const ProbeContext& ctx, const minspec::v1::RtcTargets& targets) {
  if (targets.timeout_ms() == 0) return ctx.timeout;
  return std::min(ctx.timeout, absl::Milliseconds(targets.timeout_ms()));
}

}  // namespace minspec::agent::rtc
