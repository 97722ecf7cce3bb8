// CPU cost of one probe cycle of the hardware and OS families, against a
// fixture tree and against the machine running the benchmark. The probes run
// one after another on the benchmark thread, so CPU time is their whole cost
// (RunProbeCycle would spread it over threads the timer does not see).
// Counters: allocs = heap allocations per cycle, alloc_bytes = bytes per cycle.

#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "agent/probes/families.h"
#include "agent/probes/probe.h"

namespace {
std::atomic<uint64_t> g_allocs{0};
std::atomic<uint64_t> g_alloc_bytes{0};
}  // namespace

// GCC flags malloc/free inside replaced operator new/delete as mismatched; it is the
// documented way to replace them.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

void* operator new(std::size_t n) {
  g_allocs.fetch_add(1, std::memory_order_relaxed);
  g_alloc_bytes.fetch_add(n, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace minspec::agent {
namespace {

void RunCycle(benchmark::State& state, const std::filesystem::path& root) {
  ProbeList probes;
  AppendHardwareProbes(probes);
  AppendOsProbes(probes);
  ProbeContext ctx;
  ctx.root = root;
  const uint64_t allocs_before = g_allocs.load();
  const uint64_t bytes_before = g_alloc_bytes.load();
  for (auto _ : state) {
    minspec::v1::Facts facts;
    for (const auto& probe : probes) probe->Collect(ctx, facts);
    benchmark::DoNotOptimize(facts);
  }
  const double cycles = static_cast<double>(state.iterations());
  state.counters["allocs"] = static_cast<double>(g_allocs.load() - allocs_before) / cycles;
  state.counters["alloc_bytes"] = static_cast<double>(g_alloc_bytes.load() - bytes_before) / cycles;
}

void BM_HardwareOsCycle_LaptopFixture(benchmark::State& state) {
  RunCycle(state, std::filesystem::path(MINSPEC_HW_FIXTURES) / "laptop_webcam_headset");
}
void BM_HardwareOsCycle_RealMachine(benchmark::State& state) { RunCycle(state, "/"); }

BENCHMARK(BM_HardwareOsCycle_LaptopFixture)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_HardwareOsCycle_RealMachine)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace minspec::agent

BENCHMARK_MAIN();
