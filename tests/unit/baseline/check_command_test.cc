#include "agent/check/check_command.h"

#include <map>
#include <sstream>

#include "absl/strings/match.h"
#include "common/baseline/loader.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace minspec::agent {
namespace {

namespace bt = minspec::baseline::testing;

class CheckReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto b = minspec::baseline::LoadBaselineFile(bt::DefaultBaselinePath());
    ASSERT_TRUE(b.ok()) << b.status();
    baseline_ = *b;
    facts_ = bt::FixtureFacts("facts_ubuntu_ok.textproto");
  }
  int Report(bool json = false) {
    out_.str("");
    err_.str("");
    return ReportCheck(baseline_, facts_, json, out_, err_);
  }
  minspec::v1::Baseline baseline_;
  minspec::v1::Facts facts_;
  std::ostringstream out_, err_;
};

TEST_F(CheckReportTest, AllMustPassIsExitZeroGroupedByArea) {
  EXPECT_EQ(Report(), kCheckAllMustPass) << out_.str();
  const std::string s = out_.str();
  const size_t net = s.find("\nNETWORK\n"), hw = s.find("\nHARDWARE\n"), sw = s.find("\nSOFTWARE\n"),
               cal = s.find("\nCALENDAR\n");
  ASSERT_NE(net, std::string::npos) << s;
  ASSERT_NE(hw, std::string::npos) << s;
  ASSERT_NE(sw, std::string::npos) << s;
  ASSERT_NE(cal, std::string::npos) << s;
  EXPECT_LT(net, hw);
  EXPECT_LT(hw, sw);
  EXPECT_LT(sw, cal);
  EXPECT_TRUE(absl::StrContains(s, "Summary: ")) << s;
  EXPECT_TRUE(absl::StrContains(s, "PENDING")) << "calendar rows await attestation\n" << s;
  EXPECT_FALSE(absl::StrContains(s, "MUST failures")) << s;
}

TEST_F(CheckReportTest, MustFailureIsExitOneAndListedFirst) {
  facts_.mutable_hardware()->mutable_cpu()->set_physical_cores(1);
  EXPECT_EQ(Report(), kCheckMustFails);
  const std::string s = out_.str();
  EXPECT_TRUE(absl::StrContains(s, "MUST failures: hw.cpu")) << s;
  const size_t hw = s.find("\nHARDWARE\n");
  const size_t fail = s.find("FAIL     MUST   hw.cpu", hw);
  const size_t pass = s.find("PASS     MUST   hw.form_factor", hw);
  ASSERT_NE(fail, std::string::npos) << s;
  ASSERT_NE(pass, std::string::npos) << s;
  EXPECT_LT(fail, pass) << "the failing MUST comes first in its area";
  EXPECT_TRUE(absl::StrContains(s.substr(fail), "observed: hardware.cpu.physical_cores = 1 cores")) << s;
  EXPECT_TRUE(absl::StrContains(s.substr(fail), "expected: ")) << s;
  EXPECT_TRUE(absl::StrContains(s.substr(fail), "fix:      Replace the workstation")) << s;
  EXPECT_TRUE(absl::StrContains(s, "Exit 1")) << s;
}

TEST_F(CheckReportTest, MustUnknownIsExitThree) {
  facts_.mutable_hardware()->mutable_memory()->mutable_status()->set_code(minspec::v1::ProbeStatus::ERROR);
  facts_.mutable_hardware()->mutable_memory()->mutable_status()->set_error("/proc/meminfo: EACCES");
  EXPECT_EQ(Report(), kCheckMustUnknown);
  EXPECT_TRUE(absl::StrContains(out_.str(), "MUST unknown:  hw.ram")) << out_.str();
  // A FAIL elsewhere outranks the unknown.
  facts_.mutable_os()->set_distribution("debian");
  EXPECT_EQ(Report(), kCheckMustFails);
}

TEST_F(CheckReportTest, ShouldFailureDoesNotChangeExitCode) {
  facts_.mutable_network()->mutable_stun_udp()->set_ok(false);
  EXPECT_EQ(Report(), kCheckAllMustPass);
}

TEST_F(CheckReportTest, JsonIsACheckReportWithEnumNames) {
  facts_.mutable_os()->set_distribution("debian");
  EXPECT_EQ(Report(/*json=*/true), kCheckMustFails);
  const std::string s = out_.str();
  EXPECT_EQ(std::count(s.begin(), s.end(), '\n'), 1) << "one JSON object on one line";
  EXPECT_TRUE(absl::StrContains(s, "\"verdict\":\"PASS\"")) << s.substr(0, 400);
  EXPECT_TRUE(absl::StrContains(s, "\"verdict\":\"FAIL\"")) << s.substr(0, 400);
  minspec::v1::CheckReport report;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(s, &report).ok());
  EXPECT_EQ(report.results_size(), baseline_.requirements_size());
  EXPECT_EQ(report.facts().os().distribution(), "debian");
  EXPECT_EQ(report.baseline_name(), baseline_.name());
}

TEST(RunCheckTest, CannotRunIsExitTwo) {
  std::ostringstream out, err;
  CheckOptions missing;
  missing.baseline = bt::Fixture("no-such-baseline.textproto");
  EXPECT_EQ(RunCheck(missing, out, err), kCheckCouldNotRun);
  EXPECT_TRUE(absl::StrContains(err.str(), "no-such-baseline.textproto")) << err.str();

  std::ostringstream out2, err2;
  CheckOptions malformed;
  malformed.baseline = bt::Fixture("malformed_unknown_field.textproto");
  EXPECT_EQ(RunCheck(malformed, out2, err2), kCheckCouldNotRun);
  EXPECT_TRUE(absl::StrContains(err2.str(), "malformed_unknown_field.textproto:5:")) << err2.str();

  std::ostringstream out3, err3;
  CheckOptions bad_root;
  bad_root.baseline = bt::DefaultBaselinePath();
  bad_root.root = bt::Fixture("no-such-root");
  EXPECT_EQ(RunCheck(bad_root, out3, err3), kCheckCouldNotRun);
  EXPECT_TRUE(absl::StrContains(err3.str(), "--root")) << err3.str();
  EXPECT_TRUE(out.str().empty() && out2.str().empty() && out3.str().empty());
}

}  // namespace
}  // namespace minspec::agent

namespace minspec::agent {
namespace {

// End to end: real probes read a fixture machine (Ubuntu 22.04 laptop with a
// webcam and headset, from the hardware probes' fixtures); every network
// target is a loopback port where nothing listens, so no traffic leaves.
TEST(RunCheckTest, EndToEndOnFixtureMachineWithLoopbackTargets) {
  CheckOptions options;
  options.baseline = bt::Fixture("loopback.textproto");
  options.root = bt::SourceDir() / "tests/fixtures/hardware/laptop_webcam_headset";
  options.json = true;
  if (!std::filesystem::is_directory(options.root)) GTEST_SKIP() << options.root << " missing";
  std::ostringstream out, err;
  const int code = RunCheck(options, out, err);
  EXPECT_EQ(code, kCheckMustFails) << err.str();
  minspec::v1::CheckReport report;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(out.str(), &report).ok()) << out.str().substr(0, 300);
  EXPECT_EQ(report.results_size(), 30);
  std::map<std::string, minspec::v1::Verdict> verdict;
  for (const auto& r : report.results()) {
    EXPECT_NE(r.verdict(), minspec::v1::VERDICT_UNSPECIFIED) << r.id();
    EXPECT_FALSE(r.reason().empty()) << r.id();
    verdict[r.id()] = r.verdict();
  }
  // Nothing listens on the loopback targets: no network row may pass.
  for (const char* id : {"net.https", "net.wss", "net.allow_ips", "net.allow_domains", "net.stun_udp_3478"}) {
    EXPECT_NE(verdict[id], minspec::v1::PASS) << id;
  }
  EXPECT_EQ(verdict["os.supported"], minspec::v1::PASS) << "fixture is Ubuntu 22.04";
  EXPECT_EQ(verdict["hw.camera"], minspec::v1::PASS) << "fixture has a webcam";
  EXPECT_EQ(verdict["client.mobile_screenshare"], minspec::v1::NOT_APPLICABLE);
}

// A second baseline changes targets, never checks.
TEST(LoopbackBaselineTest, KeepsTheDefaultRequirements) {
  auto def = minspec::baseline::LoadBaselineFile(bt::DefaultBaselinePath());
  auto loop = minspec::baseline::LoadBaselineFile(bt::Fixture("loopback.textproto"));
  ASSERT_TRUE(def.ok()) << def.status();
  ASSERT_TRUE(loop.ok()) << loop.status();
  ASSERT_EQ(def->requirements_size(), loop->requirements_size());
  for (int i = 0; i < def->requirements_size(); ++i) {
    EXPECT_EQ(def->requirements(i).SerializeAsString(), loop->requirements(i).SerializeAsString())
        << def->requirements(i).id() << ": regenerate tests/fixtures/baselines/loopback.textproto";
  }
}

}  // namespace
}  // namespace minspec::agent
