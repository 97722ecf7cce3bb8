#pragma once

#include "agent/probes/probe.h"

// One factory per probe family. Each family lives in its own folder
// (agent/probes/<family>/) with platform parts in linux/, windows/, darwin/
// behind the family's interface; callers only see these functions.
namespace minspec::agent {

void AppendHostIdentityProbe(ProbeList& probes);  // agent/probes/host_identity.cc
void AppendHardwareProbes(ProbeList& probes);  // agent/probes/hardware/
void AppendOsProbes(ProbeList& probes);  // agent/probes/os/
void AppendRtcProbes(ProbeList& probes);  // agent/probes/network/rtc/
void AppendNetworkPathProbes(ProbeList& probes);  // agent/probes/network/path/
void AppendBrowserProbes(ProbeList& probes);  // agent/probes/browser/

}  // namespace minspec::agent
