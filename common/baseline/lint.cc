#include "common/baseline/lint.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/baseline/compare_op.h"
#include "common/baseline/fact_path.h"
#include "common/baseline/loader.h"
#include "common/baseline/version.h"
#include "common/io/file_util.h"
#include "minspec/v1/facts.pb.h"

namespace minspec::baseline {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
namespace v1 = minspec::v1;

const std::set<std::string>& KnownAreas() {
  static const std::set<std::string> k{"network", "hardware", "software", "calendar", "client"};
  return k;
}
const std::set<std::string>& KnownOsFamilies() {
  static const std::set<std::string> k{"linux", "windows", "macos", "android", "ios", "chromeos"};
  return k;
}

// One bound on a numeric fact, for the impossible-condition check.
struct Bound {
  double value;
  bool strict;
  std::string text;
};

class Linter {
 public:
  explicit Linter(const v1::Baseline& b) : b_(b) {}

  std::vector<LintFinding> Run() {
    std::unordered_map<std::string, int> seen;
    for (int i = 0; i < b_.requirements_size(); ++i) {
      const v1::Requirement& r = b_.requirements(i);
      id_ = r.id();
      if (r.id().empty()) {
        id_ = absl::StrCat("#", i + 1);
        Error(absl::StrCat("requirement #", i + 1, " has no id"));
      } else if (!seen.emplace(r.id(), i).second) {
        Error(absl::StrCat("duplicate id '", r.id(), "' (also requirement #", seen[r.id()] + 1, ")"));
      }
      if (r.severity() == v1::SEVERITY_UNSPECIFIED) Error("no severity (MUST, SHOULD or INFO)");
      if (r.area().empty()) {
        Warn("no area");
      } else if (!KnownAreas().count(r.area())) {
        Warn(absl::StrCat("unknown area '", r.area(), "' (known: network, hardware, software, calendar)"));
      }
      if (r.title().empty()) Warn("no title");
      if (r.sheet_says().empty()) Warn("no sheet_says: quote the sentence of the sheet");
      if (r.remediation().empty()) Warn("no remediation hint");
      if (!r.has_check()) {
        Error("empty check: the requirement has no check");
      } else {
        refs_.clear();
        Walk(r.check(), v1::Facts::descriptor(), "check");
        graph_[r.id()] = refs_;
      }
    }
    id_.clear();
    FindCycles();
    return std::move(out_);
  }

 private:
  void Error(std::string msg) { out_.push_back({"error", id_, std::move(msg)}); }
  void Warn(std::string msg) { out_.push_back({"warning", id_, std::move(msg)}); }

  // Resolves a fact for a check at `where`; reports and returns null when unknown.
  const FieldDescriptor* Fact(const std::string& text, const Descriptor* scope, const std::string& where) {
    if (text.empty()) {
      Error(absl::StrCat(where, ": no fact named"));
      return nullptr;
    }
    const bool absolute = text.front() == '/';
    auto path = ResolveFactPath(absolute ? v1::Facts::descriptor() : scope,
                                absolute ? std::string_view(text).substr(1) : std::string_view(text));
    if (!path.ok()) {
      Error(absl::StrCat(where, ": ", path.status().message()));
      return nullptr;
    }
    return path->leaf();
  }

  void CheckVersion(const std::string& v, const std::string& where) {
    if (!Version::Parse(v)) Error(absl::StrCat(where, ": '", v, "' is not a version"));
  }

  void Walk(const v1::Check& c, const Descriptor* scope, const std::string& where) {
    switch (c.kind_case()) {
      case v1::Check::kCompare: {
        const auto& k = c.compare();
        const std::string w = absl::StrCat(where, ".compare");
        if (k.op() == v1::CompareCheck::OP_UNSPECIFIED) Error(absl::StrCat(w, ": no op"));
        if (const FieldDescriptor* f = Fact(k.fact(), scope, w)) {
          if (!IsNumericField(f) || f->is_repeated()) {
            Error(absl::StrCat(w, ": ", k.fact(), " is not a single number (use count for repeated fields)"));
          }
        }
        for (const std::string& s : k.scale_by()) {
          auto path = ResolveFactPath(v1::Baseline::descriptor(), s);
          if (!path.ok()) {
            Error(absl::StrCat(w, ": scale_by: ", path.status().message()));
          } else if (!IsNumericField(path->leaf()) || path->leaf()->is_repeated()) {
            Error(absl::StrCat(w, ": scale_by '", s, "' is not a numeric baseline field"));
          } else if (ReadNumber(LookupFact(b_, *path)) == 0) {
            Warn(absl::StrCat(w, ": scale_by '", s, "' is 0 in this baseline: the threshold is 0"));
          }
        }
        break;
      }
      case v1::Check::kEquals: {
        const auto& k = c.equals();
        const std::string w = absl::StrCat(where, ".equals");
        const FieldDescriptor* f = Fact(k.fact(), scope, w);
        if (k.value_case() == v1::EqualsCheck::VALUE_NOT_SET) {
          Error(absl::StrCat(w, ": no bool_value or string_value"));
        } else if (f != nullptr) {
          const bool want_bool = k.value_case() == v1::EqualsCheck::kBoolValue;
          if (f->is_repeated() || (want_bool && !IsBoolField(f)) || (!want_bool && !IsStringField(f))) {
            Error(absl::StrCat(w, ": ", k.fact(), " is not a single ", want_bool ? "bool" : "string"));
          }
        }
        break;
      }
      case v1::Check::kOneOf: {
        const std::string w = absl::StrCat(where, ".one_of");
        if (const FieldDescriptor* f = Fact(c.one_of().fact(), scope, w)) {
          if (!IsStringField(f) || f->is_repeated()) Error(absl::StrCat(w, ": ", c.one_of().fact(), " is not a single string"));
        }
        if (c.one_of().values().empty()) Error(absl::StrCat(w, ": no values: can never pass"));
        break;
      }
      case v1::Check::kTextMatch: {
        const std::string w = absl::StrCat(where, ".text_match");
        if (const FieldDescriptor* f = Fact(c.text_match().fact(), scope, w)) {
          if (!IsStringField(f) || f->is_repeated()) Error(absl::StrCat(w, ": ", c.text_match().fact(), " is not a single string"));
        }
        if (c.text_match().contains().empty()) Warn(absl::StrCat(w, ": empty 'contains' always matches"));
        break;
      }
      case v1::Check::kVersion: {
        const auto& k = c.version();
        const std::string w = absl::StrCat(where, ".version");
        if (const FieldDescriptor* f = Fact(k.fact(), scope, w)) {
          if (!IsStringField(f) || f->is_repeated()) Error(absl::StrCat(w, ": ", k.fact(), " is not a version string"));
        }
        if (k.min_version().empty() && k.below_version().empty()) Error(absl::StrCat(w, ": no min_version or below_version"));
        Range(k.min_version(), k.below_version(), w);
        break;
      }
      case v1::Check::kOsVersion: {
        const std::string w = absl::StrCat(where, ".os_version");
        if (c.os_version().minimums().empty()) Error(absl::StrCat(w, ": no minimums: every OS would fail"));
        for (const auto& m : c.os_version().minimums()) {
          if (m.family().empty()) Error(absl::StrCat(w, ": a minimum has no family"));
          else if (!KnownOsFamilies().count(m.family())) Warn(absl::StrCat(w, ": unknown OS family '", m.family(), "'"));
          if (m.min_version().empty()) Error(absl::StrCat(w, ": ", m.family(), " has no min_version"));
          else CheckVersion(m.min_version(), w);
        }
        break;
      }
      case v1::Check::kBrowserVersion: {
        const std::string w = absl::StrCat(where, ".browser_version");
        if (c.browser_version().minimums().empty()) Error(absl::StrCat(w, ": no minimums: every browser would fail"));
        for (int i = 0; i < c.browser_version().minimums_size(); ++i) {
          const auto& m = c.browser_version().minimums(i);
          const std::string mw = absl::StrCat(w, ".minimums[", i, "]", m.label().empty() ? "" : absl::StrCat(" (", m.label(), ")"));
          if (m.product().empty()) Error(absl::StrCat(mw, ": no product"));
          if (m.min_version().empty()) Error(absl::StrCat(mw, ": no min_version"));
          Range(m.min_version(), m.below_version(), mw);
          for (const auto& fam : m.os_families()) {
            if (!KnownOsFamilies().count(fam)) Warn(absl::StrCat(mw, ": unknown OS family '", fam, "'"));
          }
          if (m.has_only_if()) Walk(m.only_if(), v1::Facts::descriptor(), absl::StrCat(mw, ".only_if"));
        }
        break;
      }
      case v1::Check::kCount: {
        const auto& k = c.count();
        const std::string w = absl::StrCat(where, ".count");
        const FieldDescriptor* f = Fact(k.fact(), scope, w);
        if (f != nullptr && !f->is_repeated()) {
          Error(absl::StrCat(w, ": ", k.fact(), " is not a repeated field: count min ", k.min(), " can never be judged"));
        } else if (f != nullptr && k.has_where()) {
          if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE || f->is_map()) {
            Error(absl::StrCat(w, ": where needs a repeated message, ", k.fact(), " is not one"));
          } else {
            Walk(k.where(), f->message_type(), absl::StrCat(w, ".where"));
          }
        }
        if (k.min() == 0) Warn(absl::StrCat(w, ": min 0 always passes"));
        break;
      }
      case v1::Check::kEach: {
        const auto& k = c.each();
        const std::string w = absl::StrCat(where, ".each");
        const FieldDescriptor* f = Fact(k.fact(), scope, w);
        if (!k.has_check()) Error(absl::StrCat(w, ": no check for the elements"));
        if (f == nullptr) break;
        if (!f->is_repeated() || f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE || f->is_map()) {
          Error(absl::StrCat(w, ": ", k.fact(), " is not a repeated message"));
          break;
        }
        if (k.has_where()) Walk(k.where(), f->message_type(), absl::StrCat(w, ".where"));
        if (k.has_check()) Walk(k.check(), f->message_type(), absl::StrCat(w, ".check"));
        break;
      }
      case v1::Check::kProbeOk: {
        const std::string w = absl::StrCat(where, ".probe_ok");
        if (const FieldDescriptor* f = Fact(c.probe_ok().fact(), scope, w)) {
          const FieldDescriptor* ok = f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !f->is_repeated()
                                          ? f->message_type()->FindFieldByName("ok")
                                          : nullptr;
          if (ok == nullptr || !IsBoolField(ok)) {
            Error(absl::StrCat(w, ": ", c.probe_ok().fact(), " is not a probe message with an 'ok' field"));
          } else if (StatusFieldOf(f->message_type()) == nullptr) {
            Warn(absl::StrCat(w, ": ", c.probe_ok().fact(), " has no status: a failed probe cannot be told apart"));
          }
        }
        break;
      }
      case v1::Check::kAll:
      case v1::Check::kAny: {
        const bool all = c.kind_case() == v1::Check::kAll;
        const auto& list = all ? c.all().checks() : c.any().checks();
        const std::string w = absl::StrCat(where, all ? ".all" : ".any");
        if (list.empty()) Error(absl::StrCat(w, ": no checks"));
        for (int i = 0; i < list.size(); ++i) Walk(list[i], scope, absl::StrCat(w, "[", i, "]"));
        if (all) Contradictions(c.all(), w);
        break;
      }
      case v1::Check::kWhen: {
        const std::string w = absl::StrCat(where, ".when");
        if (!c.when().has_condition()) Error(absl::StrCat(w, ": no condition"));
        else Walk(c.when().condition(), scope, absl::StrCat(w, ".condition"));
        if (!c.when().has_then()) Error(absl::StrCat(w, ": no then"));
        else Walk(c.when().then(), scope, absl::StrCat(w, ".then"));
        break;
      }
      case v1::Check::kNegate: {
        const std::string w = absl::StrCat(where, ".negate");
        if (!c.negate().has_check()) Error(absl::StrCat(w, ": no check"));
        else Walk(c.negate().check(), scope, w);
        break;
      }
      case v1::Check::kConstant:
        if (c.constant().verdict() == v1::VERDICT_UNSPECIFIED) Error(absl::StrCat(where, ".constant: no verdict"));
        break;
      case v1::Check::kAttestation:
        break;
      case v1::Check::kRequirement: {
        const std::string& target = c.requirement().id();
        bool found = false;
        for (const auto& r : b_.requirements()) found |= r.id() == target;
        if (!found) Error(absl::StrCat(where, ".requirement: refers to unknown requirement '", target, "'"));
        else refs_.insert(target);
        break;
      }
      default:
        Error(absl::StrCat(where, ": empty check (no kind set)"));
    }
  }

  void Range(const std::string& min, const std::string& below, const std::string& where) {
    if (!min.empty()) CheckVersion(min, where);
    if (!below.empty()) CheckVersion(below, where);
    if (min.empty() || below.empty()) return;
    auto cmp = CompareVersions(min, below);
    if (cmp && *cmp >= 0) {
      Error(absl::StrCat(where, ": impossible: min_version ", min, " is not below below_version ", below));
    }
  }

  double Threshold(const v1::CompareCheck& k) {
    double t = k.value();
    for (const std::string& s : k.scale_by()) {
      auto path = ResolveFactPath(v1::Baseline::descriptor(), s);
      if (path.ok() && IsNumericField(path->leaf()) && !path->leaf()->is_repeated()) {
        t *= ReadNumber(LookupFact(b_, *path));
      }
    }
    return t;
  }

  // Flattens nested alls (same scope) into their leaf checks.
  void Flatten(const v1::AllCheck& all, std::vector<const v1::Check*>& out) {
    for (const auto& c : all.checks()) {
      if (c.kind_case() == v1::Check::kAll) Flatten(c.all(), out);
      else out.push_back(&c);
    }
  }

  // Comparisons and equalities of one fact inside an all that can never hold together.
  void Contradictions(const v1::AllCheck& all, const std::string& where) {
    std::vector<const v1::Check*> leaves;
    Flatten(all, leaves);
    std::map<std::string, std::optional<Bound>> lo, hi;
    std::map<std::string, std::string> eq;
    for (const v1::Check* c : leaves) {
      if (c->kind_case() == v1::Check::kEquals) {
        const auto& k = c->equals();
        std::string v = k.value_case() == v1::EqualsCheck::kBoolValue ? (k.bool_value() ? "true" : "false")
                                                                      : absl::StrCat("\"", k.string_value(), "\"");
        auto [it, fresh] = eq.emplace(k.fact(), v);
        if (!fresh && it->second != v) {
          Error(absl::StrCat(where, ": impossible: ", k.fact(), " == ", it->second, " and == ", v));
        }
        continue;
      }
      if (c->kind_case() != v1::Check::kCompare) continue;
      const auto& k = c->compare();
      const double t = Threshold(k);
      const std::string text = absl::StrCat(k.fact(), " ", CompareOpSymbol(k.op()), " ", FormatNumber(t));
      auto tighten_lo = [&](Bound b) {
        auto& cur = lo[k.fact()];
        if (!cur || b.value > cur->value || (b.value == cur->value && b.strict)) cur = b;
      };
      auto tighten_hi = [&](Bound b) {
        auto& cur = hi[k.fact()];
        if (!cur || b.value < cur->value || (b.value == cur->value && b.strict)) cur = b;
      };
      switch (k.op()) {
        case v1::CompareCheck::GE: tighten_lo({t, false, text}); break;
        case v1::CompareCheck::GT: tighten_lo({t, true, text}); break;
        case v1::CompareCheck::LE: tighten_hi({t, false, text}); break;
        case v1::CompareCheck::LT: tighten_hi({t, true, text}); break;
        case v1::CompareCheck::EQ: tighten_lo({t, false, text}); tighten_hi({t, false, text}); break;
        default: break;
      }
    }
    for (const auto& [fact, l] : lo) {
      auto h = hi.find(fact);
      if (!l || h == hi.end() || !h->second) continue;
      const Bound& u = *h->second;
      if (l->value > u.value || (l->value == u.value && (l->strict || u.strict))) {
        Error(absl::StrCat(where, ": impossible condition: ", l->text, " and ", u.text, " can never both hold"));
      }
    }
  }

  void FindCycles() {
    std::map<std::string, int> color;  // 0 new, 1 on stack, 2 done
    std::vector<std::string> stack;
    std::set<std::string> reported;
    std::function<void(const std::string&)> visit = [&](const std::string& n) {
      color[n] = 1;
      stack.push_back(n);
      for (const std::string& m : graph_[n]) {
        if (color[m] == 1) {
          auto from = std::find(stack.begin(), stack.end(), m);
          std::vector<std::string> cycle(from, stack.end());
          cycle.push_back(m);
          if (reported.insert(m).second) {
            out_.push_back({"error", m, absl::StrCat("requirement reference cycle: ", absl::StrJoin(cycle, " -> "))});
          }
        } else if (color[m] == 0) {
          visit(m);
        }
      }
      stack.pop_back();
      color[n] = 2;
    };
    for (const auto& r : b_.requirements()) {
      if (color[r.id()] == 0) visit(r.id());
    }
  }

  const v1::Baseline& b_;
  std::string id_;
  std::vector<LintFinding> out_;
  std::set<std::string> refs_;
  std::map<std::string, std::set<std::string>> graph_;
};

}  // namespace

std::vector<LintFinding> LintBaseline(const v1::Baseline& baseline) { return Linter(baseline).Run(); }

int RunBaselineLint(const std::filesystem::path& file, std::ostream& out, std::ostream& err) {
  auto text = minspec::io::ReadFile(file);
  if (!text.ok()) {
    err << "cannot read baseline " << file.string() << ": " << text.status().message() << "\n";
    return 2;
  }
  auto baseline = ParseBaselineText(*text, file.string());
  if (!baseline.ok()) {
    err << baseline.status().message() << "\n";
    return 2;
  }
  const std::vector<LintFinding> findings = LintBaseline(*baseline);
  int errors = 0, warnings = 0;
  for (const LintFinding& f : findings) {
    (f.severity == "error" ? errors : warnings)++;
    out << file.string() << ": " << f.severity << ": ";
    if (!f.requirement_id.empty()) out << "[" << f.requirement_id << "] ";
    out << f.message << "\n";
  }
  out << file.string() << ": " << baseline->requirements_size() << " requirements, " << errors << " error(s), "
      << warnings << " warning(s)\n";
  return errors > 0 ? 1 : 0;
}

}  // namespace minspec::baseline
