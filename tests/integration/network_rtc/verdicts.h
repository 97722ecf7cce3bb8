#pragma once

// The default baseline's requirements with this test's RTC targets, and the
// verdict the one evaluator gives a requirement for the probes' facts.

#include <string>

#include "common/baseline/evaluator.h"
#include "common/baseline/loader.h"

namespace minspec::rtc_test {

inline absl::StatusOr<minspec::v1::Baseline> DefaultBaselineWith(const minspec::v1::RtcTargets& rtc) {
  auto b = minspec::baseline::LoadBaselineFile(MINSPEC_SOURCE_DIR "/deploy/baselines/default.textproto");
  if (!b.ok()) return b.status();
  *b->mutable_rtc() = rtc;
  return b;
}

inline minspec::v1::RequirementResult ResultFor(const minspec::v1::Baseline& baseline,
                                                const minspec::v1::Facts& facts, const std::string& id) {
  const auto eval = minspec::baseline::Evaluator(baseline).Evaluate(facts);
  for (const auto& r : eval.results()) {
    if (r.id() == id) return r;
  }
  minspec::v1::RequirementResult missing;
  missing.set_id(id);
  missing.set_reason("requirement not in the baseline");
  return missing;
}

}  // namespace minspec::rtc_test
