// Structure on small hand-made notices: each case states what GB/T 9704
// says the parts are.
#include "pipeline/structure.h"

#include <gtest/gtest.h>

#include "pipeline/ingest.h"

namespace gongwen {
namespace {

std::string Element(const Document& d, const std::string& name) {
  for (const auto& e : d.elements)
    if (e.name == name) return e.value;
  return "";
}

const char* kNotice =
    "江苏省科学技术厅文件\n"
    "苏科高发〔2022〕182号  签发人：张三\n"
    "省科技厅关于印发江苏省“十四五”高新技术产业发展专项规划的通知\n"
    "各设区市、县（市）科技局，国家和省级高新区管委会：\n"
    "现将《江苏省“十四五”高新技术产业发展专项规划》印发给你们，请认真组织实施。\n"
    "一、总体要求\n"
    "（一）基本原则。坚持创新引领。\n"
    "1．聚焦重点。围绕产业链。\n"
    "（1）细化任务\n"
    "二、保障措施\n"
    "附件：1．重点领域表\n"
    "2．推荐名额\n"
    "江苏省科学技术厅 江苏省财政厅\n"
    "二〇二二年七月二十二日\n"
    "（此件主动公开）\n"
    "附件1\n"
    "重点领域表\n"
    "一、领域\n"
    "序号\t名称\t方向\n"
    "1\t智能电网\t柔性输电\n"
    "序号\t名称\t方向\n"
    "2\t汽车芯片\t车规级\n"
    "附件 2\n"
    "推荐名额\n"
    "序号 地区 最多推荐数\n"
    "1 南京市 40项\n"
    "2 苏州市 40项\n"
    "抄送：省财政厅。\n"
    "江苏省科学技术厅办公室 2022年7月22日印发\n";

TEST(StructureTest, ElementsOfAFullNotice) {
  Document d = ProcessText(kNotice, "notice.txt");
  EXPECT_EQ(d.title, "省科技厅关于印发江苏省“十四五”高新技术产业发展专项规划的通知");
  EXPECT_EQ(d.doc_type, "通知");
  ASSERT_TRUE(d.doc_number.has_value());
  EXPECT_EQ(d.doc_number->text, "苏科高发〔2022〕182号");
  EXPECT_EQ(Element(d, "signer"), "张三");
  EXPECT_EQ(d.forwarded_title, "江苏省“十四五”高新技术产业发展专项规划");
  EXPECT_EQ(Element(d, "recipients"), "各设区市、县（市）科技局，国家和省级高新区管委会");
  EXPECT_EQ(d.issuers, (std::vector<std::string>{"江苏省科学技术厅", "江苏省财政厅"}));
  ASSERT_TRUE(d.date.has_value());
  EXPECT_EQ(d.date->Iso(), "2022-07-22");
  EXPECT_EQ(Element(d, "note"), "（此件主动公开）");
  EXPECT_EQ(Element(d, "cc"), "省财政厅");
  EXPECT_EQ(d.printer, "江苏省科学技术厅办公室");
  ASSERT_TRUE(d.print_date.has_value());
  EXPECT_EQ(d.print_date->Iso(), "2022-07-22");
}

TEST(StructureTest, HeadingTreeRestartsInAttachments) {
  Document d = ProcessText(kNotice, "notice.txt");
  std::vector<std::string> got;
  for (const Section& s : d.sections)
    got.push_back(std::to_string(s.attachment) + ":" + std::to_string(s.level) + ":" + s.marker +
                  s.heading + ":" + (s.parent < 0 ? "-" : d.sections[s.parent].marker));
  EXPECT_EQ(got, (std::vector<std::string>{
                     "0:1:一、总体要求:-",
                     "0:2:（一）基本原则:一、",
                     "0:3:1．聚焦重点:（一）",
                     "0:4:（1）细化任务:1．",
                     "0:1:二、保障措施:-",
                     "1:0:附件1重点领域表:-",
                     "1:1:一、领域:附件1",
                     "2:0:附件2推荐名额:-",
                 }));
  // A section's text runs to the next heading of its level.
  EXPECT_EQ(d.Slice(d.sections[1].span), "（一）基本原则。坚持创新引领。\n1．聚焦重点。围绕产业链。\n（1）细化任务");
}

TEST(StructureTest, AttachmentsAndTables) {
  Document d = ProcessText(kNotice, "notice.txt");
  ASSERT_EQ(d.attachments.size(), 2u);
  EXPECT_EQ(d.attachments[0].title, "重点领域表");
  EXPECT_EQ(d.attachments[1].title, "推荐名额");
  ASSERT_EQ(d.tables.size(), 2u);
  // The tab table continued after its repeated header is one table.
  EXPECT_EQ(d.tables[0].rows, (std::vector<std::vector<std::string>>{
                                  {"序号", "名称", "方向"}, {"1", "智能电网", "柔性输电"}, {"2", "汽车芯片", "车规级"}}));
  EXPECT_EQ(d.tables[0].attachment, 1);
  EXPECT_EQ(d.tables[1].caption, "推荐名额");
  ASSERT_EQ(d.quotas.size(), 2u);
  EXPECT_EQ(d.quotas[1].region, "苏州市");
  EXPECT_EQ(d.quotas[1].max, 40);
  EXPECT_EQ(d.quotas[1].unit, "项");
}

// A `序号 …` table read by OCR: one bad row must not end the table. Each
// misread row is tied to the numbering (the row before and the one after).
TEST(StructureTest, NumberedTableRowsMisreadByOcrKeepTheTable) {
  Document d = ProcessText(
      "推荐名额\n"
      "序号 地区 最多推荐数\n"
      "1 南京市 40项\n"
      "2 扬州市项\n"          // count dropped: row kept, cell empty
      "3 泰州市 18项\n"
      "霸连云港市 12项\n"     // 4 misread, between 3 and 5
      "5 宿迁市 10项\n"
      "6沭阳县 3项\n"         // no space after the number
      "7 常州市24项\n"        // no space between region and count
      "8 这是正文里的一句话。\n"  // one cell short, and no row 9 after it: no row
      "正文。\n",
      "t.txt");
  ASSERT_EQ(d.tables.size(), 1u);
  EXPECT_EQ(d.tables[0].rows, (std::vector<std::vector<std::string>>{
                                  {"序号", "地区", "最多推荐数"},
                                  {"1", "南京市", "40项"},
                                  {"2", "扬州市项", ""},
                                  {"3", "泰州市", "18项"},
                                  {"4", "霸连云港市", "12项"},
                                  {"5", "宿迁市", "10项"},
                                  {"6", "沭阳县", "3项"},
                                  {"7", "常州市", "24项"},
                              }));
  std::vector<std::string> quotas;
  for (const Quota& q : d.quotas) quotas.push_back(q.region + " " + std::to_string(q.max));
  EXPECT_EQ(quotas, (std::vector<std::string>{"南京市 40", "泰州市 18", "霸连云港市 12", "宿迁市 10",
                                              "沭阳县 3", "常州市 24"}));
}

// Text that only looks like it: a line numbered out of turn, or no row
// numbered after an unnumbered line, ends the table.
TEST(StructureTest, NumberedTableEndsAtLinesOutOfTurn) {
  Document d = ProcessText(
      "序号 地区 最多推荐数\n"
      "1 南京市 40项\n"
      "另有 说明\n"
      "5 这是正文。\n",
      "t.txt");
  ASSERT_EQ(d.tables.size(), 1u);
  EXPECT_EQ(d.tables[0].rows.size(), 2u);
}

// 截止时间 with 截 misread by OCR is still a deadline's cue; 起止时间 (a
// range) is none.
TEST(StructureTest, DeadlineCueWithItsFirstCharacterMisread) {
  Document d = ProcessText(
      "主管部门网上审核推荐殴止时间为2022年12月29日17:30，逾期不予受理。\n"
      "项目起止时间为2023年1月1日至2025年12月31日。\n",
      "t.txt");
  ASSERT_EQ(d.deadlines.size(), 1u);
  EXPECT_EQ(d.deadlines[0].at.Iso(), "2022-12-29T17:30");
}

TEST(StructureTest, JointBannerAndTitleOverThreeLines) {
  Document d = ProcessText(
      "江苏省科学技术厅  江苏省财政厅\n"
      "关于2021年省科技成果转化专项资金\n"
      "创新型产业集群培育试点项目\n"
      "组织申报工作的通知\n"
      "各设区市科技局：\n"
      "正文。\n",
      "t.txt");
  EXPECT_EQ(d.title, "关于2021年省科技成果转化专项资金创新型产业集群培育试点项目组织申报工作的通知");
  EXPECT_EQ(d.issuers, (std::vector<std::string>{"江苏省科学技术厅", "江苏省财政厅"}));
  EXPECT_EQ(Element(d, "recipients"), "各设区市科技局");
}

TEST(StructureTest, TitleAndRecipientsOnOneLine) {
  Document d = ProcessText(
      "江苏省工业和信息化厅关于印发 《江苏省制造业创新中心建设工作指南（试行）》 的通知各设区市工业和信息化局：\n"
      "正文。\n",
      "t.txt");
  EXPECT_EQ(d.title, "江苏省工业和信息化厅关于印发《江苏省制造业创新中心建设工作指南（试行）》的通知");
  EXPECT_EQ(Element(d, "recipients"), "各设区市工业和信息化局");
  EXPECT_EQ(d.forwarded_title, "江苏省制造业创新中心建设工作指南（试行）");
  EXPECT_EQ(d.issuers, (std::vector<std::string>{"江苏省工业和信息化厅"}));
}

TEST(StructureTest, NothingRecognizableGivesEmptyStructureNotACrash) {
  for (const char* in : {"", "\n\n", "随便一句话", "一、", "附件", "附件：", "序号 a b\n1 x", "\t\t\n\t"}) {
    Document d = ProcessText(in, "t.txt");
    EXPECT_TRUE(d.title.empty()) << in;
  }
}

}  // namespace
}  // namespace gongwen
