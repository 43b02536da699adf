// Values of form fields: normalization by type, checkbox groups, labels.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "extractors/forms_template.h"
#include "extractors/forms_values.h"

namespace gongwen {
namespace {

struct ValueCase {
  FormValueType type;
  const char* raw;
  const char* value;       // expected normalized value
  const char* error_kind;  // "" when the value is good
};

TEST(FormValues, NormalizedByType) {
  const ValueCase cases[] = {
      {FormValueType::kMoneyWan, "1200", "12000000", ""},
      {FormValueType::kMoneyWan, "1,200", "12000000", ""},
      {FormValueType::kMoneyWan, "1200.5", "12005000", ""},
      {FormValueType::kMoneyWan, "1200万元", "12000000", ""},
      {FormValueType::kMoneyWan, "0.12亿元", "12000000", ""},
      {FormValueType::kMoneyWan, "3000元", "3000", ""},
      {FormValueType::kMoneyWan, "１２００", "12000000", ""},
      {FormValueType::kMoneyWan, "一千二百万元", "12000000", ""},
      {FormValueType::kMoneyWan, "约1200", "", "not_a_number"},
      {FormValueType::kMoneyWan, "待定", "", "not_a_number"},
      {FormValueType::kMoneyYi, "356.8", "35680000000", ""},
      {FormValueType::kMoneyYi, "356.8亿元", "35680000000", ""},
      {FormValueType::kMoneyYi, "5000万元", "50000000", ""},
      {FormValueType::kMoneyUsdWan, "25", "250000", ""},
      {FormValueType::kPercent, "35", "0.35", ""},
      {FormValueType::kPercent, "35.2%", "0.352", ""},
      {FormValueType::kPercent, "35.2 ％", "0.352", ""},
      // the sign read as 9 and a mark of its lower circle (75.5% → 75.594,
      // 55.8% → 55.890, 1.5% → 1.59%4); a 9 alone or before a closing sign
      // is a digit typed so
      {FormValueType::kPercent, "75.594", "0.755", ""},
      {FormValueType::kPercent, "55.890", "0.558", ""},
      {FormValueType::kPercent, "1.59%4", "0.015", ""},
      {FormValueType::kPercent, "75.59", "0.7559", ""},
      {FormValueType::kPercent, "75.59%", "0.7559", ""},
      {FormValueType::kPercent, "33民", "", "not_a_number"},  // no mark dropped in a percentage
      // a speck set apart from a number, or one stray mark after it
      {FormValueType::kInteger, "21 3", "21", ""},
      {FormValueType::kInteger, "1 39", "39", ""},
      {FormValueType::kMoneyWan, "24002 1", "240020000", ""},
      {FormValueType::kMoneyWan, "1 200 000", "12000000000", ""},  // groups of thousands stay
      {FormValueType::kMoneyWan, "300 万元", "3000000", ""},       // and units
      {FormValueType::kInteger, "29本", "29", ""},
      {FormValueType::kInteger, "935加", "935", ""},
      {FormValueType::kInteger, "了", "7", ""},
      {FormValueType::kPercent, "17.9%", "0.179", ""},
      {FormValueType::kPercent, "17.9", "0.179", ""},
      {FormValueType::kPercent, "39", "0.39", ""},
      {FormValueType::kPercent, "百分之二十", "0.2", ""},
      {FormValueType::kPercent, "较高", "", "not_a_number"},
      {FormValueType::kInteger, "12", "12", ""},
      {FormValueType::kInteger, "12家", "12", ""},
      {FormValueType::kInteger, "十二", "12", ""},
      {FormValueType::kInteger, "1,024", "1024", ""},
      {FormValueType::kInteger, "12.5", "", "not_a_number"},
      {FormValueType::kInteger, "若干", "", "not_a_number"},
      {FormValueType::kDate, "2023年3月1日", "2023-03-01", ""},
      {FormValueType::kDate, "2023-3-1", "2023-03-01", ""},
      {FormValueType::kDate, "2023.03.01", "2023-03-01", ""},
      {FormValueType::kDate, "2023-02-30", "", "bad_date"},
      {FormValueType::kPhone, "13912345678", "13912345678", ""},
      {FormValueType::kPhone, "139 1234 5678", "13912345678", ""},
      {FormValueType::kPhone, "+86 139-1234-5678", "13912345678", ""},
      {FormValueType::kPhone, "0512-68881234", "0512-68881234", ""},
      {FormValueType::kPhone, "051268881234", "0512-68881234", ""},
      {FormValueType::kPhone, "02584561234", "025-84561234", ""},
      {FormValueType::kPhone, "(0512)68881234", "0512-68881234", ""},
      {FormValueType::kPhone, "0512-68881234-801", "0512-68881234-801", ""},
      {FormValueType::kPhone, "0512-68881234；13912345678", "0512-68881234;13912345678", ""},
      {FormValueType::kPhone, "1391234567", "", "bad_phone"},
      {FormValueType::kEmail, "zhang3@example.com.cn", "zhang3@example.com.cn", ""},
      {FormValueType::kEmail, " li@163.com ", "li@163.com", ""},
      {FormValueType::kEmail, "li#163.com", "", "bad_email"},
      {FormValueType::kEmail, "li@163", "", "bad_email"},
      {FormValueType::kEmail, "liu328@sina com", "liu328@sina.com", ""},  // a dot OCR lost
      {FormValueType::kPostcode, "215123", "215123", ""},
      {FormValueType::kPostcode, "21512", "", "bad_postcode"},
      {FormValueType::kText, "  苏州纳米\n技术  产业集群 ", "苏州纳米技术 产业集群", ""},
      {FormValueType::kText, "……", "", ""},
      {FormValueType::kText, "——", "", ""},
      {FormValueType::kText, "无", "无", ""},
      {FormValueType::kText, "黄平”", "黄平", ""},            // OCR noise: a quote without its pair
      {FormValueType::kText, "“芯粒”技术", "“芯粒”技术", ""},  // a pair is kept
      {FormValueType::kText, "一种高端 CT 探测器", "一种高端CT探测器", ""},
      // a speck read as one mark set apart at the end
      {FormValueType::kText, "关键技术研发及产业化 ，", "关键技术研发及产业化", ""},
      {FormValueType::kText, "提升集群品牌影响力。 了", "提升集群品牌影响力。", ""},
      {FormValueType::kText, "光伏储能 本", "光伏储能", ""},
      {FormValueType::kText, "王 五", "王 五", ""},  // a spaced-out name stays
      {FormValueType::kText, "欧阳 磊", "欧阳 磊", ""},
  };
  for (const ValueCase& c : cases) {
    NormalizedValue v = NormalizeFormValue(c.type, c.raw);
    EXPECT_EQ(v.value, c.value) << FormValueTypeName(c.type) << " '" << c.raw << "'";
    EXPECT_EQ(v.error_kind, c.error_kind) << FormValueTypeName(c.type) << " '" << c.raw << "'";
  }
}

struct ChoiceCase {
  const char* text;
  std::vector<std::string> options;
  std::vector<std::string> ticked;
};

TEST(FormValues, CheckboxGroups) {
  const std::vector<std::string> level{"国际先进", "国内领先", "省内领先", "其他"};
  const std::vector<std::string> yn{"是", "否"};
  const std::vector<std::string> source{"自有技术", "高等学校", "科研院所", "其他企业"};
  const ChoiceCase cases[] = {
      {"□国际先进  □国内领先  □省内领先  □其他", level, {}},
      {"□国际先进  ☑国内领先  □省内领先  □其他", level, {"国内领先"}},
      {"■国际先进  □国内领先  □省内领先  □其他", level, {"国际先进"}},
      {"□国际先进  □国内领先  √省内领先  □其他", level, {"省内领先"}},
      {"□国际先进  □国内领先  □省内领先  ✓其他", level, {"其他"}},
      {"☒是 ☐否", yn, {"是"}},
      {"□是 √□否", yn, {"否"}},
      {"□是 □否√", yn, {"否"}},
      {"\uF052是 \uF0A3否", yn, {"是"}},  // Wingdings 2 as Word's w:sym carries it
      // The text layer of shared/realdocs/byd_2025q1_report_wingdings-checkbox.pdf
      // (第一季度报告是否经审计): 否 ticked with Wingdings 2's boxed tick.
      {"□是 \uF052否", yn, {"否"}},
      {"☑是 ☑否", yn, {"是", "否"}},
      {"国内领先", level, {"国内领先"}},
      // 其他 is not found inside 其他企业.
      {"□自有技术 □高等学校\n□科研院所 ☑其他企业", source, {"其他企业"}},
      {"☑自有技术 □高等学校 ☑科研院所 □其他企业", source, {"自有技术", "科研院所"}},
  };
  for (const ChoiceCase& c : cases) {
    ChoiceResult r = ParseChoice(c.text, c.options);
    EXPECT_EQ(r.ticked, c.ticked) << c.text;
  }
}

// Single-choice groups of scans, as OCR reads their boxes: 口 for an empty
// box, some other character for a ticked one, now and then for an empty one.
TEST(FormValues, SingleChoiceGroupsOfScans) {
  const std::vector<std::string> yn{"是", "否"};
  const std::vector<std::string> where{"本高新区内", "本高新区外"};
  const std::vector<std::string> level{"国家级", "省级", "其他"};
  const std::vector<std::string> type{"技术创新中心", "重点实验室", "新型研发机构", "工程技术中心"};
  const struct {
    const char* text;
    const std::vector<std::string>& options;
    bool single;
    std::vector<std::string> ticked;
  } cases[] = {
      {"罗是口否", yn, true, {"是"}},          // 口 before an option is a box: 罗 is the ticked one
      {"口是外否机构名称", yn, true, {"否"}},
      {"已是☑否", yn, true, {"否"}},           // a box seen ticked outweighs a character
      {"已是☑否", yn, false, {"是", "否"}},    // (not in a multiple choice)
      {"上技术创新中心□重点实验室☑新型研发机构口工程技术中心", type, true, {"新型研发机构"}},
      {"□国家级口省级其他", level, true, {"其他"}},  // the lost box is the ticked one
      {"□本高新区内外本高新区外", where, true, {"本高新区外"}},
      {"□国家级口省级其他", level, false, {}},
      {"出口是否", yn, true, {}},              // 口 inside a word before no option: no box
  };
  for (const auto& c : cases) EXPECT_EQ(ParseChoice(c.text, c.options, c.single).ticked, c.ticked) << c.text;
}

TEST(FormValues, GlyphTable) {
  EXPECT_EQ(GlyphState(U'□'), CheckState::kOff);
  EXPECT_EQ(GlyphState(U'☐'), CheckState::kOff);
  EXPECT_EQ(GlyphState(U'☑'), CheckState::kOn);
  EXPECT_EQ(GlyphState(U'■'), CheckState::kOn);
  EXPECT_EQ(GlyphState(U'√'), CheckState::kOn);
  EXPECT_EQ(GlyphState(U'✓'), CheckState::kOn);
  EXPECT_EQ(GlyphState(U'☒'), CheckState::kOn);
  EXPECT_EQ(GlyphState(0xF052), CheckState::kOn);
  EXPECT_EQ(GlyphState(0xF0A3), CheckState::kOff);
  EXPECT_EQ(GlyphState(U'口'), CheckState::kNone);
}

TEST(FormValues, EditDistance) {
  EXPECT_EQ(EditDistance(U"集群主导产品", U"集群主导产品", 2), 0);
  EXPECT_EQ(EditDistance(U"集群主导产晶", U"集群主导产品", 2), 1);
  EXPECT_EQ(EditDistance(U"集主导产品", U"集群主导产品", 2), 1);
  EXPECT_EQ(EditDistance(U"abcdef", U"uvwxyz", 2), 3);  // capped
}

TEST(FormTemplates, LoadAndDescribeTheForms) {
  const FormTemplate* t = FindFormTemplate("cluster_pilot_2021");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->title, "创新型产业集群培育试点申报表");
  EXPECT_EQ(t->year, 2021);
  const FormField* level = t->Field("cluster_level");
  ASSERT_NE(level, nullptr);
  EXPECT_EQ(level->type, FormValueType::kChoiceOne);
  EXPECT_EQ(level->options, (std::vector<std::string>{"国际先进", "国内领先", "省内领先", "其他"}));
  const FormGroup* chain = t->Group("chain");
  ASSERT_NE(chain, nullptr);
  EXPECT_FALSE(chain->block);
  EXPECT_EQ(chain->fields.size(), 9u);
  const FormGroup* project = t->Group("project");
  ASSERT_NE(project, nullptr);
  EXPECT_TRUE(project->block);
  EXPECT_EQ(project->label, "项目");
  const FormTemplate* t23 = FindFormTemplate("cluster_pilot_2023");
  ASSERT_NE(t23, nullptr);
  EXPECT_EQ(t23->Field("zone_gdp")->label, "2021年度园区GDP（亿元）");
  EXPECT_EQ(t23->Field("plan_5")->label, "2027年");
  EXPECT_EQ(t23->category, "C");
  const FormTemplate* sz = FindFormTemplate("suzhou_recommend_summary");
  ASSERT_NE(sz, nullptr);
  std::vector<std::string> cols;
  for (const auto& f : sz->Group("projects")->fields) cols.push_back(f.label);
  EXPECT_EQ(cols, (std::vector<std::string>{"序号", "指南代码", "项目名称", "申报单位", "项目负责人", "联系方式", "主管部门",
                                            "所在高新区", "备注"}));
}

TEST(FormTemplates, BadTemplatesSayWhere) {
  const char* bad[] = {
      "field\t\tx\tX\n",                                                    // no header
      "kind\tgroup\tname\tlabel\taliases\ttype\toptions\trequired\nfield\t\tx\tX\t\tmoney\n",  // unknown type
      "kind\tgroup\tname\tlabel\taliases\ttype\toptions\trequired\nfield\t\tx\tX\t\tchoice1\t是\n",  // one option
      "kind\tgroup\tname\tlabel\taliases\ttype\toptions\trequired\ncol\tnone\tx\tX\n",  // unknown group
  };
  for (const char* tsv : bad) {
    auto r = ParseFormTemplate(tsv, "t.tsv");
    EXPECT_FALSE(r.ok()) << tsv;
    EXPECT_NE(r.status().message().find("t.tsv:"), std::string::npos) << r.status().message();
  }
}

}  // namespace
}  // namespace gongwen
