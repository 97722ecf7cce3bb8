#pragma once

// Small helpers the Linux probes share: read a file under the probe root and
// pick apart the "key: value" text that /proc, /sys and os-release use.
// Header-only so the OS family can use it without linking the hardware one.

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "agent/probes/probe.h"
#include "common/io/file_util.h"

namespace minspec::agent::linux_text {

// `absolute` resolved under ctx.root. Errors name the full path and the errno
// text (from io::ReadFile), which is what goes into ProbeStatus.error.
inline absl::StatusOr<std::string> Read(const ProbeContext& ctx, std::string_view absolute) {
  return minspec::io::ReadFile(ctx.Path(absolute));
}

inline std::string_view Trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n";
  const size_t begin = s.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  const size_t end = s.find_last_not_of(kSpace);
  return s.substr(begin, end - begin + 1);
}

// First line, trimmed: the shape of every sysfs attribute file.
inline std::optional<std::string> ReadTrimmed(const ProbeContext& ctx, std::string_view absolute) {
  auto text = Read(ctx, absolute);
  if (!text.ok()) return std::nullopt;
  return std::string(Trim(*text));
}

// Calls fn(line) for each line (without the newline).
template <typename Fn>
void ForEachLine(std::string_view text, Fn&& fn) {
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    fn(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
}

// "key <sep> value" with both sides trimmed; false when `sep` is absent.
inline bool SplitKeyValue(std::string_view line, char sep, std::string_view& key,
                          std::string_view& value) {
  const size_t pos = line.find(sep);
  if (pos == std::string_view::npos) return false;
  key = Trim(line.substr(0, pos));
  value = Trim(line.substr(pos + 1));
  return true;
}

inline std::optional<uint64_t> ParseUint(std::string_view s) {
  s = Trim(s);
  uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr == s.data()) return std::nullopt;
  return v;
}

// Leading decimal number ("2100.000", "2.40GHz" -> 2.40); nullopt if none.
inline std::optional<double> ParseLeadingDouble(std::string_view s) {
  s = Trim(s);
  double v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr == s.data()) return std::nullopt;
  return v;
}

}  // namespace minspec::agent::linux_text
