#include "extractors/contacts.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "tests/test_util.h"

namespace gongwen {
namespace {

using testing::Join;
using testing::Quoted;
using testing::ReadSeed;
using testing::TextCase;

// One-line dump: org|names|phones@"slice of the span", joined by " ; ".
std::string Dump(std::string_view input, const std::vector<Contact>& v) {
  std::string out;
  for (const Contact& c : v) {
    if (!out.empty()) out += " ; ";
    out += c.org + "|" + Join(c.names) + "|" + Join(c.phones) + Quoted(input, c.span);
  }
  return out;
}

// Expected values written from reading the text.
constexpr TextCase kCases[] = {
    // The 2022-11 seed's block as the normalizer leaves it.
    {"省科技厅成果处  方素娟 宗卫正\n联系电话：025-57712912  83213360\n"
     "省科技计划项目受理服务中心  葛宇洋  李旭红\n联系电话：025-85485894  85485920",
     "省科技厅成果处|方素娟,宗卫正|025-57712912,025-83213360"
     "@\"省科技厅成果处  方素娟 宗卫正\n联系电话：025-57712912  83213360\" ; "
     "省科技计划项目受理服务中心|葛宇洋,李旭红|025-85485894,025-85485920"
     "@\"省科技计划项目受理服务中心  葛宇洋  李旭红\n联系电话：025-85485894  85485920\""},
    // The 2021 seed's block verbatim: blank lines, trailing spaces, a line after.
    {"申报时间另行通知。 \n\n \n\n省科技厅成果处  刘坤 \n\n联系电话：025-83224363 \n\n"
     "省科技计划项目受理服务中心  李岱  张颖 \n\n联系电话：025-85485966  85485920 \n"
     " 附件：1. 省科技成果转化专项资金创新型产业集群培育试",
     "省科技厅成果处|刘坤|025-83224363@\"省科技厅成果处  刘坤 \n\n联系电话：025-83224363\" ; "
     "省科技计划项目受理服务中心|李岱,张颖|025-85485966,025-85485920"
     "@\"省科技计划项目受理服务中心  李岱  张颖 \n\n联系电话：025-85485966  85485920\""},
    // The 2021 seed's blank form (联系人 heading, 传真, 手机, E-mail without values).
    {"联系人 \n部门  姓名  职务  传真  \n\n手机  E-mail:  \n\n园区主导产业  ", ""},
    // One-line forms.
    {"联系人：张三，联系电话：025-86631234",
     "|张三|025-86631234@\"联系人：张三，联系电话：025-86631234\""},
    {"联系人及电话：张三 13912345678", "|张三|13912345678@\"联系人及电话：张三 13912345678\""},
    {"联系人及联系方式：王老师、李老师，025-83224363",
     "|王老师,李老师|025-83224363@\"联系人及联系方式：王老师、李老师，025-83224363\""},
    {"如有疑问，请与省科技厅高新处联系，联系人：张三，电话：025-83224363。",
     "省科技厅高新处|张三|025-83224363@\"省科技厅高新处联系，联系人：张三，电话：025-83224363\""},
    {"如有疑问请联系张三，联系电话：13812345678。",
     "|张三|13812345678@\"张三，联系电话：13812345678\""},
    {"咨询电话：025-83224363", "||025-83224363@\"咨询电话：025-83224363\""},
    {"省科技厅高新处咨询电话：025-83224363、83224364",
     "省科技厅高新处||025-83224363,025-83224364@\"省科技厅高新处咨询电话：025-"
     "83224363、83224364\""},
    {"省科技厅高新处  刘坤  联系电话：025-83224363",
     "省科技厅高新处|刘坤|025-83224363@\"省科技厅高新处  刘坤  联系电话：025-83224363\""},
    {"联系人：省科技厅高新处张三 025-83224363",
     "省科技厅高新处|张三|025-83224363@\"联系人：省科技厅高新处张三 025-83224363\""},
    {"联系人：省科技厅成果处 方素娟、宗卫正；联系电话：025-57712912",
     "省科技厅成果处|方素娟,宗卫正|025-57712912"
     "@\"联系人：省科技厅成果处 方素娟、宗卫正；联系电话：025-57712912\""},
    {"Tel: 025-83224363", "||025-83224363@\"Tel: 025-83224363\""},
    // Two lines; fax and email are not phones.
    {"联系人：张三\n联系电话：025-86631234\n传真：025-87654321",
     "|张三|025-86631234@\"联系人：张三\n联系电话：025-86631234\""},
    {"联系人：李四，电话：13800001111，邮箱：lisi@example.com",
     "|李四|13800001111@\"联系人：李四，电话：13800001111\""},
    {"传真：025-87654321", ""},
    {"省科技厅成果处  方素娟\n传真：025-87654321\n电话：025-57712912",
     "省科技厅成果处|方素娟|025-57712912@\"省科技厅成果处  "
     "方素娟\n传真：025-87654321\n电话：025-57712912\""},
    // A phone-only line continues the contact above it.
    {"省科技厅成果处  方素娟\n联系电话：025-57712912\n手机：13912345678",
     "省科技厅成果处|方素娟|025-57712912,13912345678"
     "@\"省科技厅成果处  方素娟\n联系电话：025-57712912\n手机：13912345678\""},
    // An org line without names gives its org to the 联系人 line below.
    {"省科技厅高新处\n联系人：张三，电话：025-83224363",
     "省科技厅高新处|张三|025-83224363@\"省科技厅高新处\n联系人：张三，电话：025-83224363\""},
    // ... but names on both lines: the 联系人 line wins.
    {"省科技厅成果处  方素娟\n联系人：张三，电话：025-83224363",
     "|张三|025-83224363@\"联系人：张三，电话：025-83224363\""},
    // An org line must be right above the phone line.
    {"省科技厅成果处  方素娟\n请按时提交。\n联系电话：025-57712912",
     "||025-57712912@\"联系电话：025-57712912\""},
    // Two contacts on one line.
    {"联系人：张三，电话：025-81111111；联系人：李四，电话：025-22222222",
     "|张三|025-81111111@\"联系人：张三，电话：025-81111111\" ; "
     "|李四|025-22222222@\"联系人：李四，电话：025-22222222\""},
    // Phone formats.
    {"电话：(025)83224363", "||025-83224363@\"电话：(025)83224363\""},
    {"电话：（0512）6812345", "||0512-6812345@\"电话：（0512）6812345\""},
    {"电话：02583224363", "||025-83224363@\"电话：02583224363\""},
    {"电话：025 83224363", "||025-83224363@\"电话：025 83224363\""},
    {"电话：010-68512345", "||010-68512345@\"电话：010-68512345\""},
    {"手机：139-1234-5678", "||13912345678@\"手机：139-1234-5678\""},
    {"服务热线：400-800-1234", "||400-800-1234@\"服务热线：400-800-1234\""},
    {"服务热线：4008001234", "||400-800-1234@\"服务热线：4008001234\""},
    {"电话：025-83224363-801", "||025-83224363-801@\"电话：025-83224363-801\""},
    {"电话：025-83224363转801", "||025-83224363-801@\"电话：025-83224363转801\""},
    {"电话：83224363", "||83224363@\"电话：83224363\""},
    {"电话：025-83224363或13912345678",
     "||025-83224363,13912345678@\"电话：025-83224363或13912345678\""},
    {"电话：025-83224363（工作日）83224364", "||025-83224363@\"电话：025-83224363\""},
    // Not contacts.
    {"项目申报纸质材料受理截止时间为2022年12月30日17:30，逾期不予受理。", ""},
    {"项目编号：20230630123", ""},
    {"联系电话须真实有效。", ""},
    {"联系人：张三", ""},
    {"电话：123", ""},
    {"电话：0251234", ""},
    {"省科技厅成果处  方素娟 宗卫正", ""},
};

TEST(ContactsTest, Table) {
  for (const TextCase& c : kCases) {
    EXPECT_EQ(Dump(c.input, FindContacts(c.input)), c.expected) << "input: " << c.input;
  }
}

std::string DigitsOf(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9') out += c;
  }
  return out;
}

// Every span slices back to text holding the org, each name and the digits
// of each phone's last group (a shared area code is written only once).
TEST(ContactsTest, SpansSliceBackToTheMatch) {
  for (const TextCase& c : kCases) {
    for (const Contact& k : FindContacts(c.input)) {
      ASSERT_LE(k.span.end, c.input.size());
      std::string_view slice = c.input.substr(k.span.begin, k.span.size());
      EXPECT_NE(slice.find(k.org), std::string_view::npos) << c.input;
      for (const std::string& n : k.names) {
        EXPECT_NE(slice.find(n), std::string_view::npos) << c.input;
      }
      for (const std::string& p : k.phones) {
        std::string last = p.substr(p.rfind('-') + 1);
        EXPECT_NE(DigitsOf(slice).find(last), std::string::npos) << c.input << " " << p;
      }
    }
  }
}

TEST(ContactsTest, PathologicalInputs) {
  std::string digits = "联系电话：" + std::string(1000000, '8');
  EXPECT_TRUE(FindContacts(digits).empty());

  std::string repeated;
  while (repeated.size() < 5u * 1000 * 1000) repeated += "电话：025-83224363，";
  std::vector<Contact> one = FindContacts(repeated);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(Join(one[0].phones), "025-83224363");

  std::string han;  // a 50 MB line of ideographs ending in a label
  while (han.size() < 50u * 1000 * 1000) han += "省科技厅成果处省科技厅成果处";
  han += "联系电话：025-83224363";
  ASSERT_EQ(FindContacts(han).size(), 1u);

  std::string lines;
  for (int i = 0; i < 100000; ++i) lines += "联系人：\n\n";
  EXPECT_TRUE(FindContacts(lines).empty());

  std::string labels;
  for (int i = 0; i < 100000; ++i) labels += "联系人：张三电话：";
  EXPECT_TRUE(FindContacts(labels).empty());

  std::string parens;
  for (int i = 0; i < 1000000; ++i) parens += "（";
  EXPECT_TRUE(FindContacts("电话：" + parens).empty());

}

// The seeds as they are on disk (lines not yet joined, blank lines between
// them): the contact blocks come out whole. Expected values from reading them.
TEST(ContactsTest, Seeds) {
  struct Seed {
    std::string_view file, expected;
  } seeds[] = {
      {"2021-03-17_jiangsu-kjt_2021-cluster-pilot-notice.txt",
       "省科技厅成果处|刘坤|025-83224363 ; "
       "省科技计划项目受理服务中心|李岱,张颖|025-85485966,025-85485920"},
      {"2022-07-22_jiangsu-kjt_14th-five-year-hightech-plan.txt", ""},
      {"2022-11-08_jiangsu-kjt-czt_2023-chengguo-zhuanhua-guide-notice.txt",
       "省科技厅成果处|方素娟,宗卫正|025-57712912,025-83213360 ; "
       "省科技计划项目受理服务中心|葛宇洋,李旭红|025-85485894,025-85485920"},
      {"2023-06-09_jiangsu-gxt_manufacturing-innovation-center-guide.txt", ""},
  };
  for (const Seed& seed : seeds) {
    std::string text = ReadSeed(seed.file);
    if (text.empty()) GTEST_SKIP() << "seeds not found";
    std::string got;
    for (const Contact& c : FindContacts(text)) {
      if (!got.empty()) got += " ; ";
      got += c.org + "|" + Join(c.names) + "|" + Join(c.phones);
      ASSERT_LE(c.span.end, text.size());
    }
    EXPECT_EQ(got, seed.expected) << seed.file;
  }
}

}  // namespace
}  // namespace gongwen
