// Forms on PDF pages: cells from ruling lines and word boxes, and filled
// forms printed to PDF read back field by field.
#include <gtest/gtest.h>

#include <leptonica/allheaders.h>

#include <filesystem>
#include <string>

#include "extractors/forms_extract.h"
#include "pipeline/form_cells.h"
#include "pipeline/ingest.h"
#include "tests/test_util.h"

namespace gongwen {
namespace {

namespace fs = std::filesystem;

Word W(const std::string& text, double x0, double y0, double x1, double y1) {
  Word w;
  w.text = text;
  w.box = Box{x0, y0, x1, y1};
  return w;
}

// A page at 72 dpi (a pixel is a point): a 3×3 grid whose left column is one
// cell over the three rows (a vertical merge) and whose bottom-right two
// cells are one (a horizontal merge); words in cells and one above the table.
TEST(FormCells, GridFromRulingLinesWithMergedCells) {
  Pix* img = pixCreate(400, 300, 8);
  pixSetAll(img);  // white
  auto hline = [&](int y, int x0, int x1) {
    for (int x = x0; x <= x1; ++x) pixSetPixel(img, x, y, 0);
  };
  auto vline = [&](int x, int y0, int y1) {
    for (int y = y0; y <= y1; ++y) pixSetPixel(img, x, y, 0);
  };
  // rows at y 100, 140, 180, 220; columns at x 50, 150, 250, 350
  hline(100, 50, 350);
  hline(140, 150, 350);
  hline(180, 150, 350);
  hline(220, 50, 350);
  vline(50, 100, 220);
  vline(150, 100, 220);
  vline(250, 100, 180);  // not between the bottom-right cells
  vline(350, 100, 220);
  Page page;
  page.number = 1;
  page.words = {W("申", 160, 110, 170, 120), W("报", 170, 110, 180, 120), W("表", 100, 40, 110, 50),
                W("甲", 60, 150, 70, 160), W("值", 260, 110, 270, 120), W("合", 200, 190, 210, 200),
                W("并", 280, 190, 290, 200)};
  int table = 0;
  std::vector<Cell> cells = PageCells(img, 72, page, &table);
  pixDestroy(&img);
  EXPECT_EQ(table, 1);
  // Expected: the paragraph above, then cells row by row.
  ASSERT_GE(cells.size(), 6u);
  EXPECT_EQ(cells[0].table, -1);
  EXPECT_EQ(cells[0].text, "表");
  const Cell* left = nullptr;
  const Cell* merged = nullptr;
  for (const Cell& c : cells) {
    if (c.text == "甲") left = &c;
    if (c.text.find("合") != std::string::npos) merged = &c;
  }
  ASSERT_NE(left, nullptr);
  EXPECT_EQ(left->row, 0);
  EXPECT_EQ(left->col, 0);
  EXPECT_EQ(left->row_span, 3);
  ASSERT_NE(merged, nullptr);
  // Both words, far apart, in the one merged cell.
  EXPECT_EQ(merged->text, "合  并");
  EXPECT_EQ(merged->row, 2);
  EXPECT_EQ(merged->col, 1);
  EXPECT_EQ(merged->col_span, 2);
  bool found = false;
  for (const Cell& c : cells) found |= c.text == "申报" && c.row == 0 && c.col == 1 && c.col_span == 1;
  EXPECT_TRUE(found);
}

TEST(FormCells, MayBeForm) {
  EXPECT_TRUE(MayBeForm("省科技成果转化专项资金\n创新型产业集群培育试点申报表\n集群名称"));
  EXPECT_TRUE(MayBeForm("是否按期完成 ☑是 □否"));
  EXPECT_FALSE(MayBeForm("关于组织申报2023年度项目的通知"));
}

// The 2023 guide (a notice of 34 text-layer pages) attaches blank forms: its
// prose pages are not rendered to look for cells, its attached summary form
// (pages 31-33: a table with □ boxes) is, and a blank form makes no record.
TEST(FormCells, OnlyPagesThatMayHoldAFormAreRendered) {
  auto r = ProcessFile((testing::CorpusDir() / "pdf/2022-11-08_2023-chengguo-zhuanhua-guide.pdf").string());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Document& d = r.value();
  ASSERT_EQ(d.pages.size(), 34u);
  const std::vector<bool> hold = PagesThatMayHoldForm(d);
  ASSERT_EQ(hold.size(), 34u);
  for (int p = 1; p <= 11; ++p) EXPECT_FALSE(hold[p - 1]) << "page " << p;  // the notice's paragraphs
  // 附2, the blank 申报表 on pages 30-34 (labels, empty boxes, example rows
  // marked （示例）, ××× for values): its text shows it blank, so it is not
  // rendered either.
  for (int p = 30; p <= 34; ++p) EXPECT_FALSE(hold[p - 1]) << "page " << p;
  EXPECT_FALSE(d.form.has_value());
}

// Blank or filled, from the text alone.
TEST(FormCells, BlankFormText) {
  const struct {
    const char* text;
    bool blank;
  } cases[] = {
      // Labels, options and empty boxes, an example row, placeholders.
      {"集群名称\n所在国家高新区基本情况\n名称\n主要负责人\n职务\n集群目前所处水平\n"
       "□国际先进 □国内领先 □省内领先 □其他\n企业名称\n×××有限公司（示例）\n□是 □否\n— 3 —",
       true},
      // The same with one box ticked: filled.
      {"集群名称\n所在国家高新区基本情况\n名称\n主要负责人\n职务\n集群目前所处水平\n"
       "□国际先进 ☑国内领先 □省内领先 □其他\n企业名称\n×××有限公司（示例）\n□是 □否",
       false},
      // Values beside the labels, no box ticked: filled.
      {"集群名称 无锡纳米新材料创新型产业集群\n名称 徐州高新技术产业开发区\n主要负责人 欧阳霞\n"
       "职务 主任\n地址 盐城市工业园区创新路226号\n企业名称 苏州启元生物科技有限公司",
       false},
      // A page of the notice's sentences is not a form at all.
      {"", false},
  };
  for (const auto& c : cases) EXPECT_EQ(BlankFormText(c.text), c.blank) << c.text;
}

// A line of a scan's header as OCR read it, stray quotes inside a label
// (联“系人) and after a value (黄平”): the labels are still found.
TEST(FormsExtract, StrayQuotesOfOcrHideNoLabel) {
  const FormTemplate* t = FindFormTemplate("suzhou_recommend_summary");
  ASSERT_NE(t, nullptr);
  Cell c;
  c.table = -1;
  c.page = 1;
  c.confidence = 0.8f;
  c.text = "推荐单位（盖章）:盐城市滨湖区科技局联“系人:黄平”联系电话: 0512-84183767";
  FormRecord r = ExtractForm(*t, {c});
  EXPECT_EQ(r.fields["recommender"].value, "盐城市滨湖区科技局");
  EXPECT_EQ(r.fields["contact_name"].value, "黄平");
  EXPECT_EQ(r.fields["contact_phone"].value, "0512-84183767");
}

// A label printing （%） whose % OCR read as digits (占有率(9%0)), in a label
// with digits of its own (2020年): still the label, and its value beside it.
TEST(FormsExtract, PercentSignReadAsDigitsInALabelWithAYear) {
  const FormTemplate* t = FindFormTemplate("cluster_pilot_2021");
  ASSERT_NE(t, nullptr);
  Cell label, value;
  label.table = value.table = 0;
  label.page = value.page = 1;
  label.confidence = value.confidence = 0.8f;
  label.col = 0;
  value.col = 1;
  label.text = "截至2020年底集群主\n导产品市场占有率\n(9%0)";
  value.text = "46.2";
  FormRecord r = ExtractForm(*t, {label, value});
  EXPECT_EQ(r.fields["cluster_market_share"].value, "0.462");
}

// Labels as OCR read them on degraded scans: （亿元） with 元 read as 7 (a
// digit alone beside the label's own 2020); a speck read as 人 after 姓名 in
// its cell, the name in the cell to the right.
TEST(FormsExtract, LabelsOcrMisreadOnDegradedScans) {
  const FormTemplate* t = FindFormTemplate("cluster_pilot_2021");
  ASSERT_NE(t, nullptr);
  std::vector<Cell> cells;
  auto add = [&](int row, int col, const char* text) {
    Cell c;
    c.table = 0;
    c.page = 1;
    c.row = row;
    c.col = col;
    c.confidence = 0.8f;
    c.text = text;
    cells.push_back(c);
  };
  add(0, 0, "姓名  人");
  add(0, 1, "王洋");
  add(1, 0, "集群2020年度工业总\n产值(亿7");
  add(1, 1, "1357.7");
  add(2, 0, "集群2021年度工业总\n产值(亿元)");  // another year: not this form's label
  add(2, 1, "99");
  FormRecord r = ExtractForm(*t, cells);
  EXPECT_EQ(r.fields["contact_name"].value, "王洋");
  EXPECT_EQ(r.fields["cluster_output"].value, "135770000000");
}

// A share (type `share`: R&D over GDP, a market share) above 100% without a
// decimal point: the point OCR lost goes back at the rightmost place that
// brings it to 100% or under.
TEST(FormsExtract, ShareAboveAHundredLostItsDecimalPoint) {
  const FormTemplate* t = FindFormTemplate("cluster_pilot_2021");
  ASSERT_NE(t, nullptr);
  ASSERT_TRUE(t->Field("zone_rd_share")->share);
  const struct {
    const char* read;
    const char* value;
  } cases[] = {{"649", "0.649"}, {"6495", "0.6495"}, {"1005", "0.1005"}, {"64.9", "0.649"}, {"100", "1"},
               {"180.5", "1.805"}};  // a decimal point seen: kept as read
  for (const auto& c : cases) {
    Cell label, value;
    label.table = value.table = 0;
    label.page = value.page = 1;
    label.col = 0;
    value.col = 1;
    label.text = "2020年高新区R&D投入占GDP比重（%）";
    value.text = c.read;
    FormRecord r = ExtractForm(*t, {label, value});
    EXPECT_EQ(r.fields["zone_rd_share"].value, c.value) << c.read;
  }
}

// Filled forms printed to PDF by gongwen_forms (built with Cairo/Pango), read
// back through the whole ingest path.
TEST(FormsPdf, PrintedFormsReadBack) {
  const fs::path tool = fs::path(testing::Binary()).parent_path() / "gongwen_forms";
  if (!fs::exists(tool)) GTEST_SKIP() << "gongwen_forms not built";
  testing::TempDir tmp;
  const std::string dir = (tmp.path() / "forms").string();
  ASSERT_EQ(std::system((tool.string() + " make " + dir + " --count 3 --seed 7 > /dev/null").c_str()), 0);
  bool any_pdf = false;
  for (const auto& e : fs::directory_iterator(dir)) any_pdf |= e.path().extension() == ".pdf";
  if (!any_pdf) GTEST_SKIP() << "gongwen_forms built without PDF output";
  const std::string out_path = (tmp.path() / "eval.txt").string();
  ASSERT_EQ(std::system((tool.string() + " eval " + dir + " > " + out_path).c_str()), 0);
  const std::string out = testing::ReadFile(out_path);
  // Every rendering: all fields and all boxes as filled.
  size_t lines = 0;
  for (size_t p = out.find('\n'); p != std::string::npos && p + 1 < out.size(); p = out.find('\n', p + 1)) {
    std::string line = out.substr(p + 1, out.find('\n', p + 1) - p - 1);
    if (line.empty()) continue;
    ++lines;
    EXPECT_NE(line.find("100.00%    100.00%"), std::string::npos) << line;
  }
  EXPECT_EQ(lines, 4u) << out;  // three .docx renderings and the PDF
}

}  // namespace
}  // namespace gongwen
