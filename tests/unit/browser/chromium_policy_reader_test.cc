#include "agent/probes/browser/chromium_policy_reader.h"

#include <gtest/gtest.h>

namespace minspec::agent::browser {
namespace {

TEST(ChromiumPolicyReader, ReadsCaptureJavaScriptAndExtensionPolicies) {
  minspec::v1::BrowserPolicy p;
  ASSERT_TRUE(ApplyChromiumPolicyJson(R"({
    "VideoCaptureAllowed": false, "AudioCaptureAllowed": true,
    "DefaultJavaScriptSetting": 2,
    "VideoCaptureAllowedUrls": ["https://a", "https://b"],
    "ExtensionInstallBlocklist": ["*"],
    "ExtensionInstallForcelist": ["abc;https://update.example/crx", "def"]})",
                                      p)
                  .ok());
  EXPECT_FALSE(p.camera_allowed());
  EXPECT_TRUE(p.microphone_allowed());
  ASSERT_TRUE(p.has_javascript_allowed());
  EXPECT_FALSE(p.javascript_allowed());
  EXPECT_EQ(p.camera_allowlist_size(), 2u);
  ASSERT_EQ(p.extension_forcelist_size(), 2);
  EXPECT_EQ(p.extension_forcelist(0), "abc");  // the update URL is dropped
  EXPECT_EQ(p.extension_forcelist(1), "def");
  ASSERT_EQ(p.extension_blocklist_size(), 1);
}

TEST(ChromiumPolicyReader, JavaScriptAllowAndMediaStreamBlock) {
  minspec::v1::BrowserPolicy p;
  ASSERT_TRUE(ApplyChromiumPolicyJson(R"({"DefaultJavaScriptSetting": 1, "DefaultMediaStreamSetting": 2})", p).ok());
  EXPECT_TRUE(p.javascript_allowed());
  EXPECT_FALSE(p.camera_allowed());
  EXPECT_FALSE(p.microphone_allowed());
}

TEST(ChromiumPolicyReader, MalformedJsonIsAnError) {
  minspec::v1::BrowserPolicy p;
  EXPECT_FALSE(ApplyChromiumPolicyJson(R"({"VideoCaptureAllowed": )", p).ok());
  EXPECT_FALSE(ApplyChromiumPolicyJson(R"("x")", p).ok());
}

}  // namespace
}  // namespace minspec::agent::browser
