// The RTC probes through a network path the test builds itself: two network
// namespaces ("server", "client") joined by a veth pair on 198.18.N.0/24
// (RFC 2544 benchmarking range). coturn and an HTTP bandwidth endpoint run in
// the server namespace; the probes run in the client namespace (the
// rtc_probe_runner helper under `ip netns exec`). The path is then cut with
// nftables (in the server namespace's input: a firewall that silently drops,
// so the client sees black holes, not refusals) and shaped with tc tbf.
#include <gtest/gtest.h>

#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/protobuf/text_format.h"
#include "tests/integration/network_rtc/test_support.h"
#include "tests/integration/network_rtc/verdicts.h"

namespace minspec::rtc_test {
namespace {

using minspec::v1::Facts;
using minspec::v1::ProbeStatus;

struct Path {
  std::string server_ns, client_ns, server_if, client_if, server_ip, client_ip;
  std::unique_ptr<TempDir> dir;
  Child coturn, http;
  std::string setup_error;
};
Path* path = nullptr;

std::string NsExec(const std::string& ns, const std::string& cmd) { return "ip netns exec " + ns + " " + cmd; }

class RtcThroughNamespaces : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    path = new Path;
    Path& p = *path;
    if (!IsRoot()) {
      p.setup_error = "needs root for network namespaces, nftables and tc (CI runs as root)";
      return;
    }
    for (const char* prog : {"ip", "nft", "tc", "turnserver", "openssl", "python3"}) {
      if (!HaveProgram(prog)) {
        p.setup_error = absl::StrCat(prog, " is not installed (tools/install-deps.sh --test)");
        return;
      }
    }
    const int id = ::getpid() % 100000;
    const int net = 100 + ::getpid() % 150;
    p.server_ns = absl::StrCat("msrtc-s-", id);
    p.client_ns = absl::StrCat("msrtc-c-", id);
    p.server_if = absl::StrCat("mrs", id);
    p.client_if = absl::StrCat("mrc", id);
    p.server_ip = absl::StrCat("198.18.", net, ".1");
    p.client_ip = absl::StrCat("198.18.", net, ".2");
    p.dir = std::make_unique<TempDir>();
    std::string out;
    const std::vector<std::string> setup = {
        "ip netns add " + p.server_ns,
        "ip netns add " + p.client_ns,
        "ip link add " + p.server_if + " netns " + p.server_ns + " type veth peer name " + p.client_if +
            " netns " + p.client_ns,
        NsExec(p.server_ns, "ip addr add " + p.server_ip + "/24 dev " + p.server_if),
        NsExec(p.client_ns, "ip addr add " + p.client_ip + "/24 dev " + p.client_if),
        NsExec(p.server_ns, "ip link set " + p.server_if + " up"),
        NsExec(p.client_ns, "ip link set " + p.client_if + " up"),
        NsExec(p.server_ns, "ip link set lo up"),
        NsExec(p.client_ns, "ip link set lo up"),
    };
    for (const auto& cmd : setup) {
      if (Sh(cmd, &out) != 0) {
        p.setup_error = absl::StrCat("`", cmd, "` failed: ", out);
        return;
      }
    }
    if (!MakeCertificate(p.dir->path(), "turn.minspec.test")) {
      p.setup_error = "openssl could not make a certificate";
      return;
    }
    std::vector<std::string> coturn = {"ip", "netns", "exec", p.server_ns};
    for (auto& a : CoturnArgv(p.dir->path(), p.server_ip, 3478, 5349, "minspec.test")) coturn.push_back(a);
    p.coturn = Child(coturn, (p.dir->path() / "coturn.log").string());
    const std::string python = ::access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
    p.http = Child({"ip", "netns", "exec", p.server_ns, python,
                    MINSPEC_SOURCE_DIR "/tests/fixtures/network_rtc/bandwidth_server.py", p.server_ip, "443"},
                   (p.dir->path() / "http.log").string());
    if (!WaitTcp(p.server_ip, 5349, 10, p.client_ns) || !WaitTcp(p.server_ip, 443, 10, p.client_ns)) {
      std::string log;
      Sh("cat " + (p.dir->path() / "coturn.log").string() + " " + (p.dir->path() / "http.log").string() +
             " | tail -20",
         &log);
      p.setup_error = "coturn or the bandwidth server did not come up in the server namespace: " + log;
    }
  }

  static void TearDownTestSuite() {
    if (path == nullptr) return;
    path->coturn.Stop();
    path->http.Stop();
    if (!path->client_ns.empty()) Sh("ip netns del " + path->client_ns);  // removes the veth pair too
    if (!path->server_ns.empty()) Sh("ip netns del " + path->server_ns);
    delete path;
    path = nullptr;
  }

  void SetUp() override {
    if (!path->setup_error.empty()) GTEST_SKIP() << path->setup_error;
    // Each test starts from an open, unshaped path.
    Sh(NsExec(path->server_ns, "nft flush ruleset"));
    Sh(NsExec(path->server_ns, "tc qdisc del dev " + path->server_if + " root"));
    Sh(NsExec(path->client_ns, "tc qdisc del dev " + path->client_if + " root"));
  }

  // A firewall in front of the server: `rules` in the server's input chain.
  void Firewall(const std::string& rules) {
    const auto file = path->dir->path() / "rules.nft";
    std::ofstream(file) << "table inet minspec_fw {\n  chain input {\n    type filter hook input priority 0;\n"
                        << rules << "\n  }\n}\n";
    std::string out;
    ASSERT_EQ(Sh(NsExec(path->server_ns, "nft -f " + file.string()), &out), 0) << out;
  }

  // Shapes both directions to `rate` (tc syntax, e.g. "600kbit").
  void Shape(const std::string& rate) {
    for (const auto& [ns, dev] : {std::pair{path->server_ns, path->server_if}, {path->client_ns, path->client_if}}) {
      std::string out;
      // veth hands tbf 64 KB GSO super-packets, which overflow its queue in one
      // go and cost ~15 % throughput in losses: segment at the MTU instead, as
      // a real link would.
      ASSERT_EQ(Sh(NsExec(ns, "ip link set dev " + dev + " gso_max_size 1500"), &out), 0) << out;
      ASSERT_EQ(Sh(NsExec(ns, "tc qdisc add dev " + dev + " root tbf rate " + rate +
                                  " burst 6kb latency 300ms"),
                   &out),
                0)
          << out;
    }
  }

  minspec::v1::RtcTargets Targets(uint32_t timeout_ms) const {
    minspec::v1::RtcTargets t;
    t.set_stun_server(path->server_ip + ":3478");
    t.set_turn_tls_server(path->server_ip + ":5349");
    t.set_turn_tls_server_name("turn.minspec.test");
    t.set_timeout_ms(timeout_ms);
    t.set_quality_samples(20);
    t.set_quality_interval_ms(20);
    t.set_bandwidth_download_url("http://" + path->server_ip + ":443/down?bytes=100000000");
    t.set_bandwidth_upload_url("http://" + path->server_ip + ":443/up");
    t.set_min_kbps_per_stream(1000);
    t.set_streams_down(2);
    t.set_streams_up(1);
    t.set_bandwidth_duration_ms(2500);
    t.set_upload_max_bytes(8000000);
    return t;
  }

  // Runs the named probes in the client namespace; returns their facts.
  Facts RunInClient(const minspec::v1::RtcTargets& targets, const std::vector<std::string>& probes,
                    absl::Duration* took = nullptr) {
    minspec::v1::Baseline b;
    *b.mutable_rtc() = targets;
    std::string text;
    google::protobuf::TextFormat::PrintToString(b, &text);
    const auto base = path->dir->path() / "targets.textproto";
    const auto out = path->dir->path() / "facts.bin";
    std::ofstream(base) << text;
    std::string cmd = NsExec(path->client_ns, absl::StrCat(RTC_PROBE_RUNNER, " ", base.string(), " ", out.string()));
    for (const auto& p : probes) cmd += " " + p;
    const absl::Time start = absl::Now();
    std::string log;
    EXPECT_EQ(Sh(cmd, &log), 0) << log;
    if (took) *took = absl::Now() - start;
    Facts f;
    std::ifstream in(out, std::ios::binary);
    EXPECT_TRUE(f.ParseFromIstream(&in));
    return f;
  }

  static std::string Verdict(const minspec::v1::RtcTargets& t, const Facts& f, const std::string& id) {
    auto b = DefaultBaselineWith(t);
    if (!b.ok()) return "baseline: " + std::string(b.status().message());
    const auto r = ResultFor(*b, f, id);
    return minspec::baseline::VerdictName(r.verdict()) + " (" + r.reason() + ")";
  }
};

#define EXPECT_VERDICT(targets, facts, id, want)                 \
  do {                                                           \
    const std::string v = Verdict(targets, facts, id);           \
    EXPECT_EQ(v.substr(0, std::string(want).size()), want) << v; \
  } while (0)

TEST_F(RtcThroughNamespaces, OpenPathStunTurnAndQualityPass) {
  const auto t = Targets(3000);
  const auto f = RunInClient(t, {"network.stun_udp", "network.stun_tcp", "network.turn_tls", "network.quality"});
  const auto& n = f.network();
  EXPECT_TRUE(n.stun_udp().ok()) << n.stun_udp().summary();
  EXPECT_EQ(n.stun_udp().mapped_address(), path->client_ip);  // the client's egress address
  EXPECT_TRUE(n.stun_tcp().ok()) << n.stun_tcp().summary();
  EXPECT_EQ(n.stun_tcp().mapped_address(), path->client_ip);
  EXPECT_TRUE(n.turn_tls().ok()) << n.turn_tls().summary();
  EXPECT_EQ(n.turn_tls().error_code(), 401);
  EXPECT_EQ(n.turn_tls().realm(), "minspec.test");
  EXPECT_EQ(n.quality().received(), 20u) << n.quality().summary();
  EXPECT_GT(n.quality().mos(), 4.3);
  EXPECT_VERDICT(t, f, "net.stun_udp_3478", "PASS");
  EXPECT_VERDICT(t, f, "net.stun_tcp_3478", "PASS");
  EXPECT_VERDICT(t, f, "net.turn_tls_5349", "PASS");
  EXPECT_VERDICT(t, f, "net.quality", "PASS");
}

TEST_F(RtcThroughNamespaces, UdpBlockedFailsUdpButTcpPasses) {
  Firewall("udp dport 3478 drop");
  const auto t = Targets(3000);
  absl::Duration took;
  const auto f = RunInClient(t, {"network.stun_udp", "network.stun_tcp", "network.quality"}, &took);
  const auto& n = f.network();
  EXPECT_EQ(n.stun_udp().status().code(), ProbeStatus::OK);
  EXPECT_FALSE(n.stun_udp().ok());
  EXPECT_NE(n.stun_udp().summary().find("no STUN answer"), std::string::npos) << n.stun_udp().summary();
  EXPECT_TRUE(n.stun_tcp().ok()) << n.stun_tcp().summary();
  EXPECT_EQ(n.quality().received(), 0u);
  EXPECT_DOUBLE_EQ(n.quality().loss_pct(), 100.0);
  EXPECT_LT(took, absl::Seconds(6));  // concurrent probes, each bounded by its 3 s timeout
  EXPECT_VERDICT(t, f, "net.stun_udp_3478", "FAIL");
  EXPECT_VERDICT(t, f, "net.stun_tcp_3478", "PASS");
  EXPECT_VERDICT(t, f, "net.quality", "FAIL");
}

TEST_F(RtcThroughNamespaces, OnlyTcp443OpenBlackHolesStunAndTurn) {
  Firewall("iif lo accept\n    ct state established,related accept\n    tcp dport 443 accept\n    drop");
  auto t = Targets(3000);
  absl::Duration took;
  const auto f = RunInClient(t, {"network.stun_udp", "network.stun_tcp", "network.turn_tls"}, &took);
  const auto& n = f.network();
  EXPECT_FALSE(n.stun_udp().ok());
  EXPECT_FALSE(n.stun_tcp().ok());
  EXPECT_NE(n.stun_tcp().summary().find("timed out connecting"), std::string::npos) << n.stun_tcp().summary();
  EXPECT_FALSE(n.turn_tls().ok());
  EXPECT_NE(n.turn_tls().summary().find("timed out connecting"), std::string::npos) << n.turn_tls().summary();
  EXPECT_LT(took, absl::Seconds(6));
  EXPECT_VERDICT(t, f, "net.stun_udp_3478", "FAIL");
  EXPECT_VERDICT(t, f, "net.stun_tcp_3478", "FAIL");
  EXPECT_VERDICT(t, f, "net.turn_tls_5349", "FAIL");
  // The bandwidth endpoint is on 443: still measured, and the unshaped veth is fast.
  t.set_timeout_ms(15000);
  const auto bw = RunInClient(t, {"network.bandwidth"}).network().bandwidth();
  EXPECT_TRUE(bw.ok()) << bw.summary();
  EXPECT_GT(bw.down_kbps(), 2000);
}

TEST_F(RtcThroughNamespaces, Shaped600KbitFailsBandwidthWithAFigureNear600) {
  Shape("600kbit");
  const auto t = Targets(15000);
  absl::Duration took;
  const auto f = RunInClient(t, {"network.bandwidth"}, &took);
  const auto& bw = f.network().bandwidth();
  ASSERT_EQ(bw.status().code(), ProbeStatus::OK) << bw.status().error();
  EXPECT_FALSE(bw.ok()) << bw.summary();
  EXPECT_NEAR(bw.down_kbps(), 600, 120) << bw.summary();
  EXPECT_NEAR(bw.up_kbps(), 600, 120) << bw.summary();
  // 2 download streams share ~600 kb/s: ~300 per stream carries 320x180@30.
  EXPECT_EQ(bw.max_video(), "320x180@30");
  EXPECT_EQ(f.network().quality().max_video(), "320x180@30");
  std::cout << "600kbit: " << bw.summary() << " in " << absl::FormatDuration(took) << "\n";
  EXPECT_VERDICT(t, f, "net.bandwidth", "FAIL");
}

TEST_F(RtcThroughNamespaces, Shaped5MbitPassesBandwidthWithAFigureNear5000) {
  Shape("5mbit");
  const auto t = Targets(15000);
  absl::Duration took;
  const auto f = RunInClient(t, {"network.bandwidth"}, &took);
  const auto& bw = f.network().bandwidth();
  ASSERT_EQ(bw.status().code(), ProbeStatus::OK) << bw.status().error();
  EXPECT_TRUE(bw.ok()) << bw.summary();
  EXPECT_NEAR(bw.down_kbps(), 5000, 1000) << bw.summary();
  EXPECT_NEAR(bw.up_kbps(), 5000, 1000) << bw.summary();
  std::cout << "5mbit: " << bw.summary() << " in " << absl::FormatDuration(took) << "\n";
  EXPECT_VERDICT(t, f, "net.bandwidth", "PASS");
}

}  // namespace
}  // namespace minspec::rtc_test
