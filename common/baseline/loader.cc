#include "common/baseline/loader.h"

#include <algorithm>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/baseline/lint.h"
#include "common/io/file_util.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"

namespace minspec::baseline {
namespace {

// Collects the text parser's complaints as "name:line:column: message"; the
// parser's own messages name the field (e.g. 'Message type
// "minspec.v1.Requirement" has no field named "severty".').
class Collector final : public google::protobuf::io::ErrorCollector {
 public:
  Collector(std::string name, std::string_view text) : name_(std::move(name)), text_(text) {}
  void AddError(int line, google::protobuf::io::ColumnNumber column, const std::string& message) override {
    Locate(message, line, column);
    errors_.push_back(absl::StrCat(name_, ":", line + 1, ":", column + 1, ": ", message));
  }
  void AddWarning(int line, google::protobuf::io::ColumnNumber column, const std::string& message) override {
    Locate(message, line, column);
    errors_.push_back(absl::StrCat(name_, ":", line + 1, ":", column + 1, ": warning: ", message));
  }
  const std::vector<std::string>& errors() const { return errors_; }

 private:
  // The parser reports where it stands after reading the offending token (the
  // next token, possibly on the next line). When the message quotes that token
  // (an unknown field or enum value), point at its last occurrence before.
  void Locate(const std::string& message, int& line, int& column) const {
    const size_t q1 = message.find('"');
    if (q1 == std::string::npos) return;
    // 'has no field named "x"' / 'Unknown enumeration value of "X" for field'
    const bool field = message.find("has no field named") != std::string::npos;
    const bool enum_value = message.find("Unknown enumeration value") != std::string::npos;
    if (!field && !enum_value) return;
    size_t start = field ? message.find('"', message.find("has no field named")) : q1;
    const size_t end = message.find('"', start + 1);
    if (start == std::string::npos || end == std::string::npos) return;
    const std::string token = message.substr(start + 1, end - start - 1);
    if (token.empty()) return;
    // Offset of (line, column) in the text.
    size_t offset = 0;
    for (int l = 0; l < line && offset < text_.size(); ++l) {
      const size_t nl = text_.find('\n', offset);
      if (nl == std::string_view::npos) break;
      offset = nl + 1;
    }
    offset = std::min(text_.size(), offset + static_cast<size_t>(column));
    const size_t at = text_.rfind(token, offset);
    if (at == std::string_view::npos) return;
    int new_line = 0;
    size_t line_start = 0;
    for (size_t i = 0; i < at; ++i) {
      if (text_[i] == '\n') {
        ++new_line;
        line_start = i + 1;
      }
    }
    line = new_line;
    column = static_cast<int>(at - line_start);
  }

  std::string name_;
  std::string_view text_;
  std::vector<std::string> errors_;
};

}  // namespace

absl::StatusOr<minspec::v1::Baseline> ParseBaselineText(std::string_view text, std::string_view name) {
  Collector collector{std::string(name), text};
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&collector);
  minspec::v1::Baseline baseline;
  if (!parser.ParseFromString(std::string(text), &baseline)) {
    if (collector.errors().empty()) {
      return absl::InvalidArgumentError(absl::StrCat(std::string(name), ": not a valid baseline (text format)"));
    }
    return absl::InvalidArgumentError(absl::StrJoin(collector.errors(), "\n"));
  }
  return baseline;
}

absl::StatusOr<minspec::v1::Baseline> LoadBaselineFile(const std::filesystem::path& file) {
  auto text = minspec::io::ReadFile(file);
  if (!text.ok()) {
    return absl::Status(text.status().code(),
                        absl::StrCat("cannot read baseline ", file.string(), ": ", text.status().message()));
  }
  auto baseline = ParseBaselineText(*text, file.string());
  if (!baseline.ok()) return baseline.status();
  std::vector<std::string> errors;
  for (const LintFinding& f : LintBaseline(*baseline)) {
    if (f.severity != "error") continue;
    errors.push_back(f.requirement_id.empty()
                         ? absl::StrCat(file.string(), ": ", f.message)
                         : absl::StrCat(file.string(), ": requirement '", f.requirement_id, "': ", f.message));
  }
  if (!errors.empty()) return absl::InvalidArgumentError(absl::StrJoin(errors, "\n"));
  return baseline;
}

}  // namespace minspec::baseline
