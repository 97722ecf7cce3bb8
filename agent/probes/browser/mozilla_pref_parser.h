#pragma once

#include <map>
#include <string>
#include <string_view>
#include <variant>

#include "absl/status/statusor.h"

namespace minspec::agent::browser {

// One value of a Mozilla preference file: string, bool or integer.
using PrefValue = std::variant<std::string, bool, int64_t>;

struct PrefEntry {
  PrefValue value;
  // pref(), user_pref(), defaultPref(), lockPref(), sticky_pref()
  std::string function;
  bool locked = false;  // lockPref(): users cannot change it
};

// Parses Mozilla preference files (prefs.js, user.js, defaults/pref/*.js,
// /etc/firefox-esr/*.js): statements of the form `user_pref("name", value);`
// with // and /* */ comments, # line comments, string escapes, bools and
// integers. Only names for which `wanted(name)` is true are kept, so prefs
// holding URLs or history never leave the parser.
// A malformed statement is an error (naming the line): Firefox itself stops
// reading such a file, so its values cannot be trusted.
template <typename Pred>
absl::StatusOr<std::map<std::string, PrefEntry>> ParseMozillaPrefs(std::string_view text,
                                                                   Pred wanted);

// Non-template core: `wanted` as a function pointer plus context.
absl::StatusOr<std::map<std::string, PrefEntry>> ParseMozillaPrefsImpl(
    std::string_view text, bool (*wanted)(const void* ctx, std::string_view name),
    const void* ctx);

template <typename Pred>
absl::StatusOr<std::map<std::string, PrefEntry>> ParseMozillaPrefs(std::string_view text,
                                                                   Pred wanted) {
  return ParseMozillaPrefsImpl(
      text,
      [](const void* ctx, std::string_view name) {
        return (*static_cast<const Pred*>(ctx))(name);
      },
      &wanted);
}

// The preference names the browser probes need (and nothing else).
bool IsCollectedFirefoxPref(std::string_view name);

}  // namespace minspec::agent::browser
