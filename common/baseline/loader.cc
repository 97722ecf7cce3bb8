#include "common/baseline/loader.h"

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
  explicit Collector(std::string name) : name_(std::move(name)) {}
  void AddError(int line, google::protobuf::io::ColumnNumber column, const std::string& message) override {
    errors_.push_back(absl::StrCat(name_, ":", line + 1, ":", column + 1, ": ", message));
  }
  void AddWarning(int line, google::protobuf::io::ColumnNumber column, const std::string& message) override {
    errors_.push_back(absl::StrCat(name_, ":", line + 1, ":", column + 1, ": warning: ", message));
  }
  const std::vector<std::string>& errors() const { return errors_; }

 private:
  std::string name_;
  std::vector<std::string> errors_;
};

}  // namespace

absl::StatusOr<minspec::v1::Baseline> ParseBaselineText(std::string_view text, std::string_view name) {
  Collector collector{std::string(name)};
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
