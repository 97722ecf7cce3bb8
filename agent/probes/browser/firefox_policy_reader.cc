#include "agent/probes/browser/firefox_policy_reader.h"

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "agent/probes/status.h"
#include "common/io/file_util.h"

namespace minspec::agent::browser {
namespace {

using nlohmann::json;

// Preferences policy entries are either a bare value (old form) or
// {"Value": v, "Status": "default|locked|user|clear"}.
const json* PreferenceValue(const json& prefs, const char* name) {
  auto it = prefs.find(name);
  if (it == prefs.end()) return nullptr;
  if (it->is_object()) {
    if (it->value("Status", "") == "clear") return nullptr;
    auto v = it->find("Value");
    return v == it->end() ? nullptr : &*v;
  }
  return &*it;
}

std::optional<bool> PreferenceBool(const json& prefs, const char* name) {
  const json* v = PreferenceValue(prefs, name);
  if (v == nullptr) return std::nullopt;
  if (v->is_boolean()) return v->get<bool>();
  return std::nullopt;
}

void ReadPermission(const json& permissions, const char* kind, bool& blocked, uint32_t& allow_size) {
  auto it = permissions.find(kind);
  if (it == permissions.end() || !it->is_object()) return;
  blocked = it->value("BlockNewRequests", false);
  auto allow = it->find("Allow");
  if (allow != it->end() && allow->is_array()) allow_size = static_cast<uint32_t>(allow->size());
}

}  // namespace

absl::StatusOr<minspec::v1::BrowserPolicy> ParseFirefoxPolicies(std::string_view text) {
  minspec::v1::BrowserPolicy policy;
  policy.set_engine("firefox");
  policy.set_product("firefox");
  try {
    const json doc = json::parse(text);
    if (!doc.is_object()) return absl::DataLossError("policies.json: not a JSON object");
    auto pit = doc.find("policies");
    if (pit == doc.end() || !pit->is_object())
      return absl::DataLossError("policies.json: no \"policies\" object");
    const json& p = *pit;

    if (auto it = p.find("DisableAppUpdate"); it != p.end() && it->is_boolean())
      policy.set_app_update_disabled(it->get<bool>());

    if (auto it = p.find("Permissions"); it != p.end() && it->is_object()) {
      bool cam_blocked = false, mic_blocked = false;
      uint32_t cam_allow = 0, mic_allow = 0;
      ReadPermission(*it, "Camera", cam_blocked, cam_allow);
      ReadPermission(*it, "Microphone", mic_blocked, mic_allow);
      if (cam_blocked) policy.set_camera_allowed(false);
      if (mic_blocked) policy.set_microphone_allowed(false);
      policy.set_camera_allowlist_size(cam_allow);
      policy.set_microphone_allowlist_size(mic_allow);
    }

    if (auto it = p.find("Preferences"); it != p.end() && it->is_object()) {
      if (auto v = PreferenceBool(*it, "javascript.enabled")) policy.set_javascript_allowed(*v);
      if (auto v = PreferenceBool(*it, "media.navigator.enabled")) policy.set_getusermedia_enabled(*v);
      if (auto v = PreferenceBool(*it, "media.peerconnection.enabled"))
        policy.set_peerconnection_enabled(*v);
      if (auto v = PreferenceBool(*it, "media.gmp-gmpopenh264.enabled")) policy.set_openh264_enabled(*v);
      if (auto v = PreferenceBool(*it, "app.update.enabled"); v && !*v)
        policy.set_app_update_disabled(true);
    }
  } catch (const json::exception& e) {
    return absl::DataLossError(absl::StrCat("invalid JSON: ", e.what()));
  }
  return policy;
}

absl::StatusOr<minspec::v1::BrowserPolicy> ReadFirefoxPolicyFile(const std::filesystem::path& file,
                                                                 std::string_view shown_path) {
  auto text = minspec::io::ReadFile(file);
  if (!text.ok()) return text.status();
  auto policy = ParseFirefoxPolicies(*text);
  if (!policy.ok())
    return absl::DataLossError(absl::StrCat(std::string(shown_path), ": ", policy.status().message()));
  policy->set_path(std::string(shown_path));
  MarkOk(*policy->mutable_status(), shown_path);
  return policy;
}

}  // namespace minspec::agent::browser
