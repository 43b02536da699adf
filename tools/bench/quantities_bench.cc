// Quantity extraction throughput (FindQuantities, dates included) on the four
// seed notices' normalized text replicated to ≥ 50 MB, plus pathological
// inputs at two sizes each, so linear time shows as a constant MB/s:
//   a run of digits, nested brackets, and one 50 MB line with no line break.
//
//   build/quantities_bench --benchmark_min_time=1x
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include "extractors/quantities.h"
#include "pipeline/ingest.h"

namespace {

constexpr size_t kTarget = 50u << 20;

const std::string& Seeds() {
  static const std::string text = [] {
    std::string one;
    for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(GONGWEN_SOURCE_DIR) / "corpus/notices")) {
      if (e.path().extension() != ".txt") continue;
      auto doc = gongwen::ProcessFile(e.path().string());
      if (doc.ok()) one += doc.value().text + "\n";
    }
    std::string big;
    big.reserve(kTarget + one.size());
    while (big.size() < kTarget) big += one;
    return big;
  }();
  return text;
}

void Run(benchmark::State& state, const std::string& text) {
  size_t n = 0;
  for (auto _ : state) {
    auto q = gongwen::FindQuantities(text);
    n = q.size();
    benchmark::DoNotOptimize(q);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.counters["quantities"] = static_cast<double>(n);
  state.counters["MB"] = static_cast<double>(text.size()) / 1e6;
}

void BM_Seeds50MB(benchmark::State& state) { Run(state, Seeds()); }
BENCHMARK(BM_Seeds50MB)->Unit(benchmark::kMillisecond)->Iterations(2);

// The seeds as one line: newlines become spaces (a PDF's text with no breaks).
void BM_OneLine50MB(benchmark::State& state) {
  std::string line = Seeds();
  for (char& c : line)
    if (c == '\n' || c == '\f') c = ' ';
  Run(state, line);
}
BENCHMARK(BM_OneLine50MB)->Unit(benchmark::kMillisecond)->Iterations(2);

void BM_Digits(benchmark::State& state) {
  std::string s(static_cast<size_t>(state.range(0)), '7');
  s += "万元";
  Run(state, s);
}
BENCHMARK(BM_Digits)->Arg(1'000'000)->Arg(4'000'000)->Unit(benchmark::kMillisecond);

void BM_NestedBrackets(benchmark::State& state) {
  std::string s;
  for (int64_t i = 0; i < state.range(0); ++i) s += "（(";
  s += "功率≥100W";
  for (int64_t i = 0; i < state.range(0); ++i) s += ")）";
  Run(state, s);
}
BENCHMARK(BM_NestedBrackets)->Arg(10'000)->Arg(40'000)->Unit(benchmark::kMillisecond);

// Numbers everywhere: every character a candidate.
void BM_DenseNumbers(benchmark::State& state) {
  std::string s;
  while (s.size() < static_cast<size_t>(state.range(0))) s += "≥1.5/2.5/3μm、4~5V、一万次以上，";
  Run(state, s);
}
BENCHMARK(BM_DenseNumbers)->Arg(1 << 20)->Arg(4 << 20)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
