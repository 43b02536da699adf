// Cross-year comparison speed (pipeline/compare.h), on an archive made here.
//
//   build/compare_bench
//
// BM_ComparePair: the real pair (2021 cluster-pilot notice vs 2023 附件3) and
//   the 2023 guide vs the synthetic 2024 edition: load both parts from the
//   archive and compare them. Target: well under a second.
// BM_CompareTenYears: a programme across ten yearly editions (the 2023 guide
//   replicated to 2015–2024, years moved on, a cap and a target changed each
//   year), found with FindParts and compared year to year, with the trends.
//   Target: under five seconds.
// The archive is built before timing (ingest is ingest_bench's business), in
// a fresh database under /tmp, among the seeds replicated 20 times so the
// archive is not trivially small.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "pipeline/acquire.h"
#include "pipeline/compare.h"
#include "pipeline/ingest.h"
#include "pipeline/store.h"

namespace {

namespace fs = std::filesystem;

// The 2023 guide as edition `year`: years outside 文号 moved by year - 2023, the
// B cap and the 3101 rate moved a little each year.
std::string Edition(const std::string& guide, int year) {
  const int k = year - 2023;
  std::string out;
  static const std::regex y(R"((^|[^\d〔﹝])(20[12]\d)(?![\d〕﹞]))");
  std::sregex_iterator it(guide.begin(), guide.end(), y), end;
  size_t last = 0;
  for (; it != end; ++it) {
    const auto& m = *it;
    out.append(guide, last, m.position(2) - last);
    out += std::to_string(std::stoi(m.str(2)) + k);
    last = m.position(2) + m.length(2);
  }
  out.append(guide, last, std::string::npos);
  auto swap = [&](const std::string& from, const std::string& to) {
    size_t p = out.find(from);
    if (p != std::string::npos) out.replace(p, from.size(), to);
  };
  swap("不超过1500万元", "不超过" + std::to_string(1500 + 100 * k) + "万元");
  swap("单通道速率≥20Gbps", "单通道速率≥" + std::to_string(20 + k) + "Gbps");
  return out;
}

struct Archive {
  std::string path;
  std::unique_ptr<gongwen::Store> store;
  int64_t doc_2021 = 0, doc_2023 = 0, doc_2024 = 0;
};

Archive& TheArchive() {
  static Archive* a = [] {
    auto* a = new Archive;
    a->path = (fs::temp_directory_path() / ("compare_bench_" + std::to_string(::getpid()) + ".db")).string();
    fs::remove(a->path);
    auto s = gongwen::Store::Open(a->path);
    if (!s.ok()) std::abort();
    a->store = std::move(s.value());
    const fs::path src = GONGWEN_SOURCE_DIR;
    std::vector<std::pair<std::string, std::string>> seeds;
    for (const auto& e : fs::directory_iterator(src / "corpus" / "notices"))
      seeds.push_back({e.path().filename().string(), gongwen::ReadWholeFile(e.path().string())});
    for (int copy = 0; copy < 20; ++copy)
      for (const auto& [name, text] : seeds)
        a->store->Put(gongwen::ProcessText(text + "\n（副本 " + std::to_string(copy) + "）\n", name + "." +
                                           std::to_string(copy)));
    const std::string guide = gongwen::ReadWholeFile((src / "corpus/notices/2022-11-08_jiangsu-kjt-czt_2023-chengguo-zhuanhua-guide-notice.txt").string());
    for (int year = 2015; year <= 2024; ++year)
      a->store->Put(gongwen::ProcessText(Edition(guide, year), "edition-" + std::to_string(year) + ".txt"));
    auto id = [&](const std::string& name) {
      gongwen::Stmt q(a->store->db(), "SELECT id FROM documents WHERE file_name = ? ORDER BY id LIMIT 1");
      q.Bind(1, name);
      return q.Step() ? q.Int(0) : 0;
    };
    a->doc_2021 = id("2021-03-17_jiangsu-kjt_2021-cluster-pilot-notice.txt.0");
    a->doc_2023 = id("edition-2023.txt");
    a->doc_2024 = id("edition-2024.txt");
    return a;
  }();
  return *a;
}

void BM_ComparePair(benchmark::State& state) {
  Archive& a = TheArchive();
  gongwen::Db& db = a.store->db();
  const bool real = state.range(0) == 0;
  size_t rows = 0;
  for (auto _ : state) {
    gongwen::compare::PartRef ra{real ? a.doc_2021 : a.doc_2023, 0};
    gongwen::compare::PartRef rb{a.doc_2023, 0};
    if (real) rb = gongwen::compare::ChoosePart(db, a.doc_2023, a.doc_2021).value();
    else rb = {a.doc_2024, 0};
    auto pa = gongwen::compare::LoadPart(db, ra);
    auto pb = gongwen::compare::LoadPart(db, rb);
    auto c = gongwen::compare::Compare(pa.value(), pb.value());
    rows = c.rows.size();
    benchmark::DoNotOptimize(rows);
  }
  state.counters["rows"] = static_cast<double>(rows);
  state.SetLabel(real ? "2021 notice vs 2023 附件3" : "2023 guide vs 2024 edition");
}
BENCHMARK(BM_ComparePair)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_CompareTenYears(benchmark::State& state) {
  Archive& a = TheArchive();
  gongwen::Db& db = a.store->db();
  size_t rows = 0, trends = 0, parts = 0;
  std::vector<int> years;
  for (int y = 2015; y <= 2024; ++y) years.push_back(y);
  for (auto _ : state) {
    auto found = gongwen::compare::FindParts(db, "省科技成果转化专项资金", years);
    auto s = gongwen::compare::CompareSeries(db, found.value());
    auto t = gongwen::compare::Trends(s.value());
    parts = found.value().size();
    rows = 0;
    for (const auto& c : s.value().steps) rows += c.rows.size();
    trends = t.size();
  }
  state.counters["parts"] = static_cast<double>(parts);
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["trends"] = static_cast<double>(trends);
}
BENCHMARK(BM_CompareTenYears)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
