// Cross-year comparison (pipeline/compare.h, `gongwen compare`) on the seeds'
// real pair: the 2021 cluster-pilot notice against the 2023 cluster-pilot
// guideline (附件3 of the 2023 guide notice). The expected differences were
// found by reading the two texts:
//   2021 三、5．  省科技成果转化专项资金予以不超过3000万元的资助经费 (per cluster),
//                单个项目的省地财政资金联合支持强度原则上不超过1000万元,
//                按1:1比例共同出资, 不超过项目新增总投入的三分之一
//   2021 三、2．  征集不少于12个拟申报的集群试点项目;  三、3． 择优推荐不超过8个
//   2021 三、6．  项目实施期限为3.5年
//   2023 附件3 三、5． 按不低于1:1比例共同出资, 对单个项目的支持强度原则上不超过600万元,
//                省地联合资助经费不超过项目新增投入的1/3
//   2023 附件3 三、2． 征集12个拟申报的集群试点项目;  三、7． 项目实施期限为3.5年
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unicode/unistr.h>

#include "extractors/rules.h"
#include "pipeline/compare.h"
#include "pipeline/ingest.h"
#include "tests/test_util.h"

namespace gongwen {
namespace {

using nlohmann::json;
using testing::CorpusDir;
using testing::RunGongwen;
using testing::TempDir;

const char* k2021 = "2021-03-17_jiangsu-kjt_2021-cluster-pilot-notice.txt";
const char* k2023 = "2022-11-08_jiangsu-kjt-czt_2023-chengguo-zhuanhua-guide-notice.txt";

// The count rule added to extractors/rules.cc for this comparison.
TEST(RuleCountTest, ProjectCounts) {
  const struct {
    const char* text;
    const char* dump;  // kind subject op value unit; "" for no count rule
  } cases[] = {
      {"面向省内产业链上下游骨干企业征集不少于12个拟申报的集群试点项目，经审查同意后报送。",
       "count 征集集群试点项目 >= 12个"},
      {"择优推荐不超过8个创新水平高、市场前景好、竞争力强的集群试点项目，并确保项目质量。",
       "count 推荐集群试点项目 <= 8个"},
      {"并面向产业链上下游骨干企业征集12个拟申报的集群试点项目，经设区市科技局审查同意后。",
       "count 征集集群试点项目 = 12个"},
      {"培育2-3个联动优势突出、发展基础较好的创新型产业集群。", ""},
      {"每个设区市限推荐1家高新区。", ""},  // a limit, not a count
  };
  for (const auto& c : cases) {
    Document doc = ProcessText(c.text);
    std::string dump;
    for (const Rule& r : doc.rules)
      if (r.kind == "count") dump = fmt::format("{} {} {} {:g}{}", r.kind, r.subject, r.op, r.value, r.unit);
    EXPECT_EQ(dump, c.dump) << c.text;
  }
}

TEST(CompareTextTest, SentenceDiff) {
  auto a = compare::Sentences("项目实施期限为3.5年。单个项目不超过1000万元。\n鼓励跨区域组织。");
  auto b = compare::Sentences("项目实施期限为3.5年。单个项目不超过600万元。鼓励跨区域组织。每个设区市限推荐1家。");
  ASSERT_EQ(a.size(), 3u);
  ASSERT_EQ(b.size(), 4u);
  std::string dump;
  for (const auto& e : compare::DiffSentences(a, b)) dump += std::string(1, e.op) + e.text + "\n";
  EXPECT_EQ(dump,
            "=项目实施期限为3.5年。\n+单个项目不超过600万元。\n-单个项目不超过1000万元。\n=鼓励跨区域组织。\n"
            "+每个设区市限推荐1家。\n");
  EXPECT_DOUBLE_EQ(compare::Similarity("征集集群试点项目", "征集集群试点项目"), 1.0);
  EXPECT_DOUBLE_EQ(compare::Similarity("", "abc"), 0.0);
}

class ComparePairTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tmp_ = new TempDir();
    db_ = "--db " + (tmp_->path() / "seeds.db").string();
    auto r = RunGongwen(db_ + " ingest -q " + (CorpusDir() / "notices").string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto c = RunGongwen(db_ + " compare --json --all " + k2021 + " " + k2023);
    ASSERT_EQ(c.exit_code, 0) << c.err;
    result_ = new json(json::parse(c.out));
  }
  static void TearDownTestSuite() {
    delete tmp_;
    delete result_;
  }
  static const json& Step() { return (*result_)["steps"][0]; }
  // Rows of a section whose old or new value reads as given.
  static std::vector<json> Find(const std::string& section, const std::string& kind, const std::string& old_value,
                                const std::string& new_value) {
    std::vector<json> out;
    for (const auto& r : Step()["rows"])
      if (r["section"] == section && r["kind"] == kind && r["old"] == old_value && r["new"] == new_value)
        out.push_back(r);
    return out;
  }
  // The document text at a row's source span (code points), as `gongwen text` gives it.
  static std::string SpanText(const json& src) {
    auto t = RunGongwen(db_ + " text " + std::to_string(src["doc"].get<int64_t>()));
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(t.out);
    std::string out;
    int32_t b = u.moveIndex32(0, static_cast<int32_t>(src["start"].get<int64_t>()));
    int32_t e = u.moveIndex32(0, static_cast<int32_t>(src["end"].get<int64_t>()));
    u.tempSubStringBetween(b, e).toUTF8String(out);
    return out;
  }
  static TempDir* tmp_;
  static std::string db_;
  static json* result_;
};
TempDir* ComparePairTest::tmp_ = nullptr;
std::string ComparePairTest::db_;
json* ComparePairTest::result_ = nullptr;

TEST_F(ComparePairTest, ComparesThe2021NoticeWithThe2023Guideline) {
  const json& s = Step();
  EXPECT_EQ(s["a"]["file_name"], k2021);
  EXPECT_EQ(s["a"]["attachment"], 0);
  EXPECT_EQ(s["a"]["year"], 2021);
  EXPECT_EQ(s["b"]["file_name"], k2023);
  EXPECT_EQ(s["b"]["attachment"], 3);  // the cluster-pilot guideline, chosen because 2021 is that part
  EXPECT_EQ(s["b"]["year"], 2023);
  EXPECT_EQ(s["b"]["part"], "创新型产业集群培育试点");
}

TEST_F(ComparePairTest, ProvincialCapPerClusterAgainstPerProjectCap) {
  auto rows = Find("rules", "funding_cap", "≤3000万元", "≤600万元 (原则上)");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["change"], "changed");
  EXPECT_EQ(rows[0]["old_value"], 3000);
  EXPECT_EQ(rows[0]["new_value"], 600);
  EXPECT_NE(SpanText(rows[0]["a"]).find("不超过3000"), std::string::npos) << SpanText(rows[0]["a"]);
  EXPECT_NE(SpanText(rows[0]["b"]).find("原则上不超过600万元"), std::string::npos) << SpanText(rows[0]["b"]);
}

TEST_F(ComparePairTest, JointPerProjectCapOf2021IsGone) {
  auto rows = Find("rules", "funding_cap", "≤1000万元 (原则上)", "");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["change"], "removed");
  EXPECT_NE(rows[0]["key"].get<std::string>().find("联合支持强度"), std::string::npos);
  EXPECT_NE(SpanText(rows[0]["a"]).find("1000万元"), std::string::npos);
  EXPECT_TRUE(rows[0]["b"].is_null());
}

TEST_F(ComparePairTest, CoFundingRatioBecomesAtLeastOneToOne) {
  auto rows = Find("rules", "ratio", "1:1", "≥1:1");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["change"], "changed");
  EXPECT_NE(SpanText(rows[0]["a"]).find("按1:1比例"), std::string::npos);
  EXPECT_NE(SpanText(rows[0]["b"]).find("按不低于1:1比例"), std::string::npos);
}

TEST_F(ComparePairTest, NumberOfProjects) {
  auto collected = Find("rules", "count", "≥12个", "12个");
  ASSERT_EQ(collected.size(), 1u);
  EXPECT_EQ(collected[0]["change"], "changed");
  EXPECT_EQ(collected[0]["key"], "征集集群试点项目");
  EXPECT_NE(SpanText(collected[0]["a"]).find("征集不少于12个"), std::string::npos);
  EXPECT_NE(SpanText(collected[0]["b"]).find("征集12个"), std::string::npos);
  auto recommended = Find("rules", "count", "≤8个", "");
  ASSERT_EQ(recommended.size(), 1u);
  EXPECT_EQ(recommended[0]["change"], "removed");
  EXPECT_NE(SpanText(recommended[0]["a"]).find("推荐不超过8个"), std::string::npos);
}

TEST_F(ComparePairTest, ImplementationPeriodUnchanged) {
  auto rows = Find("rules", "period", "3.5年", "3.5年");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["change"], "unchanged");
  EXPECT_NE(SpanText(rows[0]["a"]).find("3.5年"), std::string::npos);
  EXPECT_NE(SpanText(rows[0]["b"]).find("3.5年"), std::string::npos);
  // The share of new investment (三分之一 / 1/3) is the same too.
  auto share = Find("rules", "share", "≤1/3", "≤1/3");
  ASSERT_EQ(share.size(), 1u);
  EXPECT_EQ(share[0]["change"], "unchanged");
}

TEST_F(ComparePairTest, EveryRowCitesItsSources) {
  size_t rows = 0;
  for (const auto& r : Step()["rows"]) {
    ++rows;
    const std::string change = r["change"];
    EXPECT_EQ(r["a"].is_null(), change == "added") << r.dump();
    EXPECT_EQ(r["b"].is_null(), change == "removed") << r.dump();
    for (const char* side : {"a", "b"}) {
      if (r[side].is_null()) continue;
      EXPECT_LT(r[side]["start"].get<int64_t>(), r[side]["end"].get<int64_t>()) << r.dump();
      EXPECT_TRUE(r[side].contains("page")) << r.dump();
      EXPECT_FALSE(r[side]["file_name"].get<std::string>().empty());
    }
  }
  EXPECT_GT(rows, 10u);
  // The 2023 guideline's part ends where 附件3 ends: no row of B cites the
  // notice's body (the A/B caps, the 2022 deadlines, the guide items of 附件1).
  for (const auto& r : Step()["rows"]) {
    if (r["b"].is_null()) continue;
    EXPECT_GE(r["b"]["start"], Step()["b"]["start"]) << r.dump();
    EXPECT_LE(r["b"]["end"], Step()["b"]["end"]) << r.dump();
  }
}

TEST_F(ComparePairTest, TerminalTableAndProgrammeMode) {
  auto t = RunGongwen(db_ + " compare " + std::string(k2021) + " " + k2023);
  ASSERT_EQ(t.exit_code, 0) << t.err;
  EXPECT_NE(t.out.find("≤3000万元"), std::string::npos);
  EXPECT_NE(t.out.find("≤600万元"), std::string::npos);
  EXPECT_EQ(t.out.find("unchanged"), std::string::npos);  // only what changed, unless --all
  // The same pair found by programme: the part name picks 2021's notice and 2023's 附件3.
  auto p = RunGongwen(db_ + " compare --json --programme 创新型产业集群培育试点");
  ASSERT_EQ(p.exit_code, 0) << p.err;
  json j = json::parse(p.out);
  ASSERT_EQ(j["parts"].size(), 2u);
  EXPECT_EQ(j["parts"][0]["year"], 2021);
  EXPECT_EQ(j["parts"][1]["year"], 2023);
  EXPECT_EQ(j["parts"][1]["attachment"], 3);
  // A programme with a single year in the archive cannot be compared.
  auto one = RunGongwen(db_ + " compare --programme 江苏省制造业创新中心");
  EXPECT_EQ(one.exit_code, 1);
  EXPECT_NE(one.err.find("need two"), std::string::npos) << one.err;
  auto usage = RunGongwen(db_ + " compare " + std::string(k2021));
  EXPECT_EQ(usage.exit_code, 2);
}

}  // namespace
}  // namespace gongwen
