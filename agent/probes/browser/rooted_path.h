#pragma once

#include <filesystem>
#include <string_view>

namespace minspec::agent::browser {

// Resolves `absolute` under `root`, following symlinks component by component
// and re-rooting absolute link targets, so a fixture tree's
// `browser/defaults/syspref -> /etc/firefox-esr` stays inside the fixture.
// Missing components are kept as they are (the caller's read then fails with
// the path in its message).
std::filesystem::path ResolveUnderRoot(const std::filesystem::path& root,
                                       std::string_view absolute);

}  // namespace minspec::agent::browser
