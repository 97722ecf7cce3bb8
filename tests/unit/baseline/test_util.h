#pragma once

#include <filesystem>
#include <string>

#include "common/io/file_util.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "minspec/v1/baseline.pb.h"
#include "minspec/v1/facts.pb.h"

namespace minspec::baseline::testing {

inline std::filesystem::path SourceDir() { return MINSPEC_SOURCE_DIR; }
inline std::filesystem::path Fixture(const std::string& name) {
  return SourceDir() / "tests/fixtures/baselines" / name;
}
inline std::filesystem::path DefaultBaselinePath() {
  return SourceDir() / "deploy/baselines/default.textproto";
}

template <typename M>
M ParseText(const std::string& text) {
  M m;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &m)) << text;
  return m;
}

inline minspec::v1::Facts FixtureFacts(const std::string& name) {
  auto text = minspec::io::ReadFile(Fixture(name));
  EXPECT_TRUE(text.ok()) << text.status();
  return ParseText<minspec::v1::Facts>(text.ok() ? *text : std::string());
}

}  // namespace minspec::baseline::testing
