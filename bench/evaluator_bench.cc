// The evaluator's cost: the collector re-evaluates the whole fleet from stored
// facts when the baseline changes, so one host's evaluation must be cheap.
//   build-*/bin/evaluator_bench
#include <benchmark/benchmark.h>

#include "common/baseline/evaluator.h"
#include "common/baseline/loader.h"
#include "common/io/file_util.h"
#include "google/protobuf/text_format.h"

namespace {

const std::string kSource = MINSPEC_SOURCE_DIR;

minspec::v1::Baseline DefaultBaseline() {
  auto b = minspec::baseline::LoadBaselineFile(kSource + "/deploy/baselines/default.textproto");
  if (!b.ok()) std::abort();
  return *b;
}

minspec::v1::Facts FixtureFacts() {
  auto text = minspec::io::ReadFile(kSource + "/tests/fixtures/baselines/facts_ubuntu_ok.textproto");
  minspec::v1::Facts facts;
  if (!text.ok() || !google::protobuf::TextFormat::ParseFromString(*text, &facts)) std::abort();
  return facts;
}

// One host, every requirement of the default baseline.
void BM_EvaluateDefaultBaseline(benchmark::State& state) {
  const minspec::baseline::Evaluator evaluator(DefaultBaseline());
  const minspec::v1::Facts facts = FixtureFacts();
  for (auto _ : state) {
    auto eval = evaluator.Evaluate(facts);
    benchmark::DoNotOptimize(eval);
  }
  state.SetItemsProcessed(state.iterations());  // hosts
}
BENCHMARK(BM_EvaluateDefaultBaseline);

// A host whose probes mostly failed: the UNKNOWN paths build longer reasons.
void BM_EvaluateFailedProbes(benchmark::State& state) {
  const minspec::baseline::Evaluator evaluator(DefaultBaseline());
  minspec::v1::Facts facts = FixtureFacts();
  facts.mutable_hardware()->mutable_cpu()->mutable_status()->set_code(minspec::v1::ProbeStatus::ERROR);
  facts.mutable_os()->set_distribution("debian");
  facts.clear_network();
  for (auto _ : state) {
    auto eval = evaluator.Evaluate(facts);
    benchmark::DoNotOptimize(eval);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluateFailedProbes);

// Loading (parse + lint) the default baseline file.
void BM_LoadDefaultBaseline(benchmark::State& state) {
  for (auto _ : state) {
    auto b = minspec::baseline::LoadBaselineFile(kSource + "/deploy/baselines/default.textproto");
    benchmark::DoNotOptimize(b);
  }
}
BENCHMARK(BM_LoadDefaultBaseline);

}  // namespace

BENCHMARK_MAIN();
