// `gongwen compare --html`: a self-contained report (no network, no scripts)
// rendered by headless Chromium, which must show the expected rows and charts.
// Skipped where /usr/bin/chromium is absent (Debian package chromium; tools/setup
// installs it).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <regex>

#include "tests/test_util.h"

namespace gongwen {
namespace {

using testing::CorpusDir;
using testing::ReadFile;
using testing::RunGongwen;
using testing::TempDir;

constexpr const char* kChromium = "/usr/bin/chromium";

// Runs a command, returning its standard output.
std::string Capture(const std::string& cmd, int* exit_code) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int rc = pclose(p);
  *exit_code = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return out;
}

std::string Chromium(const TempDir& t, const std::string& args) {
  return std::string("timeout 120 ") + kChromium +
         " --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"
         " --disable-sync --no-first-run --disable-dev-shm-usage --user-data-dir=" +
         (t.path() / "profile").string() + " " + args + " 2>/dev/null";
}

TEST(CompareHtmlTest, ReportIsSelfContainedAndRendersTheRows) {
  TempDir t;
  const std::string db = "--db " + (t.path() / "a.db").string();
  auto r = RunGongwen(db + " ingest -q " + (CorpusDir() / "notices").string() + " " +
                      (CorpusDir() / "synthetic").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto html_path = t.path() / "report.html";
  auto c = RunGongwen(db + " compare --programme 省科技成果转化专项资金 --html " + html_path.string());
  ASSERT_EQ(c.exit_code, 0) << c.err;
  const std::string html = ReadFile(html_path);

  // Self-contained: no script, nothing fetched (svg's xmlns is a name, not a fetch).
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_FALSE(std::regex_search(html, std::regex(R"((src|href)\s*=\s*["']?(https?:)?//)", std::regex::icase)));
  EXPECT_EQ(html.find("@import"), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);

  if (!std::filesystem::exists(kChromium)) GTEST_SKIP() << kChromium << " absent (apt-get install chromium)";
  int rc = -1;
  const std::string dom = Capture(Chromium(t, "--dump-dom file://" + html_path.string()), &rc);
  ASSERT_EQ(rc, 0);
  ASSERT_FALSE(dom.empty());
  // The rendered document has the tables and charts, and the rows of the
  // documented changes (corpus/synthetic/CHANGES.md).
  EXPECT_NE(dom.find("<title>省科技成果转化专项资金 2023–2024"), std::string::npos);
  for (const char* want : {"≤1500万元 (原则上)", "≤1800万元 (原则上)",  // B cap
                           "苏州市", "45项",                             // quota
                           "2023-12-20T17:30",                           // deadline moved
                           "3204 EDA工具与IP核", "2603 现代农业",         // item added, removed
                           "tightened", "relaxed", "单通道速率", "≥25Gbps", "表面粗糙度",
                           "资助上限 funding caps · B类"}) {
    EXPECT_NE(dom.find(want), std::string::npos) << want;
  }
  // Charts: one per category of caps (A, B, C) and one per changed indicator (4).
  size_t svgs = 0;
  for (size_t p = dom.find("<svg"); p != std::string::npos; p = dom.find("<svg", p + 1)) ++svgs;
  EXPECT_EQ(svgs, 3u + 4u);
  // The rows of the comparison table: one <tr class="…"> per row, unchanged ones included.
  EXPECT_NE(dom.find("<tr class=\"changed\">"), std::string::npos);
  EXPECT_NE(dom.find("<tr class=\"unchanged\">"), std::string::npos);

  // And it paints: a screenshot is a PNG of the page.
  const auto png = t.path() / "report.png";
  Capture(Chromium(t, "--window-size=1200,1600 --screenshot=" + png.string() + " file://" + html_path.string()), &rc);
  ASSERT_TRUE(std::filesystem::exists(png));
  const std::string bytes = ReadFile(png);
  ASSERT_GT(bytes.size(), 8u);
  EXPECT_EQ(bytes.substr(1, 3), "PNG");
  EXPECT_GT(bytes.size(), 20000u);  // not a blank page
}

}  // namespace
}  // namespace gongwen
