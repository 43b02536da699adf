// Forms per second: a filled 申报表 as .docx (read, detect the template,
// extract and validate), the extraction alone, and a form printed to PDF
// through the whole ingest path (text layer, cells from ruling lines, form)
// when GONGWEN_FORMS_PDF names one (gongwen_forms make writes them).
//
//   ./build/forms_bench
//   GONGWEN_FORMS_PDF=/tmp/forms/cluster_pilot_2021_000.pdf-text.pdf ./build/forms_bench
#include <benchmark/benchmark.h>

#include <cstdlib>

#include "extractors/forms_extract.h"
#include "extractors/forms_fill.h"
#include "pipeline/docx.h"
#include "pipeline/ingest.h"

namespace {

using namespace gongwen;

std::string FilledDocx(const char* tmpl, int rows_scale) {
  FilledForm f = FillForm(*FindFormTemplate(tmpl), 42, rows_scale);
  return WriteDocx(LayoutForm(f, TickStyle::kMixedGlyphs)).value();
}

void BM_DocxForm(benchmark::State& state) {
  const std::string bytes = FilledDocx("cluster_pilot_2023", static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto d = ReadDocx(bytes);
    auto det = DetectFormTemplate(d.value().cells);
    benchmark::DoNotOptimize(ExtractForm(*det->tmpl, d.value().cells));
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel("forms");
}
BENCHMARK(BM_DocxForm)->Arg(1)->Arg(3)->Unit(benchmark::kMillisecond);

void BM_ExtractOnly(benchmark::State& state) {
  auto d = ReadDocx(FilledDocx("cluster_pilot_2023", 1));
  const FormTemplate* t = FindFormTemplate("cluster_pilot_2023");
  for (auto _ : state) benchmark::DoNotOptimize(ExtractForm(*t, d.value().cells));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ExtractOnly)->Unit(benchmark::kMillisecond);

void BM_PdfTextForm(benchmark::State& state) {
  const char* path = std::getenv("GONGWEN_FORMS_PDF");
  if (!path || !*path) {
    state.SkipWithError("set GONGWEN_FORMS_PDF to a form printed by gongwen_forms make");
    return;
  }
  for (auto _ : state) {
    auto doc = ProcessFile(path);
    if (!doc.ok() || !doc.value().form) {
      state.SkipWithError("not read as a form");
      return;
    }
    benchmark::DoNotOptimize(doc);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PdfTextForm)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
