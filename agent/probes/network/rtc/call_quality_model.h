#pragma once

// Call-quality estimates from measured network figures, as a vendor's
// pre-call test shows them: a MOS from the ITU-T G.107 E-model (simplified,
// below) and the highest video resolution@fps a bandwidth carries.
//
// E-model, simplified as in Cole & Rosenbluth (2001) with G.107 defaults
// (no echo, default noise, advantage factor A = 0):
//   R = 93.2 - Id - Ie,eff
//   d      = one-way mouth-to-ear delay (ms)
//          = RTT/2 + jitter buffer (2 x jitter, at least one packet) + codec delay
//   Id     = 0.024 d + 0.11 (d - 177.3) H(d - 177.3)
//   Ie,eff = Ie + (95 - Ie) * Ppl / (Ppl / BurstR + Bpl),  BurstR = 1 (random loss)
//   MOS    = 1 + 0.035 R + R (R - 60)(100 - R) 7e-6,  R in (0, 100); 1 below, 4.5 above
//
// Codec profiles (Ie, Bpl; packet and algorithmic delay):
//   g711: Ie 0,  Bpl 25.1 — ITU-T G.113 Appendix I, G.711 with packet loss concealment;
//         20 ms packets, no lookahead.
//   g729: Ie 11, Bpl 19.0 — G.113 Appendix I, G.729A + VAD; 20 ms packets + 5 ms lookahead.
//   opus: Ie 0,  Bpl 25.1 — G.113 has no narrowband Opus entry; we treat Opus at WebRTC
//         voice bitrates as at least G.711 quality with comparable concealment (its
//         in-band FEC is not credited, so this is conservative); 20 ms frames + 6.5 ms
//         lookahead.

#include <optional>
#include <string>
#include <string_view>

namespace minspec::agent::rtc {

struct CodecProfile {
  std::string_view name;
  double ie;              // equipment impairment factor
  double bpl;             // packet-loss robustness factor
  double packet_ms;       // packetisation
  double lookahead_ms;    // algorithmic delay beyond the packet
};

// "opus" (also for ""), "g711", "g729"; nullopt for anything else.
std::optional<CodecProfile> FindCodecProfile(std::string_view name);

struct CallQualityEstimate {
  double one_way_delay_ms = 0;
  double r_factor = 0;
  double mos = 0;
};

CallQualityEstimate EstimateCallQuality(const CodecProfile& codec, double rtt_ms, double jitter_ms,
                                        double loss_pct);
double MosFromR(double r);

// Highest "WxH@fps" whose target bitrate fits `kbps` (one video stream), or
// "none" below the smallest. Targets: libwebrtc's simulcast ladder
// (media/engine/simulcast.cc, target bitrates at 30 fps):
//   1920x1080@30 4000, 1280x720@30 2500, 960x540@30 1200, 640x360@30 500,
//   480x270@30 350, 320x180@30 150; plus 320x180@15 at 75 (half the frames,
//   half the bits: our assumption, not libwebrtc's).
std::string MaxVideoForKbps(double kbps);

}  // namespace minspec::agent::rtc
