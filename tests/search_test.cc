#include "pipeline/search.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "pipeline/fts_tokenizer.h"
#include "pipeline/normalize.h"
#include "pipeline/store.h"
#include "tests/test_util.h"

namespace gongwen {
namespace {

using testing::RunGongwen;
using testing::TempDir;

// --- query parsing ---

struct ParseCase {
  std::string_view input;
  std::string_view match;  // expected MATCH expression
  bool plain;
};

// Every term is quoted for FTS5, so nothing the user types reaches FTS5's
// syntax; what does not parse becomes plain words. A one-character run is a
// prefix query unless the character is indexed alone (的 and ( are, per
// schemas/search/unigrams.tsv; 芯, 硅, * are not); a phrase with spaces joins
// its runs with the previous run's last character (pipeline/fts_tokenizer.h).
constexpr ParseCase kParseCases[] = {
    {"芯粒", "\"芯粒\"", false},
    {"碳化硅 衬底", "\"碳化硅\" \"衬底\"", false},
    {"\"碳化硅 衬底\"", "\"碳化硅\" + \"硅\"* + \"衬底\"", false},
    {"\"碳化硅 衬 底\"", "\"碳化硅\" + \"硅\"* + \"衬\"* + \"底\"*", false},
    {"的", "\"的\"", false},
    {"（", "\"(\"", false},
    {"芯 的", "\"芯\"* \"的\"", false},
    {"“揭榜挂帅”", "\"揭榜挂帅\"", false},
    {"LNG OR ECMO", "\"LNG\" OR \"ECMO\"", false},
    {"芯粒 NOT 封装", "\"芯粒\" NOT \"封装\"", false},
    {"芯粒 AND 封装", "\"芯粒\" AND \"封装\"", false},
    {"芯*", "\"芯\"*", false},
    {"\"碳化\"*", "\"碳化\"", false},                  // a prefix adds nothing to substrings
    {"ＳｉＣ　衬底", "\"SiC\" \"衬底\"", false},        // width folded, ideographic space splits
    {"title:芯粒", "\"title:芯粒\"", false},             // no column filters: plain text
    {"(芯粒", "\"(芯粒\"", false},
    {"a*b", "\"a*b\"", false},
    {"and or", "\"and\" \"or\"", false},                 // operators are upper case
    {"碳化\"", "\"碳化\"\"\"", true},                    // stray quote: literal
    {"芯粒 AND", "\"芯粒\" \"AND\"", true},
    {"NOT 芯粒", "\"NOT\" \"芯粒\"", true},
    {"OR", "\"OR\"", true},
    {"*", "\"*\"*", true},
    {"\"\"", "\"\"\"\"\"\"", true},                    // an empty phrase: the quotes as text
    {"芯粒 OR OR 封装", "\"芯粒\" \"OR\" \"OR\" \"封装\"", true},
};

TEST(ParseQuery, Table) {
  for (const ParseCase& c : kParseCases) {
    auto q = ParseQuery(c.input);
    ASSERT_TRUE(q.ok()) << c.input << ": " << q.status().ToString();
    EXPECT_EQ(q.value().match, c.match) << c.input;
    EXPECT_EQ(q.value().plain, c.plain) << c.input;
  }
}

TEST(ParseQuery, NegatedTermsAreNotMarked) {
  auto q = ParseQuery("芯粒 NOT 封装 OR 衬底*");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q.value().positive, (std::vector<std::string>{"芯粒", "衬底"}));
}

TEST(ParseQuery, BadInput) {
  struct Bad {
    std::string input;
    Status::Code code;
  };
  const Bad cases[] = {
      {"", Status::Code::kInvalidInput},
      {"   \t　", Status::Code::kInvalidInput},
      {"\u200B", Status::Code::kInvalidInput},
      {"\xff\xfe", Status::Code::kInvalidInput},
      {"芯\xe8\x8a", Status::Code::kInvalidInput},          // truncated sequence
      {"\xed\xa0\x80", Status::Code::kInvalidInput},        // surrogate
      {std::string(10000, 'a'), Status::Code::kTooLarge},
      {[] { std::string s; for (int i = 0; i < 100; ++i) s += "芯 "; return s; }(), Status::Code::kTooLarge},
  };
  for (const Bad& b : cases) {
    auto q = ParseQuery(b.input);
    ASSERT_FALSE(q.ok()) << b.input;
    EXPECT_EQ(q.status().code(), b.code) << b.input;
  }
  // Punctuation and emoji are searchable text.
  EXPECT_TRUE(ParseQuery("，。、").ok());
  EXPECT_TRUE(ParseQuery("😀").ok());
}

// --- matches and snippets ---

struct MatchCase {
  std::string_view text;
  std::vector<std::string> terms;
  std::string_view marked;  // text with matches in []
};

std::string Mark(std::string_view text, const std::vector<std::pair<size_t, size_t>>& spans) {
  std::string out;
  size_t at = 0;
  for (const auto& [b, e] : spans) {
    out.append(text.substr(at, b - at));
    out += '[';
    out.append(text.substr(b, e - b));
    out += ']';
    at = e;
  }
  out.append(text.substr(at));
  return out;
}

TEST(FindMatches, Table) {
  const MatchCase cases[] = {
      {"开展碳化硅（SiC）单晶衬底", {"碳化硅"}, "开展[碳化硅]（SiC）单晶衬底"},
      {"开展碳化硅（SiC）单晶衬底", {"ｓｉｃ"}, "开展碳化硅（[SiC]）单晶衬底"},
      {"开展碳化硅（SiC）单晶衬底", {"碳", "衬底"}, "开展[碳]化硅（SiC）单晶[衬底]"},
      {"芯片芯片", {"芯片"}, "[芯片芯片]"},                  // adjacent matches merge
      {"進一步發展", {"发展"}, "進一步[發展]"},
      {"硅 衬底", {"硅 衬底"}, "[硅 衬底]"},
      {"硅衬底", {"硅 衬底"}, "[硅衬底]"},                   // spaces in a phrase match any spacing
      {"碳化硅", {"硅衬"}, "碳化硅"},
  };
  for (const MatchCase& c : cases) EXPECT_EQ(Mark(c.text, FindMatches(c.text, c.terms)), c.marked) << c.text;
}

TEST(MarkSnippet, WrapsMarks) {
  SearchHit h;
  h.snippet = "…基于芯粒的芯片";
  h.marks = {{3, 5}, {6, 8}};
  EXPECT_EQ(MarkSnippet(h, "【", "】"), "…基于【芯粒】的【芯片】");
}

// --- the seed archive ---

class SeedArchive : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    db_path_ = (dir_->path() / "seeds.db").string();
    auto r = RunGongwen("--db " + db_path_ + " ingest -q " + (testing::CorpusDir() / "notices").string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto store = Store::Open(db_path_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = store.value().release();
  }
  static void TearDownTestSuite() {
    delete store_;
    delete dir_;
  }
  Db& db() { return store_->db(); }

  std::vector<SearchHit> Find(const std::string& text, SearchOptions o = {}) {
    auto q = ParseQuery(text);
    EXPECT_TRUE(q.ok()) << text;
    if (!q.ok()) return {};
    auto hits = Search(db(), q.value(), o);
    EXPECT_TRUE(hits.ok()) << text << ": " << hits.status().ToString();
    return hits.ok() ? hits.value() : std::vector<SearchHit>{};
  }

  std::string DocText(int64_t id) {
    Stmt q(db(), "SELECT text FROM documents WHERE id = ?");
    q.Bind(1, id);
    return q.Step() ? q.Text(0) : "";
  }

  static TempDir* dir_;
  static std::string db_path_;
  static Store* store_;
};

TempDir* SeedArchive::dir_ = nullptr;
std::string SeedArchive::db_path_;
Store* SeedArchive::store_ = nullptr;

// Code point substring.
std::string Sub(const std::string& s, int64_t b, int64_t e) {
  std::u32string cps;
  for (size_t i = 0; i < s.size();) cps.push_back(DecodeUtf8(s, &i));
  std::string out;
  for (int64_t k = b; k < e && k < static_cast<int64_t>(cps.size()); ++k) AppendUtf8(cps[k], &out);
  return out;
}

// The issue's examples, answered from reading the 2023 guide (seed 4):
// 3101 基于芯粒的…, 3102 40nm嵌入式闪存（eFlash）…, 3103 …碳化硅衬底…
TEST_F(SeedArchive, IssueExamplesFindTheirItemFirst) {
  struct Want {
    std::string query, code;
  };
  const Want wants[] = {
      {"芯粒", "3101"},
      {"嵌入式闪存", "3102"},
      {"40nm", "3102"},
      {"eflash", "3102"},
      {"碳化硅 衬底", "3103"},
      {"\"碳化硅衬底\"", "3103"},
      {"\"碳化硅 衬底\"", "3103"},  // a space in a phrase matches no space too
      {"大型液化天然气", "1001"},
  };
  for (const Want& w : wants) {
    auto hits = Find(w.query);
    ASSERT_FALSE(hits.empty()) << w.query;
    EXPECT_EQ(hits[0].code, w.code) << w.query;
    EXPECT_EQ(hits[0].kind, "item") << w.query;
    EXPECT_EQ(hits[0].year, 2023) << w.query;
    EXPECT_EQ(hits[0].page, 2) << w.query;  // the guide is page 2 of the seed
  }
  // 揭榜挂帅 occurs three times in the 2023 guide notice (（一）, the A类 rule, the
  // limit on 揭榜挂帅 projects) and twice in the 十四五 plan.
  auto hits = Find("揭榜挂帅");
  std::set<std::string> files;
  size_t occurrences = 0;
  for (const auto& h : hits) {
    files.insert(h.file_name);
    occurrences += h.matches.size();
    EXPECT_EQ(h.page, 1);
    EXPECT_NE(MarkSnippet(h, "【", "】").find("【揭榜挂帅】"), std::string::npos) << h.snippet;
  }
  EXPECT_EQ(files, (std::set<std::string>{"2022-07-22_jiangsu-kjt_14th-five-year-hightech-plan.txt",
                                           "2022-11-08_jiangsu-kjt-czt_2023-chengguo-zhuanhua-guide-notice.txt"}));
  EXPECT_EQ(occurrences, 5u);
  // 芯粒: thirteen times, all in item 3101.
  auto chiplet = Find("芯粒");
  ASSERT_EQ(chiplet.size(), 1u);
  EXPECT_EQ(chiplet[0].matches.size(), 13u);
}

TEST_F(SeedArchive, FoldingFindsWidthCaseAndTraditional) {
  auto sic = Find("ＳｉＣ");
  ASSERT_FALSE(sic.empty());
  for (const auto& h : sic) EXPECT_NE(h.snippet.find("SiC"), std::string::npos) << h.snippet;
  auto trad = Find("產業發展趨勢");  // seed 1: 2．产业发展趋势
  ASSERT_EQ(trad.size(), 1u);
  EXPECT_EQ(trad[0].section, "2．产业发展趋势");
  EXPECT_EQ(Find("苏科高发[2022]182号").size(), 1u);  // written 苏科高发〔2022〕182号
}

TEST_F(SeedArchive, MatchesPointIntoTheDocumentText) {
  auto hits = Find("芯粒 OR 衬底");
  ASSERT_FALSE(hits.empty());
  for (const auto& h : hits) {
    ASSERT_FALSE(h.matches.empty());
    std::string text = DocText(h.doc_id);
    for (const auto& [b, e] : h.matches) {
      std::string m = Sub(text, b, e);
      EXPECT_TRUE(m == "芯粒" || m == "衬底") << m;
    }
    for (const auto& [b, e] : h.marks) {
      std::string m = Sub(h.snippet, b, e);
      EXPECT_TRUE(m == "芯粒" || m == "衬底") << m;
    }
  }
}

TEST_F(SeedArchive, Filters) {
  EXPECT_TRUE(Find("芯粒", {.year = 2022}).empty());
  EXPECT_EQ(Find("芯粒", {.year = 2023}).size(), 1u);
  EXPECT_EQ(Find("芯粒", {.issuer = "财政厅"}).size(), 1u);       // seed 4 is issued with 省财政厅
  EXPECT_TRUE(Find("芯粒", {.issuer = "工业和信息化厅"}).empty());
  EXPECT_TRUE(Find("芯粒", {.doc_type = "意见"}).empty());
  auto items = Find("研发", {.code = "31", .limit = 0});
  ASSERT_EQ(items.size(), 4u);  // 3101–3104 all say 研发
  for (const auto& h : items) EXPECT_EQ(h.code.substr(0, 2), "31");
  EXPECT_EQ(Find("研发", {.limit = 2}).size(), 2u);
}

TEST_F(SeedArchive, ChunksPartitionTheText) {
  Stmt docs(db(), "SELECT id, text FROM documents");
  while (docs.Step()) {
    int64_t id = docs.Int(0);
    std::string text = docs.Text(1);
    std::u32string cps;
    for (size_t i = 0; i < text.size();) cps.push_back(DecodeUtf8(text, &i));
    Stmt c(db(), "SELECT char_start, char_end FROM search_chunks WHERE doc_id = ? ORDER BY char_start");
    c.Bind(1, id);
    int64_t at = 0;
    while (c.Step()) {
      for (int64_t k = at; k < c.Int(0); ++k) EXPECT_TRUE(IsSearchBreak(cps[k])) << id << " @" << k;
      EXPECT_LT(c.Int(0), c.Int(1));
      EXPECT_GE(c.Int(0), at);
      at = c.Int(1);
    }
    for (int64_t k = at; k < static_cast<int64_t>(cps.size()); ++k) EXPECT_TRUE(IsSearchBreak(cps[k])) << id;
  }
  // One chunk per guide item, spanning it.
  Stmt g(db(), "SELECT count(*) FROM guide_items g WHERE (SELECT count(*) FROM search_chunks c WHERE "
               "c.guide_item_id = g.id AND c.char_start = g.char_start AND c.char_end = g.char_end) != 1");
  ASSERT_TRUE(g.Step());
  EXPECT_EQ(g.Int(0), 0);
}

// Recall against instr(): substrings drawn from the seeds and every ICU
// dictionary word of them. Every document and chunk that contains the string
// must be found; what is found must contain it (document level, ≥ 0.99).
TEST_F(SeedArchive, RecallIsTotal) {
  struct Doc {
    int64_t id;
    std::string text;
    std::u32string cps;
  };
  std::vector<Doc> docs;
  {
    Stmt q(db(), "SELECT id, text FROM documents ORDER BY file_name");
    while (q.Step()) {
      Doc d{q.Int(0), q.Text(1), {}};
      for (size_t i = 0; i < d.text.size();) d.cps.push_back(DecodeUtf8(d.text, &i));
      docs.push_back(std::move(d));
    }
  }
  ASSERT_EQ(docs.size(), 4u);
  std::map<int64_t, std::pair<int64_t, std::string>> chunks;  // id → doc, text
  {
    Stmt q(db(), "SELECT id, title, body FROM search_text");
    Stmt d(db(), "SELECT doc_id FROM search_chunks WHERE id = ?");
    while (q.Step()) {
      d.Reset();
      d.Bind(1, q.Int(0));
      ASSERT_TRUE(d.Step());
      chunks[q.Int(0)] = {d.Int(0), q.Text(2)};
    }
  }

  std::set<std::string> queries;
  // Substrings: a fixed linear congruential sequence, so the sample is the same everywhere.
  uint64_t state = 20231108;
  auto next = [&](uint64_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % n;
  };
  while (queries.size() < 1500) {
    const Doc& d = docs[next(docs.size())];
    size_t len = 1 + next(6);
    if (d.cps.size() < len) continue;
    size_t at = next(d.cps.size() - len + 1);
    std::u32string s = d.cps.substr(at, len);
    if (s.find(U'\n') != std::u32string::npos || s.find(U'\f') != std::u32string::npos) continue;
    std::string u8;
    for (char32_t c : s) AppendUtf8(c, &u8);
    if (!PhraseQuery(u8).ok()) continue;  // whitespace only
    queries.insert(u8);
  }
  const size_t sampled = queries.size();
  // Dictionary words (ICU word breaks) with a Han character.
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> words(icu::BreakIterator::createWordInstance(icu::Locale::getChinese(), err));
  ASSERT_TRUE(U_SUCCESS(err));
  size_t dictionary = 0;
  for (const Doc& d : docs) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(d.text);
    words->setText(u);
    for (int32_t b = words->first(), e = words->next(); e != icu::BreakIterator::DONE; b = e, e = words->next()) {
      if (words->getRuleStatus() < UBRK_WORD_IDEO) continue;
      std::string w;
      u.tempSubStringBetween(b, e).toUTF8String(w);
      if (queries.insert(w).second) ++dictionary;
    }
  }
  EXPECT_GT(dictionary, 1000u);

  size_t missed_docs = 0, missed_chunks = 0, found_docs = 0, true_docs = 0;
  for (const std::string& s : queries) {
    auto q = PhraseQuery(s);
    ASSERT_TRUE(q.ok()) << s;
    auto hits = Search(db(), q.value(), {.limit = 0, .snippets = false});
    ASSERT_TRUE(hits.ok()) << s << ": " << hits.status().ToString();
    std::set<int64_t> got_docs, got_chunks;
    for (const auto& h : hits.value()) {
      got_docs.insert(h.doc_id);
      got_chunks.insert(h.chunk_id);
    }
    for (const Doc& d : docs) {
      bool truth = d.text.find(s) != std::string::npos;
      if (truth && !got_docs.count(d.id)) {
        ++missed_docs;
        ADD_FAILURE() << "document " << d.id << " not found for \"" << s << "\"";
      }
      if (got_docs.count(d.id)) {
        ++found_docs;
        if (truth) ++true_docs;
      }
    }
    for (const auto& [id, c] : chunks)
      if (c.second.find(s) != std::string::npos && !got_chunks.count(id)) {
        ++missed_chunks;
        ADD_FAILURE() << "chunk " << id << " not found for \"" << s << "\"";
      }
    if (missed_docs + missed_chunks > 20) break;
  }
  EXPECT_EQ(missed_docs, 0u);
  EXPECT_EQ(missed_chunks, 0u);
  ASSERT_GT(found_docs, 0u);
  const double precision = static_cast<double>(true_docs) / found_docs;
  EXPECT_GE(precision, 0.99);
  std::cout << "[ recall ] " << queries.size() << " queries (" << sampled << " substrings, " << dictionary
            << " dictionary words): recall 100%, document precision " << precision << "\n";
}

// Ranking: a guide item's title, typed as it is or as its ICU words, finds
// that item first.
TEST_F(SeedArchive, ItemTitlesRankTheirItemFirst) {
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> words(icu::BreakIterator::createWordInstance(icu::Locale::getChinese(), err));
  ASSERT_TRUE(U_SUCCESS(err));
  Stmt q(db(), "SELECT doc_id, code, title FROM guide_items WHERE title IS NOT NULL");
  int items = 0;
  while (q.Step()) {
    ++items;
    const int64_t doc = q.Int(0);
    const std::string code = q.Text(1), title = q.Text(2);
    std::string spaced;
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(title);
    words->setText(u);
    for (int32_t b = words->first(), e = words->next(); e != icu::BreakIterator::DONE; b = e, e = words->next()) {
      if (words->getRuleStatus() == UBRK_WORD_NONE) continue;
      std::string w;
      u.tempSubStringBetween(b, e).toUTF8String(w);
      if (!spaced.empty()) spaced += ' ';
      spaced += w;
    }
    for (const std::string& query : {title, spaced}) {
      auto hits = Find(query, {.limit = 3});
      ASSERT_FALSE(hits.empty()) << query;
      EXPECT_EQ(hits[0].doc_id, doc) << query;
      EXPECT_EQ(hits[0].code, code) << query;
    }
  }
  EXPECT_EQ(items, 21);  // 22 items in seed 4, 4001 has no title
}

// With a --limit, rows that cannot reach the k best scores are not given
// their length (pipeline/search.cc, gongwen_rank_top). The k best must be
// exactly those of ranking every match (--limit 0), scores included.
TEST_F(SeedArchive, TopKRankingEqualsRankingEverything) {
  for (const char* text : {"的", "技术", "创新", "研发 项目", "碳化硅", "科技厅", "项目 NOT 申报", "芯片 OR 集成电路"}) {
    std::vector<SearchHit> all = Find(text, {.limit = 0, .snippets = false});
    for (int k : {1, 3, 20}) {
      std::vector<SearchHit> top = Find(text, {.limit = k, .rank_window = 0, .snippets = false});
      ASSERT_EQ(top.size(), std::min<size_t>(k, all.size())) << text << " k=" << k;
      for (size_t i = 0; i < top.size(); ++i) {
        EXPECT_EQ(top[i].chunk_id, all[i].chunk_id) << text << " k=" << k << " #" << i;
        EXPECT_DOUBLE_EQ(top[i].score, all[i].score) << text << " k=" << k << " #" << i;
      }
    }
  }
}

TEST_F(SeedArchive, DeletingADocumentTakesItsIndexEntries) {
  // On a copy, so the other tests keep the four seeds.
  TempDir tmp;
  std::string copy = (tmp.path() / "copy.db").string();
  ASSERT_TRUE(db().Exec("VACUUM INTO '" + copy + "'").ok());
  auto store = Store::Open(copy);
  ASSERT_TRUE(store.ok());
  Db& d = store.value()->db();
  auto count = [&](const std::string& text) {
    auto hits = Search(d, ParseQuery(text).value(), {.limit = 0});
    return hits.ok() ? static_cast<int>(hits.value().size()) : -1;
  };
  EXPECT_EQ(count("芯粒"), 1);
  ASSERT_TRUE(d.Exec("DELETE FROM documents WHERE file_name LIKE '2022-11-08%'").ok());
  EXPECT_EQ(count("芯粒"), 0);
  EXPECT_TRUE(d.Exec("INSERT INTO search(search, rank) VALUES ('integrity-check', 1)").ok());
  // An archive whose index is empty (made before the search migration) is indexed on open.
  ASSERT_TRUE(d.Exec("INSERT INTO search(search) VALUES ('delete-all'); DELETE FROM search_chunks").ok());
  EXPECT_EQ(count("SiC"), 0);
  store.value().reset();
  auto reopened = Store::Open(copy);
  ASSERT_TRUE(reopened.ok());
  auto hits = Search(reopened.value()->db(), ParseQuery("SiC").value(), {.limit = 0});
  ASSERT_TRUE(hits.ok());
  EXPECT_EQ(hits.value().size(), 2u);  // seed 2 (4.第三代半导体产业) and seed 3 (SiC 电控模块)
  EXPECT_TRUE(reopened.value()->db().Exec("INSERT INTO search(search, rank) VALUES ('integrity-check', 1)").ok());
}

// --- the command ---

TEST_F(SeedArchive, CommandJson) {
  auto r = RunGongwen("--db " + db_path_ + " search 芯粒 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 1u);
  for (const char* key : {"doc", "title", "year", "section", "code", "page", "snippet", "score", "marks", "matches"})
    EXPECT_TRUE(j[0].contains(key)) << key;
  EXPECT_EQ(j[0]["code"], "3101");
  EXPECT_EQ(j[0]["year"], 2023);
  EXPECT_EQ(j[0]["section"], "（一）重大战略产品创新（A类）");
  EXPECT_EQ(j[0]["snippet"], "3101 基于芯粒的高性能计算芯片高密度封装技术研发及产业化");
  EXPECT_EQ(j[0]["marks"][0], nlohmann::json::array({7, 9}));

  auto none = RunGongwen("--db " + db_path_ + " search 量子芯粒 --json");
  EXPECT_EQ(none.exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(none.out), nlohmann::json::array());
}

TEST_F(SeedArchive, CommandText) {
  auto r = RunGongwen("--db " + db_path_ + " search 碳化硅 衬底 --limit 1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("3103 大尺寸高质量第三代半导体碳化硅衬底研发及产业化"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("【碳化硅衬底】"), std::string::npos) << r.out;
}

// Bad input: a message or an empty result, never a crash or SQLite's words.
TEST_F(SeedArchive, CommandBadInput) {
  struct Case {
    std::string args;
    int exit_code;
    std::string_view err;  // expected in stderr
  };
  const std::string db = "--db " + db_path_ + " search ";
  const Case cases[] = {
      {db + "''", 2, "empty"},
      {db + "'   '", 2, "empty"},
      {db + std::string(10000, 'x'), 2, "too long"},
      {db + "$(printf '\\377\\376')", 2, "not valid UTF-8"},
      {db + "'，。、'", 0, ""},
      {db + "'😀'", 0, ""},
      {db + "'\"碳化'", 0, "plain words"},
      {db + "'title:芯粒'", 0, ""},
      {db + "'(芯粒'", 0, ""},
      {db + "'芯粒)'", 0, ""},
      {db + "'*'", 0, "plain words"},
      {db + "'芯粒 AND'", 0, "plain words"},
      {db + "'NOT 芯粒'", 0, "plain words"},
      {db + "'NEAR(芯粒 封装)'", 0, ""},
      {db + "'芯粒' --limit -1", 2, ""},
  };
  for (const Case& c : cases) {
    auto r = RunGongwen(c.args);
    EXPECT_EQ(r.exit_code, c.exit_code) << c.args.substr(0, 80) << "\n" << r.err;
    EXPECT_NE(r.err.find(c.err), std::string::npos) << c.args.substr(0, 80) << "\n" << r.err;
    for (std::string_view leak : {"fts5", "syntax error", "SQL", "sqlite"})
      EXPECT_EQ(r.err.find(leak), std::string::npos) << c.args.substr(0, 80) << "\n" << r.err;
  }
  auto missing = RunGongwen("--db " + (dir_->path() / "none.db").string() + " search 芯粒");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("no archive"), std::string::npos) << missing.err;
}

// The loadable extension: a plain SQLite connection (no gongwen code) runs
// MATCH on the archive once build/libgongwen_fts is loaded.
TEST_F(SeedArchive, LoadableExtension) {
  const std::string ext = (std::filesystem::path(testing::Binary()).parent_path() / "libgongwen_fts.so").string();
  ASSERT_TRUE(std::filesystem::exists(ext)) << ext;
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open_v2(db_path_.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  auto scalar = [&](const char* sql, std::string* err) -> std::string {
    sqlite3_stmt* st = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(raw, sql, -1, &st, nullptr) != SQLITE_OK) {
      *err = sqlite3_errmsg(raw);
      return "";
    }
    if (sqlite3_step(st) == SQLITE_ROW) out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    else *err = sqlite3_errmsg(raw);
    sqlite3_finalize(st);
    return out;
  };
  std::string err;
  scalar("SELECT count(*) FROM search WHERE search MATCH '芯粒'", &err);
  EXPECT_NE(err.find("no such tokenizer"), std::string::npos) << err;
  sqlite3_db_config(raw, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 1, nullptr);
  char* load_err = nullptr;
  ASSERT_EQ(sqlite3_load_extension(raw, ext.c_str(), nullptr, &load_err), SQLITE_OK) << (load_err ? load_err : "");
  err.clear();
  EXPECT_EQ(scalar("SELECT count(*) FROM search WHERE search MATCH '芯粒'", &err), "1") << err;
  EXPECT_EQ(scalar("SELECT highlight(search, 0, '[', ']') FROM search WHERE search MATCH '\"ＳｉＣ\"' "
                   "AND rowid IN (SELECT id FROM search_chunks WHERE code = '3103')", &err).find("[SiC]") != std::string::npos,
            true)
      << err;
  sqlite3_close(raw);
}

}  // namespace
}  // namespace gongwen
