#include "agent/probes/browser/mozilla_pref_parser.h"

#include <gtest/gtest.h>

#include "agent/probes/browser/version_order.h"

namespace minspec::agent::browser {
namespace {

auto All = [](std::string_view) { return true; };

TEST(MozillaPrefParser, ReadsStringsBoolsAndIntegersWithCommentsAndEscapes) {
  auto prefs = ParseMozillaPrefs(R"(// header
# hash comment
/* block
   comment */ user_pref("s", "a\"b\\c\n\u00e9\x41'");
user_pref('single', 'it\'s');
user_pref("t", true); user_pref("f", false);
user_pref("n", -12);
user_pref("p", +7);
)",
                                 All);
  ASSERT_TRUE(prefs.ok()) << prefs.status();
  EXPECT_EQ(std::get<std::string>(prefs->at("s").value), "a\"b\\c\n\xc3\xa9" "A'");
  EXPECT_EQ(std::get<std::string>(prefs->at("single").value), "it's");
  EXPECT_EQ(std::get<bool>(prefs->at("t").value), true);
  EXPECT_EQ(std::get<bool>(prefs->at("f").value), false);
  EXPECT_EQ(std::get<int64_t>(prefs->at("n").value), -12);
  EXPECT_EQ(std::get<int64_t>(prefs->at("p").value), 7);
}

TEST(MozillaPrefParser, LaterStatementsWinAndLocksAreMarked) {
  auto prefs = ParseMozillaPrefs(R"(pref("a", 1);
user_pref("a", 2);
lockPref("l", false);
pref("k", true, locked);
pref("s", "x", sticky);
)",
                                 All);
  ASSERT_TRUE(prefs.ok()) << prefs.status();
  EXPECT_EQ(std::get<int64_t>(prefs->at("a").value), 2);
  EXPECT_TRUE(prefs->at("l").locked);
  EXPECT_TRUE(prefs->at("k").locked);
  EXPECT_FALSE(prefs->at("s").locked);
}

TEST(MozillaPrefParser, KeepsOnlyWantedNames) {
  auto prefs = ParseMozillaPrefs(
      R"(user_pref("browser.startup.homepage", "https://example.org/");
user_pref("javascript.enabled", false);)",
      IsCollectedFirefoxPref);
  ASSERT_TRUE(prefs.ok());
  EXPECT_EQ(prefs->size(), 1u);
  EXPECT_EQ(prefs->count("browser.startup.homepage"), 0u);
}

TEST(MozillaPrefParser, MalformedStatementNamesTheLine) {
  for (const char* bad : {"user_pref(\"a\", fals);", "user_pref(\"a\", 1)", "user_pref(\"a\" 1);",
                          "user_pref(\"a, 1);", "evil(\"a\", 1);", "user_pref(\"a\", \"\\q\");"}) {
    auto prefs = ParseMozillaPrefs(std::string("user_pref(\"ok\", 1);\n") + bad, All);
    ASSERT_FALSE(prefs.ok()) << bad;
    EXPECT_NE(std::string(prefs.status().message()).find("line 2"), std::string::npos)
        << prefs.status();
  }
}

TEST(VersionOrder, ComparesNumerically) {
  EXPECT_GT(CompareDottedVersions("1.10", "1.8.1"), 0);
  EXPECT_LT(CompareDottedVersions("2.3", "2.3.2"), 0);
  EXPECT_EQ(CompareDottedVersions("115.12.0esr", "115.12.0"), 0);
  EXPECT_GT(CompareDottedVersions("120.0.6099.224", "110.0.5000.0"), 0);
}

}  // namespace
}  // namespace minspec::agent::browser
