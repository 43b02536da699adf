#include "pipeline/compare.h"

#include "pipeline/normalize.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>

#include <fmt/format.h>
#include <unicode/brkiter.h>
#include <unicode/unistr.h>

#include "pipeline/regex.h"

namespace gongwen::compare {
namespace {

// --- small text helpers ------------------------------------------------------

// Code points of a UTF-8 string, as byte offsets (one past the end included).
std::vector<size_t> CodePointOffsets(const std::string& s) {
  std::vector<size_t> out;
  out.reserve(s.size() / 2 + 1);
  for (size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) out.push_back(i);
  out.push_back(s.size());
  return out;
}


// Years written relative to the part's year, so that a yearly notice that
// only moved on by a year compares equal: with base 2023, "2023年度" and
// (base 2024) "2024年度" both read "{Y+0}年度".
std::string YearKey(std::string_view s, int base) {
  if (base <= 0) return RemoveSpaces(s);
  static const RE2& year = CompileOrDie("year in text", R"(((?:19|20)\d\d))");
  std::string out;
  re2::StringPiece in(s.data(), s.size()), m;
  const char* last = s.data();
  const char* const end = s.data() + s.size();
  auto next_is = [&](const char* p, std::string_view w) { return std::string_view(p, end - p).starts_with(w); };
  auto prev_is = [&](const char* p, std::string_view w) {
    return p - s.data() >= static_cast<ptrdiff_t>(w.size()) && std::string_view(p - w.size(), w.size()) == w;
  };
  while (RE2::FindAndConsume(&in, year, &m)) {
    const char* b = m.data();
    const char* e = m.data() + m.size();
    int y = std::stoi(std::string(m));
    bool digits = (b > s.data() && std::isdigit(static_cast<unsigned char>(b[-1]))) ||
                  (e < end && std::isdigit(static_cast<unsigned char>(*e)));
    // The year of a 文号 (〔2020〕135号) names a document, not a time.
    bool doc_number = prev_is(b, "〔") || prev_is(b, "﹝") || prev_is(b, "[") || prev_is(b, "［") ||
                      next_is(e, "〕") || next_is(e, "﹞") || next_is(e, "]") || next_is(e, "］");
    out.append(last, b - last);
    if (!digits && !doc_number && std::abs(y - base) <= 6)
      out += fmt::format("{{Y{:+d}}}", y - base);
    else
      out.append(b, m.size());
    last = e;
  }
  out.append(last, end - last);
  return RemoveSpaces(out);
}

std::string Num(double v) {
  if (std::fabs(v - std::round(v)) < 1e-9 && std::fabs(v) < 1e15) return fmt::format("{:.0f}", v);
  std::string s = fmt::format("{:.6g}", v);
  return s;
}

std::string RuleValue(const RuleRec& r) {
  std::string op = r.op == "<=" ? "≤" : r.op == ">=" ? "≥" : r.op == "=" ? "" : r.op;
  if (r.kind == "ratio") return op + Num(r.value) + ":" + Num(r.value2.value_or(0));
  if (r.kind == "share") {
    // 1/3 as written reads better than 0.333333.
    for (int d = 2; d <= 10; ++d)
      for (int n = 1; n < d; ++n)
        if (std::fabs(r.value - static_cast<double>(n) / d) < 1e-6) return op + fmt::format("{}/{}", n, d);
    return op + Num(r.value * 100) + "%";
  }
  return op + Num(r.value) + r.unit + (r.qualifier.empty() ? "" : " (" + r.qualifier + ")");
}

std::string IndicatorValue(const IndicatorRec& x) {
  std::string op = x.op == "<=" ? "≤" : x.op == ">=" ? "≥" : x.op == "=" ? "" : x.op;
  if (x.op == "between" || x.op == "~")
    return Num(x.value) + "~" + Num(x.value_max.value_or(x.value)) + x.unit;
  return op + Num(x.value) + x.unit;
}

std::string Cut(const std::string& s, size_t max_chars) {
  auto cp = CodePointOffsets(s);
  if (cp.size() - 1 <= max_chars) return s;
  return s.substr(0, cp[max_chars]) + "…";
}

bool Joint(const std::string& subject) {
  return subject.find("联合") != std::string::npos || subject.find("省地") != std::string::npos ||
         subject.find("省市") != std::string::npos;
}

bool CategoryCompatible(const std::string& a, const std::string& b) { return a.empty() || b.empty() || a == b; }

// Greedy alignment: pairs (i, j) with the best scores first, each index once.
// score(i, j) < 0 means "never pair".
template <typename ScoreFn>
std::vector<std::pair<int, int>> Align(size_t n, size_t m, ScoreFn score, std::vector<bool>* used_a,
                                       std::vector<bool>* used_b) {
  struct Cand {
    double s;
    int i, j;
  };
  std::vector<Cand> cands;
  for (size_t i = 0; i < n; ++i) {
    if ((*used_a)[i]) continue;
    for (size_t j = 0; j < m; ++j) {
      if ((*used_b)[j]) continue;
      double s = score(i, j);
      if (s >= 0) cands.push_back({s, static_cast<int>(i), static_cast<int>(j)});
    }
  }
  std::stable_sort(cands.begin(), cands.end(), [](const Cand& x, const Cand& y) {
    if (x.s != y.s) return x.s > y.s;
    if (x.i != y.i) return x.i < y.i;
    return x.j < y.j;
  });
  std::vector<std::pair<int, int>> out;
  for (const Cand& c : cands) {
    if ((*used_a)[c.i] || (*used_b)[c.j]) continue;
    (*used_a)[c.i] = (*used_b)[c.j] = true;
    out.push_back({c.i, c.j});
  }
  return out;
}

// --- loading -----------------------------------------------------------------

Source MakeSource(const PartMeta& m, const Stmt& q, int start_col, std::string text) {
  Source s;
  s.doc_id = m.ref.doc_id;
  s.file_name = m.file_name;
  s.year = m.year;
  s.start = q.Int(start_col);
  s.end = q.Int(start_col + 1);
  s.page = q.IsNull(start_col + 2) ? 0 : static_cast<int>(q.Int(start_col + 2));
  s.text = std::move(text);
  return s;
}

bool HasTable(Db& db, const char* name) {
  Stmt q(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  q.Bind(1, name);
  return q.Step();
}

Result<PartMeta> LoadMeta(Db& db, PartRef ref) {
  PartMeta m;
  m.ref = ref;
  Stmt d(db, "SELECT file_name, coalesce(title, ''), coalesce(programme, ''), coalesce(programme_part, ''), "
             "coalesce(year, 0), length(text) FROM documents WHERE id = ?");
  d.Bind(1, ref.doc_id);
  if (!d.Step()) return d.status().ok() ? Status::NotFound(fmt::format("document {}", ref.doc_id)) : d.status();
  m.file_name = d.Text(0);
  m.title = d.Text(1).empty() ? m.file_name : d.Text(1);
  m.programme = d.Text(2);
  m.part = d.Text(3);
  m.year = static_cast<int>(d.Int(4));
  m.char_end = d.Int(5);
  Stmt p(db, "SELECT programme, coalesce(part, ''), coalesce(year, 0), title, char_start, char_end "
             "FROM programme_parts WHERE doc_id = ? AND attachment = ?");
  p.Bind(1, ref.doc_id).Bind(2, ref.attachment);
  if (p.Step()) {
    m.programme = p.Text(0);
    m.part = p.Text(1);
    if (p.Int(2)) m.year = static_cast<int>(p.Int(2));
    if (ref.attachment) m.title = p.Text(3);
    m.char_start = p.Int(4);
    m.char_end = p.Int(5);
    return m;
  }
  if (!p.status().ok()) return p.status();
  if (ref.attachment == 0) return m;
  // An attachment that is not a programme part can still be compared.
  Stmt a(db, "SELECT title, char_start, char_end FROM attachments WHERE doc_id = ? AND n = ? AND char_start IS NOT NULL");
  a.Bind(1, ref.doc_id).Bind(2, ref.attachment);
  if (!a.Step())
    return a.status().ok() ? Status::NotFound(fmt::format("document {} has no 附件{} text", ref.doc_id, ref.attachment))
                           : a.status();
  m.title = a.Text(0);
  m.part.clear();
  m.char_start = a.Int(1);
  m.char_end = a.Int(2);
  return m;
}

}  // namespace

const char* ChangeName(Change c) {
  switch (c) {
    case Change::kUnchanged: return "unchanged";
    case Change::kChanged: return "changed";
    case Change::kAdded: return "added";
    case Change::kRemoved: return "removed";
    case Change::kTightened: return "tightened";
    case Change::kRelaxed: return "relaxed";
  }
  return "?";
}

double Similarity(const std::string& a, const std::string& b) {
  auto bigrams = [](const std::string& s) {
    std::string t = RemoveSpaces(s);
    auto cp = CodePointOffsets(t);
    std::multiset<std::string> out;
    for (size_t i = 0; i + 2 < cp.size(); ++i) out.insert(t.substr(cp[i], cp[i + 2] - cp[i]));
    if (out.empty() && !t.empty()) out.insert(t);
    return out;
  };
  auto x = bigrams(a), y = bigrams(b);
  if (x.empty() && y.empty()) return 1;
  if (x.empty() || y.empty()) return 0;
  size_t common = 0;
  for (auto it = x.begin(); it != x.end(); it = x.upper_bound(*it))
    common += std::min(x.count(*it), y.count(*it));
  return 2.0 * common / (x.size() + y.size());
}

std::vector<std::string> Sentences(const std::string& text) {
  std::vector<std::string> out;
  UErrorCode status = U_ZERO_ERROR;
  static thread_local std::unique_ptr<icu::BreakIterator> it(
      icu::BreakIterator::createSentenceInstance(icu::Locale::getChinese(), status));
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
  if (!it || U_FAILURE(status)) {
    out.push_back(RemoveSpaces(text));
    return out;
  }
  it->setText(u);
  int32_t start = it->first();
  for (int32_t end = it->next(); end != icu::BreakIterator::DONE; start = end, end = it->next()) {
    std::string s;
    u.tempSubStringBetween(start, end).toUTF8String(s);
    // Trimmed only: spaces inside may separate numbers ("1 2023"); callers compare RemoveSpaces(YearKey(s)).
    size_t b = s.find_first_not_of(" \t\r\n\f"), e = s.find_last_not_of(" \t\r\n\f");
    if (b != std::string::npos && !RemoveSpaces(s).empty()) out.push_back(s.substr(b, e - b + 1));
  }
  return out;
}

std::vector<SentenceEdit> DiffSentences(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  const size_t n = a.size(), m = b.size();
  std::vector<std::vector<uint32_t>> lcs(n + 1, std::vector<uint32_t>(m + 1, 0));
  for (size_t i = n; i-- > 0;)
    for (size_t j = m; j-- > 0;)
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  std::vector<SentenceEdit> out;
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) {
      out.push_back({'=', a[i]});
      ++i, ++j;
    } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
      out.push_back({'+', b[j++]});
    } else {
      out.push_back({'-', a[i++]});
    }
  }
  return out;
}

Result<PartData> LoadPart(Db& db, PartRef ref) {
  auto meta = LoadMeta(db, ref);
  if (!meta.ok()) return meta.status();
  PartData p;
  p.meta = meta.value();
  const PartMeta& m = p.meta;
  const int64_t lo = m.char_start, hi = m.char_end;
  auto range = [&](Stmt& q) { q.Bind(1, m.ref.doc_id).Bind(2, lo).Bind(3, hi); };

  // Rules: an attachment part has its own statement of them (part_rules).
  {
    Stmt q(db, ref.attachment
                   ? "SELECT r.kind, coalesce(r.subject, ''), coalesce(r.category, ''), r.op, r.value, r.value2, "
                     "coalesce(r.unit, ''), coalesce(r.qualifier, ''), r.text, r.char_start, r.char_end, r.page "
                     "FROM part_rules r JOIN programme_parts p ON p.id = r.part_id "
                     "WHERE p.doc_id = ?1 AND p.attachment = ?4 ORDER BY r.rowid"
                   : "SELECT kind, coalesce(subject, ''), coalesce(category, ''), op, value, value2, "
                     "coalesce(unit, ''), coalesce(qualifier, ''), text, char_start, char_end, page "
                     "FROM rules WHERE doc_id = ?1 AND char_start >= ?2 AND char_end <= ?3 ORDER BY id");
    range(q);
    if (ref.attachment) q.Bind(4, ref.attachment);
    while (q.Step()) {
      RuleRec r;
      r.kind = q.Text(0), r.subject = q.Text(1), r.category = q.Text(2), r.op = q.Text(3);
      r.value = q.Real(4);
      if (!q.IsNull(5)) r.value2 = q.Real(5);
      r.unit = q.Text(6), r.qualifier = q.Text(7);
      r.src = MakeSource(m, q, 9, q.Text(8));
      p.rules.push_back(std::move(r));
    }
    if (!q.status().ok()) return q.status();
  }
  {
    Stmt q(db, "SELECT x.region, x.max, coalesce(x.unit, ''), x.char_start, x.char_end, x.page, "
               "substr(d.text, x.char_start + 1, x.char_end - x.char_start) FROM quotas x "
               "JOIN documents d ON d.id = x.doc_id "
               "WHERE x.doc_id = ?1 AND x.char_start >= ?2 AND x.char_end <= ?3 ORDER BY x.rowid");
    range(q);
    while (q.Step()) {
      QuotaRec r{q.Text(0), q.Text(2), static_cast<int>(q.Int(1)), {}};
      r.src = MakeSource(m, q, 3, RemoveSpaces(q.Text(6)));
      p.quotas.push_back(std::move(r));
    }
    if (!q.status().ok()) return q.status();
  }
  {
    Stmt q(db, "SELECT x.what, x.at, x.char_start, x.char_end, x.page, "
               "substr(d.text, x.char_start + 1, x.char_end - x.char_start) FROM deadlines x "
               "JOIN documents d ON d.id = x.doc_id "
               "WHERE x.doc_id = ?1 AND x.char_start >= ?2 AND x.char_end <= ?3 ORDER BY x.rowid");
    range(q);
    while (q.Step()) {
      DeadlineRec r{q.Text(0), q.Text(1), {}};
      r.src = MakeSource(m, q, 2, r.what + " " + q.Text(5));
      p.deadlines.push_back(std::move(r));
    }
    if (!q.status().ok()) return q.status();
  }
  std::vector<std::pair<int64_t, int64_t>> cut;  // guide items and tables: not section text
  {
    Stmt q(db, "SELECT code, coalesce(title, ''), coalesce(category, ''), coalesce(research, ''), "
               "coalesce(targets, ''), coalesce(description, ''), char_start, char_end, page "
               "FROM guide_items WHERE doc_id = ?1 AND char_start >= ?2 AND char_end <= ?3 ORDER BY id");
    range(q);
    while (q.Step()) {
      ItemRec r{q.Text(0), q.Text(1), q.Text(2), q.Text(3), q.Text(4), q.Text(5), {}};
      r.src = MakeSource(m, q, 6, r.code + " " + r.title);
      cut.push_back({r.src.start, r.src.end});
      p.items.push_back(std::move(r));
    }
    if (!q.status().ok()) return q.status();
  }
  if (HasTable(db, "indicators")) {
    Stmt q(db, "SELECT code, coalesce(subject, ''), op, value, value_max, coalesce(unit, ''), "
               "coalesce(si_unit, ''), si_value, si_value_max, coalesce(condition, ''), text, "
               "char_start, char_end, page FROM indicators "
               "WHERE doc_id = ?1 AND code IS NOT NULL AND char_start >= ?2 AND char_end <= ?3 ORDER BY id");
    range(q);
    while (q.Step()) {
      IndicatorRec r;
      r.code = q.Text(0), r.subject = q.Text(1), r.op = q.Text(2), r.value = q.Real(3);
      if (!q.IsNull(4)) r.value_max = q.Real(4);
      r.unit = q.Text(5), r.si_unit = q.Text(6);
      if (!q.IsNull(7)) r.si_min = q.Real(7);
      if (!q.IsNull(8)) r.si_max = q.Real(8);
      r.condition = q.Text(9), r.text = q.Text(10);
      r.src = MakeSource(m, q, 11, r.text);
      p.indicators.push_back(std::move(r));
    }
    if (!q.status().ok()) return q.status();
  }
  {
    Stmt q(db, "SELECT char_start, char_end FROM doc_tables WHERE doc_id = ?1 AND char_start >= ?2 AND char_end <= ?3");
    range(q);
    while (q.Step()) cut.push_back({q.Int(0), q.Int(1)});
    if (!q.status().ok()) return q.status();
  }
  // Sections: each one's own text, up to its first child, without guide items and tables.
  {
    std::string text;
    {
      Stmt t(db, "SELECT text FROM documents WHERE id = ?");
      t.Bind(1, m.ref.doc_id);
      if (t.Step()) text = t.Text(0);
      if (!t.status().ok()) return t.status();
    }
    const auto cp = CodePointOffsets(text);
    auto slice = [&](int64_t a, int64_t b) {
      a = std::clamp<int64_t>(a, 0, cp.size() - 1);
      b = std::clamp<int64_t>(b, a, cp.size() - 1);
      return text.substr(cp[a], cp[b] - cp[a]);
    };
    struct S {
      int64_t id, parent;
      int attachment, level;
      std::string marker, heading;
      int64_t start, end;
      std::optional<int64_t> page;
    };
    std::vector<S> secs;
    Stmt q(db, "SELECT id, coalesce(parent_id, 0), attachment, level, marker, heading, char_start, char_end, page "
               "FROM sections WHERE doc_id = ?1 AND char_start >= ?2 AND char_end <= ?3 ORDER BY seq");
    range(q);
    while (q.Step())
      secs.push_back({q.Int(0), q.Int(1), static_cast<int>(q.Int(2)), static_cast<int>(q.Int(3)), q.Text(4),
                      q.Text(5), q.Int(6), q.Int(7),
                      q.IsNull(8) ? std::nullopt : std::optional<int64_t>(q.Int(8))});
    if (!q.status().ok()) return q.status();
    std::unordered_map<int64_t, size_t> index;
    for (size_t i = 0; i < secs.size(); ++i) index[secs[i].id] = i;
    std::sort(cut.begin(), cut.end());
    // The text before the first section (the preamble) is a section of its own.
    int64_t first = secs.empty() ? hi : secs.front().start;
    auto own = [&](int64_t a, int64_t b) {
      std::string out;
      int64_t pos = a;
      for (auto [cs, ce] : cut) {
        if (ce <= pos || cs >= b) continue;
        if (cs > pos) out += slice(pos, cs);
        pos = std::max(pos, ce);
      }
      if (pos < b) out += slice(pos, b);
      return out;
    };
    if (first > lo) {
      SectionRec r;
      r.key = r.heading = "(正文)";
      r.text = own(lo, first);
      r.src = Source{m.ref.doc_id, m.file_name, m.year, 0, lo, first, ""};
      p.sections.push_back(std::move(r));
    }
    for (size_t i = 0; i < secs.size(); ++i) {
      const S& s = secs[i];
      int64_t end = s.end;
      if (i + 1 < secs.size() && secs[i + 1].start > s.start && secs[i + 1].start < end) end = secs[i + 1].start;
      std::string key;
      for (int64_t at = s.id; at;) {
        auto it = index.find(at);
        if (it == index.end()) break;
        const S& x = secs[it->second];
        std::string piece;
        if (x.level == 0) {
          if (ref.attachment == 0) piece = x.marker;  // 附件1: only when the whole document is compared
        } else {
          piece = x.level <= 2 ? x.marker + RemoveSpaces(x.heading) : x.marker;
        }
        if (!piece.empty()) key = key.empty() ? piece : piece + "/" + key;
        at = x.parent;
      }
      SectionRec r;
      r.key = key.empty() ? "(正文)" : key;
      r.heading = s.marker + s.heading;
      r.text = own(s.start, end);
      r.src = Source{m.ref.doc_id, m.file_name, m.year, s.page ? static_cast<int>(*s.page) : 0, s.start, end, ""};
      p.sections.push_back(std::move(r));
    }
  }
  return p;
}

namespace {

// The rows for what alignment left unpaired: removed from a, added in b.
// `row_of(rec)` gives the row without its values; `value(rec, &row, old)`
// fills one side's value; `keep(rec)` leaves out records not worth a row.
template <typename Rec, typename RowOf, typename Value, typename Keep>
void AddUnpaired(const std::vector<Rec>& a, const std::vector<bool>& used_a, const std::vector<Rec>& b,
                 const std::vector<bool>& used_b, RowOf row_of, Value value, Keep keep, std::vector<Row>* rows) {
  for (size_t i = 0; i < a.size(); ++i) {
    if (used_a[i] || !keep(a[i])) continue;
    Row r = row_of(a[i]);
    value(a[i], &r, /*old=*/true);
    r.change = Change::kRemoved;
    r.a = a[i].src;
    rows->push_back(std::move(r));
  }
  for (size_t j = 0; j < b.size(); ++j) {
    if (used_b[j] || !keep(b[j])) continue;
    Row r = row_of(b[j]);
    value(b[j], &r, /*old=*/false);
    r.change = Change::kAdded;
    r.b = b[j].src;
    rows->push_back(std::move(r));
  }
}

template <typename Rec>
bool Always(const Rec&) { return true; }

// Sets the old or the new value (and number) of a row.
void SetSide(Row* r, bool old, std::string value, std::optional<double> num = std::nullopt) {
  (old ? r->old_value : r->new_value) = std::move(value);
  (old ? r->old_num : r->new_num) = num;
}

}  // namespace

Comparison Compare(const PartData& a, const PartData& b) {
  Comparison c;
  c.a = a.meta;
  c.b = b.meta;
  const int ya = a.meta.year, yb = b.meta.year;

  // --- rules -----------------------------------------------------------------
  {
    const auto& A = a.rules;
    const auto& B = b.rules;
    std::vector<bool> ua(A.size()), ub(B.size());
    auto same_value = [](const RuleRec& x, const RuleRec& y) {
      return x.op == y.op && std::fabs(x.value - y.value) < 1e-9 && x.value2 == y.value2 && x.unit == y.unit;
    };
    std::vector<std::pair<int, int>> pairs;
    // 1. the same rule, word for word; 2. the same subject; 3. similar subjects.
    auto exact = Align(A.size(), B.size(), [&](size_t i, size_t j) {
      const RuleRec &x = A[i], &y = B[j];
      return x.kind == y.kind && x.category == y.category && RemoveSpaces(x.subject) == RemoveSpaces(y.subject) &&
                     same_value(x, y)
                 ? 1.0
                 : -1.0;
    }, &ua, &ub);
    auto same_subject = Align(A.size(), B.size(), [&](size_t i, size_t j) {
      const RuleRec &x = A[i], &y = B[j];
      return x.kind == y.kind && CategoryCompatible(x.category, y.category) &&
                     RemoveSpaces(x.subject) == RemoveSpaces(y.subject) && x.unit == y.unit
                 ? (x.category == y.category ? 1.0 : 0.5)
                 : -1.0;
    }, &ua, &ub);
    auto similar = Align(A.size(), B.size(), [&](size_t i, size_t j) {
      const RuleRec &x = A[i], &y = B[j];
      if (x.kind != y.kind || x.unit != y.unit || !CategoryCompatible(x.category, y.category)) return -1.0;
      if (x.kind == "funding_cap" && Joint(x.subject) != Joint(y.subject)) return -1.0;
      double s = Similarity(x.subject, y.subject);
      return s >= 0.3 ? s : -1.0;
    }, &ua, &ub);
    for (auto* v : {&exact, &same_subject, &similar}) pairs.insert(pairs.end(), v->begin(), v->end());
    std::sort(pairs.begin(), pairs.end());
    auto base_row = [](const RuleRec& r) {
      Row row;
      row.section = "rules";
      row.kind = r.kind;
      row.category = r.category;
      row.key = r.subject;
      row.unit = r.unit;
      return row;
    };
    for (auto [i, j] : pairs) {
      const RuleRec &x = A[i], &y = B[j];
      Row row = base_row(y);
      if (row.category.empty()) row.category = x.category;
      row.old_value = RuleValue(x);
      row.new_value = RuleValue(y);
      row.old_num = x.value;
      row.new_num = y.value;
      row.a = x.src;
      row.b = y.src;
      if (same_value(x, y)) {
        row.change = Change::kUnchanged;
        if (x.qualifier != y.qualifier) {
          row.change = Change::kChanged;
          row.note = "qualifier";
        }
      } else {
        row.change = Change::kChanged;
        std::vector<std::string> what;
        if (x.op != y.op) what.push_back("comparator");
        if (x.value != y.value || x.value2 != y.value2) what.push_back("value");
        for (size_t k = 0; k < what.size(); ++k) row.note += (k ? ", " : "") + what[k];
      }
      if (RemoveSpaces(x.subject) != RemoveSpaces(y.subject))
        row.note += std::string(row.note.empty() ? "" : "; ") + "subject was " + x.subject;
      c.rows.push_back(std::move(row));
    }
    AddUnpaired(A, ua, B, ub, base_row,
                [](const RuleRec& x, Row* r, bool old) { SetSide(r, old, RuleValue(x), x.value); },
                Always<RuleRec>, &c.rows);
    static const std::map<std::string, int> order = {{"funding_cap", 0}, {"ratio", 1}, {"share", 2},
                                                     {"period", 3},      {"limit", 4}, {"count", 5}};
    std::stable_sort(c.rows.begin(), c.rows.end(), [](const Row& x, const Row& y) {
      auto ox = order.count(x.kind) ? order.at(x.kind) : 9, oy = order.count(y.kind) ? order.at(y.kind) : 9;
      if (ox != oy) return ox < oy;
      return x.category < y.category;
    });
  }

  // --- quotas ------------------------------------------------------------------
  {
    std::vector<bool> ua(a.quotas.size()), ub(b.quotas.size());
    auto pairs = Align(a.quotas.size(), b.quotas.size(), [&](size_t i, size_t j) {
      return RemoveSpaces(a.quotas[i].region) == RemoveSpaces(b.quotas[j].region) ? 1.0 : -1.0;
    }, &ua, &ub);
    std::sort(pairs.begin(), pairs.end());
    auto row_of = [](const QuotaRec& q) {
      Row r;
      r.section = "quotas";
      r.kind = "quota";
      r.key = q.region;
      r.unit = q.unit;
      return r;
    };
    for (auto [i, j] : pairs) {
      const QuotaRec &x = a.quotas[i], &y = b.quotas[j];
      Row r = row_of(y);
      r.old_value = std::to_string(x.max) + x.unit;
      r.new_value = std::to_string(y.max) + y.unit;
      r.old_num = x.max, r.new_num = y.max;
      r.change = x.max == y.max && x.unit == y.unit ? Change::kUnchanged : Change::kChanged;
      r.a = x.src, r.b = y.src;
      c.rows.push_back(std::move(r));
    }
    AddUnpaired(a.quotas, ua, b.quotas, ub, row_of,
                [](const QuotaRec& q, Row* r, bool old) { SetSide(r, old, std::to_string(q.max) + q.unit); },
                Always<QuotaRec>, &c.rows);
  }

  // --- deadlines -----------------------------------------------------------------
  {
    std::vector<bool> ua(a.deadlines.size()), ub(b.deadlines.size());
    auto pairs = Align(a.deadlines.size(), b.deadlines.size(), [&](size_t i, size_t j) {
      std::string x = YearKey(a.deadlines[i].what, ya), y = YearKey(b.deadlines[j].what, yb);
      if (x == y) return 2.0;
      double s = Similarity(x, y);
      return s >= 0.5 ? s : -1.0;
    }, &ua, &ub);
    std::sort(pairs.begin(), pairs.end());
    for (auto [i, j] : pairs) {
      const DeadlineRec &x = a.deadlines[i], &y = b.deadlines[j];
      Row r;
      r.section = "deadlines";
      r.kind = "deadline";
      r.key = y.what;
      r.old_value = x.at;
      r.new_value = y.at;
      r.change = x.at == y.at ? Change::kUnchanged : Change::kChanged;
      if (r.change == Change::kChanged) r.note = "moved";
      r.a = x.src, r.b = y.src;
      c.rows.push_back(std::move(r));
    }
    AddUnpaired(
        a.deadlines, ua, b.deadlines, ub,
        [](const DeadlineRec& d) { return Row{"deadlines", "deadline", "", d.what}; },
        [](const DeadlineRec& d, Row* r, bool old) { SetSide(r, old, d.at); }, Always<DeadlineRec>, &c.rows);
  }

  // --- guide items -------------------------------------------------------------
  std::map<std::string, std::string> code_map;  // old code → new code, for indicators
  {
    std::vector<bool> ua(a.items.size()), ub(b.items.size());
    auto by_code = Align(a.items.size(), b.items.size(), [&](size_t i, size_t j) {
      return a.items[i].code == b.items[j].code ? 1.0 : -1.0;
    }, &ua, &ub);
    auto by_title = Align(a.items.size(), b.items.size(), [&](size_t i, size_t j) {
      const ItemRec &x = a.items[i], &y = b.items[j];
      if (x.title.empty() || y.title.empty()) return -1.0;
      double s = Similarity(x.title, y.title);
      return s >= 0.6 ? s : -1.0;
    }, &ua, &ub);
    auto pairs = by_code;
    pairs.insert(pairs.end(), by_title.begin(), by_title.end());
    std::sort(pairs.begin(), pairs.end());
    for (auto [i, j] : pairs) {
      const ItemRec &x = a.items[i], &y = b.items[j];
      code_map[x.code] = y.code;
      Row r;
      r.section = "guide_items";
      r.kind = "item";
      r.category = y.category;
      r.key = y.code;
      r.old_value = x.code + " " + x.title;
      r.new_value = y.code + " " + y.title;
      std::vector<std::string> what;
      if (x.code != y.code) what.push_back("code");
      if (RemoveSpaces(x.title) != RemoveSpaces(y.title)) what.push_back("title");
      if (x.category != y.category) what.push_back("category");
      if (YearKey(x.research, ya) != YearKey(y.research, yb)) what.push_back("research");
      if (YearKey(x.targets, ya) != YearKey(y.targets, yb)) what.push_back("targets");
      if (YearKey(x.description, ya) != YearKey(y.description, yb)) what.push_back("description");
      r.change = what.empty() ? Change::kUnchanged : Change::kChanged;
      for (size_t k = 0; k < what.size(); ++k) r.note += (k ? ", " : "") + what[k];
      r.a = x.src, r.b = y.src;
      c.rows.push_back(std::move(r));
    }
    AddUnpaired(
        a.items, ua, b.items, ub, [](const ItemRec& x) { return Row{"guide_items", "item", x.category, x.code}; },
        [](const ItemRec& x, Row* r, bool old) { SetSide(r, old, x.code + " " + x.title); }, Always<ItemRec>,
        &c.rows);
  }

  // --- indicators ----------------------------------------------------------------
  {
    // Key: item code (old codes mapped to new), subject, condition, and the
    // occurrence of that key within the item.
    auto keys = [](const std::vector<IndicatorRec>& v, const std::map<std::string, std::string>* map) {
      std::vector<std::string> out;
      std::map<std::string, int> seen;
      for (const IndicatorRec& x : v) {
        std::string code = x.code;
        if (map && map->count(code)) code = map->at(code);
        std::string k = code + "|" + RemoveSpaces(x.subject) + "|" + RemoveSpaces(x.condition) + "|" + x.si_unit;
        out.push_back(k + "#" + std::to_string(seen[k]++));
      }
      return out;
    };
    const auto ka = keys(a.indicators, &code_map), kb = keys(b.indicators, nullptr);
    std::vector<bool> ua(ka.size()), ub(kb.size());
    auto pairs = Align(ka.size(), kb.size(), [&](size_t i, size_t j) { return ka[i] == kb[j] ? 1.0 : -1.0; },
                       &ua, &ub);
    std::sort(pairs.begin(), pairs.end());
    auto si = [](const IndicatorRec& x) { return x.si_min ? *x.si_min : x.value; };
    auto row_of = [](const IndicatorRec& x) {
      Row r;
      r.section = "indicators";
      r.kind = "indicator";
      r.key = x.code + " " + x.subject + (x.condition.empty() ? "" : " " + x.condition);
      r.unit = x.si_unit.empty() ? x.unit : x.si_unit;
      return r;
    };
    for (auto [i, j] : pairs) {
      const IndicatorRec &x = a.indicators[i], &y = b.indicators[j];
      Row r = row_of(y);
      r.old_value = IndicatorValue(x);
      r.new_value = IndicatorValue(y);
      r.old_num = si(x);
      r.new_num = si(y);
      r.a = x.src, r.b = y.src;
      const double vx = si(x), vy = si(y);
      const bool same_max = x.value_max.has_value() == y.value_max.has_value() &&
                            (!x.value_max || std::fabs(x.si_max.value_or(*x.value_max) -
                                                       y.si_max.value_or(*y.value_max)) <=
                                                 1e-9 * std::fabs(y.si_max.value_or(*y.value_max)));
      const bool same = x.op == y.op && std::fabs(vx - vy) <= 1e-9 * std::max(std::fabs(vx), std::fabs(vy)) && same_max;
      if (same) {
        r.change = Change::kUnchanged;
      } else if (x.op != y.op || x.value_max || y.value_max) {
        r.change = Change::kChanged;
        r.note = x.op != y.op ? "comparator" : "range";
      } else if (x.op == "<=" || x.op == "<") {
        r.change = vy < vx ? Change::kTightened : Change::kRelaxed;
        r.note = "smaller is tighter";
      } else if (x.op == ">=" || x.op == ">") {
        r.change = vy > vx ? Change::kTightened : Change::kRelaxed;
        r.note = "larger is tighter";
      } else {
        r.change = Change::kChanged;
      }
      c.rows.push_back(std::move(r));
    }
    AddUnpaired(
        a.indicators, ua, b.indicators, ub, row_of,
        [&](const IndicatorRec& x, Row* r, bool old) { SetSide(r, old, IndicatorValue(x), si(x)); },
        Always<IndicatorRec>, &c.rows);
  }

  // --- section text ----------------------------------------------------------------
  {
    std::vector<bool> ua(a.sections.size()), ub(b.sections.size());
    std::map<std::string, int> seen_a, seen_b;
    std::vector<std::string> ka, kb;
    for (const auto& s : a.sections) ka.push_back(s.key + "#" + std::to_string(seen_a[s.key]++));
    for (const auto& s : b.sections) kb.push_back(s.key + "#" + std::to_string(seen_b[s.key]++));
    auto pairs = Align(ka.size(), kb.size(), [&](size_t i, size_t j) { return ka[i] == kb[j] ? 1.0 : -1.0; },
                       &ua, &ub);
    std::sort(pairs.begin(), pairs.end(), [](auto x, auto y) { return x.second < y.second; });
    for (auto [i, j] : pairs) {
      const SectionRec &x = a.sections[i], &y = b.sections[j];
      auto sx = Sentences(x.text), sy = Sentences(y.text);
      std::vector<std::string> kx, ky;
      for (const auto& s : sx) kx.push_back(YearKey(s, ya));
      for (const auto& s : sy) ky.push_back(YearKey(s, yb));
      auto diff = DiffSentences(kx, ky);
      // Back from keys to the sentences as written.
      std::vector<SentenceEdit> edits;
      size_t ix = 0, iy = 0;
      for (const SentenceEdit& e : diff) {
        if (e.op == '=') ++ix, ++iy;
        else if (e.op == '-') edits.push_back({'-', RemoveSpaces(sx[ix++])});
        else edits.push_back({'+', RemoveSpaces(sy[iy++])});
      }
      Row r;
      r.section = "text";
      r.kind = "section";
      r.key = y.key;
      r.old_value = x.heading;
      r.new_value = y.heading;
      r.a = x.src, r.b = y.src;
      r.change = edits.empty() ? Change::kUnchanged : Change::kChanged;
      if (!edits.empty()) {
        size_t minus = 0, plus = 0;
        for (const auto& e : edits) (e.op == '-' ? minus : plus)++;
        r.note = fmt::format("{} sentence(s) removed, {} added", minus, plus);
      }
      r.edits = std::move(edits);
      c.rows.push_back(std::move(r));
    }
    AddUnpaired(
        a.sections, ua, b.sections, ub, [](const SectionRec& x) { return Row{"text", "section", "", x.key}; },
        [](const SectionRec& x, Row* r, bool old) { SetSide(r, old, x.heading); },
        [](const SectionRec& x) { return !RemoveSpaces(x.text).empty(); }, &c.rows);
  }
  for (Row& r : c.rows) {
    if (r.a) r.a->text = Cut(r.a->text, 120);
    if (r.b) r.b->text = Cut(r.b->text, 120);
  }
  return c;
}

Result<std::vector<PartMeta>> FindParts(Db& db, const std::string& programme, const std::vector<int>& years) {
  std::string prog = programme, part;
  if (auto slash = programme.find('/'); slash != std::string::npos) {
    prog = programme.substr(0, slash);
    part = programme.substr(slash + 1);
  }
  // Candidates: whole-programme parts of P, or parts named P.
  Stmt q(db, "SELECT p.doc_id, p.attachment, coalesce(p.year, 0), "
             "EXISTS (SELECT 1 FROM documents r WHERE r.replaces = p.doc_id) AS replaced "
             "FROM programme_parts p JOIN documents d ON d.id = p.doc_id "
             "WHERE (?2 = '' AND ((p.programme = ?1 AND p.part IS NULL) OR p.part = ?1)) "
             "   OR (?2 != '' AND p.programme = ?1 AND p.part = ?2) "
             "ORDER BY p.year, replaced, p.attachment, coalesce(d.date, '') DESC, p.doc_id DESC");
  q.Bind(1, prog).Bind(2, part);
  std::map<int, PartRef> by_year;
  while (q.Step()) {
    int y = static_cast<int>(q.Int(2));
    if (!years.empty() && std::find(years.begin(), years.end(), y) == years.end()) continue;
    if (!by_year.count(y)) by_year[y] = PartRef{q.Int(0), static_cast<int>(q.Int(1))};
  }
  if (!q.status().ok()) return q.status();
  std::vector<PartMeta> out;
  for (const auto& [y, ref] : by_year) {
    auto m = LoadMeta(db, ref);
    if (!m.ok()) return m.status();
    out.push_back(m.value());
  }
  return out;
}

Result<PartRef> ChoosePart(Db& db, int64_t doc_id, int64_t other_doc_id) {
  auto other = LoadMeta(db, {other_doc_id, 0});
  if (!other.ok()) return other.status();
  auto mine = LoadMeta(db, {doc_id, 0});
  if (!mine.ok()) return mine.status();
  if (other.value().part.empty() || mine.value().part == other.value().part) return PartRef{doc_id, 0};
  Stmt q(db, "SELECT attachment FROM programme_parts WHERE doc_id = ? AND programme = ? AND part = ? "
             "AND attachment > 0 ORDER BY attachment LIMIT 1");
  q.Bind(1, doc_id).Bind(2, other.value().programme).Bind(3, other.value().part);
  if (q.Step()) return PartRef{doc_id, static_cast<int>(q.Int(0))};
  if (!q.status().ok()) return q.status();
  return PartRef{doc_id, 0};
}

Result<Series> CompareSeries(Db& db, const std::vector<PartMeta>& parts) {
  Series s;
  s.parts = parts;
  std::vector<PartData> data;
  for (const PartMeta& m : parts) {
    auto p = LoadPart(db, m.ref);
    if (!p.ok()) return p.status();
    data.push_back(std::move(p.value()));
  }
  for (size_t i = 0; i + 1 < data.size(); ++i) s.steps.push_back(Compare(data[i], data[i + 1]));
  return s;
}

std::vector<Trend> Trends(const Series& s) {
  // Follow each funding cap and indicator through the steps: a row of step i
  // continues the trend whose last point came from its old source.
  std::vector<Trend> out;
  std::map<std::pair<int64_t, int64_t>, size_t> open;  // (doc, start) of the latest point → trend
  for (size_t i = 0; i < s.steps.size(); ++i) {
    const Comparison& c = s.steps[i];
    std::map<std::pair<int64_t, int64_t>, size_t> next;
    for (const Row& r : c.rows) {
      const bool cap = r.section == "rules" && r.kind == "funding_cap";
      if (!cap && r.section != "indicators") continue;
      size_t t;
      auto key_a = r.a ? std::pair{r.a->doc_id, r.a->start} : std::pair<int64_t, int64_t>{0, -1};
      if (r.a && open.count(key_a)) {
        t = open[key_a];
      } else {
        out.push_back(Trend{r.section, r.kind, r.category, r.key, r.unit, {}, false});
        t = out.size() - 1;
        if (r.old_num) out[t].points.push_back({c.a.year, *r.old_num});
      }
      if (r.new_num) out[t].points.push_back({c.b.year, *r.new_num});
      out[t].key = r.key;
      if (!r.category.empty()) out[t].category = r.category;
      if (r.change != Change::kUnchanged) out[t].changed = true;
      if (r.b) next[{r.b->doc_id, r.b->start}] = t;
    }
    open = std::move(next);
  }
  // Indicators are charted only when they changed; caps always.
  std::vector<Trend> kept;
  for (Trend& t : out)
    if (t.section == "rules" || t.changed) kept.push_back(std::move(t));
  return kept;
}

}  // namespace gongwen::compare
