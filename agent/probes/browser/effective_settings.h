#pragma once

#include <map>
#include <string>

#include "agent/probes/browser/chromium_preferences_reader.h"
#include "agent/probes/browser/firefox_profile_reader.h"
#include "agent/probes/browser/mozilla_pref_parser.h"
#include "minspec/v1/browser.pb.h"

namespace minspec::agent::browser {

// Folds the layers of a Firefox profile into effective values, as Firefox
// does at startup: built-in default, then system pref files (pref() is a
// default, lockPref() cannot be overridden), then the user's prefs.js/user.js,
// then enterprise policy. Each value's layer goes into setting_sources as
// "default", "system", "locked", "user" or "policy". `policy` may be null.
void FoldFirefoxProfile(const FirefoxProfileSettings& user,
                        const std::map<std::string, PrefEntry>& system_prefs,
                        const minspec::v1::BrowserPolicy* policy, minspec::v1::BrowserProfile& out);

// Same for a Chromium-family profile: user content settings, then managed
// policy (a policy can only block here: VideoCaptureAllowed=true still lets
// the user's own block stand). Extensions get blocked_by_policy/force_installed.
void FoldChromiumProfile(const ChromiumProfileSettings& user, const minspec::v1::BrowserPolicy* policy,
                         minspec::v1::BrowserProfile& out);

}  // namespace minspec::agent::browser
