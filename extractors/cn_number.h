// Numbers as the notices write them: Arabic digits ("3000", "3,000", "1.5"),
// Chinese numerals ("一百二十", "两千", "十万"), the digit-by-digit form used
// for years ("二〇二二"), financial numerals ("壹佰万"), and mixes of Arabic
// digits with the multipliers 十 百 千 万 亿 ("3000万", "1.5亿", "8.8万亿").
//
// The text is UTF-8. Full-width digits (０-９) count as digits. Only the ASCII
// '.' is a decimal point and only the ASCII ',' a thousands separator (and
// only between groups of exactly three digits, "3,000"); the CJK comma '，'
// separates clauses, never digits.
//
// None of these functions search: they read at the position they are given.
// Chinese numeral characters also occur inside ordinary words (一步, 统一,
// 十四五), so it is the caller that decides where a number may start.
//
// Values are doubles; a number too large for a double (more than 309 digits
// before the point) is not a number; one too small underflows to 0. Nothing
// here throws.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace gongwen {

// The value of `s` if the whole of `s` is one number, e.g.
//   "3000" 3000, "3,000" 3000, "1.5亿" 1.5e8, "3000万" 3e7, "十万" 1e5,
//   "一百二十" 120, "两" 2, "二〇二二" 2022, "〇" 0, "１２" 12.
// Returns nullopt for "", "万", "千", ".", "1..2", "3000万元" (a unit is not
// part of a number), fractions ("1/3": see ParseFraction) and percentages.
std::optional<double> ParseNumber(std::string_view s);

struct NumberMatch {
  double value = 0;
  size_t length = 0;  // in bytes, from the position given
};

// The longest number that starts exactly at byte `pos` of `text`, or nullopt
// if none does (including pos >= text.size()).
//
//   MatchNumberAt("3000万元", 0)  → {3e7, length of "3000万"}: 万 multiplies,
//                                   元 is the caller's unit.
//   MatchNumberAt("1/3", 0)       → {1, 1}: fractions are MatchFractionAt's.
//   MatchNumberAt("1..2", 0)      → {1, 1}.
//   MatchNumberAt("十四五", 0)    → {14, length of "十四"}.
//
// Rules worth knowing:
//  - 百 千 万 亿 cannot start a number ("千" alone is not 1000; "一千" is);
//    十 can ("十万" 1e5, "十五" 15).
//  - A unit followed by a single digit is the colloquial short form:
//    "一万五" 15000, "两千三" 2300, "一百五" 150 (but "一千零五" 1005).
//  - Two or more Chinese digits in a row with no unit are read digit by digit
//    ("二〇二二" 2022, "一九九八" 1998) when there are at least three of them
//    or one is 〇/零; two plain digits ("三四", "五六") are an approximation
//    (3 or 4, 5 or 6), not a number, and give nullopt.
//  - 千 followed by a metric unit (千克 千米 千瓦 千伏 千帕 千赫 千焦 千卡 千兆) is
//    the unit's prefix, not a multiplier: "3千瓦" gives 3 and stops there.
//  - "十分" at the start (十分重要, "very") is not a number.
//  - Arabic digits may follow a big unit only when a unit follows them:
//    "1亿2000万" 1.2e8, but "1亿2000" gives 1e8 with length of "1亿".
// Runs in time linear in the length of the match; a run of digits too long
// for a double is rejected after reading ~310 of them, so trying every
// position of a long run stays linear.
std::optional<NumberMatch> MatchNumberAt(std::string_view text, size_t pos);

// The value of `s` if the whole of `s` is one fraction or percentage:
//   "1/3" 1/3, "三分之一" 1/3, "百分之二十" 0.2, "千分之五" 0.005,
//   "万分之一" 1e-4, "20%" 0.2, "20％" 0.2, "5‰" 0.005.
// An Arabic fraction takes integers only ("1.5/1.5" is a pair of values, not
// a fraction) and not a chain ("28/16/14" is a list). A zero denominator, or a
// plain number ("0.5"), gives nullopt.
std::optional<double> ParseFraction(std::string_view s);

// The fraction or percentage that starts exactly at byte `pos`, with the same
// forms as ParseFraction: MatchFractionAt("不超过总投入的1/3。", p) at the '1'
// gives {1/3, 3}.
std::optional<NumberMatch> MatchFractionAt(std::string_view text, size_t pos);

}  // namespace gongwen
