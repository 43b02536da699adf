#include "extractors/forms_values.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>

#include <fmt/format.h>

#include "extractors/cn_number.h"
#include "extractors/dates.h"
#include "pipeline/embedded.h"
#include "pipeline/normalize.h"
#include "pipeline/regex.h"

namespace gongwen {

namespace {

bool IsSpace(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000 || c == 0xA0; }

const std::map<char32_t, CheckState>& GlyphTable() {
  static const auto* table = [] {
    auto* m = new std::map<char32_t, CheckState>();
    std::string_view tsv = EmbeddedSchema("forms/checkbox_glyphs.tsv");
    size_t pos = 0;
    while (pos < tsv.size()) {
      size_t nl = tsv.find('\n', pos);
      if (nl == std::string_view::npos) nl = tsv.size();
      std::string_view line = tsv.substr(pos, nl - pos);
      pos = nl + 1;
      if (line.empty() || line[0] == '#') continue;
      size_t t1 = line.find('\t');
      if (t1 == std::string_view::npos) continue;
      size_t t2 = line.find('\t', t1 + 1);
      size_t t3 = line.find('\t', t2 + 1);
      std::string_view cp = line.substr(t1 + 1, t2 - t1 - 1);
      std::string_view state = line.substr(t2 + 1, t3 == std::string_view::npos ? std::string_view::npos : t3 - t2 - 1);
      if (!cp.starts_with("U+")) continue;
      char32_t c = static_cast<char32_t>(std::strtoul(std::string(cp.substr(2)).c_str(), nullptr, 16));
      (*m)[c] = state == "on" ? CheckState::kOn : CheckState::kOff;
    }
    return m;
  }();
  return *table;
}

bool IsTickMark(char32_t c) { return c == U'√' || c == U'✓' || c == U'✔'; }

std::string StripSpaces(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != ' ') out += c;
  return out;
}

// The number in `s` with its unit factor applied: money in CNY (or USD).
std::optional<double> ParseMoney(std::string_view s, double default_factor) {
  std::string t = StripSpaces(s);
  auto m = MatchNumberAt(t, 0);
  if (!m) return std::nullopt;
  std::string_view num = std::string_view(t).substr(0, m->length);
  std::string_view rest = std::string_view(t).substr(m->length);
  const bool multiplied = num.find("万") != std::string_view::npos || num.find("亿") != std::string_view::npos;
  if (rest.empty()) return multiplied ? m->value : m->value * default_factor;
  if (rest == "元" || rest == "美元" || rest == "元整") return m->value;
  return std::nullopt;
}

std::optional<double> ParseCount(std::string_view s) {
  static const RE2& unit = CompileOrDie("form count unit", R"((家|个|件|项|人|名|所|座|家企业|户)$)");
  std::string t = StripSpaces(s);
  re2::StringPiece sp(t);
  std::string stripped = t;
  if (RE2::PartialMatch(sp, unit)) RE2::Replace(&stripped, unit, "");
  auto v = ParseNumber(stripped);
  return v;
}

std::optional<std::string> NormalizePhone(std::string_view one) {
  static const RE2& mobile = CompileOrDie("form mobile", R"((?:\+?86-?)?(1[3-9]\d{9}))");
  static const RE2& land = CompileOrDie("form landline", R"((0\d{2,3})-?(\d{7,8})(?:(?:-|转)(\d{1,6}))?)");
  static const RE2& local = CompileOrDie("form local phone", R"(\d{7,8})");
  std::string t;
  for (char c : one)
    if (c != ' ') t += c;
  // (0512)68881234 → 0512-68881234
  if (t.starts_with("(")) {
    size_t close = t.find(')');
    if (close != std::string::npos) t = t.substr(1, close - 1) + "-" + t.substr(close + 1);
  }
  std::string a, b, c;
  std::string undashed;
  for (char ch : t)
    if (ch != '-') undashed += ch;
  if (RE2::FullMatch(undashed, mobile, &a)) return a;  // 139-1234-5678
  if (RE2::FullMatch(t, land, &a, &b, &c)) {
    // Without a '-': 010 and 02x are 3-digit area codes, the others 4.
    if (t.find('-') == std::string::npos || t.find('-') > 4) {
      std::string digits = a + b;
      size_t area = (digits.starts_with("010") || digits.starts_with("02")) ? 3 : 4;
      a = digits.substr(0, area);
      b = digits.substr(area);
      if (b.size() < 7 || b.size() > 8) return std::nullopt;
    }
    return a + "-" + b + (c.empty() ? "" : "-" + c);
  }
  if (RE2::FullMatch(t, local)) return t;
  return std::nullopt;
}

}  // namespace

int EditDistance(std::u32string_view a, std::u32string_view b, int cap) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (std::abs(n - m) > cap) return cap + 1;
  std::vector<int> prev(m + 1), cur(m + 1);
  for (int j = 0; j <= m; ++j) prev[j] = j;
  for (int i = 1; i <= n; ++i) {
    cur[0] = i;
    int best = cur[0];
    for (int j = 1; j <= m; ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      best = std::min(best, cur[j]);
    }
    if (best > cap) return cap + 1;
    std::swap(prev, cur);
  }
  return std::min(prev[m], cap + 1);
}

std::string CleanFormText(std::string_view raw) {
  std::u32string in = ToU32(FoldText(raw));
  std::u32string out;
  for (size_t i = 0; i < in.size();) {
    if (!IsSpace(in[i])) {
      out += in[i++];
      continue;
    }
    bool newline = false;
    size_t j = i;
    while (j < in.size() && IsSpace(in[j])) newline |= in[j] == '\n' || in[j] == '\r', ++j;
    if (!out.empty() && j < in.size()) {
      // A line break between CJK characters is a wrapped line: no space; nor
      // is there one between CJK and a Latin letter or digit (一种 MEMS).
      const bool cjk_a = IsCjk(out.back()), cjk_b = IsCjk(in[j]);
      const bool alnum_a = out.back() < 128 && std::isalnum(static_cast<int>(out.back()));
      const bool alnum_b = in[j] < 128 && std::isalnum(static_cast<int>(in[j]));
      if (newline && cjk_a && cjk_b) {
      } else if ((cjk_a && alnum_b) || (alnum_a && cjk_b)) {
      } else {
        out += ' ';
      }
    }
    i = j;
  }
  // A double quotation mark left at either end without its pair (OCR noise: 黄平”).
  size_t quotes = 0;
  for (char32_t c : out) quotes += c == U'“' || c == U'”' || c == '"';
  auto is_quote = [](char32_t c) { return c == U'“' || c == U'”' || c == '"'; };
  if (quotes % 2 == 1) {
    if (!out.empty() && is_quote(out.back())) out.pop_back();
    else if (!out.empty() && is_quote(out.front())) out.erase(out.begin());
  }
  // A speck OCR read as one mark set apart by a space at the end of a line
  // of CJK text (产业化 ，, 影响力。 了, 光伏储能 本): a punctuation mark, or
  // a lone character after a full stop or after four CJK characters (a
  // two-character name spaced out, 王 五, stays).
  if (out.size() >= 3 && out[out.size() - 2] == ' ' && IsCjk(out[out.size() - 3])) {
    static const std::u32string kMarks = U"，、,;；:：。.";
    const char32_t last = out.back();
    bool speck = kMarks.find(last) != std::u32string::npos;
    if (!speck && IsCjk(last)) {
      size_t run = 0;
      while (run + 3 <= out.size() && IsCjk(out[out.size() - 3 - run])) ++run;
      speck = out[out.size() - 3] == U'。' || run >= 4;
    }
    if (speck) out.resize(out.size() - 2);
  }
  // Placeholders of blank forms.
  bool placeholder = !out.empty();
  for (char32_t c : out)
    if (c != U'…' && c != U'—' && c != '-' && c != '/' && c != U'／' && c != '_' && c != ' ' && c != '.') placeholder = false;
  if (placeholder) return "";
  return FromU32(out);
}

std::string FormatFormNumber(double v) {
  if (std::isfinite(v) && std::fabs(v) < 1e15 && v == std::round(v)) return fmt::format("{}", static_cast<long long>(v));
  return fmt::format("{:.12g}", v);
}

CheckState GlyphState(char32_t cp) {
  const auto& t = GlyphTable();
  auto it = t.find(cp);
  return it == t.end() ? CheckState::kNone : it->second;
}

namespace {

// What OCR makes of digits in a number: O for 0, l for 1, S for 5 …, and a
// full stop 。 for the decimal point.
std::string OcrDigits(std::string_view raw) {
  std::string out;
  std::u32string u = ToU32(raw);
  for (size_t i = 0; i < u.size(); ++i) {
    char32_t c = u[i];
    switch (c) {
      case 'O': case 'o': case 'Q': case 'D': c = '0'; break;
      case 'l': case 'I': case 'i': case '|': c = '1'; break;
      case 'Z': case 'z': c = '2'; break;
      case 'S': case 's': c = '5'; break;
      case 'B': c = '8'; break;
      case 'g': c = '9'; break;
      case U'了': c = '7'; break;  // the shapes of 7 and 1 in a serif face
      case U'工': c = '1'; break;
      case U'。': c = '.'; break;
      default: break;
    }
    AppendUtf8(c, &out);
  }
  while (!out.empty() && (out.back() == '.' || out.back() == ' ' || out.back() == '\n')) out.pop_back();
  // 11.8 read as 11:8
  for (size_t k = 1; k + 1 < out.size(); ++k)
    if (out[k] == ':' && std::isdigit(static_cast<unsigned char>(out[k - 1])) &&
        std::isdigit(static_cast<unsigned char>(out[k + 1])))
      out[k] = '.';
  // 5.2% read as 5.2%0, 5.2%6 or 5.2%% (the sign's lower circle seen again)
  if (size_t pct = out.find('%'); pct != std::string::npos && pct + 1 < out.size() &&
                                   out.find_first_not_of("0123456789%", pct + 1) == std::string::npos)
    out.resize(pct + 1);
  return out;
}

NormalizedValue NormalizeOnce(FormValueType type, std::string_view raw);

}  // namespace

NormalizedValue NormalizeFormValue(FormValueType type, std::string_view raw) {
  NormalizedValue v = NormalizeOnce(type, raw);
  if (v.error_kind.empty() || type == FormValueType::kEmail || type == FormValueType::kText || IsChoice(type))
    return v;
  // A number OCR misread: its letters read as the digits they look like.
  const std::string folded = OcrDigits(raw);
  if (folded != raw) {
    NormalizedValue w = NormalizeOnce(type, folded);
    if (w.error_kind.empty()) return w;
  }
  // A number with one stray mark after it, a speck or a box's rest (29本,
  // 935加): the number without it (约1200 is still not a number). Not in a
  // percentage, where the mark is more often the sign and a digit garbled
  // together (33.1% as 33民).
  std::u32string u = ToU32(CleanFormText(folded));
  if (u.size() >= 3 && type != FormValueType::kPercent) {
    auto digit = [](char32_t c) { return c >= U'0' && c <= U'9'; };
    const char32_t c = u.back();
    if (!digit(c) && digit(u[u.size() - 2]) && std::u32string_view(U"万亿元%").find(c) == std::u32string_view::npos) {
      NormalizedValue w = NormalizeOnce(type, FromU32(u.substr(0, u.size() - 1)));
      if (w.error_kind.empty()) return w;
    }
  }
  return v;
}

namespace {
// A number OCR read with a speck set apart by a space (21 3, 1 39, 24002 1):
// the number alone. Groups of thousands (1 200 000) stay, and so do units
// (300 万元).
std::string DropSpeckGroups(const std::string& text) {
  std::vector<std::u32string> groups;
  std::u32string u = ToU32(text);
  for (size_t a = 0; a < u.size();) {
    size_t b = u.find(U' ', a);
    if (b == std::u32string::npos) b = u.size();
    if (b > a) groups.push_back(u.substr(a, b - a));
    a = b + 1;
  }
  if (groups.size() < 2) return text;
  auto digits = [](const std::u32string& g) {
    for (char32_t c : g)
      if (c < U'0' || c > U'9') return false;
    return !g.empty();
  };
  bool thousands = digits(groups[0]) && groups[0].size() <= 3;
  for (size_t k = 1; k < groups.size(); ++k) thousands = thousands && digits(groups[k]) && groups[k].size() == 3;
  if (thousands) return text;
  std::vector<std::u32string> kept;
  for (const auto& g : groups) {
    const bool speck = g.size() == 1 && std::u32string_view(U"万亿元%个件项家人名所座户").find(g[0]) == std::u32string_view::npos;
    if (!speck) kept.push_back(g);
  }
  if (kept.size() != 1 || !digits(kept[0].substr(0, 1))) return text;
  return FromU32(kept[0]);
}

NormalizedValue NormalizeOnce(FormValueType type, std::string_view raw) {
  NormalizedValue out;
  std::string text = CleanFormText(raw);
  if (text.empty()) return out;
  if (type != FormValueType::kText && type != FormValueType::kEmail && type != FormValueType::kPhone &&
      type != FormValueType::kDate && !IsChoice(type))
    text = DropSpeckGroups(text);
  auto fail = [&](const char* kind, const std::string& why) {
    out.value.clear();
    out.number.reset();
    out.error_kind = kind;
    out.error = why;
    return out;
  };
  auto number = [&](std::optional<double> v, const char* what) {
    if (!v || !std::isfinite(*v)) return fail("not_a_number", fmt::format("'{}' is not {}", text, what));
    out.number = *v;
    out.value = FormatFormNumber(*v);
    return out;
  };
  switch (type) {
    case FormValueType::kText:
    case FormValueType::kChoiceOne:
    case FormValueType::kChoiceMany:
      out.value = text;
      return out;
    case FormValueType::kInteger: {
      auto v = ParseCount(text);
      if (v && *v != std::round(*v)) v.reset();
      return number(v, "a whole number");
    }
    case FormValueType::kNumber:
      return number(ParseCount(text), "a number");
    case FormValueType::kMoneyWan:
      return number(ParseMoney(text, 1e4), "an amount (万元)");
    case FormValueType::kMoneyYi:
      return number(ParseMoney(text, 1e8), "an amount (亿元)");
    case FormValueType::kMoneyUsdWan:
      return number(ParseMoney(text, 1e4), "an amount (万美元)");
    case FormValueType::kPercent: {
      std::string t = StripSpaces(text);
      // The sign read as 9 (its upper circle) and a mark of its lower
      // circle after it: 0, 4 or 6, or the sign again with one of them
      // (55.8% as 55.890, 75.5% as 75.594, 1.5% as 1.59%4), where a
      // decimal digit is left before the 9. A 9 alone stays (75.59 may be
      // typed so), and so does a 9 before a sign that ends the text (75.59%).
      {
        static const RE2& sign_as_nine =
            CompileOrDie("form percent sign read as 9", R"((\d*\.\d+)9(?:[046]|%\d))");
        std::string kept;
        if (t.find('%') == std::string::npos || t.back() != '%' || t.size() < 2 ||
            !std::isdigit(static_cast<unsigned char>(t[t.size() - 2]))) {
          if (RE2::FullMatch(t, sign_as_nine, &kept)) t = kept + "%";
        }
      }
      auto v = ParseFraction(t);
      if (!v) {
        auto n = ParseNumber(t);
        if (n) v = *n / 100.0;
      }
      if (v) v = std::stod(fmt::format("{:.12g}", *v));
      return number(v, "a percentage");
    }
    case FormValueType::kDate: {
      static const RE2& numeric = CompileOrDie("form numeric date", R"((\d{4})[-./](\d{1,2})[-./](\d{1,2}))");
      int y = 0, m = 0, d = 0;
      std::optional<DateTime> dt;
      if (RE2::FullMatch(StripSpaces(text), numeric, &y, &m, &d)) {
        if (m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, m)) dt = DateTime{y, m, d};
      } else {
        dt = ParseDate(text);
      }
      if (!dt) return fail("bad_date", fmt::format("'{}' is not a date", text));
      out.value = dt->Iso();
      return out;
    }
    case FormValueType::kPhone: {
      static const RE2& sep = CompileOrDie("form phone separators", R"([,;，；、/]|\s{2,})");
      std::string t = text;
      RE2::GlobalReplace(&t, sep, ";");
      std::vector<std::string> phones;
      size_t start = 0;
      for (size_t i = 0; i <= t.size(); ++i) {
        if (i < t.size() && t[i] != ';') continue;
        std::string one = t.substr(start, i - start);
        start = i + 1;
        if (StripSpaces(one).empty()) continue;
        auto p = NormalizePhone(one);
        if (!p) return fail("bad_phone", fmt::format("'{}' is not a phone number", text));
        phones.push_back(*p);
      }
      for (size_t i = 0; i < phones.size(); ++i) out.value += (i ? ";" : "") + phones[i];
      return out;
    }
    case FormValueType::kEmail: {
      static const RE2& email = CompileOrDie("form e-mail", R"([A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,})");
      std::string t = StripSpaces(text);
      // A dot OCR lost between the labels of the domain (sina com).
      if (!RE2::FullMatch(t, email) && text.find('@') != std::string::npos &&
          text.find(' ', text.find('@')) != std::string::npos) {
        std::string dotted = text;
        for (size_t k = dotted.find('@'); k < dotted.size(); ++k)
          if (dotted[k] == ' ') dotted[k] = '.';
        if (RE2::FullMatch(dotted, email)) t = dotted;
      }
      if (!RE2::FullMatch(t, email)) return fail("bad_email", fmt::format("'{}' is not an e-mail address", text));
      out.value = t;
      return out;
    }
    case FormValueType::kPostcode: {
      static const RE2& code = CompileOrDie("form postcode", R"(\d{6})");
      std::string t = StripSpaces(text);
      if (!RE2::FullMatch(t, code)) return fail("bad_postcode", fmt::format("'{}' is not a postcode", text));
      out.value = t;
      return out;
    }
  }
  return out;
}

}  // namespace

ChoiceResult ParseChoice(std::string_view text, const std::vector<std::string>& options, bool single) {
  ChoiceResult r;
  // Options wrapped over lines in a narrow cell (骨干企\n业) are joined first.
  std::u32string t = ToU32(CleanFormText(text));
  std::vector<bool> used(t.size(), false);
  // Longest options first, so 其他 is not found inside 其他企业.
  std::vector<size_t> order(options.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::vector<std::u32string> opts;
  for (const auto& o : options) opts.push_back(ToU32(FoldText(o)));
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return opts[a].size() > opts[b].size(); });
  std::vector<CheckState> state(options.size(), CheckState::kNone);
  std::vector<bool> guessed(options.size(), false);  // state read from a character, not a glyph
  auto ends_option = [&](char32_t c) {
    for (const auto& o : opts)
      if (!o.empty() && o.back() == c) return true;
    return false;
  };
  // Where each option stands (npos: not found).
  std::vector<size_t> pos(options.size(), std::u32string::npos);
  for (size_t k : order) {
    const std::u32string& o = opts[k];
    if (o.empty()) continue;
    for (size_t p = t.find(o); p != std::u32string::npos; p = t.find(o, p + 1)) {
      bool free = true;
      for (size_t q = p; q < p + o.size(); ++q) free &= !used[q];
      if (free) { pos[k] = p; break; }
    }
    if (pos[k] == std::u32string::npos) continue;
    for (size_t q = pos[k]; q < pos[k] + o.size(); ++q) used[q] = true;
  }
  auto before = [&](size_t k) {  // index of the character before option k, spaces aside; npos if none
    size_t b = pos[k];
    while (b > 0 && IsSpace(t[b - 1])) --b;
    return b > 0 ? b - 1 : std::u32string::npos;
  };
  // Boxes in the cell: checkbox glyphs, or 口 (a scan's empty box as OCR
  // reads it) right before an option ...
  bool has_glyph = false;
  for (char32_t c : t) has_glyph |= GlyphState(c) != CheckState::kNone;
  for (size_t k = 0; k < options.size() && !has_glyph; ++k) {
    if (pos[k] == std::u32string::npos) continue;
    const size_t b = before(k);
    if (b == std::u32string::npos || used[b] || (t[b] != U'口' && t[b] != U'囗')) continue;
    // and itself after nothing, a space, a box or another option (出口 is a word)
    has_glyph = b == 0 || IsSpace(t[b - 1]) || used[b - 1] || GlyphState(t[b - 1]) != CheckState::kNone;
  }
  std::vector<bool> found(options.size(), false);
  for (size_t k = 0; k < options.size(); ++k) {
    if (pos[k] == std::u32string::npos) continue;
    found[k] = true;
    r.found_any_option = true;
    // The glyph before the option (spaces aside), and a tick right after it.
    const size_t b = before(k);
    if (b != std::u32string::npos) {
      CheckState s = GlyphState(t[b]);
      if (s == CheckState::kOff && b > 0 && GlyphState(t[b - 1]) == CheckState::kOn && IsTickMark(t[b - 1])) s = CheckState::kOn;
      // A scan's box that OCR read as a character, in a cell whose other
      // boxes were found: 口 is an empty box, any other lone character
      // before an option a ticked one (区是, 吕否).
      if (s == CheckState::kNone && has_glyph && !used[b] && !ends_option(t[b])) {
        if (t[b] == U'口' || t[b] == U'囗') s = CheckState::kOff;
        else if (IsCjk(t[b])) s = CheckState::kOn, guessed[k] = true;
      }
      state[k] = s;
    }
    const size_t e = pos[k] + opts[k].size();
    if (e < t.size() && IsTickMark(t[e])) state[k] = CheckState::kOn, guessed[k] = false;
  }
  // One box per option in the cell (a scan whose OCR garbled an option's
  // words): an option not found by its words takes the box of its rank.
  std::vector<CheckState> boxes;
  for (char32_t c : t)
    if (GlyphState(c) != CheckState::kNone && !IsTickMark(c)) boxes.push_back(GlyphState(c));
  if (boxes.size() == options.size())
    for (size_t k = 0; k < options.size(); ++k)
      if (state[k] == CheckState::kNone) state[k] = boxes[k];
  if (single) {
    // One choice: a box seen ticked outweighs a character taken for one
    // (已是☑否: 已 is the empty box misread) ...
    int on_glyph = 0, on_guess = 0, off = 0, none = 0;
    for (size_t k = 0; k < options.size(); ++k) {
      if (state[k] == CheckState::kOn) (guessed[k] ? on_guess : on_glyph) += 1;
      if (state[k] == CheckState::kOff) ++off;
      if (state[k] == CheckState::kNone) ++none;
    }
    if (on_glyph >= 1 && on_guess >= 1)
      for (size_t k = 0; k < options.size(); ++k)
        if (guessed[k]) state[k] = CheckState::kOff;
    // ... and when every other box is seen empty, the option whose box was
    // lost (OCR dropped it, or read it as part of the word before) is the
    // one ticked: the ink of a tick is what garbles a box.
    if (on_glyph + on_guess == 0 && none == 1 && off + 1 == static_cast<int>(options.size()))
      for (size_t k = 0; k < options.size(); ++k)
        if (state[k] == CheckState::kNone && found[k]) state[k] = CheckState::kOn, r.confidence = 0.7f;
  }
  for (size_t k = 0; k < options.size(); ++k) {
    if (state[k] != CheckState::kNone) ++r.boxes;
    if (state[k] == CheckState::kOn) r.ticked.push_back(options[k]);
  }
  if (r.boxes == 0) {
    // No boxes at all: an option written alone is the choice ("国内领先").
    int n = 0;
    size_t which = 0;
    for (size_t k = 0; k < options.size(); ++k)
      if (found[k]) ++n, which = k;
    if (n == 1) {
      r.ticked.push_back(options[which]);
      r.confidence = 0.8f;
    }
  }
  return r;
}

}  // namespace gongwen
