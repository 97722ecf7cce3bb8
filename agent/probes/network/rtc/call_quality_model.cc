#include "agent/probes/network/rtc/call_quality_model.h"

#include <algorithm>
#include <array>

namespace minspec::agent::rtc {

std::optional<CodecProfile> FindCodecProfile(std::string_view name) {
  static constexpr std::array<CodecProfile, 3> kProfiles = {{
      {"opus", 0.0, 25.1, 20.0, 6.5},
      {"g711", 0.0, 25.1, 20.0, 0.0},
      {"g729", 11.0, 19.0, 20.0, 5.0},
  }};
  if (name.empty()) name = "opus";
  for (const auto& p : kProfiles) {
    if (p.name == name) return p;
  }
  return std::nullopt;
}

double MosFromR(double r) {
  if (r <= 0) return 1.0;
  if (r >= 100) return 4.5;
  return 1.0 + 0.035 * r + r * (r - 60.0) * (100.0 - r) * 7e-6;
}

CallQualityEstimate EstimateCallQuality(const CodecProfile& codec, double rtt_ms, double jitter_ms,
                                        double loss_pct) {
  CallQualityEstimate e;
  const double jitter_buffer = std::max(2.0 * jitter_ms, codec.packet_ms);
  e.one_way_delay_ms = rtt_ms / 2.0 + jitter_buffer + codec.packet_ms + codec.lookahead_ms;
  const double d = e.one_way_delay_ms;
  const double id = 0.024 * d + (d > 177.3 ? 0.11 * (d - 177.3) : 0.0);
  const double ppl = std::clamp(loss_pct, 0.0, 100.0);
  const double ie_eff = codec.ie + (95.0 - codec.ie) * ppl / (ppl + codec.bpl);
  e.r_factor = std::clamp(93.2 - id - ie_eff, 0.0, 100.0);
  e.mos = MosFromR(e.r_factor);
  return e;
}

std::string MaxVideoForKbps(double kbps) {
  struct Step {
    const char* format;
    double kbps;
  };
  static constexpr std::array<Step, 7> kLadder = {{
      {"1920x1080@30", 4000}, {"1280x720@30", 2500}, {"960x540@30", 1200}, {"640x360@30", 500},
      {"480x270@30", 350},    {"320x180@30", 150},   {"320x180@15", 75},
  }};
  for (const auto& s : kLadder) {
    if (kbps >= s.kbps) return s.format;
  }
  return "none";
}

}  // namespace minspec::agent::rtc
