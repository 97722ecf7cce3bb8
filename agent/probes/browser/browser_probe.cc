#include "agent/probes/browser/browser_probe.h"

#include "agent/probes/families.h"

namespace minspec::agent {
namespace {

class BrowserProbe final : public Probe {
 public:
  std::string_view Name() const override { return "browsers"; }
  void Collect(const ProbeContext& ctx, minspec::v1::Facts& facts) const override {
    browser::CollectBrowserFacts(ctx, *facts.mutable_browsers());
  }
};

}  // namespace

void AppendBrowserProbes(ProbeList& probes) { probes.push_back(std::make_unique<BrowserProbe>()); }

}  // namespace minspec::agent
