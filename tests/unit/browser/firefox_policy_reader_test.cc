#include "agent/probes/browser/firefox_policy_reader.h"

#include <gtest/gtest.h>

namespace minspec::agent::browser {
namespace {

TEST(FirefoxPolicyReader, ReadsUpdateAndPermissionAndPreferencePolicies) {
  auto p = ParseFirefoxPolicies(R"({"policies": {
    "DisableAppUpdate": true,
    "Permissions": {"Camera": {"BlockNewRequests": true, "Allow": ["https://a", "https://b"]},
                    "Microphone": {"BlockNewRequests": false}},
    "Preferences": {"media.peerconnection.enabled": {"Value": false, "Status": "locked"},
                    "media.navigator.enabled": true,
                    "media.gmp-gmpopenh264.enabled": {"Value": false, "Status": "clear"},
                    "javascript.enabled": {"Value": false, "Status": "locked"}}}})");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_TRUE(p->app_update_disabled());
  ASSERT_TRUE(p->has_camera_allowed());
  EXPECT_FALSE(p->camera_allowed());
  EXPECT_EQ(p->camera_allowlist_size(), 2u);
  EXPECT_FALSE(p->has_microphone_allowed());
  ASSERT_TRUE(p->has_peerconnection_enabled());
  EXPECT_FALSE(p->peerconnection_enabled());
  EXPECT_TRUE(p->getusermedia_enabled());
  EXPECT_FALSE(p->has_openh264_enabled());  // "clear" removes, it does not set
  ASSERT_TRUE(p->has_javascript_allowed());
  EXPECT_FALSE(p->javascript_allowed());
}

TEST(FirefoxPolicyReader, EmptyPoliciesSetNothing) {
  auto p = ParseFirefoxPolicies(R"({"policies": {}})");
  ASSERT_TRUE(p.ok());
  EXPECT_FALSE(p->has_app_update_disabled());
  EXPECT_FALSE(p->has_camera_allowed());
}

TEST(FirefoxPolicyReader, MalformedJsonIsAnError) {
  EXPECT_FALSE(ParseFirefoxPolicies(R"({"policies": {)").ok());
  EXPECT_FALSE(ParseFirefoxPolicies(R"([1, 2])").ok());
  EXPECT_FALSE(ParseFirefoxPolicies(R"({"nopolicies": {}})").ok());
}

}  // namespace
}  // namespace minspec::agent::browser
