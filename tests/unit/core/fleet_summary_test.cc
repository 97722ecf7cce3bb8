#include "collector/aggregation/fleet_summary.h"

#include <gtest/gtest.h>

namespace minspec::collector {
namespace {
namespace v1 = minspec::v1;

HostState HostWith(std::vector<std::pair<v1::Severity, v1::Verdict>> verdicts) {
  HostState h;
  h.host.host_id = "h";
  v1::Evaluation e;
  int i = 0;
  for (auto [sev, verdict] : verdicts) {
    auto* r = e.add_results();
    r->set_id(i++ == 0 ? "a" : "b");
    r->set_severity(sev);
    r->set_verdict(verdict);
  }
  h.evaluation = e;
  return h;
}

TEST(FleetSummary, CountsVerdictsPerRequirementAndCompliance) {
  v1::Baseline b;
  b.add_requirements()->set_id("a");
  b.mutable_requirements(0)->set_severity(v1::MUST);
  b.add_requirements()->set_id("b");
  b.mutable_requirements(1)->set_severity(v1::SHOULD);
  std::vector<HostState> hosts = {
      HostWith({{v1::MUST, v1::PASS}, {v1::SHOULD, v1::FAIL}}),
      HostWith({{v1::MUST, v1::UNKNOWN}, {v1::SHOULD, v1::PASS}}),
      HostWith({{v1::MUST, v1::ATTESTED}, {v1::SHOULD, v1::NOT_APPLICABLE}}),
      HostState{},  // enrolled, never reported
  };
  auto s = SummarizeFleet(b, hosts);
  EXPECT_EQ(s.host_count(), 4u);
  EXPECT_EQ(s.compliant_hosts(), 2u) << "UNKNOWN on a MUST is not compliant";
  EXPECT_EQ(s.requirements(0).counts().pass(), 1u);
  EXPECT_EQ(s.requirements(0).counts().unknown(), 1u);
  EXPECT_EQ(s.requirements(0).counts().attested(), 1u);
  EXPECT_EQ(s.requirements(1).counts().fail(), 1u);
  EXPECT_EQ(s.requirements(1).counts().not_applicable(), 1u);
  EXPECT_FALSE(IsCompliant(v1::Evaluation{})) << "no evaluation is not compliance";
}

}  // namespace
}  // namespace minspec::collector
