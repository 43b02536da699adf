// gongwen_corpus: builds the PDF corpus from the text notices of corpus/.
//
//   gongwen_corpus pdf NOTICE.txt OUT.pdf [--max-pages N]
//       lays the notice out like an official document (GB/T 9704: A4, 版心
//       156×225 mm, body 16 pt Noto Serif CJK, 发文机关标志 and 标题 large and
//       centred, 署名/成文日期 right-aligned, tab-separated rows as ruled tables,
//       page numbers `— N —`) and writes OUT.pdf with a text layer, plus
//       OUT.gt.txt: the text of every page (lines '\n', pages '\f').
//   gongwen_corpus scan IN.pdf OUT.pdf --dpi 200 --seed 7 [--clean]
//       rasterizes every page (grey), then, unless --clean: skew 0.3–2°,
//       Gaussian blur, paper tone, noise and specks; JPEG-compresses each page
//       and wraps the JPEGs in an image-only PDF. Deterministic from the seed.
//   gongwen_corpus record-ocr SCAN.pdf OUT.json [--file NAME] [--dpi 200]
//       runs the pipeline's OCR (Tesseract) over the scan and records the
//       words of every OCR page for RecordedOcr.
//   gongwen_corpus eval SCAN... [--text TEXT] [--ocr-replay DIR] [--json]
//       character error rate of the OCR of each scan against SCAN.gt.txt (per
//       page, per scan, per corpus; white space removed, before and after
//       NFKC), error kinds and confusions (--errors N), and field agreement
//       with the text version (guide items, deadlines, quotas, contacts,
//       rules, indicators). tools/eval-ocr runs it over corpus/scans.
//   gongwen_corpus words FILE
//       prints what the pipeline reads from a PDF or image page by page
//       (source, triage, text), for looking at inputs.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <random>
#include <sstream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "pipeline/acquire.h"
#include "pipeline/ingest.h"
#include "pipeline/layout.h"
#include "pipeline/normalize.h"
#include "pipeline/ocr.h"
#include "pipeline/pages.h"
#include "pipeline/pdf_text.h"
#include "pipeline/raster.h"
#include "pipeline/structure.h"
#include "pipeline/triage.h"

// After the pipeline's headers: glib's <signal.h> defines si_value as a macro.
#include <cairo-pdf.h>
#include <cairo.h>
#include <leptonica/allheaders.h>
#include <pango/pangocairo.h>

namespace gongwen::corpus {
namespace {

void Spit(const std::string& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary);
  f << bytes;
}

// --- pdf -------------------------------------------------------------------

constexpr double kPageW = 595.28, kPageH = 841.89;
constexpr double kMm = 72.0 / 25.4;
constexpr double kLeft = 28 * kMm, kTop = 37 * kMm, kTextW = 156 * kMm, kTextH = 225 * kMm;
constexpr double kBodyPt = 16, kBodyLead = kTextH / 22;  // 22 lines a page

enum class Role { kBody, kBanner, kTitle, kRight, kTableRow };

struct Block {
  Role role;
  std::string text;
};

class Typesetter {
 public:
  Typesetter(const std::string& out, int max_pages) : max_pages_(max_pages) {
    surface_ = cairo_pdf_surface_create(out.c_str(), kPageW, kPageH);
    cr_ = cairo_create(surface_);
    layout_ = pango_cairo_create_layout(cr_);
    // Glyph positions in whole points would round CJK advances: keep them exact.
    PangoContext* ctx = pango_layout_get_context(layout_);
    cairo_font_options_t* fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(ctx, fo);
    cairo_font_options_destroy(fo);
    pango_layout_context_changed(layout_);
    y_ = kTop;
  }
  ~Typesetter() {
    g_object_unref(layout_);
    cairo_destroy(cr_);
    cairo_surface_destroy(surface_);
  }

  bool full() const { return max_pages_ > 0 && page_ > max_pages_; }

  void Paragraph(const Block& b) {
    if (full()) return;
    double size = kBodyPt, lead = kBodyLead;
    std::string font = "Noto Serif CJK SC";
    if (b.role == Role::kBanner) { size = 26; lead = 44; font += " Bold"; }
    if (b.role == Role::kTitle) { size = 22; lead = 36; font += " Bold"; }
    SetFont(font, size);
    pango_layout_set_width(layout_, static_cast<int>(kTextW * PANGO_SCALE));
    pango_layout_set_wrap(layout_, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_indent(layout_, b.role == Role::kBody ? static_cast<int>(2 * size * PANGO_SCALE) : 0);
    pango_layout_set_alignment(layout_, b.role == Role::kBanner || b.role == Role::kTitle ? PANGO_ALIGN_CENTER
                                        : b.role == Role::kRight ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
    pango_layout_set_text(layout_, b.text.c_str(), static_cast<int>(b.text.size()));
    PangoLayoutIter* it = pango_layout_get_iter(layout_);
    do {
      PangoLayoutLine* line = pango_layout_iter_get_line_readonly(it);
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(it, nullptr, &logical);
      if (y_ + lead > kTop + kTextH + 1) NewPage();
      if (full()) break;
      double x = kLeft + logical.x / static_cast<double>(PANGO_SCALE);
      if (b.role == Role::kRight) x -= 4 * size;  // 右空四字
      double baseline = y_ + lead * 0.75;
      cairo_move_to(cr_, x, baseline);
      pango_cairo_show_layout_line(cr_, line);
      Gt(b.text.substr(line->start_index, line->length));
      y_ += lead;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    if (b.role == Role::kBanner || b.role == Role::kTitle) y_ += 8;
  }

  void Table(const std::vector<std::vector<std::string>>& rows) {
    if (full() || rows.empty()) return;
    size_t ncol = 0;
    for (const auto& r : rows) ncol = std::max(ncol, r.size());
    const double size = 10.5, pad = 3, lead = 15;
    SetFont("Noto Serif CJK SC", size);
    pango_layout_set_indent(layout_, 0);
    pango_layout_set_alignment(layout_, PANGO_ALIGN_LEFT);
    pango_layout_set_wrap(layout_, PANGO_WRAP_WORD_CHAR);
    std::vector<double> natural(ncol, 2 * size);
    for (const auto& r : rows)
      for (size_t c = 0; c < r.size(); ++c) {
        pango_layout_set_width(layout_, -1);
        pango_layout_set_text(layout_, r[c].c_str(), -1);
        int w, h;
        pango_layout_get_size(layout_, &w, &h);
        natural[c] = std::max(natural[c], std::min(w / static_cast<double>(PANGO_SCALE), 12 * size) + 2 * pad);
      }
    double total = 0;
    for (double w : natural) total += w;
    std::vector<double> width = natural;
    for (double& w : width) w *= kTextW / total;
    y_ += 4;
    for (const auto& r : rows) {
      // Height of the row: its tallest cell.
      int lines = 1;
      for (size_t c = 0; c < r.size(); ++c) {
        pango_layout_set_width(layout_, static_cast<int>((width[c] - 2 * pad) * PANGO_SCALE));
        pango_layout_set_text(layout_, r[c].c_str(), -1);
        lines = std::max(lines, pango_layout_get_line_count(layout_));
      }
      const double h = lines * lead + 2 * pad;
      if (y_ + h > kTop + kTextH + 1) NewPage();
      if (full()) return;
      double x = kLeft;
      std::string gt;
      for (size_t c = 0; c < ncol; ++c) {
        cairo_set_line_width(cr_, 0.6);
        cairo_rectangle(cr_, x, y_, width[c], h);
        cairo_stroke(cr_);
        if (c < r.size()) {
          pango_layout_set_width(layout_, static_cast<int>((width[c] - 2 * pad) * PANGO_SCALE));
          pango_layout_set_text(layout_, r[c].c_str(), -1);
          cairo_move_to(cr_, x + pad, y_ + pad);
          pango_cairo_show_layout(cr_, layout_);
          if (c > 0) gt += '\t';
          gt += r[c];
        }
        x += width[c];
      }
      Gt(gt);
      y_ += h;
    }
    y_ += 6;
  }

  // Ends the document; returns the ground truth (pages split by '\f').
  std::string Finish() {
    if (!full()) PageNumber();
    cairo_surface_finish(surface_);
    std::string out;
    for (size_t i = 0; i < gt_.size(); ++i) {
      if (i) out += '\f';
      out += gt_[i];
    }
    return out;
  }

 private:
  void SetFont(const std::string& family, double size) {
    PangoFontDescription* d = pango_font_description_from_string(family.c_str());
    pango_font_description_set_absolute_size(d, size * PANGO_SCALE);
    pango_layout_set_font_description(layout_, d);
    pango_font_description_free(d);
  }
  void Gt(const std::string& line) {
    if (gt_.size() < static_cast<size_t>(page_)) gt_.resize(page_);
    std::string& g = gt_[page_ - 1];
    if (!g.empty()) g += '\n';
    g += line;
  }
  void PageNumber() {
    PangoLayout* l = pango_cairo_create_layout(cr_);
    PangoFontDescription* d = pango_font_description_from_string("Noto Serif CJK SC");
    pango_font_description_set_absolute_size(d, 14 * PANGO_SCALE);
    pango_layout_set_font_description(l, d);
    pango_font_description_free(d);
    std::string s = fmt::format("— {} —", page_);
    pango_layout_set_text(l, s.c_str(), -1);
    int w, h;
    pango_layout_get_size(l, &w, &h);
    cairo_move_to(cr_, (kPageW - w / static_cast<double>(PANGO_SCALE)) / 2, kTop + kTextH + 7 * kMm);
    pango_cairo_show_layout(cr_, l);
    g_object_unref(l);
    Gt(s);
  }
  void NewPage() {
    PageNumber();
    cairo_show_page(cr_);
    ++page_;
    y_ = kTop;
  }

  int max_pages_;
  cairo_surface_t* surface_;
  cairo_t* cr_;
  PangoLayout* layout_;
  double y_;
  int page_ = 1;
  std::vector<std::string> gt_;
};

std::string Strip(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return std::string(s.substr(b, e - b));
}

int CmdPdf(const std::string& in, const std::string& out, int max_pages) {
  Document doc;
  doc.original = ReadWholeFile(in);
  if (doc.original.empty()) {
    std::cerr << in << ": empty or missing\n";
    return 1;
  }
  LayoutText(&doc);
  ParseStructure(&doc);
  auto role_of = [&](Span s) {
    for (const Element& e : doc.elements) {
      if (e.span.end <= s.begin || e.span.begin >= s.end) continue;
      if (e.name == "banner") return Role::kBanner;
      if (e.name == "title" || e.name == "forwarded_title") return Role::kTitle;
      if (e.name == "signature" || e.name == "date") return Role::kRight;
    }
    return Role::kBody;
  };
  Typesetter ts(out, max_pages);
  std::vector<std::vector<std::string>> table;
  auto flush_table = [&] {
    ts.Table(table);
    table.clear();
  };
  for (const TextLine& l : SplitLines(doc.text)) {
    std::string t = Strip(l.text);
    if (t.empty()) continue;
    if (t.find('\t') != std::string::npos) {
      std::vector<std::string> cells;
      for (size_t s = 0, e; s <= t.size(); s = e + 1) {
        e = t.find('\t', s);
        if (e == std::string::npos) e = t.size();
        cells.push_back(Strip(std::string_view(t).substr(s, e - s)));
      }
      table.push_back(std::move(cells));
      continue;
    }
    if (!table.empty()) flush_table();
    ts.Paragraph({role_of(l.span), t});
  }
  if (!table.empty()) flush_table();
  Spit(std::filesystem::path(out).replace_extension(".gt.txt").string(), ts.Finish() + "\n");
  return 0;
}

// --- scan ------------------------------------------------------------------

struct ScanStyle {
  double dpi = 200;
  bool clean = false;
  int jpeg_quality = 50;
  uint32_t seed = 1;
  int max_pages = 0;
};

PixPtr Degrade(Pix* page, std::mt19937* rng) {
  std::uniform_real_distribution<double> u(0, 1);
  PixPtr pix(pixCopy(nullptr, page));
  // Skew 0.3–2°, either way.
  double deg = 0.3 + 1.7 * u(*rng);
  if (u(*rng) < 0.5) deg = -deg;
  pix.reset(pixRotate(pix.get(), static_cast<l_float32>(deg * M_PI / 180), L_ROTATE_AREA_MAP,
                      L_BRING_IN_WHITE, 0, 0));
  // Paper tone, toner that is not quite black, noise and a few specks.
  std::normal_distribution<double> noise(0, 4);
  const int w = pixGetWidth(pix.get()), h = pixGetHeight(pix.get());
  l_uint32* data = pixGetData(pix.get());
  const int wpl = pixGetWpl(pix.get());
  const double paper = 232 + 10 * u(*rng), ink = 30 + 30 * u(*rng);
  for (int y = 0; y < h; ++y) {
    l_uint32* line = data + static_cast<size_t>(y) * wpl;
    for (int x = 0; x < w; ++x) {
      double v = GET_DATA_BYTE(line, x) / 255.0;
      double o = ink + v * (paper - ink) + noise(*rng);
      SET_DATA_BYTE(line, x, static_cast<int>(std::clamp(o, 0.0, 255.0)));
    }
  }
  std::uniform_int_distribution<int> px(0, w - 3), py(0, h - 3);
  const int specks = static_cast<int>(w * h / 20000);
  for (int i = 0; i < specks; ++i) {
    int x = px(*rng), y = py(*rng);
    for (int dy = 0; dy < 2; ++dy)
      for (int dx = 0; dx < 2; ++dx) SET_DATA_BYTE(data + static_cast<size_t>(y + dy) * wpl, x + dx, 60);
  }
  // Blur last (it softens the noise too, as a scanner's optics do): sigma 0.5–0.9 px.
  const double sigma = 0.5 + 0.4 * u(*rng);
  L_KERNEL* k = makeGaussianKernel(2, 2, static_cast<l_float32>(sigma), 1.0);
  PixPtr blurred(pixConvolve(pix.get(), k, 8, 1));
  kernelDestroy(&k);
  if (blurred) pix = std::move(blurred);
  return pix;
}

int CmdScan(const std::string& in, const std::string& out, const ScanStyle& style) {
  std::string bytes = ReadWholeFile(in);
  auto pdf = PdfFile::Open(bytes);
  if (!pdf.ok()) {
    std::cerr << in << ": " << pdf.status().ToString() << "\n";
    return 1;
  }
  cairo_surface_t* surface = cairo_pdf_surface_create(out.c_str(), kPageW, kPageH);
  cairo_t* cr = cairo_create(surface);
  const int pages = style.max_pages > 0 ? std::min(style.max_pages, pdf.value()->page_count())
                                        : pdf.value()->page_count();
  for (int i = 0; i < pages; ++i) {
    auto img = RenderPdfPage(*pdf.value(), i, style.dpi);
    if (!img.ok()) {
      std::cerr << in << ": page " << i + 1 << ": " << img.status().ToString() << "\n";
      return 1;
    }
    std::mt19937 rng(style.seed * 1000003u + static_cast<uint32_t>(i));
    PixPtr pix = style.clean ? std::move(img.value().pix) : Degrade(img.value().pix.get(), &rng);
    l_uint8* jpeg = nullptr;
    size_t jpeg_size = 0;
    pixWriteMemJpeg(&jpeg, &jpeg_size, pix.get(), style.jpeg_quality, 0);
    const int w = pixGetWidth(pix.get()), h = pixGetHeight(pix.get());
    pix.reset();
    cairo_pdf_surface_set_size(surface, img.value().width_pt, img.value().height_pt);
    cairo_surface_t* image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    // The PDF gets the JPEG bytes as they are (DCTDecode); cairo takes ownership.
    cairo_surface_set_mime_data(image, CAIRO_MIME_TYPE_JPEG, jpeg, jpeg_size,
                                [](void* p) { lept_free(p); }, jpeg);
    cairo_save(cr);
    cairo_scale(cr, 72.0 / style.dpi, 72.0 / style.dpi);
    cairo_set_source_surface(cr, image, 0, 0);
    cairo_paint(cr);
    cairo_restore(cr);
    cairo_surface_destroy(image);
    cairo_show_page(cr);
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_surface_destroy(surface);
  return 0;
}

// --- record-ocr and words ---------------------------------------------------

Result<Document> ReadFile(const std::string& path, const PageOptions& opts) {
  auto in = ReadInput(path);
  if (!in.ok()) return in.status();
  Document doc;
  doc.sha256 = in.value().sha256;
  doc.media_type = in.value().media_type;
  Status s = ReadPages(in.value().bytes, in.value().media_type, opts, &doc);
  if (!s.ok()) return s;
  return doc;
}

int CmdRecord(const std::string& in, const std::string& out, const std::string& name, double dpi, int jobs) {
  PageOptions opts;
  opts.dpi = dpi;
  opts.jobs = jobs;
  PageStats stats;
  opts.stats = &stats;
  // The engine's words as it gave them, on the deskewed image, with the
  // angle: a replay then goes through the same steps as a live run.
  std::mutex mu;
  std::map<int, OcrResult> got;
  opts.on_ocr = [&](int page, const OcrResult& r) {
    std::lock_guard lock(mu);
    got[page] = r;
  };
  auto doc = ReadFile(in, opts);
  if (!doc.ok()) {
    std::cerr << in << ": " << doc.status().ToString() << "\n";
    return 1;
  }
  RecordedDoc rec;
  rec.sha256 = doc.value().sha256;
  rec.file = name.empty() ? std::filesystem::path(in).filename().string() : name;
  rec.engine = TesseractVersion() + " " + TesseractOptions().languages;
  rec.dpi = dpi;
  int ocr_pages = 0;
  for (const Page& p : doc.value().pages) ocr_pages += p.source == TextSource::kOcr;
  for (const Page& p : doc.value().pages) {
    if (p.source != TextSource::kOcr || !got.count(p.number)) continue;
    OcrResult r = std::move(got[p.number]);
    rec.pages[p.number] = std::move(r);
  }
  Spit(out, RecordedDocToJson(rec));
  for (const auto& w : doc.value().warnings) std::cerr << in << ": " << w << "\n";
  std::cerr << fmt::format("{}: {} OCR pages, {:.1f} s of recognition\n", in, ocr_pages, stats.ocr_micros / 1e6);
  return 0;
}

int CmdWords(const std::string& in, const std::string& ocr) {
  PageOptions opts;
  opts.ocr = ParseOcrMode(ocr).ok() ? ParseOcrMode(ocr).value() : OcrMode::kAuto;
  auto doc = ReadFile(in, opts);
  if (!doc.ok()) {
    std::cerr << in << ": " << doc.status().ToString() << "\n";
    return 1;
  }
  const Document& d = doc.value();
  size_t start = 0;
  for (const Page& p : d.pages) {
    size_t end = d.original.find('\f', start);
    if (end == std::string::npos) end = d.original.size();
    std::cout << fmt::format("=== page {} ({}, {:.0f}×{:.0f} pt, {} words, confidence {:.2f})\n", p.number,
                             TextSourceName(p.source), p.width_pt, p.height_pt, p.words.size(), p.confidence)
              << d.original.substr(start, end - start) << "\n";
    if (std::getenv("GONGWEN_CORPUS_WORDS"))
      for (size_t k = 0; k < std::min<size_t>(p.words.size(), 80); ++k)
        std::cout << fmt::format("  [{}] {:.1f},{:.1f},{:.1f},{:.1f} c={:.2f} orig={}-{}\n", p.words[k].text,
                                 p.words[k].box.x0, p.words[k].box.y0, p.words[k].box.x1, p.words[k].box.y1,
                                 p.words[k].confidence, p.words[k].orig_begin, p.words[k].orig_end);
    start = end + 1;
  }
  for (const auto& w : d.warnings) std::cout << "warning: " << w << "\n";
  return 0;
}

// --- eval ------------------------------------------------------------------
//
// CER of OCR against ground truth (per page, per scan, per corpus; white space
// removed, before and after NFKC), the kinds of errors, and field agreement
// between a scanned document and its text version.

// Code points without white space; NFKC first when asked.
std::u32string CerChars(std::string_view s, bool nfkc) {
  std::string in(s);
  if (nfkc) {
    UErrorCode err = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCInstance(err);
    if (U_SUCCESS(err)) {
      icu::UnicodeString u = n->normalize(icu::UnicodeString::fromUTF8(in), err);
      if (U_SUCCESS(err)) {
        in.clear();
        u.toUTF8String(in);
      }
    }
  }
  std::u32string out;
  for (size_t i = 0; i < in.size();) {
    char32_t c = DecodeUtf8(in, &i);
    if (!u_isUWhiteSpace(static_cast<UChar32>(c))) out.push_back(c);
  }
  return out;
}

enum class EditKind { kSub, kIns, kDel };
struct CharEdit {
  EditKind kind;
  char32_t truth = 0, got = 0;
  size_t pos = 0;  // index in the truth
};

// Levenshtein distance with the edits of one cheapest alignment.
size_t Align(const std::u32string& a, const std::u32string& b, std::vector<CharEdit>* edits) {
  const size_t n = a.size(), m = b.size();
  std::vector<uint32_t> d((n + 1) * (m + 1));
  auto at = [&](size_t i, size_t j) -> uint32_t& { return d[i * (m + 1) + j]; };
  for (size_t j = 0; j <= m; ++j) at(0, j) = static_cast<uint32_t>(j);
  for (size_t i = 1; i <= n; ++i) {
    at(i, 0) = static_cast<uint32_t>(i);
    for (size_t j = 1; j <= m; ++j)
      at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (a[i - 1] == b[j - 1] ? 0u : 1u)});
  }
  if (edits) {
    std::vector<CharEdit> rev;
    size_t i = n, j = m;
    while (i > 0 || j > 0) {
      if (i > 0 && j > 0 && at(i, j) == at(i - 1, j - 1) + (a[i - 1] == b[j - 1] ? 0u : 1u)) {
        if (a[i - 1] != b[j - 1]) rev.push_back({EditKind::kSub, a[i - 1], b[j - 1], i - 1});
        --i, --j;
      } else if (i > 0 && at(i, j) == at(i - 1, j) + 1) {
        rev.push_back({EditKind::kDel, a[i - 1], 0, i - 1});
        --i;
      } else {
        rev.push_back({EditKind::kIns, 0, b[j - 1], i});
        --j;
      }
    }
    edits->assign(rev.rbegin(), rev.rend());
  }
  return at(n, m);
}

std::vector<std::string> SplitPages(const std::string& text) {
  std::vector<std::string> out;
  for (size_t s = 0, e; s <= text.size(); s = e + 1) {
    e = text.find('\f', s);
    if (e == std::string::npos) e = text.size();
    out.push_back(text.substr(s, e - s));
  }
  while (out.size() > 1 && RemoveSpaces(out.back()).find_first_not_of("\n") == std::string::npos) out.pop_back();
  return out;
}

std::string Utf8(char32_t c) {
  std::string s;
  AppendUtf8(c, &s);
  return s;
}

// A class of characters for the error table.
const char* CharClass(char32_t c) {
  if (c >= '0' && c <= '9') return "digit";
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) return "latin";
  if (c == U'、' || c == U'，' || c == U'。' || c == U'：' || c == U'；' || c == U'（' || c == U'）' || c == ',' ||
      c == '.' || c == ':' || c == ';' || c == '(' || c == ')' || c == U'《' || c == U'》' || c == U'“' ||
      c == U'”' || c == U'〔' || c == U'〕' || c == U'—' || c == '-' || c == U'．' || c == U'〈' || c == U'〉' ||
      c == '[' || c == ']')
    return "punct";
  if (IsCjk(c)) return "han";
  return "other";
}

struct PageCer {
  int page = 0;
  size_t chars = 0, edits = 0, chars_nfkc = 0, edits_nfkc = 0;
};

struct ErrorTally {
  std::map<std::string, size_t> by_kind;                // "sub han", "del punct", "run del (≥5)"
  std::map<std::pair<std::string, std::string>, size_t> pairs;  // (truth, got) → count
};

void Tally(const std::vector<CharEdit>& edits, ErrorTally* t) {
  // Runs of ≥ 5 deletions (or insertions) at consecutive positions: dropped
  // lines, reading order, fragments from noise.
  std::vector<bool> in_run(edits.size(), false);
  for (size_t s = 0; s < edits.size();) {
    size_t e = s + 1;
    while (e < edits.size() && edits[e].kind == edits[s].kind && edits[s].kind != EditKind::kSub &&
           (edits[s].kind == EditKind::kIns ? edits[e].pos == edits[s].pos : edits[e].pos == edits[e - 1].pos + 1))
      ++e;
    if (edits[s].kind != EditKind::kSub && e - s >= 5) {
      for (size_t k = s; k < e; ++k) in_run[k] = true;
      t->by_kind[edits[s].kind == EditKind::kDel ? "run: deleted ≥5 in a row" : "run: inserted ≥5 in a row"] += e - s;
    }
    s = e;
  }
  for (size_t k = 0; k < edits.size(); ++k) {
    if (in_run[k]) continue;
    const CharEdit& e = edits[k];
    switch (e.kind) {
      case EditKind::kSub:
        t->by_kind[fmt::format("sub {}→{}", CharClass(e.truth), CharClass(e.got))]++;
        t->pairs[{Utf8(e.truth), Utf8(e.got)}]++;
        break;
      case EditKind::kDel:
        t->by_kind[fmt::format("del {}", CharClass(e.truth))]++;
        t->pairs[{Utf8(e.truth), ""}]++;
        break;
      case EditKind::kIns:
        t->by_kind[fmt::format("ins {}", CharClass(e.got))]++;
        t->pairs[{"", Utf8(e.got)}]++;
        break;
    }
  }
}

// Field agreement: the records of the scan paired with those of the text
// version on a key; matched = size of the multiset intersection.
struct FieldAgreement {
  std::string field;
  size_t want = 0, got = 0, matched = 0;
  std::vector<std::string> missing, extra;
};

std::string Num(double v) { return fmt::format("{:g}", v); }

std::map<std::string, std::vector<std::string>> FieldKeys(const Document& d) {
  std::map<std::string, std::vector<std::string>> k;
  auto& gi = k["guide items (code+title)"];
  auto& gc = k["guide item codes"];
  for (const auto& g : d.guide_items) {
    gc.push_back(g.code);
    gi.push_back(g.code + " " + RemoveSpaces(g.title));
  }
  auto& dl = k["deadlines"];
  for (const auto& x : d.deadlines) dl.push_back(x.at.Iso());
  auto& qu = k["quotas"];
  for (const auto& x : d.quotas) qu.push_back(RemoveSpaces(x.region) + " " + std::to_string(x.max) + x.unit);
  auto& co = k["contacts"];
  for (const auto& x : d.contacts) {
    std::vector<std::string> p = x.phones;
    std::sort(p.begin(), p.end());
    std::string key;
    for (const auto& s : p) key += s + ",";
    co.push_back(key);
  }
  auto& ru = k["rules"];
  for (const auto& x : d.rules)
    ru.push_back(fmt::format("{} {} {} {}{}{}", x.kind, x.category, x.op, Num(x.value),
                             x.value2 ? ":" + Num(*x.value2) : "", x.unit));
  auto& in = k["indicators"];
  for (const auto& x : d.quantities)
    in.push_back(fmt::format("{} {} {} {}{}{}", x.code, x.kind, x.op, Num(x.value),
                             x.value_max ? "~" + Num(*x.value_max) : "", x.unit));
  return k;
}

std::vector<FieldAgreement> Agreement(const Document& text, const Document& scan) {
  auto want = FieldKeys(text), got = FieldKeys(scan);
  std::vector<FieldAgreement> out;
  for (auto& [field, w] : want) {
    FieldAgreement a;
    a.field = field;
    auto& g = got[field];
    a.want = w.size();
    a.got = g.size();
    std::map<std::string, int> count;
    for (const auto& s : g) count[s]++;
    for (const auto& s : w) {
      if (count[s] > 0) {
        --count[s];
        ++a.matched;
      } else {
        a.missing.push_back(s);
      }
    }
    for (auto& [s, c] : count)
      for (int i = 0; i < c; ++i) a.extra.push_back(s);
    out.push_back(std::move(a));
  }
  return out;
}

struct EvalOptions {
  std::vector<std::string> scans;
  std::string gt, text, ocr_replay, dump;
  double dpi = 200;
  int jobs = 1, max_pages = 0, errors = 0;
  bool json = false, per_page = false;
  std::set<int> pages;  // only these (1-based); empty: all
  TesseractOptions tess;
};

double Pct(size_t a, size_t b) { return b ? 100.0 * a / b : 0; }

int CmdEval(const EvalOptions& o) {
  PageOptions popts;
  popts.dpi = o.dpi;
  popts.jobs = o.jobs;
  if (o.max_pages > 0) popts.max_pages = o.max_pages;
  if (!o.ocr_replay.empty()) {
    auto r = RecordedOcr::Load(o.ocr_replay);
    if (!r.ok()) {
      std::cerr << o.ocr_replay << ": " << r.status().ToString() << "\n";
      return 1;
    }
    popts.ocr_factory = RecordedFactory(r.value());
  } else {
    popts.ocr_factory = TesseractFactory(o.tess);
  }
  if (!o.pages.empty()) {
    OcrFactory inner = popts.ocr_factory;
    std::set<int> pages = o.pages;
    popts.ocr_factory = [inner, pages]() -> Result<std::unique_ptr<OcrEngine>> {
      auto e = inner();
      if (!e.ok()) return e.status();
      return std::unique_ptr<OcrEngine>(new SomePagesOcr(std::move(e.value()), pages));
    };
  }
  std::optional<Document> text_doc;
  if (!o.text.empty()) {
    PageOptions never;
    never.ocr = OcrMode::kNever;
    auto t = ProcessFile(o.text, {}, never);
    if (!t.ok()) {
      std::cerr << o.text << ": " << t.status().ToString() << "\n";
      return 1;
    }
    text_doc = std::move(t.value());
  }
  nlohmann::ordered_json j;
  j["engine"] = o.ocr_replay.empty() ? TesseractVersion() + " " + o.tess.languages : "replay " + o.ocr_replay;
  j["scans"] = nlohmann::json::array();
  size_t all_chars = 0, all_edits = 0, all_chars_n = 0, all_edits_n = 0;
  ErrorTally tally;
  std::string out;
  for (const std::string& scan : o.scans) {
    std::string gt_path = o.gt.empty() ? std::filesystem::path(scan).replace_extension(".gt.txt").string() : o.gt;
    std::string gt = ReadWholeFile(gt_path);
    if (gt.empty()) {
      std::cerr << gt_path << ": no ground truth\n";
      return 1;
    }
    PageStats stats;
    PageOptions p = popts;
    p.stats = &stats;
    auto doc = ProcessFile(scan, {}, p);
    if (!doc.ok()) {
      std::cerr << scan << ": " << doc.status().ToString() << "\n";
      return 1;
    }
    const Document& d = doc.value();
    for (const auto& w : d.warnings) std::cerr << scan << ": " << w << "\n";
    if (!o.dump.empty()) {
      std::filesystem::create_directories(o.dump);
      Spit((std::filesystem::path(o.dump) / std::filesystem::path(scan).filename()).replace_extension(".ocr.txt").string(),
           d.original);
      Spit((std::filesystem::path(o.dump) / std::filesystem::path(scan).filename()).replace_extension(".text.txt").string(),
           d.text);
    }
    std::vector<std::string> gp = SplitPages(gt), op = SplitPages(d.original);
    const size_t n = o.max_pages > 0 ? std::min<size_t>(gp.size(), o.max_pages) : gp.size();
    std::vector<PageCer> pages;
    size_t chars = 0, edits = 0, chars_n = 0, edits_n = 0;
    for (size_t i = 0; i < n; ++i) {
      if (!o.pages.empty() && !o.pages.count(static_cast<int>(i + 1))) continue;
      PageCer pc;
      pc.page = static_cast<int>(i + 1);
      std::string got = i < op.size() ? op[i] : "";
      std::u32string a = CerChars(gp[i], false), b = CerChars(got, false);
      std::vector<CharEdit> ed;
      pc.chars = a.size();
      pc.edits = Align(a, b, o.errors > 0 ? &ed : nullptr);
      if (o.errors > 0) Tally(ed, &tally);
      std::u32string an = CerChars(gp[i], true), bn = CerChars(got, true);
      pc.chars_nfkc = an.size();
      pc.edits_nfkc = Align(an, bn, nullptr);
      chars += pc.chars, edits += pc.edits, chars_n += pc.chars_nfkc, edits_n += pc.edits_nfkc;
      pages.push_back(pc);
    }
    all_chars += chars, all_edits += edits, all_chars_n += chars_n, all_edits_n += edits_n;
    nlohmann::ordered_json js;
    js["scan"] = scan;
    js["pages"] = pages.size();
    js["chars"] = chars;
    js["edits"] = edits;
    js["cer"] = Pct(edits, chars) / 100;
    js["cer_nfkc"] = Pct(edits_n, chars_n) / 100;
    js["ocr_seconds"] = stats.ocr_micros / 1e6;
    js["per_page"] = nlohmann::json::array();
    out += fmt::format("{}: {} pages, {} chars, CER {:.2f}% (NFKC {:.2f}%), {:.1f} s of recognition\n", scan,
                       pages.size(), chars, Pct(edits, chars), Pct(edits_n, chars_n), stats.ocr_micros / 1e6);
    if (o.per_page) out += "  page  chars  edits    CER  CER-NFKC\n";
    for (const PageCer& pc : pages) {
      js["per_page"].push_back({{"page", pc.page}, {"chars", pc.chars}, {"edits", pc.edits},
                                {"cer", Pct(pc.edits, pc.chars) / 100},
                                {"cer_nfkc", Pct(pc.edits_nfkc, pc.chars_nfkc) / 100}});
      if (o.per_page)
        out += fmt::format("  {:4}  {:5}  {:5}  {:5.2f}%  {:5.2f}%\n", pc.page, pc.chars, pc.edits,
                           Pct(pc.edits, pc.chars), Pct(pc.edits_nfkc, pc.chars_nfkc));
    }
    if (text_doc) {
      js["fields"] = nlohmann::json::array();
      out += fmt::format("  field agreement with {} (matched / in text version; found in scan):\n", o.text);
      for (const FieldAgreement& a : Agreement(*text_doc, d)) {
        js["fields"].push_back({{"field", a.field}, {"text", a.want}, {"scan", a.got}, {"matched", a.matched},
                                {"recall", a.want ? static_cast<double>(a.matched) / a.want : 1.0},
                                {"precision", a.got ? static_cast<double>(a.matched) / a.got : 1.0},
                                {"missing", a.missing}, {"extra", a.extra}});
        out += fmt::format("    {:<26} {:4} / {:<4} {:6.1f}%   scan {:4}, precision {:5.1f}%\n", a.field, a.matched,
                           a.want, a.want ? Pct(a.matched, a.want) : 100.0, a.got,
                           a.got ? Pct(a.matched, a.got) : 100.0);
        if (o.errors > 0) {
          for (size_t k = 0; k < std::min<size_t>(a.missing.size(), o.errors); ++k)
            out += "        missing: " + a.missing[k] + "\n";
          for (size_t k = 0; k < std::min<size_t>(a.extra.size(), o.errors); ++k)
            out += "        extra:   " + a.extra[k] + "\n";
        }
      }
    }
    j["scans"].push_back(js);
  }
  j["corpus"] = {{"chars", all_chars}, {"edits", all_edits}, {"cer", Pct(all_edits, all_chars) / 100},
                 {"cer_nfkc", Pct(all_edits_n, all_chars_n) / 100}};
  if (o.scans.size() > 1)
    out += fmt::format("corpus: {} scans, {} chars, CER {:.2f}% (NFKC {:.2f}%)\n", o.scans.size(), all_chars,
                       Pct(all_edits, all_chars), Pct(all_edits_n, all_chars_n));
  if (o.errors > 0) {
    nlohmann::ordered_json je;
    std::vector<std::pair<size_t, std::string>> kinds;
    size_t total = 0;
    for (auto& [k, c] : tally.by_kind) kinds.push_back({c, k}), total += c;
    std::sort(kinds.rbegin(), kinds.rend());
    out += fmt::format("errors by kind (of {} edits, before NFKC):\n", total);
    for (auto& [c, k] : kinds) {
      out += fmt::format("  {:6} {:5.1f}%  {}\n", c, Pct(c, total), k);
      je["by_kind"][k] = c;
    }
    std::vector<std::pair<size_t, std::pair<std::string, std::string>>> pairs;
    for (auto& [p, c] : tally.pairs) pairs.push_back({c, p});
    std::sort(pairs.begin(), pairs.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
    out += "most frequent confusions (truth → OCR):\n";
    for (size_t k = 0; k < std::min<size_t>(pairs.size(), o.errors); ++k) {
      const auto& [c, p] = pairs[k];
      out += fmt::format("  {:6}  {} → {}\n", c, p.first.empty() ? "∅" : p.first, p.second.empty() ? "∅" : p.second);
      je["pairs"].push_back({{"truth", p.first}, {"ocr", p.second}, {"count", c}});
    }
    j["errors"] = je;
  }
  std::cout << (o.json ? j.dump(2) + "\n" : out);
  return 0;
}

}  // namespace
}  // namespace gongwen::corpus

int main(int argc, char** argv) {
  using namespace gongwen::corpus;
  CLI::App app{"gongwen_corpus: PDFs and scans for the corpus"};
  app.require_subcommand(1);
  std::string in, out, name, ocr = "auto";
  int max_pages = 0, jobs = 1;
  gongwen::corpus::ScanStyle style;
  double dpi = 200;
  auto* pdf = app.add_subcommand("pdf", "lay a text notice out as an official-document PDF");
  pdf->add_option("NOTICE", in)->required();
  pdf->add_option("OUT", out)->required();
  pdf->add_option("--max-pages", max_pages, "stop after this many pages");
  auto* scan = app.add_subcommand("scan", "a scanned-looking image-only PDF from a PDF");
  scan->add_option("IN", in)->required();
  scan->add_option("OUT", out)->required();
  scan->add_option("--dpi", style.dpi);
  scan->add_option("--seed", style.seed);
  scan->add_option("--jpeg-quality", style.jpeg_quality);
  scan->add_flag("--clean", style.clean, "no skew, blur or noise");
  scan->add_option("--max-pages", style.max_pages, "only the first N pages");
  auto* rec = app.add_subcommand("record-ocr", "record Tesseract's output for RecordedOcr");
  rec->add_option("SCAN", in)->required();
  rec->add_option("OUT", out)->required();
  rec->add_option("--file", name, "file name recorded in the JSON");
  rec->add_option("--dpi", dpi);
  rec->add_option("-j", jobs);
  auto* words = app.add_subcommand("words", "what the pipeline reads from a PDF or image");
  words->add_option("FILE", in)->required();
  words->add_option("--ocr", ocr);
  EvalOptions ev;
  auto* eval = app.add_subcommand("eval", "CER of OCR against ground truth, error kinds, field agreement");
  eval->add_option("SCAN", ev.scans, "scanned PDFs or images; ground truth beside each as .gt.txt")->required();
  eval->add_option("--gt", ev.gt, "ground truth (one scan only): pages split by form feed");
  eval->add_option("--text", ev.text, "the text version (text file or text-layer PDF) for field agreement");
  eval->add_option("--ocr-replay", ev.ocr_replay, "replay OCR recorded in DIR instead of running Tesseract");
  eval->add_option("--dpi", ev.dpi, "resolution for OCR of PDF pages");
  eval->add_option("-j", ev.jobs, "OCR workers");
  eval->add_option("--max-pages", ev.max_pages, "only the first N pages");
  eval->add_option("--lang", ev.tess.languages, "Tesseract languages");
  eval->add_option("--psm", ev.tess.psm, "Tesseract page segmentation mode");
  eval->add_option("--errors", ev.errors, "show error kinds, the N most frequent confusions and missing fields");
  eval->add_option("--dump", ev.dump, "write each scan's OCR text to DIR/NAME.ocr.txt and the normalized text the extractors read to DIR/NAME.text.txt");
  eval->add_flag("--per-page", ev.per_page, "CER of every page");
  eval->add_option("--pages", ev.pages, "only these pages (1-based), e.g. --pages 3 8 26")->delimiter(',');
  bool no_despeckle = false, no_leftovers = false;
  eval->add_flag("--no-leftovers", no_leftovers, "no second pass over ink the page layout left out");
  eval->add_flag("--no-despeckle", no_despeckle, "Tesseract on the image as it is");
  eval->add_flag("--json", ev.json, "JSON for scripts");
  CLI11_PARSE(app, argc, argv);
  ev.tess.despeckle = !no_despeckle;
  ev.tess.leftover_lines = !no_leftovers;
  if (*eval) return CmdEval(ev);
  if (*pdf) return CmdPdf(in, out, max_pages);
  if (*scan) return CmdScan(in, out, style);
  if (*rec) return CmdRecord(in, out, name, dpi, jobs);
  if (*words) return CmdWords(in, ocr);
  return 2;
}
