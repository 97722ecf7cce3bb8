#pragma once

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "minspec/v1/baseline.pb.h"

namespace minspec::baseline {

struct LintFinding {
  std::string severity;  // error | warning
  std::string requirement_id;
  std::string message;
};

// Reports unknown fact names (resolved against minspec.v1.Facts, or the
// element type inside each/count), wrong fact types, duplicate or empty ids,
// empty checks, references to unknown requirements and reference cycles, and
// impossible conditions: contradicting comparisons of one fact inside an all
// (e.g. >= 5 and < 3), min_version not below below_version, count on a field
// that is not repeated, unreadable version strings.
std::vector<LintFinding> LintBaseline(const minspec::v1::Baseline& baseline);

// `minspec baseline lint FILE`: prints one line per finding to `out`.
// Returns 0 clean (warnings allowed), 1 findings with errors, 2 cannot read/parse.
int RunBaselineLint(const std::filesystem::path& file, std::ostream& out, std::ostream& err);

}  // namespace minspec::baseline
