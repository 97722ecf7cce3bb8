#pragma once

namespace minspec::agent {
inline constexpr char kAgentVersion[] = "0.1.0";
}
