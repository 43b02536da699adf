// DecodeText throughput: UTF-8 validation (every input) and GB18030 decoding
// (a user's GBK files), on the seed notices repeated to 32 MiB.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unicode/ucnv.h>

#include "pipeline/acquire.h"

namespace {

std::string Seed() {
  const std::string seed = gongwen::ReadWholeFile(
      std::string(GONGWEN_SOURCE_DIR) + "/corpus/notices/2022-11-08_jiangsu-kjt-czt_2023-chengguo-zhuanhua-guide-notice.txt");
  std::string big;
  while (big.size() < (32u << 20)) big += seed;
  return big;
}

void BM_DecodeUtf8(benchmark::State& state) {
  const std::string big = Seed();
  for (auto _ : state) benchmark::DoNotOptimize(gongwen::DecodeText(big));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * big.size()));
}
BENCHMARK(BM_DecodeUtf8)->Unit(benchmark::kMillisecond);

void BM_DecodeGb18030(benchmark::State& state) {
  const std::string utf8 = Seed();
  std::string gbk(utf8.size() * 2, '\0');
  UErrorCode err = U_ZERO_ERROR;
  int32_t n = ucnv_convert("GB18030", "UTF-8", gbk.data(), static_cast<int32_t>(gbk.size()), utf8.data(),
                           static_cast<int32_t>(utf8.size()), &err);
  gbk.resize(static_cast<size_t>(n));
  for (auto _ : state) benchmark::DoNotOptimize(gongwen::DecodeText(gbk));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * gbk.size()));
}
BENCHMARK(BM_DecodeGb18030)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
