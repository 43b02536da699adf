#include "extractors/cn_number.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>

namespace gongwen {
namespace {

struct ParseCase {
  std::string_view input;
  std::optional<double> expected;
};

std::string Show(const std::optional<double>& v) {
  return v ? std::to_string(*v) : std::string("nullopt");
}

// Expected values are written by hand from the meaning of the Chinese.
constexpr ParseCase kParseCases[] = {
    // Arabic digits.
    {"3000", 3000},
    {"3,000", 3000},
    {"12,345,678", 12345678},
    {"1.5", 1.5},
    {"0.3", 0.3},
    {"08", 8},
    {"１２", 12},                 // full-width digits
    {"２０２２", 2022},
    {"1.５", 1.5},
    // Arabic digits with multipliers.
    {"1.5亿", 1.5e8},
    {"3000万", 3e7},
    {"5000万", 5e7},
    {"2亿", 2e8},
    {"10万", 1e5},
    {"3千万", 3e7},
    {"8.8万亿", 8.8e12},           // 营业收入超8.8万亿元
    {"1亿2000万", 1.2e8},
    {"3,000万", 3e7},
    {"2百亿", 2e10},
    // Chinese numerals.
    {"十万", 1e5},
    {"一百二十", 120},
    {"两", 2},
    {"两千", 2000},
    {"十", 10},
    {"十五", 15},
    {"十一", 11},
    {"二十", 20},
    {"二十八", 28},
    {"三十一", 31},
    {"一百零五", 105},
    {"一千零二十", 1020},
    {"一千零十", 1010},
    {"一百万", 1e6},
    {"三千万", 3e7},
    {"三亿五千万", 3.5e8},
    {"十亿", 1e9},
    {"一万亿", 1e12},
    {"一万五千亿", 1.5e12},
    {"一万零五", 10005},
    {"两万", 2e4},
    {"一万两千", 12000},
    // Colloquial short forms: the last digit takes the next lower unit.
    {"一万五", 15000},
    {"两千三", 2300},
    {"一百五", 150},
    {"三亿五", 3.5e8},
    // Digit by digit, as years are written.
    {"二〇二二", 2022},
    {"二〇二三", 2023},
    {"二〇三五", 2035},
    {"一九九八", 1998},
    {"二零二一", 2021},
    {"零", 0},
    {"〇", 0},
    // Financial numerals.
    {"壹佰万", 1e6},
    {"叁仟伍佰", 3500},
    // Not (whole) numbers.
    {"", std::nullopt},
    {"万", std::nullopt},
    {"千", std::nullopt},
    {"百", std::nullopt},
    {"亿", std::nullopt},
    {"万亿", std::nullopt},
    {".", std::nullopt},
    {".5", std::nullopt},
    {"1.", std::nullopt},
    {"1..2", std::nullopt},
    {"3000万元", std::nullopt},     // 元 is a unit, not part of the number
    {"1/3", std::nullopt},          // a fraction: ParseFraction
    {"三分之一", std::nullopt},
    {"20%", std::nullopt},
    {"三四", std::nullopt},         // "three or four"
    {"五六", std::nullopt},
    {"一一", std::nullopt},
    {"两两", std::nullopt},
    {"十分", std::nullopt},         // "very"
    {"1亿2000", std::nullopt},
    {"3,00", std::nullopt},
    {"2020,2021", std::nullopt},
    {"3 ", std::nullopt},
    {" 3", std::nullopt},
    {"-3", std::nullopt},
    {"abc", std::nullopt},
    {"3五", std::nullopt},
    {"五3", std::nullopt},
    {"一百一百", std::nullopt},
    {"十十", std::nullopt},
    {"2亿3亿", std::nullopt},
    {"\xff", std::nullopt},         // not UTF-8
};

TEST(CnNumberTest, ParseNumberTable) {
  for (const ParseCase& c : kParseCases) {
    const std::optional<double> got = ParseNumber(c.input);
    ASSERT_EQ(got.has_value(), c.expected.has_value())
        << "input \"" << c.input << "\" got " << Show(got) << " want " << Show(c.expected);
    if (c.expected) {
      EXPECT_DOUBLE_EQ(*got, *c.expected) << "input \"" << c.input << "\"";
    }
  }
}

struct MatchCase {
  std::string_view text;
  std::string_view at;           // match at the first occurrence of this in text
  std::optional<double> value;   // nullopt: no number there
  std::string_view matched;      // the bytes the match must cover
};

constexpr MatchCase kMatchCases[] = {
    {"3000万元", "3000万元", 3e7, "3000万"},
    {"1.5亿元", "1.5亿元", 1.5e8, "1.5亿"},
    {"3,000万元", "3,000万元", 3e7, "3,000万"},
    {"1/3", "1/3", 1, "1"},
    {"1..2", "1..2", 1, "1"},
    {"1.2.3", "1.2.3", 1.2, "1.2"},
    {"十四五", "十四五", 14, "十四"},
    {"第十四个五年规划", "十四", 14, "十四"},
    {"3千瓦", "3千瓦", 3, "3"},             // 千瓦 is kW
    {"一千克", "一千克", 1, "一"},          // 千克 is kg
    {"二十分钟", "二十分钟", 20, "二十"},
    {"十分重要", "十分重要", std::nullopt, ""},
    {"2020、2021年", "2020", 2020, "2020"},
    {"2020,2021", "2020", 2020, "2020"},
    {"二〇二二年十一月八日", "二〇二二", 2022, "二〇二二"},
    {"十一月八日", "十一", 11, "十一"},
    {"一百零元", "一百零", 100, "一百"},
    {"1亿2000元", "1亿", 1e8, "1亿"},
    {"50左右", "50", 50, "50"},
    {"5000万颗/年以上", "5000", 5e7, "5000万"},
    {"36000片/年", "36000", 36000, "36000"},
    {"10万次以上", "10万", 1e5, "10万"},
    {"1900K gate/mm2以上", "1900", 1900, "1900"},
    {"40nm嵌入式闪存", "40", 40, "40"},
    {"写入速度≤6.5±10%μs/byte", "6.5", 6.5, "6.5"},
    {"28/16/14纳米及以下", "28", 28, "28"},
    {"三四个", "三四个", std::nullopt, ""},
    {"万元", "万元", std::nullopt, ""},
    {"统一", "统一", std::nullopt, ""},
    {"统一", "一", 1, "一"},                // it reads where it is told to
    {"进一步", "一步", 1, "一"},
    // Verbatim from the seeds.
    {"单个项目的省地财政资金联合支持强度原则上不超过1000万元，且不超过项目新增总投入的三分之一。",
     "1000", 1e7, "1000万"},
    {"销售收入为5000万元—2亿元的企业，比例不低于4%；", "2亿", 2e8, "2亿"},
    {"到2025年，争取全省技术合同成交额达3500亿元。", "3500", 3.5e11, "3500亿"},
    {"科技服务业总收入突破万亿元", "万亿元", std::nullopt, ""},
};

TEST(CnNumberTest, MatchNumberAtTable) {
  for (const MatchCase& c : kMatchCases) {
    const size_t pos = c.text.find(c.at);
    ASSERT_NE(pos, std::string_view::npos) << c.at;
    const std::optional<NumberMatch> got = MatchNumberAt(c.text, pos);
    ASSERT_EQ(got.has_value(), c.value.has_value()) << "\"" << c.text << "\" at \"" << c.at << "\"";
    if (!c.value) continue;
    EXPECT_DOUBLE_EQ(got->value, *c.value) << "\"" << c.text << "\" at \"" << c.at << "\"";
    EXPECT_EQ(c.text.substr(pos, got->length), c.matched) << "\"" << c.text << "\"";
  }
}

TEST(CnNumberTest, MatchNumberAtOutOfRange) {
  EXPECT_FALSE(MatchNumberAt("3", 1).has_value());
  EXPECT_FALSE(MatchNumberAt("3", 100).has_value());
  EXPECT_FALSE(MatchNumberAt("", 0).has_value());
}

struct FractionCase {
  std::string_view input;
  std::optional<double> expected;
};

constexpr FractionCase kFractionCases[] = {
    {"1/3", 1.0 / 3},
    {"2/3", 2.0 / 3},
    {"１/３", 1.0 / 3},
    {"1／3", 1.0 / 3},
    {"三分之一", 1.0 / 3},
    {"三分之二", 2.0 / 3},
    {"四分之三", 0.75},
    {"十分之一", 0.1},
    {"百分之二十", 0.2},
    {"百分之20", 0.2},
    {"百分之一百", 1.0},
    {"千分之五", 0.005},
    {"万分之一", 1e-4},
    {"一百分之一", 0.01},
    {"20%", 0.2},
    {"20％", 0.2},
    {"12.5%", 0.125},
    {"5‰", 0.005},
    // Not fractions.
    {"", std::nullopt},
    {"1/0", std::nullopt},
    {"零分之一", std::nullopt},
    {"1.5/1.5", std::nullopt},      // 线宽/线距 ≤1.5/1.5: two values
    {"28/16/14", std::nullopt},     // a list of process nodes
    {"2022/11/8", std::nullopt},
    {"0.5", std::nullopt},
    {"三", std::nullopt},
    {"三分之", std::nullopt},
    {"分之一", std::nullopt},
    {"1/", std::nullopt},
    {"/3", std::nullopt},
    {"1:1", std::nullopt},
    {"三分之一。", std::nullopt},   // whole string only
};

TEST(CnNumberTest, ParseFractionTable) {
  for (const FractionCase& c : kFractionCases) {
    const std::optional<double> got = ParseFraction(c.input);
    ASSERT_EQ(got.has_value(), c.expected.has_value())
        << "input \"" << c.input << "\" got " << Show(got) << " want " << Show(c.expected);
    if (c.expected) {
      EXPECT_DOUBLE_EQ(*got, *c.expected) << "input \"" << c.input << "\"";
    }
  }
}

constexpr MatchCase kFractionMatchCases[] = {
    {"不超过项目新增总投入的1/3。", "1/3", 1.0 / 3, "1/3"},
    {"且不超过项目新增总投入的三分之一。对立项", "三分之一", 1.0 / 3, "三分之一"},
    {"比例不低于4%；", "4%", 0.04, "4%"},
    {"2022/11/8", "2022", std::nullopt, ""},
    {"1:1比例", "1", std::nullopt, ""},
};

TEST(CnNumberTest, MatchFractionAtTable) {
  for (const MatchCase& c : kFractionMatchCases) {
    const size_t pos = c.text.find(c.at);
    ASSERT_NE(pos, std::string_view::npos) << c.at;
    const std::optional<NumberMatch> got = MatchFractionAt(c.text, pos);
    ASSERT_EQ(got.has_value(), c.value.has_value()) << "\"" << c.text << "\"";
    if (!c.value) continue;
    EXPECT_DOUBLE_EQ(got->value, *c.value) << "\"" << c.text << "\"";
    EXPECT_EQ(c.text.substr(pos, got->length), c.matched) << "\"" << c.text << "\"";
  }
}

// Linear time and no overflow on pathological input.
TEST(CnNumberTest, HugeInputs) {
  const std::string digits(1'000'000, '7');
  EXPECT_FALSE(MatchNumberAt(digits, 0).has_value());  // too large for a double
  EXPECT_FALSE(ParseNumber(digits).has_value());

  std::string yi;
  for (int i = 0; i < 200'000; ++i) yi += "一";
  EXPECT_FALSE(MatchNumberAt(yi, 0).has_value());

  std::string zeros = "0." + std::string(1'000'000, '0') + "1";
  const std::optional<double> tiny = ParseNumber(zeros);
  ASSERT_TRUE(tiny.has_value());
  EXPECT_GE(*tiny, 0.0);
  EXPECT_LT(*tiny, 1e-300);

  // A caller may try every position of a long run: each try is bounded.
  for (size_t pos = 0; pos < 20'000; ++pos) {
    ASSERT_FALSE(MatchNumberAt(digits, pos).has_value()) << pos;
    ASSERT_FALSE(MatchNumberAt(yi, pos * 3).has_value()) << pos;
  }
  EXPECT_DOUBLE_EQ(MatchNumberAt(digits, digits.size() - 3)->value, 777);

  std::string commas = "1";
  for (int i = 0; i < 100'000; ++i) commas += ",000";
  EXPECT_FALSE(ParseNumber(commas).has_value());  // 1e300000 overflows
}

}  // namespace
}  // namespace gongwen
