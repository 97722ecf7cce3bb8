#include "agent/probes/network/rtc/rtc_probes.h"

#include <gtest/gtest.h>

#include "absl/time/clock.h"
#include "agent/probes/families.h"
#include "tests/unit/network_rtc/fake_peers.h"

namespace minspec::agent::rtc {
namespace {

using minspec::v1::Baseline;
using minspec::v1::Facts;
using minspec::v1::ProbeStatus;
using testing::FakeTcpPeer;
using testing::FakeUdpPeer;

Baseline WithRtc(const std::string& stun, const std::string& turn, uint32_t timeout_ms = 1500) {
  Baseline b;
  auto* rtc = b.mutable_rtc();
  rtc->set_stun_server(stun);
  rtc->set_turn_tls_server(turn);
  rtc->set_timeout_ms(timeout_ms);
  rtc->set_quality_samples(20);
  rtc->set_quality_interval_ms(5);
  return b;
}

Facts RunProbe(const Probe& probe, const Baseline* baseline, absl::Duration* took = nullptr) {
  ProbeContext ctx;
  ctx.baseline = baseline;
  Facts facts;
  const absl::Time start = absl::Now();
  probe.Collect(ctx, facts);
  if (took) *took = absl::Now() - start;
  return facts;
}

TEST(RtcProbes, NoBaselineIsErrorForEveryProbe) {
  ProbeList probes;
  minspec::agent::AppendRtcProbes(probes);
  ASSERT_EQ(probes.size(), 5u);
  Facts facts;
  ProbeContext ctx;
  for (const auto& p : probes) p->Collect(ctx, facts);
  const auto& n = facts.network();
  for (const ProbeStatus* s : {&n.stun_udp().status(), &n.stun_tcp().status(), &n.turn_tls().status(),
                               &n.bandwidth().status(), &n.quality().status()}) {
    EXPECT_EQ(s->code(), ProbeStatus::ERROR);
    EXPECT_EQ(s->error(), "no targets in baseline");
  }
  EXPECT_FALSE(n.stun_udp().has_ok());
}

TEST(RtcProbes, UnparsableTargetIsError) {
  const Baseline b = WithRtc("no-port-here", "also:bad:target");
  auto f = RunProbe(*MakeStunUdpProbe(), &b);
  EXPECT_EQ(f.network().stun_udp().status().code(), ProbeStatus::ERROR);
  EXPECT_NE(f.network().stun_udp().status().error().find("host:port"), std::string::npos);
  f = RunProbe(*MakeTurnTlsProbe(), &b);
  EXPECT_EQ(f.network().turn_tls().status().code(), ProbeStatus::ERROR);
}

TEST(StunUdpProbe, RecordsXorMappedAddress) {
  FakeUdpPeer peer;
  const Baseline b = WithRtc(peer.address(), "");
  auto f = RunProbe(*MakeStunUdpProbe(), &b);
  const auto& s = f.network().stun_udp();
  EXPECT_EQ(s.status().code(), ProbeStatus::OK);
  EXPECT_TRUE(s.ok()) << s.summary();
  EXPECT_EQ(s.mapped_address(), "127.0.0.1");
  EXPECT_EQ(s.transport(), "udp");
  EXPECT_TRUE(s.has_rtt_ms());
}

TEST(StunUdpProbe, ResolvesAHostName) {
  FakeUdpPeer peer;
  const Baseline b = WithRtc("localhost:" + peer.address().substr(10), "");
  auto f = RunProbe(*MakeStunUdpProbe(), &b);
  EXPECT_TRUE(f.network().stun_udp().ok()) << f.network().stun_udp().summary();
}

TEST(StunUdpProbe, ClosedPortFailsAtOnceWithTheReason) {
  std::string address;
  {
    FakeUdpPeer gone;
    address = gone.address();
  }
  const Baseline b = WithRtc(address, "", 3000);
  absl::Duration took;
  auto f = RunProbe(*MakeStunUdpProbe(), &b, &took);
  EXPECT_FALSE(f.network().stun_udp().ok());
  EXPECT_NE(f.network().stun_udp().summary().find("port unreachable"), std::string::npos)
      << f.network().stun_udp().summary();
  EXPECT_LT(took, absl::Seconds(1));
}

TEST(StunUdpProbe, SilentPeerEndsWithinTimeout) {
  FakeUdpPeer peer([](const std::vector<uint8_t>&, int) { return std::vector<uint8_t>{}; });
  const Baseline b = WithRtc(peer.address(), "", 1200);
  absl::Duration took;
  auto f = RunProbe(*MakeStunUdpProbe(), &b, &took);
  const auto& s = f.network().stun_udp();
  EXPECT_EQ(s.status().code(), ProbeStatus::OK);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.summary().find("no STUN answer"), std::string::npos) << s.summary();
  EXPECT_LT(took, absl::Milliseconds(1700));
  EXPECT_GE(peer.received(), 2);  // retransmitted (RTO 500 ms)
}

TEST(StunUdpProbe, GarbageAnswersAreRejectedWithReason) {
  FakeUdpPeer peer([](const std::vector<uint8_t>&, int) {
    return std::vector<uint8_t>{'H', 'T', 'T', 'P', '/', '1', '.', '1', ' ', '4', '0', '0'};
  });
  const Baseline b = WithRtc(peer.address(), "", 800);
  auto f = RunProbe(*MakeStunUdpProbe(), &b);
  const auto& s = f.network().stun_udp();
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.summary().find("malformed answer"), std::string::npos) << s.summary();
}

TEST(StunUdpProbe, AnswerForAnotherTransactionIsIgnored) {
  FakeUdpPeer peer([](const std::vector<uint8_t>& req, int) {
    sockaddr_in from{};
    from.sin_family = AF_INET;
    auto out = testing::BindingSuccessFor(req, from);
    // Change one transaction-id byte; the fingerprint must be recomputed to stay well-formed.
    auto parsed = StunMessage::Parse(out);
    parsed.message->transaction_id[0] ^= 0xFF;
    parsed.message->attributes.pop_back();  // the old FINGERPRINT
    return parsed.message->Encode(true);
  });
  const Baseline b = WithRtc(peer.address(), "", 800);
  auto f = RunProbe(*MakeStunUdpProbe(), &b);
  EXPECT_FALSE(f.network().stun_udp().ok());
  EXPECT_NE(f.network().stun_udp().summary().find("another transaction"), std::string::npos)
      << f.network().stun_udp().summary();
}

TEST(StunTcpProbe, PeerThatNeverSpeaksEndsWithinTimeout) {
  FakeTcpPeer peer({});
  const Baseline b = WithRtc(peer.address(), "", 1000);
  absl::Duration took;
  auto f = RunProbe(*MakeStunTcpProbe(), &b, &took);
  const auto& s = f.network().stun_tcp();
  EXPECT_EQ(s.status().code(), ProbeStatus::OK);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.summary().find("timed out"), std::string::npos) << s.summary();
  EXPECT_LT(took, absl::Milliseconds(1500));
}

TEST(StunTcpProbe, HttpAnswerIsNotStun) {
  const std::string http = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
  FakeTcpPeer peer(std::vector<uint8_t>(http.begin(), http.end()));
  const Baseline b = WithRtc(peer.address(), "", 1000);
  auto f = RunProbe(*MakeStunTcpProbe(), &b);
  EXPECT_FALSE(f.network().stun_tcp().ok());
  EXPECT_NE(f.network().stun_tcp().summary().find("not STUN"), std::string::npos)
      << f.network().stun_tcp().summary();
}

TEST(StunTcpProbe, TruncatedFrameThenCloseIsReported) {
  // A STUN header announcing 64 attribute bytes, then nothing.
  StunMessage m;
  m.message_class = StunClass::kSuccess;
  auto wire = m.Encode();
  wire[3] = 64;
  FakeTcpPeer peer(wire);
  const Baseline b = WithRtc(peer.address(), "", 800);
  auto f = RunProbe(*MakeStunTcpProbe(), &b);
  EXPECT_FALSE(f.network().stun_tcp().ok());
}

TEST(StunTcpProbe, RefusedPortIsAFactNotAnError) {
  int port = 0;
  {
    FakeTcpPeer gone({});
    port = std::stoi(gone.address().substr(10));
  }
  const Baseline b = WithRtc("127.0.0.1:" + std::to_string(port), "", 1000);
  auto f = RunProbe(*MakeStunTcpProbe(), &b);
  EXPECT_EQ(f.network().stun_tcp().status().code(), ProbeStatus::OK);
  EXPECT_FALSE(f.network().stun_tcp().ok());
  EXPECT_NE(f.network().stun_tcp().summary().find("refused"), std::string::npos);
}

TEST(TurnTlsProbe, PeerThatNeverSpeaksTlsEndsWithinTimeout) {
  FakeTcpPeer peer({});
  const Baseline b = WithRtc("", peer.address(), 1000);
  absl::Duration took;
  auto f = RunProbe(*MakeTurnTlsProbe(), &b, &took);
  const auto& t = f.network().turn_tls();
  EXPECT_EQ(t.status().code(), ProbeStatus::OK);
  EXPECT_FALSE(t.ok());
  EXPECT_NE(t.summary().find("TLS handshake"), std::string::npos) << t.summary();
  EXPECT_LT(took, absl::Milliseconds(1500));
}

TEST(TurnTlsProbe, GarbageInsteadOfTlsIsReported) {
  const std::string junk = "SSH-2.0-OpenSSH_9.2\r\n";
  FakeTcpPeer peer(std::vector<uint8_t>(junk.begin(), junk.end()));
  const Baseline b = WithRtc("", peer.address(), 1000);
  auto f = RunProbe(*MakeTurnTlsProbe(), &b);
  EXPECT_FALSE(f.network().turn_tls().ok());
  EXPECT_FALSE(f.network().turn_tls().summary().empty());
}

TEST(QualityProbe, MeasuresLossFromABurst) {
  // Answers every other request: 50 % loss.
  FakeUdpPeer peer([](const std::vector<uint8_t>& req, int count) {
    if (count % 2 == 0) return std::vector<uint8_t>{};
    sockaddr_in from{};
    from.sin_family = AF_INET;
    return testing::BindingSuccessFor(req, from);
  });
  Baseline b = WithRtc(peer.address(), "", 5000);
  b.mutable_rtc()->set_quality_min_mos(3.5);
  auto f = RunProbe(*MakeQualityProbe(), &b);
  const auto& q = f.network().quality();
  EXPECT_EQ(q.status().code(), ProbeStatus::OK) << q.status().error();
  EXPECT_EQ(q.samples(), 20u);
  EXPECT_EQ(q.received(), 10u);
  EXPECT_DOUBLE_EQ(q.loss_pct(), 50.0);
  EXPECT_EQ(q.codec(), "opus");
  ASSERT_TRUE(q.has_mos());
  EXPECT_LT(q.mos(), 2.0);
  EXPECT_FALSE(q.ok());
}

TEST(QualityProbe, CleanLoopbackIsGoodAndOkOnlyWithAThreshold) {
  FakeUdpPeer peer;
  Baseline b = WithRtc(peer.address(), "", 5000);
  auto f = RunProbe(*MakeQualityProbe(), &b);
  const auto& q = f.network().quality();
  EXPECT_EQ(q.received(), 20u);
  EXPECT_DOUBLE_EQ(q.loss_pct(), 0.0);
  EXPECT_GT(q.mos(), 4.3);
  EXPECT_FALSE(q.has_ok());  // no quality_min_mos: report only
  b.mutable_rtc()->set_quality_codec("speex");
  f = RunProbe(*MakeQualityProbe(), &b);
  EXPECT_EQ(f.network().quality().status().code(), ProbeStatus::ERROR);
}

TEST(BandwidthProbe, MissingThresholdIsError) {
  Baseline b = WithRtc("", "");
  b.mutable_rtc()->set_bandwidth_download_url("http://127.0.0.1:9/down");
  b.mutable_rtc()->set_bandwidth_upload_url("http://127.0.0.1:9/up");
  auto f = RunProbe(*MakeBandwidthProbe(), &b);
  EXPECT_EQ(f.network().bandwidth().status().code(), ProbeStatus::ERROR);
}

TEST(BandwidthProbe, SilentServerEndsWithinTimeoutAndFails) {
  FakeTcpPeer peer({});
  Baseline b = WithRtc("", "", 1500);
  b.mutable_rtc()->set_bandwidth_download_url("http://" + peer.address() + "/down");
  b.mutable_rtc()->set_bandwidth_upload_url("http://" + peer.address() + "/up");
  b.mutable_rtc()->set_min_kbps_per_stream(1000);
  b.mutable_rtc()->set_streams_down(1);
  b.mutable_rtc()->set_streams_up(1);
  absl::Duration took;
  auto f = RunProbe(*MakeBandwidthProbe(), &b, &took);
  const auto& bw = f.network().bandwidth();
  EXPECT_EQ(bw.status().code(), ProbeStatus::OK);
  EXPECT_FALSE(bw.ok());
  EXPECT_FALSE(bw.has_down_kbps());
  EXPECT_NE(bw.summary().find("download failed"), std::string::npos) << bw.summary();
  EXPECT_LT(took, absl::Milliseconds(2000));
  EXPECT_DOUBLE_EQ(bw.required_down_kbps(), 1000);
}

}  // namespace
}  // namespace minspec::agent::rtc
