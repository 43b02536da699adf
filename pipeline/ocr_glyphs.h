// Comparators the OCR model cannot write. The chi_sim LSTM model that
// Tesseract reads these documents with has no ≥ or ≤ in its character set
// (nor has eng's), so it drops the glyph (`数目 20个` for `数目≥20个`) or reads
// it as a character it knows (和, 之, 科, 入, 这, 受). A guess from the text
// alone cannot tell 高度和80μm (≤ misread) from 投资和5000万元 (a real 和);
// the page image can: RecoverComparators looks at the ink where a number
// follows a non-number on a line, and nowhere else.
//
// The classifier is a measure of the glyph's shape, not a model: ≥ and ≤
// (and their slanted forms ⩾ ⩽) are a chevron with a bar below. Down a
// column on the chevron's open side there are three strokes (upper arm,
// lower arm, bar), at its tip one; the upper edge of the ink falls from the
// open side to the tip, the lower edge rises. The open side is on the left
// for ≥, on the right for ≤. No digit, Latin letter or Han component in a
// line's band has both (三 has three strokes in every column, 彡 no tip, 4
// one stroke where ≤ has three).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "pipeline/document.h"

struct Pix;

namespace gongwen {

// The median height of the words of words[begin, end) that are one character
// for which is_char holds (default: IsCjk), in pixels (box height / k, boxes
// in points); 0 when fewer than five such words. The OCR passes measure
// their thresholds in it.
double MedianCharHeight(const std::vector<Word>& words, size_t begin, size_t end, double k,
                        bool (*is_char)(char32_t) = nullptr);

// Whether two words (boxes in any one unit) are on one line: their boxes
// overlap vertically by at least half the shorter one's height.
bool SameLine(const Word& a, const Word& b);

// The grey level below which a pixel of [x0, x1) × [y0, y1) of an 8-bit
// grey image is ink: 60% of the way from the rectangle's darkest ink (its
// 1st percentile) to its paper (its 70th percentile), or 128 when the two
// differ by less than 64 (a blank) or the image is not 8-bit grey. A scan
// blurs a stroke one or two pixels thin (the arms of ≥ at 200 dpi, the
// hooks of 序 and 号) to a grey well above a fixed threshold's while the
// thick strokes of Han characters and digits stay dark: measured against
// the rectangle's own contrast, the thin strokes are whole. The rectangle
// should be a line's band of a few characters or more.
int InkThreshold(const Pix* pix, int x0, int y0, int x1, int y1);

// What the ink in [x0, x1) × [y0, y1) of an 8-bit grey image (dark ink on
// light paper) shows: U'≥', U'≤', or 0 for anything else. The rectangle
// should hold one glyph and the blank around it, no part of a neighbour; of
// its ink (at InkThreshold) only the glyph with the most is measured (a
// blurred neighbour's halo at an edge is left out).
// *score (optional) is the share of columns that fit the shape, in [0, 1].
char32_t ClassifyComparator(const Pix* pix, int x0, int y0, int x1, int y1, double* score = nullptr);

// Reads the ink in [x0, x1) × [y0, y1) of the page image alone, as one line
// of text (white space dropped); "" when nothing is read.
using GlyphReader = std::function<std::string(int x0, int y0, int x1, int y1)>;

// Words of one page in engine order (boxes in points; × 1/k gives pixels on
// pix, the image the engine read). Only where a word that starts with a
// digit (or with `<`/`>` and a digit) follows, on the same line, a word that
// does not end with a digit, `.` or `%`, or begins a line: the ink of the
// line's band from a character before the first word to past the first
// digit is cut into glyphs (connected components, joined where their columns
// overlap). A glyph of comparator size that ClassifyComparator calls ≥ or ≤
// and that ink follows within 0.4 of a character's height is the comparator:
//   - in a number word that starts with the chevron of the same direction
//     (`>1TB`), it replaces the chevron;
//   - a first word that is the chevron of the same direction is replaced
//     (of the other direction: nothing changes);
//   - a first word of one Han character is replaced when it was the glyph
//     misread (和, 之, 这, 科), and the comparator is inserted before the
//     number when the glyph was dropped. Which: no ink before the glyph on
//     the line means misread; else `read` reads the two characters' width
//     of ink before the glyph: ending with the first word means dropped,
//     with the word before it (or Latin after a Latin word) misread, with
//     the word before those two a glyph read as two characters (和受), and
//     anything else dropped. Without a reader: misread when the first word's
//     box middle lies on the glyph.
// The comparator's box spans the glyph and the blank before and after it,
// kept between its neighbours' left edges (layout orders by those); its
// confidence is the classifier's score. Returns the number of comparators
// recovered. Needs 5 or more one-character CJK words on the page (for the
// character height).
int RecoverComparators(const Pix* pix, double k, std::vector<Word>* words, const GlyphReader& read = nullptr);

// The glyphs of a number and its percent sign in [x0, x1) × [y0, y1) of an
// 8-bit grey image (a word's box, in pixels; h the line's character height):
// how many digits come before the %. A digit is a glyph at least 0.8 as
// high as the first (which is at least 0.5 h high) and at most 0.6 h wide;
// the first glyph that is lower or wider begins the % (its upper circle, a
// little over half a digit's height, or the whole sign). Glyphs cut by the
// left edge are the character before's. -1 when the ink
// does not start with a digit or shows no %. chi_sim reads the upper circle
// of a serif % as a 9 (`4%` as `49%`, `5%` as `59%6`), and the ink tells.
int DigitGlyphsBeforePercent(const Pix* pix, int x0, int y0, int x1, int y1, double h);

}  // namespace gongwen
