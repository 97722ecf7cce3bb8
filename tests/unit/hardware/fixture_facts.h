#pragma once

#include <filesystem>
#include <string>

#include "agent/probes/families.h"
#include "agent/probes/probe.h"
#include "minspec/v1/facts.pb.h"

namespace minspec::agent::testing {

inline std::filesystem::path HardwareFixture(const std::string& name) {
  return std::filesystem::path(MINSPEC_HW_FIXTURES) / name;
}

// Every hardware and OS probe, run in order against `root`.
inline minspec::v1::Facts CollectHardwareAndOs(const std::filesystem::path& root) {
  ProbeList probes;
  AppendHardwareProbes(probes);
  AppendOsProbes(probes);
  ProbeContext ctx;
  ctx.root = root;
  minspec::v1::Facts facts;
  for (const auto& probe : probes) probe->Collect(ctx, facts);
  return facts;
}

}  // namespace minspec::agent::testing
