#include "agent/probes/browser/effective_settings.h"

#include <algorithm>
#include <optional>
#include <variant>

#include "agent/probes/browser/version_order.h"

namespace minspec::agent::browser {
namespace {

template <typename T>
struct Resolved {
  T value;
  std::string source;
};

template <typename T>
std::optional<T> As(const PrefEntry& e) {
  if (const T* v = std::get_if<T>(&e.value)) return *v;
  return std::nullopt;
}

template <typename T>
Resolved<T> ResolvePref(const std::string& name, T builtin,
                        const std::map<std::string, PrefEntry>& system,
                        const std::map<std::string, PrefEntry>& user) {
  Resolved<T> r{builtin, "default"};
  if (auto it = system.find(name); it != system.end()) {
    if (auto v = As<T>(it->second)) {
      r = {*v, it->second.locked ? "locked" : "system"};
      if (it->second.locked) return r;
    }
  }
  if (auto it = user.find(name); it != user.end())
    if (auto v = As<T>(it->second)) r = {*v, "user"};
  return r;
}

// A policy field, when set, replaces the value.
void ApplyPolicy(Resolved<bool>& r, bool has, bool value) {
  if (has) r = {value, "policy"};
}

}  // namespace

void FoldFirefoxProfile(const FirefoxProfileSettings& user,
                        const std::map<std::string, PrefEntry>& system,
                        const minspec::v1::BrowserPolicy* policy, minspec::v1::BrowserProfile& out) {
  const auto& up = user.user_prefs;
  const minspec::v1::BrowserPolicy none;
  const minspec::v1::BrowserPolicy& p = policy != nullptr ? *policy : none;
  auto& src = *out.mutable_setting_sources();

  auto js = ResolvePref<bool>("javascript.enabled", true, system, up);
  ApplyPolicy(js, p.has_javascript_allowed(), p.javascript_allowed());
  out.set_javascript_enabled(js.value);
  src["javascript_enabled"] = js.source;

  auto gum = ResolvePref<bool>("media.navigator.enabled", true, system, up);
  ApplyPolicy(gum, p.has_getusermedia_enabled(), p.getusermedia_enabled());
  out.set_getusermedia_enabled(gum.value);
  src["getusermedia_enabled"] = gum.source;

  auto pc = ResolvePref<bool>("media.peerconnection.enabled", true, system, up);
  ApplyPolicy(pc, p.has_peerconnection_enabled(), p.peerconnection_enabled());
  out.set_peerconnection_enabled(pc.value);
  src["peerconnection_enabled"] = pc.source;

  // Camera/microphone: getUserMedia must be on, the default permission not
  // "block" (2), and no policy blocking new requests.
  for (const bool camera : {true, false}) {
    auto perm = ResolvePref<int64_t>(camera ? "permissions.default.camera" : "permissions.default.microphone",
                                     0, system, up);
    Resolved<bool> allowed{perm.value != 2, perm.source};
    if (!gum.value) allowed = {false, gum.source};
    const bool has = camera ? p.has_camera_allowed() : p.has_microphone_allowed();
    const bool pv = camera ? p.camera_allowed() : p.microphone_allowed();
    if (has && !pv) allowed = {false, "policy"};
    if (camera) {
      out.set_camera_allowed(allowed.value);
      src["camera_allowed"] = allowed.source;
    } else {
      out.set_microphone_allowed(allowed.value);
      src["microphone_allowed"] = allowed.source;
    }
  }

  auto h264 = ResolvePref<bool>("media.gmp-gmpopenh264.enabled", true, system, up);
  ApplyPolicy(h264, p.has_openh264_enabled(), p.openh264_enabled());
  out.set_openh264_enabled(h264.value);
  src["openh264_enabled"] = h264.source;

  // The version Firefox uses is the pref, when its folder exists; otherwise
  // the newest folder present. A pref without a folder is no plugin.
  out.set_openh264_present(!user.openh264_folder_versions.empty());
  std::string version;
  auto pref_version = ResolvePref<std::string>("media.gmp-gmpopenh264.version", "", system, up);
  const auto& folders = user.openh264_folder_versions;
  if (!pref_version.value.empty() &&
      std::find(folders.begin(), folders.end(), pref_version.value) != folders.end()) {
    version = pref_version.value;
  } else {
    for (const std::string& v : folders)
      if (version.empty() || CompareDottedVersions(v, version) > 0) version = v;
  }
  out.set_openh264_version(version);
  src["openh264_version"] = version.empty() ? "default" : "profile";

  auto update = ResolvePref<bool>("app.update.enabled", true, system, up);
  Resolved<bool> disabled{!update.value, update.source};
  if (p.has_app_update_disabled() && p.app_update_disabled()) disabled = {true, "policy"};
  out.set_app_update_disabled(disabled.value);
  src["app_update_disabled"] = disabled.source;

  auto gmp_mgr = ResolvePref<bool>("media.gmp-manager.updateEnabled", true, system, up);
  auto gmp_auto = ResolvePref<bool>("media.gmp-gmpopenh264.autoupdate", true, system, up);
  Resolved<bool> gmp_disabled{false, "default"};
  if (!gmp_mgr.value) gmp_disabled = {true, gmp_mgr.source};
  else if (!gmp_auto.value) gmp_disabled = {true, gmp_auto.source};
  out.set_gmp_update_disabled(gmp_disabled.value);
  src["gmp_update_disabled"] = gmp_disabled.source;

  out.set_locked(user.locked);
}

void FoldChromiumProfile(const ChromiumProfileSettings& user, const minspec::v1::BrowserPolicy* policy,
                         minspec::v1::BrowserProfile& out) {
  const minspec::v1::BrowserPolicy none;
  const minspec::v1::BrowserPolicy& p = policy != nullptr ? *policy : none;
  auto& src = *out.mutable_setting_sources();

  // Content setting 2 = block; unset is the browser default (allow for
  // JavaScript, ask for camera/microphone: both let a call proceed).
  auto setting = [](const std::optional<int>& v) -> Resolved<bool> {
    if (!v.has_value()) return {true, "default"};
    return {*v != 2, "user"};
  };
  auto js = setting(user.javascript_setting);
  ApplyPolicy(js, p.has_javascript_allowed(), p.javascript_allowed());
  out.set_javascript_enabled(js.value);
  src["javascript_enabled"] = js.source;

  auto cam = setting(user.camera_setting);
  if (p.has_camera_allowed() && !p.camera_allowed()) cam = {false, "policy"};
  out.set_camera_allowed(cam.value);
  src["camera_allowed"] = cam.source;

  auto mic = setting(user.microphone_setting);
  if (p.has_microphone_allowed() && !p.microphone_allowed()) mic = {false, "policy"};
  out.set_microphone_allowed(mic.value);
  src["microphone_allowed"] = mic.source;

  out.set_blocked_site_exceptions(user.blocked_site_exceptions);

  auto listed = [](const google::protobuf::RepeatedPtrField<std::string>& list, const std::string& id) {
    return std::find(list.begin(), list.end(), id) != list.end();
  };
  for (const auto& e : user.extensions) {
    auto* x = out.add_extensions();
    *x = e;
    x->set_force_installed(listed(p.extension_forcelist(), e.id()));
    const bool blocked = !x->force_installed() &&
                         (listed(p.extension_blocklist(), e.id()) || listed(p.extension_blocklist(), "*"));
    x->set_blocked_by_policy(blocked);
    if (blocked) x->set_enabled(false);
  }
}

}  // namespace minspec::agent::browser
