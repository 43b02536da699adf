// libgongwen_fts: the gongwen FTS5 tokenizer and its rank function
// gongwen_rank (pipeline/fts_tokenizer.h) as a
// loadable SQLite extension, so any SQLite program can query an archive:
//
//   sqlite3 gongwen.db
//   sqlite> .load ./build/libgongwen_fts
//   sqlite> SELECT highlight(search, 1, '【', '】') FROM search WHERE search MATCH '芯粒';
//
//   >>> con = sqlite3.connect("gongwen.db"); con.enable_load_extension(True)
//   >>> con.load_extension("./build/libgongwen_fts")
//
// Both index formats are served: tokenize='gongwen' (format 1, archives of
// schema 3 to 6) and tokenize='gongwen 2' (format 2, schema 7 on). In format 2
// a one-character query is a prefix query: MATCH '"芯"*'.
//
// SQLite's routines are reached only through the sqlite3_api table the host
// passes in, so the extension works with whichever SQLite library loads it.
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include "pipeline/fts_tokenizer.h"

namespace {

void Rank(const Fts5ExtensionApi* api, Fts5Context* ctx, sqlite3_context* out, int n, sqlite3_value** args) {
  double weights[8];
  int nw = n < 8 ? n : 8;
  for (int i = 0; i < nw; ++i) weights[i] = sqlite3_value_double(args[i]);
  int rc = SQLITE_OK;
  double score = gongwen::FtsRank(api, ctx, weights, nw, &rc);
  if (rc == SQLITE_OK) sqlite3_result_double(out, score);
  else sqlite3_result_error_code(out, rc);
}

int Register(sqlite3* db, char** error) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(stmt, 1, &api, "fts5_api_ptr", nullptr);
    sqlite3_step(stmt);
  }
  sqlite3_finalize(stmt);
  if (api == nullptr || api->iVersion < 2) {
    if (error) *error = sqlite3_mprintf("gongwen_fts: this SQLite has no FTS5");
    return SQLITE_ERROR;
  }
  static fts5_tokenizer module = gongwen::FtsTokenizerModule();
  int rc = api->xCreateTokenizer(api, gongwen::kFtsTokenizerName, nullptr, &module, nullptr);
  if (rc == SQLITE_OK) rc = api->xCreateFunction(api, gongwen::kFtsRankName, nullptr, Rank, nullptr);
  return rc;
}

}  // namespace

// The entry point SQLite derives from the file name libgongwen_fts.so.
extern "C" int sqlite3_gongwenfts_init(sqlite3* db, char** error, const sqlite3_api_routines* api) {
  SQLITE_EXTENSION_INIT2(api);
  return Register(db, error);
}

// The default entry point, for hosts that load it under another file name.
extern "C" int sqlite3_extension_init(sqlite3* db, char** error, const sqlite3_api_routines* api) {
  SQLITE_EXTENSION_INIT2(api);
  return Register(db, error);
}
