#include "extractors/dates.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gongwen {
namespace {

struct Expected {
  std::string_view iso;   // DateTime::Iso()
  std::string_view text;  // the matched text
};

struct FindCase {
  std::string_view input;
  std::vector<Expected> dates;
};

// Expected values are written by reading the Chinese, not by running the code.
const FindCase kFindCases[] = {
    // Days.
    {"2022年11月8日", {{"2022-11-08", "2022年11月8日"}}},
    {"2022年11月8日印发", {{"2022-11-08", "2022年11月8日"}}},
    {"２０２２年１１月８日", {{"2022-11-08", "２０２２年１１月８日"}}},
    {"2022 年 12 月 28 日", {{"2022-12-28", "2022 年 12 月 28 日"}}},
    {"2021年4月7日（星期三）", {{"2021-04-07", "2021年4月7日（星期三）"}}},
    {"2022年12月31号", {{"2022-12-31", "2022年12月31号"}}},
    {"1949年10月1日", {{"1949-10-01", "1949年10月1日"}}},
    {"2024年2月29日", {{"2024-02-29", "2024年2月29日"}}},
    {"2000年2月29日", {{"2000-02-29", "2000年2月29日"}}},
    // Chinese numerals.
    {"二〇二二年十一月八日", {{"2022-11-08", "二〇二二年十一月八日"}}},
    {"二〇二三年六月九日", {{"2023-06-09", "二〇二三年六月九日"}}},
    {"二〇二一年三月十七日", {{"2021-03-17", "二〇二一年三月十七日"}}},
    {"二〇二二年十二月三十一日", {{"2022-12-31", "二〇二二年十二月三十一日"}}},
    {"二〇二二年七月二十二日", {{"2022-07-22", "二〇二二年七月二十二日"}}},
    // Times.
    {"2022年12月28日17:30", {{"2022-12-28T17:30", "2022年12月28日17:30"}}},
    {"2022年12月28日17：30", {{"2022-12-28T17:30", "2022年12月28日17：30"}}},
    {"2022年12月28日 17:30", {{"2022-12-28T17:30", "2022年12月28日 17:30"}}},
    {"2022年12月28日17时30分", {{"2022-12-28T17:30", "2022年12月28日17时30分"}}},
    {"2022年12月28日17时", {{"2022-12-28T17:00", "2022年12月28日17时"}}},
    {"2022年12月28日下午5:30", {{"2022-12-28T17:30", "2022年12月28日下午5:30"}}},
    {"2022年12月28日下午5点半", {{"2022-12-28T17:30", "2022年12月28日下午5点半"}}},
    {"2022年12月28日上午9:00", {{"2022-12-28T09:00", "2022年12月28日上午9:00"}}},
    {"2022年12月31日24:00", {{"2022-12-31T24:00", "2022年12月31日24:00"}}},
    {"2021年4月7日（星期三）17:00前", {{"2021-04-07T17:00", "2021年4月7日（星期三）17:00"}}},
    {"2022年12月28日25:00", {{"2022-12-28", "2022年12月28日"}}},      // bad time dropped
    {"2022年12月28日24:30", {{"2022-12-28", "2022年12月28日"}}},
    {"2022年12月28日17:301", {{"2022-12-28", "2022年12月28日"}}},     // not a time
    // Month and year precision.
    {"2023年1月", {{"2023-01", "2023年1月"}}},
    {"2021年度", {{"2021", "2021年度"}}},
    {"2025年", {{"2025", "2025年"}}},
    {"2021年X月XX日", {{"2021", "2021年"}}},
    {"截至2020年底有效期内", {{"2020", "2020年"}}},
    {"2020、2021年研发费用总额", {{"2021", "2021年"}}},
    {"二〇三五年远景目标纲要", {{"2035", "二〇三五年"}}},
    // Numeric forms.
    {"2022-11-08", {{"2022-11-08", "2022-11-08"}}},
    {"2022.11.8", {{"2022-11-08", "2022.11.8"}}},
    {"2022/11/8", {{"2022-11-08", "2022/11/8"}}},
    {"2022-11-08 17:30", {{"2022-11-08T17:30", "2022-11-08 17:30"}}},
    {"2022-11-08T17:30", {{"2022-11-08T17:30", "2022-11-08T17:30"}}},
    {"2022-11-08 99:99", {{"2022-11-08", "2022-11-08"}}},
    {"２０２２-１１-０８", {{"2022-11-08", "２０２２-１１-０８"}}},
    // Ranges.
    {"2023年1月至2026年6月", {{"2023-01", "2023年1月"}, {"2026-06", "2026年6月"}}},
    {"2023年1月1日-12月31日", {{"2023-01-01", "2023年1月1日"}, {"2023-12-31", "12月31日"}}},
    {"2023年1月1日至12月31日", {{"2023-01-01", "2023年1月1日"}, {"2023-12-31", "12月31日"}}},
    {"2022年12月1日至3日", {{"2022-12-01", "2022年12月1日"}, {"2022-12-03", "3日"}}},
    {"2022年12月1日至1月31日", {{"2022-12-01", "2022年12月1日"}, {"2023-01-31", "1月31日"}}},
    {"2023年1月至6月", {{"2023-01", "2023年1月"}, {"2023-06", "6月"}}},
    {"2023年1月～2023年12月", {{"2023-01", "2023年1月"}, {"2023-12", "2023年12月"}}},
    {"2022年1-10月份企业财务报表", {{"2022-01", "2022年1"}, {"2022-10", "10月"}}},
    {"2023年1月至30日", {{"2023-01", "2023年1月"}}},   // no day to inherit
    {"2022年11月8日2023年1月", {{"2022-11-08", "2022年11月8日"}, {"2023-01", "2023年1月"}}},
    // Verbatim from the seeds.
    {"2023年度项目申报材料网上填报截止时间为2022年12月28日17:30，主管部门网上审核推荐截止时间为"
     "2022年12月29日17:30",
     {{"2023", "2023年度"},
      {"2022-12-28T17:30", "2022年12月28日17:30"},
      {"2022-12-29T17:30", "2022年12月29日17:30"}}},
    {"项目申报纸质材料受理截止时间为2022年12月30日17:30，逾期不予受理。",
     {{"2022-12-30T17:30", "2022年12月30日17:30"}}},
    {"6. 项目的实施期限一般为3.5年（2023年1月至2026年6月），",
     {{"2023-01", "2023年1月"}, {"2026-06", "2026年6月"}}},
    {"江苏省科学技术厅办公室 2022年11月8日印发", {{"2022-11-08", "2022年11月8日"}}},
    {"技局审查推荐函（一式两份），于2021年4月7日前，报送至省科", {{"2021-04-07", "2021年4月7日"}}},
    {"须建有研发机构。2020、2021年研发费用总额占同期销售收入总", {{"2021", "2021年"}}},
    {"我国向世界作出了“2030年前实现碳达峰、2060年前实现碳中和”的庄严承诺",
     {{"2030", "2030年"}, {"2060", "2060年"}}},
    {"2．2023年度项目申报材料网上填报", {{"2023", "2023年度"}}},
    {"《“十四五”国家高新技术发展规划（2021-2025）》，制定本规划。", {}},
    // Not dates.
    {"", {}},
    {"苏科高发〔2022〕182号", {}},
    {"苏科资发[2021]31号", {}},
    {"联系电话：025-83224363", {}},
    {"1.2.3", {}},
    {"3.2.1 技术指标", {}},
    {"2022", {}},
    {"20221108", {}},
    {"12022年", {}},
    {"１２０２２年", {}},
    {"1900年", {}},
    {"2101年", {}},
    {"2023年2月29日", {}},
    {"2100年2月29日", {}},
    {"2022年4月31日", {}},
    {"2022年13月1日", {}},
    {"2022年0月1日", {}},
    {"2022-13-01", {}},
    {"2022-11.08", {}},
    {"2022.11.8.1", {}},
    {"1.2022.11.8", {}},
    {"0512-2022-11-08", {}},
    {"年   月    日", {}},
    {"3.5年", {}},
    {"1000万元", {}},
    {"十四五", {}},
    {"一二〇二二年", {}},
    {"2021—2025年", {{"2025", "2025年"}}},
};

TEST(DatesTest, FindDatesTable) {
  for (const FindCase& c : kFindCases) {
    const std::vector<DateMatch> got = FindDates(c.input);
    ASSERT_EQ(got.size(), c.dates.size()) << "input \"" << c.input << "\"";
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].value.Iso(), c.dates[i].iso) << "input \"" << c.input << "\" #" << i;
      EXPECT_EQ(got[i].text, c.dates[i].text) << "input \"" << c.input << "\" #" << i;
    }
  }
}

// Spans slice back to the text, come in order and do not overlap.
TEST(DatesTest, SpansSliceBackToText) {
  size_t checked = 0;
  for (const FindCase& c : kFindCases) {
    size_t previous_end = 0;
    for (const DateMatch& m : FindDates(c.input)) {
      ASSERT_LE(m.span.end, c.input.size());
      EXPECT_FALSE(m.span.empty());
      EXPECT_GE(m.span.begin, previous_end) << c.input;
      EXPECT_EQ(c.input.substr(m.span.begin, m.span.size()), m.text) << c.input;
      previous_end = m.span.end;
      ++checked;
    }
  }
  EXPECT_GT(checked, 60u);
}

TEST(DatesTest, SpanOffsetsInSentence) {
  const std::string_view text = "截止时间为2022年12月28日17:30，逾期不予受理。";
  const std::vector<DateMatch> got = FindDates(text);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].span.begin, std::string_view("截止时间为").size());
  EXPECT_EQ(got[0].span.end, text.find("，"));
  EXPECT_EQ(got[0].value, (DateTime{2022, 12, 28, 17, 30}));
}

struct ParseCase {
  std::string_view input;
  std::optional<DateTime> expected;
};

const ParseCase kParseCases[] = {
    {"2022年11月8日", DateTime{2022, 11, 8}},
    {"  2022年11月8日 ", DateTime{2022, 11, 8}},
    {"\u30002022年11月8日\u3000", DateTime{2022, 11, 8}},
    {"二〇二二年十一月八日", DateTime{2022, 11, 8}},
    {"2022年12月28日17:30", DateTime{2022, 12, 28, 17, 30}},
    {"2022-11-08T17:30", DateTime{2022, 11, 8, 17, 30}},
    {"2023年1月", DateTime{2023, 1}},
    {"2021年度", DateTime{2021}},
    {"2022.11.8", DateTime{2022, 11, 8}},
    {"", std::nullopt},
    {"2022", std::nullopt},
    {"2022年11月8日印发", std::nullopt},
    {"于2022年11月8日", std::nullopt},
    {"2023年1月至2026年6月", std::nullopt},
    {"2022年1-10月", std::nullopt},
    {"2023年2月29日", std::nullopt},
};

TEST(DatesTest, ParseDateTable) {
  for (const ParseCase& c : kParseCases) {
    const std::optional<DateTime> got = ParseDate(c.input);
    ASSERT_EQ(got.has_value(), c.expected.has_value()) << "input \"" << c.input << "\"";
    if (c.expected) {
      EXPECT_EQ(got->Iso(), c.expected->Iso()) << "input \"" << c.input << "\"";
    }
  }
}

TEST(DatesTest, DaysInMonth) {
  EXPECT_EQ(DaysInMonth(2023, 2), 28);
  EXPECT_EQ(DaysInMonth(2024, 2), 29);
  EXPECT_EQ(DaysInMonth(2000, 2), 29);
  EXPECT_EQ(DaysInMonth(2100, 2), 28);
  EXPECT_EQ(DaysInMonth(2022, 4), 30);
  EXPECT_EQ(DaysInMonth(2022, 12), 31);
  EXPECT_EQ(DaysInMonth(2022, 0), 0);
  EXPECT_EQ(DaysInMonth(2022, 13), 0);
}

// Pathological input must not blow up: each of these takes linear time
// (RE2, and a bounded re-read after a rejected candidate).
TEST(DatesTest, PathologicalInputs) {
  EXPECT_TRUE(FindDates(std::string(1'000'000, '2')).empty());
  EXPECT_TRUE(FindDates(std::string(1'000'000, '2') + "年").empty());

  std::string bad_months;  // a candidate every 12 bytes, each rejected
  for (int i = 0; i < 30'000; ++i) bad_months += "2022年13月";
  EXPECT_TRUE(FindDates(bad_months).empty());

  std::string numeric_junk;
  for (int i = 0; i < 30'000; ++i) numeric_junk += "2022-11-2022.11.";
  EXPECT_TRUE(FindDates(numeric_junk).empty());

  std::string no_dates;  // no candidate at all: one RE2 pass
  const std::string_view kLine =
      "省科技厅、国家高新区管委会按1:1比例共同出资，“十四五”规划，苏科高发〔2022〕182号，"
      "电话025-83224363，一二三四五六七八九十年月日。\n";
  while (no_dates.size() < 20'000'000) no_dates += kLine;
  EXPECT_TRUE(FindDates(no_dates).empty());

  std::string many;
  for (int i = 0; i < 20'000; ++i) many += "于2022年12月28日17:30前，";
  EXPECT_EQ(FindDates(many).size(), 20'000u);
}

}  // namespace
}  // namespace gongwen
