#include "agent/probes/browser/chromium_policy_reader.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <system_error>
#include <vector>

#include "absl/strings/str_cat.h"
#include "agent/probes/status.h"
#include "common/io/file_util.h"

namespace minspec::agent::browser {
namespace {

using nlohmann::json;

void ReplaceList(const json& value, bool ids_only,
                 google::protobuf::RepeatedPtrField<std::string>& out) {
  if (!value.is_array()) return;
  out.Clear();
  for (const auto& item : value) {
    if (!item.is_string()) continue;
    std::string s = item.get<std::string>();
    if (ids_only) s = s.substr(0, s.find(';'));  // "id;https://update/url" -> "id"
    out.Add(std::move(s));
  }
}

}  // namespace

absl::Status ApplyChromiumPolicyJson(std::string_view text, minspec::v1::BrowserPolicy& policy) {
  try {
    const json doc = json::parse(text);
    if (!doc.is_object()) return absl::DataLossError("not a JSON object");
    if (auto it = doc.find("VideoCaptureAllowed"); it != doc.end() && it->is_boolean())
      policy.set_camera_allowed(it->get<bool>());
    if (auto it = doc.find("AudioCaptureAllowed"); it != doc.end() && it->is_boolean())
      policy.set_microphone_allowed(it->get<bool>());
    if (auto it = doc.find("DefaultMediaStreamSetting"); it != doc.end() && it->is_number_integer()) {
      if (it->get<int>() == 2) {
        policy.set_camera_allowed(false);
        policy.set_microphone_allowed(false);
      }
    }
    if (auto it = doc.find("DefaultJavaScriptSetting"); it != doc.end() && it->is_number_integer())
      policy.set_javascript_allowed(it->get<int>() != 2);
    if (auto it = doc.find("VideoCaptureAllowedUrls"); it != doc.end() && it->is_array())
      policy.set_camera_allowlist_size(static_cast<uint32_t>(it->size()));
    if (auto it = doc.find("AudioCaptureAllowedUrls"); it != doc.end() && it->is_array())
      policy.set_microphone_allowlist_size(static_cast<uint32_t>(it->size()));
    for (const char* name : {"ExtensionInstallBlacklist", "ExtensionInstallBlocklist"})
      if (auto it = doc.find(name); it != doc.end())
        ReplaceList(*it, false, *policy.mutable_extension_blocklist());
    if (auto it = doc.find("ExtensionInstallForcelist"); it != doc.end())
      ReplaceList(*it, true, *policy.mutable_extension_forcelist());
  } catch (const json::exception& e) {
    return absl::DataLossError(absl::StrCat("invalid JSON: ", e.what()));
  }
  return absl::OkStatus();
}

absl::StatusOr<minspec::v1::BrowserPolicy> ReadChromiumManagedPolicies(
    const std::filesystem::path& dir, std::string_view shown_dir, std::string_view product) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  if (ec && ec != std::errc::no_such_file_or_directory)
    return absl::PermissionDeniedError(absl::StrCat(std::string(shown_dir), ": ", ec.message()));
  if (files.empty()) return absl::NotFoundError(absl::StrCat(std::string(shown_dir), ": no policy files"));
  std::sort(files.begin(), files.end());

  minspec::v1::BrowserPolicy policy;
  policy.set_engine("chromium");
  policy.set_product(std::string(product));
  policy.set_path(std::string(shown_dir));
  for (const fs::path& file : files) {
    const std::string shown = absl::StrCat(std::string(shown_dir), "/", file.filename().string());
    auto text = minspec::io::ReadFile(file);
    if (!text.ok()) return absl::Status(text.status().code(), absl::StrCat(shown, ": ", text.status().message()));
    if (absl::Status st = ApplyChromiumPolicyJson(*text, policy); !st.ok())
      return absl::DataLossError(absl::StrCat(shown, ": ", st.message()));
  }
  MarkOk(*policy.mutable_status(), shown_dir);
  return policy;
}

}  // namespace minspec::agent::browser
