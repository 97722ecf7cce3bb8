#include "agent/probes/probe.h"
#include "agent/probes/families.h"

namespace minspec::agent {

ProbeList AllProbes() {
  ProbeList probes;
  AppendHostIdentityProbe(probes);
  AppendHardwareProbes(probes);
  AppendOsProbes(probes);
  AppendRtcProbes(probes);
  AppendNetworkPathProbes(probes);
  AppendBrowserProbes(probes);
  // Each probe family adds its probes here (see families.h).
  return probes;
}

}  // namespace minspec::agent
