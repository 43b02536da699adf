#include "pipeline/fts_tokenizer.h"

#include <unicode/uchar.h>

#include <limits>
#include <unordered_map>
#include <vector>

#include "pipeline/embedded.h"
#include "pipeline/normalize.h"

namespace gongwen {
namespace {

// schemas/search/fold.tsv as a lookup: a flat table for the BMP, a map above.
class FoldTable {
 public:
  FoldTable() : bmp_(0x10000) {
    for (size_t i = 0; i < bmp_.size(); ++i) bmp_[i] = static_cast<char32_t>(i);
    std::unordered_map<char32_t, char32_t> pairs;
    for (const auto& row : EmbeddedTsv("search/fold.tsv")) {
      if (row.size() < 2 || row[0].empty() || row[1].empty()) continue;
      size_t a = 0, b = 0;
      char32_t from = DecodeUtf8(row[0], &a);
      char32_t to = DecodeUtf8(row[1], &b);
      if (a != row[0].size() || b != row[1].size()) continue;  // one character each
      pairs[from] = to;
    }
    // Resolve chains (a → b, b → c) so folding is idempotent.
    for (auto& [from, to] : pairs) {
      for (int hops = 0; hops < 8; ++hops) {
        auto it = pairs.find(to);
        if (it == pairs.end() || it->second == to) break;
        to = it->second;
      }
    }
    for (const auto& [from, to] : pairs) {
      if (from < 0x10000) bmp_[from] = to;
      else high_[from] = to;
    }
  }

  char32_t operator()(char32_t cp) const {
    if (cp < 0x10000) return bmp_[cp];
    auto it = high_.find(cp);
    return it == high_.end() ? cp : it->second;
  }

 private:
  std::vector<char32_t> bmp_;
  std::unordered_map<char32_t, char32_t> high_;
};

const FoldTable& Table() {
  static const FoldTable* table = new FoldTable();
  return *table;
}

void Append(char32_t cp, std::string* out) { AppendUtf8(cp, out); }

char32_t FoldWith(const FoldTable& table, char32_t prev, char32_t cp, char32_t next) {
  char32_t f = FoldCodePoint(prev, cp, next);
  if (f == 0) return 0;
  if (f < 0x80) {
    if (f >= 'A' && f <= 'Z') f += 'a' - 'A';
  } else {
    f = static_cast<char32_t>(u_foldCase(static_cast<UChar32>(f), U_FOLD_CASE_DEFAULT));
  }
  return table(f);
}

struct Pending {
  char32_t cp = 0;
  size_t begin = 0, end = 0;
};

// schemas/search/unigrams.tsv: the characters that format 2 indexes alone at
// every position (as a flat table over the BMP; none above).
class UnigramTable {
 public:
  UnigramTable() : bmp_(0x10000, false) {
    for (const auto& row : EmbeddedTsv("search/unigrams.tsv")) {
      size_t pos = 0;
      char32_t c = row[0].empty() ? 0 : DecodeUtf8(row[0], &pos);
      if (c != 0 && c < 0x10000) bmp_[c] = true;
    }
  }
  bool operator()(char32_t folded) const { return folded < 0x10000 && bmp_[folded]; }

 private:
  std::vector<bool> bmp_;
};

const UnigramTable& Unigrams() {
  static const UnigramTable* table = new UnigramTable();
  return *table;
}

class Tokenizer {
 public:
  Tokenizer(TokenizeMode mode, IndexFormat format, TokenCallback cb, void* ctx)
      : query_(mode == TokenizeMode::kQuery),
        all_(format == IndexFormat::kBigramsAndCharacters),
        cb_(cb),
        ctx_(ctx),
        table_(Table()),
        unigrams_(Unigrams()) {}

  int Run(std::string_view text) {
    int rc = WalkFolded(
        text, [this](char32_t prev, char32_t cp, char32_t next) { return Fold(prev, cp, next); },
        [this](char32_t f, size_t begin, size_t end) { return IsSearchBreak(f) ? EndRun() : Add(f, begin, end); });
    if (rc) return rc;
    return Finish();
  }

 private:
  char32_t Fold(char32_t prev, char32_t cp, char32_t next) const {
    return FoldWith(table_, prev, cp, next);
  }

  int Emit(char32_t a, char32_t b, size_t begin, size_t end, bool colocated) {
    buf_.clear();
    Append(a, &buf_);
    if (b) Append(b, &buf_);
    return cb_(ctx_, buf_, begin, end, colocated);
  }

  int Add(char32_t f, size_t begin, size_t end) {
    int rc = 0;
    if (run_ == 0) {
      if (query_ && tail_.cp) {
        // A later run follows: the previous run's last character keeps the
        // phrase's positions aligned with the document's.
        rc = Emit(tail_.cp, 0, tail_.begin, tail_.end, false);
        tail_.cp = 0;
        if (rc) return rc;
      }
    } else {
      rc = Emit(prev_.cp, f, prev_.begin, end, false);
      if (!rc && !query_ && (all_ || unigrams_(prev_.cp))) rc = Emit(prev_.cp, 0, prev_.begin, prev_.end, true);
      if (rc) return rc;
    }
    prev_ = {f, begin, end};
    ++run_;
    return 0;
  }

  int EndRun() {
    int rc = 0;
    if (run_ == 1 || (run_ > 1 && !query_)) {
      rc = Emit(prev_.cp, 0, prev_.begin, prev_.end, false);
    } else if (run_ > 1) {
      tail_ = prev_;
    }
    run_ = 0;
    return rc;
  }

  int Finish() { return EndRun(); }

  const bool query_;
  const bool all_;  // format 1: every character alone too
  const TokenCallback cb_;
  void* const ctx_;
  const FoldTable& table_;
  const UnigramTable& unigrams_;
  std::string buf_;
  Pending prev_;   // the last character of the current run
  Pending tail_;   // query mode: last character of a finished run of two or more
  int run_ = 0;    // characters in the current run
};

// --- FTS5 glue ---

struct FtsCall {
  void* ctx;
  int (*x_token)(void*, int, const char*, int, int, int);
};

int FtsToken(void* ctx, std::string_view token, size_t begin, size_t end, bool colocated) {
  auto* call = static_cast<FtsCall*>(ctx);
  return call->x_token(call->ctx, colocated ? FTS5_TOKEN_COLOCATED : 0, token.data(),
                       static_cast<int>(token.size()), static_cast<int>(begin),
                       static_cast<int>(end));
}

// One instance per format: tokenize='gongwen' is format 1, 'gongwen 2' format 2.
IndexFormat kFormats[] = {IndexFormat::kBigramsAndCharacters, IndexFormat::kBigrams};

int FtsCreate(void*, const char** args, int n, Fts5Tokenizer** out) {
  Table();  // load the tables once, outside any query
  Unigrams();
  IndexFormat* format = &kFormats[0];
  if (n == 1 && std::string_view(args[0]) == "2") format = &kFormats[1];
  else if (n != 0) return SQLITE_ERROR;
  *out = reinterpret_cast<Fts5Tokenizer*>(format);
  return SQLITE_OK;
}

void FtsDelete(Fts5Tokenizer*) {}

int FtsTokenize(Fts5Tokenizer* tokenizer, void* ctx, int flags, const char* text, int n,
                int (*x_token)(void*, int, const char*, int, int, int)) {
  if (n <= 0 || text == nullptr) return SQLITE_OK;
  FtsCall call{ctx, x_token};
  TokenizeMode mode = (flags & FTS5_TOKENIZE_QUERY) ? TokenizeMode::kQuery : TokenizeMode::kDocument;
  const IndexFormat format = *reinterpret_cast<IndexFormat*>(tokenizer);
  return Tokenize(std::string_view(text, static_cast<size_t>(n)), mode, format, FtsToken, &call);
}

}  // namespace

char32_t SearchFoldCodePoint(char32_t prev, char32_t cp, char32_t next) {
  return FoldWith(Table(), prev, cp, next);
}

std::string SearchFold(std::string_view s) { return MapCodePoints(s, SearchFoldCodePoint); }

bool IsSearchBreak(char32_t f) {
  if (f <= 0x20 || (f >= 0x7F && f <= 0xA0) || f == 0xFFFD) return true;
  switch (f) {
    case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
      return true;
    default:
      return f >= 0x2000 && f <= 0x200A;
  }
}

bool IsIndexedAlone(char32_t folded) { return Unigrams()(folded); }

int Tokenize(std::string_view text, TokenizeMode mode, IndexFormat format, TokenCallback callback, void* ctx) {
  Tokenizer t(mode, format, callback, ctx);
  return t.Run(text);
}

double FtsRank(const Fts5ExtensionApi* api, Fts5Context* ctx, const double* weights, int n_weights,
               int* rc) {
  bool exact = false;
  return FtsRankAbove(api, ctx, weights, n_weights, -std::numeric_limits<double>::infinity(), &exact, rc);
}

double FtsRankAbove(const Fts5ExtensionApi* api, Fts5Context* ctx, const double* weights, int n_weights,
                    double floor_score, bool* exact, int* rc) {
  // As SQLite's bm25() (fts5_aux.c), with every idf 1.
  constexpr double k1 = 1.2, b = 0.75;
  const int nphrase = api->xPhraseCount(ctx);
  sqlite3_int64 rows = 0, total = 0;
  int len = 0;
  *exact = false;
  *rc = SQLITE_OK;
  // Each phrase's instances straight from its position list: xInst would
  // first build the row's array of every phrase's instances.
  double freq_small[8];
  std::vector<double> freq_big;
  double* freq = freq_small;
  if (nphrase > 8) {
    freq_big.resize(static_cast<size_t>(nphrase));
    freq = freq_big.data();
  }
  for (int p = 0; p < nphrase && *rc == SQLITE_OK; ++p) {
    freq[p] = 0.0;
    Fts5PhraseIter it;
    int col = 0, off = 0;
    *rc = api->xPhraseFirst(ctx, p, &it, &col, &off);
    for (; *rc == SQLITE_OK && col >= 0; api->xPhraseNext(ctx, &it, &col, &off))
      freq[p] += col < n_weights ? weights[col] : 1.0;
  }
  // Each term grows as the length falls: at length 0 it is its largest.
  double bound = 0;
  for (int p = 0; p < nphrase && *rc == SQLITE_OK; ++p) bound += freq[p] * (k1 + 1) / (freq[p] + k1 * (1 - b));
  if (*rc == SQLITE_OK && bound < floor_score) return -bound;
  if (*rc == SQLITE_OK) *rc = api->xRowCount(ctx, &rows);
  if (*rc == SQLITE_OK) *rc = api->xColumnTotalSize(ctx, -1, &total);
  if (*rc == SQLITE_OK) *rc = api->xColumnSize(ctx, -1, &len);
  *exact = *rc == SQLITE_OK;
  const double avg = rows > 0 && total > 0 ? static_cast<double>(total) / rows : 1.0;
  double score = 0;
  for (int p = 0; p < nphrase && *rc == SQLITE_OK; ++p)
    score += freq[p] * (k1 + 1) / (freq[p] + k1 * (1 - b + b * len / avg));
  return -score;
}

fts5_tokenizer FtsTokenizerModule() {
  fts5_tokenizer m;
  m.xCreate = FtsCreate;
  m.xDelete = FtsDelete;
  m.xTokenize = FtsTokenize;
  return m;
}

}  // namespace gongwen
