// OCR fixups: the known confusions of Tesseract on official documents,
// repaired before layout and structure read the text. The rules are data:
// schemas/ocr_fixups.tsv (name, RE2 pattern, rewrite), applied line by line
// in order. Examples:
//   一 13 一                 → — 13 —            (page number)
//   〈一）                    → （一）            (heading marker)
//   苏科高发(2022)182号       → 苏科高发〔2022〕182号
//   申报单位,申报时间         → 申报单位，申报时间
#pragma once

#include <string>
#include <vector>

#include "pipeline/document.h"

namespace gongwen {

struct FixupStats {
  int applied = 0;  // replacements made
};

// Fixes `text` (lines joined by '\n') in place and moves the byte ranges
// [orig_begin, orig_end) of `words` (offsets into text, minus `base`) with it:
// a word inside a rewritten stretch takes the whole rewritten stretch.
FixupStats ApplyOcrFixups(std::string* text, std::vector<Word>* words, size_t base);

// The same on one string, without words (tests, queries).
std::string FixOcrText(std::string_view text);

}  // namespace gongwen
