// Layout and normalize, table-driven: input lines as they come out of a PDF,
// and the normalized text expected (read off the input by hand).
#include "pipeline/layout.h"

#include <gtest/gtest.h>

#include "pipeline/normalize.h"
#include "pipeline/structure.h"

namespace gongwen {
namespace {

std::string Layout(const std::string& in) {
  Document d;
  d.original = in;
  LayoutText(&d);
  return d.text;
}

struct Case {
  const char* name;
  const char* in;
  const char* want;
};

// A wrapped paragraph needs lines as wide as the document's usual line; the
// filler gives the document enough full lines to measure that width.
const std::string kFill =
    "为认真贯彻党的二十大精神，全面落实省委工作会议等决策\n\n"
    "部署，推动科技创新规划各项目标任务落地实施，专项资金将遵\n\n"
    "循科技工作方针，紧扣实施关键核心技术攻坚工程，以重大战略\n\n"
    "产品和战略整机为主攻方向，强化成果转化环节关键技术攻关。\n\n";
const std::string kFillOut =
    "为认真贯彻党的二十大精神，全面落实省委工作会议等决策部署，推动科技创新规划各项目标任务落地实施，专项资金将遵循科技工作方针，紧扣实施关键核心技术攻坚工程，以重大战略产品和战略整机为主攻方向，强化成果转化环节关键技术攻关。\n";

TEST(LayoutTest, Table) {
  const Case cases[] = {
      {"page number dropped and a page ends", "第一页\n— 13 —\n第二页", "第一页\f第二页"},
      {"page number with ascii dashes", "甲\n- 2 -\n乙", "甲\f乙"},
      {"ocr's 一 for —", "甲\n一 13 一\n乙", "甲\f乙"},
      {"form feed", "甲\f乙", "甲\f乙"},
      {"blank lines dropped", "一、总体要求\n\n \n二、支持重点", "一、总体要求\n二、支持重点"},
      {"full-width digits and letters", "ＳｉＣ衬底１２英寸", "SiC衬底12英寸"},
      {"full-width comparators", "速率＞５Ｌ／ｍｉｎ，～", "速率>5L/min，~"},
      {"cjk punctuation kept", "（一）主送：甲，乙；丙", "（一）主送：甲，乙；丙"},
      {"list marker kept", "1．2023年度指南", "1．2023年度指南"},
      {"full-width decimal", "１．５米", "1.5米"},
      {"ideographic space", "江苏省科学技术厅\u3000江苏省财政厅", "江苏省科学技术厅 江苏省财政厅"},
      {"markdown bold", "达**10%**左右", "达10%左右"},
      {"spaces collapsed and trimmed", "  甲   乙  ", "甲 乙"},
      {"tab row kept, cells trimmed", "序号 \t 地区\t最多推荐数\n1\t南京市\t40项", "序号\t地区\t最多推荐数\n1\t南京市\t40项"},
      {"superscript after mm", "电阻≤630mohm*mm\n2，100V器件", "电阻≤630mohm*mm²，100V器件"},
      {"negative superscript after cm, unit alone on a line",
       "密度≤400\n \ncm\n\n-2，微管密度≤0.2", "密度≤400cm⁻²，微管密度≤0.2"},
      {"superscript then text", "集成度达1900K gate/mm\n2以上；具有", "集成度达1900K gate/mm²以上；具有"},
      {"a digit after a non-unit is not a superscript", "共有项目\n2．申报要求", "共有项目\n2．申报要求"},
      {"micro sign folded", "漏电≤390pA/µm", "漏电≤390pA/μm"},
      {"zero-width removed", "甲\u200b乙\ufeff", "甲乙"},
  };
  for (const Case& c : cases) EXPECT_EQ(Layout(c.in), c.want) << c.name;
}

TEST(LayoutTest, WrappedLinesJoinAndHeadingsDoNot) {
  // Full lines are joined across the blank lines a PDF extractor leaves.
  EXPECT_EQ(Layout(kFill), kFillOut.substr(0, kFillOut.size() - 1));
  // A heading after a full line starts its own line.
  EXPECT_EQ(Layout(kFill + "二、申报基本条件\n"), kFillOut + "二、申报基本条件");
  // A short line is not joined (signature, date).
  EXPECT_EQ(Layout(kFill + "江苏省科学技术厅\n2022年11月8日\n"),
            kFillOut + "江苏省科学技术厅\n2022年11月8日");
  // A guide item's label starts a line even after a full title line.
  EXPECT_EQ(Layout(kFill + "1001 大型液化天然气（LNG）运输船研发及产业化研发及产业化\n主要研究内容：开展\n"),
            kFillOut + "1001 大型液化天然气（LNG）运输船研发及产业化研发及产业化\n主要研究内容：开展");
  // A number wrapped onto the next line is joined: 2022 / 年12月30日.
  EXPECT_EQ(Layout(kFill + "项目申报纸质材料受理截止时间为经过审核的材料为2022\n\n年12月30日17:30，逾期不予受理。\n"),
            kFillOut + "项目申报纸质材料受理截止时间为经过审核的材料为2022年12月30日17:30，逾期不予受理。");
}

TEST(LayoutTest, OffsetMapPointsBackToTheOriginal) {
  Document d;
  d.original = kFill + "ＳｉＣ衬底\n— 3 —\n穿透螺位错密度≤400\n\ncm\n\n-2";
  LayoutText(&d);
  // Every character of the normalized text maps to an original position
  // holding the same or the folded character.
  auto at = [&](std::string_view needle) {
    size_t n = d.text.find(needle);
    EXPECT_NE(n, std::string::npos) << needle;
    return d.original.substr(d.map.ToOriginal(n), needle.size());
  };
  EXPECT_EQ(at("衬底"), "衬底");
  EXPECT_EQ(d.original.substr(d.map.ToOriginal(d.text.find("SiC")), 3), "Ｓ");
  EXPECT_EQ(at("穿透螺位错密度"), "穿透螺位错密度");
  EXPECT_EQ(d.original.substr(d.map.ToOriginal(d.text.find("⁻²")), 2), "-2");
  // Pages: the page number ends page 1, labelled 3.
  ASSERT_EQ(d.pages.size(), 2u);
  EXPECT_EQ(d.pages[0].label, "3");
  EXPECT_EQ(d.PageAt(d.text.find("衬底")), 1);
  EXPECT_EQ(d.PageAt(d.text.find("穿透")), 2);
}

TEST(NormalizeTest, TightenCjkSpaces) {
  EXPECT_EQ(TightenCjkSpaces("2023 年度省科技"), "2023年度省科技");
  EXPECT_EQ(TightenCjkSpaces("关于印发 《指南》 的通知"), "关于印发《指南》的通知");
  EXPECT_EQ(TightenCjkSpaces("IMO Tier III 排放"), "IMO Tier III排放");
  EXPECT_EQ(TightenCjkSpaces("表1 “十四五”"), "表1 “十四五”");
}

TEST(NormalizeTest, DisplayWidthCountsCjkTwice) {
  EXPECT_EQ(DisplayWidth("abc"), 3);
  EXPECT_EQ(DisplayWidth("江苏"), 4);
  EXPECT_EQ(DisplayWidth("（1）"), 5);
}

}  // namespace
}  // namespace gongwen
