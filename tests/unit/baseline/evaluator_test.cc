#include "common/baseline/evaluator.h"

#include "absl/strings/match.h"
#include "common/baseline/loader.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace minspec::baseline {
namespace {

using minspec::v1::Attestation;
using minspec::v1::Baseline;
using minspec::v1::Check;
using minspec::v1::Facts;
using minspec::v1::RequirementResult;
using minspec::v1::Verdict;
using testing::ParseText;

// ------------------------------------------------------------ check kinds
// Each row: one check (text format), the facts it sees, the verdict it must
// give and a piece of the reason that explains it.
struct KindCase {
  std::string name;
  std::string check;
  std::string facts;
  Verdict want;
  std::string reason_has;
  std::vector<std::string> attestations = {};  // "host_id" per fleet/host attestation of "t"
};

void PrintTo(const KindCase& c, std::ostream* os) { *os << c.name; }

class CheckKindTest : public ::testing::TestWithParam<KindCase> {};

TEST_P(CheckKindTest, GivesVerdictWithReason) {
  const KindCase& c = GetParam();
  Baseline b = ParseText<Baseline>(R"pb(
    name: "kinds"
    rtc { min_kbps_per_stream: 1000 streams_down: 2 }
    requirements { id: "ref.pass" severity: SHOULD area: "network" check { constant { verdict: PASS reason: "always" } } }
    requirements { id: "ref.fail" severity: SHOULD area: "network" check { constant { verdict: FAIL reason: "never" } } }
  )pb");
  auto* r = b.add_requirements();
  r->set_id("t");
  r->set_severity(minspec::v1::MUST);
  r->set_area("hardware");
  r->set_remediation("fix it");
  r->set_pass_when("as documented");
  *r->mutable_check() = ParseText<Check>(c.check);
  std::vector<Attestation> att;
  for (const std::string& host : c.attestations) {
    Attestation a;
    a.set_requirement_id("t");
    a.set_host_id(host);
    a.set_attested_by("admin@example.com");
    a.set_reason("checked the server");
    att.push_back(a);
  }
  const Evaluator ev(b);
  const auto eval = ev.Evaluate(ParseText<Facts>(c.facts), att);
  ASSERT_EQ(eval.results_size(), 3);
  const RequirementResult& got = eval.results(2);
  EXPECT_EQ(got.id(), "t");
  EXPECT_EQ(VerdictName(got.verdict()), VerdictName(c.want)) << "reason: " << got.reason() << "\nobserved: " << got.observed();
  EXPECT_TRUE(absl::StrContains(got.reason(), c.reason_has))
      << "reason '" << got.reason() << "' lacks '" << c.reason_has << "'";
  EXPECT_EQ(got.remediation(), "fix it");
  EXPECT_EQ(got.severity(), minspec::v1::MUST);
  EXPECT_FALSE(got.expected().empty());
}

const char kCores4[] = R"pb(hardware { cpu { status { code: OK } physical_cores: 4 effective_mhz: 1800 } })pb";
const char kCpuError[] = R"pb(hardware { cpu { status { code: ERROR error: "/proc/cpuinfo: permission denied" } } })pb";
const char kCoresUnset[] = R"pb(hardware { cpu { status { code: OK } model: "x" } })pb";
const char kProfiles[] = R"pb(browsers { status { code: OK }
  profiles { status { code: OK } product: "chrome" profile: "Default" javascript_enabled: true }
  profiles { status { code: OK } product: "firefox" profile: "work" javascript_enabled: true } })pb";
const char kProfileBroken[] = R"pb(browsers { status { code: OK }
  profiles { status { code: OK } product: "chrome" profile: "Default" javascript_enabled: true }
  profiles { status { code: ERROR error: "prefs.js: unreadable" } product: "firefox" profile: "work" } })pb";
const char kProfileOffAndBroken[] = R"pb(browsers { status { code: OK }
  profiles { status { code: OK } product: "chrome" profile: "Default" javascript_enabled: false }
  profiles { status { code: ERROR error: "prefs.js: unreadable" } product: "firefox" profile: "work" } })pb";
const char kJsOn[] = R"pb(equals { fact: "javascript_enabled" bool_value: true })pb";

std::string Each(const std::string& extra = "") {
  return std::string(R"pb(each { fact: "browsers.profiles" check { equals { fact: "javascript_enabled" bool_value: true } } )pb") + extra + "}";
}

INSTANTIATE_TEST_SUITE_P(
    Kinds, CheckKindTest,
    ::testing::Values(
        // compare
        KindCase{"compare_pass", R"pb(compare { fact: "hardware.cpu.physical_cores" op: GE value: 2 })pb", kCores4, v1::PASS, "physical_cores = 4"},
        KindCase{"compare_fail", R"pb(compare { fact: "hardware.cpu.effective_mhz" op: GE value: 2000 unit: "MHz" })pb", kCores4, v1::FAIL, "is 1800 MHz, needs >= 2000 MHz"},
        KindCase{"compare_probe_error", R"pb(compare { fact: "hardware.cpu.physical_cores" op: GE value: 2 })pb", kCpuError, v1::UNKNOWN, "/proc/cpuinfo: permission denied"},
        KindCase{"compare_not_collected", R"pb(compare { fact: "hardware.cpu.physical_cores" op: GE value: 2 })pb", kCoresUnset, v1::UNKNOWN, "physical_cores not collected"},
        KindCase{"compare_probe_did_not_run", R"pb(compare { fact: "hardware.cpu.physical_cores" op: GE value: 2 })pb", "", v1::UNKNOWN, "did not run"},
        KindCase{"compare_not_supported", R"pb(compare { fact: "hardware.cpu.physical_cores" op: GE value: 2 })pb",
                 R"pb(hardware { cpu { status { code: NOT_SUPPORTED error: "no cpuid" } physical_cores: 8 } })pb", v1::UNKNOWN, "not supported"},
        KindCase{"compare_scaled_fail", R"pb(compare { fact: "network.bandwidth.down_kbps" op: GE value: 1 unit: "kb/s" scale_by: "rtc.min_kbps_per_stream" scale_by: "rtc.streams_down" })pb",
                 R"pb(network { bandwidth { status { code: OK } down_kbps: 1500 } })pb", v1::FAIL, "needs >= 2000 kb/s"},
        KindCase{"compare_scaled_pass", R"pb(compare { fact: "network.bandwidth.down_kbps" op: GE value: 1 unit: "kb/s" scale_by: "rtc.min_kbps_per_stream" scale_by: "rtc.streams_down" })pb",
                 R"pb(network { bandwidth { status { code: OK } down_kbps: 2500.5 } })pb", v1::PASS, "2500.5 kb/s"},
        KindCase{"compare_lt", R"pb(compare { fact: "network.quality.loss_pct" op: LE value: 1 })pb",
                 R"pb(network { quality { status { code: OK } loss_pct: 4.25 } })pb", v1::FAIL, "is 4.25"},
        // equals
        KindCase{"equals_bool_pass", R"pb(equals { fact: "hardware.form_factor.thin_client" bool_value: false })pb",
                 R"pb(hardware { form_factor { status { code: OK } thin_client: false } })pb", v1::PASS, "thin_client = false"},
        KindCase{"equals_bool_fail", R"pb(equals { fact: "hardware.form_factor.thin_client" bool_value: false })pb",
                 R"pb(hardware { form_factor { status { code: OK } thin_client: true } })pb", v1::FAIL, "is true, needs false"},
        KindCase{"equals_bool_unset", R"pb(equals { fact: "hardware.form_factor.thin_client" bool_value: false })pb",
                 R"pb(hardware { form_factor { status { code: OK } chassis: "laptop" } })pb", v1::UNKNOWN, "thin_client not collected"},
        KindCase{"equals_string", R"pb(equals { fact: "os.family" string_value: "linux" })pb", R"pb(os { status { code: OK } family: "windows" })pb", v1::FAIL, "is windows"},
        // one_of
        KindCase{"one_of_pass", R"pb(one_of { fact: "hardware.form_factor.chassis" values: "desktop" values: "laptop" })pb",
                 R"pb(hardware { form_factor { status { code: OK } chassis: "laptop" } })pb", v1::PASS, "laptop"},
        KindCase{"one_of_fail", R"pb(one_of { fact: "hardware.form_factor.chassis" values: "desktop" values: "laptop" })pb",
                 R"pb(hardware { form_factor { status { code: OK } chassis: "thin_client" } })pb", v1::FAIL, "not one of desktop, laptop"},
        KindCase{"one_of_unknown_value", R"pb(one_of { fact: "hardware.form_factor.chassis" values: "desktop" unknown_values: "unknown" })pb",
                 R"pb(hardware { form_factor { status { code: OK } chassis: "unknown" } })pb", v1::UNKNOWN, "could not tell"},
        KindCase{"one_of_empty", R"pb(one_of { fact: "hardware.form_factor.chassis" values: "desktop" })pb",
                 R"pb(hardware { form_factor { status { code: OK } } })pb", v1::UNKNOWN, "not collected"},
        // text_match and version
        KindCase{"text_match", R"pb(text_match { fact: "os.pretty_name" contains: "ubuntu" ignore_case: true })pb",
                 R"pb(os { status { code: OK } pretty_name: "Ubuntu 22.04 LTS" })pb", v1::PASS, "Ubuntu"},
        KindCase{"text_match_fail", R"pb(text_match { fact: "os.pretty_name" contains: "ubuntu" })pb",
                 R"pb(os { status { code: OK } pretty_name: "Ubuntu 22.04 LTS" })pb", v1::FAIL, "does not contain"},
        KindCase{"version_pass", R"pb(version { fact: "os.version" min_version: "10.9" })pb", R"pb(os { status { code: OK } version: "10.15.7" })pb", v1::PASS, "10.15.7"},
        KindCase{"version_fail", R"pb(version { fact: "os.version" min_version: "10.9" below_version: "11" })pb", R"pb(os { status { code: OK } version: "12.1" })pb", v1::FAIL, "needs >= 10.9 and < 11"},
        KindCase{"version_unreadable", R"pb(version { fact: "os.version" min_version: "10.9" })pb", R"pb(os { status { code: OK } version: "rolling" })pb", v1::UNKNOWN, "cannot read version 'rolling'"},
        // os_version
        KindCase{"os_ubuntu", R"pb(os_version { minimums { family: "linux" distribution: "ubuntu" min_version: "12" label: "Ubuntu 12+" } })pb",
                 R"pb(os { status { code: OK } family: "linux" distribution: "ubuntu" version: "12.04" })pb", v1::PASS, "meets Ubuntu 12+"},
        KindCase{"os_ubuntu_old", R"pb(os_version { minimums { family: "linux" distribution: "ubuntu" min_version: "12" label: "Ubuntu 12+" } })pb",
                 R"pb(os { status { code: OK } family: "linux" distribution: "ubuntu" version: "11.10" })pb", v1::FAIL, "older than Ubuntu 12+"},
        KindCase{"os_debian", R"pb(os_version { minimums { family: "linux" distribution: "ubuntu" min_version: "12" label: "Ubuntu 12+" } })pb",
                 R"pb(os { status { code: OK } family: "linux" distribution: "debian" version: "12" })pb", v1::FAIL, "not supported"},
        KindCase{"os_error", R"pb(os_version { minimums { family: "linux" min_version: "1" } })pb",
                 R"pb(os { status { code: ERROR error: "/etc/os-release: no such file" } })pb", v1::UNKNOWN, "/etc/os-release: no such file"},
        // count
        KindCase{"count_pass", R"pb(count { fact: "hardware.cameras.devices" where { equals { fact: "can_capture" bool_value: true } } min: 1 })pb",
                 R"pb(hardware { cameras { status { code: OK } devices { node: "video0" can_capture: false } devices { node: "video1" can_capture: true } } })pb", v1::PASS, "1 of 2"},
        KindCase{"count_fail", R"pb(count { fact: "hardware.cameras.devices" where { equals { fact: "can_capture" bool_value: true } } min: 1 })pb",
                 R"pb(hardware { cameras { status { code: OK } devices { node: "video0" can_capture: false } } })pb", v1::FAIL, "needs at least 1"},
        KindCase{"count_probe_error", R"pb(count { fact: "hardware.cameras.devices" min: 1 })pb",
                 R"pb(hardware { cameras { status { code: ERROR error: "/sys/class/video4linux: EACCES" } } })pb", v1::UNKNOWN, "EACCES"},
        // probe_ok
        KindCase{"probe_ok_pass", R"pb(probe_ok { fact: "network.stun_udp" })pb", R"pb(network { stun_udp { status { code: OK } ok: true summary: "mapped 203.0.113.9" } })pb", v1::PASS, "mapped"},
        KindCase{"probe_ok_fail", R"pb(probe_ok { fact: "network.stun_udp" })pb", R"pb(network { stun_udp { status { code: OK } ok: false summary: "no answer in 3 s" } })pb", v1::FAIL, "no answer in 3 s"},
        KindCase{"probe_ok_error", R"pb(probe_ok { fact: "network.stun_udp" })pb", R"pb(network { stun_udp { status { code: ERROR error: "stun.example: DNS failure" } } })pb", v1::UNKNOWN, "DNS failure"},
        KindCase{"probe_ok_unset", R"pb(probe_ok { fact: "network.stun_udp" })pb", R"pb(network { stun_udp { status { code: OK } } })pb", v1::UNKNOWN, "ok not collected"},
        KindCase{"probe_ok_not_run", R"pb(probe_ok { fact: "network.stun_udp" })pb", "", v1::UNKNOWN, "network.stun_udp not collected"},
        // all / any / when / negate / constant / requirement
        KindCase{"all_fail_wins", R"pb(all { checks { requirement { id: "ref.fail" } } checks { compare { fact: "hardware.cpu.physical_cores" op: GE value: 2 } } })pb", kCpuError, v1::FAIL, "ref.fail is FAIL"},
        KindCase{"all_unknown", R"pb(all { checks { requirement { id: "ref.pass" } } checks { compare { fact: "hardware.cpu.physical_cores" op: GE value: 2 } } })pb", kCpuError, v1::UNKNOWN, "permission denied"},
        KindCase{"all_ignores_na", R"pb(all { checks { requirement { id: "ref.pass" } } checks { constant { verdict: NOT_APPLICABLE reason: "n/a" } } })pb", "", v1::PASS, "ref.pass"},
        KindCase{"all_na", R"pb(all { checks { constant { verdict: NOT_APPLICABLE reason: "n/a" } } })pb", "", v1::NOT_APPLICABLE, "not applicable"},
        KindCase{"any_pass", R"pb(any { checks { requirement { id: "ref.fail" } } checks { requirement { id: "ref.pass" } } })pb", "", v1::PASS, "ref.pass"},
        KindCase{"any_fail", R"pb(any { checks { requirement { id: "ref.fail" } } checks { constant { verdict: FAIL reason: "second" } } })pb", "", v1::FAIL, "second"},
        KindCase{"any_unknown_beats_fail", R"pb(any { checks { requirement { id: "ref.fail" } } checks { compare { fact: "hardware.cpu.physical_cores" op: GE value: 2 } } })pb", kCpuError, v1::UNKNOWN, "permission denied"},
        KindCase{"when_na", R"pb(when { condition { equals { fact: "os.family" string_value: "android" } } then { constant { verdict: FAIL reason: "x" } } })pb",
                 R"pb(os { status { code: OK } family: "linux" })pb", v1::NOT_APPLICABLE, "not applicable"},
        KindCase{"when_applies", R"pb(when { condition { equals { fact: "os.family" string_value: "android" } } then { constant { verdict: FAIL reason: "mobile" } } })pb",
                 R"pb(os { status { code: OK } family: "android" })pb", v1::FAIL, "mobile"},
        KindCase{"when_unknown", R"pb(when { condition { equals { fact: "os.family" string_value: "android" } } then { constant { verdict: PASS } } })pb",
                 R"pb(os { status { code: ERROR error: "os-release unreadable" } })pb", v1::UNKNOWN, "cannot tell whether this applies"},
        KindCase{"negate", R"pb(negate { check { requirement { id: "ref.fail" } } })pb", "", v1::PASS, "ref.fail"},
        KindCase{"ref_fail", R"pb(requirement { id: "ref.fail" })pb", "", v1::FAIL, "ref.fail is FAIL: never"},
        // each: one broken profile is UNKNOWN alone and does not hide the others
        KindCase{"each_pass", Each(), kProfiles, v1::PASS, "all 2 pass"},
        KindCase{"each_one_unknown", Each(), kProfileBroken, v1::UNKNOWN, "prefs.js: unreadable"},
        KindCase{"each_fail_and_unknown", Each(), kProfileOffAndBroken, v1::FAIL, "chrome/Default: javascript_enabled is false"},
        KindCase{"each_empty_unknown", Each(), R"pb(browsers { status { code: OK } })pb", v1::UNKNOWN, "no browsers.profiles found"},
        KindCase{"each_empty_na", Each("empty_is_not_applicable: true"), R"pb(browsers { status { code: OK } })pb", v1::NOT_APPLICABLE, "no browsers.profiles"},
        KindCase{"each_where", Each(R"pb(where { equals { fact: "product" string_value: "chrome" } })pb"), kProfileBroken, v1::PASS, "all 1 pass"},
        KindCase{"each_root_fact", R"pb(each { fact: "browsers.profiles" check { equals { fact: "/os.family" string_value: "linux" } } })pb",
                 std::string(kProfiles) + R"pb( os { status { code: OK } family: "linux" })pb", v1::PASS, "all 2 pass"},
        // attestation
        KindCase{"attestation_missing", R"pb(attestation { hint: "EWS open" })pb", "", v1::UNKNOWN, "awaiting an admin's attestation: EWS open"},
        KindCase{"attestation_fleet", R"pb(attestation { hint: "EWS open" })pb", R"pb(host { host_id: "h1" })pb", v1::ATTESTED, "admin@example.com", {""}},
        KindCase{"attestation_this_host", R"pb(attestation { hint: "EWS open" })pb", R"pb(host { host_id: "h1" })pb", v1::ATTESTED, "for this host", {"h1"}},
        KindCase{"attestation_other_host", R"pb(attestation { hint: "EWS open" })pb", R"pb(host { host_id: "h1" })pb", v1::UNKNOWN, "awaiting", {"h2"}}),
    [](const ::testing::TestParamInfo<KindCase>& i) { return i.param.name; });

// ------------------------------------------------ the default baseline
class DefaultBaselineEvalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto b = LoadBaselineFile(testing::DefaultBaselinePath());
    ASSERT_TRUE(b.ok()) << b.status();
    evaluator_ = std::make_unique<Evaluator>(*b);
    facts_ = testing::FixtureFacts("facts_ubuntu_ok.textproto");
  }
  RequirementResult Result(const std::string& id, const std::vector<Attestation>& att = {}) {
    const auto eval = evaluator_->Evaluate(facts_, att);
    for (const auto& r : eval.results()) {
      if (r.id() == id) return r;
    }
    ADD_FAILURE() << "no result for " << id;
    return {};
  }
  void SetBrowser(const std::string& product, const std::string& channel, const std::string& version) {
    auto* b = facts_.mutable_browsers();
    b->clear_installs();
    auto* i = b->add_installs();
    i->mutable_status()->set_code(minspec::v1::ProbeStatus::OK);
    i->set_product(product);
    i->set_channel(channel);
    i->set_version(version);
  }
  std::unique_ptr<Evaluator> evaluator_;
  Facts facts_;
};

#define EXPECT_VERDICT(result, want_verdict, reason_part)                                           \
  do {                                                                                         \
    const RequirementResult r_ = (result);                                                     \
    EXPECT_EQ(VerdictName(r_.verdict()), VerdictName(want_verdict)) << r_.id() << ": " << r_.reason(); \
    EXPECT_TRUE(absl::StrContains(r_.reason(), reason_part)) << r_.id() << " reason: " << r_.reason(); \
  } while (0)

TEST_F(DefaultBaselineEvalTest, GoodWorkstationPassesEveryMeasurableRow) {
  const auto eval = evaluator_->Evaluate(facts_);
  EXPECT_EQ(eval.results_size(), evaluator_->baseline().requirements_size());
  for (int i = 0; i < eval.results_size(); ++i) {
    const auto& r = eval.results(i);
    EXPECT_EQ(r.id(), evaluator_->baseline().requirements(i).id()) << "results in baseline order";
    EXPECT_FALSE(r.title().empty()) << r.id();
    EXPECT_FALSE(r.area().empty()) << r.id();
    EXPECT_FALSE(r.remediation().empty()) << r.id();
    if (r.area() == "calendar" && r.id() != "cal.autodiscover") {
      EXPECT_EQ(r.verdict(), v1::UNKNOWN) << r.id();
      EXPECT_TRUE(r.awaiting_attestation()) << r.id();
    } else if (r.id() == "client.mobile_screenshare" || r.id() == "browser.ie_plugin") {
      EXPECT_EQ(r.verdict(), v1::NOT_APPLICABLE) << r.id() << ": " << r.reason();
    } else {
      EXPECT_EQ(r.verdict(), v1::PASS) << r.id() << ": " << r.reason();
    }
  }
}

TEST_F(DefaultBaselineEvalTest, FirefoxEsr55PassesOnlyWithUdp3478Open) {
  SetBrowser("firefox", "esr", "55.0.2esr");
  EXPECT_VERDICT(Result("browser.supported"), v1::PASS, "Firefox ESR 52-59");
  facts_.mutable_network()->mutable_stun_udp()->set_ok(false);
  facts_.mutable_network()->mutable_stun_udp()->set_summary("no STUN answer on UDP 3478");
  EXPECT_VERDICT(Result("browser.supported"), v1::FAIL, "net.stun_udp_3478");
  facts_.mutable_network()->mutable_stun_udp()->mutable_status()->set_code(minspec::v1::ProbeStatus::ERROR);
  EXPECT_VERDICT(Result("browser.supported"), v1::UNKNOWN, "unknown");
}

TEST_F(DefaultBaselineEvalTest, FirefoxEsr60PassesWithoutUdp) {
  SetBrowser("firefox", "esr", "60.9.0esr");
  facts_.mutable_network()->mutable_stun_udp()->set_ok(false);
  EXPECT_VERDICT(Result("browser.supported"), v1::PASS, "Firefox ESR 60+");
}

TEST_F(DefaultBaselineEvalTest, OldBrowsersFail) {
  SetBrowser("chrome", "stable", "66.0.3359.181");
  EXPECT_VERDICT(Result("browser.supported"), v1::FAIL, "no supported browser found");
  SetBrowser("firefox", "esr", "45.9.0esr");
  EXPECT_VERDICT(Result("browser.supported"), v1::FAIL, "no supported browser found");
}

TEST_F(DefaultBaselineEvalTest, AndroidNeedsChrome67OrFirefox60) {
  facts_.mutable_os()->set_family("android");
  facts_.mutable_os()->set_distribution("");
  facts_.mutable_os()->set_version("4.4.2");
  SetBrowser("chrome", "stable", "66.0.3359.158");
  EXPECT_VERDICT(Result("browser.supported"), v1::FAIL, "no supported browser found");
  SetBrowser("chrome", "stable", "67.0.3396.87");
  EXPECT_VERDICT(Result("browser.supported"), v1::PASS, "Android: Chrome 67+");
  SetBrowser("firefox", "", "60.0");
  EXPECT_VERDICT(Result("browser.supported"), v1::PASS, "Android: Firefox 60+");
  // Desktop-only rules do not apply; the mobile limitation is reported.
  EXPECT_VERDICT(Result("os.supported"), v1::PASS, "Android 4.4");
  EXPECT_EQ(Result("browser.screenshare_extension").verdict(), v1::NOT_APPLICABLE);
  EXPECT_EQ(Result("browser.firefox_openh264").verdict(), v1::NOT_APPLICABLE);
  EXPECT_VERDICT(Result("client.mobile_screenshare"), v1::FAIL, "does not work on Android/iOS");
}

TEST_F(DefaultBaselineEvalTest, EdgeAndIeCountOnlyOnWindows) {
  SetBrowser("edge", "stable", "17.17134");
  EXPECT_VERDICT(Result("browser.supported"), v1::FAIL, "not a supported browser");
  facts_.mutable_os()->set_family("windows");
  facts_.mutable_os()->set_distribution("");
  facts_.mutable_os()->set_version("10.0.17134");
  EXPECT_VERDICT(Result("browser.supported"), v1::PASS, "Edge 17+");
  SetBrowser("ie", "", "11.0.9600.19080");
  EXPECT_VERDICT(Result("browser.supported"), v1::PASS, "Internet Explorer 11");
  EXPECT_TRUE(Result("browser.ie_plugin").awaiting_attestation());
}

TEST_F(DefaultBaselineEvalTest, NoBrowserIsAFail) {
  facts_.mutable_browsers()->clear_installs();
  EXPECT_VERDICT(Result("browser.supported"), v1::FAIL, "no supported browser found");
  facts_.mutable_browsers()->mutable_status()->set_code(minspec::v1::ProbeStatus::ERROR);
  facts_.mutable_browsers()->mutable_status()->set_error("/usr/share/applications: EACCES");
  EXPECT_VERDICT(Result("browser.supported"), v1::UNKNOWN, "EACCES");
}

TEST_F(DefaultBaselineEvalTest, DebianIsNotSupported) {
  facts_.mutable_os()->set_distribution("debian");
  facts_.mutable_os()->set_version("12");
  facts_.mutable_os()->set_pretty_name("Debian GNU/Linux 12 (bookworm)");
  EXPECT_VERDICT(Result("os.supported"), v1::FAIL, "not supported");
}

TEST_F(DefaultBaselineEvalTest, OsMinimumsOfTheSheet) {
  struct Row { const char* family; const char* dist; const char* version; Verdict want; };
  for (const Row& row : {Row{"macos", "", "10.9", v1::PASS}, Row{"macos", "", "10.8.5", v1::FAIL},
                         Row{"macos", "", "10.15.7", v1::PASS}, Row{"windows", "", "8.1", v1::PASS},
                         Row{"windows", "", "8", v1::FAIL}, Row{"windows", "", "7", v1::FAIL},
                         Row{"linux", "ubuntu", "12.04", v1::PASS}, Row{"linux", "ubuntu", "10.04", v1::FAIL},
                         Row{"android", "", "4.4", v1::PASS}, Row{"android", "", "4.3", v1::FAIL},
                         Row{"linux", "fedora", "39", v1::FAIL}}) {
    facts_.mutable_os()->set_family(row.family);
    facts_.mutable_os()->set_distribution(row.dist);
    facts_.mutable_os()->set_version(row.version);
    EXPECT_EQ(VerdictName(Result("os.supported").verdict()), VerdictName(row.want)) << row.family << " " << row.dist << " " << row.version;
  }
}

TEST_F(DefaultBaselineEvalTest, ProbeErrorIsUnknownWithReason) {
  auto* cpu = facts_.mutable_hardware()->mutable_cpu();
  cpu->mutable_status()->set_code(minspec::v1::ProbeStatus::ERROR);
  cpu->mutable_status()->set_error("/proc/cpuinfo: no such file");
  EXPECT_VERDICT(Result("hw.cpu"), v1::UNKNOWN, "/proc/cpuinfo: no such file");
  facts_.mutable_network()->clear_wss();
  EXPECT_VERDICT(Result("net.wss"), v1::UNKNOWN, "did not run");
}

TEST_F(DefaultBaselineEvalTest, HardwareMinimums) {
  facts_.mutable_hardware()->mutable_cpu()->set_physical_cores(1);
  EXPECT_VERDICT(Result("hw.cpu"), v1::FAIL, "physical_cores is 1");
  facts_.mutable_hardware()->mutable_memory()->set_total_mib(512);
  EXPECT_VERDICT(Result("hw.ram"), v1::FAIL, "512 MiB");
  facts_.mutable_hardware()->mutable_form_factor()->set_remote_session(true);
  EXPECT_VERDICT(Result("hw.form_factor"), v1::FAIL, "remote_session is true");
  facts_.mutable_hardware()->mutable_cameras()->set_capture_devices(0);
  EXPECT_VERDICT(Result("hw.camera"), v1::FAIL, "capture_devices is 0");
  // camera_access depends on hw.camera
  EXPECT_VERDICT(Result("browser.camera_access"), v1::FAIL, "hw.camera is FAIL");
}

TEST_F(DefaultBaselineEvalTest, FirefoxMediaPrefsBlockCamera) {
  facts_.mutable_browsers()->mutable_profiles(1)->set_peerconnection_enabled(false);
  EXPECT_VERDICT(Result("browser.camera_access"), v1::FAIL, "peerconnection_enabled is false");
  // Chrome profiles are not judged on Firefox prefs.
  facts_.mutable_browsers()->mutable_profiles(1)->set_peerconnection_enabled(true);
  EXPECT_EQ(Result("browser.camera_access").verdict(), v1::PASS);
}

TEST_F(DefaultBaselineEvalTest, BandwidthScalesWithStreams) {
  facts_.mutable_network()->mutable_bandwidth()->set_down_kbps(900);
  EXPECT_VERDICT(Result("net.bandwidth"), v1::FAIL, "needs >= 1000 kb/s");
}

TEST_F(DefaultBaselineEvalTest, AutodiscoverByDnsOrAttestation) {
  EXPECT_EQ(Result("cal.autodiscover").verdict(), v1::PASS);
  facts_.mutable_network()->mutable_autodiscover()->set_ok(false);
  const auto pending = Result("cal.autodiscover");
  EXPECT_EQ(pending.verdict(), v1::UNKNOWN);
  EXPECT_TRUE(pending.awaiting_attestation());
  Attestation a;
  a.set_requirement_id("cal.autodiscover");
  a.set_attested_by("exchange-admin");
  EXPECT_EQ(Result("cal.autodiscover", {a}).verdict(), v1::ATTESTED);
  a.set_requirement_id("cal.ews_access");
  EXPECT_EQ(Result("cal.ews_access", {a}).verdict(), v1::ATTESTED);
}

TEST_F(DefaultBaselineEvalTest, EvaluatorIsReusableAndDeterministic) {
  const auto a = evaluator_->Evaluate(facts_);
  const auto b = evaluator_->Evaluate(facts_);
  ASSERT_EQ(a.results_size(), b.results_size());
  for (int i = 0; i < a.results_size(); ++i) {
    EXPECT_EQ(a.results(i).SerializeAsString(), b.results(i).SerializeAsString());
  }
}

}  // namespace
}  // namespace minspec::baseline
