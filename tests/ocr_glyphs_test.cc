// The comparator glyphs OCR cannot write (pipeline/ocr_glyphs.h), measured on
// the text-layer PDF of the 2023 guide rendered at 200 dpi: its text layer
// gives every character with its exact box, so the truth is the PDF's own
// text, not an OCR reading.
#include "pipeline/ocr_glyphs.h"

#include <gtest/gtest.h>

#include <leptonica/allheaders.h>

#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "pipeline/normalize.h"
#include "pipeline/ocr.h"
#include "pipeline/pdf_text.h"
#include "pipeline/raster.h"
#include "tests/test_util.h"

namespace gongwen {
namespace {

constexpr double kDpi = 200;
constexpr double kK = 72.0 / kDpi;  // points per pixel

std::string Slurp(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

struct GuidePdf {
  std::string bytes;
  std::unique_ptr<PdfFile> pdf;
};

const GuidePdf& Guide() {
  static GuidePdf* g = [] {
    auto* out = new GuidePdf;
    out->bytes = Slurp(testing::CorpusDir() / "pdf" / "2022-11-08_2023-chengguo-zhuanhua-guide.pdf");
    auto pdf = PdfFile::Open(out->bytes);
    if (pdf.ok()) out->pdf = std::move(pdf.value());
    return out;
  }();
  return *g;
}

// The text layer's words of a page with every comparator as a word of its
// own (the layer joins `≥20` into one Latin run): the comparator's box ends
// at the first blank column of the rendering after its ink.
std::vector<Word> SplitWords(const std::vector<Word>& in, Pix* pix) {
  std::vector<Word> out;
  const l_uint32* data = pixGetData(pix);
  const int wpl = pixGetWpl(pix);
  auto ink_column = [&](int x, int y0, int y1) {
    for (int y = y0; y < y1; ++y)
      if (GET_DATA_BYTE(data + static_cast<size_t>(y) * wpl, x) < 128) return true;
    return false;
  };
  for (const Word& w : in) {
    size_t i = 0;
    const char32_t c = w.text.empty() ? 0 : DecodeUtf8(w.text, &i);
    if ((c == U'≥' || c == U'≤') && i < w.text.size()) {
      const int y0 = static_cast<int>(w.box.y0 / kK), y1 = static_cast<int>(w.box.y1 / kK) + 1;
      int x = static_cast<int>(w.box.x0 / kK);
      while (x < w.box.x1 / kK && !ink_column(x, y0, y1)) ++x;
      while (x < w.box.x1 / kK && ink_column(x, y0, y1)) ++x;
      const double cut = (x + 1) * kK;
      out.push_back({w.text.substr(0, i), Box{w.box.x0, w.box.y0, cut, w.box.y1}, 1.0f});
      out.push_back({w.text.substr(i), Box{cut, w.box.y0, w.box.x1, w.box.y1}, 1.0f});
    } else {
      out.push_back(w);
    }
  }
  return out;
}

std::string Text(const std::vector<Word>& words) {
  std::string s;
  for (const Word& w : words) s += w.text;
  return s;
}

// How a scan changes the rendering: a box blur of (2 half + 1) pixels and
// the contrast cut to `contrast` (paper stays white). The blurred scans of
// the guide (200 dpi, seeds 1101, 1202) show the arms of ≥ at grey 130–170
// while the thick strokes of Han characters stay below 100: both settings
// take the arms of the rendering above grey 128.
struct Scan {
  const char* name;
  int half;  // 0: the rendering as it is
  double contrast;
};
constexpr Scan kScans[] = {{"rendering", 0, 1.0}, {"blurred", 1, 0.75}, {"blurred, pale", 1, 0.6}};

void Degrade(const Scan& s, PixPtr* pix) {
  if (s.half == 0) return;
  PixPtr blurred(pixBlockconvGray(pix->get(), nullptr, s.half, s.half));
  ASSERT_TRUE(blurred);
  l_uint32* data = pixGetData(blurred.get());
  const int wpl = pixGetWpl(blurred.get());
  for (int y = 0; y < pixGetHeight(blurred.get()); ++y)
    for (int x = 0; x < pixGetWidth(blurred.get()); ++x) {
      l_uint32* line = data + static_cast<size_t>(y) * wpl;
      SET_DATA_BYTE(line, x, 255 - static_cast<int>((255 - GET_DATA_BYTE(line, x)) * s.contrast));
    }
  *pix = std::move(blurred);
}

TEST(OcrGlyphsTest, InkThresholdIsBetweenTheBandsInkAndPaper) {
  // A band of 100 × 20 pixels: paper, a thick stroke, a thin blurred one.
  struct Case {
    int paper, thick, thin;
    bool thin_is_ink;  // (the thick stroke always is, the paper never)
  };
  const Case cases[] = {
      {255, 0, 150, true},    // a 200 dpi scan's arm of ≥ (grey 130–170)
      {240, 40, 150, true},   // grey paper
      {255, 0, 230, false},   // a halo, no stroke
      {255, 255, 255, false}, // blank: 128
  };
  for (const Case& c : cases) {
    PixPtr pix(pixCreate(100, 20, 8));
    pixSetAllArbitrary(pix.get(), c.paper);
    for (int y = 0; y < 20; ++y) {
      for (int x = 10; x < 14; ++x) pixSetPixel(pix.get(), x, y, c.thick);
      pixSetPixel(pix.get(), 50, y, c.thin);
    }
    const int level = InkThreshold(pix.get(), 0, 0, 100, 20);
    SCOPED_TRACE(::testing::Message() << c.paper << " " << c.thick << " " << c.thin << ": level " << level);
    if (c.paper == c.thick) {
      EXPECT_EQ(level, 128);
      continue;
    }
    EXPECT_LT(c.thick, level);
    EXPECT_GE(c.paper, level);
    EXPECT_EQ(c.thin < level, c.thin_is_ink);
  }
  EXPECT_EQ(InkThreshold(nullptr, 0, 0, 10, 10), 128);
}

TEST(OcrGlyphsTest, ClassifiesEveryCharacterOfTheGuide) {
  const GuidePdf& g = Guide();
  ASSERT_TRUE(g.pdf);
  for (const Scan& scan : kScans) {
  SCOPED_TRACE(scan.name);
  int ge = 0, le = 0, others = 0;
  for (int page = 0; page < g.pdf->page_count(); ++page) {
    auto img = RenderPdfPage(*g.pdf, page, kDpi);
    ASSERT_TRUE(img.ok());
    const std::vector<Word> layer = SplitWords(g.pdf->TextLayer(page).words, img.value().pix.get());
    Degrade(scan, &img.value().pix);
    for (const Word& w : layer) {
      // The glyph's box with a pixel of blank around it.
      const int x0 = static_cast<int>(w.box.x0 / kK) - 1, y0 = static_cast<int>(w.box.y0 / kK) - 1;
      const int x1 = static_cast<int>(w.box.x1 / kK) + 2, y1 = static_cast<int>(w.box.y1 / kK) + 2;
      const char32_t got = ClassifyComparator(img.value().pix.get(), x0, y0, x1, y1);
      if (w.text == "≥") {
        EXPECT_EQ(got, U'≥') << "page " << page + 1;
        ++ge;
      } else if (w.text == "≤") {
        EXPECT_EQ(got, U'≤') << "page " << page + 1;
        ++le;
      } else if (w.text.find("≥") == std::string::npos && w.text.find("≤") == std::string::npos) {
        EXPECT_EQ(got, 0u) << "page " << page + 1 << ": " << w.text;
        ++others;
      }
    }
  }
  // The guide writes 14 ≥ and 16 ≤, on pages 12, 14, 17, 18 and 19; three
  // ≤ stand inside a Latin run (BOR≤0.085%/天, TTV≤15μm, WARP≤40μm) whose
  // box gives no place for the glyph alone.
  EXPECT_EQ(ge, 14);
  EXPECT_EQ(le, 13);
  EXPECT_GT(others, 10000);
  }
}

// Every percentage of the guide's text layer (5%, 4%, 3% on page 3; 95%,
// 20%, 0.085% … further on), rendered and degraded as the scans are: the
// ink has as many digits before the % as the text. chi_sim read `4%` as
// `49%` and `5%` as `59%6` on fresh scans; DropPercentNines (ocr.cc) asks
// this of the ink.
TEST(OcrGlyphsTest, CountsTheDigitsBeforeAPercentSign) {
  const GuidePdf& g = Guide();
  ASSERT_TRUE(g.pdf);
  for (const Scan& scan : kScans) {
    SCOPED_TRACE(scan.name);
    int checked = 0;
    for (int page = 0; page < g.pdf->page_count(); ++page) {
      auto img = RenderPdfPage(*g.pdf, page, kDpi);
      ASSERT_TRUE(img.ok());
      const std::vector<Word> layer = g.pdf->TextLayer(page).words;
      const double h = MedianCharHeight(layer, 0, layer.size(), kK);
      Degrade(scan, &img.value().pix);
      for (const Word& w : layer) {
        // A word of digits and a % (the text layer's Latin runs are whole).
        const size_t pct = w.text.find('%');
        if (pct == std::string::npos || pct == 0 ||
            !std::all_of(w.text.begin(), w.text.begin() + static_cast<long>(pct), [](char c) { return c >= '0' && c <= '9'; }))
          continue;
        const int y_mid = static_cast<int>((w.box.y0 + w.box.y1) / 2 / kK);
        const int n = DigitGlyphsBeforePercent(img.value().pix.get(), static_cast<int>(w.box.x0 / kK - 0.3 * h),
                                               static_cast<int>(y_mid - 0.6 * h), static_cast<int>(w.box.x1 / kK),
                                               static_cast<int>(y_mid + 0.6 * h), h);
        EXPECT_EQ(n, static_cast<int>(pct)) << "page " << page + 1 << ": " << w.text;
        ++checked;
      }
    }
    EXPECT_GE(checked, 5);
  }
}

// As Tesseract leaves the text: the comparator dropped, or read as 和.
TEST(OcrGlyphsTest, RecoversDroppedAndMisreadComparators) {
  const GuidePdf& g = Guide();
  ASSERT_TRUE(g.pdf);
  for (const Scan& scan : kScans)
  for (bool misread : {false, true}) {
    SCOPED_TRACE(::testing::Message() << scan.name << ", " << (misread ? "read as 和" : "dropped"));
    int pages_with = 0;
    for (int page = 0; page < g.pdf->page_count(); ++page) {
      auto img = RenderPdfPage(*g.pdf, page, kDpi);
      ASSERT_TRUE(img.ok());
      const std::vector<Word> layer = SplitWords(g.pdf->TextLayer(page).words, img.value().pix.get());
      Degrade(scan, &img.value().pix);
      const std::vector<Word>& truth = layer;
      std::vector<Word> words;
      for (const Word& w : truth) {
        if (w.text != "≥" && w.text != "≤") {
          words.push_back(w);
        } else if (misread) {
          words.push_back(w);
          words.back().text = "和";
        }
      }
      const std::string want = Text(truth);
      int n = 0;  // the comparators taken out
      for (const Word& w : truth) n += w.text == "≥" || w.text == "≤";
      if (n == 0 && misread) continue;
      const int found = RecoverComparators(img.value().pix.get(), kK, &words);
      EXPECT_EQ(found, n) << "page " << page + 1;
      EXPECT_TRUE(Text(words) == want) << "page " << page + 1;  // (not printed: a page)
      pages_with += n > 0;
    }
    EXPECT_EQ(pages_with, 4);  // page 12's one ≤ is inside BOR≤0.085%/天
  }
}

// Page `page` (1-based) of the degraded 200 dpi scan, rendered, deskewed and
// read by the Tesseract engine as the pipeline reads it; nullopt (with
// *why) when there is no engine. A failure to render or read is a test
// failure and gives "".
std::optional<std::string> TesseractReadsDegradedPage(int page, std::string* why) {
  const std::string bytes = Slurp(testing::CorpusDir() / "scans" / "2023-guide_200dpi_degraded.pdf");
  auto pdf = PdfFile::Open(bytes);
  if (!pdf.ok()) {
    ADD_FAILURE() << pdf.status().ToString();
    return "";
  }
  auto img = RenderPdfPage(*pdf.value(), page - 1, kDpi);
  if (!img.ok()) {
    ADD_FAILURE() << img.status().ToString();
    return "";
  }
  Deskew(&img.value());
  auto engine = NewTesseractOcr();
  if (!engine.ok()) {
    *why = engine.status().ToString();
    return std::nullopt;
  }
  OcrRequest req;
  req.pix = img.value().pix.get();
  req.dpi = img.value().dpi;
  req.page = page;
  auto r = engine.value()->Recognize(req);
  if (!r.ok()) {
    ADD_FAILURE() << r.status().ToString();
    return "";
  }
  return Text(r.value().words);
}

// End to end with Tesseract: page 14 of the degraded scan, where Tesseract
// alone drops all seven ≥ of guide item 1003 (`数目 20 个`). The truth is the
// page's ground truth: ≥20, ≥6000, ≥5, ≥10, ≥10, ≥5, ≥10, and no ≤.
TEST(OcrGlyphsTest, TesseractRecoversTheComparatorsOfADegradedPage) {
  std::string why;
  const std::optional<std::string> read = TesseractReadsDegradedPage(14, &why);
  if (!read) GTEST_SKIP() << why;
  const std::string& text = *read;
  std::vector<std::string> numbers;
  for (size_t p = text.find("≥"); p != std::string::npos; p = text.find("≥", p + 1)) {
    size_t e = p + std::string("≥").size(), b = e;
    while (e < text.size() && text[e] >= '0' && text[e] <= '9') ++e;
    numbers.push_back(text.substr(b, e - b));
  }
  EXPECT_EQ(numbers, (std::vector<std::string>{"20", "6000", "5", "10", "10", "5", "10"})) << text;
  EXPECT_EQ(text.find("≤"), std::string::npos) << text;
}

// Page 13 of the degraded scan: chi_sim reads the 1 of `完成1艘大型LNG运输船`
// (the page's ground truth) as `]`, a bracket that closes nothing between
// two Han characters; its ink is read again with digits only.
TEST(OcrGlyphsTest, TesseractRereadsALoneBracketBetweenHanCharacters) {
  std::string why;
  const std::optional<std::string> read = TesseractReadsDegradedPage(13, &why);
  if (!read) GTEST_SKIP() << why;
  const std::string& text = *read;
  EXPECT_NE(text.find("完成1艘大型"), std::string::npos) << text;
  EXPECT_EQ(text.find("]"), std::string::npos) << text;  // the page has no bracket
}

TEST(OcrGlyphsTest, NoPageNoWordsNoCrash) {
  std::vector<Word> words;
  EXPECT_EQ(RecoverComparators(nullptr, kK, &words), 0);
  PixPtr blank(pixCreate(100, 100, 8));
  pixSetAll(blank.get());
  EXPECT_EQ(RecoverComparators(blank.get(), kK, &words), 0);
  EXPECT_EQ(ClassifyComparator(blank.get(), -10, -10, 500, 500), 0u);
  EXPECT_EQ(ClassifyComparator(nullptr, 0, 0, 10, 10), 0u);
}

}  // namespace
}  // namespace gongwen
