#include "agent/probes/network/rtc/stun_binding.h"

#include <sys/socket.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "agent/probes/network/rtc/net_io.h"
#include "agent/probes/status.h"

namespace minspec::agent::rtc {

void RunStunBinding(const std::string& server, StunTransport transport, absl::Duration timeout,
                    minspec::v1::StunFacts& out) {
  const bool udp = transport == StunTransport::kUdp;
  out.set_server(server);
  out.set_transport(udp ? "udp" : "tcp");
  const absl::Time start = absl::Now();
  const absl::Time deadline = start + timeout;
  const std::string source = absl::StrCat("stun ", udp ? "udp" : "tcp", " ", server);
  auto finish = [&](bool ok, const std::string& summary) {
    MarkOk(*out.mutable_status(), source);
    out.mutable_status()->set_duration_us(absl::ToInt64Microseconds(absl::Now() - start));
    out.set_ok(ok);
    out.set_summary(summary);
  };

  if (server.empty()) {
    MarkError(*out.mutable_status(), "no stun_server in baseline");
    return;
  }
  if (auto split = SplitHostPort(server); !split.ok()) {
    MarkError(*out.mutable_status(), split.status());
    return;
  }
  auto endpoints = Resolve(server, udp ? SOCK_DGRAM : SOCK_STREAM, deadline);
  if (!endpoints.ok()) return finish(false, std::string(endpoints.status().message()));

  std::string last_error;
  for (const Endpoint& ep : *endpoints) {
    const StunMessage request = StunMessage::Request(StunMethod::kBinding);
    const absl::Time sent = absl::Now();
    absl::StatusOr<StunMessage> answer;
    if (udp) {
      answer = StunOverUdp(ep, request, deadline);
    } else {
      auto fd = ConnectTcp(ep, deadline);
      if (!fd.ok()) {
        last_error = std::string(fd.status().message());
        continue;
      }
      auto stream = PlainStream(*std::move(fd));
      answer = StunOverStream(*stream, request, deadline);
    }
    const double rtt_ms = absl::ToDoubleMilliseconds(absl::Now() - sent);
    if (!answer.ok()) {
      last_error = absl::StrCat(ep.text, ": ", std::string(answer.status().message()));
      continue;
    }
    if (answer->method != static_cast<uint16_t>(StunMethod::kBinding)) {
      last_error = absl::StrCat(ep.text, ": answer is not a Binding response");
      continue;
    }
    if (answer->message_class == StunClass::kError) {
      const auto ec = answer->ErrorCode();
      last_error = absl::StrCat(ep.text, ": Binding error ", ec ? ec->code : 0, " ", ec ? ec->reason : "");
      continue;
    }
    const auto mapped = answer->MappedAddress();
    if (!mapped) {
      last_error = absl::StrCat(ep.text, ": Binding success without a (valid) XOR-MAPPED-ADDRESS");
      continue;
    }
    out.set_mapped_address(mapped->ip);
    out.set_rtt_ms(rtt_ms);
    return finish(true, absl::StrCat("Binding success from ", ep.text, ", mapped ", mapped->ip, ":",
                                     mapped->port));
  }
  finish(false, last_error);
}

}  // namespace minspec::agent::rtc
