#pragma once

#include <memory>

#include "agent/probes/probe.h"

namespace minspec::agent::hardware {

// Fills facts.hardware.memory: total_bytes / total_mib.
//
// Linux (linux/memory_linux.cc) reads /proc/meminfo "MemTotal" (kB) under
// ctx.root. MemTotal is RAM usable by the kernel: a few percent below the
// installed modules (firmware and kernel reservations). Missing or
// unparsable: ERROR with path and reason.
std::unique_ptr<Probe> MakeMemoryProbe();

}  // namespace minspec::agent::hardware
