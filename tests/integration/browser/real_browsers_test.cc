// The browser probe against the machine it runs on: Debian's real chromium
// and firefox-esr packages (tools/install-deps.sh --test), and a profile
// written by a real headless firefox-esr in a temporary HOME, with no network
// (it runs in a fresh network namespace holding only a down loopback).
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "agent/probes/browser/browser_probe.h"
#include "agent/probes/browser/embedded_version_scanner.h"
#include "agent/probes/browser/firefox_profile_reader.h"
#include "agent/probes/browser/linux/dpkg_status_reader.h"

extern char** environ;

namespace minspec::agent::browser {
namespace {
namespace fs = std::filesystem;

// What dpkg itself reports: the test may run programs, the probe may not.
std::string DpkgQueryVersion(const std::string& package) {
  std::string cmd = "dpkg-query -W -f='${Status} ${Version}' " + package + " 2>/dev/null";
  FILE* f = popen(cmd.c_str(), "r");
  if (f == nullptr) return {};
  char buf[512];
  std::string out;
  while (fgets(buf, sizeof buf, f) != nullptr) out += buf;
  pclose(f);
  const std::string installed = "install ok installed ";
  if (out.rfind(installed, 0) != 0) return {};
  return out.substr(installed.size());
}

const minspec::v1::BrowserInstall* FindInstall(const minspec::v1::BrowserFacts& facts, const std::string& path) {
  for (const auto& i : facts.installs())
    if (i.path() == path) return &i;
  return nullptr;
}

TEST(RealPackages, ChromiumVersionEqualsWhatDpkgReports) {
  const std::string deb = DpkgQueryVersion("chromium");
  if (deb.empty()) GTEST_SKIP() << "chromium is not installed (tools/install-deps.sh --test)";
  minspec::v1::BrowserFacts facts;
  CollectBrowserFacts(ProbeContext{}, facts);
  const auto* cr = FindInstall(facts, "/usr/lib/chromium");
  ASSERT_NE(cr, nullptr);
  EXPECT_EQ(cr->status().code(), minspec::v1::ProbeStatus::OK) << cr->status().error();
  EXPECT_EQ(cr->version(), DebianUpstreamVersion(deb)) << "dpkg says " << deb;
  EXPECT_EQ(cr->product(), "chromium");
  EXPECT_EQ(cr->packaging(), "deb");
  // The embedded-string fallback, checked against the real binary: it must
  // find the same version among the other version-shaped strings it holds.
  auto scanned = ScanEmbeddedChromiumVersion("/usr/lib/chromium/chromium");
  ASSERT_TRUE(scanned.ok()) << scanned.status();
  EXPECT_EQ(*scanned, DebianUpstreamVersion(deb));
}

TEST(RealPackages, FirefoxEsrVersionEqualsWhatDpkgReports) {
  const std::string deb = DpkgQueryVersion("firefox-esr");
  if (deb.empty()) GTEST_SKIP() << "firefox-esr is not installed (tools/install-deps.sh --test)";
  minspec::v1::BrowserFacts facts;
  CollectBrowserFacts(ProbeContext{}, facts);
  const auto* ff = FindInstall(facts, "/usr/lib/firefox-esr");
  ASSERT_NE(ff, nullptr);
  // A whole cycle on this machine reads files only: it must stay well under a second.
  std::printf("browser probe on this machine: %lld us, %d installs, %d profiles, %d policies\n",
              static_cast<long long>(facts.status().duration_us()), facts.installs_size(),
              facts.profiles_size(), facts.policies_size());
  EXPECT_LT(facts.status().duration_us(), 1000000);
  EXPECT_EQ(ff->status().code(), minspec::v1::ProbeStatus::OK) << ff->status().error();
  std::string upstream = DebianUpstreamVersion(deb);  // "153.7.0esr"
  ASSERT_GE(upstream.size(), 3u);
  ASSERT_EQ(upstream.substr(upstream.size() - 3), "esr");
  EXPECT_EQ(ff->version(), upstream.substr(0, upstream.size() - 3)) << "dpkg says " << deb;
  EXPECT_EQ(ff->channel(), "esr");
  EXPECT_EQ(ff->version_source(), "/usr/lib/firefox-esr/application.ini");
}

class RealFirefoxProfile : public ::testing::Test {
 protected:
  void SetUp() override {
    if (DpkgQueryVersion("firefox-esr").empty()) GTEST_SKIP() << "firefox-esr is not installed";
    if (geteuid() != 0) GTEST_SKIP() << "needs root for a private network namespace (unshare -n)";
    if (system("unshare -n true >/dev/null 2>&1") != 0) GTEST_SKIP() << "unshare -n not permitted here";
    char tmpl[] = "/tmp/minspec-browser-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    tmp_ = tmpl;
    home_ = tmp_ / "home/tester";
    profile_ = home_ / ".mozilla/firefox/t1.test";
    fs::create_directories(profile_);
    std::ofstream(home_ / ".mozilla/firefox/profiles.ini")
        << "[Profile0]\nName=test\nIsRelative=1\nPath=t1.test\nDefault=1\n";
    // Firefox copies user.js into prefs.js when it exits.
    std::ofstream(profile_ / "user.js") << "user_pref(\"media.peerconnection.enabled\", false);\n"
                                        << "user_pref(\"javascript.enabled\", true);\n";
  }
  void TearDown() override {
    if (pid_ > 0) {
      kill(-pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (!tmp_.empty()) fs::remove_all(tmp_);
  }

  // firefox-esr in its own process group (so the test ends exactly what it started).
  pid_t StartFirefox(const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"timeout", "90", "unshare", "-n", "--", "firefox-esr", "--headless",
                                     "--no-remote", "--profile", profile_.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_store = {"HOME=" + home_.string(), "PATH=/usr/bin:/bin:/usr/sbin:/sbin",
                                          "MOZ_CRASHREPORTER_DISABLE=1"};
    std::vector<char*> envp;
    for (auto& e : env_store) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = -1;
    int rc = posix_spawnp(&pid, "timeout", &fa, &attr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    return rc == 0 ? pid : -1;
  }

  fs::path tmp_, home_, profile_;
  pid_t pid_ = -1;
};

TEST_F(RealFirefoxProfile, ProbeReadsWhatRealFirefoxWroteAndSeesItsLock) {
  // 1. A full run that exits: prefs.js written by Firefox itself.
  pid_ = StartFirefox({"--screenshot", (tmp_ / "shot.png").string(), "about:blank"});
  ASSERT_GT(pid_, 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid_, &status, 0), pid_);
  pid_ = -1;
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "firefox --screenshot failed: " << status;
  ASSERT_TRUE(fs::exists(profile_ / "prefs.js"));

  ProbeContext ctx;
  ctx.root = tmp_;  // only the temp home: no installs, the profile alone
  minspec::v1::BrowserFacts facts;
  CollectBrowserFacts(ctx, facts);
  ASSERT_EQ(facts.profiles_size(), 1);
  const auto& p = facts.profiles(0);
  EXPECT_EQ(p.status().code(), minspec::v1::ProbeStatus::OK) << p.status().error();
  EXPECT_EQ(p.user(), "tester");
  EXPECT_FALSE(p.peerconnection_enabled());
  EXPECT_TRUE(p.javascript_enabled());
  EXPECT_FALSE(p.locked()) << "Firefox has exited (its lock symlink stays behind)";

  // 2. A run that stays up: the profile is in use while it runs.
  pid_ = StartFirefox({"about:blank"});
  ASSERT_GT(pid_, 0);
  bool locked = false;
  for (int i = 0; i < 300 && !locked; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto s = ReadFirefoxProfile(profile_, "/proc");
    locked = s.ok() && s->locked;
  }
  EXPECT_TRUE(locked) << "no live lock seen within 30 s";
  kill(-pid_, SIGTERM);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

}  // namespace
}  // namespace minspec::agent::browser
