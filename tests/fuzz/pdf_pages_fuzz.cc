// libFuzzer target: a PDF's pages (pages.h ReadPages on application/pdf):
// Poppler's parser, the text layer, triage, reading order, rendering for OCR.
// Run with tools/fuzz pdf_pages_fuzz [seconds]; seeds: corpus/pdf, small PDFs
// of ../shared/realdocs and hand-written ones (tools/fuzz copies them).
#include "tests/fuzz/pages_fuzz_common.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  gongwen::fuzz::MaybeWriteSeeds(gongwen::fuzz::PdfSeeds());
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return gongwen::fuzz::RunPages(data, size, "application/pdf");
}
