#include "agent/probes/browser/embedded_version_scanner.h"

#include <cctype>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "agent/probes/browser/version_order.h"

namespace minspec::agent::browser {
namespace {

bool AllDigits(absl::string_view s, size_t min, size_t max) {
  if (s.size() < min || s.size() > max) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

bool LooksLikeChromiumVersion(std::string_view s) {
  std::vector<absl::string_view> parts = absl::StrSplit(absl::string_view(s.data(), s.size()), '.');
  return parts.size() == 4 && AllDigits(parts[0], 2, 3) && parts[1] == "0" &&
         AllDigits(parts[2], 4, 5) && AllDigits(parts[3], 1, 4);
}

}  // namespace

absl::StatusOr<std::string> ScanEmbeddedChromiumVersion(const std::filesystem::path& binary) {
  std::ifstream in(binary, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(binary.string(), ": cannot open"));
  constexpr size_t kChunk = 1 << 20;
  constexpr size_t kKeep = 32;  // longer than any candidate, so none is cut at a chunk edge
  std::string buf;
  std::string best;
  std::vector<char> chunk(kChunk);
  while (in) {
    in.read(chunk.data(), static_cast<std::streamsize>(kChunk));
    const size_t got = static_cast<size_t>(in.gcount());
    if (got == 0) break;
    buf.append(chunk.data(), got);
    // Candidates are runs of [0-9.] between NULs.
    size_t last_nul = std::string::npos;
    for (size_t i = 0; i < buf.size(); ++i) {
      if (buf[i] != '\0') continue;
      if (last_nul != std::string::npos && i - last_nul - 1 >= 10 && i - last_nul - 1 <= 20) {
        std::string_view cand(buf.data() + last_nul + 1, i - last_nul - 1);
        if (LooksLikeChromiumVersion(cand) && (best.empty() || CompareDottedVersions(cand, best) > 0))
          best = std::string(cand);
      }
      last_nul = i;
    }
    // Keep the tail after the last NUL (bounded) for the next chunk.
    const size_t from = last_nul == std::string::npos ? buf.size() : last_nul;
    buf.erase(0, buf.size() - from > kKeep ? buf.size() - kKeep : from);
  }
  if (best.empty()) return absl::NotFoundError(absl::StrCat(binary.string(), ": no embedded version string"));
  return best;
}

}  // namespace minspec::agent::browser
