#pragma once

#include "agent/probes/probe.h"
#include "minspec/v1/browser.pb.h"

// The browser probe family: installed browsers with their exact versions,
// every user's Firefox and Chromium-family profiles (only the settings the
// baseline needs: JavaScript, camera/microphone, getUserMedia/PeerConnection,
// openh264, updates, extensions) and the managed policies that override them.
// Everything is read from files under ProbeContext::root; no browser or other
// program is ever started. Registered through AppendBrowserProbes (families.h).
namespace minspec::agent::browser {

// Platform part (linux/browser_facts_linux.cc): fills `out` completely.
// No browser is an empty install list with an OK status; a profile that cannot
// be read is ERROR for that profile only.
void CollectBrowserFacts(const ProbeContext& ctx, minspec::v1::BrowserFacts& out);

}  // namespace minspec::agent::browser
