#include "agent/probes/browser/linux/user_homes.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <system_error>

#include "absl/strings/str_split.h"
#include "common/io/file_util.h"

namespace minspec::agent::browser {
namespace fs = std::filesystem;

std::vector<UserHome> ListUserHomes(const fs::path& root) {
  std::map<std::string, std::string> home_to_user;
  std::error_code ec;
  if (auto passwd = minspec::io::ReadFile(root / "etc/passwd"); passwd.ok()) {
    for (absl::string_view line : absl::StrSplit(*passwd, '\n')) {
      std::vector<absl::string_view> f = absl::StrSplit(line, ':');
      if (f.size() < 7) continue;
      unsigned long uid = 0;
      auto [p, err] = std::from_chars(f[2].data(), f[2].data() + f[2].size(), uid);
      if (err != std::errc()) continue;
      // 65534 is nobody; system accounts (< 1000) never browse.
      if (uid != 0 && (uid < 1000 || uid == 65534)) continue;
      std::string home(f[5]);
      if (home.empty() || home.front() != '/') continue;
      home_to_user.emplace(home, std::string(f[0]));
    }
  }
  for (const auto& entry : fs::directory_iterator(root / "home", ec)) {
    if (!entry.is_directory(ec)) continue;
    const std::string home = "/home/" + entry.path().filename().string();
    home_to_user.emplace(home, entry.path().filename().string());
  }
  if (home_to_user.count("/root") == 0) home_to_user.emplace("/root", "root");

  std::vector<UserHome> out;
  for (const auto& [home, user] : home_to_user) {
    fs::path dir = root / fs::path(home).relative_path();
    if (!fs::is_directory(dir, ec)) continue;
    out.push_back(UserHome{user, home, dir});
  }
  return out;
}

}  // namespace minspec::agent::browser
