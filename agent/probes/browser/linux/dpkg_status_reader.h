#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace minspec::agent::browser {

// Installed packages from dpkg's database file (/var/lib/dpkg/status), read
// as a file: dpkg-query is never run. Only "install ok installed" entries.
// Values are the full Debian version ("1:156.0.8078.108-1~deb12u1").
absl::StatusOr<std::map<std::string, std::string>> ReadInstalledDebPackages(
    const std::filesystem::path& status_file);

// "1:156.0.8078.108-1~deb12u1" -> "156.0.8078.108": no epoch, no Debian revision.
std::string DebianUpstreamVersion(std::string_view debian_version);

}  // namespace minspec::agent::browser
