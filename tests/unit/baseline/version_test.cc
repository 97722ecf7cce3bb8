#include "common/baseline/version.h"

#include "gtest/gtest.h"

namespace minspec::baseline {
namespace {

struct VersionCase {
  const char* a;
  const char* b;
  int want;  // sign of Compare(a, b)
};

class VersionCompareTest : public ::testing::TestWithParam<VersionCase> {};

int Sign(int v) { return (v > 0) - (v < 0); }

TEST_P(VersionCompareTest, ComparesLikeReleases) {
  const VersionCase& c = GetParam();
  auto got = CompareVersions(c.a, c.b);
  ASSERT_TRUE(got.has_value()) << c.a << " vs " << c.b;
  EXPECT_EQ(Sign(*got), c.want) << c.a << " vs " << c.b;
  auto back = CompareVersions(c.b, c.a);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(Sign(*back), -c.want) << c.b << " vs " << c.a << " (antisymmetric)";
}

INSTANTIATE_TEST_SUITE_P(
    RealVersionStrings, VersionCompareTest,
    ::testing::Values(
        VersionCase{"67.0.3396.99", "67", 1}, VersionCase{"67.0.3396.99", "68", -1},
        VersionCase{"66.0.3359.181", "67", -1}, VersionCase{"120.0.6099.109", "67", 1},
        VersionCase{"115.5.0esr", "60", 1}, VersionCase{"115.5.0esr", "115.5.0", 0},
        VersionCase{"55.0.2esr", "52", 1}, VersionCase{"55.0.2esr", "60", -1},
        VersionCase{"10.15.7", "10.9", 1},  // numeric, not lexical: 15 > 9
        VersionCase{"10.8.5", "10.9", -1}, VersionCase{"8.1", "8.1", 0}, VersionCase{"8", "8.1", -1},
        VersionCase{"10.0.19045", "8.1", 1}, VersionCase{"4.4.2", "4.4", 1}, VersionCase{"4.3", "4.4", -1},
        VersionCase{"12.04", "12", 1}, VersionCase{"12", "12.0", 0}, VersionCase{"11.10", "12", -1},
        VersionCase{"102.0a1", "102.0", -1}, VersionCase{"102.0a1", "101.0", 1},
        VersionCase{"102.0a1", "102.0b1", -1}, VersionCase{"102.0b2", "102.0b1", 1},
        VersionCase{"102.0rc1", "102.0", -1}, VersionCase{"102.0", "102.0.1", -1},
        VersionCase{"v2.3.2", "2.3.1", 1}, VersionCase{"1.8.1.1", "2.3.1", -1},
        VersionCase{"22.04.3 LTS", "22.04", 1}, VersionCase{"17.17134", "17", 1}));

TEST(VersionParseTest, RejectsStringsWithoutVersion) {
  EXPECT_FALSE(Version::Parse("").has_value());
  EXPECT_FALSE(Version::Parse("esr").has_value());
  EXPECT_FALSE(Version::Parse("unknown").has_value());
  EXPECT_FALSE(Version::Parse("67,0").has_value());
  EXPECT_FALSE(CompareVersions("latest", "67").has_value());
}

TEST(VersionParseTest, KeepsTheOriginalText) {
  auto v = Version::Parse("115.5.0esr");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->text(), "115.5.0esr");
}

}  // namespace
}  // namespace minspec::baseline
