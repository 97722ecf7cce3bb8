#include "agent/probes/families.h"
#include "agent/probes/os/os_probe.h"

namespace minspec::agent {

// MakeOsProbe comes from the platform part linked in (linux/ today).
void AppendOsProbes(ProbeList& probes) { probes.push_back(os::MakeOsProbe()); }

}  // namespace minspec::agent
