// The "gongwen" FTS5 tokenizer: total recall for Chinese substring search.
//
// Every run of non-space characters is indexed as overlapping character
// bigrams, each at the position of its first character; the last character
// of a run stands alone at its own position. That is format 2
// (tokenize='gongwen 2', schemas/migrations/0007_search_bigrams.sql):
//
//   硅衬底 SiC  →  硅衬@0 衬底@1 底@2   si@3 ic@4 c@5
//
// plus, colocated (FTS5_TOKEN_COLOCATED), the character itself where it is one
// of the frequent characters of schemas/search/unigrams.tsv (IsIndexedAlone),
// so that a one-character query for them reads one short doclist. Format 1
// (tokenize='gongwen', archives of schema 3 to 6) colocates every character.
//
// A query string of two or more characters is tokenized as its bigrams at
// consecutive positions (碳化硅 → 碳化 化硅), so it matches exactly the texts
// that contain it as a substring. Every occurrence of one character X is the
// first character of a token: a one-character query is the FTS5 prefix query
// "X"* (the bigrams X?, and X alone), or the plain "X" when X is indexed
// alone. pipeline/search.h writes these MATCH expressions; in raw SQL, write
// a one-character query as '"X"*'. Precision is exact, up to the spaces
// between words of a quoted phrase, which match any spacing. Latin letters,
// digits and punctuation are indexed the same way, so `40nm`, `nm`, `eFlash`,
// `5G` and `〔2022〕` are all found wherever they occur.
//
// Folding (the same for documents and queries), per code point:
//   1. pipeline/normalize.h FoldCodePoint: full-width letters and digits,
//      spaces, zero-width characters (removed, transparent);
//   2. Unicode simple case folding (ＳｉＣ, SIC → sic);
//   3. schemas/search/fold.tsv: full-width punctuation （），：；！？． → ASCII,
//      bracket / dash / quote variants, Traditional → Simplified (ICU 72's
//      "Traditional-Simplified", one-to-one), so 積體電路 finds 积体电路.
// Whitespace, control characters and invalid UTF-8 (U+FFFD) end a run.
//
// Token offsets are byte offsets into the text given, so FTS5's highlight()
// and snippet() work; a bigram's offsets cover both characters.
//
// The tokenizer needs nothing from SQLite but the fts5 types: the same code is
// registered by pipeline/search.h on gongwen's connections and by the loadable
// extension tools/sqlite_ext/gongwen_fts.cc for sqlite3, DB Browser or Python.
#pragma once

#include <sqlite3.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "pipeline/normalize.h"

namespace gongwen {

// The name under which the tokenizer is registered: tokenize='gongwen'.
inline constexpr char kFtsTokenizerName[] = "gongwen";

// The folded form of one code point (0 when it is dropped) given its
// unfolded neighbours (0 at the ends).
char32_t SearchFoldCodePoint(char32_t prev, char32_t cp, char32_t next);

// Folds a whole string as the tokenizer does (whitespace kept as it is).
std::string SearchFold(std::string_view text);

// True for what ends a run: whitespace, control characters, U+FFFD.
bool IsSearchBreak(char32_t folded);

// Walks text as the index reads it: each code point folded by
// fold(prev, cp, next) with its unfolded neighbours (0 at the ends), those
// folded to 0 skipped (transparent), and fn(folded, begin, end) called with
// the byte range of each other one, breaks included. Returns the first
// non-zero result of fn, or 0.
template <typename Fold, typename Fn>
int WalkFolded(std::string_view text, Fold fold, Fn fn) {
  size_t pos = 0;
  char32_t prev = 0;
  size_t cur_begin = 0;
  char32_t cur = pos < text.size() ? DecodeUtf8(text, &pos) : 0;
  size_t cur_end = pos;
  while (cur_begin < text.size()) {
    size_t next_begin = pos;
    char32_t next = pos < text.size() ? DecodeUtf8(text, &pos) : 0;
    char32_t f = fold(prev, cur, next);
    if (f != 0) {
      if (int rc = fn(f, cur_begin, cur_end)) return rc;
    }
    prev = cur;
    cur = next;
    cur_begin = next_begin;
    cur_end = pos;
  }
  return 0;
}

enum class TokenizeMode {
  kDocument,  // what is indexed (bigrams, run-final and colocated characters)
  kQuery,     // bigrams only; a character where a run has one
};

enum class IndexFormat {
  kBigramsAndCharacters = 1,  // tokenize='gongwen': every character colocated
  kBigrams = 2,               // tokenize='gongwen 2': only IsIndexedAlone characters colocated
};

// True when format 2 indexes the folded character alone at every position
// (schemas/search/unigrams.tsv).
bool IsIndexedAlone(char32_t folded);

// Receives each token: its folded UTF-8 text, the byte span [begin, end) in
// the input, and whether it shares the previous token's position. A non-zero
// return stops tokenizing and is returned by Tokenize.
using TokenCallback = int (*)(void* ctx, std::string_view token, size_t begin, size_t end,
                              bool colocated);

int Tokenize(std::string_view text, TokenizeMode mode, IndexFormat format, TokenCallback callback,
             void* ctx);

// The FTS5 tokenizer module. xCreate takes no argument (format 1) or "2"
// (format 2); any other argument is an error.
fts5_tokenizer FtsTokenizerModule();

// The rank function gongwen_rank(w0, w1, …): SQLite's bm25(w0, w1, …) (k1 =
// 1.2, b = 0.75, weighted term frequency, length normalization) without the
// inverse document frequency. Computing idf makes FTS5 read every row that
// matches each phrase; on a 500 MB archive that costs more than ranking the
// rows gongwen ranks (pipeline/search.h). For one-phrase queries the order is
// bm25's. Smaller is better, as with bm25.
inline constexpr char kFtsRankName[] = "gongwen_rank";

// The score of the current row; the host wraps it in an
// fts5_extension_function (sqlite3_result_* are the host's to call).
double FtsRank(const Fts5ExtensionApi* api, Fts5Context* ctx, const double* weights, int n_weights,
               int* rc);

// As FtsRank, for a caller that keeps only the rows that score at least
// floor_score (a score is minus FtsRank's value: larger is better). When the
// row's term frequencies could not reach floor_score even at length 0, it
// returns minus that upper bound, which ranks below floor_score, without
// reading the row's length (a docsize lookup), and sets *exact to false.
// Otherwise it returns FtsRank's value and sets *exact to true.
double FtsRankAbove(const Fts5ExtensionApi* api, Fts5Context* ctx, const double* weights, int n_weights,
                    double floor_score, bool* exact, int* rc);

}  // namespace gongwen
