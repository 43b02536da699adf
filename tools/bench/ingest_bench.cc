// Ingest throughput on the seed notices replicated to ≥ 50 MB.
//
//   build/ingest_bench                       # all benchmarks
//   build/ingest_bench --benchmark_filter=Stages
//
// BM_TextStages: layout → structure → extract on one core (no I/O).
// BM_IngestToSqlite: the same plus the store, one transaction per document,
//   into a fresh database under /tmp.
// Reported: bytes_per_second (MB/s) and items_per_second (documents/s).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "pipeline/acquire.h"
#include "pipeline/ingest.h"
#include "pipeline/store.h"

namespace {

namespace fs = std::filesystem;

std::vector<std::string> LoadSeeds() {
  std::vector<std::string> seeds;
  for (const auto& e : fs::directory_iterator(fs::path(GONGWEN_SOURCE_DIR) / "corpus" / "notices")) {
    seeds.push_back(gongwen::ReadWholeFile(e.path().string()));
  }
  return seeds;
}

// Seeds repeated until the total passes 50 MB; each copy differs by a line so
// every document has its own hash.
const std::vector<std::string>& Corpus() {
  static const std::vector<std::string> docs = [] {
    std::vector<std::string> seeds = LoadSeeds(), out;
    size_t total = 0;
    for (int copy = 0; total < (50u << 20); ++copy)
      for (const auto& s : seeds) {
        out.push_back(s + "\n（副本 " + std::to_string(copy) + "）\n");
        total += out.back().size();
      }
    return out;
  }();
  return docs;
}

size_t TotalBytes() {
  size_t n = 0;
  for (const auto& d : Corpus()) n += d.size();
  return n;
}

void BM_TextStages(benchmark::State& state) {
  const auto& docs = Corpus();
  size_t guide_items = 0;
  for (auto _ : state) {
    for (const auto& d : docs) {
      gongwen::Document doc = gongwen::ProcessText(d);
      guide_items += doc.guide_items.size();
      benchmark::DoNotOptimize(doc);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * TotalBytes()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * docs.size()));
  state.counters["MB"] = TotalBytes() / 1e6;
  state.counters["guide_items"] = static_cast<double>(guide_items / state.iterations());
}
BENCHMARK(BM_TextStages)->Unit(benchmark::kMillisecond)->Iterations(1);

void BM_IngestToSqlite(benchmark::State& state) {
  const auto& docs = Corpus();
  for (auto _ : state) {
    state.PauseTiming();
    fs::path db = fs::temp_directory_path() / "gongwen-ingest-bench.db";
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
    auto store = gongwen::Store::Open(db.string());
    if (!store.ok()) {
      state.SkipWithError(store.status().ToString().c_str());
      return;
    }
    state.ResumeTiming();
    for (const auto& d : docs) {
      gongwen::Document doc = gongwen::ProcessText(d);
      auto r = store.value()->Put(doc);
      if (!r.ok()) {
        state.SkipWithError(r.status().ToString().c_str());
        return;
      }
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * TotalBytes()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * docs.size()));
  state.counters["MB"] = TotalBytes() / 1e6;
}
BENCHMARK(BM_IngestToSqlite)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
