#pragma once

#include <cstdint>
#include <string>

#include "absl/time/time.h"

// One HTTP(S) request as a browser behind this proxy would make it (libcurl).
namespace minspec::agent::netpath {

struct HttpResult {
  bool completed = false;          // a response came from the server itself
  int http_status = 0;             // the server's (or, for http:// via proxy, the proxy's) status
  int proxy_connect_status = 0;    // the proxy's answer to CONNECT, 0 when none
  std::string proxy_authenticate;  // Proxy-Authenticate header(s) as received
  std::string resolved_address;    // address curl connected to (server or proxy)
  int64_t latency_ms = 0;
  std::string error;               // why no response, empty when completed
  // True when the proxy demanded authentication (407), on CONNECT or on a plain request.
  bool ProxyAuthRequired() const { return proxy_connect_status == 407 || http_status == 407; }
};

// Sends GET `url` through `proxy` ("" = direct), without following redirects
// and without checking the certificate (trust is net.tls_inspection's
// question; here only reachability counts). Never longer than `timeout`.
HttpResult HttpGet(const std::string& url, const std::string& proxy, absl::Duration timeout);

// curl_global_init once, before any thread uses libcurl.
void EnsureCurlInitialized();

}  // namespace minspec::agent::netpath
