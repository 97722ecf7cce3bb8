#pragma once

#include <filesystem>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "minspec/v1/browser.pb.h"

namespace minspec::agent::browser {

// Applies one Chrome/Chromium managed policy JSON document ({"Name": value})
// onto `policy`: VideoCaptureAllowed, AudioCaptureAllowed, DefaultJavaScriptSetting
// (2 = block), DefaultMediaStreamSetting (2 = block), ExtensionInstallBlocklist
// (and the older ...Blacklist), ExtensionInstallForcelist (ids only: the
// update URLs after ';' are dropped), Video/AudioCaptureAllowedUrls (counted).
absl::Status ApplyChromiumPolicyJson(std::string_view json, minspec::v1::BrowserPolicy& policy);

// Reads every *.json of a managed policy directory (e.g.
// /etc/chromium/policies/managed) in name order, later files winning, as the
// browser does. NOT_FOUND when the directory does not exist or holds no
// *.json. A malformed file makes the whole result an error naming that file
// (the browser skips such a file, so what applies is uncertain).
absl::StatusOr<minspec::v1::BrowserPolicy> ReadChromiumManagedPolicies(
    const std::filesystem::path& dir, std::string_view shown_dir, std::string_view product);

}  // namespace minspec::agent::browser
