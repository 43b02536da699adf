// Shared by pdf_pages_fuzz.cc and image_pages_fuzz.cc: runs ReadPages on the
// fuzzer's bytes with an OCR engine that looks at the rendered pixels (so
// rendering, decoding and deskew run) but costs nothing, and checks the
// contract of pages.h on whatever comes out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <leptonica/allheaders.h>

#include "pipeline/pages.h"
#include "tests/bad_input_files.h"

namespace gongwen::fuzz {

// Returns one word covering the top-left quarter of the image.
class PixelOcr : public OcrEngine {
 public:
  Result<OcrResult> Recognize(const OcrRequest& req) override {
    if (!req.pix || req.dpi <= 0) __builtin_trap();  // the executor promised pixels
    OcrResult r;
    Word w;
    w.text = "字";
    const double s = 72.0 / req.dpi;
    w.box = {0, 0, pixGetWidth(const_cast<Pix*>(req.pix)) * s / 2, pixGetHeight(const_cast<Pix*>(req.pix)) * s / 2};
    w.confidence = 0.9f;
    r.words.push_back(w);
    return r;
  }
};

// With GONGWEN_FUZZ_WRITE_SEEDS=DIR in the environment, the target writes
// its synthetic seeds to DIR and exits (tools/fuzz does this before a run).
inline void MaybeWriteSeeds(const std::vector<std::string>& seeds) {
  const char* dir = std::getenv("GONGWEN_FUZZ_WRITE_SEEDS");
  if (!dir) return;
  std::filesystem::create_directories(dir);
  for (size_t i = 0; i < seeds.size(); ++i)
    std::ofstream(std::filesystem::path(dir) / ("synthetic-" + std::to_string(i)), std::ios::binary) << seeds[i];
  std::exit(0);
}

inline std::string PixBytes(Pix* pix, int format) {
  l_uint8* data = nullptr;
  size_t size = 0;
  std::string out;
  if (pix && pixWriteMem(&data, &size, pix, format) == 0) out.assign(reinterpret_cast<const char*>(data), size);
  lept_free(data);
  return out;
}

inline std::vector<std::string> ImageSeeds() {
  std::vector<std::string> out = {testing::SmallPng(120, 60), testing::GreyTiff(3, 32, 16, {2}),
                                  testing::GreyTiff(1, 40, 40), testing::PngHeaderOnly(30000, 30000)};
  Pix* grey = pixCreate(96, 48, 8);
  pixSetAllArbitrary(grey, 255);
  for (int x = 10; x < 80; ++x) pixSetPixel(grey, x, 20, 0);
  Pix* bin = pixConvertTo1(grey, 128);
  for (int f : {IFF_JFIF_JPEG, IFF_TIFF_ZIP, IFF_TIFF_LZW, IFF_BMP, IFF_PNM, IFF_GIF}) out.push_back(PixBytes(grey, f));
  for (int f : {IFF_TIFF_G4, IFF_TIFF_G3, IFF_TIFF_PACKBITS, IFF_PNG}) out.push_back(PixBytes(bin, f));
  Pixa* pixa = pixaCreate(2);
  pixaAddPix(pixa, bin, L_COPY);
  pixaAddPix(pixa, bin, L_COPY);
  l_uint8* data = nullptr;
  size_t size = 0;
  if (pixaWriteMemMultipageTiff(&data, &size, pixa) == 0) out.emplace_back(reinterpret_cast<const char*>(data), size);
  lept_free(data);
  pixaDestroy(&pixa);
  pixDestroy(&bin);
  pixDestroy(&grey);
  return out;
}

inline std::vector<std::string> PdfSeeds() {
  const std::string text = testing::TextContent("Notice on the 2024 programme");
  const std::string two = testing::PagesPdf(2, text);
  return {two,
          testing::EncryptedPdf(),
          testing::BuildPdf({"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"}),
          testing::PagesPdf(1, "0 0 0 rg 2000 2000 8000 8000 re f", 20000, 20000),
          testing::PagesPdf(1, "0 g 50 50 200 300 re f 1 0 0 1 10 10 cm " + text, 300, 400),
          two.substr(0, two.find("xref") + 20)};
}

inline int RunPages(const uint8_t* data, size_t size, const std::string& media_type) {
  static OcrPool pool(1, [] { return Result<std::unique_ptr<OcrEngine>>(std::make_unique<PixelOcr>()); });
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  Document doc;
  doc.sha256 = "fuzz";
  PageOptions opts;
  opts.ocr = OcrMode::kAuto;
  opts.dpi = 30;               // keep renderings small: the fuzzer wants many runs per second
  opts.max_pixels = 400'000;
  opts.max_pages = 50;
  opts.pool = &pool;
  Status s = ReadPages(bytes, media_type, opts, &doc);
  if (!s.ok()) {
    if (s.message().empty() || s.message().find('\n') != std::string::npos) __builtin_trap();
    return 0;
  }
  // One page per '\f'-separated part of the original; every word inside its page.
  size_t parts = 1;
  for (char c : doc.original) parts += c == '\f';
  if (doc.pages.empty() || parts != doc.pages.size()) __builtin_trap();
  for (const Page& p : doc.pages)
    for (const Word& w : p.words)
      if (w.orig_begin > w.orig_end || w.orig_end > doc.original.size()) __builtin_trap();
  for (const std::string& w : doc.warnings)
    if (w.find('\n') != std::string::npos) __builtin_trap();
  return 0;
}

}  // namespace gongwen::fuzz
