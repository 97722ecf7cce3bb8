#include "agent/probes/browser/mozilla_pref_parser.h"

#include <cctype>
#include <charconv>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace minspec::agent::browser {
namespace {

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  bool AtEnd() {
    SkipSpaceAndComments();
    return pos_ >= text_.size();
  }
  int line() const { return line_; }

  absl::Status Error(std::string_view what) const {
    return absl::InvalidArgumentError(absl::StrCat("line ", line_, ": ", std::string(what)));
  }

  void SkipSpaceAndComments() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '\n') {
        ++line_;
        ++pos_;
      } else if (std::isspace(static_cast<unsigned char>(c))) {
        ++pos_;
      } else if (c == '#' || (c == '/' && Peek(1) == '/')) {
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
      } else if (c == '/' && Peek(1) == '*') {
        pos_ += 2;
        while (pos_ < text_.size() && !(text_[pos_] == '*' && Peek(1) == '/')) {
          if (text_[pos_] == '\n') ++line_;
          ++pos_;
        }
        pos_ = std::min(pos_ + 2, text_.size());
      } else {
        return;
      }
    }
  }

  bool Consume(char c) {
    SkipSpaceAndComments();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  std::string Identifier() {
    SkipSpaceAndComments();
    size_t start = pos_;
    while (pos_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_'))
      ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }

  bool NextIsQuote() {
    SkipSpaceAndComments();
    return pos_ < text_.size() && (text_[pos_] == '"' || text_[pos_] == '\'');
  }

  // A "..." or '...' literal with \n \t \\ \" \' \xHH \uHHHH escapes.
  absl::StatusOr<std::string> String() {
    SkipSpaceAndComments();
    if (pos_ >= text_.size() || (text_[pos_] != '"' && text_[pos_] != '\''))
      return Error("expected a string");
    const char quote = text_[pos_++];
    std::string out;
    while (true) {
      if (pos_ >= text_.size() || text_[pos_] == '\n') return Error("unterminated string");
      char c = text_[pos_++];
      if (c == quote) return out;
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (pos_ >= text_.size()) return Error("unterminated escape");
      char e = text_[pos_++];
      switch (e) {
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case '\\': case '"': case '\'': out.push_back(e); break;
        case 'x':
        case 'u': {
          const size_t n = e == 'x' ? 2 : 4;
          if (pos_ + n > text_.size()) return Error("short escape");
          uint32_t cp = 0;
          auto [p, ec] = std::from_chars(text_.data() + pos_, text_.data() + pos_ + n, cp, 16);
          if (ec != std::errc() || p != text_.data() + pos_ + n) return Error("bad escape");
          pos_ += n;
          AppendUtf8(cp, out);
          break;
        }
        default: return Error(absl::StrCat("unknown escape \\", std::string(1, e)));
      }
    }
  }

  absl::StatusOr<PrefValue> Value() {
    if (NextIsQuote()) {
      auto s = String();
      if (!s.ok()) return s.status();
      return PrefValue(*std::move(s));
    }
    SkipSpaceAndComments();
    size_t start = pos_;
    if (pos_ < text_.size() && (text_[pos_] == '-' || text_[pos_] == '+')) ++pos_;
    while (pos_ < text_.size() && std::isalnum(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    std::string_view word = text_.substr(start, pos_ - start);
    if (word == "true") return PrefValue(true);
    if (word == "false") return PrefValue(false);
    std::string_view digits = word;
    if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
    int64_t n = 0;
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (digits.empty() || ec != std::errc() || p != digits.data() + digits.size())
      return Error(absl::StrCat("expected a value, found '", std::string(word), "'"));
    return PrefValue(n);
  }

 private:
  char Peek(size_t ahead) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  static void AppendUtf8(uint32_t cp, std::string& out) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
  int line_ = 1;
};

bool IsPrefFunction(std::string_view f) {
  return f == "user_pref" || f == "pref" || f == "defaultPref" || f == "lockPref" ||
         f == "sticky_pref";
}

}  // namespace

absl::StatusOr<std::map<std::string, PrefEntry>> ParseMozillaPrefsImpl(
    std::string_view text, bool (*wanted)(const void* ctx, std::string_view name),
    const void* ctx) {
  std::map<std::string, PrefEntry> prefs;
  Lexer lex(text);
  while (!lex.AtEnd()) {
    const int line = lex.line();
    std::string function = lex.Identifier();
    if (!IsPrefFunction(function))
      return absl::InvalidArgumentError(
          absl::StrCat("line ", line, ": expected user_pref(...), found '",
                       function.empty() ? std::string("?") : function, "'"));
    if (!lex.Consume('(')) return lex.Error("expected '('");
    auto name = lex.String();
    if (!name.ok()) return name.status();
    if (!lex.Consume(',')) return lex.Error("expected ','");
    auto value = lex.Value();
    if (!value.ok()) return value.status();
    // Optional attributes after the value: pref("x", 1, sticky, locked);
    bool locked = function == "lockPref";
    while (lex.Consume(',')) {
      std::string attr = lex.Identifier();
      if (attr == "locked") locked = true;
      else if (attr != "sticky") return lex.Error("unknown attribute");
    }
    if (!lex.Consume(')')) return lex.Error("expected ')'");
    if (!lex.Consume(';')) return lex.Error("expected ';'");
    if (wanted(ctx, *name)) {
      // Later statements win, as in Firefox.
      prefs[*name] = PrefEntry{*std::move(value), function, locked};
    }
  }
  return prefs;
}

bool IsCollectedFirefoxPref(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "javascript.enabled",
      "media.navigator.enabled",
      "media.peerconnection.enabled",
      "media.gmp-gmpopenh264.enabled",
      "media.gmp-gmpopenh264.version",
      "media.gmp-gmpopenh264.autoupdate",
      "media.gmp-manager.updateEnabled",
      "app.update.enabled",
      "app.update.auto",
      "app.update.channel",
      "media.navigator.permission.disabled",
      "permissions.default.camera",
      "permissions.default.microphone",
  };
  for (std::string_view n : kNames)
    if (n == name) return true;
  return false;
}

}  // namespace minspec::agent::browser
