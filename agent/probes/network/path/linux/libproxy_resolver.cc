// libproxy-backed proxy discovery: the same library GNOME/KDE applications
// use, so the answer matches what the desktop browser is configured with.
#include <proxy.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "agent/probes/network/path/proxy_resolver.h"

namespace minspec::agent::netpath {
namespace {

class LibproxyResolver : public ProxyResolver {
 public:
  LibproxyResolver() : factory_(px_proxy_factory_new()) {}
  ~LibproxyResolver() override {
    if (factory_ != nullptr) px_proxy_factory_free(factory_);
  }

  absl::StatusOr<std::vector<std::string>> AllProxiesFor(const std::string& url) const override {
    if (factory_ == nullptr) return absl::InternalError("libproxy: px_proxy_factory_new failed");
    std::vector<std::string> out;
    {
      // One query at a time: PAC evaluation in libproxy 0.4 is not reentrant.
      std::lock_guard<std::mutex> lock(mu_);
      char** proxies = px_proxy_factory_get_proxies(factory_, url.c_str());
      if (proxies == nullptr) return absl::InternalError(absl::StrCat("libproxy gave no answer for ", url));
      for (int i = 0; proxies[i] != nullptr; ++i) out.push_back(StripProxyCredentials(proxies[i]));
      px_proxy_factory_free_proxies(proxies);
    }
    if (out.empty()) return absl::InternalError(absl::StrCat("libproxy gave no answer for ", url));
    return out;
  }

  absl::StatusOr<std::string> ProxyFor(const std::string& url) const override {
    auto all = AllProxiesFor(url);
    if (!all.ok()) return all.status();
    for (const std::string& p : *all) {
      const std::string lower = absl::AsciiStrToLower(p);
      if (absl::StartsWith(lower, "direct://")) return std::string();
      if (absl::StartsWith(lower, "socks://")) return absl::StrCat("socks5://", p.substr(8));
      if (absl::StartsWith(lower, "http://") || absl::StartsWith(lower, "https://") ||
          absl::StartsWith(lower, "socks4://") || absl::StartsWith(lower, "socks4a://") ||
          absl::StartsWith(lower, "socks5://") || absl::StartsWith(lower, "socks5h://")) {
        return p;
      }
    }
    return absl::UnimplementedError(
        absl::StrCat("no proxy type this agent can use among: ", absl::StrJoin(*all, ", ")));
  }

 private:
  pxProxyFactory* factory_;
  mutable std::mutex mu_;
};

const char* Env(const char* lower, const char* upper) {
  const char* v = std::getenv(lower);
  if (v == nullptr || *v == '\0') v = std::getenv(upper);
  return (v != nullptr && *v != '\0') ? v : nullptr;
}

}  // namespace

std::unique_ptr<ProxyResolver> MakeSystemProxyResolver() { return std::make_unique<LibproxyResolver>(); }

std::string StripProxyCredentials(const std::string& proxy_url) {
  const size_t scheme_end = proxy_url.find("://");
  const size_t start = scheme_end == std::string::npos ? 0 : scheme_end + 3;
  const size_t slash = proxy_url.find('/', start);
  const size_t at = proxy_url.rfind('@', slash == std::string::npos ? std::string::npos : slash);
  if (at == std::string::npos || at < start) return proxy_url;
  return proxy_url.substr(0, start) + proxy_url.substr(at + 1);
}

ProxyOrigin DescribeProxyOrigin() {
  ProxyOrigin origin;
  if (Env("https_proxy", "HTTPS_PROXY") || Env("http_proxy", "HTTP_PROXY") ||
      Env("all_proxy", "ALL_PROXY")) {
    origin.origin = "env";
  } else if (std::error_code ec; std::filesystem::exists("/etc/sysconfig/proxy", ec)) {
    origin.origin = "sysconfig";
  } else {
    origin.origin = "system";
  }
  if (const char* np = Env("no_proxy", "NO_PROXY")) {
    for (absl::string_view part : absl::StrSplit(np, ',', absl::SkipWhitespace())) {
      origin.no_proxy.emplace_back(absl::StripAsciiWhitespace(part));
    }
  }
  return origin;
}

}  // namespace minspec::agent::netpath
