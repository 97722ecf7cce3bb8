// The path family's entry point: one probe per requirement.
#include "agent/probes/families.h"
#include "agent/probes/network/path/probes.h"

namespace minspec::agent {

void AppendNetworkPathProbes(ProbeList& probes) {
  probes.push_back(netpath::MakeProxyProbe());
  probes.push_back(netpath::MakeHttpsProbe());
  probes.push_back(netpath::MakeWssProbe());
  probes.push_back(netpath::MakeProxyAuthProbe());
  probes.push_back(netpath::MakeTlsInspectionProbe());
  probes.push_back(netpath::MakeAllowIpsProbe());
  probes.push_back(netpath::MakeAllowDomainsProbe());
  probes.push_back(netpath::MakeAllowTokboxIpsProbe());
  probes.push_back(netpath::MakeAllowDomainsOptionalProbe());
  probes.push_back(netpath::MakeAutodiscoverProbe());
}

}  // namespace minspec::agent
