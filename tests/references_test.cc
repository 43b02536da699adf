#include "extractors/references.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "tests/test_util.h"

namespace gongwen {
namespace {

using testing::Quoted;
using testing::ReadSeed;
using testing::TextCase;

// One-line dump: title|doc_number@"slice of the span", joined by " ; ".
std::string Dump(std::string_view input, const std::vector<Reference>& v) {
  std::string out;
  for (const Reference& r : v) {
    if (!out.empty()) out += " ; ";
    out += r.title + "|" + r.doc_number + Quoted(input, r.span);
  }
  return out;
}

// Expected values written from reading the text. Seed sentences are verbatim
// with their line breaks joined.
constexpr TextCase kCases[] = {
    // 2021 seed: title + number + alias in one bracket.
    {"根据《关于印发〈2021年省科技成果转化专项资金项目指南〉及组织申报项目的通知》（苏科资发〔2021"
     "〕31号，"
     "以下简称《指南申报通知》）有关要求，为做好2021年省科技成果转化专项资金创新型产业集群培育试点"
     "项目"
     "（以下简称“集群试点项目”）",
     "关于印发〈2021年省科技成果转化专项资金项目指南〉及组织申报项目的通知|苏科资发〔2021〕31号"
     "@\"《关于印发〈2021年省科技成果转化专项资金项目指南〉及组织申报项目的通知》（苏科资发〔2021〕"
     "31号\""},
    // ... and a later use of the alias resolves to it.
    {"根据《关于印发〈2021年省科技成果转化专项资金项目指南〉及组织申报项目的通知》（苏科资发〔2021"
     "〕31号，"
     "以下简称《指南申报通知》）有关要求。群培育试点方案，并按照《指南申报通知》明确的支持领域",
     "关于印发〈2021年省科技成果转化专项资金项目指南〉及组织申报项目的通知|苏科资发〔2021〕31号"
     "@\"《关于印发〈2021年省科技成果转化专项资金项目指南〉及组织申报项目的通知》（苏科资发〔2021〕"
     "31号\" ; "
     "关于印发〈2021年省科技成果转化专项资金项目指南〉及组织申报项目的通知|苏科资发〔2021〕31号"
     "@\"《指南申报通知》\""},
    {"诺及廉政工作要求、项目申报材料及要求等，按照《关于印发〈2021年省科技成果转化专项资金项目指南"
     "〉"
     "及组织申报项目的通知》（苏科资发〔2021〕31号）中有关项目申报的规定执行。",
     "关于印发〈2021年省科技成果转化专项资金项目指南〉及组织申报项目的通知|苏科资发〔2021〕31号"
     "@\"《关于印发〈2021年省科技成果转化专项资金项目指南〉及组织申报项目的通知》（苏科资发〔2021〕"
     "31号）\""},
    // 2022-11 seed: three in a row, ﹝﹞ brackets, 、 and 和 between them.
    {"1．全面实施科研诚信承诺制。按照《关于进一步加强全省科研诚信建设的实施意见》（苏办﹝2019﹞39号"
     "）、"
     "《关于进一步弘扬科学家精神加强全省作风和学风建设的实施意见》（苏科监发〔2019〕336号）和"
     "《关于进一步压实省科技计划（专项、基金等）任务承担单位的科研作风学风和科研诚信建设主体责任的"
     "通知》"
     "（苏科监发﹝2020﹞319号）有关要求，",
     "关于进一步加强全省科研诚信建设的实施意见|苏办〔2019〕39号"
     "@\"《关于进一步加强全省科研诚信建设的实施意见》（苏办﹝2019﹞39号）\" ; "
     "关于进一步弘扬科学家精神加强全省作风和学风建设的实施意见|苏科监发〔2019〕336号"
     "@\"《关于进一步弘扬科学家精神加强全省作风和学风建设的实施意见》（苏科监发〔2019〕336号）\" ; "
     "关于进一步压实省科技计划（专项、基金等）任务承担单位的科研作风学风和科研诚信建设主体责任的通"
     "知|"
     "苏科监发〔2020〕319号@"
     "\"《关于进一步压实省科技计划（专项、基金等）任务承担单位的科研作风学风和"
     "科研诚信建设主体责任的通知》（苏科监发﹝2020﹞319号）\""},
    // Nested 〈〉 kept.
    {"严格执行省科技厅《关于转发科技部〈科学技术活动评审工作中请托行为处理规定（试行）〉的通知》"
     "（苏科监发〔2021〕44号）要求，",
     "关于转发科技部〈科学技术活动评审工作中请托行为处理规定（试行）〉的通知|苏科监发〔2021〕44号"
     "@\"《关于转发科技部〈科学技术活动评审工作中请托行为处理规定（试行）〉的通知》（苏科监发〔2021"
     "〕44号）\""},
    {"严格落实省科技厅党组《关于进一步加强全省科技管理系统全面从严治党工作的意见》（苏科党组〔2018"
     "〕16号），",
     "关于进一步加强全省科技管理系统全面从严治党工作的意见|苏科党组〔2018〕16号"
     "@\"《关于进一步加强全省科技管理系统全面从严治党工作的意见》（苏科党组〔2018〕16号）\""},
    // 2021 seed: a bare number, then a title.
    {"（参照国发[2010]32号和《国家战略性新兴产业分类目录》）",
     "|国发〔2010〕32号@\"国发[2010]32号\" ; "
     "国家战略性新兴产业分类目录|@\"《国家战略性新兴产业分类目录》\""},
    // 2022-07 seed: consecutive titles, quotes and a year range inside.
    {"根据《江苏省国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要》《江苏省“十四五”科技"
     "创新规划》"
     "和《“十四五”国家高新技术发展规划（2021-2025）》，制定本规划。",
     "江苏省国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要|"
     "@\"《江苏省国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要》\" ; "
     "江苏省“十四五”科技创新规划|@\"《江苏省“十四五”科技创新规划》\" ; "
     "“十四五”国家高新技术发展规划（2021-2025）|@\"《“十四五”国家高新技术发展规划（2021-"
     "2025）》\""},
    // 2023 seed, verbatim; the last title's bracket is an alias in quotes.
    {"为打造全面高效的技术创新体系，聚焦“1650”产业体系科学布局制造业创新中心，推动全省制造业高质量"
     "发展，"
     "根据工业和信息化部《关于完善制造业创新体系推进制造业创新中心建设的指导意见》（工信部科〔2016"
     "〕273号）、"
     "《关于印发省级制造业创新中心升级为国家制造业创新中心条件的通知》（工信厅科〔2017〕64号）和"
     "《国家制造业创新中心考核评估办法（暂行）》（工信厅科〔2018〕37号）等文件精神，"
     "制定《江苏省制造业创新中心建设工作指南（试行）》（以下简称“指南”）。",
     "关于完善制造业创新体系推进制造业创新中心建设的指导意见|工信部科〔2016〕273号"
     "@\"《关于完善制造业创新体系推进制造业创新中心建设的指导意见》（工信部科〔2016〕273号）\" ; "
     "关于印发省级制造业创新中心升级为国家制造业创新中心条件的通知|工信厅科〔2017〕64号"
     "@\"《关于印发省级制造业创新中心升级为国家制造业创新中心条件的通知》（工信厅科〔2017〕64号）\""
     " ; "
     "国家制造业创新中心考核评估办法（暂行）|工信厅科〔2018〕37号"
     "@\"《国家制造业创新中心考核评估办法（暂行）》（工信厅科〔2018〕37号）\" ; "
     "江苏省制造业创新中心建设工作指南（试行）|@\"《江苏省制造业创新中心建设工作指南（试行）》\""},
    // Spaces inside and around titles.
    {"关于印发《2023年度省科技成果转化专项资金 项目指南》及组织申报项目的通知",
     "2023年度省科技成果转化专项资金项目指南|@\"《2023年度省科技成果转化专项资金 项目指南》\""},
    {"江苏省工业和信息化厅关于印发 《江苏省制造业创新中心建设工作指南（试行）》 的通知",
     "江苏省制造业创新中心建设工作指南（试行）|@\"《江苏省制造业创新中心建设工作指南（试行）》\""},
    {"《 江苏省 5G 发展规划 》", "江苏省5G发展规划|@\"《 江苏省 5G 发展规划 》\""},
    {"《Nature  Communications》", "Nature Communications|@\"《Nature  Communications》\""},
    {"《江苏省科\n技计划项目信用管理办法》",
     "江苏省科技计划项目信用管理办法|@\"《江苏省科\n技计划项目信用管理办法》\""},
    // ASCII brackets, a space before the bracket.
    {"《办法》(苏科技规〔2018〕353号)",
     "办法|苏科技规〔2018〕353号@\"《办法》(苏科技规〔2018〕353号)\""},
    {"《办法》 （苏科技规〔2018〕353号）",
     "办法|苏科技规〔2018〕353号@\"《办法》 （苏科技规〔2018〕353号）\""},
    // Consecutive titles.
    {"《A》《B》", "A|@\"《A》\" ; B|@\"《B》\""},
    // The document's own number on its line is not a citation.
    {"江苏省科学技术厅文件\n\n苏科高发〔2022〕182号\n\n省科技厅关于印发江苏省“十四五”高新技术产业发"
     "展专项规划的通知",
     ""},
    {"苏科高发〔2022〕182号    签发人：张三", ""},
    {"  苏工信创新〔2023〕222号  ", ""},
    // A bare number inside a sentence is.
    {"按照苏科监发〔2021〕44号要求", "|苏科监发〔2021〕44号@\"苏科监发〔2021〕44号\""},
    // Unmatched and empty brackets; a title does not cross a 。.
    {"《未闭合的标题，后面是《完整标题》。", "完整标题|@\"《完整标题》\""},
    {"标题》没有开头", ""},
    {"《跨句。标题》", ""},
    {"《》", ""},
    {"《  》", ""},
    // Alias with nothing before it to name.
    {"本通知（以下简称《通知》）", ""},
    // A bracket after a title that holds no number.
    {"《江苏省科技计划项目信用管理办法》（试行）",
     "江苏省科技计划项目信用管理办法|@\"《江苏省科技计划项目信用管理办法》\""},
    {"《项目附件审查表》。", "项目附件审查表|@\"《项目附件审查表》\""},
    // Two numbers in the bracket: the second is a bare reference.
    {"《通知》（苏科资发〔2021〕31号、苏财教〔2021〕12号）",
     "通知|苏科资发〔2021〕31号@\"《通知》（苏科资发〔2021〕31号\" ; "
     "|苏财教〔2021〕12号@\"苏财教〔2021〕12号\""},
    // A number written inside a title.
    {"《关于转发国发〔2010〕32号文的通知》",
     "关于转发国发〔2010〕32号文的通知|@\"《关于转发国发〔2010〕32号文的通知》\" ; "
     "|国发〔2010〕32号@\"国发〔2010〕32号\""},
    // A number with an alias.
    {"苏科资发〔2021〕31号（以下简称《通知》）。按《通知》执行。",
     "|苏科资发〔2021〕31号@\"苏科资发〔2021〕31号\" ; |苏科资发〔2021〕31号@\"《通知》\""},
    // Inner 《》 (where 〈〉 belonged) stay in the title.
    {"《关于印发《指南》的通知》", "关于印发《指南》的通知|@\"《关于印发《指南》的通知》\""},
};

TEST(ReferencesTest, Table) {
  for (const TextCase& c : kCases) {
    EXPECT_EQ(Dump(c.input, FindReferences(c.input)), c.expected) << "input: " << c.input;
  }
}

std::string WithoutBlanks(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != ' ' && c != '\n') out += c;
  }
  return out;
}

// Every span slices back to text holding the title (blanks aside) or the
// number's serial, and the references come in order.
TEST(ReferencesTest, SpansSliceBackToTheMatch) {
  for (const TextCase& c : kCases) {
    size_t last = 0;
    for (const Reference& r : FindReferences(c.input)) {
      ASSERT_LE(r.span.end, c.input.size());
      EXPECT_GE(r.span.begin, last);
      last = r.span.begin;
      std::string slice = WithoutBlanks(c.input.substr(r.span.begin, r.span.size()));
      // An alias use (《指南申报通知》) carries the title and number it names.
      bool alias = slice.starts_with("《") &&
                   (r.title.empty() || slice.find(WithoutBlanks(r.title)) == std::string::npos);
      if (alias) {
        EXPECT_TRUE(slice.ends_with("》")) << c.input;
        continue;
      }
      if (!r.title.empty()) {
        EXPECT_TRUE(slice.starts_with("《")) << c.input;
      }
      if (!r.doc_number.empty()) {
        std::string serial = r.doc_number.substr(r.doc_number.find("〕") + 3);
        EXPECT_NE(slice.find(serial), std::string::npos) << c.input;
      }
    }
  }
}

TEST(ReferencesTest, TitleLongerThanTheLimitIsSkipped) {
  std::string title;
  while (title.size() < kMaxTitleBytes) title += "长";
  EXPECT_EQ(Dump("", FindReferences("《" + title + "》")), "");
  title.resize(kMaxTitleBytes - 6);
  EXPECT_EQ(FindReferences("《" + title + "》").size(), 1u);
}

TEST(ReferencesTest, PathologicalInputs) {
  std::string nested;
  for (int i = 0; i < 10000; ++i) nested += "《";
  nested += "标题";
  for (int i = 0; i < 10000; ++i) nested += "》";
  std::vector<Reference> refs = FindReferences(nested);
  ASSERT_EQ(refs.size(), 1u);  // the outermost pair that fits the limit
  EXPECT_LE(refs[0].span.size(), kMaxTitleBytes);

  std::string opens;
  while (opens.size() < 50u * 1000 * 1000) opens += "《《《《《《《《《《";
  EXPECT_TRUE(FindReferences(opens).empty());

  std::string closes;
  for (int i = 0; i < 1000000; ++i) closes += "》";
  EXPECT_TRUE(FindReferences(closes).empty());

  std::string many;
  for (int i = 0; i < 100000; ++i) many += "《标题》（苏科资发〔2021〕31号）";
  EXPECT_EQ(FindReferences(many).size(), 100000u);

  std::string digits = "《标题》（苏科资发〔" + std::string(1000000, '1') + "〕31号）";
  EXPECT_EQ(FindReferences(digits).size(), 1u);

}

// The 2023 seed on disk has its paragraphs on single lines already: every
// 《》 and number in it, in order (read from the file: lines 5, 9, 20, 102).
// Its own number 苏工信创新〔2023〕222号 stands alone on line 3.
TEST(ReferencesTest, Seed2023) {
  std::string text = ReadSeed("2023-06-09_jiangsu-gxt_manufacturing-innovation-center-guide.txt");
  if (text.empty()) GTEST_SKIP() << "seeds not found";
  std::string got;
  for (const Reference& r : FindReferences(text)) {
    got += (got.empty() ? "" : " ; ") + r.title + "|" + r.doc_number;
  }
  EXPECT_EQ(got,
            "江苏省制造业创新中心建设工作指南（试行）| ; "
            "江苏省制造业创新中心建设工作指南（试行）| ; "
            "关于完善制造业创新体系推进制造业创新中心建设的指导意见|工信部科〔2016〕273号 ; "
            "关于印发省级制造业创新中心升级为国家制造业创新中心条件的通知|工信厅科〔2017〕64号 ; "
            "国家制造业创新中心考核评估办法（暂行）|工信厅科〔2018〕37号 ; "
            "江苏省制造业创新中心建设工作指南（试行）| ; "
            "国家制造业创新中心考核评估办法（暂行）|");
}

}  // namespace
}  // namespace gongwen
