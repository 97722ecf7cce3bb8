#pragma once

#include <string_view>

namespace minspec::agent::browser {

// Orders dotted versions numerically component by component ("1.10" > "1.8",
// "2.3.2" > "2.3"); non-digit suffixes ("153.7.0esr") are ignored.
// Returns <0, 0, >0 like strcmp.
int CompareDottedVersions(std::string_view a, std::string_view b);

}  // namespace minspec::agent::browser
