// Table cells of PDF pages and scans, for forms: ruling lines found on the
// page image (long runs of dark pixels), a grid from them, grid cells merged
// where the line between them is missing, and each word of the page (text
// layer or OCR) put in the cell holding its centre. Words outside the tables
// become paragraph cells (table -1). The result is Document::cells, in reading
// order: paragraphs above a page's table, its cells row by row, paragraphs
// below; a table that goes on over a page break is a new table on the next
// page (extractors/forms_extract.h follows row groups across them).
//
// On scanned pages (words from OCR) each table cell is recognized again on
// its own: the cell's image cropped inside its ruling lines (so no rule is
// read as 丨 or | and no line of text runs into the next cell), its drawn
// checkboxes found as small squares of ink, ticked when there is ink inside,
// and painted out, and the rest recognized as one block of text. Whole-page
// OCR mangles the lines of a table; a cell alone reads much better. Empty
// cells are not recognized at all.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/document.h"
#include "pipeline/ocr.h"
#include "pipeline/status.h"

struct Pix;

namespace gongwen {

// Whether a document's text suggests a form worth looking for cells in: the
// title of a known template, or checkbox glyphs.
bool MayBeForm(std::string_view text);

// Which pages of `doc` may hold a form, by their text: every scanned page; a
// text-layer page with checkbox glyphs, a template's title or three of a
// template's labels, and the pages after such a page up to one of running
// prose (a form's row groups run on across page breaks). FindFormCells
// renders only these.
// A run of text-layer pages that shows a blank form (a notice's attachment:
// labels, options and empty boxes, example rows, no values and no ticked
// box) is not rendered either.
std::vector<bool> PagesThatMayHoldForm(const Document& doc);

// Whether the text of a form's pages shows it blank: no ticked box glyph,
// and its lines (running prose aside) hold little besides the templates'
// titles, labels and options: at most a third of their Han characters.
bool BlankFormText(std::string_view text);

// OCR of single cells. Each request's doc_sha256 is CellOcrKey(document's
// sha256) and its page is page × 10000 + the cell's ordinal on the page, so
// RecordedOcr replays cells recorded earlier beside the pages.
struct CellOcr {
  OcrEngine* engine = nullptr;  // null: the page's own words
  std::string doc_sha256;
};
std::string CellOcrKey(const std::string& doc_sha256);  // sha256 + "#cells"

// Cells of one page from its image (8-bit grey) at `dpi` and its words
// (boxes in points). `table` numbers the tables found, across pages. With
// `ocr` and a page whose words came from OCR, table cells are recognized
// alone (see above); a cell whose OCR fails keeps the page's words.
std::vector<Cell> PageCells(const Pix* image, double dpi, const Page& page, int* table,
                            const CellOcr* ocr = nullptr);

// Tesseract for single cells: chi_sim (its model reads digits, Latin and
// e-mails well; with eng added, short Chinese cells come out as Latin
// letters), page segmentation 6 (one block).
OcrFactory CellTesseractFactory();

// Fills doc->cells from the PDF or image in `bytes` and doc->pages' words.
// Pages read by OCR are rendered at `ocr_dpi`, straightened, and their cells
// recognized by an engine from `cell_ocr` (empty: CellTesseractFactory(),
// one engine kept per thread).
Status FindFormCells(std::string_view bytes, const std::string& media_type, const std::string& password,
                     Document* doc, const OcrFactory& cell_ocr = {}, double ocr_dpi = 200);

}  // namespace gongwen
