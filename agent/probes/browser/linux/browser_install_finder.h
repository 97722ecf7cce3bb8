#pragma once

#include <filesystem>
#include <vector>

#include "agent/probes/browser/linux/user_homes.h"
#include "minspec/v1/browser.pb.h"

namespace minspec::agent::browser {

// A found install plus where its files are under the probe root (system
// pref files and distribution/policies.json live there).
struct FoundInstall {
  minspec::v1::BrowserInstall install;
  std::filesystem::path dir;  // under the probe root
};

// Finds every installed browser on a Linux machine under `root`:
//  - Debian/RPM packages: /usr/lib/firefox-esr, /usr/lib/firefox, /usr/lib64/firefox,
//    /usr/lib/chromium, /usr/lib64/chromium-browser;
//  - vendor packages or tarballs under /opt: Chrome (stable/beta/unstable),
//    Edge (stable/beta/dev), Brave, Vivaldi, Firefox;
//  - snaps (/snap/<name>/current) and system and per-user flatpaks.
// Versions come from the browser's own text files (Firefox application.ini,
// snap.yaml, flatpak metainfo), else dpkg's record of the owning package,
// else (Chromium family only) the string embedded in the binary. An install
// whose version cannot be read is ERROR with the reason. No browser: empty.
std::vector<FoundInstall> FindBrowserInstalls(const std::filesystem::path& root,
                                              const std::vector<UserHome>& homes);

}  // namespace minspec::agent::browser
