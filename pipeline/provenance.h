// Provenance down to the box: where on its page a span of Document::text was
// printed, for documents whose pages carry words with boxes (PDF text layer,
// OCR).
#pragma once

#include <cstdint>
#include <optional>

#include "pipeline/document.h"
#include "pipeline/sqlite.h"
#include "pipeline/status.h"

namespace gongwen {

struct PageBox {
  int page = 0;  // 1-based
  Box box;       // PDF points, origin top-left
};

// The union of the boxes of the words on the span's first page that the span
// overlaps (span → original offsets through doc.map → words by orig_begin /
// orig_end). nullopt when the document has no words or the span covers none.
std::optional<PageBox> BoxFor(const Document& doc, Span span);

// Fills the box columns (schemas/migrations/0004_boxes.sql) of every record of
// document `doc_id` just written by Store: for each table with char_start /
// char_end, the box of the record's span. Does nothing for a document without
// words. Called inside the document's transaction.
Status WriteBoxes(Db& db, const Document& doc, int64_t doc_id);

}  // namespace gongwen
