#include <string>

#include "absl/strings/str_cat.h"
#include "agent/probes/hardware/linux/text_files.h"
#include "agent/probes/hardware/memory_probe.h"
#include "agent/probes/status.h"

namespace minspec::agent::hardware {
namespace {

class MemoryProbeLinux final : public Probe {
 public:
  std::string_view Name() const override { return "hardware.memory"; }

  void Collect(const ProbeContext& ctx, minspec::v1::Facts& facts) const override {
    auto* memory = facts.mutable_hardware()->mutable_memory();
    auto text = linux_text::Read(ctx, "/proc/meminfo");
    if (!text.ok()) {
      MarkError(*memory->mutable_status(), text.status());
      return;
    }
    std::optional<uint64_t> kib;
    linux_text::ForEachLine(*text, [&](std::string_view line) {
      std::string_view key, value;
      if (kib || !linux_text::SplitKeyValue(line, ':', key, value) || key != "MemTotal") return;
      // "24731708 kB": the kernel always reports kibibytes here.
      if (value.size() > 3 && value.substr(value.size() - 3) == " kB") kib = linux_text::ParseUint(value.substr(0, value.size() - 3));
    });
    if (!kib || *kib == 0) {
      MarkError(*memory->mutable_status(),
                absl::StrCat("no \"MemTotal: <n> kB\" line in ", ctx.Path("/proc/meminfo").string()));
      return;
    }
    memory->set_total_bytes(*kib * 1024);
    memory->set_total_mib(*kib / 1024);
    MarkOk(*memory->mutable_status(), "/proc/meminfo:MemTotal");
  }
};

}  // namespace

std::unique_ptr<Probe> MakeMemoryProbe() { return std::make_unique<MemoryProbeLinux>(); }

}  // namespace minspec::agent::hardware
