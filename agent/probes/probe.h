#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "minspec/v1/baseline.pb.h"
#include "minspec/v1/facts.pb.h"

namespace minspec::agent {

// What a probe may look at. Probes read the machine only through `root`
// (like node_exporter's --path.procfs), so tests point them at a fixture tree.
struct ProbeContext {
  std::filesystem::path root = "/";
  // Network targets and thresholds come from the baseline, never from code.
  const minspec::v1::Baseline* baseline = nullptr;
  // Mail domain from the agent's configuration (cal.autodiscover); may be empty.
  std::string mail_domain;
  // Upper bound for one probe; network probes use their own per-target limits below it.
  absl::Duration timeout = absl::Seconds(30);

  // `root / "proc/cpuinfo"` without losing the root when the path is absolute.
  std::filesystem::path Path(std::string_view absolute) const {
    std::string_view rel = absolute;
    while (!rel.empty() && rel.front() == '/') rel.remove_prefix(1);
    return root / std::filesystem::path(rel);
  }
};

// One probe fills one part of Facts (e.g. hardware.cpu). It never throws and
// never guesses: what it cannot read goes into that part's ProbeStatus as
// ERROR with the path and reason, so the evaluator says UNKNOWN.
class Probe {
 public:
  virtual ~Probe() = default;
  // Dotted name of the part it fills, e.g. "hardware.cpu", "network".
  virtual std::string_view Name() const = 0;
  virtual void Collect(const ProbeContext& ctx, minspec::v1::Facts& facts) const = 0;
};

using ProbeList = std::vector<std::unique_ptr<Probe>>;

// Every probe this platform has, in a stable order.
ProbeList AllProbes();

// Runs the probes concurrently (each into its own Facts, merged at the end),
// so a cycle takes about as long as its slowest probe.
minspec::v1::Facts RunProbeCycle(const ProbeList& probes, const ProbeContext& ctx);

}  // namespace minspec::agent
