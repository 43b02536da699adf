#include "extractors/dates.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>

#include "extractors/cn_number.h"

namespace gongwen {
namespace {

// The three patterns, built from shared pieces. Every repetition is bounded,
// so a match is at most a hundred-odd bytes and RE2's look-ahead past a
// candidate is bounded too.
struct Patterns {
  std::string date, continuation, time;
};

Patterns BuildPatterns() {
  const std::string d = "[0-9０-９]";
  const std::string sp = "[ \\x{3000}]{0,2}";
  const std::string cn_digit = "[〇零一二三四五六七八九]";
  const std::string mon = "(" + d + "{1,2}|十[一二]?|[一二三四五六七八九])";
  const std::string day = "(" + d + "{1,2}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])";
  const std::string dash = "(?:-|－|—{1,2}|–|~|～|〜|至|到)";
  const std::string week = "(?:" + sp + "[（(](?:星期|周|礼拜)[一二三四五六日天][）)])?";
  const std::string period = "(?:上午|下午|中午|晚上|凌晨|早上|傍晚)";
  const std::string clock = d + "{1,2}(?:[:：]" + d + "{2}(?:[:：]" + d + "{2})?|[时点](?:" + d +
                            "{1,2}分|半|整)?)";
  // A time of day with the spaces before it, so that its group starts where
  // the date ends.
  const std::string time = "(" + sp + period + "?" + sp + clock + ")?";
  Patterns p;
  p.date = "(" + d + "{4}|" + cn_digit + "{4})" + sp + "年(?:" +
           sp + mon + sp + dash + sp + mon + sp + "月" +
           "|" + sp + mon + sp + "月(?:" + sp + day + sp + "[日号]" + week + time + ")?" +
           "|(度))?" +
           "|(" + d + "{4})([-./])(" + d + "{1,2})([-./])(" + d + "{1,2})" +
           "((?:T| {1,2})" + d + "{1,2}[:：]" + d + "{2}(?:[:：]" + d + "{2})?)?";
  p.continuation = sp + dash + sp + "((?:" + mon + sp + "月(?:" + sp + day + sp + "[日号])?|" +
                   day + sp + "[日号])" + week + ")" + time;
  p.time = "T?[ \\x{3000}]*(" + period + ")?[ \\x{3000}]*(" + d + "{1,2})(?:[:：](" + d +
           "{2})(?:[:：]" + d + "{2})?|[时点](?:(" + d + "{1,2})分|(半)|整)?)";
  return p;
}

// Groups of the date pattern.
enum DateGroup {
  kYear = 1,      // 2022 or 二〇二二, before 年
  kRangeFrom,     // 2022年1-10月: 1
  kRangeTo,       //               10
  kMonth,
  kDayOfMonth,
  kTimeText,
  kDu,            // 2021年度
  kNumYear,       // 2022-11-08 …
  kNumSep1,
  kNumMonth,
  kNumSep2,
  kNumDay,
  kNumTime,
  kDateGroups = kNumTime + 1,
};

const RE2& DateRe() {
  static const RE2 re(BuildPatterns().date);
  return re;
}

// Groups of the continuation pattern, tried right after a date: "-12月31日".
enum ContGroup {
  kContBody = 1,
  kContMonth,
  kContDay,
  kContDayOnly,
  kContTime,
  kContGroups = kContTime + 1,
};

const RE2& ContinuationRe() {
  static const RE2 re(BuildPatterns().continuation);
  return re;
}

// A kTimeText group: " 下午5:30", "17时30分", "T17:30".
const RE2& TimeRe() {
  static const RE2 re(BuildPatterns().time);
  return re;
}

bool Ok() {
  static const bool ok = DateRe().ok() && ContinuationRe().ok() && TimeRe().ok() &&
                         DateRe().NumberOfCapturingGroups() == kDateGroups - 1 &&
                         ContinuationRe().NumberOfCapturingGroups() == kContGroups - 1;
  return ok;
}

size_t Offset(std::string_view text, const re2::StringPiece& piece) {
  return static_cast<size_t>(piece.data() - text.data());
}

size_t EndOffset(std::string_view text, const re2::StringPiece& piece) {
  return Offset(text, piece) + piece.size();
}

std::string_view View(const re2::StringPiece& piece) {
  return std::string_view(piece.data(), piece.size());
}

// Length of the UTF-8 sequence starting with byte c (1 for a stray byte).
size_t SequenceLength(unsigned char c) {
  if (c >= 0xF0 && c < 0xF8) return 4;
  if (c >= 0xE0) return 3;
  if (c >= 0xC0) return 2;
  return 1;
}

// The character ending just before `pos`, as bytes ("" at the start).
std::string_view CharBefore(std::string_view text, size_t pos) {
  if (pos == 0) return {};
  size_t b = pos - 1;
  while (b > 0 && pos - b < 4 && (static_cast<unsigned char>(text[b]) & 0xC0) == 0x80) --b;
  return text.substr(b, pos - b);
}

std::string_view CharAt(std::string_view text, size_t pos) {
  if (pos >= text.size()) return {};
  const size_t n = SequenceLength(static_cast<unsigned char>(text[pos]));
  return text.substr(pos, std::min(n, text.size() - pos));
}

bool IsArabicDigit(std::string_view ch) {
  if (ch.size() == 1) return ch[0] >= '0' && ch[0] <= '9';
  // ０-９ are EF BC 90 - EF BC 99.
  return ch.size() == 3 && ch[0] == '\xEF' && ch[1] == '\xBC' && ch[2] >= '\x90' && ch[2] <= '\x99';
}

bool IsChineseDigit(std::string_view ch) {
  static constexpr std::array<std::string_view, 11> kDigits = {
      "〇", "零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  for (std::string_view d : kDigits) {
    if (ch == d) return true;
  }
  return false;
}

bool IsNumericSeparator(std::string_view ch) { return ch == "." || ch == "-" || ch == "/"; }

std::optional<int> ToInt(const re2::StringPiece& piece) {
  if (piece.data() == nullptr) return std::nullopt;
  const std::optional<double> v = ParseNumber(View(piece));
  if (!v || *v < 0 || *v > 9999 || *v != static_cast<int>(*v)) return std::nullopt;
  return static_cast<int>(*v);
}

bool ValidDate(int year, int month, int day) {
  if (year < kMinYear || year > kMaxYear) return false;
  if (month == 0) return day == 0;
  if (month < 1 || month > 12) return false;
  return day == 0 || (day >= 1 && day <= DaysInMonth(year, month));
}

// Sets the time of *dt from the text of a kTime group; false if it is not a
// valid time of day.
bool ParseTime(std::string_view s, DateTime* dt) {
  re2::StringPiece g[6];
  if (!TimeRe().Match(s, 0, s.size(), RE2::ANCHOR_BOTH, g, 6)) return false;
  const std::optional<int> hour = ToInt(g[2]);
  std::optional<int> minute = 0;
  if (g[3].data() != nullptr) minute = ToInt(g[3]);
  else if (g[4].data() != nullptr) minute = ToInt(g[4]);
  else if (g[5].data() != nullptr) minute = 30;  // 半
  if (!hour || !minute) return false;
  int h = *hour;
  const std::string_view period = View(g[1]);
  if ((period == "下午" || period == "晚上" || period == "傍晚") && h >= 1 && h <= 11) h += 12;
  if (period == "中午" && h >= 1 && h <= 3) h += 12;
  if (h > 24 || *minute > 59 || (h == 24 && *minute != 0)) return false;
  dt->hour = h;
  dt->minute = *minute;
  return true;
}

void Add(std::string_view text, size_t begin, size_t end, const DateTime& value,
         std::vector<DateMatch>* out) {
  out->push_back(DateMatch{value, Span{begin, end}, std::string(text.substr(begin, end - begin))});
}

// Attaches the time in `time_group` to *dt if it is valid and not followed by
// a digit; returns where the date-time ends (the group's end, or its start).
size_t WithTime(std::string_view text, const re2::StringPiece& time_group, DateTime* dt) {
  const size_t start = Offset(text, time_group);
  const size_t end = EndOffset(text, time_group);
  if (IsArabicDigit(CharAt(text, end))) return start;
  DateTime t = *dt;
  if (!ParseTime(View(time_group), &t)) return start;
  *dt = t;
  return end;
}

// The second date of a range right after `first` (which ended at `pos`):
// "-12月31日", "至6月", "至3日". Appends it and returns its end, or returns pos.
size_t MatchContinuation(std::string_view text, size_t pos, const DateTime& first,
                         std::vector<DateMatch>* out) {
  if (first.month == 0) return pos;
  re2::StringPiece g[kContGroups];
  if (!ContinuationRe().Match(text, pos, text.size(), RE2::ANCHOR_START, g, kContGroups)) {
    return pos;
  }
  DateTime second;
  second.year = first.year;
  if (g[kContMonth].data() != nullptr) {
    const std::optional<int> m = ToInt(g[kContMonth]);
    const std::optional<int> d = g[kContDay].data() != nullptr ? ToInt(g[kContDay]) : 0;
    if (!m || !d) return pos;
    second.month = *m;
    second.day = *d;
  } else {
    const std::optional<int> d = ToInt(g[kContDayOnly]);
    if (!d || first.day == 0) return pos;  // "1月至30日" has no day to follow
    second.month = first.month;
    second.day = *d;
  }
  // An end before the start rolls into the next year: 12月1日至1月31日.
  if (second.month < first.month || (second.month == first.month && second.day < first.day)) {
    ++second.year;
  }
  if (!ValidDate(second.year, second.month, second.day)) return pos;
  size_t end = EndOffset(text, g[kContBody]);
  if (second.day > 0 && g[kContTime].data() != nullptr) end = WithTime(text, g[kContTime], &second);
  Add(text, Offset(text, g[kContBody]), end, second, out);
  return end;
}

// Tries the date match in g (starting at `start`); appends what it yields and
// returns the end, or returns 0 if it is not a date.
size_t AcceptMatch(std::string_view text, const re2::StringPiece* g, std::vector<DateMatch>* out) {
  const size_t start = Offset(text, g[0]);
  const std::string_view before = CharBefore(text, start);

  if (g[kNumYear].data() != nullptr) {  // 2022-11-08, 2022.11.8, 2022/11/8
    if (View(g[kNumSep1]) != View(g[kNumSep2])) return 0;
    if (IsArabicDigit(before)) return 0;
    if (IsNumericSeparator(before) && IsArabicDigit(CharBefore(text, start - before.size()))) {
      return 0;  // 1.2022.11.8, 0512-2022-11-08
    }
    const size_t day_end = EndOffset(text, g[kNumDay]);
    const std::string_view after = CharAt(text, day_end);
    if (IsArabicDigit(after)) return 0;
    if (IsNumericSeparator(after) && IsArabicDigit(CharAt(text, day_end + 1))) return 0;
    DateTime dt;
    const std::optional<int> y = ToInt(g[kNumYear]), m = ToInt(g[kNumMonth]), d = ToInt(g[kNumDay]);
    if (!y || !m || !d || *m == 0 || *d == 0 || !ValidDate(*y, *m, *d)) return 0;
    dt.year = *y;
    dt.month = *m;
    dt.day = *d;
    size_t end = day_end;
    if (g[kNumTime].data() != nullptr) end = WithTime(text, g[kNumTime], &dt);
    Add(text, start, end, dt, out);
    return end;
  }

  // 年 forms.
  const std::string_view year_text = View(g[kYear]);
  if (IsArabicDigit(CharAt(year_text, 0)) ? IsArabicDigit(before) : IsChineseDigit(before)) {
    return 0;  // part of a longer digit run
  }
  const std::optional<int> y = ToInt(g[kYear]);
  if (!y) return 0;
  DateTime dt;
  dt.year = *y;

  if (g[kRangeFrom].data() != nullptr) {  // 2022年1-10月
    const std::optional<int> m1 = ToInt(g[kRangeFrom]), m2 = ToInt(g[kRangeTo]);
    if (!m1 || !m2 || *m1 == 0 || *m2 == 0 || !ValidDate(*y, *m1, 0) || !ValidDate(*y, *m2, 0)) {
      return 0;
    }
    DateTime to = dt;
    dt.month = *m1;
    to.month = *m2;
    if (to.month < dt.month) ++to.year;
    if (!ValidDate(to.year, to.month, 0)) return 0;
    Add(text, start, EndOffset(text, g[kRangeFrom]), dt, out);
    const size_t end = EndOffset(text, g[0]);
    Add(text, Offset(text, g[kRangeTo]), end, to, out);
    return end;
  }

  size_t end = EndOffset(text, g[0]);
  if (g[kMonth].data() != nullptr) {
    const std::optional<int> m = ToInt(g[kMonth]);
    if (!m || *m == 0) return 0;
    dt.month = *m;
    if (g[kDayOfMonth].data() != nullptr) {
      const std::optional<int> d = ToInt(g[kDayOfMonth]);
      if (!d || *d == 0) return 0;
      dt.day = *d;
      if (g[kTimeText].data() != nullptr) end = WithTime(text, g[kTimeText], &dt);
    }
  }
  if (!ValidDate(dt.year, dt.month, dt.day)) return 0;
  Add(text, start, end, dt, out);
  return MatchContinuation(text, end, dt, out);
}

}  // namespace

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

std::vector<DateMatch> FindDates(std::string_view text) {
  std::vector<DateMatch> out;
  if (!Ok()) return out;
  const RE2& re = DateRe();
  re2::StringPiece g[kDateGroups];
  size_t pos = 0;
  while (pos < text.size() &&
         re.Match(text, pos, text.size(), RE2::UNANCHORED, g, kDateGroups)) {
    const size_t start = Offset(text, g[0]);
    const size_t end = AcceptMatch(text, g, &out);
    // Not a date: look again one character later (the pattern is bounded, so
    // the text is re-read at most a bounded number of times).
    pos = end > start ? end : start + SequenceLength(static_cast<unsigned char>(text[start]));
  }
  return out;
}

std::optional<DateTime> ParseDate(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  constexpr std::string_view kIdeographicSpace = "\u3000";
  for (;;) {
    if (!s.empty() && kSpace.find(s.front()) != std::string_view::npos) {
      s.remove_prefix(1);
    } else if (!s.empty() && kSpace.find(s.back()) != std::string_view::npos) {
      s.remove_suffix(1);
    } else if (s.starts_with(kIdeographicSpace)) {
      s.remove_prefix(kIdeographicSpace.size());
    } else if (s.ends_with(kIdeographicSpace)) {
      s.remove_suffix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  const std::vector<DateMatch> dates = FindDates(s);
  if (dates.size() != 1 || dates[0].span != Span{0, s.size()}) return std::nullopt;
  return dates[0].value;
}

}  // namespace gongwen
