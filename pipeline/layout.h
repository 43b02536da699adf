// Layout: from decoded text, as it came out of a PDF or a word processor, to
// the normalized text the extractors read.
//
// What it repairs, in this order, line by line:
//   - page numbers (`— 13 —`, `- 13 -`, OCR's `一 13 一`) are dropped and end a
//     page; form feeds end a page too. In `text` a page ends with '\f' at the
//     end of the line in which it ended (a sentence running across a page is
//     kept whole);
//   - characters folded (normalize.h); markdown `**` removed; spaces collapsed,
//     trimmed at line ends and around tabs (tab-separated lines are table rows);
//   - blank lines dropped (in PDF text they carry no meaning);
//   - a superscript left on its own line is re-attached: `mm` + `2` → `mm²`,
//     `cm` + `-2` → `cm⁻²`; a unit alone on a line joins the number before it;
//   - a line broken mid-sentence is joined to the next: when it does not end
//     a sentence (。；：！？), is about as wide as the document's wrapped lines
//     (or long), and the next line does not start a heading, list item,
//     table row or contact block.
// The OffsetMap in the Document maps every byte of `text` back to `original`.
#pragma once

#include "pipeline/document.h"

namespace gongwen {

struct LayoutOptions {
  bool markdown = false;  // also drop leading `#` heading marks
};

// REQUIRES: doc->original holds the decoded input (UTF-8).
// Fills doc->text, doc->map, doc->pages and doc->probable_page_starts.
void LayoutText(Document* doc, const LayoutOptions& opts = {});

}  // namespace gongwen
