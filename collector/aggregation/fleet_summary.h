#pragma once

#include <vector>

#include "collector/store/store.h"
#include "minspec/v1/admin_service.pb.h"
#include "minspec/v1/baseline.pb.h"

namespace minspec::collector {

// A host is compliant when every MUST requirement is PASS, ATTESTED or
// NOT_APPLICABLE. A host without an evaluation yet is not compliant.
bool IsCompliant(const minspec::v1::Evaluation& evaluation);

minspec::v1::HostSummary SummarizeHost(const HostState& host);

// Per-requirement verdict counts over the fleet, in baseline order.
minspec::v1::FleetSummary SummarizeFleet(const minspec::v1::Baseline& baseline,
                                         const std::vector<HostState>& hosts);

}  // namespace minspec::collector
