#include "common/baseline/loader.h"

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace minspec::baseline {
namespace {

using testing::Fixture;

std::string Message(const absl::Status& s) { return std::string(s.message()); }

TEST(LoaderTest, LoadsTheDefaultBaseline) {
  auto b = LoadBaselineFile(testing::DefaultBaselinePath());
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_FALSE(b->name().empty());
  EXPECT_GE(b->requirements_size(), 30);
}

TEST(LoaderTest, UnreadableFileIsAClearError) {
  auto b = LoadBaselineFile(Fixture("does-not-exist.textproto"));
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().code(), absl::StatusCode::kNotFound) << b.status();
  EXPECT_TRUE(absl::StrContains(Message(b.status()), "cannot read baseline")) << b.status();
  EXPECT_TRUE(absl::StrContains(Message(b.status()), "does-not-exist.textproto")) << b.status();
}

TEST(LoaderTest, UnknownFieldIsRefusedWithFileLineColumnAndField) {
  const auto path = Fixture("malformed_unknown_field.textproto");
  auto b = LoadBaselineFile(path);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().code(), absl::StatusCode::kInvalidArgument);
  // "severty" is on line 5, column 3.
  EXPECT_TRUE(absl::StrContains(Message(b.status()), path.string() + ":5:3:")) << b.status();
  EXPECT_TRUE(absl::StrContains(Message(b.status()), "severty")) << b.status();
}

TEST(LoaderTest, SyntaxErrorNamesFileAndLine) {
  const auto path = Fixture("malformed_syntax.textproto");
  auto b = LoadBaselineFile(path);
  ASSERT_FALSE(b.ok());
  // The unclosed "requirements {" is noticed at the end of the file (line 6).
  EXPECT_TRUE(absl::StrContains(Message(b.status()), path.string() + ":6:")) << b.status();
}

TEST(LoaderTest, WrongValueTypeNamesTheField) {
  auto b = ParseBaselineText("requirements {\n  id: \"x\"\n  severity: SOMETIMES\n}\n", "mem.textproto");
  ASSERT_FALSE(b.ok());
  EXPECT_TRUE(absl::StrContains(Message(b.status()), "mem.textproto:3:")) << b.status();
  EXPECT_TRUE(absl::StrContains(Message(b.status()), "severity")) << b.status();
}

TEST(LoaderTest, InvalidBaselineIsRefusedNamingEachRequirement) {
  auto b = LoadBaselineFile(Fixture("invalid_semantics.textproto"));
  ASSERT_FALSE(b.ok());
  const std::string msg = Message(b.status());
  EXPECT_TRUE(absl::StrContains(msg, "requirement 'hw.ram': duplicate id")) << msg;
  EXPECT_TRUE(absl::StrContains(msg, "requirement 'hw.cpu'")) << msg;
  EXPECT_TRUE(absl::StrContains(msg, "gigahertz")) << msg;
  EXPECT_TRUE(absl::StrContains(msg, "requirement 'hw.camera': empty check")) << msg;
}

}  // namespace
}  // namespace minspec::baseline
