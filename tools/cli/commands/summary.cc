#include "absl/strings/str_cat.h"
#include "minspec/v1/common.pb.h"
#include "tools/cli/commands/commands.h"
#include "tools/cli/table.h"

namespace minspec::cli {

// `minspec summary`: how many hosts, how many compliant, and per requirement
// how many pass, fail, are unknown — failing MUSTs first.
int RunSummary(AdminClient& client, const OutputOptions& opts, std::ostream& out,
               std::ostream& err) {
  auto summary = client.Summary();
  if (!summary.ok()) {
    err << "minspec: " << summary.status().message() << "\n";
    return 1;
  }
  if (opts.json) {
    PrintJson(*summary, out);
    return 0;
  }
  out << "Fleet: " << summary->host_count() << " host(s), " << summary->compliant_hosts()
      << " compliant (every MUST met)   baseline " << summary->baseline_name() << " "
      << summary->baseline_version() << "\n\n";
  std::vector<const minspec::v1::RequirementSummary*> rows;
  for (const auto& r : summary->requirements()) rows.push_back(&r);
  std::stable_sort(rows.begin(), rows.end(), [](auto* a, auto* b) {
    auto rank = [](const minspec::v1::RequirementSummary* r) {
      return (r->counts().fail() > 0 ? 0 : r->counts().unknown() > 0 ? 1 : 2) * 10 +
             static_cast<int>(r->severity());
    };
    return rank(a) < rank(b);
  });
  TextTable table({"REQUIREMENT", "SEVERITY", "PASS", "FAIL", "UNKNOWN", "N/A", "ATTESTED"});
  for (const auto* r : rows) {
    const auto& c = r->counts();
    table.AddRow({r->id(), minspec::v1::Severity_Name(r->severity()), absl::StrCat(c.pass()),
                  absl::StrCat(c.fail()), absl::StrCat(c.unknown()),
                  absl::StrCat(c.not_applicable()), absl::StrCat(c.attested())});
  }
  table.Print(out);
  return 0;
}

}  // namespace minspec::cli
