// The whole browser family against a fixture machine (tests/fixtures/browser/machine):
// several users and profiles covering each case the baseline cares about.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "agent/probes/browser/browser_probe.h"
#include "google/protobuf/text_format.h"

namespace minspec::agent::browser {
namespace {

using minspec::v1::BrowserFacts;
using minspec::v1::BrowserInstall;
using minspec::v1::BrowserPolicy;
using minspec::v1::BrowserProfile;
using minspec::v1::ProbeStatus;

class BrowserFixture : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ProbeContext ctx;
    ctx.root = std::string(MINSPEC_BROWSER_FIXTURES) + "/machine";
    facts_ = new BrowserFacts;
    CollectBrowserFacts(ctx, *facts_);
  }
  static void TearDownTestSuite() { delete facts_; }

  static const BrowserProfile* Profile(const std::string& user, const std::string& product,
                                       const std::string& profile) {
    for (const auto& p : facts_->profiles())
      if (p.user() == user && p.product() == product && p.profile() == profile) return &p;
    return nullptr;
  }
  static const BrowserInstall* Install(const std::string& path) {
    for (const auto& i : facts_->installs())
      if (i.path() == path) return &i;
    return nullptr;
  }
  static const BrowserPolicy* Policy(const std::string& path) {
    for (const auto& p : facts_->policies())
      if (p.path() == path) return &p;
    return nullptr;
  }
  static BrowserFacts* facts_;
};
BrowserFacts* BrowserFixture::facts_ = nullptr;

TEST_F(BrowserFixture, FindsEachInstallWithVersionFromItsBestSource) {
  EXPECT_EQ(facts_->status().code(), ProbeStatus::OK);
  ASSERT_EQ(facts_->installs_size(), 3);

  const BrowserInstall* ff = Install("/usr/lib/firefox-esr");
  ASSERT_NE(ff, nullptr);
  EXPECT_EQ(ff->status().code(), ProbeStatus::OK);
  EXPECT_EQ(ff->product(), "firefox");
  EXPECT_EQ(ff->channel(), "esr");
  EXPECT_EQ(ff->version(), "115.12.0");
  EXPECT_EQ(ff->packaging(), "deb");
  EXPECT_EQ(ff->package_name(), "firefox-esr");
  EXPECT_EQ(ff->version_source(), "/usr/lib/firefox-esr/application.ini");

  // Debian's chromium ships no version file: dpkg's record gives it, not the
  // (older) strings embedded in the binary.
  const BrowserInstall* cr = Install("/usr/lib/chromium");
  ASSERT_NE(cr, nullptr);
  EXPECT_EQ(cr->product(), "chromium");
  EXPECT_EQ(cr->channel(), "stable");
  EXPECT_EQ(cr->version(), "120.0.6099.224");
  EXPECT_EQ(cr->packaging(), "deb");
  EXPECT_NE(cr->version_source().find("dpkg"), std::string::npos);

  // A copied Chrome tree with no package record (google-chrome-beta is only
  // "config-files"): the highest embedded version string.
  const BrowserInstall* gc = Install("/opt/google/chrome");
  ASSERT_NE(gc, nullptr);
  EXPECT_EQ(gc->status().code(), ProbeStatus::OK);
  EXPECT_EQ(gc->product(), "chrome");
  EXPECT_EQ(gc->version(), "126.0.6478.126");
  EXPECT_EQ(gc->packaging(), "opt");
  EXPECT_NE(gc->version_source().find("embedded string"), std::string::npos);
}

TEST_F(BrowserFixture, RecordsPoliciesAndACorruptOneAsError) {
  const BrowserPolicy* ff = Policy("/etc/firefox/policies/policies.json");
  ASSERT_NE(ff, nullptr);
  EXPECT_EQ(ff->status().code(), ProbeStatus::OK);
  EXPECT_TRUE(ff->app_update_disabled());
  EXPECT_FALSE(ff->microphone_allowed());
  EXPECT_EQ(ff->microphone_allowlist_size(), 1u);

  const BrowserPolicy* cr = Policy("/etc/chromium/policies/managed");
  ASSERT_NE(cr, nullptr);
  EXPECT_FALSE(cr->javascript_allowed());
  ASSERT_EQ(cr->extension_forcelist_size(), 1);
  EXPECT_EQ(cr->extension_forcelist(0), "ppppppppppppppppppppppppppppppph");

  const BrowserPolicy* gc = Policy("/etc/opt/chrome/policies/managed");
  ASSERT_NE(gc, nullptr);
  EXPECT_EQ(gc->status().code(), ProbeStatus::ERROR);
  EXPECT_NE(gc->status().error().find("broken.json"), std::string::npos) << gc->status().error();
}

TEST_F(BrowserFixture, FirefoxProfileWithPeerConnectionOffStaleOpenH264AndLock) {
  const BrowserProfile* p = Profile("alice", "firefox", "a1.default-esr");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->status().code(), ProbeStatus::OK) << p->status().error();
  EXPECT_EQ(p->home(), "/home/alice");
  EXPECT_TRUE(p->locked());
  EXPECT_FALSE(p->peerconnection_enabled());
  EXPECT_EQ(p->setting_sources().at("peerconnection_enabled"), "user");
  EXPECT_TRUE(p->getusermedia_enabled());
  EXPECT_EQ(p->setting_sources().at("getusermedia_enabled"), "default");
  EXPECT_TRUE(p->javascript_enabled());
  // Debian's syspref says openh264 off; the user turned it on.
  EXPECT_TRUE(p->openh264_enabled());
  EXPECT_EQ(p->setting_sources().at("openh264_enabled"), "user");
  EXPECT_TRUE(p->openh264_present());
  EXPECT_EQ(p->openh264_version(), "1.8.1");
  // DisableAppUpdate in policies.json, over Debian's own lock.
  EXPECT_TRUE(p->app_update_disabled());
  EXPECT_EQ(p->setting_sources().at("app_update_disabled"), "policy");
  EXPECT_TRUE(p->camera_allowed());
  EXPECT_FALSE(p->microphone_allowed());
  EXPECT_EQ(p->setting_sources().at("microphone_allowed"), "policy");
}

TEST_F(BrowserFixture, CorruptPrefsJsIsErrorForThatProfileOnly) {
  const BrowserProfile* p = Profile("alice", "firefox", "a2.work");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->status().code(), ProbeStatus::ERROR);
  EXPECT_NE(p->status().error().find("prefs.js"), std::string::npos) << p->status().error();
  EXPECT_NE(p->status().error().find("line 2"), std::string::npos) << p->status().error();
  EXPECT_FALSE(p->has_javascript_enabled());  // nothing guessed
  // A profiles.ini entry whose folder is gone is not reported.
  EXPECT_EQ(Profile("alice", "firefox", "a3.gone"), nullptr);
}

TEST_F(BrowserFixture, UserJsOverridesPrefsJsAndAbsoluteProfilePathIsReRooted) {
  const BrowserProfile* p = Profile("bob", "firefox", "/home/bob/custom/b1");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->status().code(), ProbeStatus::OK) << p->status().error();
  EXPECT_FALSE(p->javascript_enabled());
  EXPECT_EQ(p->setting_sources().at("javascript_enabled"), "user");
  EXPECT_EQ(p->openh264_version(), "2.3.2");  // the pref's folder, not just the newest
  EXPECT_TRUE(p->gmp_update_disabled());
  EXPECT_FALSE(p->locked());  // `lock` symlink left behind by pid 777, which is gone
}

TEST_F(BrowserFixture, FirefoxGetUserMediaOffBlocksCamera) {
  const BrowserProfile* p = Profile("root", "firefox", "r1.default");
  ASSERT_NE(p, nullptr);
  EXPECT_FALSE(p->getusermedia_enabled());
  EXPECT_FALSE(p->camera_allowed());
  EXPECT_EQ(p->setting_sources().at("camera_allowed"), "user");
}

TEST_F(BrowserFixture, ChromiumProfileFoldsJavaScriptPolicyAndExtensionLists) {
  const BrowserProfile* p = Profile("alice", "chromium", "Default");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->status().code(), ProbeStatus::OK) << p->status().error();
  EXPECT_FALSE(p->javascript_enabled());  // DefaultJavaScriptSetting 2
  EXPECT_EQ(p->setting_sources().at("javascript_enabled"), "policy");
  EXPECT_FALSE(p->camera_allowed());  // the user's own block stands (VideoCaptureAllowed=true)
  EXPECT_EQ(p->setting_sources().at("camera_allowed"), "user");
  EXPECT_FALSE(p->microphone_allowed());  // AudioCaptureAllowed=false
  EXPECT_EQ(p->setting_sources().at("microphone_allowed"), "policy");
  EXPECT_EQ(p->blocked_site_exceptions(), 1u);
  EXPECT_FALSE(p->locked());  // SingletonLock left by a crashed pid 999 (no /proc/999)
  ASSERT_EQ(p->extensions_size(), 2);  // the component PDF viewer is left out
  const auto& blocked = p->extensions(0);
  EXPECT_EQ(blocked.id(), "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
  EXPECT_EQ(blocked.version(), "1.0.0");
  EXPECT_EQ(blocked.name(), "");  // __MSG_ key, not a name
  EXPECT_TRUE(blocked.blocked_by_policy());
  EXPECT_FALSE(blocked.enabled());
  const auto& forced = p->extensions(1);
  EXPECT_EQ(forced.id(), "ppppppppppppppppppppppppppppppph");
  EXPECT_EQ(forced.version(), "3.1.0");
  EXPECT_TRUE(forced.force_installed());
  EXPECT_FALSE(forced.blocked_by_policy());
  EXPECT_TRUE(forced.enabled());

  // A user absent from /etc/passwd (directory account) still gets the policy.
  const BrowserProfile* dave = Profile("dave", "chromium", "Default");
  ASSERT_NE(dave, nullptr);
  EXPECT_FALSE(dave->javascript_enabled());
  EXPECT_EQ(dave->setting_sources().at("javascript_enabled"), "policy");
}

TEST_F(BrowserFixture, ChromeProfileWithScreenshareExtensionInUse) {
  const BrowserProfile* p = Profile("bob", "chrome", "Default");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->status().code(), ProbeStatus::OK) << p->status().error();
  EXPECT_TRUE(p->locked());
  // Chrome's only policy file is corrupt, so nothing is folded in.
  EXPECT_TRUE(p->javascript_enabled());
  EXPECT_EQ(p->setting_sources().at("javascript_enabled"), "default");
  ASSERT_EQ(p->extensions_size(), 1);
  EXPECT_EQ(p->extensions(0).id(), "hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh");
  EXPECT_EQ(p->extensions(0).name(), "Flexperto Screen Sharing");  // resolved from _locales/en
  EXPECT_EQ(p->extensions(0).version(), "2.0.1");
  EXPECT_TRUE(p->extensions(0).enabled());

  const BrowserProfile* broken = Profile("bob", "chrome", "Profile 1");
  ASSERT_NE(broken, nullptr);
  EXPECT_EQ(broken->status().code(), ProbeStatus::ERROR);
  EXPECT_NE(broken->status().error().find("Preferences"), std::string::npos);
  EXPECT_EQ(Profile("bob", "chrome", "System Profile"), nullptr);
}

TEST_F(BrowserFixture, EveryProfileIsReportedAndNoUrlLeaks) {
  EXPECT_EQ(facts_->profiles_size(), 8);
  std::string text;
  google::protobuf::TextFormat::PrintToString(*facts_, &text);
  for (const char* secret : {"example.org", "should-never-be-read", "intranet", "clients2.google",
                             "calls.example.com", "hunspell"})
    EXPECT_EQ(text.find(secret), std::string::npos) << secret;
}

TEST(BrowserEmptyMachine, NoBrowserIsEmptyListWithOkStatus) {
  ProbeContext ctx;
  ctx.root = std::string(MINSPEC_BROWSER_FIXTURES) + "/empty";
  BrowserFacts facts;
  CollectBrowserFacts(ctx, facts);
  EXPECT_EQ(facts.status().code(), ProbeStatus::OK);
  EXPECT_EQ(facts.installs_size(), 0);
  EXPECT_EQ(facts.profiles_size(), 0);
  EXPECT_EQ(facts.policies_size(), 0);
}

}  // namespace
}  // namespace minspec::agent::browser

namespace minspec::agent::browser {
namespace {

// Snaps and flatpaks (system and per-user), reached through their
// current/active symlinks inside the fixture root.
TEST(BrowserPackagedMachine, FindsSnapAndFlatpakInstallsAndSnapProfiles) {
  ProbeContext ctx;
  ctx.root = std::string(MINSPEC_BROWSER_FIXTURES) + "/packaged";
  minspec::v1::BrowserFacts facts;
  CollectBrowserFacts(ctx, facts);
  std::map<std::string, const minspec::v1::BrowserInstall*> by_path;
  for (const auto& i : facts.installs()) {
    EXPECT_EQ(i.status().code(), minspec::v1::ProbeStatus::OK) << i.path() << ": " << i.status().error();
    by_path[i.path()] = &i;
  }
  ASSERT_EQ(by_path.size(), 4u);

  const auto* ff = by_path["/snap/firefox/current/usr/lib/firefox"];
  ASSERT_NE(ff, nullptr);
  EXPECT_EQ(ff->version(), "128.0.3");
  EXPECT_EQ(ff->channel(), "stable");
  EXPECT_EQ(ff->packaging(), "snap");
  EXPECT_EQ(ff->package_name(), "firefox");

  const auto* cr = by_path["/snap/chromium/current/usr/lib/chromium-browser"];
  ASSERT_NE(cr, nullptr);
  EXPECT_EQ(cr->version(), "126.0.6478.126");
  EXPECT_EQ(cr->version_source(), "/snap/chromium/current/meta/snap.yaml");

  const auto* fc = by_path["/var/lib/flatpak/app/org.chromium.Chromium/current/active/files/chromium"];
  ASSERT_NE(fc, nullptr);
  EXPECT_EQ(fc->version(), "125.0.6422.141");  // the newest <release>, listed first
  EXPECT_EQ(fc->packaging(), "flatpak");
  EXPECT_EQ(fc->package_name(), "org.chromium.Chromium");

  const auto* uf =
      by_path["/home/carol/.local/share/flatpak/app/org.mozilla.firefox/current/active/files/lib/firefox"];
  ASSERT_NE(uf, nullptr);
  EXPECT_EQ(uf->version(), "129.0b9");
  EXPECT_EQ(uf->channel(), "beta");

  ASSERT_EQ(facts.profiles_size(), 1);
  const auto& p = facts.profiles(0);
  EXPECT_EQ(p.user(), "carol");
  EXPECT_EQ(p.profile_path(), "/home/carol/snap/firefox/common/.mozilla/firefox/s1.default");
  EXPECT_EQ(p.status().code(), minspec::v1::ProbeStatus::OK) << p.status().error();
  EXPECT_TRUE(p.openh264_enabled());
  EXPECT_EQ(p.openh264_version(), "2.3.2");
  EXPECT_FALSE(p.app_update_disabled());
}

}  // namespace
}  // namespace minspec::agent::browser
