#include <sys/socket.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "agent/probes/network/rtc/net_io.h"
#include "agent/probes/network/rtc/rtc_probes.h"
#include "agent/probes/network/rtc/rtc_targets.h"
#include "agent/probes/status.h"

namespace minspec::agent::rtc {
namespace {

// net.turn_tls_5349: TLS to the baseline's turn_tls_server, then a TURN
// Allocate (RFC 8656) without credentials. A server answers that with
// 401 Unauthorized carrying REALM and NONCE: that STUN-framed challenge is
// proof the TURN service is reachable over TLS, without any secret.
class TurnTlsProbe final : public Probe {
 public:
  std::string_view Name() const override { return "network.turn_tls"; }
  void Collect(const ProbeContext& ctx, minspec::v1::Facts& facts) const override {
    auto* out = facts.mutable_network()->mutable_turn_tls();
    auto targets = RtcTargetsOf(ctx);
    if (!targets.ok()) {
      MarkError(*out->mutable_status(), targets.status());
      return;
    }
    const auto& t = **targets;
    const std::string& server = t.turn_tls_server();
    out->set_server(server);
    if (server.empty()) {
      MarkError(*out->mutable_status(), "no turn_tls_server in baseline");
      return;
    }
    auto split = SplitHostPort(server);
    if (!split.ok()) {
      MarkError(*out->mutable_status(), split.status());
      return;
    }
    const std::string server_name = t.turn_tls_server_name().empty() ? split->first : t.turn_tls_server_name();
    const absl::Time start = absl::Now();
    const absl::Time deadline = start + RtcTimeout(ctx, t);
    auto finish = [&](bool ok, const std::string& summary) {
      MarkOk(*out->mutable_status(), absl::StrCat("turn tls ", server));
      out->mutable_status()->set_duration_us(absl::ToInt64Microseconds(absl::Now() - start));
      out->set_ok(ok);
      out->set_summary(summary);
    };

    auto endpoints = Resolve(server, SOCK_STREAM, deadline);
    if (!endpoints.ok()) return finish(false, std::string(endpoints.status().message()));
    std::string last_error;
    for (const Endpoint& ep : *endpoints) {
      auto fd = ConnectTcp(ep, deadline);
      if (!fd.ok()) {
        last_error = std::string(fd.status().message());
        continue;
      }
      auto tls = StartTls(*std::move(fd), server_name, deadline);
      if (!tls.ok()) {
        last_error = absl::StrCat(ep.text, ": ", std::string(tls.status().message()));
        continue;
      }
      out->set_tls_verified(tls->verified);
      out->set_tls_verify_error(tls->verify_error);

      StunMessage allocate = StunMessage::Request(StunMethod::kAllocate);
      // REQUESTED-TRANSPORT: UDP (17), as a browser asks.
      allocate.attributes.push_back({stun_attr::kRequestedTransport, {17, 0, 0, 0}});
      const absl::Time sent = absl::Now();
      auto answer = StunOverStream(*tls->stream, allocate, deadline);
      if (!answer.ok()) {
        last_error = absl::StrCat(ep.text, ": ", std::string(answer.status().message()));
        continue;
      }
      out->set_rtt_ms(absl::ToDoubleMilliseconds(absl::Now() - sent));
      if (answer->method != static_cast<uint16_t>(StunMethod::kAllocate)) {
        last_error = absl::StrCat(ep.text, ": answer is not an Allocate response");
        continue;
      }
      if (answer->message_class == StunClass::kSuccess) {
        // A server without authentication: reachable all the same.
        return finish(true, absl::StrCat("Allocate succeeded without credentials at ", ep.text));
      }
      const auto ec = answer->ErrorCode();
      if (!ec) {
        last_error = absl::StrCat(ep.text, ": Allocate error response without a valid ERROR-CODE");
        continue;
      }
      out->set_error_code(ec->code);
      const auto realm = answer->Realm();
      if (realm) out->set_realm(*realm);
      out->set_nonce_present(answer->HasNonce());
      if (ec->code == 401 && realm && answer->HasNonce()) {
        return finish(true, absl::StrCat("TURN over TLS at ", ep.text, " answered 401 with realm \"", *realm,
                                         "\" and a nonce"));
      }
      return finish(false, absl::StrCat("TURN over TLS at ", ep.text, " answered ", ec->code, " ", ec->reason,
                                        realm ? "" : " (no realm)", answer->HasNonce() ? "" : " (no nonce)"));
    }
    finish(false, last_error);
  }
};

}  // namespace

std::unique_ptr<Probe> MakeTurnTlsProbe() { return std::make_unique<TurnTlsProbe>(); }

}  // namespace minspec::agent::rtc
