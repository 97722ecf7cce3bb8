#pragma once

#include <memory>

#include "agent/probes/network/path/proxy_resolver.h"
#include "agent/probes/probe.h"

// The network path probes, one per requirement, each filling its own part of
// Facts.network. Targets come from ctx.baseline->network_path(); each target
// is bounded by its timeout_ms and all targets of a probe run concurrently.
// `resolver` decides the proxy per URL; null means the system's (libproxy).
namespace minspec::agent::netpath {

using ResolverPtr = std::shared_ptr<const ProxyResolver>;

std::unique_ptr<Probe> MakeProxyProbe(ResolverPtr resolver = nullptr);          // network.proxy
std::unique_ptr<Probe> MakeHttpsProbe(ResolverPtr resolver = nullptr);          // network.https
std::unique_ptr<Probe> MakeWssProbe(ResolverPtr resolver = nullptr);            // network.wss
std::unique_ptr<Probe> MakeProxyAuthProbe(ResolverPtr resolver = nullptr);      // network.proxy_auth
std::unique_ptr<Probe> MakeTlsInspectionProbe(ResolverPtr resolver = nullptr);  // network.tls_inspection
std::unique_ptr<Probe> MakeAllowIpsProbe();                                     // network.allow_ips
std::unique_ptr<Probe> MakeAllowTokboxIpsProbe();                               // network.allow_tokbox_ips
std::unique_ptr<Probe> MakeAllowDomainsProbe(ResolverPtr resolver = nullptr);   // network.allow_domains
std::unique_ptr<Probe> MakeAllowDomainsOptionalProbe(ResolverPtr resolver = nullptr);  // network.allow_domains_optional
std::unique_ptr<Probe> MakeAutodiscoverProbe();                                 // network.autodiscover

}  // namespace minspec::agent::netpath
