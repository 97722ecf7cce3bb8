// The network path probes against real peers on loopback: a TLS HTTPS + WSS
// echo endpoint (python stdlib), squid as a CONNECT proxy, squid with Basic
// auth, mitmproxy as an intercepting proxy, dnsmasq for autodiscover, and
// misbehaving peers (black hole, silent server, never-answering proxy).
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "agent/probes/families.h"
#include "agent/probes/network/path/probes.h"
#include "common/baseline/evaluator.h"
#include "common/baseline/loader.h"
#include "common/tls/tls_util.h"
#include "tests/integration/network_path/peers.h"

namespace minspec::agent::netpath {
namespace {

using minspec::testing::BlackHole;
using minspec::testing::ChildProcess;
using minspec::testing::FreePort;
using minspec::testing::HaveExecutable;
using minspec::testing::ScopedProxyEnv;
using minspec::testing::SilentTcpServer;
using minspec::testing::TempDir;
using minspec::testing::WriteWholeFile;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Shared peers, started once for the suite.
struct Peers {
  TempDir dir;
  fs::path ca_file;
  int echo_port = 0;
  int plain_port = 0;  // the same server over http://
  int squid_port = 0;
  int squid_auth_port = 0;
  int mitm_port = 0;
  ChildProcess echo, squid, squid_auth, mitm;
  std::string skip_reason;
};
Peers* peers = nullptr;

std::string StartSquid(ChildProcess& proc, const fs::path& dir, int port, bool basic_auth) {
  fs::create_directories(dir);
  fs::permissions(dir, fs::perms::all);
  std::string conf = absl::StrCat(
      "http_port 127.0.0.1:", port, "\n",
      "pid_filename ", (dir / "squid.pid").string(), "\n",
      "cache_log ", (dir / "cache.log").string(), "\n",
      "access_log none\n",
      "coredump_dir ", dir.string(), "\n",
      "cache deny all\n",
      "visible_hostname minspec-test\n",
      "shutdown_lifetime 0 seconds\n",
      "dns_nameservers 127.0.0.1\n",
      "acl localnet src 127.0.0.0/8\n");
  if (basic_auth) {
    const fs::path htpasswd = dir / "htpasswd";
    const std::string cmd = absl::StrCat("htpasswd -bc ", htpasswd.string(), " probe-user not-a-secret >/dev/null 2>&1");
    if (std::system(cmd.c_str()) != 0) return "htpasswd failed";
    fs::permissions(htpasswd, fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read | fs::perms::group_read);
    absl::StrAppend(&conf, "auth_param basic program /usr/lib/squid/basic_ncsa_auth ", htpasswd.string(), "\n",
                    "auth_param basic realm minspec-test-proxy\n",
                    "acl authed proxy_auth REQUIRED\n",
                    "http_access allow localnet authed\n");
  } else {
    absl::StrAppend(&conf, "http_access allow localnet\n");
  }
  absl::StrAppend(&conf, "http_access deny all\n");
  WriteWholeFile(dir / "squid.conf", conf);
  if (!proc.Start({"squid", "-N", "-f", (dir / "squid.conf").string()}, dir / "stdout.log")) return "fork failed";
  if (!proc.WaitForPort(port)) return absl::StrCat("squid did not start: ", proc.Log(), minspec::testing::ReadWholeFile(dir / "cache.log"));
  return "";
}

class NetworkPathIntegration : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    peers = new Peers();
    for (const char* exe : {"/usr/bin/python3", "/usr/sbin/squid", "/usr/bin/mitmdump", "/usr/bin/htpasswd",
                            "/usr/lib/squid/basic_ncsa_auth", "/usr/sbin/dnsmasq"}) {
      if (!HaveExecutable(exe)) {
        peers->skip_reason = absl::StrCat(exe, " missing (tools/install-deps.sh --test)");
        return;
      }
    }
    const fs::path d = peers->dir.path();
    auto ca = minspec::tls::CreateCa("minspec network path test CA", absl::Hours(24));
    auto server = minspec::tls::CreateServerCert(*ca, "localhost", {"localhost"}, {"127.0.0.1"}, absl::Hours(24));
    ASSERT_TRUE(ca.ok() && server.ok());
    peers->ca_file = d / "ca.pem";
    WriteWholeFile(peers->ca_file, ca->cert_pem);
    WriteWholeFile(d / "server.pem", server->cert_pem);
    WriteWholeFile(d / "server.key", server->key_pem);

    peers->echo.Start({"python3", MINSPEC_SOURCE_DIR "/tests/integration/network_path/wss_echo_server.py", "--cert",
                       (d / "server.pem").string(), "--key", (d / "server.key").string()},
                      d / "echo.log");
    peers->echo_port = peers->echo.WaitForPortLine();
    ASSERT_GT(peers->echo_port, 0) << peers->echo.Log();
    peers->plain_port = peers->echo.WaitForPortLine("PLAIN ");
    ASSERT_GT(peers->plain_port, 0) << peers->echo.Log();

  }
  static void TearDownTestSuite() {
    delete peers;
    peers = nullptr;
  }
  void SetUp() override {
    if (!peers->skip_reason.empty()) GTEST_SKIP() << peers->skip_reason;
  }

  // Proxies start on first use, so each test (one process under ctest) pays
  // only for the peers it needs.
  static int SquidPort() {
    if (peers->squid_port == 0) {
      peers->squid_port = FreePort();
      const std::string err = StartSquid(peers->squid, peers->dir.path() / "squid", peers->squid_port, false);
      EXPECT_EQ(err, "");
    }
    return peers->squid_port;
  }
  static int SquidAuthPort() {
    if (peers->squid_auth_port == 0) {
      peers->squid_auth_port = FreePort();
      const std::string err =
          StartSquid(peers->squid_auth, peers->dir.path() / "squid-auth", peers->squid_auth_port, true);
      EXPECT_EQ(err, "");
    }
    return peers->squid_auth_port;
  }
  static int MitmPort() {
    if (peers->mitm_port == 0) {
      const fs::path d = peers->dir.path();
      peers->mitm_port = FreePort();
      fs::create_directories(d / "mitm");
      peers->mitm.Start({"mitmdump", "--listen-host", "127.0.0.1", "--listen-port",
                         std::to_string(peers->mitm_port), "--set", absl::StrCat("confdir=", (d / "mitm").string()),
                         "--ssl-insecure", "-q"},
                        d / "mitm.log");
      EXPECT_TRUE(peers->mitm.WaitForPort(peers->mitm_port, std::chrono::seconds(60))) << peers->mitm.Log();
    }
    return peers->mitm_port;
  }

  std::string EchoHostPort() const { return absl::StrCat("127.0.0.1:", peers->echo_port); }
  std::string SquidUrl() const { return absl::StrCat("http://127.0.0.1:", SquidPort()); }

  // Baseline pointing every target at the loopback peers.
  minspec::v1::Baseline LoopbackBaseline(uint32_t timeout_ms = 4000) const {
    minspec::v1::Baseline b;
    auto* t = b.mutable_network_path();
    t->add_https_urls(absl::StrCat("https://", EchoHostPort(), "/"));
    t->add_http_urls(absl::StrCat("http://127.0.0.1:", peers->plain_port, "/"));
    t->add_wss_urls(absl::StrCat("wss://", EchoHostPort(), "/echo"));
    t->add_tls_inspection_targets(EchoHostPort());
    t->set_extra_trusted_roots_file(peers->ca_file.string());
    auto* d = t->add_allow_domains();
    d->set_pattern("localhost");
    d->set_probe_url(absl::StrCat("https://localhost:", peers->echo_port, "/probe"));
    auto* r = t->add_allow_ranges();
    r->set_cidr("127.0.0.0/8");
    r->set_probe_address(EchoHostPort());
    t->add_tokbox_addresses(EchoHostPort());
    t->set_timeout_ms(timeout_ms);
    return b;
  }

  minspec::v1::Facts Run(const Probe& probe, const minspec::v1::Baseline& b, std::string mail_domain = "",
                         fs::path root = "/") const {
    ProbeContext ctx;
    ctx.baseline = &b;
    ctx.mail_domain = std::move(mail_domain);
    ctx.root = std::move(root);
    minspec::v1::Facts facts;
    probe.Collect(ctx, facts);
    return facts;
  }
};

// Verdict from the project's default baseline (its network targets replaced
// by `b`'s), or "" when the default baseline is not in the tree yet.
std::string Verdict(const minspec::v1::Baseline& b, const minspec::v1::Facts& facts, const std::string& id) {
  auto def = minspec::baseline::LoadBaselineFile(MINSPEC_SOURCE_DIR "/deploy/baselines/default.textproto");
  if (!def.ok()) {
    std::printf("verdict for %s not checked: default baseline: %s\n", id.c_str(), std::string(def.status().message()).c_str());
    return "";
  }
  *def->mutable_network_path() = b.network_path();
  minspec::baseline::Evaluator evaluator(*def);
  const minspec::v1::Evaluation evaluation = evaluator.Evaluate(facts);
  for (const auto& r : evaluation.results()) {
    if (r.id() == id) {
      std::printf("verdict %s = %s (%s)\n", id.c_str(), minspec::baseline::VerdictName(r.verdict()).c_str(), r.reason().c_str());
      return minspec::baseline::VerdictName(r.verdict());
    }
  }
  return "no such requirement";
}

TEST_F(NetworkPathIntegration, DirectPathPasses) {
  ScopedProxyEnv env("");
  const auto b = LoopbackBaseline();
  auto f = Run(*MakeHttpsProbe(), b);
  const auto& https = f.network().https();
  ASSERT_EQ(https.status().code(), minspec::v1::ProbeStatus::OK) << https.status().error();
  EXPECT_TRUE(https.ok()) << https.summary();
  EXPECT_EQ(https.checks(0).http_status(), 200);
  EXPECT_EQ(https.checks(0).via_proxy(), "");
  EXPECT_GT(https.status().duration_us(), 0);
  ASSERT_EQ(https.checks_size(), 2);
  EXPECT_EQ(https.checks(1).http_status(), 200);
  EXPECT_EQ(https.passed(), 2u);

  auto w = Run(*MakeWssProbe(), b).network().wss();
  EXPECT_TRUE(w.ok()) << w.summary();
  EXPECT_EQ(w.checks(0).http_status(), 101);

  auto tls = Run(*MakeTlsInspectionProbe(), b).network().tls_inspection();
  ASSERT_EQ(tls.status().code(), minspec::v1::ProbeStatus::OK) << tls.status().error();
  EXPECT_TRUE(tls.ok()) << tls.summary();
  EXPECT_FALSE(tls.intercepted());
  EXPECT_TRUE(tls.chains(0).chains_to_trusted_root());
  minspec::v1::Facts tf;
  *tf.mutable_network()->mutable_tls_inspection() = tls;
  const std::string v = Verdict(b, tf, "net.tls_inspection");
  if (!v.empty()) EXPECT_EQ(v, "PASS");

  auto dom = Run(*MakeAllowDomainsProbe(), b).network().allow_domains();
  EXPECT_TRUE(dom.ok()) << dom.summary();
  EXPECT_FALSE(dom.checks(0).resolved_address().empty());
  auto ips = Run(*MakeAllowIpsProbe(), b).network().allow_ips();
  EXPECT_TRUE(ips.ok()) << ips.summary();
  EXPECT_EQ(ips.checks(0).range(), "127.0.0.0/8");
  auto tok = Run(*MakeAllowTokboxIpsProbe(), b).network().allow_tokbox_ips();
  EXPECT_TRUE(tok.ok()) << tok.summary();

  auto auth = Run(*MakeProxyAuthProbe(), b).network().proxy_auth();
  ASSERT_EQ(auth.status().code(), minspec::v1::ProbeStatus::OK) << auth.status().error();
  EXPECT_TRUE(auth.ok());
  EXPECT_FALSE(auth.basic_auth_required());

  auto proxy = Run(*MakeProxyProbe(), b).network().proxy();
  EXPECT_EQ(proxy.mode(), "direct");
}

TEST_F(NetworkPathIntegration, AddressOutsideItsRangeFails) {
  ScopedProxyEnv env("");
  auto b = LoopbackBaseline();
  b.mutable_network_path()->mutable_allow_ranges(0)->set_cidr("198.18.0.0/24");
  auto ips = Run(*MakeAllowIpsProbe(), b).network().allow_ips();
  EXPECT_FALSE(ips.ok());
  EXPECT_NE(ips.checks(0).detail().find("outside 198.18.0.0/24"), std::string::npos) << ips.checks(0).detail();
}

TEST_F(NetworkPathIntegration, UntrustedChainOrPinMismatchIsInterception) {
  ScopedProxyEnv env("");
  auto b = LoopbackBaseline();
  b.mutable_network_path()->clear_extra_trusted_roots_file();
  auto tls = Run(*MakeTlsInspectionProbe(), b).network().tls_inspection();
  EXPECT_FALSE(tls.ok());
  EXPECT_NE(tls.intercepting_issuer().find("minspec network path test CA"), std::string::npos)
      << tls.intercepting_issuer();

  b = LoopbackBaseline();
  b.mutable_network_path()->add_spki_pins("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
  tls = Run(*MakeTlsInspectionProbe(), b).network().tls_inspection();
  EXPECT_FALSE(tls.ok());
  EXPECT_TRUE(tls.chains(0).chains_to_trusted_root());
  EXPECT_FALSE(tls.chains(0).pin_match());
}

TEST_F(NetworkPathIntegration, ThroughSquidPasses) {
  ScopedProxyEnv env(SquidUrl());
  const auto b = LoopbackBaseline();
  auto proxy = Run(*MakeProxyProbe(), b).network().proxy();
  EXPECT_EQ(proxy.mode(), "manual");
  EXPECT_EQ(proxy.origin(), "env");
  EXPECT_EQ(proxy.https_proxy(), SquidUrl());

  auto https = Run(*MakeHttpsProbe(), b).network().https();
  EXPECT_TRUE(https.ok()) << https.summary();
  EXPECT_EQ(https.checks(0).via_proxy(), SquidUrl());
  EXPECT_EQ(https.checks(0).http_status(), 200);
  EXPECT_EQ(https.checks(1).via_proxy(), SquidUrl());  // http:// through the proxy, no CONNECT
  EXPECT_EQ(https.checks(1).http_status(), 200);

  auto w = Run(*MakeWssProbe(), b).network().wss();
  EXPECT_TRUE(w.ok()) << w.summary();
  EXPECT_EQ(w.checks(0).via_proxy(), SquidUrl());

  auto tls = Run(*MakeTlsInspectionProbe(), b).network().tls_inspection();
  EXPECT_TRUE(tls.ok()) << tls.summary() << tls.status().error();

  auto auth = Run(*MakeProxyAuthProbe(), b).network().proxy_auth();
  EXPECT_TRUE(auth.ok()) << auth.summary() << auth.status().error();
  minspec::v1::Facts af;
  *af.mutable_network()->mutable_proxy_auth() = auth;
  const std::string v = Verdict(b, af, "net.proxy_basic_auth");
  if (!v.empty()) EXPECT_EQ(v, "PASS");
}

TEST_F(NetworkPathIntegration, SquidWithBasicAuthFailsProxyAuth) {
  ScopedProxyEnv env(absl::StrCat("http://user:secret@127.0.0.1:", SquidAuthPort()));
  const auto b = LoopbackBaseline();
  auto proxy = Run(*MakeProxyProbe(), b).network().proxy();
  EXPECT_EQ(proxy.https_proxy().find("secret"), std::string::npos) << "credentials must be stripped";

  auto f = Run(*MakeProxyAuthProbe(), b);
  const auto& auth = f.network().proxy_auth();
  ASSERT_EQ(auth.status().code(), minspec::v1::ProbeStatus::OK) << auth.status().error();
  EXPECT_FALSE(auth.ok());
  EXPECT_TRUE(auth.basic_auth_required());
  EXPECT_NE(auth.challenge().find("Basic"), std::string::npos) << auth.challenge();
  EXPECT_NE(auth.challenge().find("minspec-test-proxy"), std::string::npos) << auth.challenge();
  // Both the CONNECT (https://) and the plain proxied GET (http://) are challenged.
  EXPECT_EQ(auth.challenged_targets_size(), 4) << auth.summary();
  const std::string v = Verdict(b, f, "net.proxy_basic_auth");
  if (!v.empty()) EXPECT_EQ(v, "FAIL");

  auto https = Run(*MakeHttpsProbe(), b).network().https();
  EXPECT_FALSE(https.ok());
  EXPECT_NE(https.summary().find("407"), std::string::npos) << https.summary();
}

TEST_F(NetworkPathIntegration, MitmproxyIsDetectedAsTlsInspection) {
  ScopedProxyEnv env(absl::StrCat("http://127.0.0.1:", MitmPort()));
  const auto b = LoopbackBaseline(8000);
  auto f = Run(*MakeTlsInspectionProbe(), b);
  const auto& tls = f.network().tls_inspection();
  ASSERT_EQ(tls.status().code(), minspec::v1::ProbeStatus::OK) << tls.status().error();
  EXPECT_FALSE(tls.ok());
  EXPECT_TRUE(tls.intercepted());
  EXPECT_NE(tls.intercepting_issuer().find("mitmproxy"), std::string::npos) << tls.intercepting_issuer();
  EXPECT_FALSE(tls.chains(0).chains_to_trusted_root());
  const std::string v = Verdict(b, f, "net.tls_inspection");
  if (!v.empty()) EXPECT_EQ(v, "FAIL");

  // The intercepting proxy still carries HTTPS.
  auto https = Run(*MakeHttpsProbe(), b).network().https();
  EXPECT_TRUE(https.ok()) << https.summary();
}

TEST_F(NetworkPathIntegration, BlackHoledAddressEndsWithinTimeout) {
  ScopedProxyEnv env("");
  BlackHole hole;
  auto b = LoopbackBaseline(1500);
  b.mutable_network_path()->mutable_allow_ranges(0)->set_probe_address(absl::StrCat("127.0.0.1:", hole.port()));
  const auto start = Clock::now();
  auto ips = Run(*MakeAllowIpsProbe(), b).network().allow_ips();
  const auto took = Clock::now() - start;
  EXPECT_LT(took, std::chrono::milliseconds(3000));
  EXPECT_FALSE(ips.ok());
  EXPECT_NE(ips.checks(0).detail().find("no answer within"), std::string::npos) << ips.checks(0).detail();
}

TEST_F(NetworkPathIntegration, SilentServerEndsWithinTimeout) {
  ScopedProxyEnv env("");
  SilentTcpServer silent;
  const std::string target = absl::StrCat("127.0.0.1:", silent.port());
  minspec::v1::Baseline b;
  auto* t = b.mutable_network_path();
  t->add_https_urls(absl::StrCat("https://", target, "/"));
  t->add_wss_urls(absl::StrCat("wss://", target, "/echo"));
  t->add_tls_inspection_targets(target);
  t->set_timeout_ms(1500);
  const auto start = Clock::now();
  auto https = Run(*MakeHttpsProbe(), b).network().https();
  auto w = Run(*MakeWssProbe(), b).network().wss();
  auto tls = Run(*MakeTlsInspectionProbe(), b).network().tls_inspection();
  EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(3 * 1500 + 1500));
  EXPECT_FALSE(https.ok());
  EXPECT_NE(https.checks(0).detail().find("imeout"), std::string::npos) << https.checks(0).detail();
  EXPECT_FALSE(w.ok());
  EXPECT_NE(w.checks(0).detail().find("sent nothing"), std::string::npos) << w.checks(0).detail();
  // Interception cannot be judged without a chain: UNKNOWN, not a pass.
  EXPECT_EQ(tls.status().code(), minspec::v1::ProbeStatus::ERROR);
  EXPECT_FALSE(tls.has_ok());
  EXPECT_NE(tls.status().error().find("sent nothing"), std::string::npos) << tls.status().error();
}

TEST_F(NetworkPathIntegration, NeverAnsweringProxyEndsWithinTimeout) {
  SilentTcpServer dead_proxy;
  ScopedProxyEnv env(absl::StrCat("http://127.0.0.1:", dead_proxy.port()));
  const auto b = LoopbackBaseline(1500);
  const auto start = Clock::now();
  auto https = Run(*MakeHttpsProbe(), b).network().https();
  auto w = Run(*MakeWssProbe(), b).network().wss();
  auto auth = Run(*MakeProxyAuthProbe(), b).network().proxy_auth();
  EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(3 * 1500 + 1500));
  EXPECT_FALSE(https.ok());
  EXPECT_NE(https.checks(0).detail().find("imeout"), std::string::npos) << https.checks(0).detail();
  EXPECT_FALSE(w.ok());
  EXPECT_EQ(auth.status().code(), minspec::v1::ProbeStatus::ERROR);
  EXPECT_NE(auth.status().error().find("no target answered"), std::string::npos);
}

TEST_F(NetworkPathIntegration, AutodiscoverViaDnsmasq) {
  TempDir root;
  const int port = FreePort();
  ChildProcess dnsmasq;
  ASSERT_TRUE(dnsmasq.Start({"dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--no-resolv", "--no-hosts",
                             "--bind-interfaces", "--listen-address=127.0.0.1", absl::StrCat("--port=", port),
                             "--user=root", "--pid-file=",
                             "--address=/autodiscover.a-record.test/198.18.0.5",
                             "--local=/srv-only.test/", "--local=/nothing.test/",
                             "--srv-host=_autodiscover._tcp.srv-only.test,mail.srv-only.test,443"},
                            root.path() / "dnsmasq.log"));
  fs::create_directories(root.path() / "etc");
  WriteWholeFile(root.path() / "etc/resolv.conf", absl::StrCat("nameserver 127.0.0.1#", port, "\n"));
  // dnsmasq listens on UDP; wait until it answers.
  auto probe = MakeAutodiscoverProbe();
  const auto b = LoopbackBaseline(2000);
  minspec::v1::AutodiscoverFacts a;
  for (int i = 0; i < 50; ++i) {
    a = Run(*probe, b, "a-record.test", root.path()).network().autodiscover();
    if (a.status().code() == minspec::v1::ProbeStatus::OK) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(a.status().code(), minspec::v1::ProbeStatus::OK) << a.status().error() << dnsmasq.Log();
  EXPECT_TRUE(a.ok());
  EXPECT_NE(a.record().find("198.18.0.5"), std::string::npos) << a.record();

  auto s = Run(*probe, b, "srv-only.test", root.path()).network().autodiscover();
  EXPECT_TRUE(s.ok()) << s.summary() << s.status().error();
  EXPECT_NE(s.record().find("443 mail.srv-only.test"), std::string::npos) << s.record();

  auto n = Run(*probe, b, "nothing.test", root.path());
  ASSERT_EQ(n.network().autodiscover().status().code(), minspec::v1::ProbeStatus::OK);
  EXPECT_FALSE(n.network().autodiscover().ok());
  const std::string v = Verdict(b, n, "cal.autodiscover");
  // Not resolvable and not attested: the evaluator may still wait for an attestation.
  if (!v.empty()) EXPECT_NE(v, "PASS");

  auto none = Run(*probe, b, "", root.path()).network().autodiscover();
  EXPECT_EQ(none.status().code(), minspec::v1::ProbeStatus::ERROR);
  EXPECT_EQ(none.status().error(), "no mail domain configured");
}

TEST_F(NetworkPathIntegration, FullCycleTakesAboutAsLongAsTheSlowestProbe) {
  ScopedProxyEnv env(SquidUrl());
  SilentTcpServer silent;
  auto b = LoopbackBaseline(2000);
  // One slow target per probe family member: each probe waits ~2 s at most.
  b.mutable_network_path()->add_https_urls(absl::StrCat("https://127.0.0.1:", silent.port(), "/"));
  ProbeList probes;
  AppendNetworkPathProbes(probes);
  ProbeContext ctx;
  ctx.baseline = &b;
  const auto start = Clock::now();
  const auto facts = RunProbeCycle(probes, ctx);
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  std::printf("network path cycle: %lld ms for %zu probes\n", static_cast<long long>(took.count()), probes.size());
  EXPECT_LT(took, std::chrono::milliseconds(4000));
  EXPECT_FALSE(facts.network().https().ok());
  EXPECT_EQ(facts.network().https().passed(), 2u);
  EXPECT_EQ(facts.network().https().failed(), 1u);
  EXPECT_TRUE(facts.network().wss().ok());
  EXPECT_TRUE(facts.network().tls_inspection().ok());
}

}  // namespace
}  // namespace minspec::agent::netpath
