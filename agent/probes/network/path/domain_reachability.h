#pragma once

#include "absl/time/time.h"
#include "agent/probes/network/path/proxy_resolver.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "minspec/v1/network_path.pb.h"

namespace minspec::agent::netpath {

// DNS resolution of each domain's representative host plus an HTTPS GET of
// its probe URL through the browser's proxy; any HTTP status counts as an
// answer. Behind a proxy the name need not resolve locally (the proxy
// resolves it), which the detail notes. Shared by net.allow_domains and
// net.allow_domains_optional.
void CheckDomains(const google::protobuf::RepeatedPtrField<minspec::v1::DomainTarget>& domains,
                  const ProxyResolver& resolver, absl::Duration timeout,
                  minspec::v1::ReachabilityFacts& out);

}  // namespace minspec::agent::netpath
