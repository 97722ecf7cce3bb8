#pragma once

#include <filesystem>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "minspec/v1/baseline.pb.h"
#include "minspec/v1/facts.pb.h"
#include "minspec/v1/results.pb.h"

namespace minspec::agent {

// `minspec-agent check --baseline F [--json] [--root DIR] [--mail-domain D]`
struct CheckOptions {
  std::filesystem::path baseline;
  bool json = false;
  std::filesystem::path root = "/";
  std::string mail_domain;
};

// Exit codes, for Intune/SCCM detection scripts (docs/exit-codes.md):
inline constexpr int kCheckAllMustPass = 0;  // every MUST is PASS, ATTESTED or NOT_APPLICABLE
inline constexpr int kCheckMustFails = 1;    // at least one MUST is FAIL
inline constexpr int kCheckCouldNotRun = 2;  // bad/unreadable baseline, bad --root, internal error
inline constexpr int kCheckMustUnknown = 3;  // no MUST fails, but one could not be determined
// A MUST that is UNKNOWN only because it awaits an admin's attestation (a
// server-side row such as cal.ews_access) does not count: the workstation
// cannot change it.

// Loads the baseline, runs every probe once (RunProbeCycle(AllProbes(), ctx)),
// evaluates, prints the checklist (or --json) to `out`, errors to `err`.
int RunCheck(const CheckOptions& options, std::ostream& out, std::ostream& err);

// The parts of RunCheck after probing, for tests and other front ends.
int CheckExitCode(const minspec::v1::Evaluation& evaluation);

// Human checklist: grouped by area (network, hardware, software, calendar,
// then others), MUST failures first in each, observed vs expected and the
// remediation for everything that does not pass, and a summary line.
void PrintChecklist(const minspec::v1::Facts& facts, const minspec::v1::Evaluation& evaluation,
                    std::ostream& out);

// minspec.v1.CheckReport {facts, results} in the protobuf JSON mapping
// (enum names as strings: "verdict": "PASS").
absl::StatusOr<std::string> CheckReportJson(const minspec::v1::Facts& facts,
                                            const minspec::v1::Evaluation& evaluation);

// Evaluates `facts` against `baseline`, prints (checklist or JSON) and returns
// the exit code.
int ReportCheck(const minspec::v1::Baseline& baseline, const minspec::v1::Facts& facts, bool json,
                std::ostream& out, std::ostream& err);

}  // namespace minspec::agent
