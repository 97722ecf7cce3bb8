#pragma once

#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "minspec/v1/browser.pb.h"

namespace minspec::agent::browser {

// What one Chromium-family profile directory (".../Default", ".../Profile 1")
// says, before managed policy. Content settings use Chromium's values:
// 1 = allow, 2 = block, 3 = ask; unset when the user never changed them.
struct ChromiumProfileSettings {
  std::optional<int> javascript_setting;
  std::optional<int> camera_setting;
  std::optional<int> microphone_setting;
  // Site exceptions (camera, microphone, JavaScript) set to block: counted,
  // never copied (their patterns are URLs).
  uint32_t blocked_site_exceptions = 0;
  std::vector<minspec::v1::BrowserExtension> extensions;
};

// Reads Preferences and Secure Preferences (extensions.settings lives in
// either, by version) and the Extensions/<id>/<version>/ folders. Only
// profile.default_content_setting_values, the exception counts and extension
// ids/names/versions/enabled are read. Missing or malformed Preferences is an
// error naming the file.
absl::StatusOr<ChromiumProfileSettings> ReadChromiumProfile(const std::filesystem::path& profile_dir);

// Profile directories under a user data dir ("Default", "Profile N"): those
// holding a Preferences file, excluding the Guest and System profiles.
std::vector<std::filesystem::path> ListChromiumProfileDirs(const std::filesystem::path& user_data_dir);

// A running browser holds SingletonLock (a symlink "host-pid") in the user
// data dir; after a crash it stays behind, so the pid must be alive in `proc_dir`.
bool ChromiumUserDataDirLocked(const std::filesystem::path& user_data_dir,
                               const std::filesystem::path& proc_dir);

}  // namespace minspec::agent::browser
