#include "pipeline/pages.h"

#include <algorithm>
#include <chrono>
#include <csetjmp>
#include <cstring>
#include <cstdio>
#include <mutex>

#include <fmt/format.h>
#include <jpeglib.h>
#include <leptonica/allheaders.h>
#include <png.h>

#include "pipeline/normalize.h"
#include "pipeline/ocr_fixups.h"
#include "pipeline/ocr_glyphs.h"
#include "pipeline/pdf_text.h"
#include "pipeline/raster.h"

namespace gongwen {

OcrPool::OcrPool(int workers, OcrFactory factory) : factory_(std::move(factory)) {
  if (!factory_) factory_ = TesseractFactory();
  for (int i = 0; i < std::max(1, workers); ++i) threads_.emplace_back([this] { Run(); });
}

OcrPool::~OcrPool() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
}

void OcrPool::Submit(Job job) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(job));
  }
  cv_.notify_one();
}

void OcrPool::Run() {
  std::unique_ptr<OcrEngine> engine;
  Status init;
  bool tried = false;
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
      if (queue_.empty()) return;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    if (!tried) {
      tried = true;
      auto e = factory_();
      if (e.ok()) engine = std::move(e.value());
      else init = e.status();
    }
    job(engine.get(), init);
  }
}

namespace {

struct PageResult {
  TextSource source = TextSource::kPdfTextLayer;
  double width_pt = 0, height_pt = 0;
  std::vector<Word> words;       // unordered (text layer) or engine order (OCR)
  std::vector<std::string> warnings;
  Status error;                  // soft, for the page
  Status fatal;                  // engine could not start
  double skew_deg = 0;           // OCR boxes are on the deskewed image until assembly
};

int64_t Micros(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

// OCR of dust and noise on a scan: tiny boxes, and short non-CJK "words"
// recognized with low confidence (`|`, `,`, `i` between the lines). Digits
// are kept whatever their confidence when their box has the size of digits
// (at least half the height h of the page's median CJK character, at most h
// wide a digit: a page number `— 7 —` read as one wide `7` is not kept):
// Tesseract gives the `1` of `限报1个` or the `20` of `≥20个` confidence 0,
// and a number dropped changes a record; specks are not that tall.
void DropSpecks(std::vector<Word>* words) {
  const double h = MedianCharHeight(*words, 0, words->size(), 1.0);
  // A number right after a comparator (`≥5种`) is content: the comparator is
  // no speck, and a number is what follows one. Tesseract can box such a
  // digit over the blank beside it (17 pt for a 15 pt character), so there
  // the width allowed is 2 h a digit instead of h.
  auto after_comparator = [&](size_t i) {
    if (i == 0) return false;
    const std::string& prev = (*words)[i - 1].text;
    for (const char* c : {"≥", "≤", ">", "<"})
      if (prev.ends_with(c)) return true;
    return false;
  };
  auto speck = [h](const Word& w, bool wide_ok) {
    if (w.box.y1 - w.box.y0 < 3 && w.box.x1 - w.box.x0 < 3) return true;
    size_t cps = 0;
    bool cjk = false;
    for (size_t i = 0; i < w.text.size();) {
      cjk |= IsCjk(DecodeUtf8(w.text, &i));
      ++cps;
    }
    // (A comparator recovered from the image into the number's word, `≥5`,
    // counts as a comparator before it.)
    std::string_view num = w.text;
    for (std::string_view c : {"≥", "≤"})
      if (num.starts_with(c) && num.size() > c.size()) num.remove_prefix(c.size()), wide_ok = true;
    const bool digits = !num.empty() && std::all_of(num.begin(), num.end(), [](char c) { return c >= '0' && c <= '9'; });
    const double bw = w.box.x1 - w.box.x0;
    if (digits && h > 0 && w.box.y1 - w.box.y0 >= 0.5 * h && bw >= 0.15 * h &&
        bw <= (wide_ok ? 2 : 1) * h * static_cast<double>(cps))
      return false;
    return !cjk && cps <= 2 && w.confidence < 0.6f;
  };
  std::vector<bool> drop(words->size());
  for (size_t i = 0; i < words->size(); ++i) drop[i] = speck((*words)[i], after_comparator(i));
  // remove_if tests each element in place before anything is moved onto it.
  std::erase_if(*words, [&](const Word& w) { return drop[static_cast<size_t>(&w - words->data())]; });
}

namespace {

// What an OCR job needs to know about its page.
struct OcrTask {
  std::string_view bytes;
  bool pdf = true;
  int index = 0;
  const PageOptions* opts = nullptr;
  const std::string* sha256 = nullptr;
};

// Leptonica decodes PNG and JPEG with libpng's and libjpeg's default message
// handlers, which print to stderr ("libpng error: Not enough image data",
// "Corrupt JPEG data: 1 extraneous bytes before marker 0xda"): a damaged image
// would add lines to our one-line error. So a PNG or JPEG (by the signature
// Leptonica goes by) is first decoded here, a row at a time, with silent
// handlers:
//   an error                 fails the frame with its reason;
//   clean                    Leptonica decodes it as any other image;
//   warnings, yet decodable  decoded here to 8-bit grey (a second pass), so
//                            Leptonica never sees it and the page is kept.
// Images above max_pixels are refused from their header, here too.
struct Decoded {
  PixPtr pix;        // set when the image was decoded here
  double dpi = 0;
  std::string note;  // the decoder's first complaint, for a page warning
};

// State lives in structs whose address libpng/libjpeg hold, not in locals
// changed between setjmp and longjmp.
struct PngReader {
  std::string_view bytes;
  size_t pos = 0;
  bool warned = false;
  char warning[160] = {0};
  std::vector<png_byte> pixels;
  std::vector<png_bytep> rows;
  char message[160] = {0};
};

void PngError(png_structp png, png_const_charp msg) {
  auto* r = static_cast<PngReader*>(png_get_error_ptr(png));
  std::snprintf(r->message, sizeof r->message, "%s", msg);
  png_longjmp(png, 1);
}
void PngWarning(png_structp png, png_const_charp msg) {
  auto* r = static_cast<PngReader*>(png_get_error_ptr(png));
  if (!r->warned) std::snprintf(r->warning, sizeof r->warning, "%s", msg);
  r->warned = true;
}
void PngRead(png_structp png, png_bytep out, size_t n) {
  auto* r = static_cast<PngReader*>(png_get_io_ptr(png));
  if (r->bytes.size() - r->pos < n) png_error(png, "Not enough image data");
  std::memcpy(out, r->bytes.data() + r->pos, n);
  r->pos += n;
}

// As ReadImageFrame's header check (raster.h), which Leptonica's header
// readers would otherwise do, printing libjpeg's complaints.
bool TooLarge(int64_t w, int64_t h, int64_t max_pixels) { return w * h > max_pixels || w > 32000 || h > 32000; }
Status TooLargeStatus(int64_t w, int64_t h, int64_t max_pixels) {
  return Status::TooLarge(fmt::format("image of {}×{} px exceeds the {} Mpx limit", w, h, max_pixels / 1000000));
}

double SaneDpi(double dpi) { return dpi >= 50 && dpi <= 2400 ? dpi : 300; }

// keep: decode to grey into *out (the second pass).
Status DecodePng(std::string_view bytes, int64_t max_pixels, bool keep, bool* warned, Decoded* out) {
  PngReader reader{bytes};
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &reader, PngError, PngWarning);
  if (!png) return Status::Internal("libpng: out of memory");
  png_infop info = png_create_info_struct(png);
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, nullptr);
    return Status::InvalidInput(fmt::format("cannot decode image frame 1 (PNG: {})", reader.message));
  }
  png_set_read_fn(png, &reader, PngRead);
  png_read_info(png, info);
  const int64_t w = png_get_image_width(png, info), h = png_get_image_height(png, info);
  if (TooLarge(w, h, max_pixels)) {
    png_destroy_read_struct(&png, &info, nullptr);
    return TooLargeStatus(w, h, max_pixels);
  }
  {
    if (keep) {  // to 8-bit grey
      png_set_expand(png);
      png_set_strip_16(png);
      png_set_strip_alpha(png);
      png_set_rgb_to_gray_fixed(png, 1, -1, -1);
    }
    const int passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    const size_t rowbytes = png_get_rowbytes(png, info);
    if (keep) {
      if (rowbytes != static_cast<size_t>(w)) png_error(png, "unexpected layout after conversion to grey");
      reader.pixels.resize(static_cast<size_t>(w * h));
      for (int64_t y = 0; y < h; ++y) reader.rows.push_back(reader.pixels.data() + y * w);
      png_read_image(png, reader.rows.data());
    } else {
      reader.pixels.resize(rowbytes);
      for (int p = 0; p < passes; ++p)
        for (int64_t y = 0; y < h; ++y) png_read_row(png, reader.pixels.data(), nullptr);
    }
    png_read_end(png, nullptr);
  }
  png_uint_32 xres = 0, yres = 0;
  int unit = 0;
  const bool phys = png_get_pHYs(png, info, &xres, &yres, &unit) != 0 && unit == PNG_RESOLUTION_METER;
  png_destroy_read_struct(&png, &info, nullptr);
  *warned = reader.warned;
  if (keep && !reader.pixels.empty()) {
    out->pix.reset(pixCreate(static_cast<int>(w), static_cast<int>(h), 8));
    if (!out->pix) return Status::Internal("out of memory");
    l_uint32* data = pixGetData(out->pix.get());
    const int wpl = pixGetWpl(out->pix.get());
    for (int64_t y = 0; y < h; ++y)
      for (int64_t x = 0; x < w; ++x) SET_DATA_BYTE(data + y * wpl, x, reader.pixels[y * w + x]);
    out->dpi = SaneDpi(phys ? xres * 0.0254 : 0);
    out->note = fmt::format("damaged image data, read as far as it decodes (PNG: {})", reader.warning);
  }
  return Status::Ok();
}

struct JpegState {
  jpeg_error_mgr mgr;
  std::jmp_buf jump;
  std::vector<JSAMPLE> row;
  char message[JMSG_LENGTH_MAX] = {0};
};

void JpegExit(j_common_ptr c) {
  auto* e = static_cast<JpegState*>(c->client_data);
  (*c->err->format_message)(c, e->message);
  std::longjmp(e->jump, 1);
}
void JpegMessage(j_common_ptr c) {  // warnings: keep the first one, print nothing
  auto* e = static_cast<JpegState*>(c->client_data);
  if (!e->message[0]) (*c->err->format_message)(c, e->message);
}

Status DecodeJpeg(std::string_view bytes, int64_t max_pixels, bool keep, bool* warned, Decoded* out) {
  jpeg_decompress_struct cinfo;
  JpegState st;
  cinfo.err = jpeg_std_error(&st.mgr);
  cinfo.client_data = &st;
  st.mgr.error_exit = JpegExit;
  st.mgr.output_message = JpegMessage;
  if (setjmp(st.jump)) {
    jpeg_destroy_decompress(&cinfo);
    out->pix.reset();
    return Status::InvalidInput(fmt::format("cannot decode image frame 1 (JPEG: {})", st.message));
  }
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  jpeg_read_header(&cinfo, TRUE);
  if (TooLarge(cinfo.image_width, cinfo.image_height, max_pixels)) {
    const int64_t w = cinfo.image_width, h = cinfo.image_height;
    jpeg_destroy_decompress(&cinfo);
    return TooLargeStatus(w, h, max_pixels);
  }
  {
    if (keep) cinfo.out_color_space = JCS_GRAYSCALE;
    jpeg_start_decompress(&cinfo);
    st.row.resize(static_cast<size_t>(cinfo.output_width) * cinfo.output_components);
    if (keep) {
      out->pix.reset(pixCreate(static_cast<int>(cinfo.output_width), static_cast<int>(cinfo.output_height), 8));
      if (!out->pix) {
        jpeg_destroy_decompress(&cinfo);
        return Status::Internal("out of memory");
      }
    }
    JSAMPROW rows[1] = {st.row.data()};
    while (cinfo.output_scanline < cinfo.output_height) {
      const JDIMENSION y = cinfo.output_scanline;
      jpeg_read_scanlines(&cinfo, rows, 1);
      if (keep) {
        l_uint32* line = pixGetData(out->pix.get()) + static_cast<size_t>(y) * pixGetWpl(out->pix.get());
        for (JDIMENSION x = 0; x < cinfo.output_width; ++x) SET_DATA_BYTE(line, x, st.row[x]);
      }
    }
    jpeg_finish_decompress(&cinfo);
  }
  *warned = st.mgr.num_warnings > 0;
  if (keep) out->note = fmt::format("damaged image data, read as far as it decodes (JPEG: {})", st.message);
  const double density = cinfo.density_unit == 1 ? cinfo.X_density : cinfo.density_unit == 2 ? cinfo.X_density * 2.54 : 0;
  out->dpi = SaneDpi(density);
  jpeg_destroy_decompress(&cinfo);
  return Status::Ok();
}

// Fills out->pix when the image had to be decoded here (see above).
Status DecodeIfDamaged(std::string_view bytes, int64_t max_pixels, Decoded* out) {
  auto run = [&](auto decode) {
    bool warned = false;
    Status s = decode(bytes, max_pixels, false, &warned, out);
    if (!s.ok() || !warned) return s;
    return decode(bytes, max_pixels, true, &warned, out);
  };
  if (bytes.starts_with("\x89PNG")) return run(DecodePng);
  if (bytes.starts_with("\xFF\xD8")) return run(DecodeJpeg);
  return Status::Ok();
}

void RunOcr(const OcrTask& t, OcrEngine* engine, const Status& init, PageResult* out) {
  out->source = TextSource::kOcr;
  if (!engine) {
    out->fatal = init.ok() ? Status::Internal("no OCR engine") : init;
    return;
  }
  PageStats* stats = t.opts->stats;
  OcrRequest req;
  req.doc_sha256 = *t.sha256;
  req.page = t.index + 1;
  req.time_limit_ms = t.opts->time_limit_ms;
  PageImage img;
  const auto t0 = std::chrono::steady_clock::now();
  if (t.pdf) {
    auto pdf = PdfFile::Open(t.bytes, t.opts->password);
    if (!pdf.ok()) {
      out->error = pdf.status();
      return;
    }
    pdf.value()->PageSize(t.index, &out->width_pt, &out->height_pt);
    if (engine->needs_pixels()) {
      auto r = ScanPageImage(t.bytes, t.opts->password, t.index, t.opts->dpi, t.opts->max_pixels);
      if (!r.ok()) {
        const double image_dpi = PageImageDpi(t.bytes, t.opts->password, t.index);
        r = RenderPdfPage(*pdf.value(), t.index, t.opts->dpi, t.opts->max_pixels, image_dpi);
      }
      if (!r.ok()) {
        out->error = r.status();
        return;
      }
      img = std::move(r.value());
    }
  } else {
    Decoded own;
    Status clean = t.index == 0 ? DecodeIfDamaged(t.bytes, t.opts->max_pixels, &own) : Status::Ok();
    if (!clean.ok()) {
      out->error = clean;
      return;
    }
    if (own.pix) {
      img.dpi = own.dpi;
      img.width_pt = pixGetWidth(own.pix.get()) * 72.0 / own.dpi;
      img.height_pt = pixGetHeight(own.pix.get()) * 72.0 / own.dpi;
      img.pix = std::move(own.pix);
      img.note = std::move(own.note);
    } else {
      auto r = ReadImageFrame(t.bytes, t.index, t.opts->max_pixels);
      if (!r.ok()) {
        out->error = r.status();
        return;
      }
      img = std::move(r.value());
    }
    out->width_pt = img.width_pt;
    out->height_pt = img.height_pt;
  }
  if (!img.note.empty()) out->warnings.push_back(img.note);
  if (img.pix && t.opts->deskew) Deskew(&img);
  if (stats) stats->render_micros += Micros(t0);
  req.pix = img.pix.get();
  req.dpi = img.dpi;
  auto r = engine->Recognize(req);
  img.pix.reset();  // memory stays flat: one page image per worker at a time
  if (!r.ok()) {
    out->error = r.status();
    return;
  }
  if (stats) stats->ocr_micros += static_cast<int64_t>(r.value().seconds * 1e6);
  // Lines are found on the straightened image; boxes go back onto the page
  // after ordering (on the skewed page a line drifts into the next one). A
  // replay's boxes are on the image the recording was straightened to.
  out->skew_deg = img.skew_deg != 0 ? img.skew_deg : r.value().skew_deg;
  if (t.opts->on_ocr) {
    r.value().skew_deg = out->skew_deg;
    t.opts->on_ocr(req.page, r.value());
  }
  out->words = std::move(r.value().words);
  DropSpecks(&out->words);
}

}  // namespace

namespace {
void Discard(const char*) {}
}  // namespace

Status ReadPages(std::string_view bytes, const std::string& media_type, const PageOptions& opts,
                 Document* doc) {
  // Leptonica's decoders print some complaints straight to stderr ("Bad file:
  // amount too big"); a bad page is reported once, as a warning, by us.
  static std::once_flag quiet;
  std::call_once(quiet, [] { leptSetStderrHandler(Discard); });
  const bool is_pdf = media_type == "application/pdf";
  std::unique_ptr<PdfFile> pdf;
  int n = 0;
  if (is_pdf) {
    auto p = PdfFile::Open(bytes, opts.password);
    if (!p.ok()) return p.status();
    pdf = std::move(p.value());
    n = pdf->page_count();
  } else {
    // Leptonica reads the first 12 bytes to find the format, whatever the size.
    if (bytes.size() < 12) return Status::InvalidInput("not an image Leptonica reads");
    if (opts.ocr == OcrMode::kNever) return Status::Unsupported("an image has no text without OCR (--ocr never)");
    auto c = ImageFrameCount(bytes);
    if (!c.ok()) return c.status();
    n = c.value();
  }
  if (n > opts.max_pages) {
    doc->warnings.push_back(fmt::format("only the first {} of {} pages read (limit)", opts.max_pages, n));
    n = opts.max_pages;
  }

  std::vector<PageResult> results(n);
  std::vector<int> ocr_pages;
  for (int i = 0; i < n; ++i) {
    if (!is_pdf) {
      ocr_pages.push_back(i);
      continue;
    }
    PdfPageText t = pdf->TextLayer(i);
    PageResult& r = results[i];
    r.width_pt = t.width_pt;
    r.height_pt = t.height_pt;
    Triage tr = TriageTextLayer(t);
    bool ocr = false;
    switch (opts.ocr) {
      case OcrMode::kAlways: ocr = true; break;
      case OcrMode::kNever:
        if (tr.verdict == Triage::Verdict::kGarbled)
          r.warnings.push_back(tr.reason + "; kept as is (--ocr never)");
        break;
      case OcrMode::kAuto:
        if (tr.verdict == Triage::Verdict::kGarbled) {
          ocr = true;
          r.warnings.push_back(tr.reason + "; read by OCR");
        } else if (tr.verdict != Triage::Verdict::kUsable) {
          ocr = PageHasInk(*pdf, i, t.words);
        }
        break;
    }
    if (ocr) {
      ocr_pages.push_back(i);
    } else {
      r.words = std::move(t.words);
      if (opts.stats) ++opts.stats->text_pages;
    }
  }

  if (!ocr_pages.empty()) {
    std::unique_ptr<OcrPool> own;
    OcrPool* pool = opts.pool;
    if (!pool) {
      own = std::make_unique<OcrPool>(std::min<int>(std::max(1, opts.jobs), static_cast<int>(ocr_pages.size())),
                                      opts.ocr_factory);
      pool = own.get();
    }
    std::mutex mu;
    std::condition_variable cv;
    size_t done = 0;
    for (int i : ocr_pages) {
      OcrTask task{bytes, is_pdf, i, &opts, &doc->sha256};
      PageResult* out = &results[i];
      pool->Submit([task, out, &mu, &cv, &done](OcrEngine* engine, const Status& init) {
        PageResult r;
        r.warnings = std::move(out->warnings);
        r.width_pt = out->width_pt;
        r.height_pt = out->height_pt;
        RunOcr(task, engine, init, &r);
        *out = std::move(r);
        std::lock_guard lock(mu);
        ++done;
        cv.notify_all();
      });
    }
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return done == ocr_pages.size(); });
  }

  for (const PageResult& r : results)
    if (!r.fatal.ok()) return r.fatal;
  // An image none of whose frames could be read is no document: the file
  // fails with the first frame's reason ("image of 30000×30000 px exceeds …").
  if (!is_pdf && std::all_of(results.begin(), results.end(), [](const PageResult& r) { return !r.error.ok(); }))
    return results.front().error;

  // Assemble in page order.
  doc->original.clear();
  doc->pages.clear();
  for (int i = 0; i < n; ++i) {
    PageResult& r = results[i];
    if (i > 0) doc->original += '\f';
    for (const std::string& w : r.warnings) doc->warnings.push_back(fmt::format("page {}: {}", i + 1, w));
    if (!r.error.ok()) {
      doc->warnings.push_back(fmt::format("page {}: {}{}", i + 1, r.source == TextSource::kOcr ? "OCR failed: " : "",
                                          r.error.message()));
      if (opts.stats) ++opts.stats->failed_pages;
    } else if (r.source == TextSource::kOcr && opts.stats) {
      ++opts.stats->ocr_pages;
    }
    Page page;
    page.number = i + 1;
    page.source = r.source;
    page.width_pt = r.width_pt;
    page.height_pt = r.height_pt;
    const size_t base = doc->original.size();
    std::vector<PageLine> lines = OrderWords(std::move(r.words), r.source == TextSource::kOcr);
    // Between a Han character and a number, OCR box gaps say nothing (the
    // LSTM's boxes are not where the ink is): the engine's ink decides.
    if (r.source == TextSource::kOcr)
      for (PageLine& l : lines)
        for (size_t k = 1; k < l.words.size() && k < l.seps.size(); ++k)
          if (l.seps[k] == " " && !l.words[k - 1].space_after && HanDigitPair(l.words[k - 1], l.words[k]))
            l.seps[k].clear();
    std::string text = RenderLines(&lines, base);
    for (PageLine& l : lines)
      for (Word& w : l.words) page.words.push_back(std::move(w));
    if (r.skew_deg != 0)
      for (Word& w : page.words) w.box = UnskewBox(r.skew_deg, r.width_pt, r.height_pt, w.box);
    if (r.source == TextSource::kOcr) {
      ApplyOcrFixups(&text, &page.words, base);
      double sum = 0, weight = 0;
      for (const Word& w : page.words) {
        sum += w.confidence * w.text.size();
        weight += w.text.size();
      }
      page.confidence = weight > 0 ? static_cast<float>(sum / weight) : (r.error.ok() ? 1.0f : 0.0f);
    }
    doc->original += text;
    doc->pages.push_back(std::move(page));
  }
  return Status::Ok();
}

}  // namespace gongwen
