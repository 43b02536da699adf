#include "pipeline/fts_tokenizer.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/embedded.h"
#include "pipeline/normalize.h"
#include "pipeline/search.h"

namespace gongwen {
namespace {

struct Dumper {
  std::string out;
  int pos = -1;
};

int DumpToken(void* ctx, std::string_view token, size_t, size_t, bool colocated) {
  auto* d = static_cast<Dumper*>(ctx);
  if (!colocated) ++d->pos;
  if (!d->out.empty()) d->out += ' ';
  d->out += std::string(token) + "@" + std::to_string(d->pos);
  return 0;
}

// One line: token@position for each token, in order.
std::string Dump(std::string_view text, TokenizeMode mode,
                 IndexFormat format = IndexFormat::kBigramsAndCharacters) {
  Dumper d;
  Tokenize(text, mode, format, DumpToken, &d);
  return d.out;
}

struct Case {
  std::string_view input;
  std::string_view expected;
};

// From the contract in fts_tokenizer.h: a bigram at the position of its first
// character, the character itself colocated; the last character of a run alone.
constexpr Case kDocumentCases[] = {
    {"碳化硅 SiC", "碳化@0 碳@0 化硅@1 化@1 硅@2 si@3 s@3 ic@4 i@4 c@5"},
    {"芯", "芯@0"},
    {"", ""},
    {"   \n\f", ""},
    {"40nm", "40@0 4@0 0n@1 0@1 nm@2 n@2 m@3"},
    {"（一）", "(一@0 (@0 一)@1 一@1 )@2"},            // full-width brackets fold to ASCII
    {"ＳｉＣ", "si@0 s@0 ic@1 i@1 c@2"},              // width and case
    {"積體", "积体@0 积@0 体@1"},                     // Traditional → Simplified
    {"芯\u200B粒", "芯粒@0 芯@0 粒@1"},               // zero-width space is transparent
    {"芯\u3000粒", "芯@0 粒@1"},                      // ideographic space ends a run
    {"〔2022〕", "[2@0 [@0 20@1 2@1 02@2 0@2 22@3 2@3 2]@4 2@4 ]@5"},
    {"a\xff" "b", "a@0 b@1"},                         // invalid byte ends a run
};

// Query mode: bigrams only, a single character where the run has one, and the
// last character of a run of two or more when another run follows.
constexpr Case kQueryCases[] = {
    {"碳化硅", "碳化@0 化硅@1"},
    {"芯粒", "芯粒@0"},
    {"芯", "芯@0"},
    {"芯粒 衬底", "芯粒@0 粒@1 衬底@2"},
    {"芯 粒", "芯@0 粒@1"},
    {"ＳｉＣ", "si@0 ic@1"},
    {"嵌入式闪存", "嵌入@0 入式@1 式闪@2 闪存@3"},
    {"發展", "发展@0"},
    {"", ""},
};

// Format 2: a character alone only at the end of a run, or where it is one of
// schemas/search/unigrams.tsv (of these, 碳 化 4 0 体 一 ( ) are; 硅 芯 粒 衬
// 底 积 闪 存 and the Latin letters are not).
constexpr Case kFormat2Cases[] = {
    {"碳化硅 SiC", "碳化@0 碳@0 化硅@1 化@1 硅@2 si@3 ic@4 c@5"},
    {"芯粒", "芯粒@0 粒@1"},
    {"芯", "芯@0"},
    {"", ""},
    {"40nm", "40@0 4@0 0n@1 0@1 nm@2 m@3"},
    {"（一）", "(一@0 (@0 一)@1 一@1 )@2"},
    {"積體", "积体@0 体@1"},
    {"闪存 衬底", "闪存@0 存@1 衬底@2 底@3"},
    {"芯\u200B粒", "芯粒@0 粒@1"},
};

TEST(FtsTokenizer, Format2DocumentMode) {
  for (const Case& c : kFormat2Cases)
    EXPECT_EQ(Dump(c.input, TokenizeMode::kDocument, IndexFormat::kBigrams), c.expected) << c.input;
  // Queries are tokenized the same way in both formats.
  for (const Case& c : kQueryCases)
    EXPECT_EQ(Dump(c.input, TokenizeMode::kQuery, IndexFormat::kBigrams), c.expected) << c.input;
}

TEST(FtsTokenizer, IndexedAlone) {
  EXPECT_TRUE(IsIndexedAlone(U'的'));
  EXPECT_TRUE(IsIndexedAlone(SearchFoldCodePoint(0, U'，', 0)));  // folded: ','
  EXPECT_FALSE(IsIndexedAlone(U'硅'));
  EXPECT_FALSE(IsIndexedAlone(U'😀'));
}

TEST(FtsTokenizer, DocumentMode) {
  for (const Case& c : kDocumentCases) EXPECT_EQ(Dump(c.input, TokenizeMode::kDocument), c.expected) << c.input;
}

TEST(FtsTokenizer, QueryMode) {
  for (const Case& c : kQueryCases) EXPECT_EQ(Dump(c.input, TokenizeMode::kQuery), c.expected) << c.input;
}

struct Span {
  std::string token;
  size_t begin, end;
};

int CollectSpan(void* ctx, std::string_view token, size_t begin, size_t end, bool) {
  static_cast<std::vector<Span>*>(ctx)->push_back({std::string(token), begin, end});
  return 0;
}

TEST(FtsTokenizer, OffsetsAreBytesOfTheInput) {
  std::vector<Span> spans;
  const std::string text = "Ａ碳化";  // 3 bytes each
  Tokenize(text, TokenizeMode::kDocument, IndexFormat::kBigramsAndCharacters, CollectSpan, &spans);
  ASSERT_EQ(spans.size(), 5u);
  EXPECT_EQ(spans[0].token, "a碳");
  EXPECT_EQ(text.substr(spans[0].begin, spans[0].end - spans[0].begin), "Ａ碳");
  EXPECT_EQ(text.substr(spans[1].begin, spans[1].end - spans[1].begin), "Ａ");
  EXPECT_EQ(text.substr(spans[2].begin, spans[2].end - spans[2].begin), "碳化");
  EXPECT_EQ(text.substr(spans[4].begin, spans[4].end - spans[4].begin), "化");
}

int StopAtSecond(void* ctx, std::string_view, size_t, size_t, bool) {
  return ++*static_cast<int*>(ctx) == 2 ? 7 : 0;
}

TEST(FtsTokenizer, CallbackCanStop) {
  int n = 0;
  EXPECT_EQ(Tokenize("碳化硅", TokenizeMode::kDocument, IndexFormat::kBigramsAndCharacters, StopAtSecond, &n), 7);
  EXPECT_EQ(n, 2);
}

TEST(FtsTokenizer, SearchFold) {
  EXPECT_EQ(SearchFold("ＳｉＣ積體電路（一）"), "sic积体电路(一)");
  EXPECT_EQ(SearchFold("苏科高发﹝2022﹞182号"), "苏科高发[2022]182号");
  EXPECT_EQ(SearchFold("“揭榜挂帅”—"), "\"揭榜挂帅\"-");
  EXPECT_EQ(SearchFold("ΜΩ"), "μω");
}

// The t2s rows of schemas/search/fold.tsv are what ICU's transliterator gives,
// and folding twice changes nothing.
TEST(FtsTokenizer, FoldTableMatchesIcuAndIsIdempotent) {
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> t(
      icu::Transliterator::createInstance("Traditional-Simplified", UTRANS_FORWARD, err));
  ASSERT_TRUE(U_SUCCESS(err));
  std::string_view tsv = EmbeddedSchema("search/fold.tsv");
  ASSERT_FALSE(tsv.empty());
  int rows = 0;
  for (size_t s = 0; s < tsv.size();) {
    size_t e = tsv.find('\n', s);
    if (e == std::string_view::npos) e = tsv.size();
    std::string_view line = tsv.substr(s, e - s);
    s = e + 1;
    if (line.empty() || line[0] == '#' || !line.ends_with("\tt2s")) continue;
    size_t tab = line.find('\t');
    std::string from(line.substr(0, tab));
    std::string to(line.substr(tab + 1, line.find('\t', tab + 1) - tab - 1));
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(from);
    t->transliterate(u);
    std::string icu_to;
    u.toUTF8String(icu_to);
    EXPECT_EQ(icu_to, to) << from;
    EXPECT_EQ(SearchFold(SearchFold(from)), SearchFold(from)) << from;
    ++rows;
  }
  EXPECT_GT(rows, 2500);
  // A few checked by hand.
  EXPECT_EQ(SearchFold("國際發展應用"), "国际发展应用");
  EXPECT_EQ(SearchFold("产业发展"), "产业发展");
}

// The tokenizer inside SQLite: MATCH, phrase, highlight().
TEST(FtsTokenizer, InSqlite) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
  ASSERT_TRUE(RegisterSearchTokenizer(db).ok());
  auto exec = [&](const std::string& sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    std::string msg = err ? err : "";
    sqlite3_free(err);
    return rc == SQLITE_OK ? std::string() : msg;
  };
  ASSERT_EQ(exec("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='gongwen')"), "");
  ASSERT_EQ(exec("INSERT INTO t(rowid, body) VALUES (1, '开展大尺寸高质量碳化硅（SiC）单晶衬底生长'),"
                 "(2, '40nm嵌入式闪存（eFlash）工艺'), (3, '進一步發展積體電路')"),
            "");
  auto ids = [&](const std::string& match) {
    sqlite3_stmt* st = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db, "SELECT rowid FROM t WHERE t MATCH ?1 ORDER BY rowid", -1, &st, nullptr) != SQLITE_OK)
      return std::string("prepare failed");
    sqlite3_bind_text(st, 1, match.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(st) == SQLITE_ROW) out += std::to_string(sqlite3_column_int64(st, 0)) + " ";
    sqlite3_finalize(st);
    return out;
  };
  EXPECT_EQ(ids("碳化硅"), "1 ");
  EXPECT_EQ(ids("\"ＳｉＣ\""), "1 ");
  EXPECT_EQ(ids("硅"), "1 ");
  EXPECT_EQ(ids("衬底 碳化硅"), "1 ");
  EXPECT_EQ(ids("硅衬"), "");          // not adjacent in the text
  EXPECT_EQ(ids("nm"), "2 ");
  EXPECT_EQ(ids("flash"), "2 ");
  EXPECT_EQ(ids("\"(eflash)\""), "2 ");
  EXPECT_EQ(ids("一步"), "3 ");
  EXPECT_EQ(ids("发展 OR 闪存"), "2 3 ");
  EXPECT_EQ(ids("积体电路"), "3 ");

  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH '碳化硅'", -1, &st, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))),
            "开展大尺寸高质量[碳化硅]（SiC）单晶衬底生长");
  sqlite3_finalize(st);

  // Format 2: a one-character query is the prefix query "X"* (pipeline/search.h
  // writes it); the plain "X" finds X only where it ends a run, unless X is
  // indexed alone (体 is, 硅 is not).
  ASSERT_EQ(exec("CREATE VIRTUAL TABLE t2 USING fts5(body, tokenize='gongwen 2')"), "");
  ASSERT_EQ(exec("INSERT INTO t2(rowid, body) SELECT rowid, body FROM t"), "");
  auto ids2 = [&](const std::string& match) {
    sqlite3_stmt* st2 = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db, "SELECT rowid FROM t2 WHERE t2 MATCH ?1 ORDER BY rowid", -1, &st2, nullptr) != SQLITE_OK)
      return std::string("prepare failed");
    sqlite3_bind_text(st2, 1, match.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(st2) == SQLITE_ROW) out += std::to_string(sqlite3_column_int64(st2, 0)) + " ";
    sqlite3_finalize(st2);
    return out;
  };
  EXPECT_EQ(ids2("碳化硅"), "1 ");
  EXPECT_EQ(ids2("\"硅\"*"), "1 ");
  EXPECT_EQ(ids2("\"硅\""), "");               // 硅 is followed by （ : only the bigram
  EXPECT_EQ(ids2("\"底\""), "");
  EXPECT_EQ(ids2("\"长\"*"), "1 ");             // the last character of the text
  EXPECT_EQ(ids2("\"体\""), "3 ");
  EXPECT_EQ(ids2("\"(\""), "1 2 ");
  EXPECT_EQ(ids2("nm"), "2 ");
  EXPECT_EQ(ids2("\"m\"*"), "2 ");
  EXPECT_EQ(ids2("硅衬"), "");
  EXPECT_EQ(ids2("积体电路"), "3 ");
  EXPECT_EQ(ids2("\"单晶\" + \"晶\"* + \"衬底\""), "1 ");  // how search.h writes "单晶 衬底"
  EXPECT_EQ(exec("CREATE VIRTUAL TABLE t3 USING fts5(body, tokenize='gongwen 3')").empty(), false);
  sqlite3_close(db);
}

}  // namespace
}  // namespace gongwen
