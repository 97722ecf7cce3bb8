#include "common/baseline/lint.h"

#include <sstream>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace minspec::baseline {
namespace {

using minspec::v1::Baseline;
using testing::Fixture;
using testing::ParseText;

// Findings of one severity for one requirement, joined for matching.
std::string FindingsFor(const std::vector<LintFinding>& all, const std::string& id,
                        const std::string& severity = "error") {
  std::string out;
  for (const auto& f : all) {
    if (f.requirement_id == id && f.severity == severity) out += f.message + "\n";
  }
  return out;
}

TEST(LintTest, DefaultBaselineHasNoErrorsOrWarnings) {
  std::ostringstream out, err;
  EXPECT_EQ(RunBaselineLint(testing::DefaultBaselinePath(), out, err), 0) << out.str() << err.str();
  EXPECT_TRUE(absl::StrContains(out.str(), "0 error(s), 0 warning(s)")) << out.str();
}

TEST(LintTest, ReportsImpossibleConditions) {
  auto text = minspec::io::ReadFile(Fixture("impossible.textproto"));
  ASSERT_TRUE(text.ok());
  const auto findings = LintBaseline(ParseText<Baseline>(*text));
  EXPECT_TRUE(absl::StrContains(FindingsFor(findings, "a.range"), "can never both hold")) << FindingsFor(findings, "a.range");
  EXPECT_TRUE(absl::StrContains(FindingsFor(findings, "b.browser"), "min_version 60 is not below below_version 52"));
  EXPECT_TRUE(absl::StrContains(FindingsFor(findings, "c.count"), "not a repeated field"));
  EXPECT_TRUE(absl::StrContains(FindingsFor(findings, "d.ref"), "unknown requirement 'no.such'"));
  const std::string cycle = FindingsFor(findings, "e.cycle1") + FindingsFor(findings, "e.cycle2");
  EXPECT_TRUE(absl::StrContains(cycle, "cycle")) << cycle;
}

TEST(LintTest, CompatibleBoundsAreNotFlagged) {
  const auto b = ParseText<Baseline>(R"pb(
    requirements { id: "ok" severity: MUST area: "hardware" title: "t" sheet_says: "s" remediation: "r"
      check { all {
        checks { compare { fact: "hardware.cpu.physical_cores" op: GE value: 2 } }
        checks { compare { fact: "hardware.cpu.physical_cores" op: LE value: 2 } }
      } } })pb");
  EXPECT_EQ(FindingsFor(LintBaseline(b), "ok"), "");
}

TEST(LintTest, ReportsUnknownFactsAndTypeMismatches) {
  const auto b = ParseText<Baseline>(R"pb(
    requirements { id: "x" severity: MUST area: "hardware" title: "t" sheet_says: "s" remediation: "r"
      check { all {
        checks { compare { fact: "hardware.cpu.ghz" op: GE value: 2 } }
        checks { compare { fact: "os.family" op: GE value: 2 } }
        checks { equals { fact: "hardware.cpu.physical_cores" bool_value: true } }
        checks { probe_ok { fact: "hardware.cpu.model" } }
        checks { compare { fact: "browsers.profiles.javascript_enabled" op: GE value: 1 } }
        checks { each { fact: "browsers.profiles" check { equals { fact: "no_such_pref" bool_value: true } } } }
      } } }
    requirements { id: "x" severity: MUST area: "hardware" title: "t" sheet_says: "s" remediation: "r"
      check { constant { verdict: PASS } } }
    requirements { id: "y" area: "moon" }
  )pb");
  const auto findings = LintBaseline(b);
  const std::string x = FindingsFor(findings, "x");
  EXPECT_TRUE(absl::StrContains(x, "has no field 'ghz'")) << x;
  EXPECT_TRUE(absl::StrContains(x, "os.family is not a single number")) << x;
  EXPECT_TRUE(absl::StrContains(x, "is not a single bool")) << x;
  EXPECT_TRUE(absl::StrContains(x, "not a probe message")) << x;
  EXPECT_TRUE(absl::StrContains(x, "crosses the repeated field 'profiles'")) << x;
  EXPECT_TRUE(absl::StrContains(x, "BrowserProfile has no field 'no_such_pref'")) << x;
  EXPECT_TRUE(absl::StrContains(x, "duplicate id 'x'")) << x;
  const std::string y = FindingsFor(findings, "y");
  EXPECT_TRUE(absl::StrContains(y, "no severity")) << y;
  EXPECT_TRUE(absl::StrContains(y, "empty check")) << y;
  EXPECT_TRUE(absl::StrContains(FindingsFor(findings, "y", "warning"), "unknown area 'moon'"));
}

TEST(LintTest, CommandExitCodes) {
  std::ostringstream out, err;
  EXPECT_EQ(RunBaselineLint(Fixture("impossible.textproto"), out, err), 1);
  EXPECT_TRUE(absl::StrContains(out.str(), "error: [a.range]")) << out.str();
  std::ostringstream out2, err2;
  EXPECT_EQ(RunBaselineLint(Fixture("malformed_syntax.textproto"), out2, err2), 2);
  EXPECT_TRUE(absl::StrContains(err2.str(), "malformed_syntax.textproto:6:")) << err2.str();
  std::ostringstream out3, err3;
  EXPECT_EQ(RunBaselineLint(Fixture("missing.textproto"), out3, err3), 2);
  EXPECT_TRUE(absl::StrContains(err3.str(), "cannot read")) << err3.str();
}

}  // namespace
}  // namespace minspec::baseline
