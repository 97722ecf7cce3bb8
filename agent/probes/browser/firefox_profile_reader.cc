#include "agent/probes/browser/firefox_profile_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <system_error>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "agent/probes/browser/rooted_path.h"
#include "common/io/file_util.h"

namespace minspec::agent::browser {
namespace fs = std::filesystem;
namespace {

// Firefox keeps an fcntl write lock on .parentlock while it runs; the file
// itself stays behind after exit, so only the lock says "in use".
bool ParentLockHeld(const fs::path& file) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct flock fl {};
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  bool held = ::fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
  ::close(fd);
  return held;
}

absl::Status MergePrefFile(const fs::path& file, std::map<std::string, PrefEntry>& prefs) {
  auto text = minspec::io::ReadFile(file);
  if (!text.ok()) {
    if (absl::IsNotFound(text.status())) return absl::OkStatus();
    return absl::Status(text.status().code(),
                        absl::StrCat(file.filename().string(), ": ", text.status().message()));
  }
  auto parsed = ParseMozillaPrefs(*text, IsCollectedFirefoxPref);
  if (!parsed.ok())
    return absl::DataLossError(absl::StrCat(file.filename().string(), ": ", parsed.status().message()));
  for (auto& [name, entry] : *parsed) prefs[name] = std::move(entry);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<FirefoxProfileEntry>> ReadFirefoxProfilesIni(const fs::path& firefox_dir,
                                                                        const fs::path& root) {
  const fs::path ini = firefox_dir / "profiles.ini";
  auto text = minspec::io::ReadFile(ini);
  if (!text.ok()) return text.status();
  std::vector<FirefoxProfileEntry> out;
  std::string section;
  std::map<std::string, std::string> keys;
  auto flush = [&] {
    if (absl::StartsWith(section, "Profile") && keys.count("Path")) {
      FirefoxProfileEntry e;
      e.path_value = keys["Path"];
      const bool relative = keys.count("IsRelative") == 0 || keys["IsRelative"] != "0";
      e.dir = relative ? firefox_dir / e.path_value : ResolveUnderRoot(root, e.path_value);
      e.is_default = keys.count("Default") && keys["Default"] == "1";
      out.push_back(std::move(e));
    }
    keys.clear();
  };
  for (absl::string_view raw : absl::StrSplit(*text, '\n')) {
    absl::string_view line = absl::StripAsciiWhitespace(raw);
    if (line.empty() || line.front() == ';' || line.front() == '#') continue;
    if (line.front() == '[') {
      flush();
      if (line.back() != ']')
        return absl::DataLossError(absl::StrCat(ini.string(), ": bad section '", std::string(line), "'"));
      section = std::string(line.substr(1, line.size() - 2));
      continue;
    }
    size_t eq = line.find('=');
    if (eq == absl::string_view::npos)
      return absl::DataLossError(absl::StrCat(ini.string(), ": bad line '", std::string(line), "'"));
    keys[std::string(absl::StripAsciiWhitespace(line.substr(0, eq)))] =
        std::string(absl::StripAsciiWhitespace(line.substr(eq + 1)));
  }
  flush();
  return out;
}

bool LockSymlinkHeldByLiveProcess(const fs::path& lock_symlink, const fs::path& proc_dir) {
  std::error_code ec;
  if (!fs::is_symlink(fs::symlink_status(lock_symlink, ec))) return false;
  const std::string target = fs::read_symlink(lock_symlink, ec).string();
  if (ec) return false;
  const size_t sep = target.find_last_of("+-");
  if (sep == std::string::npos || sep + 1 >= target.size()) return false;
  const std::string pid = target.substr(sep + 1);
  if (pid.find_first_not_of("0123456789") != std::string::npos) return false;
  return fs::exists(proc_dir / pid, ec);
}

absl::StatusOr<FirefoxProfileSettings> ReadFirefoxProfile(const fs::path& profile_dir,
                                                          const fs::path& proc_dir) {
  std::error_code ec;
  if (!fs::is_directory(profile_dir, ec))
    return absl::NotFoundError(absl::StrCat(profile_dir.string(), ": profile directory missing"));
  FirefoxProfileSettings s;
  if (absl::Status st = MergePrefFile(profile_dir / "prefs.js", s.user_prefs); !st.ok()) return st;
  if (absl::Status st = MergePrefFile(profile_dir / "user.js", s.user_prefs); !st.ok()) return st;

  s.locked = ParentLockHeld(profile_dir / ".parentlock") ||
             LockSymlinkHeldByLiveProcess(profile_dir / "lock", proc_dir);

  const fs::path gmp = profile_dir / "gmp-gmpopenh264";
  if (fs::is_directory(gmp, ec)) {
    for (const auto& entry : fs::directory_iterator(gmp, ec)) {
      if (!entry.is_directory(ec)) continue;
      // A version folder counts only if it holds the plugin (or its .info).
      bool has_plugin = false;
      for (const auto& f : fs::directory_iterator(entry.path(), ec)) {
        const std::string name = f.path().filename().string();
        if (name.find("openh264") != std::string::npos) has_plugin = true;
      }
      if (has_plugin) s.openh264_folder_versions.push_back(entry.path().filename().string());
    }
    std::sort(s.openh264_folder_versions.begin(), s.openh264_folder_versions.end());
  }
  return s;
}

}  // namespace minspec::agent::browser
