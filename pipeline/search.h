// Search: the full-text index of the archive and queries on it.
//
// The index is at the level people look for things: each document's text is
// cut into chunks, one per guide item and one per stretch of a section's own
// text (up to its first subsection, and what follows the last one), plus the
// text before the first section. The chunks partition the text, so every
// character is indexed once; each chunk knows its document, section, guide
// item, code and page (table search_chunks, schemas/migrations/0003_search.sql).
// The FTS5 table `search(body, title)` indexes them with the gongwen tokenizer
// (pipeline/fts_tokenizer.h): `title` is the guide item's code and title, the
// section's heading, or the document's title for its first chunk, weighted
// ten times the body by gongwen_rank (bm25 without idf, pipeline/fts_tokenizer.h).
//
//   SearchQuery q = ParseQuery("碳化硅 衬底").value();   // two terms, AND
//   auto hits = Search(db, q, {.year = 2023});
//   for (const SearchHit& h : hits.value()) Print(h.title, MarkSnippet(h, "【", "】"));
//
// Query language (ParseQuery): words separated by spaces must all occur in
// one chunk; "a quoted phrase" occurs as written (spaces inside match any
// spacing); AND, OR, NOT (upper case) combine terms, NOT binding tightest,
// then AND, then OR; `term*` is a prefix, which in substring search finds
// what `term` finds. A word matches wherever it occurs as a substring, after
// the folding of pipeline/fts_tokenizer.h (width, case, 繁/简). Text that does
// not parse (a stray quote, an operator with nothing on one side, a lone `*`)
// is searched as plain words, never reported as an SQL error.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipeline/sqlite.h"
#include "pipeline/status.h"

namespace gongwen {

// Registers the gongwen tokenizer and the gongwen_rank function (and
// gongwen_rank_top, which Search uses with a limit) on a connection. Every connection that touches the search table needs them
// (Store::Open calls it). Also maps the database file into memory
// (PRAGMA mmap_size) for the connection's reads.
Status RegisterSearchTokenizer(sqlite3* db);

// Indexes one stored document, replacing its chunks if it had any.
// REQUIRES: the document's rows (documents, sections, guide_items, pages) are
// written; call inside the document's transaction so both land together.
Status IndexDocument(Db& db, int64_t doc_id);

// Indexes the documents that have no chunks (an archive made before the
// search migration), each in its own transaction; returns how many.
Result<int> IndexUnindexedDocuments(Db& db);

// Query limits: longer queries are refused with a message, not searched.
inline constexpr size_t kMaxQueryChars = 1000;
inline constexpr size_t kMaxQueryTerms = 64;

struct SearchQuery {
  std::string match;                  // the FTS5 MATCH expression
  std::vector<std::string> positive;  // terms whose matches are marked (not under NOT)
  bool plain = false;                 // the text did not parse and is searched as plain words
  std::string fallback;               // plain words, used if SQLite rejects `match`
};

// Parses what a user typed. Fails (kInvalidInput) on invalid UTF-8, an empty
// query or one with nothing searchable, (kTooLarge) above the limits.
Result<SearchQuery> ParseQuery(std::string_view text);

// The text as one phrase: finds exactly the chunks that contain it.
Result<SearchQuery> PhraseQuery(std::string_view text);

struct SearchOptions {
  std::optional<int> year;  // documents.year
  std::string issuer;       // a substring of one of the document's issuers
  std::string doc_type;     // 文种: 通知, 指南 …
  std::string code;         // guide item code or its prefix (31 → 3101, 3102 …)
  int limit = 20;           // 0: all
  // With a limit, the rank_window most recently indexed matching chunks are
  // ranked (all of them when fewer match), so a query that matches half the
  // archive costs no more than one that matches 5,000 chunks. 0: rank all.
  int rank_window = 5000;
  bool snippets = true;     // compute snippets and match offsets
};

struct SearchHit {
  int64_t chunk_id = 0;
  int64_t doc_id = 0;
  std::string file_name;
  std::string title;                  // the document's title
  std::optional<int64_t> year;
  std::string kind;                   // document | section | item
  std::string section;                // the section's marker and heading, if any
  std::string code;                   // guide item code, if any
  std::string item_title;             // guide item title, if any
  std::optional<int64_t> page;        // page of the first match (else of the chunk)
  int64_t char_start = 0, char_end = 0;  // the chunk in documents.text (code points)
  double score = 0;                   // -gongwen_rank (bm25 without idf): higher is better
  std::string snippet;                // plain text around the best match
  std::vector<std::pair<int64_t, int64_t>> marks;    // matches in snippet (code points)
  std::vector<std::pair<int64_t, int64_t>> matches;  // all matches in documents.text (code points)
};

// Best first (gongwen_rank, title weighted up). Never returns an FTS5 syntax error:
// a MATCH expression SQLite rejects is retried as plain words.
Result<std::vector<SearchHit>> Search(Db& db, const SearchQuery& query, const SearchOptions& options);

// The snippet with each mark wrapped in open/close (【 】 on a terminal).
std::string MarkSnippet(const SearchHit& hit, std::string_view open, std::string_view close);

// Where `terms` (as given to ParseQuery's positive list) occur in text: byte
// spans, sorted, overlaps merged. Exactly the substrings the index matches.
std::vector<std::pair<size_t, size_t>> FindMatches(std::string_view text,
                                                    const std::vector<std::string>& terms);

}  // namespace gongwen
