// Linux part of the browser family: where installs, homes, profiles and
// managed policies live on a Linux machine, folded into BrowserFacts.
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "agent/probes/browser/browser_probe.h"
#include "agent/probes/browser/chromium_policy_reader.h"
#include "agent/probes/browser/chromium_preferences_reader.h"
#include "agent/probes/browser/effective_settings.h"
#include "agent/probes/browser/firefox_policy_reader.h"
#include "agent/probes/browser/firefox_profile_reader.h"
#include "agent/probes/browser/linux/browser_install_finder.h"
#include "agent/probes/browser/linux/user_homes.h"
#include "agent/probes/browser/rooted_path.h"
#include "agent/probes/status.h"
#include "common/io/file_util.h"

namespace minspec::agent::browser {
namespace fs = std::filesystem;
namespace {

using minspec::v1::BrowserFacts;
using minspec::v1::BrowserPolicy;

// Firefox profile folders in a home: the deb/tarball one, the snap's and the flatpak's.
constexpr const char* kFirefoxDataDirs[] = {
    ".mozilla/firefox",
    "snap/firefox/common/.mozilla/firefox",
    ".var/app/org.mozilla.firefox/.mozilla/firefox",
};

struct ChromiumDataDir {
  const char* rel;      // user data dir in the home
  const char* product;
  const char* channel;
};
constexpr ChromiumDataDir kChromiumDataDirs[] = {
    {".config/chromium", "chromium", "stable"},
    {"snap/chromium/common/chromium", "chromium", "stable"},
    {".var/app/org.chromium.Chromium/config/chromium", "chromium", "stable"},
    {".config/google-chrome", "chrome", "stable"},
    {".config/google-chrome-beta", "chrome", "beta"},
    {".config/google-chrome-unstable", "chrome", "dev"},
    {".var/app/com.google.Chrome/config/google-chrome", "chrome", "stable"},
    {".config/microsoft-edge", "edge", "stable"},
    {".config/microsoft-edge-beta", "edge", "beta"},
    {".config/microsoft-edge-dev", "edge", "dev"},
    {".var/app/com.microsoft.Edge/config/microsoft-edge", "edge", "stable"},
    {".config/BraveSoftware/Brave-Browser", "brave", "stable"},
    {".config/vivaldi", "vivaldi", "stable"},
};

// Managed (mandatory) policy folders per Chromium-family product.
const std::map<std::string, std::vector<std::string>>& ChromiumPolicyDirs() {
  static const std::map<std::string, std::vector<std::string>> k = {
      {"chromium", {"/etc/chromium/policies/managed", "/etc/chromium-browser/policies/managed"}},
      {"chrome", {"/etc/opt/chrome/policies/managed"}},
      {"edge", {"/etc/opt/edge/policies/managed"}},
      {"brave", {"/etc/brave/policies/managed"}},
  };
  return k;
}

// Reads the Chromium-family managed policies; records each in `out` and
// returns the effective one per product (absent when none applies).
std::map<std::string, BrowserPolicy> ReadChromiumPolicies(const fs::path& root, BrowserFacts& out) {
  std::map<std::string, BrowserPolicy> effective;
  for (const auto& [product, dirs] : ChromiumPolicyDirs()) {
    for (const std::string& dir : dirs) {
      auto policy = ReadChromiumManagedPolicies(ResolveUnderRoot(root, dir), dir, product);
      if (absl::IsNotFound(policy.status())) continue;
      if (!policy.ok()) {
        BrowserPolicy* p = out.add_policies();
        p->set_engine("chromium");
        p->set_product(product);
        p->set_path(dir);
        MarkError(*p->mutable_status(), policy.status());
        continue;
      }
      *out.add_policies() = *policy;
      if (effective.count(product) == 0) effective[product] = *std::move(policy);
    }
  }
  return effective;
}

// Firefox reads /etc/firefox/policies/policies.json when it exists, else
// <install>/distribution/policies.json. All found files are recorded; the
// effective one is returned.
std::optional<BrowserPolicy> ReadFirefoxPolicies(const fs::path& root, const std::vector<FoundInstall>& installs,
                                                 BrowserFacts& out) {
  std::vector<std::string> candidates = {"/etc/firefox/policies/policies.json"};
  for (const auto& i : installs)
    if (i.install.product() == "firefox") candidates.push_back(i.install.path() + "/distribution/policies.json");
  std::optional<BrowserPolicy> effective;
  bool system_file_present = false;
  for (size_t n = 0; n < candidates.size(); ++n) {
    const std::string& shown = candidates[n];
    auto policy = ReadFirefoxPolicyFile(ResolveUnderRoot(root, shown), shown);
    if (absl::IsNotFound(policy.status())) continue;
    if (n == 0) system_file_present = true;
    if (!policy.ok()) {
      BrowserPolicy* p = out.add_policies();
      p->set_engine("firefox");
      p->set_product("firefox");
      p->set_path(shown);
      MarkError(*p->mutable_status(), policy.status());
      continue;
    }
    *out.add_policies() = *policy;
    if (!effective && (n == 0 || !system_file_present)) effective = *std::move(policy);
  }
  return effective;
}

// Defaults and locks from every Firefox install's own pref files. A file that
// cannot be parsed is returned as an error: effective values would be a guess.
absl::Status ReadFirefoxSystemPrefs(const fs::path& root, const std::vector<FoundInstall>& installs,
                                    std::map<std::string, PrefEntry>& prefs) {
  for (const auto& i : installs) {
    if (i.install.product() != "firefox") continue;
    for (const char* sub : {"/defaults/pref", "/browser/defaults/preferences", "/browser/defaults/syspref"}) {
      const std::string shown_dir = i.install.path() + sub;
      const fs::path dir = ResolveUnderRoot(root, shown_dir);
      std::vector<fs::path> files;
      std::error_code ec;
      for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.path().extension() == ".js") files.push_back(e.path());
      std::sort(files.begin(), files.end());
      for (const fs::path& f : files) {
        const std::string shown = shown_dir + "/" + f.filename().string();
        auto text = minspec::io::ReadFile(f);
        if (!text.ok()) return absl::Status(text.status().code(), absl::StrCat(shown, ": ", text.status().message()));
        auto parsed = ParseMozillaPrefs(*text, IsCollectedFirefoxPref);
        if (!parsed.ok()) return absl::DataLossError(absl::StrCat(shown, ": ", parsed.status().message()));
        for (auto& [name, entry] : *parsed) {
          auto it = prefs.find(name);
          if (it != prefs.end() && it->second.locked && !entry.locked) continue;  // a lock stays
          prefs[name] = entry;
        }
      }
    }
  }
  return absl::OkStatus();
}

void CollectFirefoxProfiles(const fs::path& root, const UserHome& home,
                            const std::map<std::string, PrefEntry>& system_prefs,
                            const absl::Status& system_prefs_status, const BrowserPolicy* policy,
                            BrowserFacts& out) {
  for (const char* rel : kFirefoxDataDirs) {
    const fs::path data_dir = home.dir / rel;
    const std::string shown_data_dir = home.home + "/" + rel;
    auto entries = ReadFirefoxProfilesIni(data_dir, root);
    if (absl::IsNotFound(entries.status())) continue;
    if (!entries.ok()) {
      auto* p = out.add_profiles();
      p->set_engine("firefox");
      p->set_product("firefox");
      p->set_user(home.user);
      p->set_home(home.home);
      p->set_profile_path(shown_data_dir + "/profiles.ini");
      MarkError(*p->mutable_status(), absl::StrCat(shown_data_dir, "/profiles.ini: ", entries.status().message()));
      continue;
    }
    for (const FirefoxProfileEntry& e : *entries) {
      std::error_code ec;
      // A stale profiles.ini entry without its folder is not a profile anyone uses.
      if (!fs::is_directory(e.dir, ec)) continue;
      auto* p = out.add_profiles();
      p->set_engine("firefox");
      p->set_product("firefox");
      p->set_user(home.user);
      p->set_home(home.home);
      p->set_profile(e.path_value);
      const std::string shown =
          fs::path(e.path_value).is_absolute() ? e.path_value : shown_data_dir + "/" + e.path_value;
      p->set_profile_path(shown);
      auto settings = ReadFirefoxProfile(e.dir, root / "proc");
      if (!settings.ok()) {
        MarkError(*p->mutable_status(), absl::StrCat(shown, ": ", settings.status().message()));
        continue;
      }
      if (!system_prefs_status.ok()) {
        p->set_locked(settings->locked);
        MarkError(*p->mutable_status(), system_prefs_status);
        continue;
      }
      FoldFirefoxProfile(*settings, system_prefs, policy, *p);
      MarkOk(*p->mutable_status(), shown);
    }
  }
}

void CollectChromiumProfiles(const fs::path& root, const UserHome& home, const std::map<std::string, BrowserPolicy>& policies,
                             BrowserFacts& out) {
  for (const ChromiumDataDir& d : kChromiumDataDirs) {
    const fs::path data_dir = home.dir / d.rel;
    std::error_code ec;
    if (!fs::is_directory(data_dir, ec)) continue;
    const bool locked = ChromiumUserDataDirLocked(data_dir, root / "proc");
    auto pit = policies.find(d.product);
    const BrowserPolicy* policy = pit == policies.end() ? nullptr : &pit->second;
    for (const fs::path& dir : ListChromiumProfileDirs(data_dir)) {
      auto* p = out.add_profiles();
      p->set_engine("chromium");
      p->set_product(d.product);
      p->set_user(home.user);
      p->set_home(home.home);
      p->set_profile(dir.filename().string());
      const std::string shown = home.home + "/" + d.rel + "/" + dir.filename().string();
      p->set_profile_path(shown);
      p->set_locked(locked);
      auto settings = ReadChromiumProfile(dir);
      if (!settings.ok()) {
        MarkError(*p->mutable_status(), absl::StrCat(shown, ": ", settings.status().message()));
        continue;
      }
      FoldChromiumProfile(*settings, policy, *p);
      MarkOk(*p->mutable_status(), shown);
    }
  }
}

}  // namespace

void CollectBrowserFacts(const ProbeContext& ctx, BrowserFacts& out) {
  const absl::Time start = absl::Now();
  const fs::path& root = ctx.root;
  const std::vector<UserHome> homes = ListUserHomes(root);
  const std::vector<FoundInstall> installs = FindBrowserInstalls(root, homes);
  for (const auto& i : installs) *out.add_installs() = i.install;

  const std::optional<BrowserPolicy> firefox_policy = ReadFirefoxPolicies(root, installs, out);
  const std::map<std::string, BrowserPolicy> chromium_policies = ReadChromiumPolicies(root, out);
  std::map<std::string, PrefEntry> system_prefs;
  const absl::Status system_prefs_status = ReadFirefoxSystemPrefs(root, installs, system_prefs);

  for (const UserHome& home : homes) {
    CollectFirefoxProfiles(root, home, system_prefs, system_prefs_status,
                           firefox_policy ? &*firefox_policy : nullptr, out);
    CollectChromiumProfiles(root, home, chromium_policies, out);
  }
  // No browser at all is a fact (empty installs), not an error.
  MarkOk(*out.mutable_status(), "installed browsers, /etc/passwd homes, managed policies");
  out.mutable_status()->set_duration_us(absl::ToInt64Microseconds(absl::Now() - start));
}

}  // namespace minspec::agent::browser
