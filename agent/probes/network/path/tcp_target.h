#pragma once

#include <string>

#include "absl/time/time.h"
#include "agent/probes/network/path/cidr.h"
#include "minspec/v1/network_path.pb.h"

namespace minspec::agent::netpath {

// Resolves `host_port` and connects by TCP to the first address, all within
// `timeout`, filling check (target, resolved_address, latency_ms, ok, detail).
// With `range`, the address used must lie inside it (check.range is set).
void CheckTcpTarget(const std::string& host_port, const Cidr* range, const std::string& range_text,
                    absl::Duration timeout, minspec::v1::EndpointCheck& check);

}  // namespace minspec::agent::netpath
