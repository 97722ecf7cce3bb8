#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "agent/probes/network/path/proxy_resolver.h"
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

}  // namespace minspec::agent::netpath
