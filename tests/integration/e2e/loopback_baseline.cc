#include "tests/integration/e2e/loopback_baseline.h"

#include <google/protobuf/text_format.h>

#include <stdexcept>

#include "common/baseline/loader.h"
#include "tests/testing/subprocess.h"

namespace minspec::testing {

std::filesystem::path WriteLoopbackBaseline(const std::filesystem::path& dir) {
  auto baseline = minspec::baseline::LoadBaselineFile(MINSPEC_SOURCE_DIR
                                                      "/deploy/baselines/default.textproto");
  if (!baseline.ok()) throw std::runtime_error(std::string(baseline.status().message()));
  constexpr char kClosed[] = "127.0.0.1:9";  // discard port: nothing listens here
  auto* path = baseline->mutable_network_path();
  path->clear_https_urls();
  path->clear_http_urls();
  path->clear_wss_urls();
  path->clear_allow_ranges();
  path->clear_allow_domains();
  path->clear_optional_domains();
  path->clear_tokbox_addresses();
  path->clear_tls_inspection_targets();
  path->add_https_urls("https://127.0.0.1:9/");
  path->add_http_urls("http://127.0.0.1:9/");
  path->add_wss_urls("wss://127.0.0.1:9/echo");
  auto* range = path->add_allow_ranges();
  range->set_cidr("127.0.0.0/8");
  range->set_probe_address(kClosed);
  auto* domain = path->add_allow_domains();
  domain->set_pattern("localhost");
  domain->set_probe_url("https://localhost:9/");
  path->add_tls_inspection_targets(kClosed);
  path->set_timeout_ms(2000);
  auto* rtc = baseline->mutable_rtc();
  rtc->set_stun_server(kClosed);
  rtc->set_turn_tls_server(kClosed);
  rtc->set_bandwidth_download_url("http://127.0.0.1:9/download");
  rtc->set_bandwidth_upload_url("http://127.0.0.1:9/upload");
  rtc->set_quality_samples(3);
  rtc->set_quality_interval_ms(20);
  rtc->set_timeout_ms(2000);
  std::string text;
  google::protobuf::TextFormat::PrintToString(*baseline, &text);
  const auto out = dir / "loopback.textproto";
  WriteFileOrDie(out, text);
  return out;
}

}  // namespace minspec::testing
