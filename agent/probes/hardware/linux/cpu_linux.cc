#include <cmath>
#include <set>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "agent/probes/hardware/cpu_probe.h"
#include "agent/probes/hardware/linux/text_files.h"
#include "agent/probes/status.h"

namespace minspec::agent::hardware {
namespace {

using linux_text::ForEachLine;
using linux_text::ParseLeadingDouble;
using linux_text::ParseUint;
using linux_text::ReadTrimmed;
using linux_text::SplitKeyValue;

struct CpuInfo {
  uint32_t logical = 0;
  std::string model;
  std::set<std::pair<uint64_t, uint64_t>> cores;  // (physical id, core id)
  bool every_block_has_topology = true;
  double max_cpu_mhz = 0;  // highest "cpu MHz" line
};

CpuInfo ParseCpuInfo(std::string_view text) {
  CpuInfo info;
  std::optional<uint64_t> package, core;
  bool in_block = false;
  auto close_block = [&] {
    if (!in_block) return;
    if (package && core) {
      info.cores.emplace(*package, *core);
    } else {
      info.every_block_has_topology = false;
    }
    package.reset();
    core.reset();
    in_block = false;
  };
  ForEachLine(text, [&](std::string_view line) {
    std::string_view key, value;
    if (!SplitKeyValue(line, ':', key, value)) return;
    if (key == "processor") {
      close_block();
      in_block = true;
      ++info.logical;
    } else if (key == "model name") {
      if (info.model.empty()) info.model = std::string(value);
    } else if (key == "physical id") {
      package = ParseUint(value);
    } else if (key == "core id") {
      core = ParseUint(value);
    } else if (key == "cpu MHz") {
      if (auto mhz = ParseLeadingDouble(value)) info.max_cpu_mhz = std::max(info.max_cpu_mhz, *mhz);
    }
  });
  close_block();
  return info;
}

// "Intel(R) Core(TM) i5-8250U CPU @ 1.60GHz" -> 1600. Only the "@" form: a
// bare number elsewhere in a model name is not a clock.
std::optional<uint32_t> ModelNameMhz(std::string_view model) {
  const size_t at = model.rfind('@');
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = linux_text::Trim(model.substr(at + 1));
  auto number = ParseLeadingDouble(rest);
  if (!number) return std::nullopt;
  if (rest.find("GHz") != std::string_view::npos) return static_cast<uint32_t>(std::lround(*number * 1000));
  if (rest.find("MHz") != std::string_view::npos) return static_cast<uint32_t>(std::lround(*number));
  return std::nullopt;
}

class CpuProbeLinux final : public Probe {
 public:
  std::string_view Name() const override { return "hardware.cpu"; }

  void Collect(const ProbeContext& ctx, minspec::v1::Facts& facts) const override {
    auto* cpu = facts.mutable_hardware()->mutable_cpu();
    auto text = linux_text::Read(ctx, "/proc/cpuinfo");
    if (!text.ok()) {
      MarkError(*cpu->mutable_status(), text.status());
      return;
    }
    const CpuInfo info = ParseCpuInfo(*text);
    if (!info.model.empty()) cpu->set_model(info.model);
    if (info.logical > 0) cpu->set_logical_threads(info.logical);

    std::string topology_source = "/proc/cpuinfo";
    size_t physical = info.every_block_has_topology ? info.cores.size() : 0;
    if (physical == 0 && info.logical > 0) {
      physical = SysfsPhysicalCores(ctx, info.logical);
      topology_source = "/sys/devices/system/cpu/*/topology";
    }
    if (physical > 0) cpu->set_physical_cores(static_cast<uint32_t>(physical));

    std::string base_source;
    if (auto max = CpufreqMaxMhz(ctx, info.logical)) cpu->set_max_mhz(*max);
    if (auto base = ReadKhzAsMhz(ctx, "/sys/devices/system/cpu/cpu0/cpufreq/base_frequency")) {
      cpu->set_base_mhz(*base);
      base_source = "cpufreq:base_frequency";
    } else if (auto from_model = ModelNameMhz(info.model)) {
      cpu->set_base_mhz(*from_model);
      base_source = "/proc/cpuinfo:model name";
    } else if (!cpu->has_max_mhz() && info.max_cpu_mhz > 0) {
      // Without a cpufreq driver (typical in VMs) "cpu MHz" is the nominal
      // clock the kernel calibrated, not a scaled current one.
      cpu->set_base_mhz(static_cast<uint32_t>(std::lround(info.max_cpu_mhz)));
      base_source = "/proc/cpuinfo:cpu MHz";
    }
    if (cpu->has_max_mhz()) {
      cpu->set_effective_mhz(cpu->max_mhz());
      cpu->set_clock_source("cpufreq:cpuinfo_max_freq");
    } else if (cpu->has_base_mhz()) {
      cpu->set_effective_mhz(cpu->base_mhz());
      cpu->set_clock_source(base_source);
    }

    if (info.logical == 0 || !cpu->has_physical_cores()) {
      MarkError(*cpu->mutable_status(),
                absl::StrCat("no processor topology in ", ctx.Path("/proc/cpuinfo").string(),
                             " nor under ", ctx.Path("/sys/devices/system/cpu").string()));
      return;
    }
    if (!cpu->has_effective_mhz()) {
      MarkError(*cpu->mutable_status(),
                absl::StrCat("no clock: no cpufreq under ", ctx.Path("/sys/devices/system/cpu").string(),
                             ", no \"@ x.xxGHz\" in the model name and no \"cpu MHz\" in ",
                             ctx.Path("/proc/cpuinfo").string()));
      return;
    }
    MarkOk(*cpu->mutable_status(), absl::StrCat(topology_source, "; clock ", cpu->clock_source()));
  }

 private:
  static std::optional<uint32_t> ReadKhzAsMhz(const ProbeContext& ctx, std::string_view path) {
    auto text = ReadTrimmed(ctx, path);
    if (!text) return std::nullopt;
    auto khz = ParseUint(*text);
    if (!khz || *khz == 0) return std::nullopt;
    return static_cast<uint32_t>(*khz / 1000);
  }

  // Highest cpuinfo_max_freq over the CPUs (big.LITTLE parts differ per
  // cluster). Stops at cpu0 when it has no cpufreq: then none has.
  static std::optional<uint32_t> CpufreqMaxMhz(const ProbeContext& ctx, uint32_t logical) {
    std::optional<uint32_t> best;
    for (uint32_t n = 0; n < std::max<uint32_t>(logical, 1); ++n) {
      auto mhz = ReadKhzAsMhz(
          ctx, absl::StrCat("/sys/devices/system/cpu/cpu", n, "/cpufreq/cpuinfo_max_freq"));
      if (!mhz) {
        if (n == 0) return std::nullopt;
        continue;
      }
      if (!best || *mhz > *best) best = mhz;
    }
    return best;
  }

  static size_t SysfsPhysicalCores(const ProbeContext& ctx, uint32_t logical) {
    std::set<std::pair<uint64_t, uint64_t>> cores;
    for (uint32_t n = 0; n < logical; ++n) {
      const std::string dir = absl::StrCat("/sys/devices/system/cpu/cpu", n, "/topology/");
      auto package = ReadTrimmed(ctx, dir + "physical_package_id");
      auto core = ReadTrimmed(ctx, dir + "core_id");
      if (!package || !core) return 0;
      auto p = ParseUint(*package);
      auto c = ParseUint(*core);
      // physical_package_id is -1 on some ARM boards: one package.
      cores.emplace(p.value_or(0), c.value_or(n));
      if (!c) return 0;
    }
    return cores.size();
  }
};

}  // namespace

std::unique_ptr<Probe> MakeCpuProbe() { return std::make_unique<CpuProbeLinux>(); }

}  // namespace minspec::agent::hardware
