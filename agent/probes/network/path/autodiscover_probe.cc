// network.autodiscover (cal.autodiscover): autodiscover.<mail domain> or the
// SRV record _autodiscover._tcp.<mail domain> resolves in DNS.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "agent/probes/network/path/concurrency.h"
#include "agent/probes/network/path/dns_query.h"
#include "agent/probes/network/path/probes.h"
#include "agent/probes/network/path/reachability.h"
#include "agent/probes/network/path/targets.h"
#include "agent/probes/status.h"

namespace minspec::agent::netpath {
namespace {

class AutodiscoverProbe : public Probe {
 public:
  std::string_view Name() const override { return "network.autodiscover"; }

  void Collect(const ProbeContext& ctx, minspec::v1::Facts& facts) const override {
    auto& out = *facts.mutable_network()->mutable_autodiscover();
    ProbeTimer timer(out.mutable_status());
    if (ctx.mail_domain.empty()) return MarkError(*out.mutable_status(), "no mail domain configured");
    const std::string& domain = ctx.mail_domain;
    out.set_domain(domain);
    absl::Duration timeout = absl::Seconds(5);
    if (ctx.baseline != nullptr && ctx.baseline->has_network_path()) {
      timeout = PerTargetTimeout(ctx.baseline->network_path(), ctx);
    }
    timeout = std::min(timeout, ctx.timeout);
    const std::filesystem::path resolv_conf = ctx.Path("/etc/resolv.conf");
    struct Question {
      std::string name;
      DnsType type;
      const char* type_name;
      DnsQueryResult result;
    };
    std::vector<Question> questions = {
        {absl::StrCat("autodiscover.", domain), DnsType::kA, "A", {}},
        {absl::StrCat("autodiscover.", domain), DnsType::kAAAA, "AAAA", {}},
        {absl::StrCat("_autodiscover._tcp.", domain), DnsType::kSrv, "SRV", {}},
    };
    ForEachConcurrently(questions.size(), [&](size_t i) {
      questions[i].result = QueryDns(questions[i].name, questions[i].type, resolv_conf, timeout);
    });
    std::vector<std::string> found;
    std::vector<std::string> failures;
    bool any_failed = false;
    for (const auto& q : questions) {
      using Outcome = DnsQueryResult::Outcome;
      if (q.result.outcome == Outcome::kAnswer) {
        found.push_back(absl::StrCat(q.name, " ", q.type_name, " ", absl::StrJoin(q.result.records, ", ")));
      } else {
        any_failed |= q.result.outcome == Outcome::kFailed;
        failures.push_back(absl::StrCat(q.name, " ", q.type_name, ": ", q.result.error));
      }
    }
    const std::string source = absl::StrCat("DNS via ", resolv_conf.string());
    if (!found.empty()) {
      out.set_ok(true);
      out.set_record(absl::StrJoin(found, "; "));
      out.set_summary(absl::StrCat("autodiscover resolves for ", domain));
      return MarkOk(*out.mutable_status(), source);
    }
    if (any_failed) {
      // A resolver that did not answer says nothing about the records.
      return MarkError(*out.mutable_status(), absl::StrJoin(failures, "; "));
    }
    out.set_ok(false);
    out.set_summary(absl::StrCat("neither autodiscover.", domain, " nor _autodiscover._tcp.", domain,
                                 " resolves: ", absl::StrJoin(failures, "; ")));
    MarkOk(*out.mutable_status(), source);
  }
};

}  // namespace

std::unique_ptr<Probe> MakeAutodiscoverProbe() { return std::make_unique<AutodiscoverProbe>(); }

}  // namespace minspec::agent::netpath
