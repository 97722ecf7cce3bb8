#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "agent/probes/families.h"
#include "agent/version.h"

namespace minspec::agent {
namespace {

std::string ReadTrimmed(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return {};
  std::stringstream buf;
  buf << in.rdbuf();
  return std::string(absl::StripAsciiWhitespace(buf.str()));
}

// Who this workstation is: hostname and machine id. Only these two, the
// host id itself comes from the enrollment certificate.
class HostIdentityProbe final : public Probe {
 public:
  std::string_view Name() const override { return "host"; }
  void Collect(const ProbeContext& ctx, minspec::v1::Facts& facts) const override {
    auto* host = facts.mutable_host();
    host->set_hostname(ReadTrimmed(ctx.Path("/proc/sys/kernel/hostname")));
    if (host->hostname().empty()) host->set_hostname(ReadTrimmed(ctx.Path("/etc/hostname")));
    host->set_machine_id(ReadTrimmed(ctx.Path("/etc/machine-id")));
    host->set_agent_version(kAgentVersion);
  }
};

}  // namespace

void AppendHostIdentityProbe(ProbeList& probes) {
  probes.push_back(std::make_unique<HostIdentityProbe>());
}

}  // namespace minspec::agent
