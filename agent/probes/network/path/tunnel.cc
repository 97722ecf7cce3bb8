#include "agent/probes/network/path/tunnel.h"

#include <curl/curl.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "agent/probes/network/path/http_fetch.h"

namespace minspec::agent::netpath {

Tunnel::~Tunnel() {
  if (curl_ != nullptr) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

absl::StatusOr<std::unique_ptr<Tunnel>> Tunnel::Open(const std::string& host, int port,
                                                     const std::string& proxy,
                                                     absl::Duration timeout, int* connect_status) {
  EnsureCurlInitialized();
  if (absl::StartsWith(absl::AsciiStrToLower(proxy), "https://")) {
    // The proxy leg would itself be TLS inside curl; a raw fd is not usable then.
    return absl::UnimplementedError("HTTPS proxies are not supported for TLS/WebSocket probes");
  }
  std::unique_ptr<Tunnel> tunnel(new Tunnel());
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return absl::InternalError("curl_easy_init failed");
  tunnel->curl_ = curl;
  const bool v6 = host.find(':') != std::string::npos;
  const std::string url = absl::StrCat("http://", v6 ? "[" : "", host, v6 ? "]" : "", ":", port, "/");
  char errbuf[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROXY, proxy.c_str());
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "");
  curl_easy_setopt(curl, CURLOPT_HTTPPROXYTUNNEL, proxy.empty() ? 0L : 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECT_ONLY, 1L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(absl::ToInt64Milliseconds(timeout)));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(absl::ToInt64Milliseconds(timeout)));
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
  const CURLcode rc = curl_easy_perform(curl);
  long code = 0;
  curl_easy_getinfo(curl, CURLINFO_HTTP_CONNECTCODE, &code);
  if (connect_status != nullptr) *connect_status = static_cast<int>(code);
  const std::string via = proxy.empty() ? "" : absl::StrCat(" via ", proxy);
  if (rc != CURLE_OK) {
    if (code >= 300) {
      return absl::PermissionDeniedError(absl::StrCat("proxy answered CONNECT with ", code,
                                                      code == 407 ? " (authentication required)" : ""));
    }
    return absl::UnavailableError(absl::StrCat("connect ", host, ":", port, via, ": ",
                                               curl_easy_strerror(rc), errbuf[0] ? ": " : "", errbuf));
  }
  curl_socket_t sock = CURL_SOCKET_BAD;
  if (curl_easy_getinfo(curl, CURLINFO_ACTIVESOCKET, &sock) != CURLE_OK || sock == CURL_SOCKET_BAD) {
    return absl::InternalError("libcurl gave no socket for the tunnel");
  }
  tunnel->fd_ = sock;
  char* ip = nullptr;
  if (curl_easy_getinfo(curl, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip != nullptr) {
    tunnel->peer_address_ = ip;
  }
  return tunnel;
}

}  // namespace minspec::agent::netpath
