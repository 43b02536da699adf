// Programme and year (pipeline/programme.h): table-driven over titles, then
// the seeds end to end (`gongwen docs`, the parts table), and the link from a
// corrected notice to the one it corrects. Expected values are read from the
// titles and texts of the seed notices.
#include <gtest/gtest.h>

#include <map>

#include <nlohmann/json.hpp>

#include "pipeline/programme.h"
#include "pipeline/store.h"
#include "tests/test_util.h"

namespace gongwen {
namespace {

using nlohmann::json;
using testing::CorpusDir;
using testing::ReadFile;
using testing::RunGongwen;
using testing::TempDir;
using testing::WriteFile;

TEST(ProgrammeTest, TitleYear) {
  const struct {
    const char* title;
    int year;  // 0: none
  } cases[] = {
      {"关于2021年省科技成果转化专项资金创新型产业集群培育试点项目组织申报工作的通知", 2021},
      {"关于印发《2023年度省科技成果转化专项资金项目指南》及组织申报项目的通知", 2023},
      {"2023 年度省科技成果转化专项资金项目指南", 2023},
      {"关于组织申报2022年度苏州市产业前瞻与关键核心技术项目的通知", 2022},
      {"省科技厅关于印发江苏省“十四五”高新技术产业发展专项规划的通知", 0},
      {"关于印发2021-2025年发展规划的通知", 0},            // a range is a period
      {"关于2020年3月起施行的办法的通知", 0},              // a date, not a year
      {"苏科高发〔2022〕182号", 0},
  };
  for (const auto& c : cases) EXPECT_EQ(TitleYear(c.title).value_or(0), c.year) << c.title;
}

TEST(ProgrammeTest, TitlePeriod) {
  const struct {
    const char* title;
    int from, to;  // 0, 0: none
  } cases[] = {
      {"省科技厅关于印发江苏省“十四五”高新技术产业发展专项规划的通知", 2021, 2025},
      {"关于印发2021-2025年发展规划的通知", 2021, 2025},
      {"江苏省2021—2023年度科技计划", 2021, 2023},
      {"关于2021年省科技成果转化专项资金创新型产业集群培育试点项目组织申报工作的通知", 0, 0},
  };
  for (const auto& c : cases) {
    auto p = TitlePeriod(c.title);
    EXPECT_EQ(p ? p->first : 0, c.from) << c.title;
    EXPECT_EQ(p ? p->second : 0, c.to) << c.title;
  }
}

TEST(ProgrammeTest, ProgrammeOf) {
  const struct {
    const char* title;
    const char* programme;
    const char* part;
  } cases[] = {
      {"关于2021年省科技成果转化专项资金创新型产业集群培育试点项目组织申报工作的通知", "省科技成果转化专项资金",
       "创新型产业集群培育试点"},
      {"关于印发《2023年度省科技成果转化专项资金项目指南》及组织申报项目的通知", "省科技成果转化专项资金", ""},
      {"创新型产业集群培育试点项目申报指引", "省科技成果转化专项资金", "创新型产业集群培育试点"},
      {"关于组织申报2022年度苏州市产业前瞻与关键核心技术项目的通知", "苏州市产业前瞻与关键核心技术项目", ""},
      {"江苏省工业和信息化厅关于印发《江苏省制造业创新中心建设工作指南（试行）》的通知", "江苏省制造业创新中心", ""},
      {"成果转化产业技术创新项目推荐名额", "", ""},
      {"关于做好2023年度科技统计工作的通知", "", ""},
  };
  for (const auto& c : cases) {
    ProgrammeName n = ProgrammeOf(c.title);
    EXPECT_EQ(n.programme, c.programme) << c.title;
    EXPECT_EQ(n.part, c.part) << c.title;
  }
}

class ProgrammeSeedsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::SeedsArchive();
    ASSERT_FALSE(db_.empty());
  }
  std::string db_;
};

TEST_F(ProgrammeSeedsTest, DocsShowsProgrammeAndYear) {
  auto r = RunGongwen("--db " + db_ + " docs --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  struct Want {
    json programme, part;
    int year;
    std::string source;
  };
  // Read from the seeds: the 2023 guide notice is dated 2022-11-08 but is for
  // 2023 (its title); the 十四五 plan (2022-07-22) covers 2021–2025; the
  // manufacturing-centre guide names no year and is dated 2023-06-09.
  const std::map<std::string, Want> want = {
      {"2021-03-17_jiangsu-kjt_2021-cluster-pilot-notice.txt",
       {"省科技成果转化专项资金", "创新型产业集群培育试点", 2021, "title"}},
      {"2022-11-08_jiangsu-kjt-czt_2023-chengguo-zhuanhua-guide-notice.txt",
       {"省科技成果转化专项资金", nullptr, 2023, "title"}},
      {"2022-07-22_jiangsu-kjt_14th-five-year-hightech-plan.txt",
       {"江苏省“十四五”高新技术产业发展规划", nullptr, 2021, "period"}},
      {"2023-06-09_jiangsu-gxt_manufacturing-innovation-center-guide.txt",
       {"江苏省制造业创新中心", nullptr, 2023, "date"}},
  };
  const json docs = json::parse(r.out);
  ASSERT_EQ(docs.size(), want.size());
  for (const auto& d : docs) {
    const std::string f = d["file_name"];
    ASSERT_TRUE(want.count(f)) << f;
    const Want& w = want.at(f);
    EXPECT_EQ(d["programme"], w.programme) << f;
    EXPECT_EQ(d["programme_part"], w.part) << f;
    EXPECT_EQ(d["year"], w.year) << f;
    EXPECT_EQ(d["year_source"], w.source) << f;
    // The keys `docs --json` had before are still there.
    for (const char* k : {"id", "issuers", "doc_number", "title", "date", "file_name", "sha256", "guide_items"})
      EXPECT_TRUE(d.contains(k)) << k;
  }
  auto table = RunGongwen("--db " + db_ + " docs");
  EXPECT_NE(table.out.find("省科技成果转化专项资金/创新型产业集群培育试点"), std::string::npos) << table.out;
}

TEST_F(ProgrammeSeedsTest, AttachmentThatIsAGuidelineIsAPart) {
  auto store = Store::Open(db_);
  ASSERT_TRUE(store.ok()) << store.status().message();
  Stmt q(store.value()->db(),
         "SELECT d.file_name, p.attachment, p.programme, coalesce(p.part, ''), p.year, p.title FROM programme_parts p "
         "JOIN documents d ON d.id = p.doc_id ORDER BY d.file_name, p.attachment");
  std::vector<std::string> rows;
  while (q.Step())
    rows.push_back(q.Text(0).substr(0, 10) + " " + std::to_string(q.Int(1)) + " " + q.Text(2) + " " + q.Text(3) +
                   " " + std::to_string(q.Int(4)) + (q.Int(1) ? " " + q.Text(5) : ""));
  ASSERT_TRUE(q.status().ok());
  // The 2021 notice's attachments are a 提纲 and a 申报表, not guidelines; the
  // 2023 notice's 附件1 is the guide and 附件3 the cluster-pilot guideline; 附件2
  // (推荐名额) names no programme.
  const std::vector<std::string> want = {
      "2021-03-17 0 省科技成果转化专项资金 创新型产业集群培育试点 2021",
      "2022-07-22 0 江苏省“十四五”高新技术产业发展规划  2021",
      "2022-11-08 0 省科技成果转化专项资金  2023",
      "2022-11-08 1 省科技成果转化专项资金  2023 2023年度省科技成果转化专项资金项目指南",
      "2022-11-08 3 省科技成果转化专项资金 创新型产业集群培育试点 2023 创新型产业集群培育试点项目申报指引",
      "2023-06-09 0 江苏省制造业创新中心  2023",
      "2023-06-09 1 江苏省制造业创新中心  2023 江苏省制造业创新中心建设工作指南（试行）",
  };
  EXPECT_EQ(rows, want);
  // 附件3 states its own rules, though the notice's body said them first: the
  // 3.5-year period (三、7．) and the 1:1 ratio and 600万元 cap (三、5．).
  Stmt r(store.value()->db(),
         "SELECT r.kind, r.op, r.value, coalesce(r.unit, '') FROM part_rules r JOIN programme_parts p ON p.id = r.part_id "
         "WHERE p.attachment = 3 ORDER BY r.char_start");
  std::vector<std::string> rules;
  while (r.Step()) rules.push_back(r.Text(0) + " " + r.Text(1) + " " + std::to_string(r.Real(2)) + r.Text(3));
  auto has = [&](const std::string& s) { return std::find(rules.begin(), rules.end(), s) != rules.end(); };
  EXPECT_TRUE(has("period = 3.500000年"));
  EXPECT_TRUE(has("ratio >= 1.000000"));
  EXPECT_TRUE(has("funding_cap <= 600.000000万元"));
  EXPECT_TRUE(has("count = 12.000000个"));
}

// A notice re-issued with the same 文号, and a 更正 naming the notice it corrects.
TEST(ProgrammeLinkTest, CorrectedAndReissuedNoticesAreLinked) {
  TempDir t;
  const std::string db = "--db " + (t.path() / "a.db").string();
  WriteFile(t.path() / "a.txt",
            "江苏省科学技术厅文件\n\n苏科资发〔2024〕9号\n\n关于组织申报2024年度省科技成果转化专项资金项目的通知\n\n"
            "各设区市科技局：\n\n一、支持重点\n\n单个项目省资助经费原则上不超过1000万元。\n\n江苏省科学技术厅\n\n2024年1月5日\n");
  WriteFile(t.path() / "b.txt",
            "江苏省科学技术厅文件\n\n苏科资发〔2024〕9号\n\n关于组织申报2024年度省科技成果转化专项资金项目的通知\n\n"
            "各设区市科技局：\n\n一、支持重点\n\n单个项目省资助经费原则上不超过1200万元。\n\n江苏省科学技术厅\n\n2024年1月9日\n");
  WriteFile(t.path() / "c.txt",
            "关于《关于开展2024年度科技统计工作的通知》的更正通知\n\n各设区市科技局：\n\n"
            "《关于开展2024年度科技统计工作的通知》中报送时间有误，现更正如下。\n\n江苏省科学技术厅\n\n2024年2月3日\n");
  WriteFile(t.path() / "d.txt",
            "关于开展2024年度科技统计工作的通知\n\n各设区市科技局：\n\n一、工作安排\n\n请于2024年3月1日前报送。\n\n"
            "江苏省科学技术厅\n\n2024年2月1日\n");
  for (const char* f : {"a.txt", "b.txt", "d.txt", "c.txt"}) {
    auto r = RunGongwen(db + " ingest -q " + (t.path() / f).string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  auto r = RunGongwen(db + " docs --json");
  std::map<std::string, json> by_file;
  for (const auto& d : json::parse(r.out)) by_file[d["file_name"]] = d;
  EXPECT_EQ(by_file["b.txt"]["replaces"], by_file["a.txt"]["id"]);
  EXPECT_EQ(by_file["a.txt"]["replaces"], nullptr);
  EXPECT_EQ(by_file["c.txt"]["replaces"], by_file["d.txt"]["id"]);
  EXPECT_EQ(by_file["d.txt"]["replaces"], nullptr);
}

}  // namespace
}  // namespace gongwen
