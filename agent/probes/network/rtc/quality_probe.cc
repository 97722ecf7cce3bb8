#include <errno.h>
#include <poll.h>
#include <sys/socket.h>

#include <cmath>
#include <map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "agent/probes/network/rtc/call_quality_model.h"
#include "agent/probes/network/rtc/net_io.h"
#include "agent/probes/network/rtc/rtc_probes.h"
#include "agent/probes/network/rtc/rtc_targets.h"
#include "agent/probes/status.h"

namespace minspec::agent::rtc {
namespace {

// How long to wait for stragglers after the last request of the burst.
constexpr absl::Duration kDrain = absl::Seconds(1);
constexpr uint32_t kDefaultIntervalMs = 20;  // one voice packet

// net.quality: a burst of STUN Binding requests over UDP (quality_samples of
// them, one every quality_interval_ms) to the baseline's stun_server, like
// the media packets of a call. Per answered request the round-trip time;
// jitter is the mean absolute difference of consecutive RTTs (in send order);
// loss is the unanswered share. These feed the E-model (call_quality_model.h).
class QualityProbe final : public Probe {
 public:
  std::string_view Name() const override { return "network.quality"; }
  void Collect(const ProbeContext& ctx, minspec::v1::Facts& facts) const override {
    auto* out = facts.mutable_network()->mutable_quality();
    auto targets = RtcTargetsOf(ctx);
    if (!targets.ok()) {
      MarkError(*out->mutable_status(), targets.status());
      return;
    }
    const auto& t = **targets;
    if (t.stun_server().empty()) {
      MarkError(*out->mutable_status(), "no stun_server in baseline");
      return;
    }
    if (t.quality_samples() == 0) {
      MarkError(*out->mutable_status(), "quality_samples is 0 in baseline");
      return;
    }
    const auto codec = FindCodecProfile(t.quality_codec());
    if (!codec) {
      MarkError(*out->mutable_status(), absl::StrCat("unknown quality_codec \"", t.quality_codec(),
                                                     "\" in baseline (opus, g711, g729)"));
      return;
    }
    out->set_codec(std::string(codec->name));
    const absl::Time start = absl::Now();
    const absl::Time deadline = start + RtcTimeout(ctx, t);
    auto finish = [&](std::optional<bool> ok, const std::string& summary) {
      MarkOk(*out->mutable_status(), absl::StrCat("stun udp burst ", t.stun_server()));
      out->mutable_status()->set_duration_us(absl::ToInt64Microseconds(absl::Now() - start));
      if (ok) out->set_ok(*ok);
      out->set_summary(summary);
    };

    auto endpoints = Resolve(t.stun_server(), SOCK_DGRAM, deadline);
    if (!endpoints.ok()) return finish(false, std::string(endpoints.status().message()));
    const Endpoint& ep = endpoints->front();
    auto fd = ConnectUdp(ep);
    if (!fd.ok()) return finish(false, std::string(fd.status().message()));

    const uint32_t n = t.quality_samples();
    const absl::Duration interval =
        absl::Milliseconds(t.quality_interval_ms() ? t.quality_interval_ms() : kDefaultIntervalMs);
    std::vector<StunTransactionId> ids(n);
    std::vector<absl::Time> sent_at(n);
    std::vector<double> rtt(n, -1.0);
    std::map<StunTransactionId, uint32_t> index;
    uint32_t next = 0;
    uint32_t received = 0;
    uint32_t garbage = 0;
    absl::Time drain_until = absl::InfiniteFuture();
    std::vector<uint8_t> buf(kStunMaxMessageSize);
    const absl::Time burst_start = absl::Now();
    for (;;) {
      const absl::Time now = absl::Now();
      if (now >= deadline || now >= drain_until || received == n) break;
      const absl::Time send_time = burst_start + interval * next;
      if (next < n && now >= send_time) {
        StunMessage req = StunMessage::Request(StunMethod::kBinding);
        const auto wire = req.Encode(true);
        ids[next] = req.transaction_id;
        index[req.transaction_id] = next;
        sent_at[next] = absl::Now();
        (void)::send(fd->get(), wire.data(), wire.size(), 0);  // a lost send is a lost sample
        if (++next == n) drain_until = absl::Now() + kDrain;
        continue;
      }
      const absl::Time wake = std::min({deadline, drain_until, next < n ? send_time : absl::InfiniteFuture()});
      const int ms = static_cast<int>(std::max<int64_t>(0, absl::ToInt64Milliseconds(wake - absl::Now())));
      pollfd p{fd->get(), POLLIN, 0};
      const int rc = ::poll(&p, 1, ms);
      if (rc <= 0) continue;
      const ssize_t got = ::recv(fd->get(), buf.data(), buf.size(), 0);
      const absl::Time arrived = absl::Now();
      if (got < 0) continue;  // ICMP unreachable or EINTR: the samples stay lost
      auto parsed = StunMessage::Parse(std::span<const uint8_t>(buf.data(), static_cast<size_t>(got)));
      if (!parsed.message || parsed.message->message_class != StunClass::kSuccess) {
        ++garbage;
        continue;
      }
      auto it = index.find(parsed.message->transaction_id);
      if (it == index.end() || rtt[it->second] >= 0) {
        ++garbage;
        continue;
      }
      rtt[it->second] = absl::ToDoubleMilliseconds(arrived - sent_at[it->second]);
      ++received;
    }

    out->set_samples(next);
    out->set_received(received);
    const double loss = next ? 100.0 * (next - received) / next : 100.0;
    out->set_loss_pct(loss);
    if (received == 0) {
      return finish(false, absl::StrCat("no STUN answers over UDP from ", ep.text, " to ", next, " requests",
                                        garbage ? absl::StrCat(" (", garbage, " unusable datagrams)") : ""));
    }
    double sum = 0, jitter_sum = 0, prev = -1;
    uint32_t pairs = 0;
    for (double r : rtt) {
      if (r < 0) continue;
      sum += r;
      if (prev >= 0) {
        jitter_sum += std::fabs(r - prev);
        ++pairs;
      }
      prev = r;
    }
    const double mean_rtt = sum / received;
    const double jitter = pairs ? jitter_sum / pairs : 0.0;
    out->set_rtt_ms(mean_rtt);
    out->set_jitter_ms(jitter);
    const auto est = EstimateCallQuality(*codec, mean_rtt, jitter, loss);
    out->set_r_factor(est.r_factor);
    out->set_mos(est.mos);
    std::optional<bool> ok;
    if (t.quality_min_mos() > 0) ok = est.mos >= t.quality_min_mos();
    finish(ok, absl::StrFormat("%u/%u answered: rtt %.1f ms, jitter %.1f ms, loss %.1f%% -> MOS %.2f (%s, R %.1f)",
                               received, next, mean_rtt, jitter, loss, est.mos, std::string(codec->name), est.r_factor));
  }
};

}  // namespace

std::unique_ptr<Probe> MakeQualityProbe() { return std::make_unique<QualityProbe>(); }

}  // namespace minspec::agent::rtc
