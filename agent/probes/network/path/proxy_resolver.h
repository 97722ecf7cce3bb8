#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

// Which proxy the user's browser would use for a URL. Linux: libproxy
// (environment, /etc/sysconfig/proxy, desktop settings and PAC/WPAD when
// its plugins are installed). Credentials are never kept: proxies come back
// without user:password, so every probe sees what an unauthenticated client
// sees (a Basic challenge is exactly what net.proxy_basic_auth looks for).
namespace minspec::agent::netpath {

class ProxyResolver {
 public:
  virtual ~ProxyResolver() = default;
  // "" for a direct connection, else a proxy URL curl understands
  // ("http://host:port", "socks5://host:port"), credentials stripped.
  virtual absl::StatusOr<std::string> ProxyFor(const std::string& url) const = 0;
  // All proxies offered for the URL in order, as returned ("direct://" kept).
  virtual absl::StatusOr<std::vector<std::string>> AllProxiesFor(const std::string& url) const = 0;
};

// The platform's resolver (libproxy on Linux).
std::unique_ptr<ProxyResolver> MakeSystemProxyResolver();

// "http://user:pw@proxy:3128" → "http://proxy:3128".
std::string StripProxyCredentials(const std::string& proxy_url);

// Where the configuration came from, for ProxyFacts (env, sysconfig, system).
struct ProxyOrigin {
  std::string origin;      // "env", "sysconfig" or "system"
  std::vector<std::string> no_proxy;
};
ProxyOrigin DescribeProxyOrigin();

}  // namespace minspec::agent::netpath
