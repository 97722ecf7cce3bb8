#pragma once

#include <filesystem>

#include "minspec/v1/baseline.pb.h"

namespace minspec::testing {

// The shipped default baseline with every network target pointed at a closed
// port on loopback, so the whole agent → collector path runs here without a
// single packet leaving the machine. Written as a .textproto into `dir`.
std::filesystem::path WriteLoopbackBaseline(const std::filesystem::path& dir);

}  // namespace minspec::testing
