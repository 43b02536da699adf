// Table-driven tests of the quantity extractor and the unit table: every
// shape issue 3 lists, each comparator, each unit alias. Expected values are
// worked out by hand from the meaning of the text (SI units in UDUNITS-2's
// canonical spelling: m2.kg.s-3.A-1 is the volt).
#include "extractors/quantities.h"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "extractors/units.h"

namespace gongwen {
namespace {

struct Expect {
  std::string subject;  // a part of the subject ("" = not checked)
  std::string op;
  double value;
  std::optional<double> value_max;
  std::string unit;
  std::optional<double> si;
  std::string si_unit;
  std::string condition = "";
  std::string qualifier = "";
  std::string tolerance = "";
};

struct Case {
  std::string name;
  std::string text;
  std::vector<Expect> want;  // all quantities, in order
};

bool Near(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(1.0, std::max(std::abs(a), std::abs(b))); }

std::string DumpAll(const std::vector<Quantity>& got) {
  std::string s;
  for (const Quantity& q : got) s += "  " + DumpQuantity(q) + "\n";
  return s;
}

void Check(const Case& c) {
  SCOPED_TRACE(c.name + ": " + c.text);
  std::vector<Quantity> got = FindQuantities(c.text);
  ASSERT_EQ(got.size(), c.want.size()) << DumpAll(got);
  for (size_t i = 0; i < got.size(); ++i) {
    const Quantity& q = got[i];
    const Expect& e = c.want[i];
    SCOPED_TRACE("quantity " + std::to_string(i) + ": " + DumpQuantity(q));
    if (!e.subject.empty()) {
      EXPECT_NE(q.subject.find(e.subject), std::string::npos) << q.subject;
    }
    EXPECT_EQ(q.op, e.op);
    EXPECT_TRUE(Near(q.value, e.value)) << q.value;
    EXPECT_EQ(q.value_max.has_value(), e.value_max.has_value());
    if (q.value_max && e.value_max) {
      EXPECT_TRUE(Near(*q.value_max, *e.value_max)) << *q.value_max;
    }
    EXPECT_EQ(q.unit, e.unit);
    EXPECT_EQ(q.si.has_value(), e.si.has_value());
    if (q.si && e.si) {
      EXPECT_TRUE(Near(*q.si, *e.si)) << *q.si;
    }
    EXPECT_EQ(q.si_unit, e.si_unit);
    EXPECT_EQ(q.condition, e.condition);
    EXPECT_EQ(q.qualifier, e.qualifier);
    EXPECT_EQ(q.tolerance, e.tolerance);
    EXPECT_EQ(q.text, c.text.substr(q.span.begin, q.span.size()));
  }
}

const char* kVolt = "m2.kg.s-3.A-1";

// The shapes of issue 3, as the seeds write them.
TEST(QuantitiesTest, IssueShapes) {
  const std::vector<Case> cases = {
      {"rate", "其中单通道速率≥20Gbps，", {{"单通道速率", ">=", 20, {}, "Gbps", 2e10, "s-1.bit"}}},
      {"two values, unit in the parameter", "再布线（RDL）线宽（L）/线距（S）（μm）≤1.5/1.5；",
       {{"线宽（L）", "<=", 1.5, {}, "μm", 1.5e-6, "m"}, {"线距（S）", "<=", 1.5, {}, "μm", 1.5e-6, "m"}}},
      {"range with a spaced unit", "工艺平台支持的电压：1.1~5 V；", {{"电压", "between", 1.1, 5, "V", 1.1, kVolt}}},
      {"negative range", "项目实施目标：-150V~1200V大功率器件通过考核",
       {{"", "between", -150, 1200, "V", -150, kVolt}}},
      {"rpm range", "血泵转速范围为0~5000rpm，", {{"血泵转速范围", "between", 0, 5000, "rpm", 0, "s-1.rad"}}},
      {"tolerance", "写入速度≤6.5±10%μs/byte；",
       {{"写入速度", "<=", 6.5, {}, "μs/byte", 6.5e-6 / 8, "s.bit-1", "", "", "10%"}}},
      {"superscript on its own line", "-150V器件特征导通电阻≤630mohm*mm\n2，",
       {{"特征导通电阻", "<=", 630, {}, "mohm*mm2", 630e-3 * 1e-6, "m4.kg.s-3.A-2", "-150V器件"}}},
      {"superscript re-attached", "100V器件特征导通电阻≤35.0mohm*mm²；",
       {{"特征导通电阻", "<=", 35, {}, "mohm*mm²", 35e-3 * 1e-6, "m4.kg.s-3.A-2", "100V器件"}}},
      {"@condition", "Vcesat<1.6V@电流密度=200A/cm2。",
       {{"Vcesat", "<", 1.6, {}, "V", 1.6, kVolt, "@电流密度=200A/cm2"}}},
      {"condition before the subject and @", "1200V器件饱和导通压降Vcesat<1.6V@电流密度=200A/cm²。",
       {{"饱和导通压降Vcesat", "<", 1.6, {}, "V", 1.6, kVolt, "1200V器件 @电流密度=200A/cm²"}}},
      {"K gate", "逻辑单元库集成度达1900K gate/mm2以上；",
       {{"集成度", ">=", 1900, {}, "K gate/mm2", 1900e3 / 1e-6, "m-2.gate"}}},
      {"万次以上", "具有10万次以上擦写次数；", {{"擦写次数", ">=", 1e5, {}, "次", 1e5, "次"}}},
      {"万颗/年以上", "形成5000万颗/年以上的生产能力。", {{"生产能力", ">=", 5e7, {}, "颗/年", 5e7, "颗/年"}}},
      {"片/年", "形成36000片/年的生产能力。", {{"生产能力", "=", 36000, {}, "片/年", 36000, "片/年"}}},
      {"1亿颗", "实现1亿颗高性能计算芯片的封装能力。", {{"封装能力", "=", 1e8, {}, "颗", 1e8, "颗"}}},
      {"unit across blank lines", "穿透螺位错密度≤400\n \ncm\n\n-2，微管",
       {{"穿透螺位错密度", "<=", 400, {}, "cm-2", 4e6, "m-2"}}},
      {"cm⁻²", "6英寸SiC衬底穿透螺位错密度≤400cm⁻²，",
       {{"穿透螺位错密度", "<=", 400, {}, "cm⁻²", 4e6, "m-2", "6英寸SiC衬底"}}},
      {"英寸及以上", "开发出6英寸及以上高质量SiC单晶衬底，",
       {{"SiC单晶衬底", ">=", 6, {}, "英寸", 6 * 0.0254, "m", "", "及以上"}}},
      {"grade", "实现T1100级及以上碳纤维", {{"碳纤维", ">=", 1100, {}, "T级", 1100, "T级", "", "及以上"}}},
      {"list of nodes", "支持发展28/16/14纳米及以下制程",
       {{"", "<=", 28, {}, "纳米", 28e-9, "m", "", "及以下"},
        {"", "<=", 16, {}, "纳米", 16e-9, "m", "", "及以下"},
        {"", "<=", 14, {}, "纳米", 14e-9, "m", "", "及以下"}}},
      {"table cell 左右, unit in the header", "1\t高新技术产业产值占规上工业产值的比重（%）\t50左右\t预期性\n",
       {{"比重", "~", 50, {}, "%", 0.5, "1", "", "左右"}}},
      {"table cell >", "4\t十大支柱高新技术产业总产值（亿元）\t>50000\t预期性\n",
       {{"总产值", ">", 50000, {}, "亿元", 5e12, "CNY"}}},
      {"table cell <, compound unit in the header", "9\t国家高新区单位工业增加值综合能耗（吨标准煤/万元）\t<0.3\t约束性\n",
       {{"综合能耗", "<", 0.3, {}, "吨标准煤/万元", 0.3 * 29.3076e9 / 1e4, "m2.kg.s-2.CNY-1"}}},
      {"bare table cell", "8\t世界一流高科技园区（家）\t2\t预期性\n", {{"高科技园区", "=", 2, {}, "家", 2, "家"}}},
      {"share 1/3", "单个项目的政府财政资金投入不超过项目新增总投入的1/3。",
       {{"政府财政资金投入", "<=", 1.0 / 3, {}, "", 1.0 / 3, "1"}}},
      {"share 三分之一", "联合支持强度不超过项目新增总投入的三分之一。",
       {{"联合支持强度", "<=", 1.0 / 3, {}, "", 1.0 / 3, "1"}}},
      {"ratio", "地方财政须按1:1的比例进行联合资助", {{"地方财政", "=", 1, {}, "ratio", 1, "1"}}},
      {"ratio with comparator", "与省科技厅按不低于1:1比例共同出资", {{"", ">=", 1, {}, "ratio", 1, "1"}}},
      {"不少于 … 个 and a 、 list", "在不少于5个行业、20个企业开展推广应用",
       {{"行业", ">=", 5, {}, "个", 5, "个"}, {"企业", ">=", 20, {}, "个", 20, "个"}}},
      {"原则上", "单个项目省资助经费原则上不超过3000万元，",
       {{"单个项目省资助经费", "<=", 3000, {}, "万元", 3e7, "CNY", "", "原则上"}}},
      {"tiers",
       "销售收入为5000万元以下企业，比例不低于5%；销售收入为5000万元—2亿元的企业，比例不低于4%；"
       "销售收入为2亿元以上的企业，比例不低于3%。",
       {{"比例", ">=", 5, {}, "%", 0.05, "1", "销售收入为5000万元以下企业"},
        {"比例", ">=", 4, {}, "%", 0.04, "1", "销售收入为5000万元—2亿元的企业"},
        {"比例", ">=", 3, {}, "%", 0.03, "1", "销售收入为2亿元以上的企业"}}},
      {"range of money", "销售收入为5000万元—2亿元。", {{"销售收入", "between", 5000, 20000, "万元", 5e7, "CNY"}}},
      {"降至", "纯电动乘用车新车平均电耗降至12.0千瓦时/百公里。",
       {{"平均电耗", "<=", 12, {}, "千瓦时/百公里", 12 * 3.6e6 / 1e5, "m.kg.s-2"}}},
      {"knots", "服务航速达到19.0节，", {{"服务航速", ">=", 19, {}, "节", 19 * 1852.0 / 3600, "m.s-1"}}},
      {"percent per day", "液货舱LNG蒸发率BOR≤0.085%/天，",
       {{"蒸发率BOR", "<=", 0.085, {}, "%/天", 0.085e-2 / 86400, "s-1"}}},
      {"cubic metres", "设计舱容>170000m³，", {{"舱容", ">", 170000, {}, "m³", 170000, "m3"}}},
      {"50左右", "比重达50%左右", {{"比重", "~", 50, {}, "%", 0.5, "1", "", "左右"}}},
      {"period with its dates", "项目的实施期限一般为3.5年（2023年1月至2026年6月）。",
       {{"实施期限", "=", 3.5, {}, "年", 3.5 * 31556925.9747, "s", "", "一般"}}},
      {"多", "培育形成1600多家科技型拟上市企业", {{"", ">", 1600, {}, "家", 1600, "家", "", "多"}}},
      {"scientific", "密度≤4×10⁶ m-2。", {{"密度", "<=", 4e6, {}, "m-2", 4e6, "m-2"}}},
  };
  for (const Case& c : cases) Check(c);
}

// Chinese numerals, full-width digits and symbols are numbers like any other.
TEST(QuantitiesTest, ChineseNumbersAndWidths) {
  const std::vector<Case> cases = {
      {"1.5亿元", "支持资金不超过1.5亿元。", {{"支持资金", "<=", 1.5, {}, "亿元", 1.5e8, "CNY"}}},
      {"十万", "寿命不少于十万次。", {{"寿命", ">=", 1e5, {}, "次", 1e5, "次"}}},
      {"两", "同一项目负责人限报两个项目。", {{"", "<=", 2, {}, "个", 2, "个"}}},
      {"一千", "不超过一千万元", {{"", "<=", 1000, {}, "万元", 1e7, "CNY"}}},
      {"full-width digits and ＞", "芯粒数＞５，", {{"芯粒数", ">", 5, {}, "", {}, ""}}},
      {"full-width ≧", "功率≧100W。", {{"功率", ">=", 100, {}, "W", 100, "m2.kg.s-3"}}},
      {"百分之", "占比不低于百分之二十。", {{"占比", ">=", 0.2, {}, "", 0.2, "1"}}},
  };
  for (const Case& c : cases) Check(c);
}

// Each comparator, read the legal way (DESIGN.md).
TEST(QuantitiesTest, Comparators) {
  struct Cmp {
    std::string text;
    std::string op;
  };
  const std::vector<Cmp> cmps = {
      {"功率≥100W", ">="},       {"功率≤100W", "<="},       {"功率>100W", ">"},
      {"功率<100W", "<"},        {"功率＞100W", ">"},       {"功率＜100W", "<"},
      {"功率≧100W", ">="},       {"功率≦100W", "<="},       {"功率=100W", "="},
      {"功率100W以上", ">="},    {"功率100W及以上", ">="},  {"功率100W以下", "<="},
      {"功率100W及以下", "<="},  {"功率100W以内", "<="},    {"功率不超过100W", "<="},
      {"功率不低于100W", ">="},  {"功率不少于100W", ">="},  {"功率不高于100W", "<="},
      {"功率达到100W", ">="},    {"功率超过100W", ">"},     {"功率高于100W", ">"},
      {"功率大于100W", ">"},     {"功率低于100W", "<"},     {"功率少于100W", "<"},
      {"功率不满100W", "<"},     {"功率不足100W", "<"},     {"功率100W左右", "~"},
      {"功率约100W", "~"},       {"功率为100W", "="},       {"功率降至100W", "<="},
      {"功率不大于100W", "<="},  {"功率小于100W", "<"},     {"功率至少100W", ">="},
  };
  for (const Cmp& c : cmps) {
    SCOPED_TRACE(c.text);
    auto got = FindQuantities(c.text);
    ASSERT_EQ(got.size(), 1u) << DumpAll(got);
    EXPECT_EQ(got[0].op, c.op);
    EXPECT_EQ(got[0].value, 100);
    EXPECT_EQ(got[0].unit, "W");
    EXPECT_EQ(got[0].subject, "功率");
  }
}

// Spaces OCR puts into units of a scan: the same quantity as without them.
TEST(QuantitiesTest, SpacesOcrPutsIntoUnits) {
  const std::vector<Case> cases = {
      {"Han unit after a space", "项目实施期内，建成12 英寸40nm嵌入式闪存工艺",
       {{"", "=", 12, {}, "英寸", 12 * 0.0254, "m"}, {"", "=", 40, {}, "nm", 40e-9, "m"}}},
      {"space after a slash", "形成5000万颗/ 年以上的生产能力。", {{"生产能力", ">=", 5e7, {}, "颗/年", 5e7, "颗/年"}}},
      {"spaces around a slash", "形成5000万颗 / 年以上的生产能力。", {{"生产能力", ">=", 5e7, {}, "颗/年", 5e7, "颗/年"}}},
      {"a spaced slash between two counts is no unit", "模块5个 / 10个。", {{"", "=", 5, {}, "个", 5, "个"}, {"", "=", 10, {}, "个", 10, "个"}}},
      {"space after a slash, Latin", "P型MOS晶体管漏电≤820pA/ μm；",
       {{"漏电", "<=", 820, {}, "pA/μm", 820e-12 / 1e-6, "m-1.A"}}},
      {"line break after a slash", "P型MOS晶体管漏电≤820pA/\nμm；",
       {{"漏电", "<=", 820, {}, "pA/μm", 820e-12 / 1e-6, "m-1.A"}}},
      // UDUNITS-2's month: a twelfth of its year of 365.242198781 days.
      {"a month after a space", "实施期限为3 个月。",
       {{"实施期限", "=", 3, {}, "个月", 3 * 365.242198781 * 86400 / 12, "s"}}},
  };
  for (const Case& c : cases) Check(c);
  // A measure word or a one-character unit after a space stays apart when the
  // number starts a line or a cell, or is a code or year after a colon
  // (2201 人工智能 is a code and a title).
  for (std::string_view text : {"代码2201 年度", "2201 人工智能：基于人工智能的新型轨道交通系统",
                                "方向：2201 人工智能", "序号\t12 个", "2201人工智能：基于人工智能的新型轨道交通系统",
                                "重点领域 3301 种业振兴", "每半年结束后 10 个工作日内"})
    EXPECT_TRUE(FindQuantities(std::string(text)).empty()) << text;
}

// A space OCR puts between a number inside a sentence and a one-character
// unit or measure word (the gap before a narrow glyph is measured a little
// wide): read as in the text version of the 2023 guide.
TEST(QuantitiesTest, SpacedOneCharacterUnitInProse) {
  const std::vector<Case> cases = {
      {"count after Han", "同一项目骨干的申报项目总数不超过2 个；",
       {{"申报项目总数", "<=", 2, {}, "个", 2, "个"}}},
      {"unit after a colon", "3203  关键设备与材料：12 寸特种金属刻蚀机等刻蚀设备，",
       {{"", "=", 12, {}, "寸", 12 * 0.0254, "m"}}},
      {"a year after Han", "项目的实施期限一般为3.5 年。",
       {{"项目的实施期限", "=", 3.5, {}, "年", 3.5 * 31556925.9747, "s", "", "一般"}}},
      {"range of counts", "培育2-3 个联动优势突出的产业集群，", {{"", "between", 2, 3, "个", 2, "个"}}},
      {"count of a list", "模型组件数6000 个；", {{"模型组件数", "=", 6000, {}, "个", 6000, "个"}}},
      {"after a comparator", "支持仿真软件接口数量≥10 个；", {{"接口数量", ">=", 10, {}, "个", 10, "个"}}},
      {"after a spaced comparator", "模型组件数 ≥6000 个；", {{"模型组件数", ">=", 6000, {}, "个", 6000, "个"}}},
  };
  for (const Case& c : cases) Check(c);
}

// Spaces OCR puts around a ratio and inside an @condition, and a line break
// layout left before a comparator.
TEST(QuantitiesTest, SpacesOcrPutsAroundRatiosAndConditions) {
  const std::vector<Case> cases = {
      {"ratio with spaces", "与省科技厅按不低于 1:1 比例共同出资", {{"", ">=", 1, {}, "ratio", 1, "1"}}},
      {"ratio, space after", "地方财政须按1:1 的比例进行联合资助", {{"地方财政", "=", 1, {}, "ratio", 1, "1"}}},
      {"a line break before the comparator",
       "-150V器件特征导通电阻≤630mohm*mm²，100V器件特征导通电阻\n≤35.0mohm*mm²；",
       {{"特征导通电阻", "<=", 630, {}, "mohm*mm²", 630e-3 * 1e-6, "m4.kg.s-3.A-2", "-150V器件"},
        {"特征导通电阻", "<=", 35, {}, "mohm*mm²", 35e-3 * 1e-6, "m4.kg.s-3.A-2", "100V器件"}}},
      {"~ read as >", "项目实施目标：工艺平台支持的电压：1.1>5V; N型MOS",
       {{"电压", "between", 1.1, 5, "V", 1.1, kVolt}}},
      {"a true > stays a comparator", "比值2>1.5，", {{"", ">", 1.5, {}, "", {}, ""}}},
      {"space before the = of a condition", "Vcesat<1.6V@电流密度 =200A/cm²。",
       {{"Vcesat", "<", 1.6, {}, "V", 1.6, kVolt, "@电流密度 =200A/cm²"}}},
      // The tiers of the 2023 guide with the comma after 企业 lost (seed 5353).
      {"a range before a head ends a condition", "销售收入为5000万元—2亿元的企业比例不低于4%；",
       {{"比例", ">=", 4, {}, "%", 0.04, "1", "销售收入为5000万元—2亿元的企业"}}},
  };
  for (const Case& c : cases) Check(c);
}

// A volume subject (舱容, 容积, 体积, 库容) with a unit that begins with m but is
// no volume: a scan lost or misread the ³ of m³ (seeds of the 2023 guide read
// 设计舱容>170000m³ as 170000ms and 170000mm). Other subjects keep their units.
TEST(QuantitiesTest, VolumeSubjectWithItsCubeLost) {
  const std::vector<Case> cases = {
      {"m³ read as ms", "设计舱容>170000ms，服务航速达到19.0节，",
       {{"舱容", ">", 170000, {}, "m³", 170000, "m3"},
        {"服务航速", ">=", 19, {}, "节", 19 * 1852.0 / 3600, "m.s-1"}}},
      {"m³ read as mm", "设计舱容>170000mm，", {{"舱容", ">", 170000, {}, "m³", 170000, "m3"}}},
      {"m³ as written", "设计舱容>170000m³，", {{"舱容", ">", 170000, {}, "m³", 170000, "m3"}}},
      {"a length stays a length", "最小凸点间距≤20mm，", {{"最小凸点间距", "<=", 20, {}, "mm", 0.02, "m"}}},
      {"a time stays a time", "读取速度≤30ms，", {{"读取速度", "<=", 30, {}, "ms", 0.03, "s"}}},
  };
  for (const Case& c : cases) Check(c);
}

// A measure word, then 年 and a capacity: the / of 片/年 lost where a scan
// broke the line (形成100000片 / 年的生产能力 → 100000片年的生产能力).
TEST(QuantitiesTest, CapacityPerYearWithItsSlashLost) {
  const std::vector<Case> cases = {
      {"片年的生产能力", "形成100000片年的生产能力。", {{"生产能力", "=", 100000, {}, "片/年", 100000, "片/年"}}},
      {"片/年 as written", "形成100000片/年的生产能力。", {{"生产能力", "=", 100000, {}, "片/年", 100000, "片/年"}}},
      {"a count before 年 of a date stays a count", "完成3个年度目标", {{"年度目标", "=", 3, {}, "个", 3, "个"}}},
  };
  for (const Case& c : cases) Check(c);
}

// Numbers that are not quantities.
TEST(QuantitiesTest, NotQuantities) {
  const std::vector<std::string> texts = {
      "苏科高发〔2022〕182号",
      "联系电话：025-57712912 83213360",
      "截止时间为2022年12月28日17:30，",
      "1001 大型液化天然气（LNG）运输船研发及产业化",
      "2201 人工智能：基于人工智能的新型轨道交通系统",
      "1．申报企业应是在江苏省境内注册的独立法人企业。",
      "（1）项目名称",
      "5G 及 B5G 移动通信、光通信",
      "芯粒2.5D/3D TSV、BVR工艺",
      "扇入/扇出型封装、CoW、2.5/3D等高密度先进封装",
      "具体项目指南详见附件1。各地推荐限额详见附件2。",
      "指南代码1003、3102项目由省市联合发榜",
      "推动《江苏省“十四五”科技创新规划》各项目标",
      "打造一批标志性产品，进一步加大力度",
      "液化石油气/乙烯/ CO2运输船",
      "申报材料统一用A4纸打印",
      "按照第3条的规定，见表1",
      "南京市成贤街118号省技术产权交易市场",
      "IMO Tier III排放要求，通过AECQ-101可靠性考核",
      "1.2.3 节",
      "2020、2021年研发费用总额",
  };
  for (const std::string& t : texts) {
    auto got = FindQuantities(t);
    EXPECT_TRUE(got.empty()) << t << "\n" << DumpAll(got);
  }
}

// The alias table: each written form and what it means in SI.
TEST(UnitsTest, Aliases) {
  struct U {
    std::string written;
    std::string si_unit;
    double scale;
    bool count = false;
  };
  const std::vector<U> units = {
      {"节", "m.s-1", 1852.0 / 3600},
      {"英寸", "m", 0.0254},
      {"寸", "m", 0.0254},
      {"天", "s", 86400},
      {"年", "s", 31556925.9747},
      {"个月", "s", 31556925.9747 / 12},
      {"元", "CNY", 1},
      {"万元", "CNY", 1e4},
      {"亿元", "CNY", 1e8},
      {"Gbps", "s-1.bit", 1e9},
      {"TB", "bit", 8e12},
      {"byte", "bit", 8},
      {"K gate/mm²", "m-2.gate", 1e3 / 1e-6},
      {"K gate/mm2", "m-2.gate", 1e3 / 1e-6},
      {"μm", "m", 1e-6},
      {"µm", "m", 1e-6},
      {"um", "m", 1e-6},
      {"纳米", "m", 1e-9},
      {"mohm*mm²", "m4.kg.s-3.A-2", 1e-9},
      {"mΩ", "m2.kg.s-3.A-2", 1e-3},
      {"cm⁻²", "m-2", 1e4},
      {"cm-2", "m-2", 1e4},
      {"A/cm²", "m-2.A", 1e4},
      {"pA/μm", "m-1.A", 1e-6},
      {"L/min", "m3.s-1", 1e-3 / 60},
      {"ml/min", "m3.s-1", 1e-6 / 60},
      {"rpm", "s-1.rad", 2 * M_PI / 60},
      {"%", "1", 0.01},
      {"‰", "1", 0.001},
      {"千瓦时/百公里", "m.kg.s-2", 3.6e6 / 1e5},
      {"吨标准煤/万元", "m2.kg.s-2.CNY-1", 29.3076e9 / 1e4},
      {"ns/次", "s/次", 1e-9},
      {"个", "个", 1, true},
      {"件", "件", 1, true},
      {"项", "项", 1, true},
      {"颗", "颗", 1, true},
      {"片/年", "片/年", 1, true},
      {"颗/年", "颗/年", 1, true},
      {"次", "次", 1, true},
      {"家", "家", 1, true},
      {"种", "种", 1, true},
      {"艘", "艘", 1, true},
  };
  for (const U& u : units) {
    SCOPED_TRACE(u.written);
    auto info = ParseUnit(u.written);
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->si_unit, u.si_unit);
    EXPECT_TRUE(Near(info->scale, u.scale)) << info->scale;
    EXPECT_EQ(info->count, u.count);
  }
  auto c = ParseUnit("℃");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->si_unit, "K");
  EXPECT_TRUE(Near(c->ToSi(20), 293.15));
  for (std::string_view not_unit : {"G", "D", "B", "III", "人工智能", ""}) EXPECT_FALSE(ParseUnit(not_unit)) << not_unit;
}

// Spans are byte offsets; units stop where the unit ends.
TEST(UnitsTest, MatchUnitAtStopsAtTheUnitsEnd) {
  struct M {
    std::string text;
    size_t len;
  };
  const std::vector<M> ms = {{"mm²以上", std::string("mm²").size()}, {"nm嵌入式", 2}, {"V~1200V", 1},
                             {"G及B5G", 0},                           {"颗/年以上", std::string("颗/年").size()},
                             {"μm；", std::string("μm").size()},     {"mm\n2，", 4}};
  for (const M& m : ms) {
    UnitInfo info;
    EXPECT_EQ(MatchUnitAt(m.text, 0, &info), m.len) << m.text;
  }
}

}  // namespace
}  // namespace gongwen

namespace gongwen {
namespace {

// Pathological inputs finish (in linear time: see tools/bench/quantities_bench)
// without a crash, and still find what is there.
TEST(QuantitiesTest, PathologicalInputs) {
  {
    std::string digits(1'000'000, '9');
    EXPECT_TRUE(FindQuantities(digits).empty());  // too long for a double: not a number
    auto got = FindQuantities(digits + "，功率≥100W");
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].value, 100);
  }
  {
    std::string s;
    for (int i = 0; i < 10'000; ++i) s += "（(";
    s += "功率≥100W";
    for (int i = 0; i < 10'000; ++i) s += ")）";
    auto got = FindQuantities(s);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].op, ">=");
    EXPECT_EQ(got[0].subject, "功率");
  }
  {
    // One 50 MB line: a seed's text with its line breaks turned into spaces, repeated.
    std::string one =
        "项目实施目标：设计基于芯粒技术的自主可控产品，其中单通道速率≥20Gbps，支持的存储器访问带宽≥1TB；"
        "再布线（RDL）线宽（L）/线距（S）（μm）≤1.5/1.5；RDL层≥3，芯粒数>5；最小凸点间距≤20μm；"
        "单个项目省资助经费原则上不超过3000万元，联系电话：025-57712912 83213360 ";
    const size_t per_copy = FindQuantities(one).size();
    ASSERT_EQ(per_copy, 8u);  // 20Gbps 1TB 1.5 1.5 3 5 20μm 3000万元; not the phone numbers
    std::string line;
    line.reserve((50u << 20) + one.size());
    size_t copies = 0;
    while (line.size() < (50u << 20)) {
      line += one;
      ++copies;
    }
    EXPECT_EQ(FindQuantities(line).size(), per_copy * copies);
  }
}

}  // namespace
}  // namespace gongwen
