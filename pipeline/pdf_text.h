// PDF text: opens a PDF with Poppler (poppler-cpp) and reads each page's text
// layer as words with boxes, then puts the words of a page in reading order.
//
//   auto pdf = PdfFile::Open(bytes, password);
//   if (!pdf.ok()) return pdf.status();          // encrypted, corrupt, no pages
//   for (int i = 0; i < pdf.value()->page_count(); ++i) {
//     PdfPageText t = pdf.value()->TextLayer(i);   // words, in content order
//     std::vector<PageLine> lines = OrderWords(std::move(t.words));
//     std::string text = RenderLines(&lines, base); // sets Word::orig_begin/end
//   }
//
// Boxes are in PDF points with the origin at the top left of the page as it
// is displayed (page rotation applied). Nothing here throws: Poppler's
// messages are silenced and its failures become a Status.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/document.h"
#include "pipeline/status.h"

namespace poppler {
class document;
}

namespace gongwen {

struct PdfPageText {
  double width_pt = 0, height_pt = 0;  // as displayed
  std::vector<Word> words;             // one Word per CJK character, Latin runs kept whole
  std::vector<std::string> fonts;      // font names used by the words, distinct
};

class PdfFile {
 public:
  // Opens a PDF held in memory. `bytes` must outlive the PdfFile.
  // Errors:
  //   InvalidInput "encrypted PDF: a password is needed (give it with --password)"
  //   InvalidInput "encrypted PDF: the password given is wrong"
  //   InvalidInput "not a readable PDF (damaged or truncated)"
  //   InvalidInput "PDF has no pages"
  static Result<std::unique_ptr<PdfFile>> Open(std::string_view bytes, const std::string& password = "");
  ~PdfFile();

  int page_count() const;
  // The page's size as displayed, in points.
  void PageSize(int index, double* width_pt, double* height_pt) const;
  // The text layer of page `index` (0-based). Empty words when it has none.
  PdfPageText TextLayer(int index) const;

  poppler::document* poppler() const { return doc_.get(); }

 private:
  PdfFile() = default;
  std::unique_ptr<poppler::document> doc_;
};

// One line of a page in reading order. seps[i] is what goes before words[i]
// ("" for the first word): "", " ", "  " (a wide gap) or "\t" (between table
// cells: the layout stage reads tab-separated lines as table rows).
struct PageLine {
  std::vector<Word> words;
  std::vector<std::string> seps;
};

// Puts words in reading order: words are grouped into lines by their vertical
// overlap (baseline), lines sorted top to bottom; a run of lines split by a
// common empty vertical gutter with wide text on both sides is read as columns
// (left column first, recursively); segments of lines separated by wide gaps
// whose left edges align over consecutive lines are table cells (tabs).
// Between words of one segment: nothing between CJK characters unless a
// text layer leaves half a line height between them (letter-spaced titles:
// `开 票 通 知 单`); OCR words (`ocr`) never get a space between CJK characters
// (glyph boxes are tighter than advances); Latin words get a space.
std::vector<PageLine> OrderWords(std::vector<Word> words, bool ocr = false);

// The text of lines joined by '\n'. Sets each word's orig_begin/orig_end to
// its byte range in the returned text plus `base`.
std::string RenderLines(std::vector<PageLine>* lines, size_t base);

}  // namespace gongwen
