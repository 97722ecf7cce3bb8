// Proves the default baseline encodes every row of REQUIREMENTS.md: the ids,
// and the sheet's IP ranges, domains, ports, browser and OS minimums as data.
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "absl/strings/match.h"
#include "common/baseline/loader.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace minspec::baseline {
namespace {

using minspec::v1::Baseline;

// Every id of REQUIREMENTS.md, with the severity the catalogue gives it.
const std::vector<std::pair<std::string, minspec::v1::Severity>>& CatalogueIds() {
  static const std::vector<std::pair<std::string, minspec::v1::Severity>> ids = {
      {"net.https", v1::MUST}, {"net.wss", v1::MUST}, {"net.proxy_basic_auth", v1::MUST},
      {"net.tls_inspection", v1::MUST}, {"net.stun_udp_3478", v1::SHOULD}, {"net.stun_tcp_3478", v1::SHOULD},
      {"net.turn_tls_5349", v1::SHOULD}, {"net.allow_ips", v1::MUST}, {"net.allow_domains", v1::MUST},
      {"net.allow_tokbox_ips", v1::SHOULD}, {"net.allow_domains_optional", v1::SHOULD},
      {"net.bandwidth", v1::SHOULD}, {"net.quality", v1::INFO},
      {"cal.ews_access", v1::MUST}, {"cal.autodiscover", v1::SHOULD}, {"cal.o365_connector", v1::INFO},
      {"hw.form_factor", v1::MUST}, {"hw.cpu", v1::MUST}, {"hw.ram", v1::MUST}, {"hw.camera", v1::MUST},
      {"hw.speakers", v1::MUST}, {"hw.microphone", v1::MUST},
      {"os.supported", v1::MUST}, {"browser.supported", v1::MUST}, {"browser.javascript", v1::MUST},
      {"browser.camera_access", v1::MUST}, {"browser.screenshare_extension", v1::SHOULD},
      {"browser.firefox_openh264", v1::SHOULD}, {"browser.ie_plugin", v1::INFO},
      {"client.mobile_screenshare", v1::INFO}};
  return ids;
}

class DefaultBaselineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto b = LoadBaselineFile(testing::DefaultBaselinePath());
    ASSERT_TRUE(b.ok()) << b.status();
    baseline_ = *b;
    google::protobuf::TextFormat::PrintToString(baseline_, &text_);
  }
  const minspec::v1::Requirement* Find(const std::string& id) const {
    for (const auto& r : baseline_.requirements()) {
      if (r.id() == id) return &r;
    }
    return nullptr;
  }
  Baseline baseline_;
  std::string text_;  // the whole baseline re-printed: "is this value in the data"
};

TEST_F(DefaultBaselineTest, EveryCatalogueRowIsPresentAndComplete) {
  for (const auto& [id, severity] : CatalogueIds()) {
    const auto* r = Find(id);
    ASSERT_NE(r, nullptr) << "missing requirement " << id;
    EXPECT_EQ(r->severity(), severity) << id;
    EXPECT_FALSE(r->title().empty()) << id;
    EXPECT_FALSE(r->sheet_says().empty()) << id;
    EXPECT_FALSE(r->measure().empty()) << id;
    EXPECT_FALSE(r->pass_when().empty()) << id;
    EXPECT_FALSE(r->remediation().empty()) << id;
    EXPECT_TRUE(r->has_check()) << id;
    EXPECT_TRUE(r->area() == "network" || r->area() == "calendar" || r->area() == "hardware" ||
                r->area() == "software")
        << id << " area " << r->area();
  }
}

// Reads the ids from REQUIREMENTS.md itself when the shared folder is beside
// the checkout, so a row added to the catalogue fails here until encoded.
TEST_F(DefaultBaselineTest, IdsOfRequirementsMdWhenAvailable) {
  const auto path = testing::SourceDir().parent_path() / "shared" / "REQUIREMENTS.md";
  std::ifstream in(path);
  if (!in) GTEST_SKIP() << path << " not beside the checkout; the built-in list is checked above";
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string md = buf.str();
  std::regex row(R"(\n\| ((?:net|cal|hw|os|browser|client)\.[a-z0-9_]+) \|)");
  int seen = 0;
  for (auto it = std::sregex_iterator(md.begin(), md.end(), row); it != std::sregex_iterator(); ++it) {
    ++seen;
    EXPECT_NE(Find((*it)[1]), nullptr) << "REQUIREMENTS.md row " << (*it)[1] << " is not in the baseline";
  }
  EXPECT_EQ(seen, static_cast<int>(CatalogueIds().size())) << "REQUIREMENTS.md rows changed: update the list";
}

TEST_F(DefaultBaselineTest, IpRangesHaveAProbeAddressInsideEach) {
  const std::vector<std::pair<std::string, std::string>> ranges = {
      {"37.61.222.224/27", "37.61.222."}, {"146.0.229.160/27", "146.0.229."}, {"95.172.85.0/25", "95.172.85."},
      {"64.95.96.0/25", "64.95.96."}, {"35.158.127.224/28", "35.158.127."}};
  ASSERT_EQ(baseline_.network_path().allow_ranges_size(), static_cast<int>(ranges.size()));
  for (const auto& [cidr, prefix] : ranges) {
    bool found = false;
    for (const auto& r : baseline_.network_path().allow_ranges()) {
      if (r.cidr() != cidr) continue;
      found = true;
      EXPECT_TRUE(absl::StartsWith(r.probe_address(), prefix)) << cidr << " probe " << r.probe_address();
      EXPECT_TRUE(absl::EndsWith(r.probe_address(), ":443")) << cidr;
      // The last octet lies inside the range: prefix length 27 -> 32 hosts, etc.
      const int len = std::stoi(cidr.substr(cidr.find('/') + 1));
      const int base = std::stoi(cidr.substr(cidr.rfind('.') + 1, cidr.find('/') - cidr.rfind('.') - 1));
      const std::string host = r.probe_address().substr(0, r.probe_address().find(':'));
      const int last = std::stoi(host.substr(host.rfind('.') + 1));
      EXPECT_GE(last, base) << cidr;
      EXPECT_LT(last, base + (1 << (32 - len))) << cidr;
    }
    EXPECT_TRUE(found) << "range " << cidr << " missing";
  }
}

TEST_F(DefaultBaselineTest, DomainsOfTheSheetAreTargets) {
  std::set<std::string> must, should;
  for (const auto& d : baseline_.network_path().allow_domains()) {
    must.insert(d.pattern());
    EXPECT_TRUE(absl::StartsWith(d.probe_url(), "https://")) << d.pattern();
  }
  for (const auto& d : baseline_.network_path().optional_domains()) {
    should.insert(d.pattern());
    EXPECT_TRUE(absl::StartsWith(d.probe_url(), "https://")) << d.pattern();
  }
  for (const char* d : {"flexperto.com", "*.flexperto.com", "ajax.googleapis.com/ajax/libs/jquery/*",
                        "fonts.googleapis.com", "fonts.gstatic.com", "www.google.com/recaptcha/*",
                        "www.gstatic.com/recaptcha/*", "*.opentok.com", "*.tokbox.com"}) {
    EXPECT_TRUE(must.count(d)) << "must-whitelist domain " << d;
  }
  for (const char* d : {"*.hotjar.com", "api.mixpanel.com", "cdn.mxpnl.com", "*.gstatic.com", "*.ggpht.com",
                        "*.googleapis.com", "www.google.com", "player.vimeo.com", "www.youtube-nocookie.com",
                        "*.zopim.com", "assets.zendesk.com", "ekr.zdassets.com", "flexperto.zendesk.com",
                        "static.zdassets.com", "fast.appcues.com", "my.appcues.com", "notify.bugsnag.com",
                        "sentry.io"}) {
    EXPECT_TRUE(should.count(d)) << "should-whitelist domain " << d;
  }
  EXPECT_EQ(baseline_.network_path().tokbox_whitelist_source(), "https://whitelist.tokbox.com/whitelist.json");
  EXPECT_FALSE(baseline_.network_path().tokbox_addresses().empty());
}

TEST_F(DefaultBaselineTest, PortsOfTheSheetAreTargets) {
  const auto& np = baseline_.network_path();
  ASSERT_FALSE(np.http_urls().empty());
  EXPECT_TRUE(absl::StrContains(np.http_urls(0), ":80/")) << np.http_urls(0);
  ASSERT_FALSE(np.https_urls().empty());
  EXPECT_TRUE(absl::StrContains(np.https_urls(0), ":443/"));
  ASSERT_FALSE(np.wss_urls().empty());
  EXPECT_TRUE(absl::StartsWith(np.wss_urls(0), "wss://"));
  EXPECT_TRUE(absl::EndsWith(baseline_.rtc().stun_server(), ":3478")) << baseline_.rtc().stun_server();
  EXPECT_TRUE(absl::EndsWith(baseline_.rtc().turn_tls_server(), ":5349")) << baseline_.rtc().turn_tls_server();
  EXPECT_FALSE(np.tls_inspection_targets().empty());
}

TEST_F(DefaultBaselineTest, BandwidthIsPerStreamData) {
  EXPECT_EQ(baseline_.rtc().min_kbps_per_stream(), 1000u);
  EXPECT_GE(baseline_.rtc().streams_down(), 1u);
  EXPECT_GE(baseline_.rtc().streams_up(), 1u);
  EXPECT_FALSE(baseline_.rtc().bandwidth_download_url().empty());
  EXPECT_FALSE(baseline_.rtc().bandwidth_upload_url().empty());
}

TEST_F(DefaultBaselineTest, BrowserMinimumsOfTheSheet) {
  const auto* r = Find("browser.supported");
  ASSERT_NE(r, nullptr);
  ASSERT_TRUE(r->check().has_browser_version());
  auto has = [&](const std::string& product, const std::string& channel, const std::string& min,
                 const std::string& family) -> const minspec::v1::BrowserMinimum* {
    for (const auto& m : r->check().browser_version().minimums()) {
      if (m.product() != product || m.channel() != channel || m.min_version() != min) continue;
      for (const auto& f : m.os_families()) {
        if (f == family) return &m;
      }
    }
    return nullptr;
  };
  EXPECT_NE(has("chrome", "", "67", "windows"), nullptr);
  const auto* esr52 = has("firefox", "esr", "52", "linux");
  ASSERT_NE(esr52, nullptr);
  EXPECT_EQ(esr52->below_version(), "60");
  ASSERT_TRUE(esr52->has_only_if());
  EXPECT_EQ(esr52->only_if().requirement().id(), "net.stun_udp_3478");
  EXPECT_NE(has("firefox", "esr", "60", "linux"), nullptr);
  EXPECT_NE(has("firefox", "", "60", "macos"), nullptr);
  EXPECT_NE(has("edge", "", "17", "windows"), nullptr);
  EXPECT_NE(has("ie", "", "11", "windows"), nullptr);
  EXPECT_NE(has("safari", "", "11", "macos"), nullptr);
  EXPECT_NE(has("chrome", "", "67", "android"), nullptr);
  EXPECT_NE(has("firefox", "", "60", "android"), nullptr);
}

TEST_F(DefaultBaselineTest, OsMinimumsOfTheSheet) {
  const auto* r = Find("os.supported");
  ASSERT_NE(r, nullptr);
  std::set<std::string> got;
  for (const auto& m : r->check().os_version().minimums()) {
    got.insert(m.family() + "/" + m.distribution() + "/" + m.min_version());
  }
  EXPECT_EQ(got, (std::set<std::string>{"macos//10.9", "windows//8.1", "linux/ubuntu/12", "android//4.4"}));
}

TEST_F(DefaultBaselineTest, HardwareThresholdsOfTheSheet) {
  EXPECT_TRUE(absl::StrContains(text_, "fact: \"hardware.cpu.physical_cores\"\n"));
  EXPECT_TRUE(absl::StrContains(text_, "value: 2000"));
  EXPECT_TRUE(absl::StrContains(text_, "fact: \"hardware.memory.total_mib\""));
  EXPECT_TRUE(absl::StrContains(text_, "54.93.34.174"));
  EXPECT_TRUE(absl::StrContains(text_, "3.121.21.226"));
  EXPECT_TRUE(absl::StrContains(text_, "3.122.2.191"));
}

}  // namespace
}  // namespace minspec::baseline
