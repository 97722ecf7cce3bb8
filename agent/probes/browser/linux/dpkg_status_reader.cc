#include "agent/probes/browser/linux/dpkg_status_reader.h"

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "common/io/file_util.h"

namespace minspec::agent::browser {

absl::StatusOr<std::map<std::string, std::string>> ReadInstalledDebPackages(
    const std::filesystem::path& status_file) {
  auto text = minspec::io::ReadFile(status_file);
  if (!text.ok()) return text.status();
  std::map<std::string, std::string> out;
  // Paragraphs separated by blank lines; we need Package, Status, Version.
  for (absl::string_view para : absl::StrSplit(*text, "\n\n")) {
    std::string package, version;
    bool installed = false;
    for (absl::string_view line : absl::StrSplit(para, '\n')) {
      if (absl::ConsumePrefix(&line, "Package: ")) package = std::string(line);
      else if (absl::ConsumePrefix(&line, "Version: ")) version = std::string(line);
      else if (absl::ConsumePrefix(&line, "Status: ")) installed = absl::EndsWith(line, " installed");
    }
    if (installed && !package.empty()) out[package] = version;
  }
  return out;
}

std::string DebianUpstreamVersion(std::string_view v) {
  if (size_t colon = v.find(':'); colon != std::string_view::npos) v.remove_prefix(colon + 1);
  if (size_t dash = v.rfind('-'); dash != std::string_view::npos) v = v.substr(0, dash);
  return std::string(v);
}

}  // namespace minspec::agent::browser
