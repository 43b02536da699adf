// Word documents (.docx, Office Open XML) read directly: the body's
// paragraphs and tables, with merged cells, checkbox glyphs, Wingdings
// symbols (w:sym) and checkbox content controls (w14:checkbox, legacy form
// fields), using libzip and pugixml.
//
// Defenses: a zip that is not a Word document (no word/document.xml: a
// renamed .zip or .xlsx) is refused with that reason; document.xml is read
// with a ceiling, so a zip bomb stops at the ceiling, not at the end of
// memory; the XML parser expands no entities beyond XML's five.
//
// The text: paragraphs one per line, a table row per line with its cells
// joined by tabs (the structure stage reads those as tables). The cells: one
// per table cell (a merged cell once, spanning its rows and columns) and one
// per paragraph outside tables (table -1), in reading order (Document::cells).
// A ticked box reads ☑ and an empty one ☐ when the source marks it other than
// by a glyph (content control, form field); glyphs are kept as written, a
// Wingdings symbol as its private-use code point (U+F052).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/document.h"
#include "pipeline/status.h"

namespace gongwen {

struct DocxLimits {
  uint64_t max_xml_bytes = 32ull << 20;   // word/document.xml, uncompressed
  uint64_t max_entries = 10000;
};

struct DocxContent {
  std::string text;
  std::vector<Cell> cells;
  int tables = 0;
};

Result<DocxContent> ReadDocx(std::string_view bytes, const DocxLimits& limits = {});

// The media type acquire gives a .docx.
inline constexpr std::string_view kDocxMediaType =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

// Fills doc->original, doc->charset and doc->cells from a .docx (ingest).
Status ReadDocxDocument(std::string_view bytes, Document* doc);

// A minimal .docx writer (the forms corpus and tests). Cell and paragraph
// texts may hold '\n' (a new paragraph) and these tokens:
//   {sym:F052}   a w:sym of font Wingdings 2 with that char code
//   {cb:1} {cb:0}  a w14:checkbox content control, ticked or not
struct DocxCellSpec {
  std::string text;
  int grid_span = 1;
  enum class VMerge { kNone, kRestart, kContinue } vmerge = VMerge::kNone;
};
struct DocxBlock {
  // A paragraph when rows is empty, else a table.
  std::string text;
  bool bold = false, center = false;
  int half_points = 21;                  // font size (10.5 pt)
  std::vector<int> grid;                 // table column widths, twips
  std::vector<std::vector<DocxCellSpec>> rows;
  bool page_break_before = false;
};
Result<std::string> WriteDocx(const std::vector<DocxBlock>& blocks);

}  // namespace gongwen
