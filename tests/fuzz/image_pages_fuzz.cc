// libFuzzer target: an image's pages (pages.h ReadPages on image/*): the
// header checks, Leptonica's PNG/JPEG/TIFF (multi-page) decoders, grey
// conversion and deskew. Run with tools/fuzz image_pages_fuzz [seconds];
// seeds: small synthetic images (tools/fuzz makes them) and small realdocs.
#include "tests/fuzz/pages_fuzz_common.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  gongwen::fuzz::MaybeWriteSeeds(gongwen::fuzz::ImageSeeds());
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return gongwen::fuzz::RunPages(data, size, "image/png");
}
