#include "extractors/cn_number.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <system_error>

namespace gongwen {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// DBL_MAX has 309 digits before the point.
constexpr size_t kMaxIntegerDigits = 309;

struct CodePoint {
  char32_t cp = 0;
  size_t len = 0;  // 0 at the end of the text
};

// The code point at byte `pos`; a malformed sequence reads as U+FFFD of one
// byte, so a scan always advances.
CodePoint DecodeAt(std::string_view s, size_t pos) {
  if (pos >= s.size()) return {0, 0};
  const unsigned char c = static_cast<unsigned char>(s[pos]);
  if (c < 0x80) return {c, 1};
  size_t n;
  char32_t cp;
  if ((c & 0xE0) == 0xC0) {
    n = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4;
    cp = c & 0x07;
  } else {
    return {0xFFFD, 1};
  }
  if (pos + n > s.size()) return {0xFFFD, 1};
  for (size_t i = 1; i < n; ++i) {
    const unsigned char cc = static_cast<unsigned char>(s[pos + i]);
    if ((cc & 0xC0) != 0x80) return {0xFFFD, 1};
    cp = (cp << 6) | (cc & 0x3F);
  }
  return {cp, n};
}

// 0-9 for ASCII and full-width digits, -1 otherwise.
int ArabicDigit(char32_t cp) {
  if (cp >= U'0' && cp <= U'9') return static_cast<int>(cp - U'0');
  if (cp >= U'０' && cp <= U'９') return static_cast<int>(cp - U'０');
  return -1;
}

// 0-9 for Chinese (and financial) digits, -1 otherwise.
int ChineseDigit(char32_t cp) {
  switch (cp) {
    case U'〇': case U'零': return 0;
    case U'一': case U'壹': return 1;
    case U'二': case U'两': case U'兩': case U'贰': case U'貳': return 2;
    case U'三': case U'叁': case U'參': return 3;
    case U'四': case U'肆': return 4;
    case U'五': case U'伍': return 5;
    case U'六': case U'陆': case U'陸': return 6;
    case U'七': case U'柒': return 7;
    case U'八': case U'捌': return 8;
    case U'九': case U'玖': return 9;
    default: return -1;
  }
}

// 两 counts (2 of something), it is never a digit of a digit-by-digit number.
bool IsLiang(char32_t cp) { return cp == U'两' || cp == U'兩'; }

int SmallUnit(char32_t cp) {
  switch (cp) {
    case U'十': case U'拾': return 10;
    case U'百': case U'佰': return 100;
    case U'千': case U'仟': return 1000;
    default: return 0;
  }
}

double BigUnit(char32_t cp) {
  switch (cp) {
    case U'万': case U'萬': return 1e4;
    case U'亿': case U'億': return 1e8;
    default: return 0;
  }
}

// After 千 these make a metric unit (千克 kg, 千瓦 kW …), not a multiplier.
bool IsMetricAfterQian(char32_t cp) {
  switch (cp) {
    case U'克': case U'米': case U'瓦': case U'伏': case U'帕':
    case U'赫': case U'焦': case U'卡': case U'兆':
      return true;
    default:
      return false;
  }
}

struct ArabicNumber {
  double value = 0;
  size_t length = 0;
  bool integer = true;
};

// Digits at pos; appends their ASCII form to *out and returns the byte length.
size_t ScanDigits(std::string_view text, size_t pos, std::string* out,
                  size_t max_digits = SIZE_MAX) {
  size_t p = pos;
  size_t n = 0;
  while (n < max_digits) {
    const CodePoint c = DecodeAt(text, p);
    const int d = ArabicDigit(c.cp);
    if (c.len == 0 || d < 0) break;
    out->push_back(static_cast<char>('0' + d));
    p += c.len;
    ++n;
  }
  return p - pos;
}

bool DigitAt(std::string_view text, size_t pos) {
  const CodePoint c = DecodeAt(text, pos);
  return c.len > 0 && ArabicDigit(c.cp) >= 0;
}

// "3000", "3,000", "1.5", "１２" at pos. More than kMaxIntegerDigits digits
// before the point overflow a double: that is not a number, found without
// reading the whole run (so a caller may try every position of a long run).
std::optional<ArabicNumber> ScanArabic(std::string_view text, size_t pos) {
  std::string ascii;
  size_t p = pos + ScanDigits(text, pos, &ascii, kMaxIntegerDigits + 1);
  const size_t int_digits = ascii.size();
  if (int_digits == 0 || int_digits > kMaxIntegerDigits) return std::nullopt;
  // Thousands groups: ",ddd" not followed by another digit, after 1-3 digits.
  if (int_digits <= 3) {
    while (p < text.size() && text[p] == ',') {
      if (ascii.size() > kMaxIntegerDigits) return std::nullopt;
      std::string group;
      const size_t len = ScanDigits(text, p + 1, &group, 3);
      if (group.size() != 3 || DigitAt(text, p + 1 + len)) break;
      ascii += group;
      p += 1 + len;
    }
  }
  ArabicNumber n;
  if (p < text.size() && text[p] == '.' && DigitAt(text, p + 1)) {
    ascii.push_back('.');
    p += 1 + ScanDigits(text, p + 1, &ascii);
    n.integer = false;
  }
  const auto [end, ec] = std::from_chars(ascii.data(), ascii.data() + ascii.size(), n.value);
  if (end != ascii.data() + ascii.size()) return std::nullopt;
  if (ec == std::errc::result_out_of_range &&
      ascii.find_first_not_of('0') == ascii.find('.')) {
    n.value = 0;  // 0.000…01 underflows: as near to 0 as a double gets
  } else if (ec != std::errc() || !std::isfinite(n.value)) {
    return std::nullopt;  // too large for a double
  }
  n.length = p - pos;
  return n;
}

}  // namespace

std::optional<NumberMatch> MatchNumberAt(std::string_view text, size_t pos) {
  if (pos >= text.size()) return std::nullopt;

  // Digit-by-digit: 二〇二二, 一九九八 (and the approximations 三四, 五六).
  {
    size_t p = pos;
    int run = 0;
    bool zero = false;
    double value = 0;
    for (;;) {
      const CodePoint c = DecodeAt(text, p);
      const int d = ChineseDigit(c.cp);
      if (c.len == 0 || d < 0 || IsLiang(c.cp)) break;
      if (static_cast<size_t>(run) >= kMaxIntegerDigits) return std::nullopt;
      ++run;
      zero = zero || d == 0;
      value = value * 10 + d;
      p += c.len;
    }
    if (run >= 2) {
      if ((run >= 3 || zero) && std::isfinite(value)) return NumberMatch{value, p - pos};
      return std::nullopt;
    }
  }

  // Positional: sections of 十百千 grouped by 万 and 亿.
  enum class Prev { kStart, kDigit, kZero, kArabic, kSmall, kBig };
  Prev prev = Prev::kStart;
  double total = 0;      // groups multiplied by 亿 (or 万亿)
  double wan = 0;        // the 万 group since the last 亿
  double sec = 0;        // the part below 万 so far
  double cur = 0;        // a digit or Arabic number waiting for its unit
  bool has_cur = false;
  double unit_before_cur = 0;  // the unit just before cur (for 一万五)
  double prev_unit = 0;
  double last_small = kInf;    // units must fall: 千 then 百 then 十
  double last_big = kInf;
  std::optional<NumberMatch> best;
  size_t p = pos;

  auto commit = [&] {
    double tail = 0;
    if (has_cur) tail = unit_before_cur > 0 ? cur * unit_before_cur / 10 : cur;
    best = NumberMatch{total + wan + sec + tail, p - pos};
  };

  while (p < text.size()) {
    const CodePoint c = DecodeAt(text, p);

    if (ArabicDigit(c.cp) >= 0) {
      if (prev != Prev::kStart && prev != Prev::kBig) break;
      const std::optional<ArabicNumber> a = ScanArabic(text, p);
      if (!a) break;
      const bool after_big = prev == Prev::kBig;
      cur = a->value;
      has_cur = true;
      unit_before_cur = 0;
      prev = Prev::kArabic;
      p += a->length;
      if (!after_big) commit();  // "1亿2000" stays 1亿 unless a unit follows
      continue;
    }

    if (const int d = ChineseDigit(c.cp); d >= 0) {
      if (prev == Prev::kDigit || prev == Prev::kArabic) break;
      if (d == 0 && prev == Prev::kZero) break;
      p += c.len;
      if (d == 0) {
        const bool first = prev == Prev::kStart;
        prev = Prev::kZero;
        has_cur = false;
        if (first) commit();  // "零" alone; "一百零" ends before 零
        continue;
      }
      unit_before_cur = (prev == Prev::kSmall || prev == Prev::kBig) ? prev_unit : 0;
      cur = d;
      has_cur = true;
      prev = Prev::kDigit;
      commit();
      continue;
    }

    if (const int u = SmallUnit(c.cp); u > 0) {
      const CodePoint next = DecodeAt(text, p + c.len);
      if (u == 1000 && IsMetricAfterQian(next.cp)) break;
      if (u >= last_small) break;
      double mult;
      if (has_cur && prev != Prev::kZero) {
        mult = cur;
      } else if (u == 10 && (prev == Prev::kStart || prev == Prev::kBig || prev == Prev::kZero)) {
        if (prev == Prev::kStart && next.cp == U'分') break;  // 十分 "very"
        mult = 1;
      } else {
        break;
      }
      sec += mult * u;
      has_cur = false;
      last_small = u;
      prev_unit = u;
      prev = Prev::kSmall;
      p += c.len;
      commit();
      continue;
    }

    if (const double b = BigUnit(c.cp); b > 0) {
      const double group = sec + (has_cur ? cur : 0);
      if (b == 1e4) {
        if (group == 0 || last_big <= 1e4) break;
        wan = group * 1e4;
        last_big = 1e4;
      } else {
        const double g = wan + group;
        if (g == 0) break;
        if (last_big == 1e4 && total == 0) {
          last_big = 1e12;  // 万亿: the 万 group is multiplied again
        } else if (last_big > 1e8) {
          last_big = 1e8;
        } else {
          break;
        }
        total += g * 1e8;
        wan = 0;
      }
      sec = 0;
      has_cur = false;
      last_small = kInf;
      prev_unit = b;
      prev = Prev::kBig;
      p += c.len;
      commit();
      continue;
    }

    break;
  }

  if (!best || !std::isfinite(best->value)) return std::nullopt;
  return best;
}

std::optional<double> ParseNumber(std::string_view s) {
  const std::optional<NumberMatch> m = MatchNumberAt(s, 0);
  if (!m || m->length != s.size()) return std::nullopt;
  return m->value;
}

std::optional<NumberMatch> MatchFractionAt(std::string_view text, size_t pos) {
  if (pos >= text.size()) return std::nullopt;
  constexpr std::string_view kFenZhi = "分之";

  // N分之M: 三分之一, 百分之二十, 十分之一, 1000分之5.
  {
    size_t p = pos;
    double den = 0;
    bool have_den = false;
    const CodePoint c = DecodeAt(text, p);
    if (text.substr(p + c.len).starts_with(kFenZhi) &&
        (c.cp == U'十' || c.cp == U'百' || c.cp == U'千' || c.cp == U'万')) {
      den = c.cp == U'十' ? 10 : c.cp == U'百' ? 100 : c.cp == U'千' ? 1000 : 1e4;
      p += c.len;
      have_den = true;
    } else if (const std::optional<NumberMatch> d = MatchNumberAt(text, p)) {
      den = d->value;
      p += d->length;
      have_den = true;
    }
    if (have_den && text.substr(p).starts_with(kFenZhi)) {
      p += kFenZhi.size();
      const std::optional<NumberMatch> num = MatchNumberAt(text, p);
      if (!num || den == 0) return std::nullopt;
      return NumberMatch{num->value / den, p + num->length - pos};
    }
  }

  const std::optional<ArabicNumber> a = ScanArabic(text, pos);
  if (!a) return std::nullopt;
  size_t p = pos + a->length;
  const CodePoint c = DecodeAt(text, p);

  // Percent and per mille: 20%, 20％, 5‰.
  if (c.cp == U'%' || c.cp == U'％') return NumberMatch{a->value / 100, p + c.len - pos};
  if (c.cp == U'‰') return NumberMatch{a->value / 1000, p + c.len - pos};

  // a/b with integers, not part of a chain (28/16/14, 2022/11/8).
  if ((c.cp == U'/' || c.cp == U'／') && a->integer) {
    p += c.len;
    const std::optional<ArabicNumber> b = ScanArabic(text, p);
    if (!b || !b->integer || b->value == 0) return std::nullopt;
    p += b->length;
    const CodePoint after = DecodeAt(text, p);
    if ((after.cp == U'/' || after.cp == U'／') && DigitAt(text, p + after.len)) return std::nullopt;
    return NumberMatch{a->value / b->value, p - pos};
  }
  return std::nullopt;
}

std::optional<double> ParseFraction(std::string_view s) {
  const std::optional<NumberMatch> m = MatchFractionAt(s, 0);
  if (!m || m->length != s.size()) return std::nullopt;
  return m->value;
}

}  // namespace gongwen
