#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace minspec::agent::netpath {

// An IPv4 or IPv6 prefix such as "37.61.222.224/27".
struct Cidr {
  int family = 0;  // AF_INET or AF_INET6
  std::array<uint8_t, 16> bytes{};
  int prefix_len = 0;
};

absl::StatusOr<Cidr> ParseCidr(const std::string& text);

// True when `address` (a numeric IPv4/IPv6 address) lies inside `range`.
bool CidrContains(const Cidr& range, const std::string& address);

}  // namespace minspec::agent::netpath
