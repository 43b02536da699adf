#include "pipeline/ocr.h"

#include <dlfcn.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <leptonica/allheaders.h>
#include <nlohmann/json.hpp>
#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>
#include <tesseract/resultiterator.h>

#include "pipeline/normalize.h"
#include "pipeline/ocr_glyphs.h"
#include "pipeline/raster.h"
#include "pipeline/regex.h"

namespace gongwen {

namespace {

// OpenMP inside Tesseract off. libgomp is loaded with libtesseract at program
// start, before main could set OMP_THREAD_LIMIT, so the equivalent is set on
// the calling thread: no active parallel levels (one thread per region).
void OneOmpThreadHere() {
  setenv("OMP_THREAD_LIMIT", "1", /*overwrite=*/0);
  using Fn = void (*)(int);
  static Fn fn = reinterpret_cast<Fn>(dlsym(RTLD_DEFAULT, "omp_set_max_active_levels"));
  if (fn) fn(0);
}

bool HasCjk(std::string_view s) {
  for (size_t i = 0; i < s.size();)
    if (IsCjk(DecodeUtf8(s, &i))) return true;
  return false;
}

// The Han characters of the basic block and extension A.
bool IsBasicHan(char32_t c) { return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF); }

bool HasHan(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    if (IsBasicHan(DecodeUtf8(s, &i))) return true;
  }
  return false;
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++n) DecodeUtf8(s, &i);
  return n;
}

// The characters of one text line, words[begin, end): a one-character word
// much taller than the line's characters, or off its middle, or a Han
// character much shorter (a box of 1×1 px for 一), gets the line's median
// band.
void EvenLineBoxes(std::vector<Word>* words, size_t begin, size_t end) {
  std::vector<double> mids, heights;
  for (size_t i = begin; i < end; ++i) {
    const Word& w = (*words)[i];
    if (CodePoints(w.text) != 1 || !HasCjk(w.text)) continue;
    mids.push_back((w.box.y0 + w.box.y1) / 2);
    heights.push_back(w.box.y1 - w.box.y0);
  }
  if (mids.size() < 3) return;
  auto median = [](std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    return v[v.size() / 2];
  };
  const double mid = median(mids), h = median(heights);
  if (h <= 0) return;
  for (size_t i = begin; i < end; ++i) {
    Word& w = (*words)[i];
    if (CodePoints(w.text) != 1) continue;
    const double wm = (w.box.y0 + w.box.y1) / 2, wh = w.box.y1 - w.box.y0;
    // A Han character given a box of a pixel or two (the LSTM does this to
    // 一 of `限报一个`) would be dropped as a speck.
    const bool dot = wh < 0.3 * h && HasHan(w.text);
    if (wh > 1.4 * h || dot || std::abs(wm - mid) > 0.35 * h) {
      w.box.y0 = mid - h / 2;
      w.box.y1 = mid + h / 2;
    }
  }
}


}  // namespace

bool HanDigitPair(const Word& a, const Word& b) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  const bool a_cjk = HasCjk(a.text), b_cjk = HasCjk(b.text);
  if (a_cjk == b_cjk || a.text.empty() || b.text.empty()) return false;
  return a_cjk ? HasHan(a.text) && digit(b.text.front()) : HasHan(b.text) && digit(a.text.back());
}

namespace {

// Spaces the page shows between words of one line. The LSTM's symbol boxes
// are not where the ink is (a box often runs into its neighbour's glyph), so
// box gaps cannot tell `南京市 40项` from `南京市40项`; the ink can. Between
// the middles of two words that follow each other on a line, the widest run
// of columns without ink in the band of the two words is measured against the page's character height h; ink is grey below the
// line's InkThreshold (ocr_glyphs.h): a fixed level loses a blurred scan's
// thin strokes (the sweeps of 个 年 日), and the blank beside them grows to a
// space's width.
//  - Between a Han character and a number (HanDigitPair), at least 0.28 h
//    marks a space after the first word (measured on five scans of the 2023
//    guide, 200 dpi, against their ground truth: 0.29–1.0 h in 280 of the 283
//    pairs where the text has a space, 0.00–0.27 h in 819 of the 831 where
//    not, the other 12 at 0.29 h, all in dates: 月 28日; at grey 128 instead
//    94 of the 831 pairs measured 0.3 h or more). Latin letters have wider
//    side bearings (`B类` measured 0.27 h): not measured.
//  - Not between two Han characters in running text: there the ink of glyphs
//    (一, 于, 主) leaves as wide a gap as a space does. Except in the header
//    of a table of numbered rows: a line of Han characters only, above two
//    or more lines that begin with a number and a space and have k ≥ 3
//    space-separated cells, takes spaces at its k − 1 widest gaps when each
//    is at least 0.35 h and 1.3 times the next widest (`序号 地区 最多推荐数`;
//    at grey 128 the thin strokes of 序 号 left cell-wide gaps inside a cell).
// Words are in engine order, boxes in points (× 1/k gives pixels).
void MarkInkSpaces(Pix* pix, double k, std::vector<Word>* words, size_t begin, size_t end) {
  if (!pix || end - begin < 2) return;
  PixPtr grey;  // 1-bit or colour page images are measured as 8-bit grey
  if (pixGetDepth(pix) != 8 || pixGetColormap(pix)) {
    grey.reset(pixConvertTo8(pix, 0));
    if (!grey) return;
    pix = grey.get();
  }
  const double h = MedianCharHeight(*words, begin, end, k);
  if (h < 6) return;
  const int pw = pixGetWidth(pix), ph = pixGetHeight(pix), wpl = pixGetWpl(pix);
  const l_uint32* data = pixGetData(pix);
  // The blank run between a and b, in units of h; 0 when not measurable.
  auto gap = [&](const Word& a, const Word& b, int level) {
    const int x0 = std::max(0, static_cast<int>((a.box.x0 + a.box.x1) / 2 / k));
    const int x1 = std::min(pw, static_cast<int>((b.box.x0 + b.box.x1) / 2 / k));
    if (x1 - x0 < 2) return 0.0;
    // The band: the overlap of the two boxes, which leaves out the tails of
    // neighbouring lines.
    const int y0 = std::max(0, static_cast<int>(std::max(a.box.y0, b.box.y0) / k));
    const int y1 = std::min(ph, static_cast<int>(std::min(a.box.y1, b.box.y1) / k) + 1);
    int run = 0, best = 0;
    for (int x = x0; x < x1; ++x) {
      bool ink = false;
      for (int y = y0; y < y1 && !ink; ++y) ink = GET_DATA_BYTE(data + static_cast<size_t>(y) * wpl, x) < level;
      run = ink ? 0 : run + 1;
      best = std::max(best, run);
    }
    return best / h;
  };
  // Lines in engine order: [first, last) runs of words on one line.
  std::vector<std::pair<size_t, size_t>> lines;
  for (size_t i = begin; i < end; ++i) {
    if (lines.empty() || !SameLine((*words)[i - 1], (*words)[i])) lines.push_back({i, i + 1});
    else lines.back().second = i + 1;
  }
  auto line_level = [&](size_t first, size_t last) {
    Box band = (*words)[first].box;
    for (size_t i = first; i < last; ++i) {
      const Box& b = (*words)[i].box;
      band = Box{std::min(band.x0, b.x0), std::min(band.y0, b.y0), std::max(band.x1, b.x1), std::max(band.y1, b.y1)};
    }
    return InkThreshold(pix, static_cast<int>(band.x0 / k), static_cast<int>(band.y0 / k),
                        static_cast<int>(band.x1 / k) + 1, static_cast<int>(band.y1 / k) + 1);
  };
  for (const auto& [first, last] : lines) {
    int level = -1;
    for (size_t i = first; i + 1 < last; ++i) {
      Word& a = (*words)[i];
      const Word& b = (*words)[i + 1];
      if (!HanDigitPair(a, b)) continue;
      if (level < 0) level = line_level(first, last);
      if (gap(a, b, level) >= 0.28) a.space_after = true;
    }
  }
  // Headers of numbered tables.
  auto is_digits = [](const std::string& t) {
    return !t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  auto row_cells = [&](size_t l) -> int {
    const auto [first, last] = lines[l];
    if (last - first < 3 || !is_digits((*words)[first].text) || !(*words)[first].space_after) return 0;
    int cells = 1;
    for (size_t i = first; i + 1 < last; ++i) cells += (*words)[i].space_after;
    return cells;
  };
  for (size_t l = 0; l + 2 < lines.size(); ++l) {
    const auto [first, last] = lines[l];
    if (last - first < 4 || last - first > 16) continue;
    bool han = true;
    for (size_t i = first; i < last && han; ++i) han = CodePoints((*words)[i].text) == 1 && HasHan((*words)[i].text);
    const int cells = row_cells(l + 1);
    if (!han || cells < 3 || row_cells(l + 2) != cells || static_cast<size_t>(cells) > last - first) continue;
    const int level = line_level(first, last);
    std::vector<std::pair<double, size_t>> gaps;
    for (size_t i = first; i + 1 < last; ++i) gaps.push_back({gap((*words)[i], (*words)[i + 1], level), i});
    std::sort(gaps.begin(), gaps.end(), std::greater<>());
    const size_t n = static_cast<size_t>(cells - 1);
    if (gaps.size() <= n) continue;
    if (gaps[n - 1].first < 0.35 || gaps[n - 1].first < 1.3 * gaps[n].first) continue;
    for (size_t j = 0; j < n; ++j) (*words)[gaps[j].second].space_after = true;
  }
}

}  // namespace

void ClampNumberBoxes(std::vector<Word>* words) {
  std::vector<Word>& ws = *words;
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  // A number, signed or not, and the Latin run read with it (`-150V`,
  // `20Gbps`): ASCII only, no blank.
  auto number = [&](const std::string& t) {
    const size_t d = !t.empty() && (t[0] == '-' || t[0] == '+') ? 1 : 0;
    return t.size() > d && digit(t[d]) &&
           std::all_of(t.begin(), t.end(), [](char c) { return c > ' ' && static_cast<unsigned char>(c) < 0x80; });
  };
  for (size_t i = 0; i < ws.size(); ++i) {
    Word& w = ws[i];
    if (!number(w.text)) continue;
    const double h = w.box.y1 - w.box.y0;
    // The engine's order is the reading order, but the layout orders a
    // line's words by their boxes: a number boxed from the left edge of the
    // punctuation read before it (`考核，-150V器件`: both boxes began at the
    // comma) would be put before it. It starts where that word ends.
    if (i > 0 && SameLine(ws[i - 1], w) && ws[i - 1].box.x0 >= w.box.x0 - 0.1 * h &&
        ws[i - 1].box.x1 > w.box.x0 && ws[i - 1].box.x1 < w.box.x1 - 0.3 * h)
      w.box.x0 = ws[i - 1].box.x1;
    const Word* next = nullptr;  // the nearest word starting right of w's left edge on its line
    for (size_t j = 0; j < ws.size(); ++j) {
      if (j == i || ws[j].box.x0 <= w.box.x0 || !SameLine(w, ws[j])) continue;
      if (!next || ws[j].box.x0 < next->box.x0) next = &ws[j];
    }
    // A neighbour that starts right at the number (its box lagging too)
    // says nothing of where the number ends: at least 0.3 of the box's
    // height per character is left, or nothing changes.
    if (!next || next->box.x0 >= w.box.x1) continue;
    if (next->box.x0 - w.box.x0 < 0.3 * h * static_cast<double>(w.text.size())) continue;
    w.box.x1 = next->box.x0;
  }
}

namespace {

// The full stop of a list number (`1．申报企业…`, the third level of
// headings in GB/T 9704) is a dot at the foot of a full-width cell: the LSTM
// reads it as `.`, `.，` or drops it. Whether there is a stop, and which, is
// on the page: on a line whose first word is a number of one or two digits
// (with or without a stop read after it) and whose next word that is not
// punctuation is Han, the columns from the number to the middle of that Han
// character are cut into runs of ink (8-bit grey below 128, in the band of
// the Han character). A stop is a run of 0.08–0.3 h both ways in the lower
// half of the band, at most 0.3 h after a run of a digit's height and after
// as many such runs as the number has digits (specks in a degraded scan, a
// pixel or two, inside a number or in the wide gap of a numbered table
// row, are not stops). The blank after it tells which: at least 0.7 h is
// the rest of a full-width cell (`1．`, measured 0.88–1.10 h on the 2023
// guide's scans), less an ASCII `.`, with or without a space (`6. 项目`,
// 0.45 h; the ASCII stop's cell is a quarter of an em, a space another
// quarter to a third). Without such a dot nothing changes (`1 南京市 40项`,
// a row of a numbered table, has none).
void MarkListStops(Pix* pix, double k, std::vector<Word>* words) {
  std::vector<Word>& ws = *words;
  if (!pix || ws.size() < 3 || pixGetDepth(pix) != 8 || pixGetColormap(pix)) return;
  const double h = MedianCharHeight(ws, 0, ws.size(), k, IsBasicHan);
  if (h < 8) return;
  const int pw = pixGetWidth(pix), ph = pixGetHeight(pix), wpl = pixGetWpl(pix);
  const l_uint32* data = pixGetData(pix);
  auto stop_text = [](const std::string& t) {
    return t == "." || t == "．" || t == "，" || t == "," || t == "、" || t == "。" || t == ".，" || t == ".,";
  };
  std::vector<Word> out;
  out.reserve(ws.size() + 8);
  for (size_t i = 0; i < ws.size(); ++i) {
    const bool first = i == 0 || !SameLine(ws[i - 1], ws[i]);
    std::string digits = ws[i].text;
    while (!digits.empty() && (digits.back() == '.' || digits.back() == ',')) digits.pop_back();
    const bool number = first && !digits.empty() && digits.size() <= 2 &&
                        std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
    size_t n = i + 1;  // the first Han word after the number and its punctuation
    while (number && n < ws.size() && n < i + 3 && stop_text(ws[n].text) && SameLine(ws[i], ws[n])) ++n;
    if (!number || n >= ws.size() || !SameLine(ws[i], ws[n]) || !HasHan(ws[n].text) || CodePoints(ws[n].text) != 1) {
      out.push_back(std::move(ws[i]));
      continue;
    }
    const Word& han = ws[n];
    const int x0 = std::max(0, static_cast<int>(ws[i].box.x0 / k));
    const int x1 = std::min(pw, static_cast<int>((han.box.x0 + han.box.x1) / 2 / k));
    const int y0 = std::max(0, static_cast<int>(han.box.y0 / k));
    const int y1 = std::min(ph, static_cast<int>(han.box.y1 / k + 0.1 * h) + 1);
    struct Run { int x0, x1, top, bottom; };
    std::vector<Run> runs;
    for (int x = x0; x < x1; ++x) {
      int top = -1, bottom = -1;
      for (int y = y0; y < y1; ++y)
        if (GET_DATA_BYTE(data + static_cast<size_t>(y) * wpl, x) < 128) {
          if (top < 0) top = y;
          bottom = y;
        }
      if (top < 0) continue;
      if (!runs.empty() && runs.back().x1 == x) {
        Run& r = runs.back();
        r.x1 = x + 1, r.top = std::min(r.top, top), r.bottom = std::max(r.bottom, bottom);
      } else {
        runs.push_back({x, x + 1, top, bottom});
      }
    }
    // runs: the digits (tall), perhaps a dot, then the Han character's ink.
    int dot = -1;
    size_t tall = 0;  // runs of a digit's height so far
    for (size_t r = 1; r + 1 < runs.size(); ++r) {
      const Run& u = runs[r];
      tall += runs[r - 1].bottom - runs[r - 1].top + 1 >= 0.4 * h;
      const int uw = u.x1 - u.x0, uh = u.bottom - u.top + 1;
      const bool dot_sized = uw <= 0.3 * h && uh <= 0.3 * h && uw >= 0.08 * h && uh >= 0.08 * h;
      const bool low = u.top >= (y0 + y1) / 2;
      const bool after_digits = tall >= digits.size() && runs[r - 1].bottom - runs[r - 1].top + 1 >= 0.4 * h;
      const bool close = u.x0 - runs[r - 1].x1 <= 0.3 * h;
      if (dot_sized && low && after_digits && close) {
        dot = static_cast<int>(r);
        break;
      }
    }
    if (dot < 0) {
      out.push_back(std::move(ws[i]));
      continue;
    }
    const Run& d = runs[dot];
    const bool full = (runs[dot + 1].x0 - d.x1) >= 0.7 * h;
    // One word, the number and its stop, as a text layer gives it.
    Word num = ws[i];
    num.text = digits + (full ? "．" : ".");
    // A full-width stop's cell runs on to the next character: its blank is
    // no space between words.
    num.box.x1 = std::max(num.box.x0 + 1, (full ? runs[dot + 1].x0 - 1 : d.x1) * k);
    for (size_t j = i + 1; j < n; ++j) num.confidence = std::min(num.confidence, ws[j].confidence);
    num.space_after = false;  // the blank MarkInkSpaces measured after the digits was the stop's
    out.push_back(std::move(num));
    i = n - 1;  // the punctuation read between them gives way to the stop
  }
  ws = std::move(out);
}

// A box of ink on the page image, in pixels.
struct InkRect {
  int x0, y0, x1, y1;
};

namespace {

// chi_sim reads the upper circle of a serif % as a 9 (`4%` as `49%`, `5%`
// as `59%6` on fresh 200 dpi scans of the 2023 guide; confidence 0.4–0.73):
// in a word read with confidence under 0.8 that ends in 9% (a 6 or
// punctuation may follow), the 9 is dropped when the ink has one digit
// fewer than the word before its % (DigitGlyphsBeforePercent). A 9 the ink
// has, and anything read with confidence, stays.
void DropPercentNines(const Pix* pix, double k, std::vector<Word>* words) {
  if (!pix || words->size() < 5) return;
  const double h = MedianCharHeight(*words, 0, words->size(), k);
  if (h < 6) return;
  static const RE2& re = CompileOrDie("number read with a 9 for a %'s circle", R"(^(\d+)9%6?(\p{P}*)$)");
  for (Word& w : *words) {
    std::string digits, punct;
    if (w.confidence >= 0.8f || !RE2::FullMatch(w.text, re, &digits, &punct)) continue;
    const int y_mid = static_cast<int>((w.box.y0 + w.box.y1) / 2 / k);
    const int n = DigitGlyphsBeforePercent(pix, static_cast<int>(w.box.x0 / k - 0.3 * h), static_cast<int>(y_mid - 0.6 * h),
                                           static_cast<int>(w.box.x1 / k), static_cast<int>(y_mid + 0.6 * h), h);
    if (n == static_cast<int>(digits.size())) w.text = digits + "%" + punct;
  }
}

}  // namespace

class TesseractOcr : public OcrEngine {
 public:
  explicit TesseractOcr(TesseractOptions opts) : opts_(std::move(opts)) {}
  ~TesseractOcr() override {
    api_.End();
    digits_.End();
  }

  Status Init() {
    OneOmpThreadHere();
    // Check the language data first, for a message that names the package.
    std::string dir = opts_.datapath;
    if (dir.empty()) {
      const char* env = std::getenv("TESSDATA_PREFIX");
      dir = env && *env ? env : "/usr/share/tesseract-ocr/5/tessdata";
    }
    std::string langs = opts_.languages;
    for (size_t s = 0, e; s < langs.size(); s = e + 1) {
      e = langs.find('+', s);
      if (e == std::string::npos) e = langs.size();
      std::string lang = langs.substr(s, e - s);
      std::error_code ec;
      if (!std::filesystem::exists(std::filesystem::path(dir) / (lang + ".traineddata"), ec)) {
        std::string pkg = "tesseract-ocr-" + lang;
        for (char& c : pkg) if (c == '_') c = '-';
        return Status::Unsupported(fmt::format(
            "OCR needs Tesseract's {} language data, not found in {} (install the Debian package {})",
            lang, dir, pkg));
      }
    }
    if (api_.Init(opts_.datapath.empty() ? nullptr : opts_.datapath.c_str(), langs.c_str(),
                  tesseract::OEM_LSTM_ONLY) != 0)
      return Status::Unsupported(fmt::format(
          "Tesseract failed to load {} (install the Debian package tesseract-ocr-chi-sim)", langs));
    api_.SetPageSegMode(static_cast<tesseract::PageSegMode>(opts_.psm));
    api_.SetVariable("preserve_interword_spaces", "1");
    api_.SetVariable("debug_file", "/dev/null");
    return Status::Ok();
  }

  Result<OcrResult> Recognize(const OcrRequest& req) override {
    OneOmpThreadHere();
    if (!req.pix) return Status::Internal("no page image");
    const auto t0 = std::chrono::steady_clock::now();
    PixPtr clean;
    if (opts_.despeckle && pixGetDepth(const_cast<Pix*>(req.pix)) == 8) {
      clean.reset(pixCopy(nullptr, const_cast<Pix*>(req.pix)));
      if (clean) RemoveSpecks(clean.get(), req.dpi);
    }
    api_.SetImage(clean ? clean.get() : const_cast<Pix*>(req.pix));
    if (req.dpi > 0) api_.SetSourceResolution(static_cast<int>(req.dpi + 0.5));
    tesseract::ETEXT_DESC monitor;
    if (req.time_limit_ms > 0) monitor.set_deadline_msecs(req.time_limit_ms);
    int rc = api_.Recognize(&monitor);
    OcrResult out;
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (req.time_limit_ms > 0 && monitor.deadline_exceeded()) {
      api_.Clear();
      return Status::InvalidInput(fmt::format("OCR time limit of {:.0f} s exceeded", req.time_limit_ms / 1000.0));
    }
    if (rc != 0) {
      api_.Clear();
      return Status::InvalidInput("Tesseract could not recognize the page");
    }
    const double k = 72.0 / (req.dpi > 0 ? req.dpi : 300.0);
    Collect(k, &out.words);
    Pix* page = clean ? clean.get() : const_cast<Pix*>(req.pix);
    bool reset = false;  // ≥ ≤ are not in chi_sim: looked for on the image
    RecoverComparators(page, k, &out.words, ReadGlyphFn(page, req.dpi, &monitor, &reset));
    if (reset) {
      api_.SetImage(page);
      if (req.dpi > 0) api_.SetSourceResolution(static_cast<int>(req.dpi + 0.5));
    }
    RereadLoneBrackets(page, k, &out.words, &monitor);
    DropPercentNines(page, k, &out.words);
    reset = false;
    RereadShortLines(page, k, req.dpi, &out.words, &monitor, &reset);
    if (reset) {
      api_.SetImage(page);
      if (req.dpi > 0) api_.SetSourceResolution(static_cast<int>(req.dpi + 0.5));
    }
    MarkInkSpaces(page, k, &out.words, 0, out.words.size());
    MarkListStops(page, k, &out.words);
    if (opts_.leftover_lines) RereadPageNumber(page, k, &out.words, &monitor);
    if (opts_.leftover_lines) RecognizeLeftovers(page, k, &monitor, &out.words);
    ClampNumberBoxes(&out.words);
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    api_.Clear();
    return out;
  }

 private:
  // Appends the words of the last recognition (boxes × k: pixels to points).
  void Collect(double k, std::vector<Word>* words) {
    std::vector<Word>& out = *words;
    std::unique_ptr<tesseract::ResultIterator> it(api_.GetIterator());
    size_t line_begin = out.size();
    if (it) {
      do {
        if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE)) {
          EvenLineBoxes(&out, line_begin, out.size());
          line_begin = out.size();
        }
        if (it->Empty(tesseract::RIL_WORD)) continue;
        std::unique_ptr<char[]> wt(it->GetUTF8Text(tesseract::RIL_WORD));
        if (!wt || !wt[0]) continue;
        std::string word = wt.get();
        if (word.find_first_not_of(" \t") == std::string::npos) continue;
        float wconf = it->Confidence(tesseract::RIL_WORD) / 100.0f;
        int l, t, r, b;
        if (!HasCjk(word)) {
          if (!it->BoundingBox(tesseract::RIL_WORD, &l, &t, &r, &b)) continue;
          // The LSTM sometimes gives a word a box of a few pixels (1003 in
          // front of a title got 2×2): take its line's height then, so that
          // layout neither drops it as a speck nor misplaces it.
          int ll, lt, lr, lb;
          if (b - t < 4 && it->BoundingBox(tesseract::RIL_TEXTLINE, &ll, &lt, &lr, &lb) && lb - lt > b - t) {
            t = lt, b = lb;
            r = std::max(r, l + static_cast<int>(CodePoints(word)) * (lb - lt) / 2);
          }
          out.push_back({word, Box{l * k, t * k, r * k, b * k}, wconf});
          continue;
        }
        // CJK: one Word per symbol, as from a text layer; a run of other
        // symbols (1003 before a title, LNG) stays one Word, as Latin runs
        // do there.
        const size_t word_begin = out.size();
        do {
          std::unique_ptr<char[]> st(it->GetUTF8Text(tesseract::RIL_SYMBOL));
          // The LSTM model emits space symbols inside words and sometimes a
          // symbol box that runs over its neighbours: skip the first, clamp the
          // second (a CJK glyph is about square).
          std::string sym = st ? st.get() : "";
          bool blank = sym.find_first_not_of(" \t") == std::string::npos;
          if (!blank && it->BoundingBox(tesseract::RIL_SYMBOL, &l, &t, &r, &b)) {
            if (r - l > 1.5 * (b - t) && HasCjk(sym)) r = l + (b - t);
            const float c = it->Confidence(tesseract::RIL_SYMBOL) / 100.0f;
            if (!HasCjk(sym) && out.size() > word_begin && !HasCjk(out.back().text)) {
              Word& prev = out.back();
              const size_t n = CodePoints(prev.text);
              prev.confidence = (prev.confidence * n + c) / (n + 1);
              prev.text += sym;
              prev.box = Box{std::min(prev.box.x0, l * k), std::min(prev.box.y0, t * k),
                             std::max(prev.box.x1, r * k), std::max(prev.box.y1, b * k)};
            } else {
              out.push_back({sym, Box{l * k, t * k, r * k, b * k}, c});
            }
          }
          if (it->IsAtFinalElement(tesseract::RIL_WORD, tesseract::RIL_SYMBOL)) break;
        } while (it->Next(tesseract::RIL_SYMBOL));
      } while (it->Next(tesseract::RIL_WORD));
    }
    EvenLineBoxes(&out, line_begin, out.size());
  }

  // A few glyphs of `page` alone (a copy with a white margin), read as one
  // line (ocr_glyphs.h). Sets *reset when the engine's image is no longer
  // the page.
  GlyphReader ReadGlyphFn(Pix* page, double dpi, tesseract::ETEXT_DESC* monitor, bool* reset) {
    return [this, page, dpi, monitor, reset](int x0, int y0, int x1, int y1) {
      std::string got;
      if (monitor->deadline_exceeded() || x1 <= x0 || y1 <= y0) return got;
      BOX* box = boxCreate(x0, y0, x1 - x0, y1 - y0);
      PixPtr crop(pixClipRectangle(page, box, nullptr));
      boxDestroy(&box);
      if (!crop) return got;
      PixPtr padded(pixAddBorder(crop.get(), std::max(4, (y1 - y0) / 2), pixGetDepth(crop.get()) == 8 ? 255 : 0));
      if (!padded) return got;
      api_.SetImage(padded.get());
      if (dpi > 0) api_.SetSourceResolution(static_cast<int>(dpi + 0.5));
      *reset = true;
      api_.SetPageSegMode(tesseract::PSM_SINGLE_LINE);
      if (api_.Recognize(monitor) == 0) {
        std::unique_ptr<char[]> t(api_.GetUTF8Text());
        if (t) got = t.get();
      }
      api_.SetPageSegMode(static_cast<tesseract::PageSegMode>(opts_.psm));
      got.erase(std::remove_if(got.begin(), got.end(), [](char c) { return c == ' ' || c == '\n'; }), got.end());
      return got;
    };
  }

  // The ink of `r` on `pix`, alone on white with `margin` pixels around it,
  // read as a line of digits by DigitsEngine; *conf its mean confidence in
  // [0, 1]. "" when there is no engine or nothing was read.
  std::string ReadDigits(Pix* pix, const InkRect& r, int margin, double dpi, tesseract::ETEXT_DESC* monitor,
                         float* conf, bool one_char = false) {
    *conf = 0;
    std::string number;
    const int mw = r.x1 - r.x0, mh = r.y1 - r.y0;
    if (mw <= 0 || mh <= 0) return number;
    PixPtr digits_img(pixCreate(mw + 2 * margin, mh + 2 * margin, 8));
    if (!digits_img) return number;
    pixSetAllArbitrary(digits_img.get(), 255);
    PixPtr grey;
    Pix* src = pix;
    if (pixGetDepth(pix) != 8 || pixGetColormap(pix)) {
      grey.reset(pixConvertTo8(pix, 0));
      if (!grey) return number;
      src = grey.get();
    }
    pixRasterop(digits_img.get(), margin, margin, mw, mh, PIX_SRC, src, r.x0, r.y0);
    pixSetResolution(digits_img.get(), static_cast<int>(dpi + 0.5), static_cast<int>(dpi + 0.5));
    tesseract::TessBaseAPI* digits_api = DigitsEngine();
    if (!digits_api) return number;
    digits_api->SetImage(digits_img.get());
    if (dpi > 0) digits_api->SetSourceResolution(static_cast<int>(dpi + 0.5));
    if (one_char) digits_api->SetPageSegMode(tesseract::PSM_SINGLE_CHAR);
    if (digits_api->Recognize(monitor) == 0) {
      std::unique_ptr<char[]> text(digits_api->GetUTF8Text());
      for (const char* c = text ? text.get() : ""; *c; ++c)
        if (*c != ' ' && *c != '\n' && *c != '\f') number += *c;
      *conf = digits_api->MeanTextConf() / 100.0f;
    }
    if (one_char) digits_api->SetPageSegMode(tesseract::PSM_SINGLE_LINE);
    digits_api->Clear();
    return number;
  }

  // chi_sim reads a lone 1 before a Han measure word as `]` (`完成 ] 艘`
  // for 完成1艘). A `]` word between two Han characters on a line with no
  // opening bracket before it ([ ［ 【 〔 〖) closes nothing: its ink is read
  // again by DigitsEngine as one character, and one digit read with
  // confidence 0.6 or more replaces it (the 1 of 完成1艘 in the 2023 guide's
  // scans read 0.69–0.93). A bracket that does close something has its opening half
  // on its line (`〔2018] 353号`, the ASCII half of 〕 as chi_sim reads it)
  // or stands before a number or punctuation, not between Han characters.
  void RereadLoneBrackets(Pix* pix, double k, std::vector<Word>* words, tesseract::ETEXT_DESC* monitor) {
    std::vector<Word>& ws = *words;
    if (!pix || ws.size() < 3) return;
    auto ends_han = [](const std::string& t) {
      size_t i = 0;
      char32_t c = 0;
      while (i < t.size()) c = DecodeUtf8(t, &i);
      return IsHan(c);
    };
    auto starts_han = [](const std::string& t) {
      size_t i = 0;
      return !t.empty() && IsHan(DecodeUtf8(t, &i));
    };
    const double ch = MedianCharHeight(ws, 0, ws.size(), k);
    if (ch < 6) return;
    const int pw = pixGetWidth(pix), ph = pixGetHeight(pix);
    size_t line_first = 0;
    for (size_t i = 1; i + 1 < ws.size(); ++i) {
      if (!SameLine(ws[i - 1], ws[i])) line_first = i;
      if (ws[i].text != "]" || !SameLine(ws[i], ws[i + 1]) || i == line_first) continue;
      if (!ends_han(ws[i - 1].text) || !starts_han(ws[i + 1].text)) continue;
      bool opened = false;
      for (size_t j = line_first; j < i && !opened; ++j)
        for (const char* o : {"[", "［", "【", "〔", "〖"}) opened = opened || ws[j].text.find(o) != std::string::npos;
      if (opened) continue;
      // The LSTM's box lags behind the ink (by up to half a character on
      // the 2023 guide's scans): the glyph is looked for from 0.8 of a
      // character before the box to its end, as the leftmost component
      // there of a digit's shape (0.5–0.9 of a character high, at most 0.45
      // of one wide; the parts of a Han character are a full one high) that
      // lies wholly inside.
      const Box& b = ws[i].box;
      const int wx0 = std::max(0, static_cast<int>(b.x0 / k - 0.8 * ch)), wx1 = std::min(pw, static_cast<int>(b.x1 / k) + 1);
      const int wy0 = std::max(0, static_cast<int>(b.y0 / k)), wy1 = std::min(ph, static_cast<int>(b.y1 / k) + 1);
      if (wx1 - wx0 < 4 || wy1 - wy0 < 4) continue;
      BOX* clip = boxCreate(wx0, wy0, wx1 - wx0, wy1 - wy0);
      PixPtr win(pixClipRectangle(pix, clip, nullptr));
      boxDestroy(&clip);
      if (!win) continue;
      PixPtr bin(pixThresholdToBinary(win.get(), InkThreshold(win.get(), 0, 0, wx1 - wx0, wy1 - wy0)));
      if (!bin) continue;
      BOXA* boxes = pixConnComp(bin.get(), nullptr, 8);
      int n = 0;
      InkRect r{};
      for (int bi = 0; boxes && bi < boxaGetCount(boxes); ++bi) {
        l_int32 x, y, w, h;
        boxaGetBoxGeometry(boxes, bi, &x, &y, &w, &h);
        if (h < 0.5 * ch || h > 0.9 * ch || w > 0.45 * ch || x == 0 || x + w >= wx1 - wx0) continue;
        if (n++ == 0 || wx0 + x < r.x0) r = InkRect{wx0 + x, wy0 + y, wx0 + x + w, wy0 + y + h};  // the leftmost
      }
      boxaDestroy(&boxes);
      if (std::getenv("GONGWEN_GLYPHS") && n == 0)
        std::fprintf(stderr, "lone ] between %s and %s: no digit-shaped glyph\n", ws[i - 1].text.c_str(), ws[i + 1].text.c_str());
      if (n == 0) continue;
      float conf = 0;
      const std::string got = ReadDigits(pix, r, static_cast<int>(ch / 2), 72.0 / k, monitor, &conf, true);
      if (std::getenv("GONGWEN_GLYPHS"))
        std::fprintf(stderr, "lone ] between %s and %s: digits \"%s\" %.2f\n", ws[i - 1].text.c_str(),
                     ws[i + 1].text.c_str(), got.c_str(), conf);
      if (got.size() == 1 && got[0] >= '0' && got[0] <= '9' && conf >= 0.6f) {
        ws[i].text = got;
        ws[i].confidence = conf;
      }
    }
  }

  // A page number as official documents print it, `— 7 —` (GB/T 9704): a
  // strip of components whose first and last are flat bars (at least three
  // times as wide as high, at most a quarter of a character high, and a third
  // of a character wide), at the middle height of one or more components of a
  // digit's height and at most 0.8 of a character wide (fragments of them,
  // smaller than a third of a character both ways, may lie among them). The bars are dashes whatever the engine says; only the
  // middle is recognized, as a line of digits by DigitsEngine (chi_sim read a
  // lone 2 as 太 and 3 as 弛), on an image of its own: the middle's ink on
  // white, with a margin of half a character.
  // True when the strip was read so; otherwise (no bars, or no digits read)
  // it is left to the ordinary pass.
  bool RecognizePageNumber(Pix* pix, double dpi, const std::vector<InkRect>& comps, double ch, double k,
                           tesseract::ETEXT_DESC* monitor, std::vector<Word>* words) {
    if (!pix || comps.size() < 3) return false;
    auto bar = [ch](const InkRect& r) {
      const int w = r.x1 - r.x0, h = r.y1 - r.y0;
      return w >= 3 * h && h <= 0.25 * ch && w >= ch / 3;
    };
    const InkRect& left = comps.front();
    const InkRect& right = comps.back();
    if (!bar(left) || !bar(right)) return false;
    InkRect mid{pixGetWidth(pix), pixGetHeight(pix), 0, 0};
    int tall = 0;
    for (size_t i = 1; i + 1 < comps.size(); ++i) {
      const InkRect& r = comps[i];
      const int w = r.x1 - r.x0, h = r.y1 - r.y0;
      if (h > 1.2 * ch || w > 0.8 * ch) return false;  // a Han character is wider than a digit
      if (h >= 0.4 * ch) ++tall;
      else if (h >= ch / 3 || w >= ch / 3) return false;
      mid = {std::min(mid.x0, r.x0), std::min(mid.y0, r.y0), std::max(mid.x1, r.x1), std::max(mid.y1, r.y1)};
    }
    if (tall == 0 || mid.x1 - mid.x0 > 5 * ch) return false;  // no digit, or more than a few
    for (const InkRect* b : {&left, &right})  // the bars at the digits' middle height, as dashes are
      if ((b->y0 + b->y1) / 2 < mid.y0 || (b->y0 + b->y1) / 2 > mid.y1) return false;
    float conf = 0;
    const std::string number = ReadDigits(pix, mid, static_cast<int>(ch / 2), dpi, monitor, &conf);
    if (number.empty() || number.size() > 4 ||
        !std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return false;
    auto dash = [&](const InkRect& r) {
      // The dash's band is the digits' (a bar's own box is a point or two high).
      return Word{"—", Box{r.x0 * k, mid.y0 * k, r.x1 * k, mid.y1 * k}, 1.0f};
    };
    words->push_back(dash(left));
    words->push_back({number, Box{mid.x0 * k, mid.y0 * k, mid.x1 * k, mid.y1 * k}, conf});
    words->push_back(dash(right));
    return true;
  }

  // The page's last line of words, when it is short (at most 5 characters,
  // at most 6 characters' height wide, below every other word): the layout
  // read a page number there, often wrongly (`— 3 —` as 本). Its ink, the
  // components in its band, is read again as a page number when it is one;
  // the words are then replaced.
  void RereadPageNumber(Pix* pix, double k, std::vector<Word>* words, tesseract::ETEXT_DESC* monitor) {
    std::vector<Word>& ws = *words;
    if (!pix || ws.size() < 6) return;
    const double ch = MedianCharHeight(ws, 0, ws.size(), k);
    if (ch < 6) return;
    double bottom_mid = -1e18;
    for (const Word& w : ws) bottom_mid = std::max(bottom_mid, (w.box.y0 + w.box.y1) / 2 / k);
    std::vector<size_t> line;
    size_t cps = 0;
    double x0 = 1e18, x1 = -1e18, y0 = 1e18, y1 = -1e18;
    for (size_t i = 0; i < ws.size(); ++i) {
      const Box& b = ws[i].box;
      if (std::abs((b.y0 + b.y1) / 2 / k - bottom_mid) > ch / 2) continue;
      line.push_back(i);
      cps += CodePoints(ws[i].text);
      x0 = std::min(x0, b.x0 / k), x1 = std::max(x1, b.x1 / k), y0 = std::min(y0, b.y0 / k), y1 = std::max(y1, b.y1 / k);
    }
    if (line.empty() || cps > 5 || x1 - x0 > 6 * ch) return;
    for (size_t i = 0; i < ws.size(); ++i)  // another word reaching into the band: not a line of its own
      if (std::find(line.begin(), line.end(), i) == line.end() && ws[i].box.y1 / k > bottom_mid - ch / 2) return;
    const int pw = pixGetWidth(pix), ph = pixGetHeight(pix);
    const int bx0 = std::max(0, static_cast<int>(x0 - 2 * ch)), bx1 = std::min(pw, static_cast<int>(x1 + 2 * ch));
    const int by0 = std::max(0, static_cast<int>(bottom_mid - ch)), by1 = std::min(ph, static_cast<int>(bottom_mid + ch));
    if (bx1 - bx0 < 4 || by1 - by0 < 4) return;
    BOX* clip = boxCreate(bx0, by0, bx1 - bx0, by1 - by0);
    PixPtr band(pixClipRectangle(pix, clip, nullptr));
    boxDestroy(&clip);
    if (!band) return;
    PixPtr bin(pixConvertTo1(band.get(), 160));
    if (!bin) return;
    BOXA* boxa = pixConnComp(bin.get(), nullptr, 8);
    if (!boxa) return;
    std::vector<InkRect> comps;
    for (int i = 0, n = boxaGetCount(boxa); i < n; ++i) {
      l_int32 x, y, bw, bh;
      if (boxaGetBoxGeometry(boxa, i, &x, &y, &bw, &bh) != 0 || (bw <= 3 && bh <= 3)) continue;
      comps.push_back({bx0 + x, by0 + y, bx0 + x + bw, by0 + y + bh});
    }
    boxaDestroy(&boxa);
    std::sort(comps.begin(), comps.end(), [](const InkRect& a, const InkRect& b) { return a.x0 < b.x0; });
    const size_t before = ws.size();
    if (!RecognizePageNumber(pix, 72.0 / k, comps, ch, k, monitor, words)) return;
    std::vector<Word> out;
    for (size_t i = 0; i < ws.size(); ++i)
      if (i >= before || std::find(line.begin(), line.end(), i) == line.end()) out.push_back(std::move(ws[i]));
    ws = std::move(out);
  }

  // Ink that the page's layout analysis left out above or below all the
  // words (Tesseract drops a page number `— 1 —` alone at the foot of a
  // page): connected components of about the size of characters, grouped
  // into lines, each line recognized by itself (PSM_SINGLE_LINE). Ruling
  // lines and pictures are too long or too high to be taken; a line needs two
  // components or more.
  void RecognizeLeftovers(Pix* pix, double k, tesseract::ETEXT_DESC* monitor, std::vector<Word>* words) {
    if (!pix || words->size() < 5) return;
    const double ch = MedianCharHeight(*words, 0, words->size(), k);  // a character's height in pixels
    if (ch < 6) return;
    PixPtr bin(pixConvertTo1(pix, 160));
    if (!bin) return;
    BOXA* boxa = pixConnComp(bin.get(), nullptr, 8);
    if (!boxa) return;
    using Rect = InkRect;
    std::vector<Rect> covered;
    for (const Word& w : *words)
      covered.push_back({static_cast<int>(w.box.x0 / k) - 3, static_cast<int>(w.box.y0 / k) - 3,
                         static_cast<int>(w.box.x1 / k) + 3, static_cast<int>(w.box.y1 / k) + 3});
    // Only above or below all the words: inside the text, the LSTM's narrow
    // character boxes leave parts of recognized characters uncovered.
    double top = 1e18, bottom = -1e18;
    for (const Rect& c : covered) top = std::min<double>(top, c.y0), bottom = std::max<double>(bottom, c.y1);
    std::vector<Rect> left;
    for (int i = 0, n = boxaGetCount(boxa); i < n; ++i) {
      l_int32 x, y, bw, bh;
      if (boxaGetBoxGeometry(boxa, i, &x, &y, &bw, &bh) != 0) continue;
      if ((bw <= 3 && bh <= 3) || bw > 4 * ch || bh > 1.5 * ch) continue;
      Rect r{x, y, x + bw, y + bh};
      if (r.y0 < bottom && r.y1 > top) continue;
      bool hit = false;
      for (const Rect& c : covered)
        if (r.x0 < c.x1 && c.x0 < r.x1 && r.y0 < c.y1 && c.y0 < r.y1) {
          hit = true;
          break;
        }
      if (!hit) left.push_back(r);
    }
    boxaDestroy(&boxa);
    if (left.size() < 2) return;
    // Lines: components whose middles lie within half a character's height,
    // split where the gap is wider than three characters.
    std::sort(left.begin(), left.end(), [](const Rect& a, const Rect& b) { return a.y0 + a.y1 < b.y0 + b.y1; });
    std::vector<std::vector<Rect>> lines;
    for (const Rect& r : left) {
      if (lines.empty() || std::abs((r.y0 + r.y1) / 2.0 - (lines.back()[0].y0 + lines.back()[0].y1) / 2.0) > ch / 2)
        lines.push_back({});
      lines.back().push_back(r);
    }
    std::vector<Rect> strips;
    std::vector<std::vector<Rect>> parts;  // each strip's components, left to right
    for (auto& l : lines) {
      std::sort(l.begin(), l.end(), [](const Rect& a, const Rect& b) { return a.x0 < b.x0; });
      size_t s = 0;
      for (size_t i = 1; i <= l.size(); ++i) {
        if (i < l.size() && l[i].x0 - l[i - 1].x1 <= 3 * ch) continue;
        if (i - s >= 2) {
          Rect u = l[s];
          for (size_t j = s; j < i; ++j)
            u = {std::min(u.x0, l[j].x0), std::min(u.y0, l[j].y0), std::max(u.x1, l[j].x1), std::max(u.y1, l[j].y1)};
          if (u.y1 - u.y0 >= 0.4 * ch) {
            strips.push_back(u);
            parts.emplace_back(l.begin() + s, l.begin() + i);
          }
        }
        s = i;
      }
    }
    if (strips.empty() || strips.size() > 12) return;  // many: a picture or a table, not lost lines
    const int pw = pixGetWidth(pix), ph = pixGetHeight(pix);
    api_.SetPageSegMode(tesseract::PSM_SINGLE_LINE);
    for (size_t si = 0; si < strips.size(); ++si) {
      const Rect& u = strips[si];
      if (monitor->deadline_exceeded()) break;
      const int pad = static_cast<int>(ch / 2);
      if (RecognizePageNumber(pix, 72.0 / k, parts[si], ch, k, monitor, words)) continue;
      const int x0 = std::max(0, u.x0 - pad), y0 = std::max(0, u.y0 - pad);
      const int x1 = std::min(pw, u.x1 + pad), y1 = std::min(ph, u.y1 + pad);
      api_.SetRectangle(x0, y0, x1 - x0, y1 - y0);
      int rc = api_.Recognize(monitor);
      if (rc != 0) continue;
      size_t before = words->size();
      Collect(k, words);
      // A dash's symbol box can be a point square; the line's band keeps it.
      for (size_t i = before; i < words->size(); ++i) {
        Box& b = (*words)[i].box;
        if (b.y1 - b.y0 < 0.5 * (u.y1 - u.y0) * k) b.y0 = u.y0 * k, b.y1 = u.y1 * k;
      }
    }
    api_.SetPageSegMode(static_cast<tesseract::PageSegMode>(opts_.psm));
  }


  // The rectangle [x0, x1) × [y0, y1) of `pix` (8-bit grey) read as one line
  // by itself: binarized at its own ink level (InkThreshold), specks
  // smaller than 0.12 h both ways left out (the dots of a degraded scan's
  // margin pulled a short line's reading off), a white border of h/2
  // around. Words with boxes on the page, in points (× k). The engine's
  // image is then no longer the page.
  std::vector<Word> ReadClean(Pix* pix, int x0, int y0, int x1, int y1, double h, double k, double dpi,
                              tesseract::ETEXT_DESC* monitor) {
    std::vector<Word> got;
    if (pixGetDepth(pix) != 8 || pixGetColormap(pix)) return got;
    BOX* box = boxCreate(x0, y0, x1 - x0, y1 - y0);
    PixPtr crop(pixClipRectangle(pix, box, nullptr));
    boxDestroy(&box);
    if (!crop) return got;
    PixPtr bin(pixThresholdToBinary(crop.get(), InkThreshold(crop.get(), 0, 0, x1 - x0, y1 - y0)));
    if (!bin) return got;
    const int t = std::max(3, static_cast<int>(0.12 * h));
    PixPtr kept(pixSelectBySize(bin.get(), t, t, 8, L_SELECT_IF_EITHER, L_SELECT_IF_GTE, nullptr));
    if (!kept) return got;
    const int pad = static_cast<int>(h / 2);
    PixPtr padded(pixAddBorder(kept.get(), pad, 0));
    if (!padded) return got;
    api_.SetImage(padded.get());
    if (dpi > 0) api_.SetSourceResolution(static_cast<int>(dpi + 0.5));
    api_.SetPageSegMode(tesseract::PSM_SINGLE_LINE);
    if (api_.Recognize(monitor) == 0) Collect(k, &got);
    api_.SetPageSegMode(static_cast<tesseract::PageSegMode>(opts_.psm));
    // Back onto the page; the engine's order is the reading order, and a
    // box that starts before the one before it (the LSTM's `。` of `左右。`)
    // is made to start where that one ends, so that ordering by boxes keeps it.
    for (size_t i = 0; i < got.size(); ++i) {
      Box& b = got[i].box;
      b.x0 += (x0 - pad) * k, b.x1 += (x0 - pad) * k, b.y0 += (y0 - pad) * k, b.y1 += (y0 - pad) * k;
      if (i > 0 && b.x0 <= got[i - 1].box.x0) b.x0 = std::min(b.x1, got[i - 1].box.x1);
    }
    return got;
  }

  // The last line of a paragraph, a word or two at the left margin
  // (`左右。`, `超过3个。`), is what the page's recognition reads worst: on the
  // 2023 guide's degraded scans chi_sim gave `天在。`, `在有。`, `ZSI` and
  // `起过` for lines that, read again by themselves (PSM_SINGLE_LINE on a
  // rectangle of the page a little larger than the line), come out right.
  // A line is read again when it is short (at most 6 characters and 6
  // character heights wide), starts within a character height of the
  // page's left margin (the leftmost start of lines of 10 characters or
  // more), and was read with doubt: a character with confidence below 0.97
  // or a Latin letter among Han (a well-read line of Han is 0.99 a
  // character). The new reading replaces the old when its mean confidence
  // is higher.
  void RereadShortLines(Pix* pix, double k, double dpi, std::vector<Word>* words, tesseract::ETEXT_DESC* monitor,
                        bool* reset) {
    std::vector<Word>& ws = *words;
    if (!pix || ws.size() < 20) return;
    const double h = MedianCharHeight(ws, 0, ws.size(), k, IsBasicHan);
    if (h < 8) return;
    std::vector<std::pair<size_t, size_t>> lines;
    for (size_t b = 0, e; b < ws.size(); b = e) {
      for (e = b + 1; e < ws.size() && SameLine(ws[e - 1], ws[e]) && ws[e].box.x0 >= ws[e - 1].box.x0; ++e) {}
      lines.emplace_back(b, e);
    }
    auto cps = [&](size_t b, size_t e) {
      size_t n = 0;
      for (size_t i = b; i < e; ++i) n += CodePoints(ws[i].text);
      return n;
    };
    std::vector<double> starts;  // most long lines go on from the line before: at the margin
    for (auto [b, e] : lines)
      if (cps(b, e) >= 10) starts.push_back(ws[b].box.x0 / k);
    if (starts.size() < 3) return;
    std::nth_element(starts.begin(), starts.begin() + starts.size() / 2, starts.end());
    const double margin = starts[starts.size() / 2];
    const int pw = pixGetWidth(pix), ph = pixGetHeight(pix);
    struct Swap {
      size_t begin, end;        // the line's words in ws
      std::vector<Word> words;  // read again
    };
    std::vector<Swap> swaps;
    for (auto [b, e] : lines) {
      if (monitor->deadline_exceeded()) break;
      double x0 = 1e18, y0 = 1e18, x1 = -1e18, y1 = -1e18, conf = 0, min_conf = 1;
      bool han = false, latin = false, cmp = false;  // cmp: a comparator found on the image, not in chi_sim
      // Doubtful words far right of the rest (a speck read as `小`) are
      // not part of the line: they are measured out and replaced with it.
      size_t m = e;
      for (size_t i = b + 1; i < e && m == e; ++i)
        if (ws[i].box.x0 - ws[i - 1].box.x1 > 3 * h * k &&
            std::all_of(ws.begin() + i, ws.begin() + e, [](const Word& w) { return w.confidence < 0.7f; }))
          m = i;
      for (size_t i = b; i < m; ++i) {
        const Box& bx = ws[i].box;
        x0 = std::min(x0, bx.x0 / k), y0 = std::min(y0, bx.y0 / k), x1 = std::max(x1, bx.x1 / k), y1 = std::max(y1, bx.y1 / k);
        conf += ws[i].confidence, min_conf = std::min(min_conf, static_cast<double>(ws[i].confidence));
        han = han || HasHan(ws[i].text);
        cmp = cmp || ws[i].text.find("≥") != std::string::npos || ws[i].text.find("≤") != std::string::npos;
        latin = latin || std::any_of(ws[i].text.begin(), ws[i].text.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
      }
      conf /= static_cast<double>(m - b);
      const size_t n = cps(b, m);
      const double dx = (x0 - margin) / h;
      if (cmp || n > 6 || x1 - x0 > 6 * h || y1 - y0 > 2 * h || dx < -1.5 || dx > 2.5) continue;
      // Doubt: a weak character, a Latin letter, or a start off the margin
      // (a speck taken into the line, or its first character lost).
      if (!(han && min_conf < 0.97) && !latin && dx > -0.3 && dx < 0.5) continue;
      const int rx0 = std::max(0, static_cast<int>(std::min(x0, margin) - 0.8 * h)), ry0 = std::max(0, static_cast<int>(y0 - 0.5 * h));
      const int rx1 = std::min(pw, static_cast<int>(x1 + 1.5 * h)), ry1 = std::min(ph, static_cast<int>(y1 + 0.5 * h));
      if (rx1 - rx0 < h || ry1 - ry0 < h) continue;
      std::vector<Word> got = ReadClean(pix, rx0, ry0, rx1, ry1, h, k, dpi, monitor);
      *reset = true;
      double got_conf = 0;
      bool got_han = false;
      for (const Word& w : got) got_conf += w.confidence, got_han = got_han || HasHan(w.text);
      if (!got.empty()) got_conf /= static_cast<double>(got.size());
      if (got.empty() || !got_han || got_conf <= conf) continue;
      swaps.push_back({b, e, std::move(got)});
    }
    if (swaps.empty()) return;
    std::vector<Word> out;
    out.reserve(ws.size());
    size_t i = 0;
    for (Swap& sw : swaps) {
      for (; i < sw.begin; ++i) out.push_back(std::move(ws[i]));
      for (Word& w : sw.words) out.push_back(std::move(w));
      i = sw.end;
    }
    for (; i < ws.size(); ++i) out.push_back(std::move(ws[i]));
    ws = std::move(out);
  }

  // Tesseract with `eng`, digits only, a line at a time, started at the
  // first page number: chi_sim reads lone digits as Han characters (4 as
  // 中, 11 as 再, even with a digit whitelist nothing), eng reads them. Null
  // when the eng data are missing (the page number is then left to the
  // ordinary pass).
  tesseract::TessBaseAPI* DigitsEngine() {
    if (digits_state_ == 0) {
      digits_state_ = -1;
      if (digits_.Init(opts_.datapath.empty() ? nullptr : opts_.datapath.c_str(), "eng", tesseract::OEM_LSTM_ONLY) == 0) {
        digits_.SetPageSegMode(tesseract::PSM_SINGLE_LINE);
        digits_.SetVariable("tessedit_char_whitelist", "0123456789");
        digits_.SetVariable("debug_file", "/dev/null");
        digits_state_ = 1;
      }
    }
    return digits_state_ == 1 ? &digits_ : nullptr;
  }

  TesseractOptions opts_;
  tesseract::TessBaseAPI api_;
  tesseract::TessBaseAPI digits_;
  int digits_state_ = 0;  // 0 not started, 1 ready, -1 unavailable
};

}  // namespace

Result<std::unique_ptr<OcrEngine>> NewTesseractOcr(const TesseractOptions& opts) {
  auto e = std::make_unique<TesseractOcr>(opts);
  Status s = e->Init();
  if (!s.ok()) return s;
  return std::unique_ptr<OcrEngine>(std::move(e));
}

OcrFactory TesseractFactory(const TesseractOptions& opts) {
  return [opts]() { return NewTesseractOcr(opts); };
}

std::string TesseractVersion() { return std::string("tesseract ") + tesseract::TessBaseAPI::Version(); }

// ---------------------------------------------------------------------------

std::string RecordedDocToJson(const RecordedDoc& doc) {
  nlohmann::ordered_json j;
  j["sha256"] = doc.sha256;
  j["file"] = doc.file;
  j["engine"] = doc.engine;
  j["dpi"] = doc.dpi;
  j["pages"] = nlohmann::json::array();
  auto r1 = [](double v) { return std::round(v * 10) / 10; };
  for (const auto& [n, page] : doc.pages) {
    nlohmann::ordered_json p;
    p["page"] = n;
    p["seconds"] = std::round(page.seconds * 1000) / 1000;
    if (page.skew_deg != 0) p["skew"] = std::round(page.skew_deg * 10000) / 10000;
    p["words"] = nlohmann::json::array();
    for (const Word& w : page.words) {
      p["words"].push_back(nlohmann::ordered_json{
          {"t", w.text}, {"b", {r1(w.box.x0), r1(w.box.y0), r1(w.box.x1), r1(w.box.y1)}},
          {"c", std::round(w.confidence * 1000) / 1000}});
      if (w.space_after) p["words"].back()["s"] = 1;
    }
    j["pages"].push_back(p);
  }
  // One word per line keeps diffs of re-recordings readable.
  std::string out = "{\"sha256\": " + nlohmann::json(doc.sha256).dump() +
                    ", \"file\": " + nlohmann::json(doc.file).dump() +
                    ", \"engine\": " + nlohmann::json(doc.engine).dump() +
                    ", \"dpi\": " + nlohmann::json(doc.dpi).dump() + ",\n\"pages\": [";
  bool first_page = true;
  for (const auto& p : j["pages"]) {
    out += first_page ? "\n" : ",\n";
    first_page = false;
    out += "{\"page\": " + p["page"].dump() + ", \"seconds\": " + p["seconds"].dump();
    if (p.contains("skew")) out += ", \"skew\": " + p["skew"].dump();
    out += ", \"words\": [";
    bool first = true;
    for (const auto& w : p["words"]) {
      out += first ? "\n" : ",\n";
      first = false;
      out += w.dump();
    }
    out += "]}";
  }
  out += "]}\n";
  return out;
}

Result<RecordedDoc> RecordedDocFromJson(std::string_view text) {
  RecordedDoc doc;
  try {
    auto j = nlohmann::json::parse(text);
    doc.sha256 = j.at("sha256").get<std::string>();
    doc.file = j.value("file", "");
    doc.engine = j.value("engine", "");
    doc.dpi = j.value("dpi", 0.0);
    for (const auto& p : j.at("pages")) {
      OcrResult r;
      r.seconds = p.value("seconds", 0.0);
      r.skew_deg = p.value("skew", 0.0);
      for (const auto& w : p.at("words")) {
        Word word;
        word.text = w.at("t").get<std::string>();
        const auto& b = w.at("b");
        word.box = Box{b.at(0).get<double>(), b.at(1).get<double>(), b.at(2).get<double>(), b.at(3).get<double>()};
        word.confidence = w.value("c", 1.0f);
        word.space_after = w.value("s", 0) != 0;
        r.words.push_back(std::move(word));
      }
      doc.pages[p.at("page").get<int>()] = std::move(r);
    }
  } catch (const std::exception& e) {
    return Status::InvalidInput(std::string("bad recorded OCR JSON: ") + e.what());
  }
  return doc;
}

Result<std::shared_ptr<const std::map<std::string, RecordedDoc>>> RecordedOcr::Load(const std::string& dir) {
  auto docs = std::make_shared<std::map<std::string, RecordedDoc>>();
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return Status::NotFound(dir + ": no such directory");
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() != ".json") continue;
    std::ifstream f(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    auto d = RecordedDocFromJson(ss.str());
    if (!d.ok()) return Status::InvalidInput(e.path().string() + ": " + d.status().message());
    std::string key = d.value().sha256;
    (*docs)[key] = std::move(d.value());
  }
  return std::shared_ptr<const std::map<std::string, RecordedDoc>>(docs);
}

Result<OcrResult> RecordedOcr::Recognize(const OcrRequest& req) {
  auto d = docs_->find(req.doc_sha256);
  if (d != docs_->end()) {
    auto p = d->second.pages.find(req.page);
    if (p != d->second.pages.end()) return p->second;
  }
  return Status::NotFound(fmt::format("no recorded OCR for page {} of {}", req.page, req.doc_sha256.substr(0, 12)));
}

OcrFactory RecordedFactory(std::shared_ptr<const std::map<std::string, RecordedDoc>> docs) {
  return [docs]() -> Result<std::unique_ptr<OcrEngine>> { return std::unique_ptr<OcrEngine>(new RecordedOcr(docs)); };
}

Result<OcrResult> FailingOcr::Recognize(const OcrRequest& req) {
  if (fail_.empty() || fail_.count(req.page)) return status_;
  OcrResult r;
  r.words.push_back({"ok", Box{72, 72, 90, 84}, 0.9f});
  return r;
}

}  // namespace gongwen
