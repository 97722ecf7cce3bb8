#include "common/paths/default_baseline.h"

#include <cstdlib>
#include <system_error>

namespace minspec {

std::filesystem::path DefaultBaselinePath() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("MINSPEC_BASELINE"); env && *env) return env;
  const fs::path installed = "/usr/share/minspec/baselines/default.textproto";
  std::error_code ec;
  if (fs::exists(installed, ec)) return installed;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path in_tree =
        exe.parent_path().parent_path().parent_path() / "deploy/baselines/default.textproto";
    if (fs::exists(in_tree, ec)) return in_tree;
  }
  return installed;  // the error then names the expected place
}

}  // namespace minspec
