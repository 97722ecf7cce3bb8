#include "common/baseline/evaluator.h"

#include <algorithm>
#include <optional>
#include <utility>
#include <variant>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/baseline/compare_op.h"
#include "common/baseline/fact_path.h"
#include "common/baseline/version.h"

namespace minspec::baseline {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using minspec::v1::Verdict;
namespace v1 = minspec::v1;

struct Outcome {
  Verdict verdict = v1::UNKNOWN;
  std::string observed;
  std::string expected;
  std::string reason;
  bool awaiting_attestation = false;
};

Outcome Make(Verdict v, std::string observed, std::string expected, std::string reason) {
  Outcome o;
  o.verdict = v;
  o.observed = std::move(observed);
  o.expected = std::move(expected);
  o.reason = std::move(reason);
  return o;
}

Outcome Unknown(std::string reason, std::string expected = {}) {
  return Make(v1::UNKNOWN, "unknown", std::move(expected), std::move(reason));
}

std::string Lower(std::string_view s) { return absl::AsciiStrToLower(absl::string_view(s.data(), s.size())); }

bool Passing(Verdict v) { return v == v1::PASS || v == v1::ATTESTED; }

bool ApplyOp(v1::CompareCheck::Op op, double a, double b) {
  switch (op) {
    case v1::CompareCheck::GE: return a >= b;
    case v1::CompareCheck::GT: return a > b;
    case v1::CompareCheck::LE: return a <= b;
    case v1::CompareCheck::LT: return a < b;
    case v1::CompareCheck::EQ: return a == b;
    case v1::CompareCheck::NE: return a != b;
    default: return false;
  }
}

std::string WithUnit(double v, const std::string& unit) {
  return unit.empty() ? FormatNumber(v) : absl::StrCat(FormatNumber(v), " ", unit);
}

// A short name for one element of a repeated fact, for per-element reports.
std::string ElementLabel(const Message& m, int index) {
  std::vector<std::string> parts;
  for (const char* name : {"product", "channel", "user", "profile", "name", "target", "id", "node"}) {
    const FieldDescriptor* f = m.GetDescriptor()->FindFieldByName(name);
    if (f == nullptr || f->is_repeated() || f->cpp_type() != FieldDescriptor::CPPTYPE_STRING) continue;
    std::string v = m.GetReflection()->GetString(m, f);
    if (!v.empty()) parts.push_back(std::move(v));
  }
  if (parts.empty()) return absl::StrCat("#", index + 1);
  return absl::StrJoin(parts, "/");
}

// Joins texts, dropping repeats (three facts of one failed probe give one reason).
std::string JoinUnique(const std::vector<std::string>& parts, absl::string_view sep) {
  std::vector<std::string> seen;
  for (const std::string& p : parts) {
    if (p.empty() || std::find(seen.begin(), seen.end(), p) != seen.end()) continue;
    seen.push_back(p);
  }
  return absl::StrJoin(seen, sep);
}

// Combines children of all/any. Each child's reason is kept for the ones that decided.
Outcome Combine(const std::vector<Outcome>& kids, bool any) {
  Outcome out;
  std::vector<std::string> observed, expected, reasons_fail, reasons_unknown, reasons_pass;
  int pass = 0, fail = 0, unknown = 0, na = 0, attested = 0;
  int awaiting_unknowns = 0;
  for (const Outcome& k : kids) {
    if (!k.observed.empty()) observed.push_back(k.observed);
    if (!k.expected.empty()) expected.push_back(k.expected);
    switch (k.verdict) {
      case v1::PASS: ++pass; reasons_pass.push_back(k.reason); break;
      case v1::ATTESTED: ++attested; reasons_pass.push_back(k.reason); break;
      case v1::FAIL: ++fail; reasons_fail.push_back(k.reason); break;
      case v1::NOT_APPLICABLE: ++na; break;
      default: ++unknown; reasons_unknown.push_back(k.reason); awaiting_unknowns += k.awaiting_attestation ? 1 : 0; break;
    }
  }
  out.observed = JoinUnique(observed, "; ");
  out.expected = JoinUnique(expected, any ? " or " : " and ");
  // UNKNOWN only because of pending attestations: nothing the workstation can change.
  const bool awaiting = unknown > 0 && awaiting_unknowns == unknown;
  const bool all_na = na == static_cast<int>(kids.size());
  if (all_na) {
    out.verdict = v1::NOT_APPLICABLE;
    out.reason = "not applicable";
    return out;
  }
  if (!any) {
    if (fail > 0) {
      out.verdict = v1::FAIL;
      out.reason = JoinUnique(reasons_fail, "; ");
      if (unknown > 0) absl::StrAppend(&out.reason, "; also unknown: ", JoinUnique(reasons_unknown, "; "));
    } else if (unknown > 0) {
      out.verdict = v1::UNKNOWN;
      out.reason = JoinUnique(reasons_unknown, "; ");
      out.awaiting_attestation = awaiting;
    } else {
      out.verdict = attested > 0 ? v1::ATTESTED : v1::PASS;
      out.reason = JoinUnique(reasons_pass, "; ");
    }
    return out;
  }
  if (pass > 0 || attested > 0) {
    out.verdict = pass > 0 ? v1::PASS : v1::ATTESTED;
    // Only the branches that passed explain an any.
    std::vector<std::string> why;
    for (const Outcome& k : kids) {
      if ((pass > 0 && k.verdict == v1::PASS) || (pass == 0 && k.verdict == v1::ATTESTED)) {
        why.push_back(k.reason);
      }
    }
    out.reason = JoinUnique(why, "; ");
  } else if (unknown > 0) {
    out.verdict = v1::UNKNOWN;
    std::vector<std::string> why = reasons_unknown;
    why.insert(why.end(), reasons_fail.begin(), reasons_fail.end());
    out.reason = JoinUnique(why, "; ");
    out.awaiting_attestation = awaiting;
  } else {
    out.verdict = v1::FAIL;
    out.reason = JoinUnique(reasons_fail, "; ");
  }
  return out;
}

class Run {
 public:
  Run(const v1::Baseline& baseline, const std::unordered_map<std::string, int>& index,
      const v1::Facts& facts, const std::vector<v1::Attestation>& attestations)
      : baseline_(baseline),
        index_(index),
        facts_(facts),
        attestations_(attestations),
        memo_(baseline.requirements_size()),
        in_progress_(baseline.requirements_size(), false) {}

  Outcome Requirement(int i) {
    if (memo_[i]) return *memo_[i];
    const v1::Requirement& req = baseline_.requirements(i);
    if (in_progress_[i]) {
      return Unknown(absl::StrCat("baseline error: requirement '", req.id(), "' refers to itself"));
    }
    in_progress_[i] = true;
    std::string saved = current_id_;
    current_id_ = req.id();
    Outcome o = req.has_check() ? Eval(req.check(), facts_)
                                : Unknown("baseline error: requirement has no check");
    current_id_ = saved;
    in_progress_[i] = false;
    memo_[i] = o;
    return o;
  }

 private:
  Outcome Eval(const v1::Check& c, const Message& scope) {
    switch (c.kind_case()) {
      case v1::Check::kCompare: return Compare(c.compare(), scope);
      case v1::Check::kEquals: return Equals(c.equals(), scope);
      case v1::Check::kOneOf: return OneOf(c.one_of(), scope);
      case v1::Check::kOsVersion: return OsVersion(c.os_version());
      case v1::Check::kBrowserVersion: return BrowserVersion(c.browser_version());
      case v1::Check::kCount: return Count(c.count(), scope);
      case v1::Check::kProbeOk: return ProbeOk(c.probe_ok(), scope);
      case v1::Check::kAll: return Group(c.all().checks(), scope, /*any=*/false);
      case v1::Check::kAny: return Group(c.any().checks(), scope, /*any=*/true);
      case v1::Check::kWhen: return When(c.when(), scope);
      case v1::Check::kEach: return Each(c.each(), scope);
      case v1::Check::kAttestation: return Attestation(c.attestation());
      case v1::Check::kRequirement: return Ref(c.requirement());
      case v1::Check::kConstant: return Constant(c.constant());
      case v1::Check::kVersion: return VersionFact(c.version(), scope);
      case v1::Check::kNegate: return Negate(c.negate(), scope);
      case v1::Check::kTextMatch: return TextMatch(c.text_match(), scope);
      default: return Unknown("baseline error: empty check");
    }
  }

  // A fact path is relative to the scope (the element inside each/count),
  // or to the root Facts with a leading "/".
  struct Located {
    FactPath path;
    FactLookup lookup;
  };
  absl::StatusOr<Located> Locate(const std::string& text, const Message& scope) {
    const bool absolute = !text.empty() && text.front() == '/';
    const Message& start = absolute ? static_cast<const Message&>(facts_) : scope;
    auto path = ResolveFactPath(start.GetDescriptor(), absolute ? std::string_view(text).substr(1)
                                                                : std::string_view(text));
    if (!path.ok()) return path.status();
    Located out{*std::move(path), {}};
    out.lookup = LookupFact(start, out.path);
    if (out.lookup.status_owner.empty() && &start != &facts_) {
      // The element's own status (a profile, an install): a filter only reads
      // its identity (product, engine), which is known even when the probe
      // failed to read the rest, so `where` ignores it.
      if (in_where_) out.lookup.status = nullptr;
      out.lookup.status_owner = start.GetDescriptor()->name();
    }
    return out;
  }

  Outcome Compare(const v1::CompareCheck& c, const Message& scope) {
    double threshold = c.value();
    std::vector<std::string> scaled;
    for (const std::string& s : c.scale_by()) {
      auto path = ResolveFactPath(v1::Baseline::descriptor(), s);
      if (!path.ok() || !IsNumericField(path->leaf())) {
        return Unknown(absl::StrCat("baseline error: scale_by '", s, "' is not a numeric baseline field"));
      }
      const double factor = ReadNumber(LookupFact(baseline_, *path));
      threshold *= factor;
      scaled.push_back(absl::StrCat(s, " = ", FormatNumber(factor)));
    }
    std::string expected = absl::StrCat(c.fact(), " ", CompareOpSymbol(c.op()), " ", WithUnit(threshold, c.unit()));
    if (!scaled.empty()) {
      absl::StrAppend(&expected, " (", FormatNumber(c.value()), " x ", absl::StrJoin(scaled, " x "), ")");
    }
    auto at = Locate(c.fact(), scope);
    if (!at.ok()) return Unknown(absl::StrCat("baseline error: ", at.status().message()), expected);
    if (auto why = WhyUnknown(at->lookup, at->path)) return Unknown(*why, expected);
    if (!IsNumericField(at->path.leaf()) || at->path.leaf()->is_repeated()) {
      return Unknown(absl::StrCat("baseline error: ", c.fact(), " is not a number"), expected);
    }
    const double v = ReadNumber(at->lookup);
    std::string observed = absl::StrCat(c.fact(), " = ", WithUnit(v, c.unit()));
    if (ApplyOp(c.op(), v, threshold)) {
      return Make(v1::PASS, observed, expected, absl::StrCat(observed, " meets ", expected));
    }
    return Make(v1::FAIL, observed, expected,
                absl::StrCat(c.fact(), " is ", WithUnit(v, c.unit()), ", needs ", CompareOpSymbol(c.op()), " ",
                             WithUnit(threshold, c.unit())));
  }

  Outcome Equals(const v1::EqualsCheck& c, const Message& scope) {
    const bool want_bool = c.value_case() == v1::EqualsCheck::kBoolValue;
    const std::string want = want_bool ? (c.bool_value() ? "true" : "false") : c.string_value();
    std::string expected = absl::StrCat(c.fact(), " == ", want);
    auto at = Locate(c.fact(), scope);
    if (!at.ok()) return Unknown(absl::StrCat("baseline error: ", at.status().message()), expected);
    if (auto why = WhyUnknown(at->lookup, at->path)) return Unknown(*why, expected);
    const FieldDescriptor* f = at->path.leaf();
    std::string got;
    if (want_bool && IsBoolField(f) && !f->is_repeated()) {
      got = ReadBool(at->lookup) ? "true" : "false";
    } else if (!want_bool && IsStringField(f) && !f->is_repeated()) {
      got = ReadString(at->lookup);
    } else {
      return Unknown(absl::StrCat("baseline error: ", c.fact(), " has another type than the value"), expected);
    }
    std::string observed = absl::StrCat(c.fact(), " = ", got);
    if (got == want) return Make(v1::PASS, observed, expected, observed);
    return Make(v1::FAIL, observed, expected, absl::StrCat(c.fact(), " is ", got, ", needs ", want));
  }

  // A single string fact, or the UNKNOWN outcome that explains why it cannot be read
  // (baseline error, probe failure, or a field of another type than `kind`).
  std::optional<Outcome> ReadStringFact(const std::string& fact, const Message& scope,
                                        const std::string& expected, const char* kind,
                                        std::string& got) {
    auto at = Locate(fact, scope);
    if (!at.ok()) return Unknown(absl::StrCat("baseline error: ", at.status().message()), expected);
    if (auto why = WhyUnknown(at->lookup, at->path)) return Unknown(*why, expected);
    if (!IsStringField(at->path.leaf()) || at->path.leaf()->is_repeated()) {
      return Unknown(absl::StrCat("baseline error: ", fact, " is not a ", kind), expected);
    }
    got = ReadString(at->lookup);
    return std::nullopt;
  }

  Outcome OneOf(const v1::OneOfCheck& c, const Message& scope) {
    std::string expected = absl::StrCat(c.fact(), " in {", absl::StrJoin(c.values(), ", "), "}");
    std::string got;
    if (auto unknown = ReadStringFact(c.fact(), scope, expected, "string", got)) return *unknown;
    std::string observed = absl::StrCat(c.fact(), " = ", got);
    for (const std::string& v : c.values()) {
      if (Lower(v) == Lower(got)) return Make(v1::PASS, observed, expected, observed);
    }
    for (const std::string& v : c.unknown_values()) {
      if (Lower(v) == Lower(got)) {
        return Make(v1::UNKNOWN, observed, expected, absl::StrCat(c.fact(), " is '", got, "': the probe could not tell"));
      }
    }
    return Make(v1::FAIL, observed, expected,
                absl::StrCat(c.fact(), " is ", got, ", not one of ", absl::StrJoin(c.values(), ", ")));
  }

  Outcome TextMatch(const v1::TextMatchCheck& c, const Message& scope) {
    std::string expected = absl::StrCat(c.fact(), " contains \"", c.contains(), "\"");
    std::string got;
    if (auto unknown = ReadStringFact(c.fact(), scope, expected, "string", got)) return *unknown;
    std::string observed = absl::StrCat(c.fact(), " = ", got);
    const bool hit = c.ignore_case() ? absl::StrContains(Lower(got), Lower(c.contains()))
                                     : absl::StrContains(got, c.contains());
    if (hit) return Make(v1::PASS, observed, expected, observed);
    return Make(v1::FAIL, observed, expected, absl::StrCat(observed, ", does not contain \"", c.contains(), "\""));
  }

  Outcome VersionFact(const v1::VersionCheck& c, const Message& scope) {
    std::vector<std::string> bounds;
    if (!c.min_version().empty()) bounds.push_back(absl::StrCat(">= ", c.min_version()));
    if (!c.below_version().empty()) bounds.push_back(absl::StrCat("< ", c.below_version()));
    std::string expected = absl::StrCat(c.fact(), " ", absl::StrJoin(bounds, " and "));
    std::string got;
    if (auto unknown = ReadStringFact(c.fact(), scope, expected, "version string", got)) return *unknown;
    std::string observed = absl::StrCat(c.fact(), " = ", got);
    std::optional<int> lo, hi;
    if (!c.min_version().empty()) lo = CompareVersions(got, c.min_version());
    if (!c.below_version().empty()) hi = CompareVersions(got, c.below_version());
    if ((!c.min_version().empty() && !lo) || (!c.below_version().empty() && !hi)) {
      return Make(v1::UNKNOWN, observed, expected, absl::StrCat("cannot read version '", got, "'"));
    }
    if ((lo && *lo < 0) || (hi && *hi >= 0)) {
      return Make(v1::FAIL, observed, expected, absl::StrCat(c.fact(), " is ", got, ", needs ", absl::StrJoin(bounds, " and ")));
    }
    return Make(v1::PASS, observed, expected, observed);
  }

  Outcome OsVersion(const v1::OsVersionCheck& c) {
    std::vector<std::string> labels;
    for (const auto& m : c.minimums()) {
      labels.push_back(!m.label().empty() ? m.label()
                                          : absl::StrCat(m.distribution().empty() ? m.family() : m.distribution(),
                                                         " ", m.min_version(), "+"));
    }
    std::string expected = absl::StrCat("one of: ", absl::StrJoin(labels, ", "));
    const v1::OsFacts& os = facts_.os();
    if (auto why = StatusProblem(&os.status(), "os")) return Unknown(*why, expected);
    if (os.family().empty()) return Unknown("os.family not collected (empty)", expected);
    std::string name = os.family();
    if (!os.distribution().empty()) name = absl::StrCat(os.distribution(), " (", os.family(), ")");
    std::string observed = absl::StrCat(name, " ", os.version().empty() ? "(version unknown)" : os.version());
    if (!os.pretty_name().empty()) absl::StrAppend(&observed, " [", os.pretty_name(), "]");
    for (int i = 0; i < c.minimums_size(); ++i) {
      const auto& m = c.minimums(i);
      if (Lower(m.family()) != Lower(os.family())) continue;
      if (!m.distribution().empty() && Lower(m.distribution()) != Lower(os.distribution())) continue;
      // The family (and distribution) is on the list: the version decides.
      if (os.version().empty()) return Make(v1::UNKNOWN, observed, expected, "os.version not collected (empty)");
      auto cmp = CompareVersions(os.version(), m.min_version());
      if (!cmp) {
        return Make(v1::UNKNOWN, observed, expected, absl::StrCat("cannot read OS version '", os.version(), "'"));
      }
      if (*cmp >= 0) return Make(v1::PASS, observed, expected, absl::StrCat(observed, " meets ", labels[i]));
      return Make(v1::FAIL, observed, expected, absl::StrCat(observed, " is older than ", labels[i]));
    }
    return Make(v1::FAIL, observed, expected,
                absl::StrCat(name, " is not supported (supported: ", absl::StrJoin(labels, ", "), ")"));
  }

  Outcome BrowserVersion(const v1::BrowserVersionCheck& c) {
    std::vector<std::string> labels;
    for (const auto& m : c.minimums()) {
      if (!m.label().empty()) {
        labels.push_back(m.label());
      } else {
        labels.push_back(absl::StrCat(m.product(), m.channel().empty() ? "" : absl::StrCat(" ", m.channel()), " ",
                                      m.min_version(), "+"));
      }
    }
    std::string expected = absl::StrCat("at least one of: ", absl::StrJoin(labels, ", "));
    const v1::BrowserFacts& b = facts_.browsers();
    std::vector<std::string> seen, failing, unknown;
    for (const v1::BrowserInstall& install : b.installs()) {
      std::string label = absl::StrCat(install.product(), " ", install.version(),
                                        install.channel().empty() ? "" : absl::StrCat(" (", install.channel(), ")"));
      seen.push_back(label);
      if (auto why = StatusProblem(&install.status(), absl::StrCat("browser ", install.product()))) {
        unknown.push_back(*why);
        continue;
      }
      std::vector<std::string> why_not;
      std::optional<std::string> install_unknown;
      for (int i = 0; i < c.minimums_size(); ++i) {
        const auto& m = c.minimums(i);
        if (Lower(m.product()) != Lower(install.product())) continue;
        if (!m.channel().empty() && Lower(m.channel()) != Lower(install.channel())) continue;
        if (m.os_families_size() > 0) {
          if (auto problem = StatusProblem(&facts_.os().status(), "os"); problem || facts_.os().family().empty()) {
            install_unknown = absl::StrCat(labels[i], " depends on the OS: ",
                                           problem ? *problem : std::string("os.family not collected"));
            continue;
          }
          bool on_family = false;
          for (const auto& fam : m.os_families()) on_family |= Lower(fam) == Lower(facts_.os().family());
          if (!on_family) continue;
        }
        auto lo = CompareVersions(install.version(), m.min_version());
        std::optional<int> hi;
        if (!m.below_version().empty()) hi = CompareVersions(install.version(), m.below_version());
        if (!lo || (!m.below_version().empty() && !hi)) {
          install_unknown = absl::StrCat("cannot read version '", install.version(), "' of ", install.product());
          continue;
        }
        if (*lo < 0 || (hi && *hi >= 0)) {
          why_not.push_back(absl::StrCat("not ", labels[i]));
          continue;
        }
        if (m.has_only_if()) {
          Outcome cond = Eval(m.only_if(), facts_);
          if (cond.verdict == v1::FAIL) {
            why_not.push_back(absl::StrCat(labels[i], " only if ", cond.expected.empty() ? "its condition" : cond.expected,
                                           ", which fails: ", cond.reason));
            continue;
          }
          if (cond.verdict == v1::UNKNOWN) {
            install_unknown = absl::StrCat(labels[i], " only if ", cond.expected, ", which is unknown: ", cond.reason);
            continue;
          }
        }
        return Make(v1::PASS, absl::StrJoin(InstallsLabels(b), ", "), expected,
                    absl::StrCat(label, " meets ", labels[i]));
      }
      if (install_unknown) {
        unknown.push_back(absl::StrCat(label, ": ", *install_unknown));
      } else {
        failing.push_back(why_not.empty() ? absl::StrCat(label, ": not a supported browser")
                                          : absl::StrCat(label, ": ", absl::StrJoin(why_not, "; ")));
      }
    }
    std::string observed = seen.empty() ? "no browser installed" : absl::StrJoin(seen, ", ");
    if (auto why = StatusProblem(&b.status(), "browsers")) {
      unknown.insert(unknown.begin(), *why);
    }
    if (!unknown.empty()) {
      std::vector<std::string> all = unknown;
      all.insert(all.end(), failing.begin(), failing.end());
      return Make(v1::UNKNOWN, observed, expected, absl::StrJoin(all, "; "));
    }
    if (seen.empty()) return Make(v1::FAIL, observed, expected, "no supported browser found (no browser installed)");
    return Make(v1::FAIL, observed, expected,
                absl::StrCat("no supported browser found: ", absl::StrJoin(failing, "; ")));
  }

  static std::vector<std::string> InstallsLabels(const v1::BrowserFacts& b) {
    std::vector<std::string> out;
    for (const auto& i : b.installs()) {
      out.push_back(absl::StrCat(i.product(), " ", i.version(),
                                 i.channel().empty() ? "" : absl::StrCat(" (", i.channel(), ")")));
    }
    return out;
  }

  // The repeated field a count/each iterates, with its governing status checked.
  struct Elements {
    const Message* holder = nullptr;
    const FieldDescriptor* field = nullptr;
    int size = 0;
  };
  std::variant<Elements, Outcome> Iterate(const std::string& fact, const Message& scope,
                                          const std::string& expected) {
    auto at = Locate(fact, scope);
    if (!at.ok()) return Unknown(absl::StrCat("baseline error: ", at.status().message()), expected);
    if (!at->path.leaf()->is_repeated()) {
      return Unknown(absl::StrCat("baseline error: ", fact, " is not a repeated field"), expected);
    }
    if (auto why = StatusProblem(at->lookup.status, at->lookup.status_owner)) return Unknown(*why, expected);
    Elements e;
    e.holder = at->lookup.holder;
    e.field = at->lookup.field;
    e.size = e.holder->GetReflection()->FieldSize(*e.holder, e.field);
    return e;
  }

  Outcome Where(const v1::Check& c, const Message& element) {
    const bool saved = in_where_;
    in_where_ = true;
    Outcome o = Eval(c, element);
    in_where_ = saved;
    return o;
  }

  Outcome Count(const v1::CountCheck& c, const Message& scope) {
    std::string expected = absl::StrCat("at least ", c.min(), " of ", c.fact());
    if (c.has_where()) absl::StrAppend(&expected, " where ", Describe(c.where()));
    auto it = Iterate(c.fact(), scope, expected);
    if (auto* o = std::get_if<Outcome>(&it)) return *o;
    const Elements& e = std::get<Elements>(it);
    int matched = 0, unknown = 0;
    std::vector<std::string> unknown_reasons, matched_labels;
    const bool messages = e.field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
    for (int i = 0; i < e.size; ++i) {
      if (!c.has_where() || !messages) {
        ++matched;
        continue;
      }
      const Message& el = e.holder->GetReflection()->GetRepeatedMessage(*e.holder, e.field, i);
      Outcome o = Where(c.where(), el);
      if (Passing(o.verdict)) {
        ++matched;
        matched_labels.push_back(ElementLabel(el, i));
      } else if (o.verdict == v1::UNKNOWN) {
        ++unknown;
        unknown_reasons.push_back(absl::StrCat(ElementLabel(el, i), ": ", o.reason));
      }
    }
    std::string observed = absl::StrCat(matched, " of ", e.size, " ", c.fact());
    if (!matched_labels.empty()) absl::StrAppend(&observed, " (", absl::StrJoin(matched_labels, ", "), ")");
    if (matched >= static_cast<int>(c.min())) return Make(v1::PASS, observed, expected, observed);
    if (matched + unknown >= static_cast<int>(c.min())) {
      return Make(v1::UNKNOWN, observed, expected, absl::StrJoin(unknown_reasons, "; "));
    }
    return Make(v1::FAIL, observed, expected, absl::StrCat("found ", observed, ", needs at least ", c.min()));
  }

  Outcome Each(const v1::EachCheck& c, const Message& scope) {
    std::string expected = absl::StrCat("every ", c.fact());
    if (c.has_where()) absl::StrAppend(&expected, " where ", Describe(c.where()));
    absl::StrAppend(&expected, ": ", Describe(c.check()));
    auto it = Iterate(c.fact(), scope, expected);
    if (auto* o = std::get_if<Outcome>(&it)) return *o;
    const Elements& e = std::get<Elements>(it);
    if (e.field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
      return Unknown(absl::StrCat("baseline error: ", c.fact(), " is not a repeated message"), expected);
    }
    std::vector<Outcome> per;
    std::vector<std::string> labels;
    for (int i = 0; i < e.size; ++i) {
      const Message& el = e.holder->GetReflection()->GetRepeatedMessage(*e.holder, e.field, i);
      const std::string label = ElementLabel(el, i);
      if (c.has_where()) {
        Outcome w = Where(c.where(), el);
        if (w.verdict == v1::FAIL || w.verdict == v1::NOT_APPLICABLE) continue;
        if (w.verdict == v1::UNKNOWN) {
          Outcome u = Unknown(w.reason);
          per.push_back(u);
          labels.push_back(label);
          continue;
        }
      }
      // An element whose own probe failed is UNKNOWN alone; others still count.
      if (const FieldDescriptor* sf = StatusFieldOf(el.GetDescriptor())) {
        const auto& st = static_cast<const v1::ProbeStatus&>(el.GetReflection()->GetMessage(el, sf));
        if (auto why = StatusProblem(&st, label)) {
          per.push_back(Unknown(*why));
          labels.push_back(label);
          continue;
        }
      }
      per.push_back(Eval(c.check(), el));
      labels.push_back(label);
    }
    if (per.empty()) {
      if (c.empty_is_not_applicable()) {
        return Make(v1::NOT_APPLICABLE, absl::StrCat("no ", c.fact()), expected, absl::StrCat("no ", c.fact(), " to check"));
      }
      return Make(v1::UNKNOWN, absl::StrCat("no ", c.fact()), expected, absl::StrCat("no ", c.fact(), " found to check"));
    }
    std::vector<std::string> observed, fails, unknowns;
    int na = 0;
    for (size_t i = 0; i < per.size(); ++i) {
      observed.push_back(absl::StrCat(labels[i], ": ", VerdictName(per[i].verdict),
                                      per[i].observed.empty() || per[i].observed == "unknown"
                                          ? std::string()
                                          : absl::StrCat(" (", per[i].observed, ")")));
      if (per[i].verdict == v1::FAIL) fails.push_back(absl::StrCat(labels[i], ": ", per[i].reason));
      if (per[i].verdict == v1::UNKNOWN) unknowns.push_back(absl::StrCat(labels[i], ": ", per[i].reason));
      if (per[i].verdict == v1::NOT_APPLICABLE) ++na;
    }
    std::string obs = absl::StrJoin(observed, "; ");
    if (!fails.empty()) {
      std::string reason = absl::StrJoin(fails, "; ");
      if (!unknowns.empty()) absl::StrAppend(&reason, "; unknown: ", absl::StrJoin(unknowns, "; "));
      return Make(v1::FAIL, obs, expected, reason);
    }
    if (!unknowns.empty()) return Make(v1::UNKNOWN, obs, expected, absl::StrJoin(unknowns, "; "));
    if (na == static_cast<int>(per.size())) return Make(v1::NOT_APPLICABLE, obs, expected, "not applicable to any element");
    return Make(v1::PASS, obs, expected, absl::StrCat("all ", per.size() - na, " pass"));
  }

  Outcome ProbeOk(const v1::ProbeOkCheck& c, const Message& scope) {
    std::string expected = absl::StrCat(c.fact(), " ok");
    auto at = Locate(c.fact(), scope);
    if (!at.ok()) return Unknown(absl::StrCat("baseline error: ", at.status().message()), expected);
    const FieldDescriptor* leaf = at->path.leaf();
    if (leaf->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE || leaf->is_repeated()) {
      return Unknown(absl::StrCat("baseline error: ", c.fact(), " is not a probe message"), expected);
    }
    if (auto why = StatusProblem(at->lookup.status, at->lookup.status_owner)) return Unknown(*why, expected);
    const Message& probe = at->lookup.holder->GetReflection()->GetMessage(*at->lookup.holder, leaf);
    const FieldDescriptor* ok = probe.GetDescriptor()->FindFieldByName("ok");
    const FieldDescriptor* summary = probe.GetDescriptor()->FindFieldByName("summary");
    if (ok == nullptr || !IsBoolField(ok)) {
      return Unknown(absl::StrCat("baseline error: ", c.fact(), " has no ok field"), expected);
    }
    std::string text = summary != nullptr && IsStringField(summary) ? probe.GetReflection()->GetString(probe, summary) : "";
    if (ok->has_presence() && !probe.GetReflection()->HasField(probe, ok)) {
      return Make(v1::UNKNOWN, text.empty() ? "unknown" : text, expected,
                  absl::StrCat(c.fact(), ".ok not collected", text.empty() ? "" : absl::StrCat(": ", text)));
    }
    const bool passed = probe.GetReflection()->GetBool(probe, ok);
    std::string observed = text.empty() ? absl::StrCat(c.fact(), passed ? " ok" : " failed") : text;
    if (passed) return Make(v1::PASS, observed, expected, observed);
    return Make(v1::FAIL, observed, expected, text.empty() ? absl::StrCat(c.fact(), " failed") : text);
  }

  Outcome Group(const google::protobuf::RepeatedPtrField<v1::Check>& checks, const Message& scope, bool any) {
    if (checks.empty()) return Unknown(absl::StrCat("baseline error: empty ", any ? "any" : "all"));
    std::vector<Outcome> kids;
    kids.reserve(checks.size());
    for (const auto& c : checks) kids.push_back(Eval(c, scope));
    return Combine(kids, any);
  }

  Outcome When(const v1::WhenCheck& c, const Message& scope) {
    Outcome cond = Eval(c.condition(), scope);
    if (cond.verdict == v1::UNKNOWN) {
      cond.reason = absl::StrCat("cannot tell whether this applies: ", cond.reason);
      return cond;
    }
    if (!Passing(cond.verdict)) {
      return Make(v1::NOT_APPLICABLE, cond.observed, absl::StrCat("applies only when ", cond.expected),
                  absl::StrCat("not applicable: ", cond.reason));
    }
    return Eval(c.then(), scope);
  }

  Outcome Negate(const v1::NegateCheck& c, const Message& scope) {
    Outcome o = Eval(c.check(), scope);
    o.expected = absl::StrCat("not (", o.expected, ")");
    if (o.verdict == v1::PASS) {
      o.verdict = v1::FAIL;
    } else if (o.verdict == v1::FAIL) {
      o.verdict = v1::PASS;
    }
    return o;
  }

  Outcome Constant(const v1::ConstantCheck& c) {
    return Make(c.verdict() == v1::VERDICT_UNSPECIFIED ? v1::UNKNOWN : c.verdict(), c.reason(), "", c.reason());
  }

  Outcome Attestation(const v1::AttestationCheck& c) {
    const v1::Attestation* best = nullptr;
    for (const auto& a : attestations_) {
      if (a.requirement_id() != current_id_) continue;
      if (!a.host_id().empty() && a.host_id() != facts_.host().host_id()) continue;
      if (best == nullptr || a.attested_at().seconds() > best->attested_at().seconds()) best = &a;
    }
    std::string expected = "an admin's attestation";
    if (best != nullptr) {
      std::string when;
      if (best->has_attested_at()) {
        when = absl::StrCat(" on ", absl::FormatTime("%Y-%m-%d", absl::FromUnixSeconds(best->attested_at().seconds()),
                                                     absl::UTCTimeZone()));
      }
      std::string observed = absl::StrCat("attested by ", best->attested_by().empty() ? "(unnamed)" : best->attested_by(),
                                          when, best->host_id().empty() ? " for the whole fleet" : " for this host",
                                          best->reason().empty() ? "" : absl::StrCat(": ", best->reason()));
      return Make(v1::ATTESTED, observed, expected, observed);
    }
    Outcome o = Make(v1::UNKNOWN, "not attested", expected,
                     absl::StrCat("not measurable from a workstation; awaiting an admin's attestation",
                                  c.hint().empty() ? "" : absl::StrCat(": ", c.hint())));
    o.awaiting_attestation = true;
    return o;
  }

  Outcome Ref(const v1::RequirementRef& c) {
    auto it = index_.find(c.id());
    if (it == index_.end()) return Unknown(absl::StrCat("baseline error: no requirement '", c.id(), "'"));
    Outcome o = Requirement(it->second);
    Outcome out = o;
    out.observed = absl::StrCat(c.id(), " ", VerdictName(o.verdict), o.observed.empty() ? "" : absl::StrCat(" (", o.observed, ")"));
    out.expected = absl::StrCat(c.id(), " passes");
    out.reason = absl::StrCat(c.id(), " is ", VerdictName(o.verdict), o.reason.empty() ? "" : absl::StrCat(": ", o.reason));
    return out;
  }

  // A compact description of a check, for the "expected" of each/count.
  std::string Describe(const v1::Check& c) {
    switch (c.kind_case()) {
      case v1::Check::kCompare:
        return absl::StrCat(c.compare().fact(), " ", CompareOpSymbol(c.compare().op()), " ",
                            WithUnit(c.compare().value(), c.compare().unit()));
      case v1::Check::kEquals:
        return absl::StrCat(c.equals().fact(), " == ",
                            c.equals().value_case() == v1::EqualsCheck::kBoolValue
                                ? (c.equals().bool_value() ? "true" : "false")
                                : c.equals().string_value());
      case v1::Check::kOneOf:
        return absl::StrCat(c.one_of().fact(), " in {", absl::StrJoin(c.one_of().values(), ", "), "}");
      case v1::Check::kTextMatch:
        return absl::StrCat(c.text_match().fact(), " contains \"", c.text_match().contains(), "\"");
      case v1::Check::kVersion:
        return absl::StrCat(c.version().fact(), " >= ", c.version().min_version());
      case v1::Check::kCount:
        return absl::StrCat("at least ", c.count().min(), " ", c.count().fact(),
                            c.count().has_where() ? absl::StrCat(" where ", Describe(c.count().where())) : "");
      case v1::Check::kProbeOk: return absl::StrCat(c.probe_ok().fact(), " ok");
      case v1::Check::kRequirement: return absl::StrCat(c.requirement().id(), " passes");
      case v1::Check::kNegate: return absl::StrCat("not (", Describe(c.negate().check()), ")");
      case v1::Check::kWhen:
        return absl::StrCat("if ", Describe(c.when().condition()), " then ", Describe(c.when().then()));
      case v1::Check::kAll:
      case v1::Check::kAny: {
        const auto& list = c.kind_case() == v1::Check::kAll ? c.all().checks() : c.any().checks();
        std::vector<std::string> parts;
        for (const auto& k : list) parts.push_back(Describe(k));
        return absl::StrCat("(", absl::StrJoin(parts, c.kind_case() == v1::Check::kAll ? " and " : " or "), ")");
      }
      default: return "check";
    }
  }

  const v1::Baseline& baseline_;
  const std::unordered_map<std::string, int>& index_;
  const v1::Facts& facts_;
  const std::vector<v1::Attestation>& attestations_;
  std::vector<std::optional<Outcome>> memo_;
  std::vector<bool> in_progress_;
  std::string current_id_;
  bool in_where_ = false;
};

}  // namespace

std::string VerdictName(v1::Verdict v) {
  switch (v) {
    case v1::PASS: return "PASS";
    case v1::FAIL: return "FAIL";
    case v1::UNKNOWN: return "UNKNOWN";
    case v1::NOT_APPLICABLE: return "NOT_APPLICABLE";
    case v1::ATTESTED: return "ATTESTED";
    default: return "UNSPECIFIED";
  }
}

std::string SeverityName(v1::Severity s) {
  switch (s) {
    case v1::MUST: return "MUST";
    case v1::SHOULD: return "SHOULD";
    case v1::INFO: return "INFO";
    default: return "UNSPECIFIED";
  }
}

Evaluator::Evaluator(v1::Baseline baseline) : baseline_(std::move(baseline)) {
  for (int i = 0; i < baseline_.requirements_size(); ++i) {
    index_.emplace(baseline_.requirements(i).id(), i);  // first wins; lint reports duplicates
  }
}

v1::Evaluation Evaluator::Evaluate(const v1::Facts& facts,
                                   const std::vector<v1::Attestation>& attestations) const {
  v1::Evaluation out;
  out.set_baseline_name(baseline_.name());
  out.set_baseline_version(baseline_.version());
  const absl::Time now = absl::Now();
  out.mutable_evaluated_at()->set_seconds(absl::ToUnixSeconds(now));
  Run run(baseline_, index_, facts, attestations);
  for (int i = 0; i < baseline_.requirements_size(); ++i) {
    const v1::Requirement& req = baseline_.requirements(i);
    Outcome o = run.Requirement(i);
    v1::RequirementResult* r = out.add_results();
    r->set_id(req.id());
    r->set_verdict(o.verdict);
    r->set_severity(req.severity());
    r->set_area(req.area());
    r->set_title(req.title());
    r->set_observed(o.observed);
    r->set_expected(o.expected.empty() ? req.pass_when() : o.expected);
    r->set_reason(o.reason);
    r->set_remediation(req.remediation());
    r->set_awaiting_attestation(o.verdict == v1::UNKNOWN && o.awaiting_attestation);
  }
  return out;
}

}  // namespace minspec::baseline
