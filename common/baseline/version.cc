#include "common/baseline/version.h"

#include <algorithm>
#include <cctype>

namespace minspec::baseline {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Words that name a channel or build flavour, not a pre-release.
bool IsChannelWord(const std::string& w) {
  return w == "esr" || w == "lts" || w == "stable" || w == "release" || w == "final" ||
         w == "ga" || w == "build" || w == "r";
}

int PrereleaseRank(const std::string& w) {
  if (w == "a" || w == "alpha") return 2;
  if (w == "b" || w == "beta") return 3;
  if (w == "rc" || w == "pre" || w == "preview") return 4;
  return 1;  // dev, nightly, snapshot, anything else: earliest
}

}  // namespace

std::optional<Version> Version::Parse(std::string_view text) {
  Version v;
  v.text_ = std::string(text);
  std::string_view s = text;
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  if (!s.empty() && (s.front() == 'v' || s.front() == 'V') && s.size() > 1 &&
      std::isdigit(static_cast<unsigned char>(s[1]))) {
    s.remove_prefix(1);
  }
  bool any_digit = false;
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (std::isdigit(c)) {
      size_t j = i;
      unsigned long long n = 0;
      while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) {
        if (n < 1000000000000ULL) n = n * 10 + static_cast<unsigned>(s[j] - '0');
        ++j;
      }
      Part p;
      p.number = n;
      v.parts_.push_back(p);
      any_digit = true;
      i = j;
    } else if (std::isalpha(c)) {
      size_t j = i;
      while (j < s.size() && std::isalpha(static_cast<unsigned char>(s[j]))) ++j;
      std::string word = Lower(s.substr(i, j - i));
      if (!IsChannelWord(word)) {
        Part p;
        p.prerelease = true;
        p.word = word;
        p.rank = PrereleaseRank(word);
        v.parts_.push_back(p);
      }
      i = j;
    } else if (c == '.' || c == '-' || c == '_' || c == '+' || c == '~' || c == ' ') {
      ++i;
    } else {
      return std::nullopt;  // e.g. "67,0" or garbage: not a version we can trust
    }
  }
  if (!any_digit || v.parts_.empty() || v.parts_.front().prerelease) return std::nullopt;
  return v;
}

int Compare(const Version& a, const Version& b) {
  const size_t n = std::max(a.parts_.size(), b.parts_.size());
  for (size_t i = 0; i < n; ++i) {
    const Version::Part* pa = i < a.parts_.size() ? &a.parts_[i] : nullptr;
    const Version::Part* pb = i < b.parts_.size() ? &b.parts_[i] : nullptr;
    // A missing component is 0 ("12" == "12.0"), and a release sorts above a
    // pre-release at the same position ("102.0" > "102.0a1").
    const bool a_pre = pa && pa->prerelease;
    const bool b_pre = pb && pb->prerelease;
    if (a_pre != b_pre) return a_pre ? -1 : 1;
    if (a_pre && b_pre) {
      if (pa->rank != pb->rank) return pa->rank < pb->rank ? -1 : 1;
      if (pa->word != pb->word) return pa->word < pb->word ? -1 : 1;
      continue;
    }
    const unsigned long long na = pa ? pa->number : 0;
    const unsigned long long nb = pb ? pb->number : 0;
    if (na != nb) return na < nb ? -1 : 1;
  }
  return 0;
}

std::optional<int> CompareVersions(std::string_view a, std::string_view b) {
  auto va = Version::Parse(a);
  auto vb = Version::Parse(b);
  if (!va || !vb) return std::nullopt;
  return Compare(*va, *vb);
}

}  // namespace minspec::baseline
