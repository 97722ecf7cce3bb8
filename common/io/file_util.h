#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace minspec::io {

// Whole file, or NOT_FOUND / PERMISSION_DENIED / INTERNAL naming the path and errno.
absl::StatusOr<std::string> ReadFile(const std::filesystem::path& path);

// Writes to a temporary file beside `path`, fsyncs, sets `mode`, renames over
// `path`: a crash leaves the old file or the new one, never half of either.
absl::Status WriteFileAtomic(const std::filesystem::path& path, std::string_view data,
                             std::filesystem::perms mode = std::filesystem::perms::owner_read |
                                                           std::filesystem::perms::owner_write);

}  // namespace minspec::io
