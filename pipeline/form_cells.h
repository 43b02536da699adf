// Table cells of PDF pages and scans, for forms: ruling lines found on the
// page image (long runs of dark pixels), a grid from them, grid cells merged
// where the line between them is missing, and each word of the page (text
// layer or OCR) put in the cell holding its centre. Words outside the tables
// become paragraph cells (table -1). The result is Document::cells, in reading
// order: paragraphs above a page's table, its cells row by row, paragraphs
// below; a table that goes on over a page break is a new table on the next
// page (extractors/forms_extract.h follows row groups across them).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/document.h"
#include "pipeline/status.h"

struct Pix;

namespace gongwen {

// Whether a document's text suggests a form worth looking for cells in: the
// title of a known template, or checkbox glyphs.
bool MayBeForm(std::string_view text);

// Cells of one page from its image (8-bit grey) at `dpi` and its words
// (boxes in points). `table` numbers the tables found, across pages.
std::vector<Cell> PageCells(const Pix* image, double dpi, const Page& page, int* table);

// Fills doc->cells from the PDF or image in `bytes` and doc->pages' words.
Status FindFormCells(std::string_view bytes, const std::string& media_type, const std::string& password,
                     Document* doc);

}  // namespace gongwen
