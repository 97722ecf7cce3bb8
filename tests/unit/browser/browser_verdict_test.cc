// The browser.* verdicts of the default baseline, evaluated on facts the
// probe collected from the fixture machine (so probe and baseline agree on
// fact names and meanings).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>

#include "agent/probes/browser/browser_probe.h"
#include "common/baseline/evaluator.h"
#include "common/baseline/loader.h"

namespace minspec::agent::browser {
namespace {

using minspec::v1::Facts;
using minspec::v1::Verdict;

class BrowserVerdicts : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto baseline = minspec::baseline::LoadBaselineFile(std::string(MINSPEC_SOURCE_DIR) +
                                                        "/deploy/baselines/default.textproto");
    ASSERT_TRUE(baseline.ok()) << baseline.status();
    evaluator_ = new minspec::baseline::Evaluator(*baseline);
  }
  static void TearDownTestSuite() { delete evaluator_; }

  // Facts of a desktop Linux machine with a camera, browsers from `fixture`,
  // keeping only the profiles `keep` accepts.
  static Facts MachineFacts(const std::string& fixture,
                            std::function<bool(const minspec::v1::BrowserProfile&)> keep = nullptr) {
    Facts facts;
    ProbeContext ctx;
    ctx.root = std::string(MINSPEC_BROWSER_FIXTURES) + "/" + fixture;
    CollectBrowserFacts(ctx, *facts.mutable_browsers());
    if (keep) {
      auto* profiles = facts.mutable_browsers()->mutable_profiles();
      for (int i = profiles->size() - 1; i >= 0; --i)
        if (!keep(profiles->Get(i))) profiles->DeleteSubrange(i, 1);
    }
    facts.mutable_os()->set_family("linux");
    facts.mutable_os()->mutable_status()->set_code(minspec::v1::ProbeStatus::OK);
    auto* cams = facts.mutable_hardware()->mutable_cameras();
    cams->mutable_status()->set_code(minspec::v1::ProbeStatus::OK);
    cams->set_capture_devices(1);
    return facts;
  }

  static minspec::v1::RequirementResult Result(const Facts& facts, const std::string& id) {
    const auto eval = evaluator_->Evaluate(facts);
    for (const auto& r : eval.results())
      if (r.id() == id) return r;
    ADD_FAILURE() << "no result for " << id;
    return {};
  }

  static minspec::baseline::Evaluator* evaluator_;
};
minspec::baseline::Evaluator* BrowserVerdicts::evaluator_ = nullptr;

TEST_F(BrowserVerdicts, NoBrowserFailsSupportedWithItsReason) {
  const auto r = Result(MachineFacts("empty"), "browser.supported");
  EXPECT_EQ(r.verdict(), minspec::v1::FAIL);
  EXPECT_NE(r.reason().find("no supported browser found"), std::string::npos) << r.reason();
}

TEST_F(BrowserVerdicts, FixtureMachine) {
  const Facts facts = MachineFacts("machine");
  if (getenv("MINSPEC_PRINT_REASONS"))
    for (const char* id : {"browser.supported", "browser.javascript", "browser.camera_access",
                           "browser.screenshare_extension", "browser.firefox_openh264"})
      std::printf("%s: %s\n", id, Result(facts, id).reason().c_str());
  EXPECT_EQ(Result(facts, "browser.supported").verdict(), minspec::v1::PASS);
  // alice's chromium has JavaScript blocked by DefaultJavaScriptSetting=2.
  EXPECT_EQ(Result(facts, "browser.javascript").verdict(), minspec::v1::FAIL);
  // alice's Firefox has PeerConnection off; root's has getUserMedia off.
  EXPECT_EQ(Result(facts, "browser.camera_access").verdict(), minspec::v1::FAIL);
  // alice's chromium lacks the screensharing extension.
  EXPECT_EQ(Result(facts, "browser.screenshare_extension").verdict(), minspec::v1::FAIL);
  // alice's Firefox keeps openh264 1.8.1.
  EXPECT_EQ(Result(facts, "browser.firefox_openh264").verdict(), minspec::v1::FAIL);
}

TEST_F(BrowserVerdicts, ChromeProfileWithTheExtensionPasses) {
  const Facts facts = MachineFacts("machine", [](const auto& p) {
    return p.user() == "bob" && p.product() == "chrome" && p.profile() == "Default";
  });
  EXPECT_EQ(Result(facts, "browser.screenshare_extension").verdict(), minspec::v1::PASS);
  EXPECT_EQ(Result(facts, "browser.javascript").verdict(), minspec::v1::PASS);
  EXPECT_EQ(Result(facts, "browser.camera_access").verdict(), minspec::v1::PASS);
}

TEST_F(BrowserVerdicts, FreshOpenH264PassesAndACorruptProfileIsUnknownWithItsReason) {
  const auto bob = [](const auto& p) { return p.user() == "bob" && p.engine() == "firefox"; };
  EXPECT_EQ(Result(MachineFacts("machine", bob), "browser.firefox_openh264").verdict(), minspec::v1::PASS);

  // bob's good profile plus alice's corrupt one: UNKNOWN (not FAIL), naming the file.
  const Facts facts = MachineFacts("machine", [&](const auto& p) { return bob(p) || p.profile() == "a2.work"; });
  const auto r = Result(facts, "browser.firefox_openh264");
  EXPECT_EQ(r.verdict(), minspec::v1::UNKNOWN);
  EXPECT_NE(r.reason().find("prefs.js"), std::string::npos) << r.reason();
}

}  // namespace
}  // namespace minspec::agent::browser
