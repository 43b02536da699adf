// Real PDFs from ../shared/realdocs (see its MANIFEST.tsv): what the text
// layer gives and what triage decides. The files are read where they are,
// never copied into the project; each test is skipped when they are absent.
// Expected values come from the manifest and from looking at the rendered pages.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "pipeline/pdf_text.h"
#include "pipeline/sqlite.h"
#include "pipeline/raster.h"
#include "pipeline/triage.h"
#include "tests/test_util.h"

namespace gongwen {
namespace {

std::filesystem::path RealDocsDir() { return testing::SourceDir() / ".." / "shared" / "realdocs"; }

struct Case {
  const char* file;
  Triage::Verdict verdict;  // of page 1
  const char* contains;     // in page 1's text, in reading order ("" for none)
};

class RealDocs : public ::testing::TestWithParam<Case> {};

TEST_P(RealDocs, TextLayerAndTriage) {
  const Case& c = GetParam();
  std::filesystem::path path = RealDocsDir() / c.file;
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " not present";
  std::string bytes = testing::ReadFile(path);
  auto pdf = PdfFile::Open(bytes);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  PdfPageText page = pdf.value()->TextLayer(0);
  Triage t = TriageTextLayer(page);
  EXPECT_EQ(static_cast<int>(t.verdict), static_cast<int>(c.verdict)) << t.reason;
  auto lines = OrderWords(page.words);
  std::string text = RenderLines(&lines, 0);
  if (*c.contains) {
    EXPECT_NE(text.find(c.contains), std::string::npos) << text;
  }
  if (t.verdict == Triage::Verdict::kAbsent) {
    // A scan: no text, but ink on the page.
    EXPECT_TRUE(PageHasInk(*pdf.value(), 0, page.words));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Manifest, RealDocs,
    ::testing::Values(
        Case{"pdfjs_XiaoBiaoSong_gbk-in-winansi.pdf", Triage::Verdict::kGarbled, ""},
        Case{"pdfjs_SimFang-variant_gbk-in-winansi.pdf", Triage::Verdict::kGarbled, ""},
        Case{"pdfjs_issue7696_wrong-tounicode.pdf", Triage::Verdict::kGarbled, ""},
        Case{"pdfjs_issue3405r_no-tounicode.pdf", Triage::Verdict::kGarbled, ""},
        Case{"pdfjs_issue2128r_gbk-euc-h_nonembedded.pdf", Triage::Verdict::kUsable, "浅谈校长的魅力"},
        Case{"pdfjs_issue3521_gbkp-euc-h_fpdf.pdf", Triage::Verdict::kThin, "我们都是黑体字"},
        Case{"pdfjs_issue8372_unigb-utf16-h_nonembedded.pdf", Triage::Verdict::kThin, "目录"},
        Case{"pdfjs_issue13316_spaced-title_youyuan.pdf", Triage::Verdict::kThin, "开 票 通 知 单"},
        Case{"pdfjs_issue19182_hk-form_extB.pdf", Triage::Verdict::kUsable, "胡駿𥕛"},
        Case{"wps_checkbox_symbols.pdf", Triage::Verdict::kUsable, "☑已选框"},
        Case{"byd_2025q1_report_wingdings-checkbox.pdf", Triage::Verdict::kUsable, "2025 年第一季度报告"},
        Case{"putuo-justice_2026_dept-budget.pdf", Triage::Verdict::kUsable, "预算主管部门：上海市普陀区司法局"},
        Case{"sac_disciplinary_decision_scan.pdf", Triage::Verdict::kAbsent, ""},
        Case{"chinese_book_scan_ccitt.pdf", Triage::Verdict::kAbsent, ""}),
    [](const ::testing::TestParamInfo<Case>& info) {
      std::string n = info.param.file;
      n = n.substr(0, n.find('.'));
      for (char& ch : n)
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      return n;
    });

TEST(RealDocsPages, LandscapeBudgetPagesKeepTheirSize) {
  std::filesystem::path path = RealDocsDir() / "putuo-justice_2026_dept-budget.pdf";
  if (!std::filesystem::exists(path)) GTEST_SKIP();
  std::string bytes = testing::ReadFile(path);
  auto pdf = PdfFile::Open(bytes);
  ASSERT_TRUE(pdf.ok());
  EXPECT_EQ(pdf.value()->page_count(), 23);  // MANIFEST: 23 pages
  double w = 0, h = 0;
  pdf.value()->PageSize(0, &w, &h);
  EXPECT_GT(w, h);  // landscape
}

// Every PDF and image of the manifest through `gongwen ingest --ocr never`
// in one batch: each PDF stored with the page count the manifest gives, each
// image refused on one line (it has no text without OCR), exit code 1, and a
// database that passes PRAGMA integrity_check.
TEST(RealDocsIngest, EveryFileStoredOrRefusedOnOneLine) {
  const std::filesystem::path dir = RealDocsDir();
  if (!std::filesystem::exists(dir / "MANIFEST.tsv")) GTEST_SKIP() << dir << " not present";
  std::ifstream manifest(dir / "MANIFEST.tsv");
  std::string line;
  std::getline(manifest, line);  // header
  std::map<std::string, int> pdf_pages;
  std::vector<std::string> images;
  std::string args;
  while (std::getline(manifest, line)) {
    std::vector<std::string> cols;
    std::stringstream ss(line);
    for (std::string c; std::getline(ss, c, '\t');) cols.push_back(c);
    if (cols.size() < 6 || !std::filesystem::exists(dir / cols[0])) continue;
    if (cols[0].ends_with(".pdf")) pdf_pages[cols[0]] = std::stoi(cols[5]);
    else images.push_back(cols[0]);
    args += " " + (dir / cols[0]).string();
  }
  ASSERT_FALSE(pdf_pages.empty());
  testing::TempDir t;
  const std::string db = (t.path() / "a.db").string();
  auto r = testing::RunGongwen("--db " + db + " ingest -q -j 2 --ocr never" + args);
  EXPECT_EQ(r.exit_code, images.empty() ? 0 : 1) << r.err;
  EXPECT_NE(r.out.find(fmt::format("stored {}, unchanged 0, failed {}", pdf_pages.size(), images.size())),
            std::string::npos)
      << r.out << r.err;
  for (const std::string& img : images)
    EXPECT_NE(r.err.find("gongwen: " + (dir / img).string() +
                         ": unsupported: an image has no text without OCR (--ocr never)\n"),
              std::string::npos)
        << img << "\n" << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), static_cast<long>(images.size())) << r.err;

  Db d;
  ASSERT_TRUE(d.Open(db, false).ok());
  Stmt check(d, "PRAGMA integrity_check");
  ASSERT_TRUE(check.Step());
  EXPECT_EQ(check.Text(0), "ok");
  Stmt pages(d, "SELECT file_name, page_count FROM documents");
  std::map<std::string, int> stored;
  while (pages.Step()) stored[pages.Text(0)] = static_cast<int>(pages.Int(1));
  EXPECT_EQ(stored, pdf_pages);
}

}  // namespace
}  // namespace gongwen
