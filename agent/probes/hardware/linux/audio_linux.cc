#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "agent/probes/hardware/audio_probe.h"
#include "agent/probes/hardware/linux/text_files.h"
#include "agent/probes/status.h"

namespace minspec::agent::hardware {
namespace {

using linux_text::ForEachLine;
using linux_text::ParseUint;
using linux_text::Trim;

struct Card {
  std::string id;
  std::string name;
};

// " 0 [PCH            ]: HDA-Intel - HDA Intel PCH"; continuation lines
// (indented long names) do not start with a number and are skipped.
std::map<uint32_t, Card> ParseCards(std::string_view text) {
  std::map<uint32_t, Card> cards;
  ForEachLine(text, [&](std::string_view line) {
    const size_t open = line.find('[');
    const size_t close = line.find("]:");
    if (open == std::string_view::npos || close == std::string_view::npos || close < open) return;
    auto number = ParseUint(line.substr(0, open));
    if (!number) return;
    Card card;
    card.id = std::string(Trim(line.substr(open + 1, close - open - 1)));
    std::string_view rest = line.substr(close + 2);
    const size_t dash = rest.find(" - ");
    card.name = std::string(Trim(dash == std::string_view::npos ? rest : rest.substr(dash + 3)));
    cards.emplace(static_cast<uint32_t>(*number), std::move(card));
  });
  return cards;
}

class AudioProbeLinux final : public Probe {
 public:
  std::string_view Name() const override { return "hardware.audio"; }

  void Collect(const ProbeContext& ctx, minspec::v1::Facts& facts) const override {
    auto* audio = facts.mutable_hardware()->mutable_audio();
    auto cards_text = linux_text::Read(ctx, "/proc/asound/cards");
    if (!cards_text.ok()) {
      MarkError(*audio->mutable_status(), cards_text.status());
      return;
    }
    const auto cards = ParseCards(*cards_text);
    uint32_t playback = 0, capture = 0;
    if (!cards.empty()) {
      auto pcm_text = linux_text::Read(ctx, "/proc/asound/pcm");
      if (!pcm_text.ok()) {
        MarkError(*audio->mutable_status(),
                  absl::StrCat(cards.size(), " sound card(s) listed but PCM devices unknown: ",
                               std::string(pcm_text.status().message())));
        return;
      }
      ForEachLine(*pcm_text, [&](std::string_view line) {
        // "CC-DD: id : name : playback N : capture N"
        const size_t colon = line.find(": ");
        const size_t dash = line.find('-');
        if (colon == std::string_view::npos || dash == std::string_view::npos || dash > colon) return;
        auto card = ParseUint(line.substr(0, dash));
        auto device = ParseUint(line.substr(dash + 1, colon - dash - 1));
        if (!card || !device) return;
        auto* dev = audio->add_devices();
        dev->set_card(static_cast<uint32_t>(*card));
        dev->set_device(static_cast<uint32_t>(*device));
        std::string_view fields = line.substr(colon + 2);
        int index = 0;
        std::string pcm_name;
        while (true) {
          const size_t sep = fields.find(" : ");
          std::string_view field = Trim(fields.substr(0, sep));
          if (index == 1) pcm_name = std::string(field);
          if (field.starts_with("playback")) dev->set_playback(true);
          if (field.starts_with("capture")) dev->set_capture(true);
          if (sep == std::string_view::npos) break;
          fields.remove_prefix(sep + 3);
          ++index;
        }
        auto it = cards.find(dev->card());
        if (it != cards.end()) {
          dev->set_card_id(it->second.id);
          dev->set_name(pcm_name.empty() ? it->second.name : absl::StrCat(it->second.name, ": ", pcm_name));
        } else {
          dev->set_name(pcm_name);
        }
        if (dev->playback()) ++playback;
        if (dev->capture()) ++capture;
      });
    }
    audio->set_playback_devices(playback);
    audio->set_capture_devices(capture);
    MarkOk(*audio->mutable_status(), "/proc/asound/cards; /proc/asound/pcm");
  }
};

}  // namespace

std::unique_ptr<Probe> MakeAudioProbe() { return std::make_unique<AudioProbeLinux>(); }

}  // namespace minspec::agent::hardware
