#pragma once

#include <filesystem>
#include <string_view>

#include "absl/status/statusor.h"
#include "minspec/v1/browser.pb.h"

namespace minspec::agent::browser {

// Parses a Firefox enterprise policies.json ({"policies": {...}}): reads
// DisableAppUpdate, Permissions.Camera/Microphone (BlockNewRequests, the size
// of Allow lists, never the origins) and Preferences for the prefs the
// browser probes collect. Malformed JSON is an error naming the reason.
absl::StatusOr<minspec::v1::BrowserPolicy> ParseFirefoxPolicies(std::string_view json);

// Reads and parses one policies.json; NOT_FOUND when it does not exist.
// The returned policy carries product "firefox", engine "firefox", its path
// and an OK status.
absl::StatusOr<minspec::v1::BrowserPolicy> ReadFirefoxPolicyFile(
    const std::filesystem::path& file, std::string_view shown_path);

}  // namespace minspec::agent::browser
