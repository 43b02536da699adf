#include "extractors/units.h"

#include <udunits2.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "pipeline/embedded.h"

namespace gongwen {
namespace {

enum class AliasClass { kUnit, kCount, kSymbol };

struct Alias {
  std::string written;
  std::string meaning;  // UDUNITS-2 expression
  AliasClass cls = AliasClass::kUnit;
};

// The alias table, indexed by first byte, longest written form first.
class AliasTable {
 public:
  AliasTable() {
    for (const auto& row : EmbeddedTsv("units.tsv")) {
      if (row.size() < 2 || row[0].empty()) continue;
      Alias a;
      a.written = std::string(row[0]);
      a.meaning = std::string(row[1]);
      std::string_view cls = row.size() > 2 ? row[2] : "unit";
      a.cls = cls == "count" ? AliasClass::kCount : cls == "symbol" ? AliasClass::kSymbol : AliasClass::kUnit;
      by_first_[static_cast<unsigned char>(a.written[0])].push_back(aliases_.size());
      exact_[a.written] = aliases_.size();
      aliases_.push_back(std::move(a));
    }
    for (auto& v : by_first_)
      std::stable_sort(v.begin(), v.end(), [&](size_t x, size_t y) {
        return aliases_[x].written.size() > aliases_[y].written.size();
      });
  }

  // The longest alias at text[pos], or nullptr.
  const Alias* Longest(std::string_view text, size_t pos) const {
    if (pos >= text.size()) return nullptr;
    for (size_t i : by_first_[static_cast<unsigned char>(text[pos])]) {
      const Alias& a = aliases_[i];
      if (text.compare(pos, a.written.size(), a.written) == 0) return &a;
    }
    return nullptr;
  }
  const Alias* Exact(std::string_view w) const {
    auto it = exact_.find(std::string(w));
    return it == exact_.end() ? nullptr : &aliases_[it->second];
  }

 private:
  std::vector<Alias> aliases_;
  std::vector<size_t> by_first_[256];
  std::unordered_map<std::string, size_t> exact_;
};

const AliasTable& Aliases() {
  static const AliasTable* t = new AliasTable();
  return *t;
}

// UDUNITS-2's unit system with gongwen's base units, read once.
ut_system* System() {
  static ut_system* sys = [] {
    ut_set_error_message_handler(ut_ignore);
    ut_system* s = ut_read_xml(nullptr);
    if (!s) return s;
    // bit: UDUNITS-2 makes it dimensionless (1), which would make Gbps a
    // frequency. Replace it with a base unit of its own.
    ut_unmap_name_to_unit(s, "bit", UT_ASCII);
    ut_unmap_symbol_to_unit(s, "bit", UT_ASCII);
    for (const char* name : {"CNY", "gate", "bit"}) {
      ut_unit* u = ut_new_base_unit(s);
      ut_map_name_to_unit(name, UT_ASCII, u);
      ut_map_unit_to_name(u, name, UT_ASCII);
      ut_map_symbol_to_unit(name, UT_ASCII, u);  // ut_format writes symbols
      ut_map_unit_to_symbol(u, name, UT_ASCII);
      ut_free(u);
    }
    return s;
  }();
  return sys;
}

std::mutex& Mu() {
  static std::mutex* mu = new std::mutex;
  return *mu;
}

// --- tokenizing a written unit ---------------------------------------------

// Superscript characters: their ASCII form.
struct Sup {
  std::string_view utf8;
  char ascii;
};
constexpr Sup kSups[] = {{"⁰", '0'}, {"¹", '1'}, {"²", '2'}, {"³", '3'}, {"⁴", '4'}, {"⁵", '5'},
                         {"⁶", '6'}, {"⁷", '7'}, {"⁸", '8'}, {"⁹", '9'}, {"⁻", '-'}};

// Length of the superscript at text[pos] (0 if none), its ASCII in *c.
size_t SupAt(std::string_view text, size_t pos, char* c) {
  for (const Sup& s : kSups)
    if (text.compare(pos, s.utf8.size(), s.utf8) == 0) {
      *c = s.ascii;
      return s.utf8.size();
    }
  return 0;
}

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Length of a unit-symbol letter at text[pos]: ASCII letters, μ µ Ω °.
size_t SymbolLetterAt(std::string_view text, size_t pos) {
  if (pos >= text.size()) return 0;
  if (IsAsciiLetter(text[pos])) return 1;
  for (std::string_view s : {"μ", "µ", "Ω", "°"})
    if (text.compare(pos, s.size(), s) == 0) return s.size();
  return 0;
}

struct Term {
  std::string written;    // as written, cleaned
  std::string expr;       // UDUNITS-2 expression
  bool count = false;
  bool is_time = false;   // an alias of class unit whose meaning is a time
  size_t end = 0;         // byte after the term in the text
};

bool IsTimeMeaning(std::string_view m) {
  return m == "year" || m == "month" || m == "week" || m == "day" || m == "h" || m == "min" || m == "s";
}

// The term at text[pos]: an alias or a run of symbol letters, with an
// exponent. `length_unit_exponent_on_next_line`: see MatchUnitAt.
std::optional<Term> TermAt(std::string_view text, size_t pos) {
  const Alias* a = Aliases().Longest(text, pos);
  size_t run = 0;
  while (size_t n = SymbolLetterAt(text, pos + run)) run += n;
  Term t;
  size_t p;
  if (a && a->written.size() >= run) {
    if (a->cls != AliasClass::kCount && IsAsciiLetter(a->written.back()) &&
        SymbolLetterAt(text, pos + a->written.size()) > 0)
      return std::nullopt;  // "m" of "mx…": a symbol cut out of a longer word
    t.written = a->written;
    t.expr = "(" + a->meaning + ")";
    t.count = a->cls == AliasClass::kCount;
    t.is_time = IsTimeMeaning(a->meaning);
    p = pos + a->written.size();
  } else if (run > 0) {
    std::string_view w = text.substr(pos, run);
    if (run == 1) return std::nullopt;  // single letters only through the table
    t.written = std::string(w);
    t.expr = t.written;
    p = pos + run;
  } else {
    return std::nullopt;
  }
  // Exponent: superscripts, or ASCII "2" / "-2" right after a symbol, or an
  // exponent a PDF left on its own line after a length (mm\n2, cm\n\n-2).
  std::string exp;
  char c;
  while (size_t n = SupAt(text, p, &c)) {
    exp += c;
    p += n;
  }
  if (exp.empty() && IsAsciiLetter(t.written.back())) {
    size_t q = p;
    bool newline = false;
    if (t.written.back() == 'm') {
      while (q < text.size() && q - p < 8 && (text[q] == '\n' || text[q] == ' ' || text[q] == '\r' || text[q] == '\t')) {
        newline |= text[q] == '\n';
        ++q;
      }
      if (!newline) q = p;
    }
    size_t e = q;
    if (e < text.size() && text[e] == '-') ++e;
    if (e < text.size() && IsDigit(text[e]) && text[e] != '0' &&
        (e + 1 >= text.size() || (!IsDigit(text[e + 1]) && text[e + 1] != '.' && !IsAsciiLetter(text[e + 1])))) {
      exp = std::string(text.substr(q, e + 1 - q));
      p = e + 1;
    }
  }
  if (!exp.empty()) {
    if (exp == "-" || t.count) return std::nullopt;
    t.expr = "(" + t.expr + ")^" + exp;
    t.written += exp == "2" ? "²" : exp == "3" ? "³" : exp == "-2" ? "⁻²" : exp == "-3" ? "⁻³" : exp == "-1" ? "⁻¹" : exp;
  }
  t.end = p;
  return t;
}

// Connector at text[pos]: '/' → "/", '*' '·' '.' → ".", with its length.
size_t ConnectorAt(std::string_view text, size_t pos, char* op) {
  if (pos >= text.size()) return 0;
  if (text[pos] == '/') { *op = '/'; return 1; }
  if (text[pos] == '*' || text[pos] == '.') { *op = '.'; return 1; }
  if (text.compare(pos, 2, "·") == 0) { *op = '.'; return 2; }
  if (text.compare(pos, 3, "•") == 0) { *op = '.'; return 3; }
  return 0;
}

struct Parsed {
  std::vector<Term> terms;
  std::vector<char> ops;  // ops[i] joins terms[i] and terms[i+1]
  size_t end = 0;
};

// Reads terms joined by connectors starting at text[pos]. Every prefix that
// ends after a term is a candidate; returns them all (shortest first).
std::vector<Parsed> Candidates(std::string_view text, size_t pos) {
  std::vector<Parsed> out;
  Parsed cur;
  size_t p = pos;
  for (int guard = 0; guard < 8; ++guard) {
    auto t = TermAt(text, p);
    if (!t) break;
    p = t->end;
    cur.terms.push_back(std::move(*t));
    cur.end = p;
    out.push_back(cur);
    char op;
    // One space before a slash too, as OCR spaces a scan's 颗 / 年.
    const size_t space_before = p + 1 < text.size() && text[p] == ' ' && text[p + 1] == '/' ? 1 : 0;
    size_t n = ConnectorAt(text, p + space_before, &op);
    if (n == 0) break;
    n += space_before;
    // One space after a slash, as OCR reads a scan (颗/ 年), or a line
    // break (pA/ at a line's end, μm on the next).
    if (op == '/' && p + n < text.size() && (text[p + n] == ' ' || text[p + n] == '\n')) ++n;
    cur.ops.push_back(op);
    p += n;
  }
  return out;
}

// Calls into UDUNITS-2. REQUIRES: Mu() held.
std::optional<UnitInfo> Convert(const std::string& expr) {
  ut_system* sys = System();
  if (!sys) return std::nullopt;
  ut_unit* u = ut_parse(sys, expr.c_str(), UT_UTF8);
  if (!u) return std::nullopt;
  char buf[256];
  int n = ut_format(u, buf, sizeof buf, UT_ASCII | UT_DEFINITION);
  if (n < 0 || n >= static_cast<int>(sizeof buf)) {
    ut_free(u);
    return std::nullopt;
  }
  std::string def(buf, n);
  if (size_t at = def.find(" @ "); at != std::string::npos) def.resize(at);
  // "10000 m-2" → "m-2": drop a leading factor.
  std::string si = def;
  if (!si.empty() && (IsDigit(si[0]) || si[0] == '-' || si[0] == '.')) {
    size_t sp = si.find(' ');
    si = sp == std::string::npos ? "1" : si.substr(sp + 1);
  }
  ut_unit* base = ut_parse(sys, si.c_str(), UT_ASCII);
  std::optional<UnitInfo> out;
  if (base) {
    cv_converter* cv = ut_get_converter(u, base);
    if (cv) {
      UnitInfo info;
      info.si_unit = si;
      info.offset = cv_convert_double(cv, 0);
      info.scale = cv_convert_double(cv, 1) - info.offset;
      if (std::abs(info.offset) < 1e-12 * std::abs(info.scale)) info.offset = 0;
      cv_free(cv);
      info.currency = si == "CNY";
      info.time = si == "s";
      info.dimensionless = si == "1";
      if (std::isfinite(info.scale) && std::isfinite(info.offset)) out = info;
    }
    ut_free(base);
  }
  ut_free(u);
  return out;
}

// Understands a parsed unit. REQUIRES: Mu() held.
std::optional<UnitInfo> Understand(const Parsed& p) {
  // Measure words: "个", "片/年", "颗/年" are kept as they are; "ns/次"
  // converts the rest and keeps "/次".
  if (p.terms[0].count) {
    if (p.terms.size() == 1 || (p.terms.size() == 2 && p.ops[0] == '/' && p.terms[1].is_time)) {
      UnitInfo info;
      info.count = true;
      info.si_unit = p.terms[0].written;
      if (p.terms.size() == 2) info.si_unit += "/" + p.terms[1].written;
      return info;
    }
    return std::nullopt;
  }
  std::string expr, count_suffix;
  for (size_t i = 0; i < p.terms.size(); ++i) {
    if (p.terms[i].count) {
      if (i + 1 != p.terms.size() || p.ops[i - 1] != '/') return std::nullopt;
      count_suffix = "/" + p.terms[i].written;
      break;
    }
    if (i > 0) expr += p.ops[i - 1];
    expr += p.terms[i].expr;
  }
  if (!count_suffix.empty() && !expr.empty() && expr.back() == '/') expr.pop_back();
  auto info = Convert(expr);
  if (!info) return std::nullopt;
  if (!count_suffix.empty()) {
    info->si_unit += count_suffix;
    info->currency = info->time = info->dimensionless = false;
  }
  return info;
}

// Cache: written unit (exactly as in the text) → result.
std::unordered_map<std::string, std::optional<UnitInfo>>& Cache() {
  static auto* c = new std::unordered_map<std::string, std::optional<UnitInfo>>();
  return *c;
}

}  // namespace

size_t MatchUnitAt(std::string_view text, size_t pos, UnitInfo* info) {
  if (pos >= text.size()) return 0;
  // Fast reject: a unit starts with a letter, %, ‰, ℃, °, μ, or a CJK word of the table.
  unsigned char c0 = static_cast<unsigned char>(text[pos]);
  if (c0 < 0x80 && !IsAsciiLetter(text[pos]) && text[pos] != '%') return 0;
  std::vector<Parsed> cands = Candidates(text, pos);
  std::lock_guard<std::mutex> lock(Mu());
  for (auto it = cands.rbegin(); it != cands.rend(); ++it) {
    std::string key(text.substr(pos, it->end - pos));
    auto [entry, inserted] = Cache().try_emplace(key);
    if (inserted) {
      entry->second = Understand(*it);
      if (Cache().size() > 100000) {  // unbounded input cannot grow the cache forever
        auto keep = entry->second;
        Cache().clear();
        Cache()[key] = keep;
        entry = Cache().find(key);
      }
    }
    if (entry->second) {
      if (info) *info = *entry->second;
      return it->end - pos;
    }
  }
  return 0;
}

std::optional<UnitInfo> ParseUnit(std::string_view written) {
  UnitInfo info;
  size_t n = MatchUnitAt(written, 0, &info);
  if (n == 0 || n != written.size()) return std::nullopt;
  return info;
}

std::string CleanUnit(std::string_view written) {
  // Whitespace goes, except one space between two letters ("K gate").
  std::string out;
  for (size_t i = 0; i < written.size(); ++i) {
    char c = written[i];
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      bool keep = c == ' ' && !out.empty() && IsAsciiLetter(out.back()) && i + 1 < written.size() &&
                  IsAsciiLetter(written[i + 1]);
      if (keep) out += ' ';
      continue;
    }
    out += c;
  }
  return out;
}

bool IsMeasureWord(std::string_view word) {
  const Alias* a = Aliases().Exact(word);
  return a && a->cls == AliasClass::kCount;
}

}  // namespace gongwen
