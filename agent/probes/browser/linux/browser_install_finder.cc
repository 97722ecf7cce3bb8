#include "agent/probes/browser/linux/browser_install_finder.h"

#include <map>
#include <optional>
#include <string>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "agent/probes/browser/embedded_version_scanner.h"
#include "agent/probes/browser/linux/dpkg_status_reader.h"
#include "agent/probes/browser/mozilla_pref_parser.h"
#include "agent/probes/browser/rooted_path.h"
#include "agent/probes/status.h"
#include "common/io/file_util.h"

namespace minspec::agent::browser {
namespace fs = std::filesystem;
namespace {

enum class Engine { kFirefox, kChromium };

// A place a browser can be installed, relative to its install root (the
// machine root, or a snap/flatpak tree).
struct Layout {
  Engine engine;
  std::string product;
  std::string channel;     // for Chromium builds: from the install's name
  std::string dir;         // install directory
  std::string binary;      // main binary (Chromium) or application.ini (Firefox)
  std::string deb;         // owning Debian package, if any
  std::string packaging;   // deb, opt
};

const std::vector<Layout>& SystemLayouts() {
  static const std::vector<Layout> k = {
      {Engine::kFirefox, "firefox", "", "/usr/lib/firefox-esr", "application.ini", "firefox-esr", "deb"},
      {Engine::kFirefox, "firefox", "", "/usr/lib/firefox", "application.ini", "firefox", "deb"},
      {Engine::kFirefox, "firefox", "", "/usr/lib64/firefox", "application.ini", "firefox", "rpm"},
      {Engine::kFirefox, "firefox", "", "/opt/firefox", "application.ini", "", "opt"},
      {Engine::kChromium, "chromium", "stable", "/usr/lib/chromium", "chromium", "chromium", "deb"},
      {Engine::kChromium, "chromium", "stable", "/usr/lib64/chromium-browser", "chromium-browser", "", "rpm"},
      {Engine::kChromium, "chrome", "stable", "/opt/google/chrome", "chrome", "google-chrome-stable", "opt"},
      {Engine::kChromium, "chrome", "beta", "/opt/google/chrome-beta", "chrome", "google-chrome-beta", "opt"},
      {Engine::kChromium, "chrome", "dev", "/opt/google/chrome-unstable", "chrome", "google-chrome-unstable", "opt"},
      {Engine::kChromium, "edge", "stable", "/opt/microsoft/msedge", "msedge", "microsoft-edge-stable", "opt"},
      {Engine::kChromium, "edge", "beta", "/opt/microsoft/msedge-beta", "msedge", "microsoft-edge-beta", "opt"},
      {Engine::kChromium, "edge", "dev", "/opt/microsoft/msedge-dev", "msedge", "microsoft-edge-dev", "opt"},
      {Engine::kChromium, "brave", "stable", "/opt/brave.com/brave", "brave", "brave-browser", "opt"},
      {Engine::kChromium, "vivaldi", "stable", "/opt/vivaldi", "vivaldi", "vivaldi-stable", "opt"},
  };
  return k;
}

struct SnapLayout {
  std::string snap;
  Layout layout;  // dir relative to /snap/<snap>/current
};
const std::vector<SnapLayout>& SnapLayouts() {
  static const std::vector<SnapLayout> k = {
      {"firefox", {Engine::kFirefox, "firefox", "", "/usr/lib/firefox", "application.ini", "", "snap"}},
      {"chromium", {Engine::kChromium, "chromium", "stable", "/usr/lib/chromium-browser", "chrome", "", "snap"}},
  };
  return k;
}

struct FlatpakLayout {
  std::string app_id;
  Layout layout;  // dir relative to .../<app_id>/current/active/files
};
const std::vector<FlatpakLayout>& FlatpakLayouts() {
  static const std::vector<FlatpakLayout> k = {
      {"org.mozilla.firefox", {Engine::kFirefox, "firefox", "", "/lib/firefox", "application.ini", "", "flatpak"}},
      {"org.chromium.Chromium", {Engine::kChromium, "chromium", "stable", "/chromium", "chrome", "", "flatpak"}},
      {"com.google.Chrome", {Engine::kChromium, "chrome", "stable", "/extra", "chrome", "", "flatpak"}},
      {"com.microsoft.Edge", {Engine::kChromium, "edge", "stable", "/extra", "msedge", "", "flatpak"}},
  };
  return k;
}

std::optional<std::string> IniValue(const std::string& text, const std::string& section, const std::string& key) {
  std::string current;
  for (absl::string_view raw : absl::StrSplit(text, '\n')) {
    absl::string_view line = absl::StripAsciiWhitespace(raw);
    if (absl::StartsWith(line, "[") && absl::EndsWith(line, "]")) {
      current = std::string(line.substr(1, line.size() - 2));
    } else if (current == section && absl::ConsumePrefix(&line, key) && absl::ConsumePrefix(&line, "=")) {
      return std::string(absl::StripAsciiWhitespace(line));
    }
  }
  return std::nullopt;
}

// app.update.channel from defaults/pref/channel-prefs.js: esr, release, beta...
std::string FirefoxChannel(const fs::path& root, const std::string& shown_dir, const fs::path& dir) {
  auto text = minspec::io::ReadFile(dir / "defaults/pref/channel-prefs.js");
  if (text.ok()) {
    auto prefs = ParseMozillaPrefs(*text, [](std::string_view n) { return n == "app.update.channel"; });
    if (prefs.ok()) {
      if (auto it = prefs->find("app.update.channel"); it != prefs->end())
        if (const auto* s = std::get_if<std::string>(&it->second.value)) {
          if (*s == "release") return "stable";
          if (*s == "default") return "nightly";  // local/unofficial builds
          if (*s == "aurora") return "dev";
          return *s;
        }
    }
  }
  return absl::StrContains(shown_dir, "esr") ? "esr" : "stable";
}

// "version: 128.0.3-1" from snap.yaml, or <release version="..."> from metainfo.
std::optional<std::string> SnapYamlVersion(const fs::path& file) {
  auto text = minspec::io::ReadFile(file);
  if (!text.ok()) return std::nullopt;
  for (absl::string_view line : absl::StrSplit(*text, '\n')) {
    if (absl::ConsumePrefix(&line, "version:")) {
      std::string v(absl::StripAsciiWhitespace(line));
      if (v.size() >= 2 && (v.front() == '\'' || v.front() == '"')) v = v.substr(1, v.size() - 2);
      // Snap versions may carry a packaging suffix ("128.0.3-1", "124.0.6367.60 (build)").
      return v.substr(0, v.find_first_of("- "));
    }
  }
  return std::nullopt;
}

std::optional<std::string> MetainfoVersion(const fs::path& dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    auto text = minspec::io::ReadFile(entry.path());
    if (!text.ok()) continue;
    size_t pos = text->find("<release ");
    if (pos == std::string::npos) continue;
    size_t v = text->find("version=\"", pos);
    if (v == std::string::npos) continue;
    v += 9;
    size_t end = text->find('"', v);
    if (end != std::string::npos) return text->substr(v, end - v);
  }
  return std::nullopt;
}

struct Context {
  fs::path root;
  std::optional<std::map<std::string, std::string>> debs;  // loaded on first use
  std::string debs_error;
  const std::map<std::string, std::string>* Debs() {
    if (!debs.has_value()) {
      auto r = ReadInstalledDebPackages(root / "var/lib/dpkg/status");
      if (r.ok()) debs = *std::move(r);
      else {
        debs.emplace();
        debs_error = std::string(r.status().message());
      }
    }
    return &*debs;
  }
};

// Examines one candidate layout under `base` (the machine root or a
// snap/flatpak tree). `shown_base` is how the base looks on the machine.
std::optional<FoundInstall> Examine(Context& ctx, const Layout& l, const fs::path& base_dir,
                                    const std::string& shown_base, const std::string& package_name,
                                    const std::optional<std::string>& package_version,
                                    const std::string& package_version_source) {
  std::error_code ec;
  const fs::path dir = ResolveUnderRoot(base_dir, l.dir);
  const fs::path main_file = dir / l.binary;
  if (!fs::exists(main_file, ec)) return std::nullopt;

  FoundInstall found;
  found.dir = dir;
  auto& in = found.install;
  const std::string shown_dir = shown_base + l.dir;
  in.set_product(l.product);
  in.set_path(shown_dir);
  in.set_packaging(l.packaging);
  in.set_package_name(package_name);

  std::optional<std::string> version;
  std::string source;
  std::string why_not;
  // dpkg's record of the owning package: says "deb" and, for Chromium
  // builds (which ship no version file), the version.
  std::optional<std::string> deb_version;
  if (!l.deb.empty() && l.packaging != "snap" && l.packaging != "flatpak") {
    const auto* debs = ctx.Debs();
    if (auto it = debs->find(l.deb); it != debs->end()) {
      deb_version = DebianUpstreamVersion(it->second);
      in.set_package_name(l.deb);
      in.set_packaging("deb");
    } else if (!ctx.debs_error.empty()) {
      why_not = ctx.debs_error;
    }
  }
  if (l.engine == Engine::kFirefox) {
    in.set_channel(FirefoxChannel(ctx.root, shown_dir, dir));
    auto text = minspec::io::ReadFile(main_file);
    if (text.ok()) {
      version = IniValue(*text, "App", "Version");
      if (!version) {
        auto platform = minspec::io::ReadFile(dir / "platform.ini");
        if (platform.ok()) version = IniValue(*platform, "Build", "Milestone");
      }
      source = shown_dir + "/application.ini";
      if (!version) why_not += (why_not.empty() ? "" : "; ") + source + ": no [App] Version=";
    } else {
      why_not += (why_not.empty() ? "" : "; ") + std::string(text.status().message());
    }
  } else {
    in.set_channel(l.channel);
  }
  if (!version && package_version) {
    version = package_version;
    source = package_version_source;
  }
  if (!version && deb_version) {
    version = deb_version;
    source = "/var/lib/dpkg/status (package " + l.deb + ")";
  }
  if (!version && l.engine == Engine::kChromium) {
    auto scanned = ScanEmbeddedChromiumVersion(main_file);
    if (scanned.ok()) {
      version = *scanned;
      source = shown_dir + "/" + l.binary + " (embedded string)";
    } else {
      why_not += (why_not.empty() ? "" : "; ") + std::string(scanned.status().message());
    }
  }
  if (version) {
    // Firefox ESR builds may write "115.9.1esr": the channel says esr already.
    std::string v = *version;
    if (absl::EndsWith(v, "esr")) v.resize(v.size() - 3);
    in.set_version(v);
    in.set_version_source(source);
    MarkOk(*in.mutable_status(), source);
  } else {
    MarkError(*in.mutable_status(), absl::StrCat(shown_dir, ": version not readable: ", why_not));
  }
  // Debian's firefox-esr is the ESR channel even when channel-prefs.js is missing.
  if (l.engine == Engine::kFirefox && in.package_name() == "firefox-esr") in.set_channel("esr");
  return found;
}

void FindFlatpaks(Context& ctx, const std::string& shown_root,
                  std::vector<FoundInstall>& out) {
  for (const auto& f : FlatpakLayouts()) {
    const std::string shown_active = shown_root + "/app/" + f.app_id + "/current/active";
    const fs::path active = ResolveUnderRoot(ctx.root, shown_active);
    std::error_code ec;
    if (!fs::is_directory(active, ec)) continue;
    auto meta = MetainfoVersion(active / "files/share/metainfo");
    if (!meta) meta = MetainfoVersion(active / "export/share/metainfo");
    auto found = Examine(ctx, f.layout, active / "files", shown_active + "/files", f.app_id, meta,
                         shown_active + "/files/share/metainfo");
    if (found) out.push_back(*std::move(found));
  }
}

}  // namespace

std::vector<FoundInstall> FindBrowserInstalls(const fs::path& root, const std::vector<UserHome>& homes) {
  Context ctx{root, std::nullopt, {}};
  std::vector<FoundInstall> out;
  for (const Layout& l : SystemLayouts()) {
    // Only a deb-owned tree is "deb"; an /opt tree without a package record is "opt".
    auto found = Examine(ctx, l, root, "", "", std::nullopt, "");
    if (found) out.push_back(*std::move(found));
  }
  for (const SnapLayout& s : SnapLayouts()) {
    const std::string shown = "/snap/" + s.snap + "/current";
    const fs::path snap_dir = ResolveUnderRoot(root, shown);
    std::error_code ec;
    if (!fs::is_directory(snap_dir, ec)) continue;
    auto version = SnapYamlVersion(snap_dir / "meta/snap.yaml");
    auto found = Examine(ctx, s.layout, snap_dir, shown, s.snap, version, shown + "/meta/snap.yaml");
    if (found) out.push_back(*std::move(found));
  }
  FindFlatpaks(ctx, "/var/lib/flatpak", out);
  for (const UserHome& h : homes) FindFlatpaks(ctx, h.home + "/.local/share/flatpak", out);
  return out;
}

}  // namespace minspec::agent::browser
