#include <future>
#include <vector>

#include "agent/probes/probe.h"
#include "absl/time/clock.h"

namespace minspec::agent {

minspec::v1::Facts RunProbeCycle(const ProbeList& probes, const ProbeContext& ctx) {
  std::vector<std::future<minspec::v1::Facts>> running;
  running.reserve(probes.size());
  for (const auto& probe : probes) {
    running.push_back(std::async(std::launch::async, [&probe, &ctx] {
      minspec::v1::Facts part;
      probe->Collect(ctx, part);
      return part;
    }));
  }
  minspec::v1::Facts facts;
  for (auto& part : running) facts.MergeFrom(part.get());
  const absl::Time now = absl::Now();
  facts.mutable_collected_at()->set_seconds(absl::ToUnixSeconds(now));
  return facts;
}

}  // namespace minspec::agent
