#include "pipeline/search.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <limits>
#include <memory>
#include <queue>

#include <fmt/format.h>

#include "pipeline/fts_tokenizer.h"
#include "pipeline/normalize.h"
#include "pipeline/store.h"

namespace gongwen {
namespace {

// --- indexing ---

struct SectionRow {
  int64_t id;
  int level;
  std::string label;  // marker + heading
  int64_t start, end;
};

struct ItemRow {
  int64_t id;
  std::string code, title;
  int64_t start, end;
};

struct Chunk {
  std::string kind;
  const SectionRow* section = nullptr;
  const ItemRow* item = nullptr;
  int64_t start = 0, end = 0;
};

bool HasSearchableText(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    char32_t c = DecodeUtf8(s, &i);
    if (!IsSearchBreak(c) && c != 0x200B && c != 0x200C && c != 0x200D && c != 0xFEFF && c != 0xAD)
      return true;
  }
  return false;
}

bool ValidUtf8(std::string_view s) {
  static constexpr char32_t kMin[] = {0, 0x80, 0x800, 0x10000};
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int n;
    char32_t cp;
    if (c < 0x80) { ++i; continue; }
    if ((c & 0xE0) == 0xC0) { n = 1; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { n = 2; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { n = 3; cp = c & 0x07; }
    else return false;
    if (i + n >= s.size()) return false;
    for (int k = 1; k <= n; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

void RankFunction(const Fts5ExtensionApi* api, Fts5Context* ctx, sqlite3_context* out, int n, sqlite3_value** args) {
  double weights[8];
  int nw = std::min(n, 8);
  for (int i = 0; i < nw; ++i) weights[i] = sqlite3_value_double(args[i]);
  int rc = SQLITE_OK;
  double score = FtsRank(api, ctx, weights, nw, &rc);
  if (rc == SQLITE_OK) sqlite3_result_double(out, score);
  else sqlite3_result_error_code(out, rc);
}

// gongwen_rank_top(k, w0, w1, …): gongwen_rank(w0, w1, …) for a query that
// keeps only the k best rows. It remembers the k best scores so far (per
// query, in the cursor's auxdata); a row whose bound at length 0 is below
// the k-th of them cannot be among the k best, so it gets that bound as its
// value, and FTS5 does not look up its length. The k best rows and their
// scores are exactly gongwen_rank's; the rows after them are not in order.
// Valid only when every row it is called on is a candidate (no filter after
// ranking), as RunSearch uses it.
struct TopScores {
  size_t k = 0;
  std::priority_queue<double, std::vector<double>, std::greater<double>> best;  // the k best, smallest on top
  sqlite3_int64 last_rowid = 0;
  double last_value = 0;
  bool has_last = false;
};

void RankTopFunction(const Fts5ExtensionApi* api, Fts5Context* ctx, sqlite3_context* out, int n, sqlite3_value** args) {
  if (n < 1) {
    sqlite3_result_error(out, "gongwen_rank_top: give k, then the column weights", -1);
    return;
  }
  auto* top = static_cast<TopScores*>(api->xGetAuxdata(ctx, 0));
  if (top == nullptr) {
    top = new TopScores;
    top->k = static_cast<size_t>(std::max<sqlite3_int64>(1, sqlite3_value_int64(args[0])));
    int rc = api->xSetAuxdata(ctx, top, [](void* p) { delete static_cast<TopScores*>(p); });
    if (rc != SQLITE_OK) {
      sqlite3_result_error_code(out, rc);
      return;
    }
  }
  const sqlite3_int64 rowid = api->xRowid(ctx);
  if (top->has_last && rowid == top->last_rowid) {  // the same row asked again: count it once
    sqlite3_result_double(out, top->last_value);
    return;
  }
  double weights[8];
  int nw = std::min(n - 1, 8);
  for (int i = 0; i < nw; ++i) weights[i] = sqlite3_value_double(args[i + 1]);
  const double floor_score =
      top->best.size() < top->k ? -std::numeric_limits<double>::infinity() : top->best.top();
  int rc = SQLITE_OK;
  bool exact = false;
  double value = FtsRankAbove(api, ctx, weights, nw, floor_score, &exact, &rc);
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(out, rc);
    return;
  }
  if (exact) {
    top->best.push(-value);
    if (top->best.size() > top->k) top->best.pop();
  }
  top->last_rowid = rowid;
  top->last_value = value;
  top->has_last = true;
  sqlite3_result_double(out, value);
}

constexpr char kRankTopName[] = "gongwen_rank_top";

}  // namespace

Status RegisterSearchTokenizer(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr);
  if (rc == SQLITE_OK) {
    sqlite3_bind_pointer(stmt, 1, &api, "fts5_api_ptr", nullptr);
    sqlite3_step(stmt);
  }
  sqlite3_finalize(stmt);
  if (api == nullptr) return Status::Database("this SQLite has no FTS5: full-text search is unavailable");
  static fts5_tokenizer module = FtsTokenizerModule();
  rc = api->xCreateTokenizer(api, kFtsTokenizerName, nullptr, &module, nullptr);
  if (rc == SQLITE_OK) rc = api->xCreateFunction(api, kFtsRankName, nullptr, RankFunction, nullptr);
  if (rc == SQLITE_OK) rc = api->xCreateFunction(api, kRankTopName, nullptr, RankTopFunction, nullptr);
  if (rc != SQLITE_OK) return Status::Database(std::string("cannot register the search tokenizer: ") + sqlite3_errstr(rc));
  // A search reads thousands of index and docsize pages. Mapped, they are read
  // in place from the OS cache instead of copied through SQLite's 2 MB page
  // cache by pread (a quarter of a four-character query's CPU time on the
  // 524 MB bench archive). SQLite caps it at its own maximum (2 GB in Debian's
  // build); if mapping fails, SQLite reads as before.
  sqlite3_exec(db, "PRAGMA mmap_size = 4294967296", nullptr, nullptr, nullptr);
  return Status::Ok();
}

Status IndexDocument(Db& db, int64_t doc_id) {
  std::string title, text;
  {
    Stmt q(db, "SELECT coalesce(title, ''), text FROM documents WHERE id = ?");
    q.Bind(1, doc_id);
    if (!q.Step()) return q.status().ok() ? Status::NotFound(fmt::format("document {}", doc_id)) : q.status();
    title = q.Text(0);
    text = q.Text(1);
  }
  {
    // Re-indexing: take the old entries out first (external content needs the old values).
    Stmt del(db, "INSERT INTO search(search, rowid, title, body) SELECT 'delete', id, title, body "
                 "FROM search_text WHERE id IN (SELECT id FROM search_chunks WHERE doc_id = ?)");
    del.Bind(1, doc_id);
    if (Status s = del.Run(); !s.ok()) return s;
    Stmt rm(db, "DELETE FROM search_chunks WHERE doc_id = ?");
    rm.Bind(1, doc_id);
    if (Status s = rm.Run(); !s.ok()) return s;
  }
  // Code point k starts at byte cp_byte[k].
  std::vector<size_t> cp_byte;
  cp_byte.reserve(text.size() / 2 + 1);
  for (size_t i = 0; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) cp_byte.push_back(i);
  const int64_t n = static_cast<int64_t>(cp_byte.size());
  cp_byte.push_back(text.size());
  auto clamp = [n](int64_t v) { return std::clamp<int64_t>(v, 0, n); };

  std::vector<SectionRow> sections;
  {
    Stmt q(db, "SELECT id, level, marker, heading, char_start, char_end FROM sections WHERE doc_id = ? ORDER BY seq");
    q.Bind(1, doc_id);
    while (q.Step()) {
      std::string marker = q.Text(2), heading = q.Text(3);
      std::string label = marker;
      // Markers like 附件1 read better with a space; 一、 and （一） need none.
      if (!label.empty() && !heading.empty() && std::isalnum(static_cast<unsigned char>(label.back())))
        label += ' ';
      label += heading;
      sections.push_back({q.Int(0), static_cast<int>(q.Int(1)), label, clamp(q.Int(4)), clamp(q.Int(5))});
    }
    if (!q.status().ok()) return q.status();
  }
  std::vector<ItemRow> items;
  {
    Stmt q(db, "SELECT id, code, coalesce(title, ''), char_start, char_end FROM guide_items WHERE doc_id = ? ORDER BY char_start");
    q.Bind(1, doc_id);
    while (q.Step()) items.push_back({q.Int(0), q.Text(1), q.Text(2), clamp(q.Int(3)), clamp(q.Int(4))});
    if (!q.status().ok()) return q.status();
  }
  std::vector<std::pair<int64_t, int64_t>> pages;  // char_start, page
  {
    Stmt q(db, "SELECT char_start, page FROM pages WHERE doc_id = ? ORDER BY char_start");
    q.Bind(1, doc_id);
    while (q.Step()) pages.emplace_back(q.Int(0), q.Int(1));
    if (!q.status().ok()) return q.status();
  }
  auto page_at = [&](int64_t cp) -> std::optional<int64_t> {
    std::optional<int64_t> p;
    for (const auto& [start, page] : pages)
      if (start <= cp) p = page;
    return p;
  };

  // Cut at every section and item boundary; give each piece its item, or its
  // deepest section; join neighbours that share both.
  std::vector<int64_t> cuts = {0, n};
  for (const auto& s : sections) cuts.insert(cuts.end(), {s.start, s.end});
  for (const auto& it : items) cuts.insert(cuts.end(), {it.start, it.end});
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  std::vector<Chunk> chunks;
  for (size_t k = 0; k + 1 < cuts.size(); ++k) {
    int64_t a = cuts[k], b = cuts[k + 1];
    const ItemRow* item = nullptr;
    for (const auto& it : items)
      if (it.start <= a && a < it.end) { item = &it; break; }
    const SectionRow* section = nullptr;
    for (const auto& s : sections)
      if (s.start <= a && a < s.end && (!section || s.level >= section->level)) section = &s;
    if (!chunks.empty() && chunks.back().item == item && chunks.back().section == section &&
        chunks.back().end == a) {
      chunks.back().end = b;
      continue;
    }
    if (!chunks.empty() && item && chunks.back().item == item && chunks.back().end == a) {
      chunks.back().end = b;  // an item stays one chunk whatever sections it crosses
      continue;
    }
    chunks.push_back({item ? "item" : section ? "section" : "document", section, item, a, b});
  }

  Stmt ins(db, "INSERT INTO search_chunks (doc_id, kind, section_id, guide_item_id, code, section, title, "
               "char_start, char_end, page) VALUES (?,?,?,?,?,?,?,?,?,?)");
  Stmt fts(db, "INSERT INTO search(rowid, title, body) VALUES (?,?,?)");
  for (const Chunk& c : chunks) {
    std::string_view body(text.data() + cp_byte[c.start], cp_byte[c.end] - cp_byte[c.start]);
    if (!HasSearchableText(body)) continue;
    std::string ctitle;
    if (c.item) ctitle = c.item->title.empty() ? c.item->code : c.item->code + " " + c.item->title;
    else if (c.section) ctitle = c.section->label;
    else if (c.start == 0) ctitle = title;
    ins.Bind(1, doc_id).Bind(2, c.kind);
    if (c.section) ins.Bind(3, c.section->id).Bind(6, c.section->label); else ins.BindNull(3).BindNull(6);
    if (c.item) ins.Bind(4, c.item->id).Bind(5, c.item->code); else ins.BindNull(4).BindNull(5);
    ins.Bind(7, ctitle).Bind(8, c.start).Bind(9, c.end).Bind(10, page_at(c.start));
    if (Status s = ins.Run(); !s.ok()) return s;
    fts.Bind(1, db.LastInsertId()).Bind(2, ctitle).Bind(3, body);
    if (Status s = fts.Run(); !s.ok()) return s;
  }
  return Status::Ok();
}

Result<int> IndexUnindexedDocuments(Db& db) {
  {
    // Fast path on every open: both counts come from indexes, not the big rows.
    Stmt q(db, "SELECT (SELECT count(*) FROM documents) = (SELECT count(DISTINCT doc_id) FROM search_chunks)");
    if (q.Step() && q.Int(0) == 1) return 0;
    if (!q.status().ok()) return q.status();
  }
  std::vector<int64_t> ids;
  {
    // In the order of ingest, so that chunk ids (the rank window's "most
    // recently indexed") keep following it after a re-index.
    Stmt q(db, "SELECT id FROM documents d WHERE NOT EXISTS "
               "(SELECT 1 FROM search_chunks c WHERE c.doc_id = d.id) ORDER BY id");
    while (q.Step()) ids.push_back(q.Int(0));
    if (!q.status().ok()) return q.status();
  }
  for (int64_t id : ids) {
    Status s = db.Exec("BEGIN IMMEDIATE");
    if (s.ok()) s = IndexDocument(db, id);
    if (s.ok()) s = db.Exec("COMMIT");
    if (!s.ok()) {
      db.Exec("ROLLBACK");
      return s;
    }
  }
  return static_cast<int>(ids.size());
}

// --- queries ---

namespace {

struct Lexeme {
  enum Kind { kTerm, kAnd, kOr, kNot } kind = kTerm;
  std::string text;
  bool prefix = false;
};

bool IsOpenQuote(char32_t c) { return c == U'"' || c == 0x201C; }
bool IsCloseQuote(char32_t c) { return c == U'"' || c == 0x201D; }

// Splits folded query text into terms and operators; false on a syntax error
// (an unclosed quote, a term that is only `*`).
bool Lex(const std::u32string& q, std::vector<Lexeme>* out) {
  size_t i = 0;
  auto utf8 = [&](size_t a, size_t b) {
    std::string s;
    for (size_t k = a; k < b; ++k) AppendUtf8(q[k], &s);
    return s;
  };
  while (i < q.size()) {
    if (IsSearchBreak(q[i])) { ++i; continue; }
    Lexeme lx;
    if (IsOpenQuote(q[i])) {
      size_t j = i + 1;
      while (j < q.size() && !IsCloseQuote(q[j])) ++j;
      if (j == q.size()) return false;
      lx.text = utf8(i + 1, j);
      i = j + 1;
      if (i < q.size() && q[i] == U'*') { lx.prefix = true; ++i; }
    } else {
      size_t j = i;
      while (j < q.size() && !IsSearchBreak(q[j]) && !IsOpenQuote(q[j])) ++j;
      std::string word = utf8(i, j);
      i = j;
      if (word == "AND") lx.kind = Lexeme::kAnd;
      else if (word == "OR") lx.kind = Lexeme::kOr;
      else if (word == "NOT") lx.kind = Lexeme::kNot;
      else {
        if (word.find_first_not_of('*') == std::string::npos) return false;
        if (word.back() == '*') {
          lx.prefix = true;
          while (word.back() == '*') word.pop_back();
        }
        lx.text = word;
      }
    }
    if (lx.kind == Lexeme::kTerm && !HasSearchableText(lx.text)) continue;  // "" or zero-width only
    out->push_back(std::move(lx));
  }
  return true;
}

std::string Quote(std::string_view term, bool prefix) {
  std::string s = "\"";
  for (char c : term) {
    if (c == '"') s += '"';
    s += c;
  }
  s += '"';
  if (prefix) s += '*';
  return s;
}

// A term as an FTS5 phrase over the format-2 index (pipeline/fts_tokenizer.h):
// each run of it (runs are split by spaces) as its bigrams; a run of one
// character as the prefix query "X"* (the bigrams X? and X alone), or "X" when
// X is indexed alone everywhere; between runs, the previous run's last
// character in the same way, so that the next run starts one position on
// (the spaces between runs match any spacing, or none).
std::string PhraseExpr(std::string_view term) {
  std::vector<std::string> parts;
  std::vector<std::string_view> runs;
  for (size_t i = 0; i < term.size();) {
    size_t j = i;
    while (j < term.size()) {
      size_t k = j;
      if (IsSearchBreak(DecodeUtf8(term, &k))) break;
      j = k;
    }
    if (j > i) runs.push_back(term.substr(i, j - i));
    if (j < term.size()) DecodeUtf8(term, &j);  // the break
    i = j;
  }
  auto one = [](std::string_view folded_char) {
    size_t p = 0;
    return Quote(folded_char, !IsIndexedAlone(DecodeUtf8(folded_char, &p)));
  };
  std::vector<std::pair<std::string, std::string>> folded;  // run, its folded text
  for (std::string_view run : runs) {
    std::string f = SearchFold(run);
    if (!f.empty()) folded.emplace_back(std::string(run), std::move(f));
  }
  for (size_t k = 0; k < folded.size(); ++k) {
    const std::string& f = folded[k].second;
    size_t last = f.size() - 1;
    while (last > 0 && (static_cast<unsigned char>(f[last]) & 0xC0) == 0x80) --last;
    if (last == 0) {
      parts.push_back(one(f));
      continue;
    }
    parts.push_back(Quote(folded[k].first, false));
    if (k + 1 < folded.size()) parts.push_back(one(std::string_view(f).substr(last)));
  }
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out += " + ";
    out += p;
  }
  return out.empty() ? Quote(term, false) : out;
}

// Every non-space run as a literal term, all required.
std::vector<std::string> PlainTerms(const std::u32string& q) {
  std::vector<std::string> terms;
  std::string cur;
  for (char32_t c : q) {
    if (IsSearchBreak(c)) {
      if (HasSearchableText(cur)) terms.push_back(cur);
      cur.clear();
    } else {
      AppendUtf8(c, &cur);
    }
  }
  if (HasSearchableText(cur)) terms.push_back(cur);
  return terms;
}

Status CheckQueryText(std::string_view text, std::u32string* folded) {
  if (!ValidUtf8(text)) return Status::InvalidInput("the query is not valid UTF-8");
  std::string f = FoldText(text);
  for (size_t i = 0; i < f.size();) folded->push_back(DecodeUtf8(f, &i));
  if (folded->size() > kMaxQueryChars)
    return Status::TooLarge(fmt::format("the query is too long: {} characters (at most {})", folded->size(), kMaxQueryChars));
  return Status::Ok();
}

}  // namespace

Result<SearchQuery> ParseQuery(std::string_view text) {
  std::u32string q;
  if (Status s = CheckQueryText(text, &q); !s.ok()) return s;
  SearchQuery out;
  std::vector<std::string> plain = PlainTerms(q);
  if (plain.empty()) return Status::InvalidInput("the query is empty: give a word to search for");
  if (plain.size() > kMaxQueryTerms)
    return Status::TooLarge(fmt::format("the query has {} words (at most {})", plain.size(), kMaxQueryTerms));
  for (size_t k = 0; k < plain.size(); ++k) {
    if (k) out.fallback += ' ';
    out.fallback += PhraseExpr(plain[k]);
  }

  std::vector<Lexeme> lx;
  bool ok = Lex(q, &lx);
  // Grammar: term (op? term)*; NOT binary as in FTS5.
  if (ok) {
    bool want_term = true;
    for (const Lexeme& l : lx) {
      bool is_term = l.kind == Lexeme::kTerm;
      if (want_term && !is_term) { ok = false; break; }
      want_term = !is_term;
    }
    if (ok && (lx.empty() || want_term)) ok = false;
  }
  if (!ok) {
    out.plain = true;
    out.match = out.fallback;
    out.positive = plain;
    return out;
  }
  bool negated = false;
  for (size_t k = 0; k < lx.size(); ++k) {
    const Lexeme& l = lx[k];
    switch (l.kind) {
      case Lexeme::kAnd: out.match += " AND "; break;
      case Lexeme::kOr: out.match += " OR "; break;
      case Lexeme::kNot: out.match += " NOT "; negated = true; break;
      case Lexeme::kTerm:
        if (k > 0 && lx[k - 1].kind == Lexeme::kTerm) out.match += " ";
        out.match += PhraseExpr(l.text);  // a prefix `*` finds what the term finds
        if (!negated) out.positive.push_back(l.text);
        negated = false;
        break;
    }
  }
  return out;
}

Result<SearchQuery> PhraseQuery(std::string_view text) {
  std::u32string q;
  if (Status s = CheckQueryText(text, &q); !s.ok()) return s;
  std::string f;
  for (char32_t c : q) AppendUtf8(c, &f);
  if (!HasSearchableText(f)) return Status::InvalidInput("the query is empty: give a word to search for");
  SearchQuery out;
  out.match = out.fallback = PhraseExpr(f);
  out.positive = {f};
  out.plain = true;
  return out;
}

namespace {

// One indexed position: a folded character, its bytes in the text, and
// whether it starts a run (a break or the start of the text before it).
struct DocChar {
  char32_t c;
  size_t begin, end;
  bool run_start;
};

std::vector<DocChar> IndexedChars(std::string_view text) {
  std::vector<DocChar> out;
  bool run_start = true;
  WalkFolded(text, SearchFoldCodePoint, [&](char32_t f, size_t begin, size_t end) {
    if (IsSearchBreak(f)) {
      run_start = true;
    } else {
      out.push_back({f, begin, end, run_start});
      run_start = false;
    }
    return 0;
  });
  return out;
}

}  // namespace

std::vector<std::pair<size_t, size_t>> FindMatches(std::string_view text, const std::vector<std::string>& terms) {
  // What the index matches (pipeline/fts_tokenizer.h): each run of a term at
  // consecutive positions of one run of the text; the next run of the term at
  // the next position, whatever separates them.
  const std::vector<DocChar> doc = IndexedChars(text);
  std::vector<std::pair<size_t, size_t>> spans;
  for (const std::string& term : terms) {
    std::vector<DocChar> q = IndexedChars(term);
    if (q.empty() || q.size() > doc.size()) continue;
    for (size_t p = 0; p + q.size() <= doc.size(); ++p) {
      bool ok = true;
      for (size_t k = 0; k < q.size() && ok; ++k)
        ok = doc[p + k].c == q[k].c && (k == 0 || q[k].run_start || !doc[p + k].run_start);
      if (ok) spans.emplace_back(doc[p].begin, doc[p + q.size() - 1].end);
    }
  }
  std::sort(spans.begin(), spans.end());
  std::vector<std::pair<size_t, size_t>> merged;
  for (const auto& s : spans) {
    if (!merged.empty() && s.first <= merged.back().second) merged.back().second = std::max(merged.back().second, s.second);
    else merged.push_back(s);
  }
  return merged;
}

namespace {

constexpr int64_t kSnippetChars = 80;
constexpr int64_t kSnippetBefore = 24;

// Fills hit->snippet and hit->marks from the chunk's text and its matches
// (code points into body). The snippet is the sentence (ICU) holding the
// first match, cut to kSnippetChars around it when longer.
void MakeSnippet(std::string_view body, const std::vector<std::pair<int64_t, int64_t>>& matches,
                 icu::BreakIterator* sentences, SearchHit* hit) {
  std::u32string cps;
  for (size_t i = 0; i < body.size();) cps.push_back(DecodeUtf8(body, &i));
  const int64_t n = static_cast<int64_t>(cps.size());
  int64_t ms = matches.empty() ? 0 : matches[0].first, me = matches.empty() ? 0 : matches[0].second;
  int64_t ws = 0, we = n;
  if (sentences) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(body.data(), static_cast<int32_t>(body.size())));
    sentences->setText(u);
    int32_t at = u.moveIndex32(0, static_cast<int32_t>(ms));
    int32_t s = sentences->isBoundary(at) ? at : sentences->preceding(at);
    int32_t e = sentences->following(at);
    if (s == icu::BreakIterator::DONE) s = 0;
    if (e == icu::BreakIterator::DONE) e = u.length();
    ws = u.countChar32(0, s);
    we = ws + u.countChar32(s, e - s);
  }
  // Skip leading/trailing whitespace of the sentence.
  while (ws < we && IsSearchBreak(cps[ws])) ++ws;
  while (we > ws && IsSearchBreak(cps[we - 1])) --we;
  bool cut_front = false, cut_back = false;
  if (we - ws > kSnippetChars) {
    int64_t s = std::max(ws, ms - kSnippetBefore);
    int64_t e = std::min(we, std::max(s + kSnippetChars, me));
    cut_front = s > ws;
    cut_back = e < we;
    ws = s;
    we = e;
  }
  std::string out = cut_front ? "…" : "";
  const int64_t shift = (cut_front ? 1 : 0) - ws;
  for (int64_t k = ws; k < we; ++k) AppendUtf8(IsSearchBreak(cps[k]) ? U' ' : cps[k], &out);
  if (cut_back) out += "…";
  hit->snippet = out;
  for (const auto& [a, b] : matches) {
    int64_t s = std::max(a, ws), e = std::min(b, we);
    if (s < e) hit->marks.emplace_back(s + shift, e + shift);
  }
}

Result<std::vector<SearchHit>> RunSearch(Db& db, const std::string& match, const SearchOptions& o) {
  std::string filters;
  if (o.year) filters += " AND d.year = ?2";
  if (!o.doc_type.empty()) filters += " AND d.doc_type = ?3";
  if (!o.issuer.empty()) filters += " AND EXISTS (SELECT 1 FROM doc_issuers i WHERE i.doc_id = d.id AND instr(i.name, ?4) > 0)";
  if (!o.code.empty()) filters += " AND substr(c.code, 1, length(?5)) = ?5";
  const bool window = o.limit > 0 && o.rank_window > 0;
  std::string sql = fmt::format(
      "WITH hits AS (SELECT search.rowid AS id, search.rank AS r FROM search {}"
      "WHERE search MATCH ?1 AND search.rank MATCH '{}'{} {}), "
      "top AS (SELECT id, r FROM hits ORDER BY r, id{}) "
      "SELECT c.id, c.doc_id, d.file_name, coalesce(d.title, ''), d.year, c.kind, coalesce(c.section, ''), "
      "coalesce(c.code, ''), coalesce(g.title, ''), c.page, c.char_start, c.char_end, h.r "
      "FROM top h JOIN search_chunks c ON c.id = h.id JOIN documents d ON d.id = c.doc_id "
      "LEFT JOIN guide_items g ON g.id = c.guide_item_id ORDER BY h.r, h.id",
      filters.empty() ? "" : "JOIN search_chunks c ON c.id = search.rowid JOIN documents d ON d.id = c.doc_id ",
      // With filters, SQLite may rank rows that a filter then drops.
      o.limit > 0 && filters.empty() ? fmt::format("{}({}, 1.0, 10.0)", kRankTopName, o.limit)
                                     : std::string("gongwen_rank(1.0, 10.0)"),
      filters, window ? fmt::format("ORDER BY search.rowid DESC LIMIT {}", o.rank_window) : "",
      o.limit > 0 ? fmt::format(" LIMIT {}", o.limit) : "");
  Stmt q(db, sql);
  q.Bind(1, match);
  if (o.year) q.Bind(2, *o.year);
  if (!o.doc_type.empty()) q.Bind(3, o.doc_type);
  if (!o.issuer.empty()) q.Bind(4, o.issuer);
  if (!o.code.empty()) q.Bind(5, o.code);
  std::vector<SearchHit> hits;
  while (q.Step()) {
    SearchHit h;
    h.chunk_id = q.Int(0);
    h.doc_id = q.Int(1);
    h.file_name = q.Text(2);
    h.title = q.Text(3);
    if (!q.IsNull(4)) h.year = q.Int(4);
    h.kind = q.Text(5);
    h.section = q.Text(6);
    h.code = q.Text(7);
    h.item_title = q.Text(8);
    if (!q.IsNull(9)) h.page = q.Int(9);
    h.char_start = q.Int(10);
    h.char_end = q.Int(11);
    h.score = -q.Real(12);
    hits.push_back(std::move(h));
  }
  if (!q.status().ok()) return q.status();
  return hits;
}

}  // namespace

Result<std::vector<SearchHit>> Search(Db& db, const SearchQuery& query, const SearchOptions& options) {
  auto r = RunSearch(db, query.match, options);
  if (!r.ok() && query.match != query.fallback && !query.fallback.empty()) r = RunSearch(db, query.fallback, options);
  if (!r.ok()) return Status::Database("search failed: " + r.status().message());
  std::vector<SearchHit> hits = std::move(r.value());
  if (!options.snippets) return hits;

  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> sentences(icu::BreakIterator::createSentenceInstance(icu::Locale::getChinese(), err));
  if (U_FAILURE(err)) sentences.reset();
  Stmt body_q(db, "SELECT substr(text, ?2 + 1, ?3 - ?2) FROM documents WHERE id = ?1");
  Stmt page_q(db, "SELECT page FROM pages WHERE doc_id = ?1 AND char_start <= ?2 ORDER BY char_start DESC LIMIT 1");
  for (SearchHit& h : hits) {
    body_q.Reset();
    body_q.Bind(1, h.doc_id).Bind(2, h.char_start).Bind(3, h.char_end);
    std::string body = body_q.Step() ? body_q.Text(0) : "";
    if (!body_q.status().ok()) return body_q.status();
    const CharIndex chars(body);
    std::vector<std::pair<int64_t, int64_t>> local;
    for (const auto& [b, e] : FindMatches(body, query.positive))
      local.emplace_back(static_cast<int64_t>(chars(b)), static_cast<int64_t>(chars(e)));
    for (const auto& [b, e] : local) h.matches.emplace_back(h.char_start + b, h.char_start + e);
    MakeSnippet(body, local, sentences.get(), &h);
    if (!h.matches.empty()) {
      page_q.Reset();
      page_q.Bind(1, h.doc_id).Bind(2, h.matches[0].first);
      if (page_q.Step()) h.page = page_q.Int(0);
    }
  }
  return hits;
}

std::string MarkSnippet(const SearchHit& hit, std::string_view open, std::string_view close) {
  std::string out;
  const std::string& s = hit.snippet;
  size_t m = 0;
  int64_t cp = 0;
  for (size_t i = 0; i <= s.size(); ++cp) {
    while (m < hit.marks.size() && hit.marks[m].second == cp) {
      out += close;
      ++m;
    }
    if (m < hit.marks.size() && hit.marks[m].first == cp) out += open;
    if (i == s.size()) break;
    size_t j = i;
    DecodeUtf8(s, &j);
    out.append(s, i, j - i);
    i = j;
  }
  return out;
}

}  // namespace gongwen
