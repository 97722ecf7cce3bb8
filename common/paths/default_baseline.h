#pragma once

#include <filesystem>

namespace minspec {

// Where the default baseline is when no --baseline is given: $MINSPEC_BASELINE,
// then the installed copy (/usr/share/minspec/baselines/default.textproto),
// then the source tree beside a build (build/bin/../../deploy/baselines/).
std::filesystem::path DefaultBaselinePath();

}  // namespace minspec
