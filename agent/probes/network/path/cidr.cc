#include "agent/probes/network/path/cidr.h"

#include <arpa/inet.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace minspec::agent::netpath {
namespace {

bool ParseAddress(const std::string& text, int* family, std::array<uint8_t, 16>* bytes) {
  bytes->fill(0);
  if (inet_pton(AF_INET, text.c_str(), bytes->data()) == 1) {
    *family = AF_INET;
    return true;
  }
  if (inet_pton(AF_INET6, text.c_str(), bytes->data()) == 1) {
    *family = AF_INET6;
    return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<Cidr> ParseCidr(const std::string& text) {
  Cidr cidr;
  const size_t slash = text.find('/');
  const std::string address = text.substr(0, slash);
  if (!ParseAddress(address, &cidr.family, &cidr.bytes)) {
    return absl::InvalidArgumentError(absl::StrCat("not a CIDR range: ", text));
  }
  const int max_len = cidr.family == AF_INET ? 32 : 128;
  cidr.prefix_len = max_len;
  if (slash != std::string::npos &&
      (!absl::SimpleAtoi(text.substr(slash + 1), &cidr.prefix_len) || cidr.prefix_len < 0 ||
       cidr.prefix_len > max_len)) {
    return absl::InvalidArgumentError(absl::StrCat("bad prefix length in ", text));
  }
  return cidr;
}

bool CidrContains(const Cidr& range, const std::string& address) {
  int family = 0;
  std::array<uint8_t, 16> bytes{};
  if (!ParseAddress(address, &family, &bytes) || family != range.family) return false;
  int bits = range.prefix_len;
  for (size_t i = 0; bits > 0; ++i, bits -= 8) {
    const uint8_t mask = bits >= 8 ? 0xff : static_cast<uint8_t>(0xff << (8 - bits));
    if ((bytes[i] & mask) != (range.bytes[i] & mask)) return false;
  }
  return true;
}

}  // namespace minspec::agent::netpath
