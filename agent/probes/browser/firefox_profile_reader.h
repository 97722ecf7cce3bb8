#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "agent/probes/browser/mozilla_pref_parser.h"

namespace minspec::agent::browser {

// A profile listed in a Firefox profiles.ini.
struct FirefoxProfileEntry {
  std::string path_value;        // Path= as written (relative or absolute)
  std::filesystem::path dir;     // resolved directory on disk (under the probe root)
  bool is_default = false;
};

// Reads profiles.ini in a Firefox data directory (e.g. ~/.mozilla/firefox).
// NOT_FOUND when there is no profiles.ini (Firefox never ran for that user);
// absolute Path= values are re-rooted under `root`.
absl::StatusOr<std::vector<FirefoxProfileEntry>> ReadFirefoxProfilesIni(
    const std::filesystem::path& firefox_dir, const std::filesystem::path& root);

// What one Firefox profile directory says, before defaults and policy.
struct FirefoxProfileSettings {
  // Collected prefs from prefs.js then user.js (user.js wins, as at startup).
  std::map<std::string, PrefEntry> user_prefs;
  // A running Firefox holds the profile: an fcntl lock on .parentlock, or a
  // `lock` symlink ("addr:+pid") whose pid is alive. Firefox leaves the
  // symlink behind after exit, so the symlink alone does not say "in use".
  bool locked = false;
  // Versions found under gmp-gmpopenh264/ (folders holding the plugin).
  std::vector<std::string> openh264_folder_versions;
};

// Reads prefs.js, user.js, the lock and the openh264 GMP folder. A missing
// prefs.js is a fresh profile (no user prefs); an unreadable or malformed one
// is an error naming the file and line.
// `proc_dir` is /proc under the probe root (pid liveness for the lock).
absl::StatusOr<FirefoxProfileSettings> ReadFirefoxProfile(const std::filesystem::path& profile_dir,
                                                          const std::filesystem::path& proc_dir);

// True when `lock_symlink` exists and its target ends in a pid ("...+1234" or
// "...-1234") that has an entry in `proc_dir`.
bool LockSymlinkHeldByLiveProcess(const std::filesystem::path& lock_symlink,
                                  const std::filesystem::path& proc_dir);

}  // namespace minspec::agent::browser
