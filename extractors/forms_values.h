// Values of filled forms: cleaning, normalization by type, checkbox groups.
//
//   money     "1,200" in a 万元 field, "1200万元", "0.12亿元" → 12000000 (CNY)
//   percent   "35", "35%", "百分之三十五" in a (%) field → 0.35
//   date      "2023年3月1日", "2023-03-01", "2023.3.1" → 2023-03-01
//   phone     mobile 13912345678, landline 0512-68881234 (area code kept apart
//             by '-'), extension -801; several numbers joined by ';'
//   e-mail    checked by shape, trimmed
//   checkbox  "□国际先进 ☑国内领先 □省内领先" → 国内领先; a box counts as ticked
//             when a tick glyph (schemas/forms/checkbox_glyphs.tsv) stands
//             before the option or a tick mark right after it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extractors/forms_template.h"

namespace gongwen {

// Longest value kept; a longer cell is cut there and reported (too_long).
constexpr size_t kMaxFormValueChars = 10000;

// Collapses runs of white space to one space, drops line breaks between CJK
// characters (wrapped lines of a cell) and spaces between CJK and Latin
// letters or digits (一种 MEMS → 一种MEMS), trims, folds full-width ASCII, and
// treats placeholders (……, ——, /, 无 is kept) as empty.
std::string CleanFormText(std::string_view raw);

struct NormalizedValue {
  std::string value;              // "" when empty or not readable
  std::optional<double> number;
  std::string error;              // "" or why the raw text is not a value of the type
  std::string error_kind;         // not_a_number | bad_phone | bad_email | bad_date | bad_postcode
};

// Normalizes the text of a non-choice field.
NormalizedValue NormalizeFormValue(FormValueType type, std::string_view raw);

// Formats a number without exponent or trailing zeros: 12000000, 0.35.
std::string FormatFormNumber(double v);

enum class CheckState { kNone, kOff, kOn };
// The state a glyph marks: ☑ ■ √ ✓ … on; □ ☐ off; anything else none.
CheckState GlyphState(char32_t cp);

struct ChoiceResult {
  std::vector<std::string> ticked;  // options ticked, in template order
  int boxes = 0;                    // checkbox glyphs seen beside options
  bool found_any_option = false;    // some option text was found
  float confidence = 1.0f;
};
// Reads a checkbox group's options from a cell's text. In a `single`-choice
// group a box seen ticked outweighs a character OCR read over a box, and
// when all other boxes are seen empty the option whose box is lost is the
// choice.
ChoiceResult ParseChoice(std::string_view text, const std::vector<std::string>& options, bool single = false);

// Edit distance in code points (Levenshtein), capped: returns cap + 1 as soon
// as the distance is known to exceed `cap`.
int EditDistance(std::u32string_view a, std::u32string_view b, int cap);

}  // namespace gongwen
