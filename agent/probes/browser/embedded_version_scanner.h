#pragma once

#include <filesystem>

#include "absl/status/statusor.h"

namespace minspec::agent::browser {

// Last resort for a Chromium-family binary with no text file holding its
// version (a copied /opt tree, no package record): scans the file, in
// chunks, for NUL-delimited strings shaped like a Chromium version
// (MAJOR.0.BUILD.PATCH with a 2-3 digit major and 4-5 digit build) and
// returns the highest. The binary also embeds older versions (e.g. minimum
// versions of components), hence the highest. NOT_FOUND when none.
absl::StatusOr<std::string> ScanEmbeddedChromiumVersion(const std::filesystem::path& binary);

}  // namespace minspec::agent::browser
