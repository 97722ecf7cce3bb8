#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "minspec/v1/baseline.pb.h"

namespace minspec::baseline {

// Loads a baseline written in protobuf text format (.textproto, # comments).
// Refused, with a message that names where:
//  - unreadable file: the path and the OS reason (NotFound/PermissionDenied...);
//  - malformed text: "file:line:column: <parser message naming the field>";
//  - parsed but invalid (any lint error: duplicate ids, unknown fact paths,
//    empty checks...): "file: requirement '<id>': <message>", one per line.
absl::StatusOr<minspec::v1::Baseline> LoadBaselineFile(const std::filesystem::path& file);

// Parse only (no validation), for lint and tests. `name` is used in messages.
absl::StatusOr<minspec::v1::Baseline> ParseBaselineText(std::string_view text, std::string_view name);

}  // namespace minspec::baseline
