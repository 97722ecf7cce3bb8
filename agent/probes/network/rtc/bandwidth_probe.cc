#include <curl/curl.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "agent/probes/network/rtc/call_quality_model.h"
#include "agent/probes/network/rtc/rtc_probes.h"
#include "agent/probes/network/rtc/rtc_targets.h"
#include "agent/probes/status.h"

namespace minspec::agent::rtc {
namespace {

constexpr uint32_t kDefaultDurationMs = 3000;

void GlobalCurlInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer {
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  uint64_t bytes = 0;       // counted after the measurement window opened
  uint64_t budget = 0;      // upload: bytes this stream may still send
  bool done = false;
  CURLcode result = CURLE_OK;
  long http_status = 0;
  struct Shared* shared = nullptr;
};

// One direction measured with `streams` parallel transfers.
struct Shared {
  bool upload = false;
  absl::Time window_start = absl::InfiniteFuture();  // first payload byte moved
  absl::Time stop_feeding = absl::InfiniteFuture();  // upload: end the bodies here
  absl::Duration duration;
  bool stop = false;  // download: window over
};

size_t OnDownloadData(char*, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t len = size * n;
  Shared& s = *t->shared;
  if (s.stop) return 0;  // aborts this transfer: the window is over
  const absl::Time now = absl::Now();
  if (s.window_start == absl::InfiniteFuture()) {
    // The first chunk opens the window and is not counted: connection setup
    // and the time to first byte are not bandwidth.
    s.window_start = now;
    return len;
  }
  t->bytes += len;
  return len;
}

size_t OnUploadRead(char* buf, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  Shared& s = *t->shared;
  const absl::Time now = absl::Now();
  if (s.window_start == absl::InfiniteFuture()) {
    s.window_start = now;
    s.stop_feeding = now + s.duration;
  }
  if (now >= s.stop_feeding || t->budget == 0) return 0;  // ends the chunked body
  const size_t len = static_cast<size_t>(std::min<uint64_t>(size * n, t->budget));
  std::fill(buf, buf + len, 'm');
  t->budget -= len;
  t->bytes += len;
  return len;
}

size_t DiscardBody(char*, size_t size, size_t n, void*) { return size * n; }

struct DirectionResult {
  bool ok = false;
  std::string error;
  uint64_t bytes = 0;
  double seconds = 0;
  double kbps = 0;
};

// Download: GET `url` on every stream, count bytes for `duration` after the
// first byte, then stop. Upload: POST a chunked body on every stream for
// `duration` (or until max_bytes), and time until the server's answers have
// arrived — the server answers only after the whole body, so bytes still
// queued in socket buffers when we stop feeding are counted with their real
// arrival, not when we handed them to the kernel.
DirectionResult Measure(const std::string& url, bool upload, uint32_t streams, absl::Duration duration,
                        uint64_t max_bytes, absl::Time deadline) {
  GlobalCurlInit();
  DirectionResult r;
  Shared shared;
  shared.upload = upload;
  shared.duration = duration;
  std::vector<std::unique_ptr<Transfer>> transfers;
  CURLM* multi = curl_multi_init();
  const long timeout_ms = std::max<long>(1, absl::ToInt64Milliseconds(deadline - absl::Now()));
  for (uint32_t i = 0; i < streams; ++i) {
    auto t = std::make_unique<Transfer>();
    t->shared = &shared;
    t->easy = curl_easy_init();
    t->budget = max_bytes ? std::max<uint64_t>(1, max_bytes / streams) : UINT64_MAX;
    curl_easy_setopt(t->easy, CURLOPT_URL, url.c_str());
    curl_easy_setopt(t->easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(t->easy, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(t->easy, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
    curl_easy_setopt(t->easy, CURLOPT_PRIVATE, t.get());
    // No compression: we measure bytes on the wire.
    curl_easy_setopt(t->easy, CURLOPT_ACCEPT_ENCODING, nullptr);
    if (upload) {
      curl_easy_setopt(t->easy, CURLOPT_POST, 1L);
      curl_easy_setopt(t->easy, CURLOPT_READFUNCTION, OnUploadRead);
      curl_easy_setopt(t->easy, CURLOPT_READDATA, t.get());
      curl_easy_setopt(t->easy, CURLOPT_WRITEFUNCTION, DiscardBody);
      // Chunked body of unknown length; no 100-continue round trip.
      t->headers = curl_slist_append(t->headers, "Transfer-Encoding: chunked");
      t->headers = curl_slist_append(t->headers, "Expect:");
      curl_easy_setopt(t->easy, CURLOPT_HTTPHEADER, t->headers);
    } else {
      curl_easy_setopt(t->easy, CURLOPT_WRITEFUNCTION, OnDownloadData);
      curl_easy_setopt(t->easy, CURLOPT_WRITEDATA, t.get());
    }
    curl_multi_add_handle(multi, t->easy);
    transfers.push_back(std::move(t));
  }

  absl::Time window_end = absl::InfiniteFuture();
  int running = 1;
  while (running > 0) {
    curl_multi_perform(multi, &running);
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &queued)) {
      if (msg->msg != CURLMSG_DONE) continue;
      Transfer* t = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&t));
      t->done = true;
      t->result = msg->data.result;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &t->http_status);
    }
    const absl::Time now = absl::Now();
    if (!upload && shared.window_start != absl::InfiniteFuture() && !shared.stop &&
        now >= shared.window_start + duration) {
      shared.stop = true;  // every write callback from here on aborts its transfer
      window_end = now;
    }
    if (now >= deadline) break;
    if (running > 0) curl_multi_poll(multi, nullptr, 0, 50, nullptr);
  }
  if (!upload && window_end == absl::InfiniteFuture()) window_end = absl::Now();  // all finished early
  if (upload) window_end = absl::Now();  // the last answer has arrived

  std::string first_error;
  for (auto& t : transfers) {
    r.bytes += t->bytes;
    const bool aborted_by_us = !upload && shared.stop && t->result == CURLE_WRITE_ERROR;
    if (first_error.empty()) {
      if (!t->done) {
        first_error = "timed out before the transfer finished";
      } else if (t->result != CURLE_OK && !aborted_by_us) {
        first_error = curl_easy_strerror(t->result);
      } else if (t->result == CURLE_OK && (t->http_status < 200 || t->http_status > 299)) {
        first_error = absl::StrCat("HTTP status ", t->http_status);
      }
    }
    curl_multi_remove_handle(multi, t->easy);
    curl_easy_cleanup(t->easy);
    curl_slist_free_all(t->headers);
  }
  curl_multi_cleanup(multi);

  if (shared.window_start == absl::InfiniteFuture()) {
    r.error = first_error.empty() ? "no data moved" : first_error;
    return r;
  }
  if (!first_error.empty()) {
    r.error = first_error;
    return r;
  }
  r.seconds = absl::ToDoubleSeconds(window_end - shared.window_start);
  if (r.seconds <= 0 || r.bytes == 0) {
    r.error = "transfer too short to measure";
    return r;
  }
  r.kbps = static_cast<double>(r.bytes) * 8.0 / 1000.0 / r.seconds;
  r.ok = true;
  return r;
}

// net.bandwidth: timed download and upload against the baseline's endpoints,
// in kb/s, against min_kbps_per_stream x streams for each direction.
class BandwidthProbe final : public Probe {
 public:
  std::string_view Name() const override { return "network.bandwidth"; }
  void Collect(const ProbeContext& ctx, minspec::v1::Facts& facts) const override {
    auto* out = facts.mutable_network()->mutable_bandwidth();
    auto targets = RtcTargetsOf(ctx);
    if (!targets.ok()) {
      MarkError(*out->mutable_status(), targets.status());
      return;
    }
    const auto& t = **targets;
    if (t.bandwidth_download_url().empty() || t.bandwidth_upload_url().empty()) {
      MarkError(*out->mutable_status(), "no bandwidth_download_url/bandwidth_upload_url in baseline");
      return;
    }
    if (t.min_kbps_per_stream() == 0 || t.streams_down() == 0 || t.streams_up() == 0) {
      MarkError(*out->mutable_status(), "baseline lacks min_kbps_per_stream, streams_down or streams_up");
      return;
    }
    out->set_endpoint(t.bandwidth_download_url());
    out->set_streams_down(t.streams_down());
    out->set_streams_up(t.streams_up());
    const double need_down = 1.0 * t.min_kbps_per_stream() * t.streams_down();
    const double need_up = 1.0 * t.min_kbps_per_stream() * t.streams_up();
    out->set_required_down_kbps(need_down);
    out->set_required_up_kbps(need_up);

    const absl::Time start = absl::Now();
    const absl::Time deadline = start + RtcTimeout(ctx, t);
    const absl::Duration window =
        absl::Milliseconds(t.bandwidth_duration_ms() ? t.bandwidth_duration_ms() : kDefaultDurationMs);
    // Download and upload one after the other, so each has the link to itself.
    const DirectionResult down =
        Measure(t.bandwidth_download_url(), false, t.streams_down(), window, 0, deadline);
    const DirectionResult up =
        Measure(t.bandwidth_upload_url(), true, t.streams_up(), window, t.upload_max_bytes(), deadline);

    MarkOk(*out->mutable_status(), "http bandwidth endpoints");
    out->mutable_status()->set_duration_us(absl::ToInt64Microseconds(absl::Now() - start));
    out->set_down_bytes(down.bytes);
    out->set_up_bytes(up.bytes);
    std::vector<std::string> parts;
    if (down.ok) {
      out->set_down_kbps(down.kbps);
      out->set_down_seconds(down.seconds);
      parts.push_back(absl::StrFormat("down %.0f kb/s (need %.0f)", down.kbps, need_down));
    } else {
      parts.push_back(absl::StrCat("download failed: ", down.error));
    }
    if (up.ok) {
      out->set_up_kbps(up.kbps);
      out->set_up_seconds(up.seconds);
      parts.push_back(absl::StrFormat("up %.0f kb/s (need %.0f)", up.kbps, need_up));
    } else {
      parts.push_back(absl::StrCat("upload failed: ", up.error));
    }
    if (down.ok && up.ok) {
      // One video stream gets the smaller per-stream share of the two directions.
      const double per_stream = std::min(down.kbps / t.streams_down(), up.kbps / t.streams_up());
      out->set_max_video(MaxVideoForKbps(per_stream));
      // The same figure is what net.quality reports as max_video; only this probe
      // measures bandwidth (measuring twice concurrently would halve both), so
      // it writes that one field of network.quality too.
      facts.mutable_network()->mutable_quality()->set_max_video(out->max_video());
    }
    out->set_ok(down.ok && up.ok && down.kbps >= need_down && up.kbps >= need_up);
    out->set_summary(absl::StrJoin(parts, "; "));
  }
};

}  // namespace

std::unique_ptr<Probe> MakeBandwidthProbe() { return std::make_unique<BandwidthProbe>(); }

}  // namespace minspec::agent::rtc
