// Scanned forms: gongwen_forms prints filled forms as clean and degraded
// 200 dpi scans (no text layer, ticks drawn as pen strokes); they are read
// back through the whole ingest path (page OCR, cells from ruling lines, each
// cell recognized alone, boxes from ink) and compared with the fill data the
// generator wrote beside them (NAME.truth.json), not with extractor output.
//
// The OCR of the pages and cells of a few of these scans is recorded in
// corpus/forms/ocr (`gongwen_forms eval DIR --record corpus/forms/ocr`), so
// the accuracy test runs without Tesseract; one test runs Tesseract itself
// and is skipped when its Chinese data is not installed.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>

#include "pipeline/ocr.h"
#include "tests/test_util.h"

namespace gongwen {
namespace {

namespace fs = std::filesystem;

struct Scores {
  double fields = -1, boxes = -1;  // percent; -1 when the line is missing or n/a
};

// Runs `gongwen_forms eval` and reads its table: rendering → scores.
std::map<std::string, Scores> Eval(const fs::path& tool, const std::string& dir, const std::string& args,
                                   const fs::path& out_path) {
  const std::string cmd = tool.string() + " eval " + dir + " " + args + " > " + out_path.string();
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::map<std::string, Scores> out;
  std::istringstream in(testing::ReadFile(out_path));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string name, forms, fields, acc, boxes;
    if (!(ls >> name >> forms >> fields >> acc >> boxes)) continue;
    Scores s;
    s.fields = std::atof(acc.c_str());
    if (boxes != "n/a") s.boxes = std::atof(boxes.c_str());
    out[name] = s;
  }
  return out;
}

class FormsScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tool_ = fs::path(testing::Binary()).parent_path() / "gongwen_forms";
    if (!fs::exists(tool_)) GTEST_SKIP() << "gongwen_forms not built";
    dir_ = (tmp_.path() / "forms").string();
    // Seed 1, the first form of each template: the scans recorded in corpus/forms/ocr.
    ASSERT_EQ(std::system((tool_.string() + " make " + dir_ + " --count 1 --seed 1 --scans > /dev/null").c_str()), 0);
    if (!fs::exists(fs::path(dir_) / "cluster_pilot_2021_000.scan-clean.pdf"))
      GTEST_SKIP() << "gongwen_forms built without PDF output";
  }
  testing::TempDir tmp_;
  fs::path tool_;
  std::string dir_;
};

// Recorded OCR (corpus/forms/ocr): the 2021 cluster-pilot form as a clean
// scan (5 pages, 206 values, 144 boxes) and the Suzhou 推荐汇总表 as a clean
// and a degraded scan (30 values, no boxes). The bounds are the issue's
// targets where they are met, else a little under what is measured (see
// README, Application forms: the degraded scans and the Suzhou table are
// short of the targets).
TEST_F(FormsScanTest, RecordedOcr) {
  const std::string replay = (testing::CorpusDir() / "forms" / "ocr").string();
  auto cluster = Eval(tool_, dir_, "--only cluster_pilot_2021_000.scan-clean --ocr-replay " + replay,
                      tmp_.path() / "eval1.txt");
  ASSERT_EQ(cluster.count("scan-clean"), 1u);
  EXPECT_GE(cluster["scan-clean"].fields, 95.0);
  EXPECT_GE(cluster["scan-clean"].boxes, 97.0);
  auto suzhou = Eval(tool_, dir_, "--only suzhou_recommend_summary_000.scan --ocr-replay " + replay,
                     tmp_.path() / "eval2.txt");
  ASSERT_EQ(suzhou.count("scan-clean"), 1u);
  ASSERT_EQ(suzhou.count("scan-degraded"), 1u);
  EXPECT_GE(suzhou["scan-clean"].fields, 85.0);
  EXPECT_GE(suzhou["scan-degraded"].fields, 75.0);
}

// Tesseract itself on the one-page Suzhou form, clean scan.
TEST_F(FormsScanTest, TesseractReadsACleanScan) {
  if (!NewTesseractOcr().ok()) GTEST_SKIP() << "Tesseract with chi_sim not installed";
  auto got = Eval(tool_, dir_, "--only suzhou_recommend_summary_000.scan-clean", tmp_.path() / "eval.txt");
  ASSERT_EQ(got.count("scan-clean"), 1u);
  EXPECT_GE(got["scan-clean"].fields, 85.0);
}

// Tesseract itself on the five-page 2021 form, degraded scan. Recorded OCR
// cannot see a change in how cells are recognized: when the page OCR's
// despeckle and leftover-lines passes became defaults and reached the cells
// too, the replayed figures held while this run fell to 69% of fields.
// Measured 89.8% of fields and 98.6% of boxes.
TEST_F(FormsScanTest, TesseractReadsADegradedScan) {
  if (!NewTesseractOcr().ok()) GTEST_SKIP() << "Tesseract with chi_sim not installed";
  auto got = Eval(tool_, dir_, "--only cluster_pilot_2021_000.scan-degraded", tmp_.path() / "eval.txt");
  ASSERT_EQ(got.count("scan-degraded"), 1u);
  EXPECT_GE(got["scan-degraded"].fields, 85.0);
  EXPECT_GE(got["scan-degraded"].boxes, 97.0);
}

}  // namespace
}  // namespace gongwen
