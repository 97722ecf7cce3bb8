#pragma once

#include <memory>

#include "agent/probes/probe.h"

namespace minspec::agent::hardware {

// Fills facts.hardware.cpu: model, physical cores, logical threads, max and
// base clock, and where the clock came from (clock_source).
//
// Linux (linux/cpu_linux.cc) reads, under ctx.root:
//   /proc/cpuinfo: "processor" (logical threads), unique ("physical id",
//     "core id") pairs (physical cores), "model name", "cpu MHz";
//   /sys/devices/system/cpu/cpuN/topology/{physical_package_id,core_id} when
//     cpuinfo has no topology (ARM, some hypervisors);
//   /sys/devices/system/cpu/cpuN/cpufreq/cpuinfo_max_freq (max over CPUs) and
//     cpu0/cpufreq/base_frequency (intel_pstate).
// Clock precedence: max = cpufreq cpuinfo_max_freq; base = cpufreq
// base_frequency, else the "@ 2.40GHz" of the model name, else (only when no
// cpufreq max exists, e.g. in VMs) the highest "cpu MHz". effective_mhz = max
// else base; clock_source names the source of effective_mhz.
// Status is ERROR (with path and reason) when cpuinfo is unreadable or when
// the core count or every clock source is missing, so hw.cpu is UNKNOWN.
std::unique_ptr<Probe> MakeCpuProbe();

}  // namespace minspec::agent::hardware
