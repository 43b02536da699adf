// The ingest command end to end: idempotence, bad input, exit codes, a
// database that stays whole. Inputs are made at test time.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>
#include <unicode/ucnv.h>

#include "tests/test_util.h"

namespace gongwen {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::CorpusDir;
using testing::ReadFile;
using testing::RunGongwen;
using testing::TempDir;
using testing::WriteFile;

const char* kCluster = "2021-03-17_jiangsu-kjt_2021-cluster-pilot-notice.txt";

std::string Seed(const char* name) { return ReadFile(CorpusDir() / "notices" / name); }

std::string ToGbk(const std::string& utf8) {
  UErrorCode err = U_ZERO_ERROR;
  std::string out(utf8.size() * 2 + 16, '\0');
  int32_t n = ucnv_convert("GB18030", "UTF-8", out.data(), static_cast<int32_t>(out.size()),
                           utf8.data(), static_cast<int32_t>(utf8.size()), &err);
  EXPECT_TRUE(U_SUCCESS(err));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string Db(const TempDir& t) { return "--db " + (t.path() / "a.db").string(); }

int CountLines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

TEST(IngestCliTest, ReingestingAnUnchangedFileChangesNothing) {
  TempDir t;
  auto r1 = RunGongwen(Db(t) + " ingest -q " + (CorpusDir() / "notices").string());
  ASSERT_EQ(r1.exit_code, 0) << r1.err;
  EXPECT_NE(r1.out.find("stored 4, unchanged 0, failed 0"), std::string::npos) << r1.out;
  auto r2 = RunGongwen(Db(t) + " ingest -q -j 2 " + (CorpusDir() / "notices").string());
  ASSERT_EQ(r2.exit_code, 0) << r2.err;
  EXPECT_NE(r2.out.find("stored 0, unchanged 4, failed 0"), std::string::npos) << r2.out;
  auto docs = RunGongwen(Db(t) + " docs --json");
  EXPECT_EQ(json::parse(docs.out).size(), 4u);
}

TEST(IngestCliTest, GbkTextGivesTheSameRecordsAsUtf8) {
  TempDir t;
  WriteFile(t.path() / "utf8.txt", Seed(kCluster));
  WriteFile(t.path() / "gbk.txt", ToGbk(Seed(kCluster)));
  auto r = RunGongwen(Db(t) + " ingest -q " + (t.path() / "utf8.txt").string() + " " +
                      (t.path() / "gbk.txt").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json a = json::parse(RunGongwen(Db(t) + " show --json utf8.txt").out);
  json b = json::parse(RunGongwen(Db(t) + " show --json gbk.txt").out);
  EXPECT_EQ(a["charset"], "UTF-8");
  EXPECT_EQ(b["charset"], "GB18030");
  for (const char* key : {"title", "date", "issuers", "attachments", "outline", "deadlines",
                          "contacts", "references", "rules"})
    EXPECT_EQ(a[key], b[key]) << key;
  EXPECT_EQ(RunGongwen(Db(t) + " text gbk.txt").out, RunGongwen(Db(t) + " text utf8.txt").out);
}

TEST(IngestCliTest, BadInputsFailOneByOneAndTheRestIsStored) {
  TempDir t;
  fs::path in = t.path() / "in";
  fs::create_directories(in);
  WriteFile(in / "good.txt", Seed(kCluster));
  WriteFile(in / "empty.txt", "");
  WriteFile(in / "blank.txt", "  \n\n \t\n");
  WriteFile(in / "binary.txt", std::string("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0", 16) + std::string(200, '\0'));
  WriteFile(in / "invalid.txt", std::string("abc \x80\x80\xfd\xc3\x28 \xa0\xa1", 12) + std::string(64, '\xff'));
  WriteFile(in / "program.exe", std::string("MZ\x90\0\x03\0\0\0", 8) + std::string(100, '\x01'));
  // A text file over the limit (1 MiB here, set with --max-text-mb 1).
  {
    std::string big;
    while (big.size() < (3u << 20)) big += Seed(kCluster);
    WriteFile(in / "huge.txt", big);
  }
  std::string missing = (t.path() / "no-such-file.txt").string();
  auto r = RunGongwen(Db(t) + " ingest -q --max-text-mb 1 " + in.string() + " " + missing);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("stored 1, unchanged 0, failed 7"), std::string::npos) << r.out;
  // One line per failure, naming the file and the reason.
  EXPECT_EQ(CountLines(r.err), 7) << r.err;
  for (const char* expect : {"empty.txt: invalid input: empty file", "blank.txt: invalid input: no text",
                             "binary.txt: ", "invalid.txt: invalid input: not UTF-8",
                             "program.exe: unsupported", "huge.txt: too large", "no-such-file.txt: not found"})
    EXPECT_NE(r.err.find(expect), std::string::npos) << expect << "\n" << r.err;
  // The database is whole.
  auto check = RunGongwen(Db(t) + " docs --json");
  ASSERT_EQ(check.exit_code, 0) << check.err;
  EXPECT_EQ(json::parse(check.out).size(), 1u);
  std::string integrity = std::string("sqlite3 ") + (t.path() / "a.db").string() + " 'PRAGMA integrity_check'";
  FILE* p = popen(integrity.c_str(), "r");
  ASSERT_NE(p, nullptr);
  char buf[64] = {0};
  ASSERT_NE(fgets(buf, sizeof buf, p), nullptr);
  pclose(p);
  EXPECT_STREQ(buf, "ok\n");
}

TEST(IngestCliTest, UnreadableDirectoryIsReportedAndTheRestStored) {
  if (geteuid() == 0) GTEST_SKIP() << "root reads every directory";
  TempDir t;
  fs::create_directories(t.path() / "locked");
  WriteFile(t.path() / "locked" / "x.txt", Seed(kCluster));
  fs::permissions(t.path() / "locked", fs::perms::none);
  WriteFile(t.path() / "ok.txt", Seed(kCluster));
  auto r = RunGongwen(Db(t) + " ingest -q " + t.path().string());
  fs::permissions(t.path() / "locked", fs::perms::owner_all);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("locked"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("stored 1"), std::string::npos) << r.out;
}

TEST(IngestCliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(RunGongwen("ingest").exit_code, 2);
  EXPECT_EQ(RunGongwen("no-such-command").exit_code, 2);
  EXPECT_EQ(RunGongwen("ingest --jobs abc x").exit_code, 2);
}

TEST(IngestCliTest, ReadCommandsOnAMissingArchiveOrDocument) {
  TempDir t;
  auto r = RunGongwen(Db(t) + " docs");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("no archive"), std::string::npos) << r.err;
  ASSERT_EQ(RunGongwen(Db(t) + " ingest -q " + (CorpusDir() / "notices" / kCluster).string()).exit_code, 0);
  r = RunGongwen(Db(t) + " show nothing-like-this");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no such document"), std::string::npos) << r.err;
}

TEST(IngestCliTest, DocIsAnIdAHashPrefixOrAFileName) {
  TempDir t;
  ASSERT_EQ(RunGongwen(Db(t) + " ingest -q " + (CorpusDir() / "notices" / kCluster).string()).exit_code, 0);
  json by_name = json::parse(RunGongwen(Db(t) + " show --json " + kCluster).out);
  std::string sha = by_name["sha256"];
  json by_id = json::parse(RunGongwen(Db(t) + " show --json 1").out);
  json by_hash = json::parse(RunGongwen(Db(t) + " show --json " + sha.substr(0, 8)).out);
  EXPECT_EQ(by_id["title"], by_name["title"]);
  EXPECT_EQ(by_hash["title"], by_name["title"]);
}

TEST(IngestCliTest, TextMarksPagesWithFormFeedsAndOriginalIsTheInput) {
  TempDir t;
  std::string input = "第一页\n— 1 —\n第二页的内容\n";
  WriteFile(t.path() / "two-pages.txt", input);
  ASSERT_EQ(RunGongwen(Db(t) + " ingest -q " + (t.path() / "two-pages.txt").string()).exit_code, 0);
  EXPECT_EQ(RunGongwen(Db(t) + " text two-pages.txt").out, "第一页\f第二页的内容\n");
  EXPECT_EQ(RunGongwen(Db(t) + " text --original two-pages.txt").out, input);
}

}  // namespace
}  // namespace gongwen
