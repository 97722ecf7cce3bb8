#pragma once

#include <memory>

#include "agent/probes/probe.h"

namespace minspec::agent::hardware {

// Fills facts.hardware.audio: one AudioDevice per PCM device, with playback
// and capture flags, and the counts hw.speakers / hw.microphone compare.
// A machine with only capture devices has playback_devices == 0 (no speakers).
//
// Linux (linux/audio_linux.cc) reads ALSA's view under ctx.root:
//   /proc/asound/cards  " 1 [Headset        ]: USB-Audio - Logitech USB Headset"
//                       (card number, id, name); "--- no soundcards ---" = none;
//   /proc/asound/pcm    "01-00: USB Audio : USB Audio : playback 1 : capture 1"
//                       (needed only when there are cards).
// No /proc/asound at all (containers mask it) is ERROR, not "no devices": the
// kernel view is hidden, so hw.speakers / hw.microphone are UNKNOWN.
std::unique_ptr<Probe> MakeAudioProbe();

}  // namespace minspec::agent::hardware
