// Pages: PDFs and images into the Document's pages and original text.
//
// For each page: the text layer (pdf_text.h) when triage (triage.h) finds it
// usable, else render → deskew → OCR → drop the pixmap (raster.h, ocr.h) on a
// pool of workers, one OCR engine per worker thread, pages of one document in
// parallel. Then, in page order:
//   doc->pages     number, source (pdf | ocr), size in points, confidence,
//                  words in reading order with boxes;
//   doc->original  the page texts, lines joined by '\n', pages by '\f'; every
//                  Word records its byte range in it (orig_begin, orig_end).
// The text stages (layout → structure → extract) run after this unchanged.
//
// A page that fails (cannot be rendered, OCR error or time limit, an image
// frame that cannot be decoded) is a soft error: the page stays, empty, and
// doc->warnings says "page 3: OCR failed: …". A file that cannot be opened at
// all (encrypted without the password, damaged beyond reading, no pages) is
// an error for the file; so is OCR that cannot start (language data missing),
// an image none of whose frames can be read (with the first frame's reason),
// and an image under --ocr never (Unsupported: no text without OCR).
//
// Memory stays bounded whatever the input: a PDF page is rendered within
// PageOptions::max_pixels (at a lower resolution if need be, with a warning),
// an image frame larger than that is refused from its header before it is
// decoded, each worker holds one page image at a time, and pages beyond
// max_pages are skipped with a warning.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "pipeline/document.h"
#include "pipeline/ocr.h"
#include "pipeline/status.h"
#include "pipeline/triage.h"

namespace gongwen {

// Drops OCR words of one page (engine order, boxes in points) that are dust
// and noise: tiny boxes, and short non-CJK words of confidence below 0.6.
// A word of digits with the box of digits is kept whatever its confidence
// (as tall as half the page's median CJK character h, at most h wide a
// digit, 2 h right after a comparator: ≥5种).
void DropSpecks(std::vector<Word>* words);

// A fixed set of worker threads, each owning one OCR engine made by the
// factory on that thread the first time it is needed (initialized once, used
// for every later page). Pages of any number of documents share the pool.
class OcrPool {
 public:
  OcrPool(int workers, OcrFactory factory);
  ~OcrPool();
  OcrPool(const OcrPool&) = delete;
  OcrPool& operator=(const OcrPool&) = delete;

  int workers() const { return static_cast<int>(threads_.size()); }
  // Runs job on a worker with that worker's engine, or with engine == nullptr
  // and the reason in `init` when the engine could not be made.
  using Job = std::function<void(OcrEngine* engine, const Status& init)>;
  void Submit(Job job);

 private:
  void Run();
  OcrFactory factory_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> queue_;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

// Time spent, summed over a run (for benchmarks).
struct PageStats {
  std::atomic<int> text_pages{0}, ocr_pages{0}, failed_pages{0};
  std::atomic<int64_t> ocr_micros{0};     // the engines' own recognition time
  std::atomic<int64_t> render_micros{0};  // rendering and deskew
};

struct PageOptions {
  OcrMode ocr = OcrMode::kAuto;
  std::string password;          // for encrypted PDFs (user or owner password)
  double dpi = 200;              // OCR rendering; 200 beat 300 for 16 pt body text
  bool deskew = true;
  int time_limit_ms = 120'000;   // per page OCR
  int64_t max_pixels = 25'000'000;
  int max_pages = 10'000;        // pages beyond are skipped with a warning
  int jobs = 1;                  // pool size when no pool is given
  OcrPool* pool = nullptr;       // shared pool; null: one made for the call
  OcrFactory ocr_factory;        // engine for a pool made here; empty: Tesseract chi_sim+eng
  PageStats* stats = nullptr;
  // Called from the worker with each OCR page's result as the engine gave
  // it (page 1-based; skew_deg set to the angle the image was deskewed by),
  // before anything else looks at it: what tools/corpus record-ocr records.
  // Must be thread-safe.
  std::function<void(int page, const OcrResult&)> on_ocr;
};

// Reads a PDF (media_type application/pdf) or an image (image/*) held in
// `bytes` into doc->pages, doc->original and doc->warnings.
// REQUIRES: doc->sha256 is set (recorded OCR is keyed by it).
Status ReadPages(std::string_view bytes, const std::string& media_type, const PageOptions& opts,
                 Document* doc);

}  // namespace gongwen
