// Normalize: character folding for matching, applied to every line of input.
//
// Folds what differs only in width or code point choice and keeps what a
// reader needs:
//   full-width digits, Latin letters and ASCII symbols → ASCII (１２ → 12, ＞ → >, ～ → ~)
//   ideographic and other spaces → ' ';  zero-width characters and BOM → removed
//   ≧ ≦ → ≥ ≤;  µ (micro sign) → μ;  〜 → ~
// and keeps the CJK punctuation the structure depends on: （）：，；！？ stay
// full-width, and `．` stays unless it sits between two full-width digits
// (`１．５` → 1.5, but `1．2023年度` keeps its list marker).
//
// The same folding serves queries (search) so a query matches the archive.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace gongwen {

// Decodes one code point at s[*pos], advancing *pos; invalid bytes yield U+FFFD
// and advance by one.
char32_t DecodeUtf8(std::string_view s, size_t* pos);
void AppendUtf8(char32_t cp, std::string* out);
// A string's code points, and back (DecodeUtf8 / AppendUtf8 over all).
std::u32string ToU32(std::string_view s);
std::string FromU32(std::u32string_view s);

// The folded code point for cp given its neighbours (0 at the ends), or
// U+0000 when cp is to be removed.
char32_t FoldCodePoint(char32_t prev, char32_t cp, char32_t next);

// Folds a whole string (no offset bookkeeping).
std::string FoldText(std::string_view s);

// Maps every code point of s through fold(prev, cp, next), with the
// neighbours as they were before mapping (0 at the ends); a result of U+0000
// drops the code point. FoldText and search's SearchFold are this with their
// own fold.
using NeighbourFold = char32_t (*)(char32_t prev, char32_t cp, char32_t next);
std::string MapCodePoints(std::string_view s, NeighbourFold fold);

// s without ASCII whitespace, form feeds and ideographic spaces (U+3000), for
// comparing titles and values whatever their spacing.
std::string RemoveSpaces(std::string_view s);

// Display width: 2 for East Asian wide characters, 1 otherwise.
int DisplayWidth(std::string_view s);

bool IsHan(char32_t cp);
// Han, CJK punctuation, full-width forms: characters that take no space between
// them. Curly quotes “” are not included: they are shared with Latin text.
bool IsCjk(char32_t cp);

}  // namespace gongwen
