#include "agent/probes/browser/version_order.h"

#include <cctype>
#include <cstdint>

namespace minspec::agent::browser {
namespace {

// Next numeric component starting at `pos`; stops at the first non-digit
// that is not a dot.
bool NextComponent(std::string_view s, size_t& pos, uint64_t& out) {
  if (pos >= s.size() || !std::isdigit(static_cast<unsigned char>(s[pos]))) return false;
  out = 0;
  while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos])))
    out = out * 10 + static_cast<uint64_t>(s[pos++] - '0');
  if (pos < s.size() && s[pos] == '.') ++pos;
  return true;
}

}  // namespace

int CompareDottedVersions(std::string_view a, std::string_view b) {
  size_t pa = 0, pb = 0;
  while (true) {
    uint64_t ca = 0, cb = 0;
    const bool ha = NextComponent(a, pa, ca);
    const bool hb = NextComponent(b, pb, cb);
    if (!ha && !hb) return 0;
    if (ca != cb) return ca < cb ? -1 : 1;
  }
}

}  // namespace minspec::agent::browser
