#include "agent/probes/network/path/http_fetch.h"

#include <curl/curl.h>

#include <mutex>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace minspec::agent::netpath {
namespace {

size_t DiscardBody(char*, size_t size, size_t n, void*) { return size * n; }

size_t CollectHeader(char* data, size_t size, size_t n, void* user) {
  auto* out = static_cast<HttpResult*>(user);
  absl::string_view line(data, size * n);
  constexpr absl::string_view kName = "proxy-authenticate:";
  if (line.size() > kName.size() &&
      absl::EqualsIgnoreCase(line.substr(0, kName.size()), kName)) {
    if (!out->proxy_authenticate.empty()) out->proxy_authenticate += ", ";
    out->proxy_authenticate += std::string(absl::StripAsciiWhitespace(line.substr(kName.size())));
  }
  return size * n;
}

}  // namespace

void EnsureCurlInitialized() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

HttpResult HttpGet(const std::string& url, const std::string& proxy, absl::Duration timeout) {
  EnsureCurlInitialized();
  HttpResult result;
  CURL* curl = curl_easy_init();
  if (curl == nullptr) {
    result.error = "curl_easy_init failed";
    return result;
  }
  char errbuf[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  // Explicit proxy and no-proxy so curl never reads the environment itself:
  // the resolver (libproxy) already decided.
  curl_easy_setopt(curl, CURLOPT_PROXY, proxy.c_str());
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "");
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(absl::ToInt64Milliseconds(timeout)));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(absl::ToInt64Milliseconds(timeout)));
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "minspec-agent/0.1 (network path probe)");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, DiscardBody);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, CollectHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &result);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
  // A body is not needed, but some servers mishandle HEAD: GET and stop early
  // would lose the status; bodies of probe URLs are small.
  curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(8 << 20));

  const CURLcode rc = curl_easy_perform(curl);
  long status = 0;
  long connect_status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo(curl, CURLINFO_HTTP_CONNECTCODE, &connect_status);
  char* ip = nullptr;
  if (curl_easy_getinfo(curl, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip != nullptr) {
    result.resolved_address = ip;
  }
  curl_off_t total_us = 0;
  curl_easy_getinfo(curl, CURLINFO_TOTAL_TIME_T, &total_us);
  result.latency_ms = static_cast<int64_t>(total_us / 1000);
  result.http_status = static_cast<int>(status);
  result.proxy_connect_status = static_cast<int>(connect_status);
  if (rc == CURLE_OK && status > 0) {
    result.completed = true;
  } else {
    result.error = absl::StrCat(curl_easy_strerror(rc), errbuf[0] ? ": " : "", errbuf);
    if (connect_status >= 300) {
      result.error = absl::StrCat("proxy answered CONNECT with ", connect_status,
                                  connect_status == 407 ? " (authentication required)" : "");
    }
  }
  curl_easy_cleanup(curl);
  return result;
}

}  // namespace minspec::agent::netpath
