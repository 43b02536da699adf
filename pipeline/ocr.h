// OCR: recognizes the words of a page image, with boxes and confidences.
//
// OcrEngine is the narrow interface the page executor uses; one engine lives
// on one worker thread and is used for every page that thread recognizes, so
// it is initialized once. Implementations:
//   TesseractOcr  the Tesseract C++ API (chi_sim by default), OpenMP off
//                 (OMP_THREAD_LIMIT=1 set before Tesseract loads), no spaces
//                 between Chinese characters (preserve_interword_spaces), a
//                 time limit per page (ETEXT_DESC deadline); specks removed
//                 from the image first, and the boxes of the characters of a
//                 text line made as high as the line's (the LSTM's symbol
//                 boxes can be two lines high, which joins lines in layout);
//   RecordedOcr   replays output recorded earlier (corpus/ocr/*.json), keyed
//                 by the file's SHA-256 and the page number: tests run without
//                 Tesseract and give the same words every time;
//   FailingOcr    fails on chosen pages (fault injection).
//
// Boxes are in PDF points, origin top-left, on the page image as given (the
// executor undoes its deskew rotation).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "pipeline/document.h"
#include "pipeline/status.h"

struct Pix;

namespace gongwen {

struct OcrRequest {
  const Pix* pix = nullptr;   // 8 bpp grey; null when the engine needs no pixels
  double dpi = 0;
  std::string doc_sha256;     // identifies the page for RecordedOcr
  int page = 0;               // 1-based
  int time_limit_ms = 0;      // 0: none
};

struct OcrResult {
  std::vector<Word> words;    // in the engine's reading order; boxes in points
  double seconds = 0;         // the engine's own recognition time
  // RecordedOcr: the angle the recorded page's image was deskewed by; the
  // boxes are on that straightened image, as the engine gave them, so that
  // a replay orders and unskews them as the live run did. 0 from engines
  // that look at the pixels (the caller deskews).
  double skew_deg = 0;
};

class OcrEngine {
 public:
  virtual ~OcrEngine() = default;
  // Whether Recognize looks at the pixels (RecordedOcr does not, so the
  // executor skips rendering).
  virtual bool needs_pixels() const { return true; }
  // Errors: InvalidInput "OCR time limit of 60 s exceeded", Internal …
  virtual Result<OcrResult> Recognize(const OcrRequest& req) = 0;
};

using OcrFactory = std::function<Result<std::unique_ptr<OcrEngine>>()>;

struct TesseractOptions {
  // chi_sim alone: it reads the Latin of these documents (units, LNG, eFlash)
  // better than chi_sim+eng, which turns whole Chinese lines into English
  // guesses on degraded scans (tools/eval-ocr: 6.9% against 9.6% CER on the
  // page of the 2023 guide with the most Latin), and is faster.
  std::string languages = "chi_sim";
  std::string datapath;       // empty: Tesseract's default (TESSDATA_PREFIX or the system's)
  int psm = 3;                // page segmentation: 3 = automatic
  bool despeckle = true;      // RemoveSpecks (raster.h) on a copy of the image first
  bool leftover_lines = true; // recognize, line by line, ink the page layout left out
};

// Whether a and b, next to each other on a line, are a Han character and a
// number (a word that begins with a digit after it, or ends with one before
// it): where the Tesseract engine measures the ink for a space
// (Word::space_after), and where the page's text has a space only if so.
bool HanDigitPair(const Word& a, const Word& b);

// The LSTM's box of a number often runs over the character after it (`18`
// of `徐州市 18项` in a table row of the 2023 guide's scans got a box to the
// right edge of 项: too wide for two digits, and a number read with low
// confidence is then dropped as noise downstream). A word of digits (`.` and
// `%` among them allowed) whose box reaches past the left edge of the next
// word on its line (the nearest by geometry: the layout reads a table's
// columns as blocks of their own) is made to end there. Ink does not overlap
// on a line, so a box that runs into its neighbour's is wrong by that much;
// nothing else changes. Not when that would leave less than 0.3 of the box's
// height per character (a neighbour's box lagging onto the number says
// nothing of where it ends). Signed numbers and the Latin run read with
// them count (`-150V`). A number boxed from the left edge of the word the
// engine read before it (`考核，-150V器件`: both boxes began at the comma, and
// ordered by boxes the line read `考核 -150V，器件`) is made to start where
// that word ends. Boxes in any one unit.
void ClampNumberBoxes(std::vector<Word>* words);

// Creates a Tesseract engine. Errors: Unsupported "OCR needs Tesseract's
// chi_sim language data, which is not installed (Debian package
// tesseract-ocr-chi-sim)".
Result<std::unique_ptr<OcrEngine>> NewTesseractOcr(const TesseractOptions& opts = {});
OcrFactory TesseractFactory(const TesseractOptions& opts = {});
// "tesseract 5.3.0"
std::string TesseractVersion();

// Recorded output: what RecordedOcr replays and tools/corpus writes.
//   {"sha256": "...", "file": "scans/x.pdf", "engine": "tesseract 5.3.0 chi_sim",
//    "dpi": 200, "pages": [{"page": 1, "seconds": 2.1, "skew": 0.8,
//      "words": [{"t": "江", "b": [x0, y0, x1, y1], "c": 0.93}, ...]}, ...]}
// Words as the engine returned them, on the deskewed image ("skew", absent
// when 0; recordings without it hold boxes on the page).
struct RecordedDoc {
  std::string sha256, file, engine;
  double dpi = 0;
  std::map<int, OcrResult> pages;
};
std::string RecordedDocToJson(const RecordedDoc& doc);
Result<RecordedDoc> RecordedDocFromJson(std::string_view json);

class RecordedOcr : public OcrEngine {
 public:
  // Loads every *.json under dir. Errors: NotFound, InvalidInput (bad JSON).
  static Result<std::shared_ptr<const std::map<std::string, RecordedDoc>>> Load(const std::string& dir);
  explicit RecordedOcr(std::shared_ptr<const std::map<std::string, RecordedDoc>> docs) : docs_(std::move(docs)) {}
  bool needs_pixels() const override { return false; }
  // Errors: NotFound "no recorded OCR for page 3 of <sha256 prefix>".
  Result<OcrResult> Recognize(const OcrRequest& req) override;

 private:
  std::shared_ptr<const std::map<std::string, RecordedDoc>> docs_;
};
OcrFactory RecordedFactory(std::shared_ptr<const std::map<std::string, RecordedDoc>> docs);

// Recognizes only the pages in `pages` with `inner`; the others come out
// empty (a look at a few pages of a long scan: gongwen_corpus eval --pages,
// tests that read one page with real Tesseract).
class SomePagesOcr : public OcrEngine {
 public:
  SomePagesOcr(std::unique_ptr<OcrEngine> inner, std::set<int> pages) : inner_(std::move(inner)), pages_(std::move(pages)) {}
  bool needs_pixels() const override { return inner_->needs_pixels(); }
  Result<OcrResult> Recognize(const OcrRequest& req) override {
    if (!pages_.count(req.page)) return OcrResult{};
    return inner_->Recognize(req);
  }

 private:
  std::unique_ptr<OcrEngine> inner_;
  std::set<int> pages_;
};

// Fails with `status` on the pages in `fail_pages` (all when empty) and
// returns one word "ok" on the others.
class FailingOcr : public OcrEngine {
 public:
  FailingOcr(std::set<int> fail_pages, Status status) : fail_(std::move(fail_pages)), status_(std::move(status)) {}
  bool needs_pixels() const override { return false; }
  Result<OcrResult> Recognize(const OcrRequest& req) override;

 private:
  std::set<int> fail_;
  Status status_;
};

}  // namespace gongwen
