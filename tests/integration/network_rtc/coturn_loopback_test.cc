// net.stun_udp_3478, net.stun_tcp_3478 and net.turn_tls_5349 against a real
// coturn started by the test on 127.0.0.1 (ports of its own, torn down at the end).
#include <gtest/gtest.h>

#include "absl/time/clock.h"
#include "agent/probes/network/rtc/rtc_probes.h"
#include "tests/integration/network_rtc/test_support.h"
#include "tests/integration/network_rtc/verdicts.h"

namespace minspec::rtc_test {
namespace {

using minspec::v1::ProbeStatus;

bool PortsFree(int first, int count) {
  for (int p = first; p < first + count; ++p) {
    for (int type : {SOCK_STREAM, SOCK_DGRAM}) {
      const int fd = ::socket(AF_INET, type, 0);
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_port = htons(static_cast<uint16_t>(p));
      a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
      ::close(fd);
      if (!ok) return false;
    }
  }
  return true;
}

class CoturnLoopback : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!HaveProgram("turnserver")) GTEST_SKIP() << "coturn is not installed (tools/install-deps.sh --test)";
    if (!HaveProgram("openssl")) GTEST_SKIP() << "openssl CLI is not installed";
    ASSERT_TRUE(MakeCertificate(dir_.path(), "turn.minspec.test"));
    for (int base = 31000 + (::getpid() % 800) * 10; base < 40000; base += 10) {
      if (PortsFree(base, 6)) {
        port_ = base;
        break;
      }
    }
    ASSERT_NE(port_, 0);
    coturn_ = Child(CoturnArgv(dir_.path(), "127.0.0.1", port_, port_ + 1, "minspec.test"),
                    (dir_.path() / "coturn.log").string());
    ASSERT_TRUE(WaitTcp("127.0.0.1", port_ + 1, 10)) << "coturn did not start; see its log";
    ASSERT_TRUE(WaitTcp("127.0.0.1", port_, 5));
    auto* rtc = targets_.mutable_rtc();
    rtc->set_stun_server("127.0.0.1:" + std::to_string(port_));
    rtc->set_turn_tls_server("127.0.0.1:" + std::to_string(port_ + 1));
    rtc->set_turn_tls_server_name("turn.minspec.test");
    rtc->set_timeout_ms(3000);
    rtc->set_quality_samples(20);
    rtc->set_quality_interval_ms(10);
  }
  minspec::v1::Facts Collect(const agent::Probe& probe) {
    agent::ProbeContext ctx;
    ctx.baseline = &targets_;
    minspec::v1::Facts f;
    probe.Collect(ctx, f);
    return f;
  }
  std::string Verdict(const minspec::v1::Facts& f, const std::string& id) {
    auto b = DefaultBaselineWith(targets_.rtc());
    if (!b.ok()) return "baseline: " + std::string(b.status().message());
    const auto r = ResultFor(*b, f, id);
    return minspec::baseline::VerdictName(r.verdict()) + " (" + r.reason() + ")";
  }

  TempDir dir_;
  int port_ = 0;
  Child coturn_;
  minspec::v1::Baseline targets_;
};

TEST_F(CoturnLoopback, StunBindingOverUdpMapsLoopback) {
  const auto f = Collect(*agent::rtc::MakeStunUdpProbe());
  const auto& s = f.network().stun_udp();
  ASSERT_EQ(s.status().code(), ProbeStatus::OK) << s.status().error();
  EXPECT_TRUE(s.ok()) << s.summary();
  EXPECT_EQ(s.mapped_address(), "127.0.0.1");
  EXPECT_GT(s.rtt_ms(), 0);
  EXPECT_EQ(Verdict(f, "net.stun_udp_3478").substr(0, 4), "PASS") << Verdict(f, "net.stun_udp_3478");
}

TEST_F(CoturnLoopback, StunBindingOverTcpMapsLoopback) {
  const auto f = Collect(*agent::rtc::MakeStunTcpProbe());
  const auto& s = f.network().stun_tcp();
  ASSERT_EQ(s.status().code(), ProbeStatus::OK) << s.status().error();
  EXPECT_TRUE(s.ok()) << s.summary();
  EXPECT_EQ(s.mapped_address(), "127.0.0.1");
  EXPECT_EQ(s.transport(), "tcp");
  EXPECT_EQ(Verdict(f, "net.stun_tcp_3478").substr(0, 4), "PASS") << Verdict(f, "net.stun_tcp_3478");
}

TEST_F(CoturnLoopback, UnauthenticatedAllocateOverTlsGets401WithRealm) {
  const auto f = Collect(*agent::rtc::MakeTurnTlsProbe());
  const auto& t = f.network().turn_tls();
  ASSERT_EQ(t.status().code(), ProbeStatus::OK) << t.status().error();
  EXPECT_TRUE(t.ok()) << t.summary();
  EXPECT_EQ(t.error_code(), 401);
  EXPECT_EQ(t.realm(), "minspec.test");
  EXPECT_TRUE(t.nonce_present());
  EXPECT_FALSE(t.tls_verified());  // self-signed: reachable, and the probe says it is not trusted
  EXPECT_FALSE(t.tls_verify_error().empty());
  EXPECT_EQ(Verdict(f, "net.turn_tls_5349").substr(0, 4), "PASS") << Verdict(f, "net.turn_tls_5349");
}

TEST_F(CoturnLoopback, QualityBurstOnLoopbackIsClean) {
  const auto f = Collect(*agent::rtc::MakeQualityProbe());
  const auto& q = f.network().quality();
  ASSERT_EQ(q.status().code(), ProbeStatus::OK) << q.status().error();
  EXPECT_EQ(q.samples(), 20u);
  EXPECT_EQ(q.received(), 20u) << q.summary();
  EXPECT_LT(q.rtt_ms(), 50);
  EXPECT_GT(q.mos(), 4.3);
  EXPECT_EQ(Verdict(f, "net.quality").substr(0, 4), "PASS") << Verdict(f, "net.quality");
}

TEST_F(CoturnLoopback, StoppedServerFailsWithinTimeout) {
  coturn_.Stop();
  const absl::Time start = absl::Now();
  const auto udp = Collect(*agent::rtc::MakeStunUdpProbe());
  const auto tcp = Collect(*agent::rtc::MakeStunTcpProbe());
  EXPECT_LT(absl::Now() - start, absl::Seconds(7));
  EXPECT_FALSE(udp.network().stun_udp().ok());
  EXPECT_FALSE(tcp.network().stun_tcp().ok());
  EXPECT_EQ(Verdict(udp, "net.stun_udp_3478").substr(0, 4), "FAIL") << Verdict(udp, "net.stun_udp_3478");
}

}  // namespace
}  // namespace minspec::rtc_test
