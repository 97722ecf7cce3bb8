#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "minspec/v1/common.pb.h"

namespace minspec::agent {

inline void StampNow(minspec::v1::ProbeStatus& status) {
  const absl::Time now = absl::Now();
  auto* ts = status.mutable_collected_at();
  ts->set_seconds(absl::ToUnixSeconds(now));
  ts->set_nanos(static_cast<int32_t>(absl::ToUnixNanos(now) % 1000000000));
}

inline void MarkOk(minspec::v1::ProbeStatus& status, std::string_view source) {
  status.set_code(minspec::v1::ProbeStatus::OK);
  status.set_source(std::string(source));
  StampNow(status);
}

inline void MarkError(minspec::v1::ProbeStatus& status, std::string_view error) {
  status.set_code(minspec::v1::ProbeStatus::ERROR);
  status.set_error(std::string(error));
  StampNow(status);
}

inline void MarkError(minspec::v1::ProbeStatus& status, const absl::Status& error) {
  MarkError(status, std::string_view(error.message().data(), error.message().size()));
}

inline void MarkNotSupported(minspec::v1::ProbeStatus& status, std::string_view why) {
  status.set_code(minspec::v1::ProbeStatus::NOT_SUPPORTED);
  status.set_error(std::string(why));
  StampNow(status);
}

}  // namespace minspec::agent
