#include "extractors/doc_number.h"

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

// One-line dump: text/agency/year/serial@"slice of the span", joined by " ; ".
std::string Dump(std::string_view input, const DocNumber& d) {
  return d.text + "/" + d.agency + "/" + std::to_string(d.year) + "/" + std::to_string(d.serial) +
         Quoted(input, d.span);
}

std::string Dump(std::string_view input, const std::vector<DocNumber>& v) {
  std::string out;
  for (const DocNumber& d : v) {
    if (!out.empty()) out += " ; ";
    out += Dump(input, d);
  }
  return out;
}

// Expected values written from reading the text.
constexpr TextCase kFindCases[] = {
    // 版头 lines of the seeds.
    {"苏科高发〔2022〕182号", "苏科高发〔2022〕182号/苏科高发/2022/182@\"苏科高发〔2022〕182号\""},
    {"苏工信创新〔2023〕222号",
     "苏工信创新〔2023〕222号/苏工信创新/2023/222@\"苏工信创新〔2023〕222号\""},
    // Verbatim sentences from the seeds (lines joined).
    {"及组织申报项目的通知》（苏科资发〔2021〕31号，以下简称《指南申报通知》）有关要求，",
     "苏科资发〔2021〕31号/苏科资发/2021/31@\"苏科资发〔2021〕31号\""},
    {"科研诚信建设的实施意见》（苏办﹝2019﹞39号）、《关于进一",
     "苏办〔2019〕39号/苏办/2019/39@\"苏办﹝2019﹞39号\""},
    {"的通知》（苏科监发﹝2020﹞319号）有关要求，项目负责人、",
     "苏科监发〔2020〕319号/苏科监发/2020/319@\"苏科监发﹝2020﹞319号\""},
    {"《江苏省科技成果转化专项资金项目管理办法（试行）》（苏科技规〔2018〕353号）、"
     "《关于进一步加强省科技计划项目申报审核工作的通知》（苏科计函〔2017〕7号）等相关文件要求，",
     "苏科技规〔2018〕353号/苏科技规/2018/353@\"苏科技规〔2018〕353号\" ; "
     "苏科计函〔2017〕7号/苏科计函/2017/7@\"苏科计函〔2017〕7号\""},
    {"技管理系统全面从严治党工作的意见》（苏科党组〔2018〕16号），严格遵守",
     "苏科党组〔2018〕16号/苏科党组/2018/16@\"苏科党组〔2018〕16号\""},
    // A line break the layout stage left between serial and 号.
    {"的意见》（苏科党组〔2018〕16\n号），严格遵守",
     "苏科党组〔2018〕16号/苏科党组/2018/16@\"苏科党组〔2018〕16\n号\""},
    // Cue word 参照 before the agency; ASCII brackets.
    {"（参照国发[2010]32号和《国家战略性新兴产业分类目录》）",
     "国发〔2010〕32号/国发/2010/32@\"国发[2010]32号\""},
    {"根据工业和信息化部《关于完善制造业创新体系推进制造业创新中心建设的指导意见》（工信部科〔2016"
     "〕273号）、",
     "工信部科〔2016〕273号/工信部科/2016/273@\"工信部科〔2016〕273号\""},
    // Bracket variants, all normalized to 〔〕.
    {"苏科高发(2022)182号", "苏科高发〔2022〕182号/苏科高发/2022/182@\"苏科高发(2022)182号\""},
    {"苏科高发（2022）182号", "苏科高发〔2022〕182号/苏科高发/2022/182@\"苏科高发（2022）182号\""},
    {"苏科高发［2022］182号", "苏科高发〔2022〕182号/苏科高发/2022/182@\"苏科高发［2022］182号\""},
    {"苏政发【2021】5号", "苏政发〔2021〕5号/苏政发/2021/5@\"苏政发【2021】5号\""},
    {"苏科高发〔2022]182号", "苏科高发〔2022〕182号/苏科高发/2022/182@\"苏科高发〔2022]182号\""},
    // Spaces, 第, leading zeros.
    {"苏科高发 〔2022〕 182号",
     "苏科高发〔2022〕182号/苏科高发/2022/182@\"苏科高发 〔2022〕 182号\""},
    {"苏科高发〔 2022 〕182 号",
     "苏科高发〔2022〕182号/苏科高发/2022/182@\"苏科高发〔 2022 〕182 号\""},
    {"苏政办发〔2020〕第12号", "苏政办发〔2020〕12号/苏政办发/2020/12@\"苏政办发〔2020〕第12号\""},
    {"苏科计〔2021〕007号", "苏科计〔2021〕7号/苏科计/2021/7@\"苏科计〔2021〕007号\""},
    // Two numbers: 号 and 和/、 end the agency of the second.
    {"（苏科监发〔2019〕336号和苏科监发﹝2020﹞319号）",
     "苏科监发〔2019〕336号/苏科监发/2019/336@\"苏科监发〔2019〕336号\" ; "
     "苏科监发〔2020〕319号/苏科监发/2020/319@\"苏科监发﹝2020﹞319号\""},
    {"苏科资发〔2021〕31号、苏财教〔2021〕12号",
     "苏科资发〔2021〕31号/苏科资发/2021/31@\"苏科资发〔2021〕31号\" ; "
     "苏财教〔2021〕12号/苏财教/2021/12@\"苏财教〔2021〕12号\""},
    {"苏科资发〔2021〕31号苏财教〔2021〕12号",
     "苏科资发〔2021〕31号/苏科资发/2021/31@\"苏科资发〔2021〕31号\" ; "
     "苏财教〔2021〕12号/苏财教/2021/12@\"苏财教〔2021〕12号\""},
    // Other cue words.
    {"根据苏政发〔2021〕12号文件精神", "苏政发〔2021〕12号/苏政发/2021/12@\"苏政发〔2021〕12号\""},
    {"按照国办发〔2018〕127号要求", "国办发〔2018〕127号/国办发/2018/127@\"国办发〔2018〕127号\""},
    {"省科技厅印发的苏科高发〔2022〕182号",
     "苏科高发〔2022〕182号/苏科高发/2022/182@\"苏科高发〔2022〕182号\""},
    {"苏经信综合〔2015〕1号", "苏经信综合〔2015〕1号/苏经信综合/2015/1@\"苏经信综合〔2015〕1号\""},
    // A run of more than 10 ideographs with no cue: the last 10.
    {"甲乙丙丁戊己庚辛壬癸子丑〔2021〕1号",
     "丙丁戊己庚辛壬癸子丑〔2021〕1号/丙丁戊己庚辛壬癸子丑/2021/"
     "1@\"丙丁戊己庚辛壬癸子丑〔2021〕1号\""},
    // Not numbers.
    {"2023年", ""},
    {"联系电话：025-57712912  83213360", ""},
    {"《“十四五”国家高新技术发展规划（2021-2025）》", ""},
    {"3.5年（2023年1月至2026年6月）", ""},
    {"〔2021〕31号", ""},
    {"》（2021）31号", ""},
    {"苏〔2021〕1号", ""},
    {"参照〔2021〕1号", ""},
    {"ABC〔2021〕1号", ""},
    {"苏科高发〔2022〕182", ""},
    {"苏科高发〔22〕182号", ""},
    {"苏科高发〔1850〕1号", ""},
    {"苏科高发〔2022〕123456号", ""},
    {"苏科高发〔20222〕1号", ""},
    {"南京研究院（2021）3号楼", ""},
    {"苏科高发〔2022〕号", ""},
};

TEST(DocNumberTest, FindTable) {
  for (const TextCase& c : kFindCases) {
    EXPECT_EQ(Dump(c.input, FindDocNumbers(c.input)), c.expected) << "input: " << c.input;
  }
}

constexpr TextCase kParseCases[] = {
    {"苏科高发〔2022〕182号", "苏科高发〔2022〕182号/苏科高发/2022/182@\"苏科高发〔2022〕182号\""},
    {"  苏办﹝2019﹞39号 \n", "苏办〔2019〕39号/苏办/2019/39@\"苏办﹝2019﹞39号\""},
    {"\u3000苏科党组〔2018〕16\n号",
     "苏科党组〔2018〕16号/苏科党组/2018/16@\"苏科党组〔2018〕16\n号\""},
    {"国发[2010]32号", "国发〔2010〕32号/国发/2010/32@\"国发[2010]32号\""},
    // No cue stripping: the whole prefix is the agency.
    {"参照国发[2010]32号", "参照国发〔2010〕32号/参照国发/2010/32@\"参照国发[2010]32号\""},
    {"一二三四五六七八九十〔2021〕1号",
     "一二三四五六七八九十〔2021〕1号/一二三四五六七八九十/2021/"
     "1@\"一二三四五六七八九十〔2021〕1号\""},
    {"一二三四五六七八九十甲〔2021〕1号", ""},
    {"苏科高发〔2022〕182号）", ""},
    {"（苏科高发〔2022〕182号）", ""},
    {"苏科高发〔2022〕182号、苏科高发〔2022〕183号", ""},
    {"苏科号发〔2022〕1号", ""},
    {"苏〔2022〕1号", ""},
    {"2023年", ""},
    {"", ""},
    {"   ", ""},
};

TEST(DocNumberTest, ParseTable) {
  for (const TextCase& c : kParseCases) {
    std::optional<DocNumber> d = ParseDocNumber(c.input);
    EXPECT_EQ(d ? Dump(c.input, *d) : "", c.expected) << "input: " << c.input;
  }
}

// Every span slices back to text that starts with the agency, holds the year
// and the serial's digits, and ends in 号.
TEST(DocNumberTest, SpansSliceBackToTheMatch) {
  for (const TextCase& c : kFindCases) {
    for (const DocNumber& d : FindDocNumbers(c.input)) {
      ASSERT_LE(d.span.end, c.input.size());
      std::string_view slice = c.input.substr(d.span.begin, d.span.size());
      EXPECT_EQ(slice.substr(0, d.agency.size()), d.agency) << c.input;
      EXPECT_NE(slice.find(std::to_string(d.year)), std::string_view::npos) << c.input;
      EXPECT_TRUE(slice.ends_with("号")) << c.input;
      EXPECT_TRUE(ParseDocNumber(d.text).has_value()) << d.text;
    }
  }
}

// Linear time on pathological input: each must finish quickly even under
// the sanitizers.
TEST(DocNumberTest, PathologicalInputs) {
  std::string digits = "苏科高发〔" + std::string(1000000, '2') + "〕1号";
  EXPECT_TRUE(FindDocNumbers(digits).empty());
  std::string serial = "苏科高发〔2022〕" + std::string(1000000, '1') + "号";
  EXPECT_TRUE(FindDocNumbers(serial).empty());

  std::string nested;
  for (int i = 0; i < 10000; ++i) nested += "〔";
  nested += "2021";
  for (int i = 0; i < 10000; ++i) nested += "〕";
  nested += "1号";
  EXPECT_TRUE(FindDocNumbers(nested).empty());

  std::string no_agency;
  for (int i = 0; i < 200000; ++i) no_agency += "〔2021〕1号";
  EXPECT_TRUE(FindDocNumbers(no_agency).empty());

  std::string block;  // a 50 MB line of ideographs with numbers in it
  for (int i = 0; i < 100000; ++i) block += "科";
  block += "苏科高发〔2022〕182号";
  std::string han;
  while (han.size() < 50u * 1000 * 1000) han += block;
  std::vector<DocNumber> found = FindDocNumbers(han);
  ASSERT_FALSE(found.empty());
  for (const DocNumber& d : found) ASSERT_EQ(d.text, "科科科科科科苏科高发〔2022〕182号");

}

// The seeds as they are on disk. Their 版头 numbers come first; numbers the
// layout stage has not yet joined ("苏科\n\n监发〔2019〕336号") are not checked.
TEST(DocNumberTest, Seeds) {
  struct Seed {
    std::string_view file, first;
  } seeds[] = {
      {"2021-03-17_jiangsu-kjt_2021-cluster-pilot-notice.txt", "苏科资发〔2021〕31号"},
      {"2022-07-22_jiangsu-kjt_14th-five-year-hightech-plan.txt", "苏科高发〔2022〕182号"},
      {"2022-11-08_jiangsu-kjt-czt_2023-chengguo-zhuanhua-guide-notice.txt",
       "苏科监发〔2020〕135号"},
      {"2023-06-09_jiangsu-gxt_manufacturing-innovation-center-guide.txt",
       "苏工信创新〔2023〕222号"},
  };
  for (const Seed& seed : seeds) {
    std::string text = ReadSeed(seed.file);
    if (text.empty()) GTEST_SKIP() << "seeds not found";
    std::vector<DocNumber> found = FindDocNumbers(text);
    ASSERT_FALSE(found.empty()) << seed.file;
    EXPECT_EQ(found[0].text, seed.first) << seed.file;
    for (const DocNumber& d : found) {
      EXPECT_EQ(text.substr(d.span.begin, d.agency.size()), d.agency);
    }
  }
  // The 2023 seed's body cites three numbers, in one sentence.
  std::string text = ReadSeed("2023-06-09_jiangsu-gxt_manufacturing-innovation-center-guide.txt");
  EXPECT_EQ(Dump(text, FindDocNumbers(text)).find("工信部科〔2016〕273号/工信部科/2016/273") !=
                std::string::npos,
            true);
}

}  // namespace
}  // namespace gongwen
