#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/clock.h"
#include "agent/probes/network/path/proxy_resolver.h"
#include "minspec/v1/common.pb.h"
#include "minspec/v1/network_path.pb.h"

namespace minspec::agent::netpath {

// Fills a ReachabilityFacts from measured checks: status OK from `source`,
// passed/failed counts, ok = nothing failed, summary naming each failure.
// An empty check list is an ERROR (nothing was measured), never a pass.
void FinishReachability(std::vector<minspec::v1::EndpointCheck> checks, std::string_view source,
                        minspec::v1::ReachabilityFacts& out);

// The injected resolver, or a fresh system one (so configuration changes
// between cycles are seen).
std::shared_ptr<const ProxyResolver> ResolverOrSystem(std::shared_ptr<const ProxyResolver> injected);

// Stamps status.duration_us when a probe's Collect returns, on every path.
class ProbeTimer {
 public:
  explicit ProbeTimer(minspec::v1::ProbeStatus* status) : status_(status), start_(absl::Now()) {}
  ~ProbeTimer() { status_->set_duration_us(absl::ToInt64Microseconds(absl::Now() - start_)); }
  ProbeTimer(const ProbeTimer&) = delete;
  ProbeTimer& operator=(const ProbeTimer&) = delete;

 private:
  minspec::v1::ProbeStatus* status_;
  absl::Time start_;
};

}  // namespace minspec::agent::netpath
