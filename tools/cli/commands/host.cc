#include "absl/strings/str_cat.h"
#include "minspec/v1/common.pb.h"
#include "tools/cli/commands/commands.h"
#include "tools/cli/table.h"

namespace minspec::cli {

// `minspec host NAME`: one host's verdicts with what was observed and why.
int RunHost(AdminClient& client, const std::string& name, const OutputOptions& opts,
            std::ostream& out, std::ostream& err) {
  auto host = client.GetHost(name);
  if (!host.ok()) {
    err << "minspec: " << host.status().message() << "\n";
    return host.status().code() == absl::StatusCode::kNotFound ? 3 : 1;
  }
  if (opts.json) {
    PrintJson(*host, out);
    return 0;
  }
  const auto& h = host->host();
  out << h.hostname() << " (" << h.host_id() << ")  compliant: " << (h.compliant() ? "yes" : "no")
      << "  last report: " << FormatTime(h.last_report_at()) << " seq " << h.last_seq() << "\n";
  if (host->facts().has_os())
    out << "OS: " << host->facts().os().pretty_name() << "  kernel " << host->facts().os().kernel()
        << "\n";
  out << "\n";
  // The reason already names what was observed; --json has both fields.
  TextTable table({"REQUIREMENT", "SEVERITY", "VERDICT", "WHY"});
  for (const auto& r : host->evaluation().results()) {
    table.AddRow({r.id(), minspec::v1::Severity_Name(r.severity()), VerdictName(r.verdict()),
                  r.reason()});
  }
  table.Print(out);
  return 0;
}

}  // namespace minspec::cli
