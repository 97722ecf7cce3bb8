// network.proxy_auth: the proxy must not demand HTTP Basic authentication for
// the listed targets. Each target is requested without credentials; a 407
// carrying `Proxy-Authenticate: Basic` is a challenge.
#include <mutex>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "agent/probes/network/path/concurrency.h"
#include "agent/probes/network/path/http_fetch.h"
#include "agent/probes/network/path/probes.h"
#include "agent/probes/network/path/reachability.h"
#include "agent/probes/network/path/targets.h"
#include "agent/probes/status.h"

namespace minspec::agent::netpath {
namespace {

bool OffersBasic(const std::string& proxy_authenticate) {
  // "Basic realm=..." possibly among other schemes: "Negotiate, Basic realm=x".
  const std::string lower = absl::AsciiStrToLower(proxy_authenticate);
  return absl::StartsWith(lower, "basic") || absl::StrContains(lower, ", basic") ||
         absl::StrContains(lower, ",basic");
}

class ProxyAuthProbe : public Probe {
 public:
  explicit ProxyAuthProbe(ResolverPtr resolver) : resolver_(std::move(resolver)) {}
  std::string_view Name() const override { return "network.proxy_auth"; }

  void Collect(const ProbeContext& ctx, minspec::v1::Facts& facts) const override {
    auto& out = *facts.mutable_network()->mutable_proxy_auth();
    ProbeTimer timer(out.mutable_status());
    auto targets = TargetsFrom(ctx);
    if (!targets.ok()) return MarkError(*out.mutable_status(), targets.status());
    const auto& t = **targets;
    std::vector<std::string> urls;
    std::set<std::string> seen;
    auto add = [&](const std::string& u) {
      if (!u.empty() && seen.insert(u).second) urls.push_back(u);
    };
    for (const auto& u : t.https_urls()) add(u);
    for (const auto& u : t.http_urls()) add(u);
    for (const auto& d : t.allow_domains()) add(d.probe_url());
    for (const auto& u : t.wss_urls()) {
      // The CONNECT for a wss:// URL is the one an https:// URL to it gets.
      if (absl::StartsWith(u, "wss://")) add(absl::StrCat("https://", u.substr(6)));
    }
    if (urls.empty()) return MarkError(*out.mutable_status(), "no targets in baseline (https_urls, http_urls, allow_domains)");
    const absl::Duration timeout = PerTargetTimeout(t, ctx);
    auto resolver = ResolverOrSystem(resolver_);

    std::mutex mu;
    std::vector<std::string> challenged;
    std::string challenge;
    std::vector<std::string> unanswered;
    size_t answered = 0;
    ForEachConcurrently(urls.size(), [&](size_t i) {
      absl::StatusOr<std::string> proxy = resolver->ProxyFor(urls[i]);
      HttpResult r;
      if (proxy.ok()) r = HttpGet(urls[i], *proxy, timeout);
      std::lock_guard<std::mutex> lock(mu);
      if (!proxy.ok()) {
        unanswered.push_back(absl::StrCat(urls[i], " (proxy discovery: ", proxy.status().message(), ")"));
      } else if (r.ProxyAuthRequired()) {
        ++answered;
        if (OffersBasic(r.proxy_authenticate)) {
          challenged.push_back(urls[i]);
          if (challenge.empty()) challenge = r.proxy_authenticate;
        }
      } else if (r.completed || r.proxy_connect_status > 0) {
        ++answered;
      } else {
        unanswered.push_back(absl::StrCat(urls[i], " (", r.error, ")"));
      }
    });
    std::sort(challenged.begin(), challenged.end());
    if (!challenged.empty()) {
      out.set_ok(false);
      out.set_basic_auth_required(true);
      for (const auto& c : challenged) out.add_challenged_targets(c);
      out.set_challenge(challenge);
      out.set_summary(absl::StrCat("proxy demands Basic authentication for ", challenged.size(), " of ",
                                   urls.size(), " targets: ", absl::StrJoin(challenged, ", ")));
      return MarkOk(*out.mutable_status(), "libcurl GET without credentials");
    }
    if (answered == 0) {
      // Nobody answered: whether a Basic challenge would come cannot be told.
      return MarkError(*out.mutable_status(),
                       absl::StrCat("no target answered: ", absl::StrJoin(unanswered, "; ")));
    }
    out.set_ok(true);
    out.set_basic_auth_required(false);
    out.set_summary(absl::StrCat("no Basic challenge from ", answered, " answering targets",
                                 unanswered.empty() ? "" : absl::StrCat("; no answer from ", unanswered.size())));
    MarkOk(*out.mutable_status(), "libcurl GET without credentials");
  }

 private:
  ResolverPtr resolver_;
};

}  // namespace

std::unique_ptr<Probe> MakeProxyAuthProbe(ResolverPtr resolver) {
  return std::make_unique<ProxyAuthProbe>(std::move(resolver));
}

}  // namespace minspec::agent::netpath
