#include "collector/aggregation/fleet_summary.h"

#include "absl/container/flat_hash_map.h"

namespace minspec::collector {
namespace v1 = minspec::v1;

bool IsCompliant(const v1::Evaluation& evaluation) {
  if (evaluation.results().empty()) return false;
  for (const auto& r : evaluation.results()) {
    if (r.severity() != v1::MUST) continue;
    if (r.verdict() != v1::PASS && r.verdict() != v1::ATTESTED &&
        r.verdict() != v1::NOT_APPLICABLE)
      return false;
  }
  return true;
}

v1::HostSummary SummarizeHost(const HostState& host) {
  v1::HostSummary s;
  s.set_host_id(host.host.host_id);
  s.set_hostname(host.host.hostname);
  s.mutable_enrolled_at()->set_seconds(absl::ToUnixSeconds(host.host.enrolled_at));
  if (host.host.last_report_at)
    s.mutable_last_report_at()->set_seconds(absl::ToUnixSeconds(*host.host.last_report_at));
  s.set_last_seq(host.host.last_seq);
  if (!host.evaluation) return s;
  s.set_compliant(IsCompliant(*host.evaluation));
  for (const auto& r : host.evaluation->results()) {
    if (r.verdict() == v1::FAIL && r.severity() == v1::MUST) s.set_must_failed(s.must_failed() + 1);
    if (r.verdict() == v1::FAIL && r.severity() == v1::SHOULD)
      s.set_should_failed(s.should_failed() + 1);
    if (r.verdict() == v1::UNKNOWN) s.set_unknown(s.unknown() + 1);
  }
  return s;
}

v1::FleetSummary SummarizeFleet(const v1::Baseline& baseline, const std::vector<HostState>& hosts) {
  v1::FleetSummary out;
  out.set_baseline_name(baseline.name());
  out.set_baseline_version(baseline.version());
  out.set_host_count(static_cast<uint32_t>(hosts.size()));
  absl::flat_hash_map<std::string, v1::RequirementSummary*> by_id;
  for (const auto& req : baseline.requirements()) {
    auto* rs = out.add_requirements();
    rs->set_id(req.id());
    rs->set_severity(req.severity());
    rs->set_title(req.title());
    rs->mutable_counts();
    by_id[req.id()] = rs;
  }
  for (const auto& host : hosts) {
    if (!host.evaluation) continue;
    if (IsCompliant(*host.evaluation)) out.set_compliant_hosts(out.compliant_hosts() + 1);
    for (const auto& r : host.evaluation->results()) {
      auto it = by_id.find(r.id());
      if (it == by_id.end()) continue;  // evaluated under an older baseline
      auto* c = it->second->mutable_counts();
      switch (r.verdict()) {
        case v1::PASS: c->set_pass(c->pass() + 1); break;
        case v1::FAIL: c->set_fail(c->fail() + 1); break;
        case v1::NOT_APPLICABLE: c->set_not_applicable(c->not_applicable() + 1); break;
        case v1::ATTESTED: c->set_attested(c->attested() + 1); break;
        default: c->set_unknown(c->unknown() + 1); break;
      }
    }
  }
  return out;
}

}  // namespace minspec::collector
