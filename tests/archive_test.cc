// The archive as one file: `ingest --keep-originals`, `get DOC` byte for byte,
// `export --format jsonl|csv DIR`. Inputs are the seeds and files made here.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include <nlohmann/json.hpp>

#include "tests/test_util.h"

namespace gongwen {
namespace {

using nlohmann::json;
using testing::CorpusDir;
using testing::ReadFile;
using testing::RunGongwen;
using testing::TempDir;
using testing::WriteFile;

const char* kCluster = "2021-03-17_jiangsu-kjt_2021-cluster-pilot-notice.txt";

TEST(ArchiveTest, KeptOriginalsComeBackByteForByte) {
  TempDir t;
  const std::string db = "--db " + (t.path() / "a.db").string();
  // Bytes that are not UTF-8 text: GB18030 for 科技 (bytes as such), a NUL and CRLF.
  std::string odd = "\xbf\xc6\xbc\xbc\r\n\x01\x02";
  odd += std::string(1, '\0') + "关于2024年度科技项目的通知\r\n";
  std::filesystem::create_directories(t.path() / "in");
  WriteFile(t.path() / "in" / "odd.txt", odd);
  WriteFile(t.path() / "in" / "cluster.txt", ReadFile(CorpusDir() / "notices" / kCluster));
  auto r = RunGongwen(db + " ingest -q --keep-originals " + (t.path() / "in" / "cluster.txt").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto got = RunGongwen(db + " get cluster.txt -o " + (t.path() / "back.txt").string());
  ASSERT_EQ(got.exit_code, 0) << got.err;
  EXPECT_TRUE(ReadFile(t.path() / "back.txt") == ReadFile(CorpusDir() / "notices" / kCluster));
  // To standard output (the test runner captures it).
  auto out = RunGongwen(db + " get cluster.txt");
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_TRUE(out.out == ReadFile(CorpusDir() / "notices" / kCluster));

  // A file that is not text is not stored as a document, so nothing is kept for it;
  // ingesting again keeps nothing twice.
  auto again = RunGongwen(db + " ingest -q --keep-originals " + (t.path() / "in").string());
  EXPECT_NE(again.exit_code, 3) << again.err;
  auto docs = RunGongwen(db + " docs --json");
  EXPECT_EQ(json::parse(docs.out).size(), 1u);

  // Without --keep-originals there is nothing to give back, and it says so.
  const std::string db2 = "--db " + (t.path() / "b.db").string();
  ASSERT_EQ(RunGongwen(db2 + " ingest -q " + (t.path() / "in" / "cluster.txt").string()).exit_code, 0);
  auto none = RunGongwen(db2 + " get cluster.txt -o " + (t.path() / "x").string());
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.err.find("--keep-originals"), std::string::npos) << none.err;
}

TEST(ArchiveTest, ExportWritesEveryTable) {
  TempDir t;
  const std::string db = "--db " + (t.path() / "a.db").string();
  ASSERT_EQ(RunGongwen(db + " ingest -q " + (CorpusDir() / "notices").string()).exit_code, 0);
  auto j = RunGongwen(db + " export --format jsonl " + (t.path() / "jl").string());
  ASSERT_EQ(j.exit_code, 0) << j.err;
  auto c = RunGongwen(db + " export --format csv " + (t.path() / "csv").string());
  ASSERT_EQ(c.exit_code, 0) << c.err;
  for (const char* table : {"documents", "sections", "guide_items", "rules", "quotas", "deadlines",
                            "programme_parts", "part_rules", "citations", "urls"}) {
    EXPECT_TRUE(std::filesystem::exists(t.path() / "jl" / (std::string(table) + ".jsonl"))) << table;
    EXPECT_TRUE(std::filesystem::exists(t.path() / "csv" / (std::string(table) + ".csv"))) << table;
  }
  // documents: one JSON object a line, one per seed; the 2023 guide has 22 guide items
  // and 18 quota rows (附件2), as read from the notice.
  auto lines = [](const std::string& s) {
    std::vector<std::string> out;
    for (size_t b = 0, e; b < s.size(); b = e + 1) {
      e = s.find('\n', b);
      if (e == std::string::npos) e = s.size();
      if (e > b) out.push_back(s.substr(b, e - b));
    }
    return out;
  };
  auto docs = lines(ReadFile(t.path() / "jl" / "documents.jsonl"));
  ASSERT_EQ(docs.size(), 4u);
  std::set<std::string> files;
  for (const auto& l : docs) files.insert(json::parse(l)["file_name"].get<std::string>());
  EXPECT_TRUE(files.count(kCluster));
  EXPECT_EQ(lines(ReadFile(t.path() / "jl" / "guide_items.jsonl")).size(), 22u);
  EXPECT_EQ(lines(ReadFile(t.path() / "jl" / "quotas.jsonl")).size(), 18u);
  // CSV: a header line, then one line per row (the quotas have no line breaks inside).
  auto q = ReadFile(t.path() / "csv" / "quotas.csv");
  EXPECT_EQ(q.substr(0, q.find("\r\n")), "doc_id,region,max,unit,char_start,char_end,page" +
                                             std::string(q.find(",box") != std::string::npos ? ",box" : ""));
  EXPECT_NE(q.find(",苏州市,40,项,"), std::string::npos);
}

}  // namespace
}  // namespace gongwen
