// Dates and date-times as the notices write them.
//
//   2022年11月8日            day            2022-11-08
//   2022年12月28日17:30      with time      2022-12-28T17:30
//     (also 17：30, 17时30分, 17时, 17点半, 下午5:30 → 17:30, 24:00 kept as 24:00,
//      a space or two before the time, （星期三） between date and time)
//   二〇二二年十一月八日     Chinese numerals (year digit by digit)
//   2023年1月                month precision (day 0)
//   2021年度, 2025年         year precision (month 0, day 0); 年度 is in the span
//   2022-11-08, 2022.11.8, 2022/11/8   numeric, optionally " 17:30" or "T17:30"
//   ２０２２年１１月８日     full-width digits
// Ranges give two matches; the second inherits what it leaves out:
//   2023年1月至2026年6月     2023-01, 2026-06
//   2023年1月1日-12月31日    2023-01-01, 2023-12-31
//   2022年12月1日至1月31日   2022-12-01, 2023-01-31 (an earlier date rolls over)
//   2022年1-10月            2022-01 (span "2022年1"), 2022-10 (span "10月")
// Range separators: - － — —— – ~ ～ 〜 至 到.
//
// Not dates: a 4-digit number without 年 and without the numeric form's
// separators (文号 〔2022〕, "2020、2021年" gives only 2021, "（2021-2025）"
// gives nothing), a year inside a longer digit run ("12022年"), phone numbers
// (025-83224363), section numbers (1.2.3), a year outside 1949-2100, a month
// outside 1-12, a day the month does not have (2023年2月29日). An invalid
// date is dropped whole (2022年13月 does not fall back to 2022); an invalid
// time is dropped and the date kept.
//
// Time is linear in the text length (RE2, bounded look-ahead); nothing throws.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/document.h"

namespace gongwen {

// Years accepted as dates.
constexpr int kMinYear = 1949;
constexpr int kMaxYear = 2100;

// Days in `month` (1-12) of `year` (Gregorian leap years); 0 for a month out of range.
int DaysInMonth(int year, int month);

struct DateMatch {
  DateTime value;
  Span span;         // byte offsets into the text searched
  std::string text;  // the text at span
};

// Every date or date-time in `text` (UTF-8), in order, non-overlapping.
std::vector<DateMatch> FindDates(std::string_view text);

// The date if the whole of `s` (leading and trailing white space aside) is one
// date in any of the forms above; nullopt otherwise, including for a range.
std::optional<DateTime> ParseDate(std::string_view s);

}  // namespace gongwen
