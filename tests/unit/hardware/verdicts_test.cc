// What the default baseline makes of each fixture's facts: the verdicts of
// the hardware and OS requirements, through the same evaluator the agent's
// `check` and the collector use.

#include <gtest/gtest.h>

#include <map>

#include "common/baseline/evaluator.h"
#include "common/baseline/loader.h"
#include "tests/unit/hardware/fixture_facts.h"

namespace minspec::agent {
namespace {

using minspec::v1::Verdict;
using enum minspec::v1::Verdict;

struct Expectation {
  std::string fixture;
  std::map<std::string, Verdict> verdicts;
};

const std::vector<Expectation> kExpectations = {
    {"laptop_webcam_headset", {{"hw.cpu", PASS}, {"hw.ram", PASS}, {"hw.camera", PASS}, {"hw.speakers", PASS},
                               {"hw.microphone", PASS}, {"hw.form_factor", PASS}, {"os.supported", PASS}}},
    {"desktop_no_camera", {{"hw.cpu", PASS}, {"hw.ram", PASS}, {"hw.camera", FAIL}, {"hw.speakers", PASS},
                           {"hw.microphone", PASS}, {"hw.form_factor", PASS}, {"os.supported", PASS}}},
    {"thin_client", {{"hw.cpu", PASS}, {"hw.ram", PASS}, {"hw.camera", FAIL}, {"hw.speakers", PASS},
                     {"hw.microphone", PASS}, {"hw.form_factor", FAIL}, {"os.supported", PASS}}},
    {"single_core_512mb", {{"hw.cpu", FAIL}, {"hw.ram", FAIL}, {"hw.camera", PASS}, {"hw.speakers", PASS},
                           {"hw.microphone", PASS}, {"hw.form_factor", PASS}, {"os.supported", PASS}}},
    {"camera_metadata_only", {{"hw.cpu", PASS}, {"hw.ram", PASS}, {"hw.camera", FAIL}, {"hw.speakers", FAIL},
                              {"hw.microphone", PASS}, {"hw.form_factor", PASS}, {"os.supported", FAIL}}},
    {"container_no_sys", {{"hw.cpu", PASS}, {"hw.ram", PASS}, {"hw.camera", UNKNOWN}, {"hw.speakers", UNKNOWN},
                          {"hw.microphone", UNKNOWN}, {"hw.form_factor", UNKNOWN}, {"os.supported", PASS}}},
    {"vm_xrdp", {{"hw.cpu", PASS}, {"hw.ram", PASS}, {"hw.camera", FAIL}, {"hw.speakers", FAIL},
                 {"hw.microphone", FAIL}, {"hw.form_factor", FAIL}, {"os.supported", PASS}}},
    {"server_ssh_only", {{"hw.cpu", PASS}, {"hw.ram", PASS}, {"hw.camera", FAIL}, {"hw.speakers", FAIL},
                         {"hw.microphone", FAIL}, {"hw.form_factor", FAIL}, {"os.supported", FAIL}}},
};

class VerdictTest : public ::testing::TestWithParam<Expectation> {
 protected:
  static void SetUpTestSuite() {
    auto baseline = minspec::baseline::LoadBaselineFile(MINSPEC_DEFAULT_BASELINE);
    ASSERT_TRUE(baseline.ok()) << baseline.status();
    evaluator_ = new minspec::baseline::Evaluator(*std::move(baseline));
  }
  static void TearDownTestSuite() { delete evaluator_; }
  static minspec::baseline::Evaluator* evaluator_;
};
minspec::baseline::Evaluator* VerdictTest::evaluator_ = nullptr;

TEST_P(VerdictTest, HardwareAndOsVerdicts) {
  ASSERT_NE(evaluator_, nullptr);
  const auto facts = testing::CollectHardwareAndOs(testing::HardwareFixture(GetParam().fixture));
  const auto evaluation = evaluator_->Evaluate(facts);
  std::map<std::string, const minspec::v1::RequirementResult*> by_id;
  for (const auto& r : evaluation.results()) by_id[r.id()] = &r;
  for (const auto& [id, verdict] : GetParam().verdicts) {
    ASSERT_TRUE(by_id.contains(id)) << id << " not in the default baseline";
    const auto& r = *by_id[id];
    EXPECT_EQ(r.verdict(), verdict) << GetParam().fixture << " " << id << ": got "
                                    << minspec::baseline::VerdictName(r.verdict()) << " observed=" << r.observed()
                                    << " reason=" << r.reason();
    // An UNKNOWN says why, naming the file that could not be read.
    if (verdict == UNKNOWN) {
      EXPECT_NE(r.reason().find(testing::HardwareFixture(GetParam().fixture).string()), std::string::npos)
          << id << ": " << r.reason();
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllFixtures, VerdictTest, ::testing::ValuesIn(kExpectations),
                         [](const auto& info) { return info.param.fixture; });

}  // namespace
}  // namespace minspec::agent
