#include "agent/check/check_command.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <exception>
#include <map>
#include <system_error>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "agent/probes/probe.h"
#include "common/baseline/evaluator.h"
#include "common/baseline/loader.h"
#include "google/protobuf/util/json_util.h"

namespace minspec::agent {
namespace {

namespace v1 = minspec::v1;
using minspec::baseline::SeverityName;
using minspec::baseline::VerdictName;

bool Passing(v1::Verdict v) { return v == v1::PASS || v == v1::ATTESTED || v == v1::NOT_APPLICABLE; }

// Order inside an area: what needs attention first, MUST failures on top.
int Rank(const v1::RequirementResult& r) {
  const int sev = r.severity() == v1::MUST ? 0 : r.severity() == v1::SHOULD ? 1 : 2;
  if (r.verdict() == v1::FAIL) return sev * 2;
  if (r.verdict() == v1::UNKNOWN && !r.awaiting_attestation()) return sev * 2 + 1;
  if (r.verdict() == v1::UNKNOWN) return 6;
  return 7;
}

std::string Label(const v1::RequirementResult& r) {
  if (r.verdict() == v1::UNKNOWN && r.awaiting_attestation()) return "PENDING";
  if (r.verdict() == v1::NOT_APPLICABLE) return "N/A";
  return VerdictName(r.verdict());
}

int AreaOrder(const std::string& area) {
  static const std::vector<std::string> order = {"network", "hardware", "software", "calendar"};
  auto it = std::find(order.begin(), order.end(), area);
  return it == order.end() ? static_cast<int>(order.size()) : static_cast<int>(it - order.begin());
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

int CheckExitCode(const v1::Evaluation& evaluation) {
  bool must_unknown = false;
  for (const auto& r : evaluation.results()) {
    if (r.severity() != v1::MUST) continue;
    if (r.verdict() == v1::FAIL) return kCheckMustFails;
    if (r.verdict() == v1::UNKNOWN && !r.awaiting_attestation()) must_unknown = true;
    if (r.verdict() == v1::VERDICT_UNSPECIFIED) must_unknown = true;
  }
  return must_unknown ? kCheckMustUnknown : kCheckAllMustPass;
}

void PrintChecklist(const v1::Facts& facts, const v1::Evaluation& evaluation, std::ostream& out) {
  const std::string host = !facts.host().hostname().empty() ? facts.host().hostname() : std::string("this workstation");
  out << "minspec check: " << host << " against baseline " << evaluation.baseline_name();
  if (!evaluation.baseline_version().empty()) out << " (" << evaluation.baseline_version() << ")";
  out << "\n";

  std::vector<std::string> must_fail, must_unknown;
  for (const auto& r : evaluation.results()) {
    if (r.severity() != v1::MUST) continue;
    if (r.verdict() == v1::FAIL) must_fail.push_back(r.id());
    if (r.verdict() == v1::UNKNOWN && !r.awaiting_attestation()) must_unknown.push_back(r.id());
  }
  if (!must_fail.empty()) out << "MUST failures: " << absl::StrJoin(must_fail, ", ") << "\n";
  if (!must_unknown.empty()) out << "MUST unknown:  " << absl::StrJoin(must_unknown, ", ") << "\n";

  std::map<std::pair<int, std::string>, std::vector<const v1::RequirementResult*>> areas;
  for (const auto& r : evaluation.results()) areas[{AreaOrder(r.area()), r.area()}].push_back(&r);

  for (auto& [key, rows] : areas) {
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto* a, const auto* b) { return Rank(*a) < Rank(*b); });
    out << "\n" << Upper(key.second.empty() ? std::string("other") : key.second) << "\n";
    for (const v1::RequirementResult* r : rows) {
      char head[160];
      std::snprintf(head, sizeof head, "  %-8s %-6s %-30s ", Label(*r).c_str(), SeverityName(r->severity()).c_str(),
                    r->id().c_str());
      out << head << r->title() << "\n";
      if (!r->observed().empty()) out << "           observed: " << r->observed() << "\n";
      if (Passing(r->verdict())) continue;
      if (!r->expected().empty()) out << "           expected: " << r->expected() << "\n";
      if (!r->reason().empty() && r->reason() != r->observed()) {
        out << "           why:      " << r->reason() << "\n";
      }
      if (!r->remediation().empty()) out << "           fix:      " << r->remediation() << "\n";
    }
  }

  std::map<v1::Verdict, int> count;
  int pending = 0;
  for (const auto& r : evaluation.results()) {
    if (r.verdict() == v1::UNKNOWN && r.awaiting_attestation()) ++pending;
    else ++count[r.verdict()];
  }
  const int code = CheckExitCode(evaluation);
  out << "\nSummary: " << evaluation.results_size() << " requirements: " << count[v1::PASS] << " pass, "
      << count[v1::FAIL] << " fail (" << must_fail.size() << " MUST), " << count[v1::UNKNOWN] << " unknown ("
      << must_unknown.size() << " MUST), " << count[v1::NOT_APPLICABLE] << " not applicable, " << count[v1::ATTESTED]
      << " attested, " << pending << " awaiting attestation. ";
  switch (code) {
    case kCheckAllMustPass: out << "Exit 0: every MUST requirement is met.\n"; break;
    case kCheckMustFails: out << "Exit 1: a MUST requirement fails.\n"; break;
    default: out << "Exit 3: no MUST fails, but a MUST could not be determined.\n"; break;
  }
}

absl::StatusOr<std::string> CheckReportJson(const v1::Facts& facts, const v1::Evaluation& evaluation) {
  v1::CheckReport report;
  *report.mutable_facts() = facts;
  *report.mutable_results() = evaluation.results();
  report.set_baseline_name(evaluation.baseline_name());
  report.set_baseline_version(evaluation.baseline_version());
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = false;
  auto status = google::protobuf::util::MessageToJsonString(report, &json, options);
  if (!status.ok()) return absl::InternalError(absl::StrCat("JSON: ", std::string(status.message())));
  return json;
}

int ReportCheck(const v1::Baseline& baseline, const v1::Facts& facts, bool json, std::ostream& out,
                std::ostream& err) {
  const minspec::baseline::Evaluator evaluator(baseline);
  const v1::Evaluation evaluation = evaluator.Evaluate(facts);
  if (json) {
    auto text = CheckReportJson(facts, evaluation);
    if (!text.ok()) {
      err << "check: " << text.status().message() << "\n";
      return kCheckCouldNotRun;
    }
    out << *text << "\n";
  } else {
    PrintChecklist(facts, evaluation, out);
  }
  return CheckExitCode(evaluation);
}

int RunCheck(const CheckOptions& options, std::ostream& out, std::ostream& err) {
  try {
    auto baseline = minspec::baseline::LoadBaselineFile(options.baseline);
    if (!baseline.ok()) {
      err << "check: " << baseline.status().message() << "\n";
      return kCheckCouldNotRun;
    }
    std::error_code ec;
    if (!std::filesystem::is_directory(options.root, ec)) {
      err << "check: --root " << options.root.string() << " is not a directory\n";
      return kCheckCouldNotRun;
    }
    ProbeContext ctx;
    ctx.root = options.root;
    ctx.baseline = &*baseline;
    ctx.mail_domain = options.mail_domain;
    const v1::Facts facts = RunProbeCycle(AllProbes(), ctx);
    return ReportCheck(*baseline, facts, options.json, out, err);
  } catch (const std::exception& e) {
    err << "check: internal error: " << e.what() << "\n";
    return kCheckCouldNotRun;
  }
}

}  // namespace minspec::agent
