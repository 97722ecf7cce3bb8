#include "absl/strings/str_cat.h"
#include "tools/cli/commands/commands.h"
#include "tools/cli/table.h"

namespace minspec::cli {

// `minspec hosts`: one line per enrolled host.
int RunHosts(AdminClient& client, const OutputOptions& opts, std::ostream& out,
             std::ostream& err) {
  auto hosts = client.ListHosts();
  if (!hosts.ok()) {
    err << "minspec: " << hosts.status().message() << "\n";
    return 1;
  }
  if (opts.json) {
    PrintJson(*hosts, out);
    return 0;
  }
  TextTable table({"HOST", "HOST ID", "COMPLIANT", "MUST FAILED", "SHOULD FAILED", "UNKNOWN",
                   "LAST REPORT"});
  for (const auto& h : hosts->hosts()) {
    table.AddRow({h.hostname(), h.host_id(), h.compliant() ? "yes" : "no",
                  absl::StrCat(h.must_failed()), absl::StrCat(h.should_failed()),
                  absl::StrCat(h.unknown()), FormatTime(h.last_report_at())});
  }
  table.Print(out);
  return 0;
}

}  // namespace minspec::cli
