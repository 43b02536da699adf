// The synthetic 2024 edition against the real 2023 guide notice: the
// comparison reports exactly the changes listed in corpus/synthetic/CHANGES.md
// and no others. The expected rows below are written from that list.
#include <gtest/gtest.h>

#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

#include "pipeline/store.h"
#include "tests/test_util.h"

namespace gongwen {
namespace {

using nlohmann::json;
using testing::CorpusDir;
using testing::RunGongwen;
using testing::TempDir;

const char* kSynthetic = "SYNTHETIC_2023-11-08_2024-chengguo-zhuanhua-guide-notice.txt";

// (section, key, change, old, new)
using Change = std::tuple<std::string, std::string, std::string, std::string, std::string>;

TEST(CompareSyntheticTest, ReportsExactlyTheDocumentedChanges) {
  TempDir t;
  const std::string db = "--db " + (t.path() / "a.db").string();
  auto r = RunGongwen(db + " ingest -q " + (CorpusDir() / "notices").string() + " " +
                      (CorpusDir() / "synthetic" / kSynthetic).string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto c = RunGongwen(db + " compare --json --programme 省科技成果转化专项资金");
  ASSERT_EQ(c.exit_code, 0) << c.err;
  const json j = json::parse(c.out);
  // Two editions of the whole programme: 2023 (the real notice) and 2024.
  ASSERT_EQ(j["parts"].size(), 2u);
  EXPECT_EQ(j["parts"][0]["year"], 2023);
  EXPECT_EQ(j["parts"][1]["year"], 2024);
  EXPECT_EQ(j["parts"][1]["file_name"], kSynthetic);
  EXPECT_EQ(j["parts"][1]["attachment"], 0);

  std::set<Change> want = {
      {"rules", "单个项目省资助经费", "changed", "≤1500万元 (原则上)", "≤1800万元 (原则上)"},           // 1
      {"quotas", "苏州市", "changed", "40项", "45项"},                                                  // 2
      {"deadlines", "2024年度项目申报材料网上填报截止", "changed", "2022-12-28T17:30", "2023-12-20T17:30"},  // 3
      {"deadlines", "主管部门网上审核推荐截止", "changed", "2022-12-29T17:30", "2023-12-22T17:30"},      // 4
      {"deadlines", "项目申报纸质材料受理截止", "changed", "2022-12-30T17:30", "2023-12-25T17:30"},      // 5
      {"text", "四、其他事项/1．", "changed", "", ""},                                           // 3–5
      {"text", "三、组织方式及要求/（一）地方组织方式及推荐要求/2．", "changed", "", ""},                  // 1
      {"guide_items", "3101", "changed", "", ""},                                                       // 6
      {"guide_items", "3102", "changed", "", ""},                                                       // 7, 8
      {"guide_items", "3103", "changed", "", ""},                                                       // 9
      {"guide_items", "3204", "added", "", "3204 EDA工具与IP核"},                                       // 10
      {"guide_items", "2603", "removed", "2603 现代农业", ""},                                          // 11
  };
  // Indicators come from issue 3's table; compared when this archive has it.
  bool indicators = false;
  {
    auto store = Store::Open((t.path() / "a.db").string());
    ASSERT_TRUE(store.ok());
    Stmt q(store.value()->db(), "SELECT 1 FROM sqlite_master WHERE name = 'indicators'");
    indicators = q.Step();
  }
  if (indicators) {
    want.insert({"indicators", "3101 单通道速率", "tightened", "≥20Gbps", "≥25Gbps"});  // 6
    want.insert({"indicators", "3102 读取速度", "tightened", "≤30ns/次", "≤25ns/次"});   // 7
    want.insert({"indicators", "3102 产品良率", "relaxed", "≥95%", "≥93%"});             // 8
    want.insert({"indicators", "3103 表面粗糙度", "relaxed", "≤0.1nm", "≤0.2nm"});       // 9
  }
  std::set<Change> got;
  for (const auto& row : j["steps"][0]["rows"]) {
    const std::string section = row["section"];
    // Text and guide-item rows: their values are headings and titles; compare
    // those only where the expectation names them.
    Change ch{section, row["key"], row["change"], row["old"], row["new"]};
    for (const Change& w : want)
      if (std::get<0>(w) == section && std::get<1>(w) == std::get<1>(ch)) {
        if (std::get<3>(w).empty()) std::get<3>(ch) = "";
        if (std::get<4>(w).empty()) std::get<4>(ch) = "";
      }
    got.insert(ch);
  }
  EXPECT_EQ(got, want);

  // The changed sentences are the ones edited: the B cap, and the deadlines of 四、2．.
  for (const auto& row : j["steps"][0]["rows"]) {
    if (row["section"] != "text") continue;
    std::string plus, minus;
    for (const auto& s : row["sentences"]) (s["op"] == "+" ? plus : minus) += s["sentence"].get<std::string>();
    if (row["key"] == "四、其他事项/1．") {
      EXPECT_NE(plus.find("2023年12月20日17:30"), std::string::npos) << plus;
      EXPECT_NE(minus.find("2022年12月28日17:30"), std::string::npos) << minus;
    } else {
      EXPECT_NE(plus.find("不超过1800万元"), std::string::npos) << plus;
      EXPECT_NE(minus.find("不超过1500万元"), std::string::npos) << minus;
    }
  }
  // With --all, everything else is there and unchanged: the 3.5-year period, the A caps, 南京市 40项.
  auto all = RunGongwen(db + " compare --json --all --programme 省科技成果转化专项资金");
  ASSERT_EQ(all.exit_code, 0) << all.err;
  size_t unchanged = 0;
  bool period = false, nanjing = false;
  const json all_rows = json::parse(all.out)["steps"][0]["rows"];
  for (const auto& row : all_rows) {
    if (row["change"] != "unchanged") continue;
    ++unchanged;
    period |= row["kind"] == "period" && row["new"] == "3.5年";
    nanjing |= row["key"] == "南京市" && row["new"] == "40项";
  }
  EXPECT_TRUE(period);
  EXPECT_TRUE(nanjing);
  EXPECT_GT(unchanged, 50u);
}

TEST(CompareSyntheticTest, SyntheticFileIsWhatTheScriptMakes) {
  auto r = std::system(((testing::SourceDir() / "tools/corpus/make_synthetic_2024").string() + " --check >/dev/null").c_str());
  EXPECT_EQ(r, 0);
}

}  // namespace
}  // namespace gongwen
