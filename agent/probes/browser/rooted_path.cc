#include "agent/probes/browser/rooted_path.h"

#include <algorithm>
#include <string>
#include <system_error>
#include <vector>

namespace minspec::agent::browser {

std::filesystem::path ResolveUnderRoot(const std::filesystem::path& root,
                                       std::string_view absolute) {
  namespace fs = std::filesystem;
  // Work on the components relative to root; `pending` is processed front-first.
  std::vector<std::string> pending;
  for (const auto& part : fs::path(std::string(absolute)).relative_path()) pending.push_back(part);
  std::reverse(pending.begin(), pending.end());
  std::vector<std::string> done;
  int hops = 0;
  auto current = [&] {
    fs::path p = root;
    for (const auto& d : done) p /= d;
    return p;
  };
  while (!pending.empty()) {
    std::string part = pending.back();
    pending.pop_back();
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!done.empty()) done.pop_back();
      continue;
    }
    fs::path candidate = current() / part;
    std::error_code ec;
    if (hops < 40 && fs::is_symlink(fs::symlink_status(candidate, ec))) {
      fs::path target = fs::read_symlink(candidate, ec);
      if (!ec) {
        ++hops;
        if (target.is_absolute()) done.clear();
        std::vector<std::string> parts;
        for (const auto& t : target.relative_path()) parts.push_back(t);
        for (auto it = parts.rbegin(); it != parts.rend(); ++it) pending.push_back(*it);
        continue;
      }
    }
    done.push_back(part);
  }
  return current();
}

}  // namespace minspec::agent::browser
