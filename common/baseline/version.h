#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace minspec::baseline {

// A version string as products print them: "67.0.3396.99", "115.5.0esr",
// "10.15.7", "8.1", "12.04", "102.0a1", "4.4.2", "2.3.2".
//
// Rules (documented because baselines depend on them):
//  - numbers are compared numerically, component by component; a missing
//    component counts as 0, so "12" == "12.0" and "12.04" > "12";
//  - channel words that are not pre-releases ("esr", "lts", "stable",
//    "release") are ignored: "115.5.0esr" == "115.5.0";
//  - other letters mark a pre-release, which sorts below the release it
//    precedes: "102.0a1" < "102.0b1" < "102.0rc1" < "102.0" < "102.0.1";
//  - a leading "v" is dropped; a string without any digit is not a version.
class Version {
 public:
  static std::optional<Version> Parse(std::string_view text);
  const std::string& text() const { return text_; }

  // <0, 0, >0 like strcmp.
  friend int Compare(const Version& a, const Version& b);
  friend bool operator<(const Version& a, const Version& b) { return Compare(a, b) < 0; }
  friend bool operator==(const Version& a, const Version& b) { return Compare(a, b) == 0; }

 private:
  struct Part {
    bool prerelease = false;  // a word such as "a", "beta", "rc"
    int rank = 0;             // pre-release words in order: dev/pre < a < b < rc
    std::string word;
    unsigned long long number = 0;
  };
  std::string text_;
  std::vector<Part> parts_;
};

// Compares two version strings; nullopt when either is not a version.
std::optional<int> CompareVersions(std::string_view a, std::string_view b);

}  // namespace minspec::baseline
