#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "minspec/v1/baseline.pb.h"
#include "minspec/v1/facts.pb.h"
#include "minspec/v1/results.pb.h"

namespace minspec::baseline {

// The one evaluator: the agent's `check` and the collector both use it, so a
// workstation and the fleet view never disagree.
//
// Verdict rules (see docs/exit-codes.md and deploy/baselines/default.textproto):
//  - a fact whose probe status (nearest enclosing `status` along its path) is
//    not OK is UNKNOWN with the probe's error as reason; an unset optional
//    field is UNKNOWN "not collected". Nothing passes by default.
//  - all: FAIL if any FAIL, else UNKNOWN if any UNKNOWN, else PASS/ATTESTED;
//    children that are NOT_APPLICABLE are ignored (all of them: NOT_APPLICABLE).
//  - any: PASS if any PASS, else ATTESTED, else UNKNOWN, else FAIL.
//  - when: NOT_APPLICABLE unless the condition passes; UNKNOWN if it is unknown.
//  - attestation: ATTESTED when an attestation names the requirement and this
//    host (or the whole fleet, host_id empty); otherwise UNKNOWN with
//    awaiting_attestation set.
// Fact paths inside each/count are relative to the element; a leading "/"
// names a fact from the root Facts instead.
class Evaluator {
 public:
  explicit Evaluator(minspec::v1::Baseline baseline);

  // Results in baseline order. Thread-safe (const, no shared mutable state).
  minspec::v1::Evaluation Evaluate(
      const minspec::v1::Facts& facts,
      const std::vector<minspec::v1::Attestation>& attestations = {}) const;

  const minspec::v1::Baseline& baseline() const { return baseline_; }

 private:
  minspec::v1::Baseline baseline_;
  std::unordered_map<std::string, int> index_;  // requirement id -> position
};

// Display names, e.g. "PASS", "MUST".
std::string VerdictName(minspec::v1::Verdict v);
std::string SeverityName(minspec::v1::Severity s);

}  // namespace minspec::baseline
