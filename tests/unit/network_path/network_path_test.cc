// Unit tests for the network path probes' parts that need no peer: parsing,
// CIDR ranges, chain judgement on generated certificates, the WebSocket
// accept key, and the probes' refusal to guess without targets.
#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <filesystem>
#include <fstream>

#include "absl/time/time.h"
#include "agent/probes/network/path/cidr.h"
#include "agent/probes/network/path/probes.h"
#include "agent/probes/network/path/proxy_resolver.h"
#include "agent/probes/network/path/reachability.h"
#include "agent/probes/network/path/targets.h"
#include "agent/probes/network/path/tcp_connect.h"
#include "agent/probes/network/path/tls_chain.h"
#include "agent/probes/network/path/websocket.h"
#include "common/baseline/loader.h"
#include "common/tls/tls_util.h"

namespace minspec::agent::netpath {
namespace {

TEST(Cidr, ContainsAddressesInsideOnly) {
  auto r = ParseCidr("37.61.222.224/27");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(CidrContains(*r, "37.61.222.224"));
  EXPECT_TRUE(CidrContains(*r, "37.61.222.255"));
  EXPECT_FALSE(CidrContains(*r, "37.61.223.0"));
  EXPECT_FALSE(CidrContains(*r, "37.61.222.223"));
  EXPECT_FALSE(CidrContains(*r, "::1"));
  auto v6 = ParseCidr("2001:db8::/32");
  ASSERT_TRUE(v6.ok());
  EXPECT_TRUE(CidrContains(*v6, "2001:db8:1::5"));
  EXPECT_FALSE(CidrContains(*v6, "2001:db9::1"));
  EXPECT_FALSE(ParseCidr("1.2.3.4/33").ok());
  EXPECT_FALSE(ParseCidr("flexperto.com/24").ok());
}

TEST(Targets, ParsesUrlsAndHostPorts) {
  auto u = ParseUrl("wss://echo.example.test/socket?x=1");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->scheme, "wss");
  EXPECT_EQ(u->host, "echo.example.test");
  EXPECT_EQ(u->port, 443);
  EXPECT_EQ(u->path_and_query, "/socket?x=1");
  u = ParseUrl("http://[::1]:8080");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->host, "::1");
  EXPECT_EQ(u->port, 8080);
  EXPECT_EQ(u->path_and_query, "/");
  EXPECT_FALSE(ParseUrl("no-scheme").ok());

  std::string host;
  int port = 0;
  ASSERT_TRUE(SplitHostPort("api.opentok.com:443", &host, &port).ok());
  EXPECT_EQ(host, "api.opentok.com");
  EXPECT_EQ(port, 443);
  ASSERT_TRUE(SplitHostPort("[2001:db8::1]:3478", &host, &port).ok());
  EXPECT_EQ(host, "2001:db8::1");
  EXPECT_FALSE(SplitHostPort("api.opentok.com", &host, &port).ok());
  EXPECT_FALSE(SplitHostPort("h:99999", &host, &port).ok());
}

TEST(Targets, DomainPatternsAsTheSheetWritesThem) {
  EXPECT_TRUE(UrlMatchesPattern("flexperto.com", "https://flexperto.com/"));
  EXPECT_FALSE(UrlMatchesPattern("flexperto.com", "https://www.flexperto.com/"));
  EXPECT_TRUE(UrlMatchesPattern("*.flexperto.com", "https://a.b.c.flexperto.com/x"));
  EXPECT_TRUE(UrlMatchesPattern("*.flexperto.com", "https://WWW.Flexperto.com/"));
  EXPECT_FALSE(UrlMatchesPattern("*.flexperto.com", "https://flexperto.com/"));
  EXPECT_FALSE(UrlMatchesPattern("*.flexperto.com", "https://evilflexperto.com/"));
  EXPECT_TRUE(UrlMatchesPattern("www.google.com/recaptcha/*", "https://www.google.com/recaptcha/api.js"));
  EXPECT_FALSE(UrlMatchesPattern("www.google.com/recaptcha/*", "https://www.google.com/search"));
}

// The shipped baseline's path targets must be usable by these probes: every
// URL, host:port and range parses, every probe address lies in its range and
// every probe URL is covered by its pattern.
TEST(Targets, DefaultBaselineTargetsAreWellFormed) {
  const std::filesystem::path file = MINSPEC_SOURCE_DIR "/deploy/baselines/default.textproto";
  if (!std::filesystem::exists(file)) GTEST_SKIP() << file << " not in the tree yet";
  auto b = minspec::baseline::LoadBaselineFile(file);
  ASSERT_TRUE(b.ok()) << b.status();
  const auto& t = b->network_path();
  EXPECT_GT(t.timeout_ms(), 0u);
  for (const auto& u : t.https_urls()) EXPECT_TRUE(ParseUrl(u).ok()) << u;
  for (const auto& u : t.http_urls()) EXPECT_TRUE(ParseUrl(u).ok()) << u;
  for (const auto& u : t.wss_urls()) {
    auto p = ParseUrl(u);
    ASSERT_TRUE(p.ok()) << u;
    EXPECT_EQ(p->scheme, "wss") << u;
  }
  std::string host;
  int port = 0;
  for (const auto& r : t.allow_ranges()) {
    auto cidr = ParseCidr(r.cidr());
    ASSERT_TRUE(cidr.ok()) << r.cidr();
    ASSERT_TRUE(SplitHostPort(r.probe_address(), &host, &port).ok()) << r.probe_address();
    EXPECT_TRUE(CidrContains(*cidr, host)) << r.probe_address() << " not in " << r.cidr();
  }
  for (const auto& list : {t.allow_domains(), t.optional_domains()}) {
    for (const auto& d : list) EXPECT_TRUE(UrlMatchesPattern(d.pattern(), d.probe_url())) << d.pattern() << " " << d.probe_url();
  }
  for (const auto& a : t.tokbox_addresses()) EXPECT_TRUE(SplitHostPort(a, &host, &port).ok()) << a;
  for (const auto& a : t.tls_inspection_targets()) EXPECT_TRUE(SplitHostPort(a, &host, &port).ok()) << a;
}

TEST(Proxy, CredentialsAreStripped) {
  EXPECT_EQ(StripProxyCredentials("http://alice:s3cret@proxy.corp:3128"), "http://proxy.corp:3128");
  EXPECT_EQ(StripProxyCredentials("http://proxy.corp:3128"), "http://proxy.corp:3128");
  EXPECT_EQ(StripProxyCredentials("socks5://u@10.0.0.1:1080"), "socks5://10.0.0.1:1080");
}

TEST(WebSocket, AcceptKeyMatchesRfc6455Example) {
  EXPECT_EQ(WebSocketAccept("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

std::string PemToDer(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509* x = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  unsigned char* der = nullptr;
  const int len = i2d_X509(x, &der);
  std::string out(reinterpret_cast<char*>(der), static_cast<size_t>(len));
  OPENSSL_free(der);
  X509_free(x);
  return out;
}

class ChainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto real_ca = minspec::tls::CreateCa("Genuine Test Root", absl::Hours(1));
    auto inspector = minspec::tls::CreateCa("Corp SSL Inspection CA", absl::Hours(1));
    ASSERT_TRUE(real_ca.ok() && inspector.ok());
    auto real_leaf = minspec::tls::CreateServerCert(*real_ca, "api.example.test", {"api.example.test"}, {}, absl::Hours(1));
    auto fake_leaf = minspec::tls::CreateServerCert(*inspector, "api.example.test", {"api.example.test"}, {}, absl::Hours(1));
    ASSERT_TRUE(real_leaf.ok() && fake_leaf.ok());
    real_der_ = PemToDer(real_leaf->cert_pem);
    fake_der_ = PemToDer(fake_leaf->cert_pem);
    roots_ = std::filesystem::temp_directory_path() / ("minspec-roots-" + std::to_string(getpid()) + ".pem");
    std::ofstream(roots_) << real_ca->cert_pem;
  }
  void TearDown() override { std::filesystem::remove(roots_); }
  std::string real_der_, fake_der_;
  std::filesystem::path roots_;
};

TEST_F(ChainTest, GenuineChainIsNotIntercepted) {
  minspec::v1::TlsChain c;
  ASSERT_TRUE(AnalyzeChain({real_der_}, "api.example.test", {}, roots_.string(), c).ok());
  EXPECT_TRUE(c.chains_to_trusted_root());
  EXPECT_FALSE(c.intercepted());
  EXPECT_FALSE(c.has_pin_match());
  EXPECT_NE(c.issuer().find("Genuine Test Root"), std::string::npos);
}

TEST_F(ChainTest, ResignedChainIsInterceptedAndNamesIssuer) {
  minspec::v1::TlsChain c;
  ASSERT_TRUE(AnalyzeChain({fake_der_}, "api.example.test", {}, roots_.string(), c).ok());
  EXPECT_FALSE(c.chains_to_trusted_root());
  EXPECT_TRUE(c.intercepted());
  EXPECT_NE(c.issuer().find("Corp SSL Inspection CA"), std::string::npos) << c.issuer();
  EXPECT_NE(c.detail().find("does not verify"), std::string::npos) << c.detail();
}

TEST_F(ChainTest, PinsDecideEvenForTrustedChains) {
  auto pin = SpkiPin(real_der_);
  ASSERT_TRUE(pin.ok());
  EXPECT_EQ(pin->size(), 44u);  // base64 of 32 bytes
  minspec::v1::TlsChain match;
  ASSERT_TRUE(AnalyzeChain({real_der_}, "api.example.test", {*pin}, roots_.string(), match).ok());
  EXPECT_TRUE(match.pin_match());
  EXPECT_FALSE(match.intercepted());
  minspec::v1::TlsChain miss;
  ASSERT_TRUE(AnalyzeChain({real_der_}, "api.example.test", {"bm90IHRoZSBwaW4="}, roots_.string(), miss).ok());
  EXPECT_FALSE(miss.pin_match());
  EXPECT_TRUE(miss.intercepted());
}

TEST_F(ChainTest, WrongHostOrGarbageIsNotTrusted) {
  minspec::v1::TlsChain c;
  ASSERT_TRUE(AnalyzeChain({real_der_}, "other.example.test", {}, roots_.string(), c).ok());
  EXPECT_FALSE(c.chains_to_trusted_root());
  EXPECT_FALSE(AnalyzeChain({"garbage"}, "x", {}, "", c).ok());
  EXPECT_FALSE(AnalyzeChain({}, "x", {}, "", c).ok());
}

TEST(Reachability, EmptyIsErrorAndFailuresAreNamed) {
  minspec::v1::ReachabilityFacts empty;
  FinishReachability({}, "test", empty);
  EXPECT_EQ(empty.status().code(), minspec::v1::ProbeStatus::ERROR);
  EXPECT_FALSE(empty.has_ok());

  std::vector<minspec::v1::EndpointCheck> checks(2);
  checks[0].set_target("a:443");
  checks[0].set_ok(true);
  checks[1].set_target("b:443");
  checks[1].set_detail("connection refused");
  minspec::v1::ReachabilityFacts r;
  FinishReachability(checks, "test", r);
  EXPECT_EQ(r.status().code(), minspec::v1::ProbeStatus::OK);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.passed(), 1u);
  EXPECT_EQ(r.failed(), 1u);
  EXPECT_EQ(r.summary(), "1 of 2 failed: b:443: connection refused");
}

TEST(TcpConnect, RefusedPortFailsFast) {
  // Port 1 on loopback: nothing listens there in a test environment.
  absl::Status s = TcpConnect("127.0.0.1", 1, absl::Seconds(2));
  EXPECT_FALSE(s.ok());
  EXPECT_NE(std::string(s.message()).find("refused"), std::string::npos) << s.message();
  EXPECT_FALSE(TcpConnect("not-an-address", 1, absl::Seconds(1)).ok());
}

TEST(Probes, NoBaselineIsErrorNeverPass) {
  ProbeContext ctx;  // no baseline
  minspec::v1::Facts f;
  MakeHttpsProbe()->Collect(ctx, f);
  MakeWssProbe()->Collect(ctx, f);
  MakeProxyAuthProbe()->Collect(ctx, f);
  MakeTlsInspectionProbe()->Collect(ctx, f);
  MakeAllowIpsProbe()->Collect(ctx, f);
  MakeAllowTokboxIpsProbe()->Collect(ctx, f);
  MakeAllowDomainsProbe()->Collect(ctx, f);
  MakeAllowDomainsOptionalProbe()->Collect(ctx, f);
  MakeAutodiscoverProbe()->Collect(ctx, f);
  const auto& n = f.network();
  for (const minspec::v1::ProbeStatus* s :
       {&n.https().status(), &n.wss().status(), &n.proxy_auth().status(), &n.tls_inspection().status(),
        &n.allow_ips().status(), &n.allow_tokbox_ips().status(), &n.allow_domains().status(),
        &n.allow_domains_optional().status()}) {
    EXPECT_EQ(s->code(), minspec::v1::ProbeStatus::ERROR);
    EXPECT_EQ(s->error(), "no targets in baseline");
  }
  EXPECT_FALSE(n.https().has_ok());
  EXPECT_FALSE(n.tls_inspection().has_ok());
  EXPECT_EQ(n.autodiscover().status().code(), minspec::v1::ProbeStatus::ERROR);
  EXPECT_EQ(n.autodiscover().status().error(), "no mail domain configured");
}

TEST(Probes, EmptyTargetListIsError) {
  minspec::v1::Baseline b;
  b.mutable_network_path()->set_timeout_ms(1000);
  ProbeContext ctx;
  ctx.baseline = &b;
  minspec::v1::Facts f;
  MakeWssProbe()->Collect(ctx, f);
  EXPECT_EQ(f.network().wss().status().code(), minspec::v1::ProbeStatus::ERROR);
  EXPECT_NE(f.network().wss().status().error().find("wss_urls"), std::string::npos);
}

TEST(Probes, UnreadableResolverConfigIsError) {
  ProbeContext ctx;
  ctx.root = "/nonexistent-minspec-root";
  ctx.mail_domain = "example.test";
  minspec::v1::Facts f;
  MakeAutodiscoverProbe()->Collect(ctx, f);
  EXPECT_EQ(f.network().autodiscover().status().code(), minspec::v1::ProbeStatus::ERROR);
  EXPECT_NE(f.network().autodiscover().status().error().find("cannot read"), std::string::npos)
      << f.network().autodiscover().status().error();
}

}  // namespace
}  // namespace minspec::agent::netpath
