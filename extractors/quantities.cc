#include "extractors/quantities.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "extractors/cn_number.h"
#include "extractors/dates.h"
#include "extractors/units.h"
#include "pipeline/embedded.h"
#include "pipeline/normalize.h"
#include "pipeline/regex.h"

namespace gongwen {
namespace {

// --- the word lists of schemas/quantity_patterns.tsv ------------------------

struct Phrase {
  std::string text;
  std::string op;
};

struct Patterns {
  std::vector<Phrase> prefix, suffix;
  std::vector<std::string> qualifiers, leads, stops, heads, not_before, not_unit, volume, rate_nouns;

  Patterns() {
    for (const auto& row : EmbeddedTsv("quantity_patterns.tsv")) {
      if (row.size() < 2) continue;
      std::string_view role = row[0];
      std::string phrase(row[1]);
      std::string op = row.size() > 2 ? std::string(row[2]) : "";
      if (role == "prefix") prefix.push_back({phrase, op});
      else if (role == "suffix") suffix.push_back({phrase, op});
      else if (role == "qualifier") qualifiers.push_back(phrase);
      else if (role == "lead") leads.push_back(phrase);
      else if (role == "stop") stops.push_back(phrase);
      else if (role == "head") heads.push_back(phrase);
      else if (role == "not_before") not_before.push_back(phrase);
      else if (role == "not_unit") not_unit.push_back(phrase);
      else if (role == "volume") volume.push_back(phrase);
      else if (role == "rate_noun") rate_nouns.push_back(phrase);
    }
    auto longest_first = [](auto& v, auto key) {
      std::stable_sort(v.begin(), v.end(), [&](const auto& a, const auto& b) { return key(a).size() > key(b).size(); });
    };
    longest_first(prefix, [](const Phrase& p) -> const std::string& { return p.text; });
    longest_first(suffix, [](const Phrase& p) -> const std::string& { return p.text; });
    for (auto* v : {&qualifiers, &leads, &stops, &heads, &not_before})
      longest_first(*v, [](const std::string& s) -> const std::string& { return s; });
  }

  std::string Alternation(const std::vector<Phrase>& v) const {
    std::string out;
    for (const Phrase& p : v) out += (out.empty() ? "" : "|") + RE2::QuoteMeta(p.text);
    return out;
  }
  std::string Alternation(const std::vector<std::string>& v) const {
    std::string out;
    for (const std::string& p : v) out += (out.empty() ? "" : "|") + RE2::QuoteMeta(p);
    return out;
  }
  std::string OpOf(const std::vector<Phrase>& v, std::string_view text) const {
    for (const Phrase& p : v)
      if (p.text == text) return p.op;
    return "";
  }
};

const Patterns& Pat() {
  static const Patterns* p = new Patterns();
  return *p;
}

// Qualifier and comparator right before a number: "原则上不超过", "≥", "约".
const RE2& PrefixRe() {
  static const RE2& re = CompileOrDie(
      "quantity prefix", "(" + Pat().Alternation(Pat().qualifiers) + ")?[ ]*(?:为|是)?(" +
                             Pat().Alternation(Pat().prefix) + ")?[ ]*$");
  return re;
}
// A comparator and the whole a share is of: "不超过项目新增总投入的" 1/3.
const RE2& BridgeRe() {
  static const RE2& re = CompileOrDie(
      "quantity prefix with a base", "(" + Pat().Alternation(Pat().qualifiers) + ")?[ ]*(" +
                                         Pat().Alternation(Pat().prefix) +
                                         ")([^，。；：、 0-9]{1,16}?的)[ ]*$");
  return re;
}
const RE2& SuffixRe() {
  static const RE2& re =
      CompileOrDie("quantity suffix", "^[ ]?(" + Pat().Alternation(Pat().suffix) + ")");
  return re;
}
// 多/余 after a number: 1600多家, 2000余项.
const RE2& MoreRe() {
  static const RE2& re = CompileOrDie("quantity more", "^(多|余)");
  return re;
}
// Tolerance: ±10%, ± 0.5.
const RE2& ToleranceRe() {
  static const RE2& re = CompileOrDie("quantity tolerance", R"(^[ ]?±[ ]?(\d+(?:\.\d+)?%?))");
  return re;
}
// Scientific notation: ×10⁶, ×10^6, x10^-3.
const RE2& PowerRe() {
  static const RE2& re =
      CompileOrDie("quantity power of ten", R"(^[ ]?[×xX*][ ]?10(?:\^(-?\d{1,3})|((?:⁻)?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})))");
  return re;
}
// Range separators between two numbers.
const RE2& RangeRe() {
  static const RE2& re = CompileOrDie("quantity range", R"(^[ ]?(~|～|〜|——|—|–|-|至|到|>)[ ]?)");
  return re;
}

// --- characters ------------------------------------------------------------

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// The code point ending right before pos, and its start in *start.
char32_t PrevCp(std::string_view s, size_t pos, size_t* start = nullptr) {
  if (pos == 0) {
    if (start) *start = 0;
    return 0;
  }
  size_t p = pos - 1;
  size_t guard = 0;
  while (p > 0 && (static_cast<unsigned char>(s[p]) & 0xC0) == 0x80 && guard++ < 3) --p;
  if (start) *start = p;
  size_t q = p;
  return DecodeUtf8(s, &q);
}

char32_t CpAt(std::string_view s, size_t pos, size_t* len = nullptr) {
  if (pos >= s.size()) {
    if (len) *len = 0;
    return 0;
  }
  size_t q = pos;
  char32_t cp = DecodeUtf8(s, &q);
  if (len) *len = q - pos;
  return cp;
}

bool IsCnNumeral(char32_t cp) {
  switch (cp) {
    case U'一': case U'二': case U'两': case U'三': case U'四': case U'五': case U'六':
    case U'七': case U'八': case U'九': case U'十': case U'〇': case U'零': case U'百':
      return true;
    default:
      return false;
  }
}
bool IsArabicDigitCp(char32_t cp) { return (cp >= U'0' && cp <= U'9') || (cp >= U'０' && cp <= U'９'); }

// Clause boundaries: a subject never reaches across these.
bool IsBoundary(char32_t cp) {
  switch (cp) {
    case U'，': case U'。': case U'；': case U'：': case U'！': case U'？': case U'、':
    case U'\n': case U'\t': case U'\f': case U',': case U';': case U'!': case U'?': case U':':
    case 0:
      return true;
    default:
      return false;
  }
}
bool IsSentenceEnd(char32_t cp) {
  return cp == U'。' || cp == U'；' || cp == U'！' || cp == U'？' || cp == U'\n' || cp == U'\f' || cp == U';';
}

// Start of a window of at most `max` bytes ending at pos, on a code point boundary.
size_t WindowStart(std::string_view s, size_t pos, size_t max) {
  size_t b = pos > max ? pos - max : 0;
  while (b < pos && (static_cast<unsigned char>(s[b]) & 0xC0) == 0x80) ++b;
  return b;
}

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) s.remove_suffix(1);
  return std::string(s);
}

// Keeps the last `max` code points of s.
std::string LastChars(std::string_view s, size_t max) {
  size_t n = 0;
  for (size_t i = s.size(); i > 0; --i) {
    if ((static_cast<unsigned char>(s[i - 1]) & 0xC0) != 0x80 && ++n > max) return std::string(s.substr(i));
  }
  return std::string(s);
}
std::string FirstChars(std::string_view s, size_t max) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && n++ == max) return std::string(s.substr(0, i));
  }
  return std::string(s);
}

// --- one number expression ---------------------------------------------------

struct Found {
  Quantity q;
  size_t core = 0;         // first byte of the first number
  bool cmp = false;        // a comparator or qualifier was written
  bool prefix_cmp = false; // …before the number
  bool unit_from_text = false;
  bool count = false;
  bool currency = false;
  bool time = false;
  bool dimensionless = false;
  bool ratio = false;
  bool fraction = false;
  bool table_cell = false;
  bool dropped = false;
  int list_index = 0, list_size = 1;
  std::string base;        // 项目新增总投入的 (the whole a share is of)
  UnitInfo unit;
  bool unit_known = false;
};

struct NumberAt {
  double value = 0;
  size_t end = 0;
  bool integer = true;
};

// A signed Arabic or Chinese number at pos (a '-' or '−' before a digit is a
// sign when nothing alphanumeric precedes it).
std::optional<NumberAt> ReadNumber(std::string_view t, size_t pos, bool allow_sign) {
  double sign = 1;
  size_t p = pos;
  if (allow_sign) {
    if (p < t.size() && t[p] == '-') {
      sign = -1;
      ++p;
    } else if (t.compare(p, 3, "−") == 0) {
      sign = -1;
      p += 3;
    }
  }
  auto m = MatchNumberAt(t, p);
  if (!m) return std::nullopt;
  NumberAt n;
  n.value = sign * m->value;
  n.end = p + m->length;
  n.integer = t.substr(p, m->length).find('.') == std::string_view::npos;
  return n;
}

// 万元/亿元: the multiplier belongs to the unit. If the number at [pos, end)
// ends in 万/亿/千/百 that start a currency unit, cut the number there.
void CutBeforeCurrency(std::string_view t, size_t pos, NumberAt* n, UnitInfo* ui, size_t* unit_len) {
  for (size_t p = pos + 1; p < n->end; ++p) {
    char32_t cp = CpAt(t, p);
    if (cp != U'万' && cp != U'亿' && cp != U'千' && cp != U'百') continue;
    UnitInfo u;
    size_t len = MatchUnitAt(t, p, &u);
    if (len == 0 || !u.currency || p + len <= n->end) continue;
    auto shorter = MatchNumberAt(t.substr(0, p), pos);
    if (!shorter || pos + shorter->length != p) continue;
    n->value = (n->value < 0 ? -1 : 1) * shorter->value;
    n->end = p;
    *ui = u;
    *unit_len = len;
    return;
  }
}

bool IsComparatorSign(char32_t cp) {
  switch (cp) {
    case U'≤': case U'≥': case U'<': case U'>': case U'≦': case U'≧': case U'＜': case U'＞': case U'=':
      return true;
    default:
      return false;
  }
}

// True if the number [begin, end) sits inside a sentence: after a comparator
// sign (≥10 个, ≥ 10 个), right after a Han character (征集12 个), or right
// after CJK punctuation (材料：12 寸) when it is no integer of four or more
// digits (a guide code or a year: 方向：2201 人工智能). Codes, table serials
// and years start a line or a cell. A number spaced from the Han before it is
// not taken: text versions space numbers that way (每半年结束后 10 个工作日内).
bool InProse(std::string_view t, size_t begin, size_t end, bool integer) {
  size_t p = begin;
  while (p > 0 && t[p - 1] == ' ') --p;
  char32_t prev = PrevCp(t, p);
  if (IsComparatorSign(prev)) return true;
  if (p != begin) return false;
  if (IsHan(prev)) return true;
  size_t digits = 0;
  for (size_t k = begin; k < end; ++k) digits += IsAsciiDigit(t[k]);
  static const std::u32string kCjkPunct = U"：，、；（“";
  return kCjkPunct.find(prev) != std::u32string::npos && !(integer && digits >= 4);
}

// Reads a unit at pos: one space allowed before it; a unit on the next line
// only when its exponent is on a line of its own too (a PDF's "cm\n\n-2").
// `in_prose`: the number follows a Han character or CJK punctuation inside a
// sentence (征集12 个, 材料：12 寸, 为3.5 年), see InProse.
size_t ReadUnit(std::string_view t, size_t pos, UnitInfo* ui, size_t* unit_begin, bool in_prose) {
  size_t p = pos;
  if (p < t.size() && t[p] == ' ') ++p;
  // After a space only a Latin unit: "1.1~5 V", but "2201 人工智能" is a code and a title;
  // or a unit of two or more Han characters that is no measure word, as OCR
  // can space a scan's "12英寸" (12 英寸, 3 个月; not 2023 年, 5 个); or, for a
  // number inside a sentence, any unit: Chinese puts no space between a
  // number and its unit, so a space there is OCR's (a gap a little wider
  // than usual before a narrow glyph such as 个 or 寸), while codes, table
  // serials and years that a word follows start a line or a cell.
  const bool spaced_han = p > pos && p < t.size() && static_cast<unsigned char>(t[p]) >= 0x80 &&
                          t.compare(p, 2, "μ") != 0 && t.compare(p, 2, "µ") != 0;
  size_t len = MatchUnitAt(t, p, ui);
  if (spaced_han && !in_prose && (len < 6 || ui->count)) return 0;
  for (size_t i = p; spaced_han && i < p + len; ++i)
    if (static_cast<unsigned char>(t[i]) < 0x80) return 0;
  if (len > 0) {
    *unit_begin = p;
    return p + len - pos;
  }
  // Across blank lines: "≤400\n \ncm\n\n-2".
  size_t q = pos;
  while (q < t.size() && q - pos < 8 && (t[q] == ' ' || t[q] == '\n' || t[q] == '\r')) ++q;
  if (q > pos && q < t.size() && IsAsciiLetter(t[q])) {
    len = MatchUnitAt(t, q, ui);
    if (len > 0 && t.substr(q, len).find('\n') != std::string_view::npos &&
        t.substr(pos, q - pos).find('\n') != std::string_view::npos) {
      *unit_begin = q;
      return q + len - pos;
    }
  }
  return 0;
}

std::string Num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

bool EndsWithAny(std::string_view s, const std::vector<std::string>& words, std::string* which = nullptr) {
  for (const std::string& w : words)
    if (s.size() >= w.size() && s.substr(s.size() - w.size()) == w) {
      if (which) *which = w;
      return true;
    }
  return false;
}

// Sets si_value(s) from value(s) and the unit.
void FillSi(Found* f) {
  Quantity& q = f->q;
  if (f->ratio || (f->fraction && q.unit.empty())) {
    q.si_unit = "1";
    q.si = q.value;
    if (q.value_max) q.si_max = q.value_max;
    return;
  }
  if (!f->unit_known) {
    q.si_unit.clear();
    return;
  }
  q.si_unit = f->unit.si_unit;
  q.si = f->unit.ToSi(q.value);
  if (q.value_max) q.si_max = f->unit.ToSi(*q.value_max);
}

// Tries a quantity whose number starts at `i`. Returns the byte to resume
// scanning from (> i); fills *out when a quantity was found.
size_t TryAt(std::string_view t, size_t i, bool chinese, std::vector<Found>* out) {
  size_t cp_len;
  CpAt(t, i, &cp_len);
  size_t prev_start;
  char32_t prev = PrevCp(t, i, &prev_start);
  auto skip_run = [&](size_t from) {
    size_t p = from;
    while (p < t.size()) {
      char c = t[p];
      if (IsAsciiDigit(c) || IsAsciiLetter(c) || c == '.' || c == '_' || c == '-') {
        ++p;
        continue;
      }
      size_t l;
      char32_t cp = CpAt(t, p, &l);
      if (IsArabicDigitCp(cp)) {
        p += l;
        continue;
      }
      break;
    }
    return std::max(p, from + 1);
  };

  Found f;
  size_t start = i;
  bool grade = false;
  std::string grade_letters;
  if (chinese) {
    if (IsCnNumeral(prev) || prev == U'第' || prev == U'之') return i + cp_len;
  } else {
    if (prev < 0x80 && (IsAsciiLetter(static_cast<char>(prev)))) {
      // A grade: T1100级, M50J级. Otherwise a name (B5G, CO2, A4): skip it.
      size_t ls = i;
      while (ls > 0 && IsAsciiLetter(t[ls - 1]) && i - ls < 4) --ls;
      size_t pre;
      char32_t before = PrevCp(t, ls, &pre);
      size_t d = i;
      while (d < t.size() && IsAsciiDigit(t[d])) ++d;
      size_t e = d;
      while (e < t.size() && IsAsciiLetter(t[e]) && e - d < 3) ++e;
      if ((before >= 0x80 || before == 0 || before == ' ') && !(ls > 0 && IsAsciiLetter(t[ls - 1])) &&
          t.compare(e, 3, "级") == 0 && d > i) {
        grade = true;
        grade_letters = std::string(t.substr(ls, i - ls)) + std::string(t.substr(d, e - d));
        start = ls;
      } else {
        return skip_run(i);
      }
    }
    if (!grade && prev < 0x80 && (IsAsciiDigit(static_cast<char>(prev)) || prev == '.' || prev == '_'))
      return skip_run(i);
    if (!grade && IsArabicDigitCp(prev)) return skip_run(i);
    // A leading zero followed by a digit: a phone number or an identifier.
    if (t[i] == '0' && i + 1 < t.size() && IsAsciiDigit(t[i + 1])) return skip_run(i);
  }
  // A minus sign: "-150V", not the '-' of "AECQ-101" or "2-3".
  bool negative = false;
  if (!chinese && !grade && (prev == '-' || prev == U'−')) {
    size_t pp;
    char32_t before = PrevCp(t, prev_start, &pp);
    bool alnum = before < 0x80 && (IsAsciiDigit(static_cast<char>(before)) || IsAsciiLetter(static_cast<char>(before)));
    if (!alnum && !IsArabicDigitCp(before) && before != U'）' && before != ')') {
      negative = true;
      start = prev_start;
    }
  }

  // --- the number ---
  NumberAt n;
  size_t after;  // first byte after the number part
  if (auto fr = MatchFractionAt(t, i); fr) {
    std::string_view ft = t.substr(i, fr->length);
    bool cn_fraction = ft.find("分之") != std::string_view::npos;
    bool arabic_fraction = ft.find('/') != std::string_view::npos;
    if (cn_fraction || arabic_fraction) {
      // "1/3": a fraction only when nothing but a comparator or 的 cues it
      // (decided below); "1/2英寸" keeps its unit.
      f.fraction = true;
      n.value = fr->value;
      n.end = i + fr->length;
      n.integer = false;
    }
  }
  if (!f.fraction) {
    auto m = ReadNumber(t, i, false);
    if (!m) return chinese ? i + cp_len : skip_run(i);
    n = *m;
    if (negative) n.value = -n.value;
  }
  if (!chinese && n.end < t.size() && t[n.end] == '.' && n.end + 1 < t.size() && IsAsciiDigit(t[n.end + 1]))
    return skip_run(i);  // 1.2.3: a section number
  if (!chinese && !f.fraction && n.end < t.size() && IsAsciiLetter(t[n.end]) && grade == false) {
    // A digit run glued to letters is a name unless the letters are a unit
    // (40nm, 20Gbps): checked when the unit is read below.
  }
  after = n.end;
  f.core = i;
  const bool in_prose = InProse(t, start, n.end, n.integer);

  Quantity& q = f.q;
  q.value = n.value;

  // ×10⁶
  {
    re2::StringPiece in(t.data() + after, std::min<size_t>(t.size() - after, 24));
    std::string caret, sup;
    if (RE2::Consume(&in, PowerRe(), &caret, &sup)) {
      int e = 0;
      if (!caret.empty()) e = std::atoi(caret.c_str());
      else {
        int sign = 1;
        for (size_t k = 0; k < sup.size();) {
          size_t l;
          char32_t cp = CpAt(sup, k, &l);
          k += l;
          static const std::u32string digits = U"⁰¹²³⁴⁵⁶⁷⁸⁹";
          if (cp == U'⁻') sign = -1;
          else if (auto d = digits.find(cp); d != std::u32string::npos) e = e * 10 + static_cast<int>(d);
        }
        e *= sign;
      }
      q.value *= std::pow(10.0, e);
      after = in.data() - t.data();
    }
  }
  // 多/余: 1600多家
  bool more = false;
  {
    re2::StringPiece in(t.data() + after, std::min<size_t>(t.size() - after, 8));
    if (RE2::Consume(&in, MoreRe())) {
      UnitInfo probe;
      size_t next = in.data() - t.data();
      if (MatchUnitAt(t, next, &probe) > 0) {
        more = true;
        after = next;
      }
    }
  }
  // ±10%
  {
    re2::StringPiece in(t.data() + after, std::min<size_t>(t.size() - after, 32));
    std::string tol;
    if (RE2::Consume(&in, ToleranceRe(), &tol)) {
      q.tolerance = tol;
      after = in.data() - t.data();
    }
  }
  // Unit (or a grade's 级).
  size_t unit_begin = after, unit_len = 0;
  if (grade) {
    size_t e = n.end;
    while (e < t.size() && IsAsciiLetter(t[e])) ++e;
    unit_begin = e;
    unit_len = 3;  // 级
    q.unit = grade_letters + "级";
    f.unit.si_unit = q.unit;
    f.unit.count = true;
    f.unit_known = true;
    after = e + 3;
  } else {
    UnitInfo ui;
    size_t len = 0;
    if (!f.fraction) CutBeforeCurrency(t, i, &n, &ui, &len);
    if (len > 0) {
      q.value = n.value;
      unit_begin = n.end;
      after = n.end + len;
      unit_len = len;
    } else {
      len = ReadUnit(t, after, &ui, &unit_begin, in_prose);
      if (len > 0) {
        unit_len = after + len - unit_begin;
        after += len;
      }
    }
    if (unit_len > 0 && ui.count) {
      for (const std::string& w : Pat().not_unit)
        if (t.compare(unit_begin, w.size(), w) == 0) {
          after = unit_begin;
          unit_len = 0;
          break;
        }
    }
    if (unit_len > 0) {
      q.unit = CleanUnit(t.substr(unit_begin, unit_len));
      f.unit = ui;
      f.unit_known = true;
      // A measure word, then 年 and a capacity (100000片年的生产能力: the
      // slash lost where a scan broke the line): a capacity is per year.
      if (ui.count && !ui.time && t.compare(after, 3, "年") == 0 && q.unit.find('/') == std::string::npos) {
        size_t p = after + 3;
        if (t.compare(p, 3, "的") == 0) p += 3;
        for (const std::string& w : Pat().rate_nouns) {
          if (t.compare(p, w.size(), w) != 0) continue;
          if (auto per_year = ParseUnit(q.unit + "/年")) {
            q.unit += "/年";
            f.unit = *per_year;
            unit_len += 3;
            after += 3;
          }
          break;
        }
      }
    }
  }
  // Digits glued to letters that are no unit: a name (5G, 3D, 2.5D).
  if (unit_len == 0 && !chinese && after < t.size() && IsAsciiLetter(t[after])) return skip_run(i);
  if (unit_len == 0 && !chinese && after < t.size() && (t.compare(after, 2, "μ") == 0)) return skip_run(i);

  // --- lists (1.5/1.5, 28/16/14) and ratios (1:1) ---
  std::vector<double> values = {q.value};
  if (!f.fraction && unit_len == 0 && !chinese && after < t.size() && t[after] == '/' &&
      after + 1 < t.size() && IsAsciiDigit(t[after + 1])) {
    size_t p = after;
    while (values.size() < 8 && p < t.size() && t[p] == '/' && p + 1 < t.size() && IsAsciiDigit(t[p + 1])) {
      auto m = ReadNumber(t, p + 1, false);
      if (!m) break;
      if (m->end < t.size() && t[m->end] == '.' ) break;
      values.push_back(m->value);
      p = m->end;
    }
    after = p;
    UnitInfo ui;
    size_t len = ReadUnit(t, after, &ui, &unit_begin, in_prose);
    if (len > 0) {
      unit_len = after + len - unit_begin;
      q.unit = CleanUnit(t.substr(unit_begin, unit_len));
      f.unit = ui;
      f.unit_known = true;
      after += len;
    } else if (after < t.size() && (IsAsciiLetter(t[after]) || IsAsciiDigit(t[after]))) {
      return skip_run(i);  // 2.5/3D
    }
  }
  if (!f.fraction && !chinese && unit_len == 0 && values.size() == 1 && n.integer &&
      (t.compare(after, 1, ":") == 0 || t.compare(after, 3, "：") == 0)) {
    size_t colon = t[after] == ':' ? 1 : 3;
    auto m = ReadNumber(t, after + colon, false);
    if (m && m->integer && m->value > 0 && !(m->end < t.size() && IsAsciiDigit(t[m->end]))) {
      // A space OCR put around the ratio (按不低于 1:1 比例) is no separator.
      size_t cue_end = start;
      while (cue_end > 0 && t[cue_end - 1] == ' ') --cue_end;
      size_t ws = WindowStart(t, cue_end, 12);
      bool cue = t.substr(ws, cue_end - ws).find("按") != std::string_view::npos;
      size_t tail_begin = m->end < t.size() && t[m->end] == ' ' ? m->end + 1 : m->end;
      std::string_view tail = t.substr(tail_begin, std::min<size_t>(t.size() - tail_begin, 12));
      cue |= tail.starts_with("的比例") || tail.starts_with("比例") || tail.starts_with("配套");
      if (cue) {
        f.ratio = true;
        q.value = q.value / m->value;
        q.unit = "ratio";
        after = m->end;
      }
    }
  }

  // --- ranges: 1.1~5 V, -150V~1200V, 5000万元—2亿元, 2-3个 ---
  if (values.size() == 1 && !f.ratio && !f.fraction && !more) {
    re2::StringPiece in(t.data() + after, std::min<size_t>(t.size() - after, 12));
    std::string sep;
    if (RE2::Consume(&in, RangeRe(), &sep)) {
      size_t p2 = in.data() - t.data();
      bool spaced = in.data() - (t.data() + after) > static_cast<long>(sep.size());
      bool cn_sep = sep == "至" || sep == "到";
      auto m = ReadNumber(t, p2, true);
      bool ok = m.has_value() && !(sep == "-" && spaced);
      // "1.1>5V": a '>' between two numbers that would state a falsehood is
      // OCR's reading of '~' (a true comparison, 5>1.1, is left alone).
      const bool tilde_as_gt = sep == ">";
      if (tilde_as_gt) ok = ok && !spaced && unit_len == 0 && !f.fraction && m->value > q.value;
      if (ok && p2 < t.size() && !IsAsciiDigit(t[p2]) && t[p2] != '-' && !cn_sep && !chinese) {
        // A Chinese numeral after "~" is fine; after "-" it is not a range.
        ok = sep != "-";
      }
      if (ok) {
        size_t a2 = m->end;
        UnitInfo u2;
        size_t ub2 = a2, ul2 = 0;
        size_t len2 = 0;
        NumberAt n2 = *m;
        CutBeforeCurrency(t, p2 + (t[p2] == '-' ? 1 : 0), &n2, &u2, &len2);
        if (len2 > 0) {
          ub2 = n2.end;
          ul2 = len2;
          a2 = n2.end + len2;
        } else if (size_t l = ReadUnit(t, a2, &u2, &ub2, in_prose); l > 0) {
          ul2 = a2 + l - ub2;
          a2 += l;
        }
        double v2 = n2.value;
        bool unit_ok = !(tilde_as_gt && ul2 == 0);
        if (!unit_ok) {
          // "2>1.5": no unit after the second number, no misread range
        } else if (unit_len > 0 && ul2 > 0) {
          if (u2.si_unit != f.unit.si_unit || f.unit.scale == 0) unit_ok = false;
          else v2 = (u2.ToSi(v2) - f.unit.offset) / f.unit.scale;
        } else if (unit_len == 0 && ul2 > 0) {
          q.unit = CleanUnit(t.substr(ub2, ul2));
          f.unit = u2;
          f.unit_known = true;
          unit_begin = ub2;
          unit_len = ul2;
        } else if (cn_sep && unit_len > 0) {
          unit_ok = false;  // "3年至5": not a range
        }
        // A date-like or phone-like tail (025-83224363) is not a range.
        if (unit_ok && !(sep == "-" && unit_len == 0 && ul2 == 0)) {
          q.op = "between";
          q.value_max = v2;
          after = a2;
        }
      }
    }
  }

  // --- suffix comparator, 左右; @condition ---
  std::string suffix_op, suffix_text;
  {
    re2::StringPiece in(t.data() + after, std::min<size_t>(t.size() - after, 16));
    std::string s;
    if (RE2::Consume(&in, SuffixRe(), &s)) {
      suffix_text = s;
      suffix_op = Pat().OpOf(Pat().suffix, s);
      after = in.data() - t.data();
    } else if (f.unit_known && f.unit.count && t.size() - after >= 9 &&
               (t.compare(after + 3, 6, "左右") == 0 || t.compare(after + 3, 6, "上下") == 0) &&
               IsHan(CpAt(t, after))) {
      // 20个字左右: the noun counted sits between the count and 左右.
      suffix_text = std::string(t.substr(after + 3, 6));
      suffix_op = "~";
    }
  }
  if (after < t.size() && t[after] == '@') {
    size_t e = after + 1;
    while (e < t.size() && e - after < 120) {
      size_t l;
      char32_t cp = CpAt(t, e, &l);
      if (IsBoundary(cp) || cp == U'。') break;
      // A space ends the condition, unless OCR put it beside its '='
      // (@电流密度 =200A/cm²).
      if (cp == ' ' && !(t[e - 1] == '=' || (e + 1 < t.size() && t[e + 1] == '='))) break;
      e += l;
    }
    q.condition = std::string(t.substr(after, e - after));
    after = e;
  }

  // --- prefix: qualifier and comparator ---
  std::string qual, cmp;
  size_t pstart = start;
  {
    size_t end = start;
    while (end > 0 && t[end - 1] == ' ') --end;
    size_t ws = WindowStart(t, end, 48);
    re2::StringPiece win(t.data() + ws, end - ws);
    std::string base;
    bool share = f.fraction || (f.unit_known && f.unit.dimensionless);
    re2::StringPiece m[4];
    if (share && BridgeRe().Match(win, 0, win.size(), RE2::UNANCHORED, m, 4) && !m[2].empty()) {
      qual = std::string(m[1].data(), m[1].size());
      cmp = std::string(m[2].data(), m[2].size());
      f.base = std::string(m[3].data(), m[3].size());
      pstart = m[0].data() - t.data();
    } else if (PrefixRe().Match(win, 0, win.size(), RE2::UNANCHORED, m, 3) && !m[0].empty()) {
      qual = std::string(m[1].data(), m[1].size());
      cmp = std::string(m[2].data(), m[2].size());
      pstart = m[0].data() - t.data();
    }
    if (!qual.empty() || !cmp.empty()) {
      while (pstart < end && t[pstart] == ' ') ++pstart;
    } else {
      pstart = start;
    }
  }
  // Labels: 第3条, 附件2, 表1, 代码1002, 〔2022〕.
  {
    size_t ws = WindowStart(t, pstart, 12);
    if (EndsWithAny(t.substr(ws, pstart - ws), Pat().not_before)) return std::max(after, i + 1);
  }

  // --- op ---
  std::string op = "=";
  if (!cmp.empty()) op = Pat().OpOf(Pat().prefix, cmp);
  if (!suffix_op.empty() && suffix_op != "~") op = suffix_op;
  if (more) op = ">";
  if (q.op == "between") op = "between";
  if (!qual.empty() && (qual == "约" || qual == "大约") && cmp.empty()) op = "~";
  if (suffix_op == "~") op = "~";
  q.op = op;
  f.cmp = !cmp.empty() || !suffix_op.empty() || !qual.empty() || more;
  f.prefix_cmp = !cmp.empty();
  std::vector<std::string> quals;
  if (!qual.empty()) quals.push_back(qual);
  if (suffix_op == "~" || suffix_text.starts_with("及")) quals.push_back(suffix_text);
  if (more) quals.push_back(std::string(t.substr(n.end, 3)));
  for (const std::string& s : quals) q.qualifier += (q.qualifier.empty() ? "" : " ") + s;

  // --- is it a quantity? ---
  bool has_unit = unit_len > 0 || f.ratio;
  // A whole table cell: \t50左右\t, \t2\t.
  f.table_cell = pstart > 0 && t[pstart - 1] == '\t' &&
                 (after >= t.size() || t[after] == '\t' || t[after] == '\n' || t[after] == '\f');
  bool keep;
  if (f.fraction) {
    size_t ps;
    char32_t before = PrevCp(t, pstart, &ps);
    keep = f.cmp || before == U'的' || before == U'占' || f.table_cell;
  } else if (chinese) {
    keep = unit_len > 0 && (f.cmp || suffix_op.size());
  } else {
    keep = has_unit || f.cmp || f.table_cell;
  }
  if (!keep) return std::max(after, skip_run(i));

  f.count = f.unit_known && f.unit.count;
  f.currency = f.unit_known && f.unit.currency;
  f.time = f.unit_known && f.unit.time;
  f.dimensionless = f.unit_known && f.unit.dimensionless;
  q.span = {pstart, after};
  q.text = std::string(t.substr(pstart, after - pstart));
  f.list_size = static_cast<int>(values.size());
  for (size_t k = 0; k < values.size(); ++k) {
    Found g = f;
    g.q.value = values[k];
    g.list_index = static_cast<int>(k);
    FillSi(&g);
    out->push_back(std::move(g));
  }
  return std::max(after, i + 1);
}

// --- subjects, conditions, kinds -----------------------------------------


// Start of the clause that ends at pos (after the last boundary), bounded.
// A line break right before a comparator sign ends no clause: a comparator
// needs the subject before it (a scan's line "…导通电阻" then "≤35.0mohm*mm²"
// that layout left apart).
size_t ClauseStart(std::string_view t, size_t pos, size_t limit) {
  size_t p = pos;
  size_t floor = pos > limit ? pos - limit : 0;
  while (p > floor) {
    size_t s;
    char32_t cp = PrevCp(t, p, &s);
    if (IsBoundary(cp) && !(cp == U'\n' && p < t.size() && IsComparatorSign(CpAt(t, p)))) break;
    p = s;
  }
  while (p < pos && (static_cast<unsigned char>(t[p]) & 0xC0) == 0x80) ++p;
  return p;
}
size_t ClauseEnd(std::string_view t, size_t pos, size_t limit) {
  size_t p = pos;
  while (p < t.size() && p - pos < limit) {
    size_t l;
    char32_t cp = CpAt(t, p, &l);
    if (IsBoundary(cp)) break;
    p += l;
  }
  return p;
}

const RE2& ListMarkerRe() {
  static const RE2& re = CompileOrDie("list marker before a subject", R"(^(?:\d{1,2}[.．、]|[（(]\d{1,2}[）)])\s*)");
  return re;
}

std::string StripLeads(std::string s) {
  {
    re2::StringPiece in(s);
    if (RE2::Consume(&in, ListMarkerRe())) s = std::string(in.data(), in.size());
  }
  for (int guard = 0; guard < 4; ++guard) {
    bool changed = false;
    for (const std::string& w : Pat().leads)
      if (s.size() > w.size() && s.starts_with(w)) {
        s = s.substr(w.size());
        changed = true;
        break;
      } else if (s == w) {
        return "";
      }
    if (!changed) break;
  }
  return s;
}

std::string StripTail(std::string s) {
  for (int guard = 0; guard < 4; ++guard) {
    bool changed = false;
    for (std::string_view w : {"为", "是", "均", "应", "须", "需", "要", "在", "的", "达", "约", "按", "一般", "原则上", " "})
      if (s.size() > w.size() && s.ends_with(w)) {
        s.resize(s.size() - w.size());
        changed = true;
      }
    if (!changed) break;
  }
  return s;
}

// Text after a quantity up to its clause's end, cut at a stop word.
std::string AfterText(std::string_view t, size_t from, size_t end) {
  std::string s(t.substr(from, end - from));
  if (s.starts_with("的")) s = s.substr(3);
  size_t cut = s.size();
  for (const std::string& w : Pat().stops)
    if (size_t p = s.find(w); p != std::string::npos && p < cut) cut = p;
  s.resize(cut);
  return FirstChars(Trim(s), 20);
}

// A parenthesized unit at the end of a subject: 比重（%）, 线距（S）（μm）.
bool TakeUnitFromSubject(std::string* subject, Found* f) {
  std::string& s = *subject;
  size_t close;
  std::string_view open_s, close_s;
  if (s.ends_with("）")) {
    close = s.size() - 3;
    open_s = "（";
    close_s = "）";
  } else if (s.ends_with(")")) {
    close = s.size() - 1;
    open_s = "(";
    close_s = ")";
  } else {
    return false;
  }
  size_t open = s.rfind(open_s, close);
  if (open == std::string::npos) return false;
  std::string inner = Trim(std::string_view(s).substr(open + open_s.size(), close - open - open_s.size()));
  if (inner.empty()) return false;
  auto ui = ParseUnit(inner);
  if (!ui) return false;
  f->q.unit = inner;
  f->unit = *ui;
  f->unit_known = true;
  f->count = ui->count;
  f->currency = ui->currency;
  f->time = ui->time;
  f->dimensionless = ui->dimensionless;
  s.resize(open);
  return true;
}

// "（(（(功率" → "功率": opening brackets whose close is not in the subject.
std::string DropUnbalancedOpens(std::string s) {
  int open = 0, close = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '(' || s.compare(i, 3, "（") == 0) ++open;
    if (s[i] == ')' || s.compare(i, 3, "）") == 0) ++close;
  }
  while (open > close) {
    if (s.starts_with("(")) s.erase(0, 1);
    else if (s.starts_with("（")) s.erase(0, 3);
    else break;
    --open;
  }
  return s;
}

std::vector<std::string> SplitSlash(std::string_view s) {
  std::vector<std::string> parts;
  size_t b = 0;
  int depth = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 3, "（") == 0 || s[i] == '(') ++depth;
    if (s.compare(i, 3, "）") == 0 || s[i] == ')') --depth;
    if (s[i] == '/' && depth == 0) {
      parts.emplace_back(s.substr(b, i - b));
      b = i + 1;
    }
  }
  parts.emplace_back(s.substr(b));
  return parts;
}

bool Contains(std::string_view s, std::initializer_list<std::string_view> words) {
  for (auto w : words)
    if (s.find(w) != std::string_view::npos) return true;
  return false;
}

std::string GuessKind(std::string_view t, const Found& f) {
  const Quantity& q = f.q;
  std::string_view sentence = t.substr(q.sentence.begin, q.sentence.size());
  if (f.ratio || (f.fraction && Contains(f.base, {"投入", "投资", "经费", "资金"}))) return "funding";
  if (f.currency) {
    if (!q.condition.empty()) return "eligibility";
    return "funding";
  }
  if (!q.condition.empty() && Contains(q.condition, {"企业", "销售收入"})) return "eligibility";
  if (f.time && Contains(sentence, {"期限", "周期", "实施期"})) return "period";
  if (f.count && Contains(sentence, {"限报", "限推荐", "名额", "限额", "推荐数", "最多推荐"})) return "quota";
  if (f.count && (Contains(q.subject, {"申报项目总数"}) || Contains(q.text, {"申报", "推荐"}))) return "quota";
  // 承担…项目3项以上的企业: a count that qualifies an applicant.
  {
    std::string_view rest = t.substr(q.span.end, std::min<size_t>(t.size() - q.span.end, 9));
    if (rest.starts_with("的企业") || rest.starts_with("企业")) return "eligibility";
  }
  if (f.dimensionless && Contains(sentence, {"申报", "推荐"}) && q.op != "=") return "eligibility";
  if (f.unit_known && !f.count && !f.currency && !f.time && !f.dimensionless) return "target";
  return "other";
}

void Finish(std::string_view t, std::vector<Found>* found) {
  std::vector<Found>& v = *found;
  // Sentences.
  for (Found& f : v) {
    size_t b = f.q.span.begin, e = f.q.span.end;
    size_t floor = b > 600 ? b - 600 : 0;
    while (b > floor) {
      size_t s;
      char32_t cp = PrevCp(t, b, &s);
      if (IsSentenceEnd(cp)) break;
      b = s;
    }
    while (b < f.q.span.begin && (static_cast<unsigned char>(t[b]) & 0xC0) == 0x80) ++b;
    size_t cap = std::min(t.size(), e + 600);
    while (e < cap) {
      size_t l;
      char32_t cp = CpAt(t, e, &l);
      e += l;
      if (IsSentenceEnd(cp)) {
        if (cp == U'\n' || cp == U'\f') e -= l;
        break;
      }
    }
    f.q.sentence = {b, std::min(e, t.size())};
  }

  for (size_t k = 0; k < v.size(); ++k) {
    Found& f = v[k];
    Quantity& q = f.q;
    if (f.list_index > 0) continue;  // list members share the first one's context (below)
    size_t cs = ClauseStart(t, q.span.begin, 120);
    // The previous quantity in the same clause.
    Found* prev = nullptr;
    for (size_t j = k; j > 0; --j) {
      if (v[j - 1].dropped || v[j - 1].q.span.end > q.span.begin) continue;
      if (v[j - 1].q.span.end > cs) prev = &v[j - 1];
      break;
    }
    size_t bs = prev ? prev->q.span.end : cs;
    std::string before = Trim(t.substr(bs, q.span.begin - bs));
    // Condition written before the subject: 6英寸SiC衬底 穿透螺位错密度≤400cm⁻².
    if (prev && prev->list_size == 1 && !prev->cmp && f.cmp && (prev->q.op == "=" || prev->q.op == "between") &&
        !before.empty() &&
        prev->q.span.begin >= cs) {
      for (const std::string& h : Pat().heads) {
        size_t p = before.find(h);
        if (p == std::string::npos || p + h.size() >= before.size()) continue;
        // A range names its own measure (销售收入为5000万元—2亿元的企业比例不低于4%,
        // the comma lost): the condition starts with the clause.
        std::string lead = prev->q.op == "between" ? Trim(t.substr(cs, prev->q.span.begin - cs)) : "";
        std::string cond = lead + prev->q.text + before.substr(0, p + h.size());
        q.condition = q.condition.empty() ? cond : cond + " " + q.condition;
        before = before.substr(p + h.size());
        prev->dropped = true;
        break;
      }
    }
    before = StripTail(StripLeads(Trim(before)));
    // A guide code before a title (3102 40nm…) is no subject.
    if (std::all_of(before.begin(), before.end(), [](char c) { return IsAsciiDigit(c) || c == ' '; }))
      before.clear();
    // After: the noun a count counts (5个行业, 36000片/年的生产能力).
    size_t ce = ClauseEnd(t, q.span.end, 120);
    size_t as = q.span.end;
    for (size_t j = k + 1; j < v.size(); ++j) {
      if (v[j].q.span.begin == as) as = v[j].q.span.end;  // 12英寸40nm…
      else if (v[j].q.span.begin > as) break;
    }
    std::string after = as < ce ? AfterText(t, as, ce) : "";
    // Nothing before or after in the clause: the clause (cell) before a colon or a tab.
    if (before.empty() && after.empty() && !prev && cs > 0) {
      size_t s;
      char32_t b = PrevCp(t, cs, &s);
      if (b == U'：' || b == U'\t' || b == U':') {
        size_t cs2 = ClauseStart(t, s, 120);
        std::string cell = Trim(t.substr(cs2, s - cs2));
        if (b == U'\t') {
          bool numeric = !cell.empty();
          for (char c : cell) numeric &= IsAsciiDigit(c);
          if (numeric) cell.clear();
        }
        before = StripTail(StripLeads(cell));
      }
    }
    std::string subject;
    if ((f.count && !after.empty()) || before.empty()) subject = after;
    else subject = before;
    subject = LastChars(subject, 30);
    // A unit in the subject: 比重（%）, 线宽（L）/线距（S）（μm）.
    if (q.unit.empty() && !f.ratio && !f.fraction) {
      if (TakeUnitFromSubject(&subject, &f)) f.unit_from_text = true;
    }
    subject = DropUnbalancedOpens(Trim(subject));
    // A volume subject (设计舱容>170000ms): a unit beginning with m that is
    // no volume is m³ with its ³ lost or misread (schemas/quantity_patterns.tsv).
    if (f.list_size == 1 && !f.count && !f.currency && q.unit.starts_with("m") &&
        !(f.unit_known && f.unit.si_unit == "m3") &&
        std::any_of(Pat().volume.begin(), Pat().volume.end(),
                    [&](const std::string& w) { return subject.ends_with(w); })) {
      if (auto ui = ParseUnit("m³")) {
        q.unit = "m³";
        f.unit = *ui;
        f.unit_known = true;
      }
    }
    // Lists share everything but the value; a subject with as many parts
    // separated by '/' gives each its own.
    std::vector<std::string> parts = f.list_size > 1 ? SplitSlash(subject) : std::vector<std::string>{};
    for (int m = 0; m < f.list_size; ++m) {
      Found& g = v[k + m];
      if (m > 0) {
        g.q.condition = q.condition;
        g.q.unit = q.unit;
        g.unit = f.unit;
        g.unit_known = f.unit_known;
        g.count = f.count;
        g.currency = f.currency;
        g.time = f.time;
        g.dimensionless = f.dimensionless;
      }
      g.q.subject = static_cast<int>(parts.size()) == f.list_size ? Trim(parts[m]) : subject;
      FillSi(&g);
    }
  }
  // Tiers: 销售收入为5000万元以下企业，比例不低于5% — the first clause is the
  // condition of the quantity in the next.
  for (size_t k = 0; k + 1 < v.size(); ++k) {
    Found& a = v[k];
    Found& b = v[k + 1];
    if (a.dropped || a.list_size > 1 || !b.cmp) continue;
    size_t ce = ClauseEnd(t, a.q.span.end, 40);
    std::string tail(t.substr(a.q.span.end, ce - a.q.span.end));
    if (tail.starts_with("的")) tail = tail.substr(3);
    if (tail != "企业" && tail != "单位" && tail != "项目") continue;
    if (ce >= t.size() || CpAt(t, ce) != U'，') continue;
    size_t next_cs = ce + 3;
    if (b.q.span.begin < next_cs || ClauseStart(t, b.q.span.begin, 120) != next_cs) continue;
    size_t cs = ClauseStart(t, a.q.span.begin, 120);
    std::string cond = Trim(t.substr(cs, ce - cs));
    b.q.condition = b.q.condition.empty() ? cond : cond + " " + b.q.condition;
    a.dropped = true;
  }
  // 不少于5个行业、20个企业: the comparator carries over a list with 、.
  for (size_t k = 1; k < v.size(); ++k) {
    Found& a = v[k - 1];
    Found& b = v[k];
    if (b.cmp || a.dropped || !a.prefix_cmp) continue;
    if (b.q.span.begin < a.q.span.end + 3 || b.q.span.begin - a.q.span.end > 30 ||
        t.compare(b.q.span.begin - 3, 3, "、") != 0 ||
        ClauseStart(t, b.q.span.begin - 3, 30) > a.q.span.end)
      continue;
    if (a.count != b.count || a.q.unit.empty() != b.q.unit.empty()) continue;
    b.q.op = a.q.op;
    b.cmp = true;
  }
  for (Found& f : v) f.q.kind = GuessKind(t, f);
}

}  // namespace

std::vector<Quantity> FindQuantities(std::string_view t) {
  std::vector<DateMatch> dates = FindDates(t);
  std::vector<Found> found;
  size_t d = 0;
  for (size_t i = 0; i < t.size();) {
    while (d < dates.size() && dates[d].span.end <= i) ++d;
    if (d < dates.size() && i >= dates[d].span.begin) {
      i = dates[d].span.end;
      continue;
    }
    unsigned char c = static_cast<unsigned char>(t[i]);
    if (c < 0x80) {
      if (IsAsciiDigit(static_cast<char>(c))) {
        size_t next = TryAt(t, i, false, &found);
        i = next;
      } else {
        ++i;
      }
      continue;
    }
    size_t len;
    char32_t cp = CpAt(t, i, &len);
    if (len == 0) len = 1;
    if (cp >= U'０' && cp <= U'９') {
      i = TryAt(t, i, false, &found);
    } else if (IsCnNumeral(cp)) {
      i = TryAt(t, i, true, &found);
    } else {
      i += len;
    }
  }
  // Drop quantities that overlap a date (a range reaching into one).
  Finish(t, &found);
  std::vector<Quantity> out;
  out.reserve(found.size());
  for (Found& f : found)
    if (!f.dropped) out.push_back(std::move(f.q));
  return out;
}

void ExtractQuantities(Document* doc) {
  doc->quantities = FindQuantities(doc->text);
  const bool plan = doc->title.find("规划") != std::string::npos ||
                    doc->forwarded_title.find("规划") != std::string::npos;
  for (Quantity& q : doc->quantities) {
    for (const GuideItem& g : doc->guide_items)
      if (q.span.begin >= g.span.begin && q.span.end <= g.span.end) {
        q.code = g.code;
        q.kind = "target";
        break;
      }
    if (!q.code.empty()) continue;
    bool in_table = false;
    for (const Table& tb : doc->tables) {
      if (q.span.begin < tb.span.begin || q.span.end > tb.span.end) continue;
      in_table = true;
      std::string header;
      if (!tb.rows.empty())
        for (const auto& cell : tb.rows[0]) header += cell + "\t";
      if (tb.caption.find("目标") != std::string::npos || tb.caption.find("指标") != std::string::npos)
        q.kind = "plan";
      else if (header.find("推荐数") != std::string::npos || header.find("名额") != std::string::npos ||
               tb.caption.find("名额") != std::string::npos)
        q.kind = "quota";
    }
    if (plan && !in_table && (q.kind == "other" || q.kind == "target")) q.kind = "plan";
  }
}

std::string DumpQuantity(const Quantity& q) {
  std::string s = q.subject + " " + q.op + " " + Num(q.value);
  if (q.value_max) s += ".." + Num(*q.value_max);
  if (!q.unit.empty()) s += " " + q.unit;
  if (!q.tolerance.empty()) s += " ±" + q.tolerance;
  if (q.si) {
    s += " [" + Num(*q.si);
    if (q.si_max) s += ".." + Num(*q.si_max);
    s += " " + q.si_unit + "]";
  }
  if (!q.condition.empty()) s += " {" + q.condition + "}";
  if (!q.qualifier.empty()) s += " (" + q.qualifier + ")";
  s += " <" + q.kind + ">";
  return s;
}

}  // namespace gongwen
