#include "agent/probes/browser/chromium_preferences_reader.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <system_error>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "agent/probes/browser/firefox_profile_reader.h"
#include "agent/probes/browser/version_order.h"
#include "common/io/file_util.h"

namespace minspec::agent::browser {
namespace fs = std::filesystem;
namespace {

using nlohmann::json;

// Chromium's Manifest::Location values for extensions built into the browser:
// they are not user-installed and are left out.
constexpr int kComponentLocation = 5;
constexpr int kExternalComponentLocation = 10;

const json* Walk(const json& doc, std::initializer_list<const char*> keys) {
  const json* cur = &doc;
  for (const char* k : keys) {
    if (!cur->is_object()) return nullptr;
    auto it = cur->find(k);
    if (it == cur->end()) return nullptr;
    cur = &*it;
  }
  return cur;
}

std::optional<int> IntAt(const json& doc, std::initializer_list<const char*> keys) {
  const json* v = Walk(doc, keys);
  if (v == nullptr || !v->is_number_integer()) return std::nullopt;
  return v->get<int>();
}

absl::StatusOr<json> ReadJsonFile(const fs::path& file, bool missing_ok) {
  auto text = minspec::io::ReadFile(file);
  if (!text.ok()) {
    if (missing_ok && absl::IsNotFound(text.status())) return json::object();
    return text.status();
  }
  try {
    json doc = json::parse(*text);
    if (!doc.is_object()) return absl::DataLossError(absl::StrCat(file.filename().string(), ": not a JSON object"));
    return doc;
  } catch (const json::exception& e) {
    return absl::DataLossError(absl::StrCat(file.filename().string(), ": invalid JSON: ", e.what()));
  }
}

struct ExtensionInfo {
  std::string name, version;
  std::optional<bool> enabled;
  std::optional<int> location;
  bool in_prefs = false;
  std::vector<std::string> folder_versions;
};

void MergeExtensionSettings(const json& doc, std::map<std::string, ExtensionInfo>& out) {
  const json* settings = Walk(doc, {"extensions", "settings"});
  if (settings == nullptr || !settings->is_object()) return;
  for (const auto& [id, s] : settings->items()) {
    if (!s.is_object()) continue;
    ExtensionInfo& info = out[id];
    info.in_prefs = true;
    if (auto m = s.find("manifest"); m != s.end() && m->is_object()) {
      info.name = m->value("name", info.name);
      info.version = m->value("version", info.version);
    }
    if (auto loc = s.find("location"); loc != s.end() && loc->is_number_integer())
      info.location = loc->get<int>();
    // Older profiles: state 1 = enabled, 0 = disabled. Newer ones drop
    // "state" and list disable_reasons (an int bitmask or an array).
    if (auto st = s.find("state"); st != s.end() && st->is_number_integer()) {
      info.enabled = st->get<int>() == 1;
    } else if (auto dr = s.find("disable_reasons"); dr != s.end()) {
      info.enabled = (dr->is_number_integer() && dr->get<int>() == 0) || (dr->is_array() && dr->empty());
    } else if (!info.enabled.has_value()) {
      info.enabled = true;
    }
  }
}

uint32_t CountBlockedExceptions(const json& doc) {
  uint32_t n = 0;
  for (const char* kind : {"media_stream_camera", "media_stream_mic", "javascript"}) {
    const json* ex = Walk(doc, {"profile", "content_settings", "exceptions", kind});
    if (ex == nullptr || !ex->is_object()) continue;
    for (const auto& [pattern, value] : ex->items()) {
      (void)pattern;  // a URL pattern: never kept
      if (value.is_object() && value.value("setting", 0) == 2) ++n;
    }
  }
  return n;
}

// "__MSG_extName__" -> the message from _locales/<default_locale>/messages.json
// (keys are case-insensitive). Empty when it cannot be resolved.
std::string ResolveLocalizedName(const fs::path& version_dir, const json& manifest, const std::string& name) {
  if (!absl::StartsWith(name, "__MSG_") || !absl::EndsWith(name, "__") || name.size() <= 8) return name;
  const std::string key = absl::AsciiStrToLower(name.substr(6, name.size() - 8));
  const std::string locale = manifest.value("default_locale", "en");
  auto messages = ReadJsonFile(version_dir / "_locales" / locale / "messages.json", true);
  if (!messages.ok()) return {};
  for (const auto& [k, v] : messages->items())
    if (absl::AsciiStrToLower(k) == key && v.is_object()) return v.value("message", "");
  return {};
}

}  // namespace

absl::StatusOr<ChromiumProfileSettings> ReadChromiumProfile(const fs::path& profile_dir) {
  auto prefs = ReadJsonFile(profile_dir / "Preferences", /*missing_ok=*/false);
  if (!prefs.ok()) return prefs.status();
  auto secure = ReadJsonFile(profile_dir / "Secure Preferences", /*missing_ok=*/true);
  if (!secure.ok()) return secure.status();

  ChromiumProfileSettings s;
  s.javascript_setting = IntAt(*prefs, {"profile", "default_content_setting_values", "javascript"});
  s.camera_setting = IntAt(*prefs, {"profile", "default_content_setting_values", "media_stream_camera"});
  s.microphone_setting = IntAt(*prefs, {"profile", "default_content_setting_values", "media_stream_mic"});
  s.blocked_site_exceptions = CountBlockedExceptions(*prefs);

  std::map<std::string, ExtensionInfo> exts;
  MergeExtensionSettings(*prefs, exts);
  MergeExtensionSettings(*secure, exts);
  std::error_code ec;
  for (const auto& dir : fs::directory_iterator(profile_dir / "Extensions", ec)) {
    if (!dir.is_directory(ec)) continue;
    ExtensionInfo& info = exts[dir.path().filename().string()];
    for (const auto& v : fs::directory_iterator(dir.path(), ec))
      if (v.is_directory(ec)) info.folder_versions.push_back(v.path().filename().string());
  }
  for (auto& [id, info] : exts) {
    const bool component = info.location == kComponentLocation || info.location == kExternalComponentLocation;
    if (info.folder_versions.empty() && (component || info.version.empty())) continue;
    std::string folder_version;
    for (const std::string& v : info.folder_versions)
      if (folder_version.empty() || CompareDottedVersions(v, folder_version) > 0) folder_version = v;
    // Chromium names version folders "<version>_<n>"; the manifest is authoritative.
    if (!folder_version.empty()) {
      const fs::path version_dir = profile_dir / "Extensions" / id / folder_version;
      auto manifest = ReadJsonFile(version_dir / "manifest.json", true);
      if (manifest.ok()) {
        if (info.version.empty()) info.version = manifest->value("version", "");
        if (info.name.empty()) info.name = manifest->value("name", "");
        info.name = ResolveLocalizedName(version_dir, *manifest, info.name);
      }
      if (info.version.empty()) info.version = folder_version.substr(0, folder_version.find('_'));
    }
    minspec::v1::BrowserExtension e;
    e.set_id(id);
    // "__MSG_appName__" is a localisation key, not a name.
    if (!absl::StartsWith(info.name, "__MSG_")) e.set_name(info.name);
    e.set_version(info.version);
    if (info.in_prefs && info.enabled.has_value()) e.set_enabled(*info.enabled);
    s.extensions.push_back(std::move(e));
  }
  return s;
}

std::vector<fs::path> ListChromiumProfileDirs(const fs::path& user_data_dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(user_data_dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name == "System Profile" || name == "Guest Profile") continue;
    if (entry.is_directory(ec) && fs::exists(entry.path() / "Preferences", ec)) out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool ChromiumUserDataDirLocked(const fs::path& user_data_dir, const fs::path& proc_dir) {
  return LockSymlinkHeldByLiveProcess(user_data_dir / "SingletonLock", proc_dir);
}

}  // namespace minspec::agent::browser
