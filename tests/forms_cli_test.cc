// Forms end to end: .docx forms ingested with notices and bad files in one
// batch, read back with `gongwen forms` as JSON and CSV, validated against
// the form and against the notice in the archive.
#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "extractors/forms_fill.h"
#include "extractors/forms_template.h"
#include "pipeline/docx.h"
#include "tests/test_util.h"

namespace gongwen {
namespace {

using nlohmann::json;
using testing::CorpusDir;
using testing::RunGongwen;
using testing::TempDir;
using testing::WriteFile;

const char* kGuide2023 = "2022-11-08_jiangsu-kjt-czt_2023-chengguo-zhuanhua-guide-notice.txt";

std::string Docx(const FilledForm& f, TickStyle style = TickStyle::kMixedGlyphs) {
  auto bytes = WriteDocx(LayoutForm(f, style));
  EXPECT_TRUE(bytes.ok());
  return bytes.ok() ? bytes.value() : "";
}

const json* FormOf(const json& all, const std::string& file) {
  for (const auto& f : all)
    if (f["file"] == file) return &f;
  return nullptr;
}

bool HasFinding(const json& form, const std::string& kind, const std::string& field) {
  for (const auto& x : form["findings"])
    if (x["kind"] == kind && x["field"] == field) return true;
  return false;
}

TEST(FormsCli, IngestedFormsComeBackAsRecordsAndFindings) {
  TempDir tmp;
  const std::string db = "--db " + (tmp.path() / "a.db").string();
  const FormTemplate* t = FindFormTemplate("cluster_pilot_2023");
  ASSERT_NE(t, nullptr);

  // A well-filled form.
  FilledForm good = FillForm(*t, 21);
  WriteFile(tmp.path() / "good.docx", Docx(good));
  // One with problems: a required field empty, two ticks in a single-choice
  // group, none in another, a number that is not one, a request above the
  // notice's cap (600 万元 for category C) and above a third of the investment.
  FilledForm bad = FillForm(*t, 22);
  bad.fields["cluster_name"].written = "";
  bad.fields["cluster_level"].written = "国际先进、国内领先";
  bad.fields["cluster_most_pilot"].written = "";
  bad.fields["zone_gdp"].written = "约十亿";
  bad.groups["project"][0]["total_investment"].written = "1500";
  bad.groups["project"][0]["funding_request"].written = "900";
  WriteFile(tmp.path() / "bad.docx", Docx(bad, TickStyle::kContentControl));
  // Bad files in the same batch.
  WriteFile(tmp.path() / "renamed.docx", std::string("PK\x03\x04", 4) + std::string(100, 'x'));
  DocxBlock title;
  title.text = "某市科技项目验收申请表";
  DocxBlock table;
  table.grid = {2000, 4000};
  table.rows = {{{"验收单位", 1}, {"某公司", 1}}, {{"是否按期完成", 1}, {"☑是 □否", 1}}};
  WriteFile(tmp.path() / "unknown.docx", WriteDocx({title, table}).value());
  WriteFile(tmp.path() / kGuide2023, testing::ReadFile(CorpusDir() / "notices" / kGuide2023));

  auto ing = RunGongwen(db + " ingest -q " + tmp.path().string());
  EXPECT_EQ(ing.exit_code, 1) << ing.err;  // one file failed, the rest stored
  EXPECT_NE(ing.err.find("renamed.docx"), std::string::npos) << ing.err;
  EXPECT_NE(ing.err.find("not a .docx"), std::string::npos) << ing.err;
  EXPECT_NE(ing.out.find("stored 4"), std::string::npos) << ing.out;

  auto out = RunGongwen(db + " forms --json");
  ASSERT_EQ(out.exit_code, 0) << out.err;
  json all = json::parse(out.out);
  ASSERT_EQ(all.size(), 3u) << out.out;

  const json* g = FormOf(all, "good.docx");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ((*g)["template"], "cluster_pilot_2023");
  EXPECT_EQ((*g)["fields"]["cluster_name"]["value"], good.fields["cluster_name"].expected);
  EXPECT_EQ((*g)["fields"]["cluster_level"]["value"], good.fields["cluster_level"].expected);
  EXPECT_EQ((*g)["fields"]["contact_email"]["value"], good.fields["contact_email"].expected);
  // Numbers are numbers: 亿元 in CNY.
  EXPECT_EQ((*g)["fields"]["zone_gdp"]["value"].get<double>(), std::stod(good.fields["zone_gdp"].expected));
  EXPECT_EQ((*g)["groups"]["chain"].size(), good.groups["chain"].size());
  EXPECT_EQ((*g)["groups"]["project"].size(), good.groups["project"].size());
  EXPECT_EQ((*g)["groups"]["chain"][0]["company"]["value"], good.groups["chain"][0]["company"].expected);
  EXPECT_TRUE((*g)["findings"].empty()) << (*g)["findings"].dump();

  const json* b = FormOf(all, "bad.docx");
  ASSERT_NE(b, nullptr);
  EXPECT_TRUE(HasFinding(*b, "required_empty", "cluster_name")) << (*b)["findings"].dump();
  EXPECT_TRUE(HasFinding(*b, "several_choices", "cluster_level")) << (*b)["findings"].dump();
  EXPECT_TRUE(HasFinding(*b, "no_choice", "cluster_most_pilot")) << (*b)["findings"].dump();
  EXPECT_TRUE(HasFinding(*b, "not_a_number", "zone_gdp")) << (*b)["findings"].dump();
  EXPECT_TRUE(HasFinding(*b, "above_cap", "project[1].funding_request")) << (*b)["findings"].dump();
  EXPECT_TRUE(HasFinding(*b, "above_share", "project[1].funding_request")) << (*b)["findings"].dump();
  EXPECT_EQ((*b)["fields"]["zone_gdp"]["raw"], "约十亿");

  const json* u = FormOf(all, "unknown.docx");
  ASSERT_NE(u, nullptr);
  EXPECT_TRUE(u->at("template").is_null());
  EXPECT_TRUE(HasFinding(*u, "unknown_template", ""));

  // CSV: BOM, one row per form of the template, fields as columns.
  auto csv = RunGongwen(db + " forms --template cluster_pilot_2023 --csv");
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_TRUE(csv.out.starts_with("\xEF\xBB\xBF" "doc,file,template,cluster_name,")) << csv.out.substr(0, 80);
  EXPECT_NE(csv.out.find("good.docx,cluster_pilot_2023," + good.fields["cluster_name"].expected + ","), std::string::npos);
  // --rows: one row per project block.
  auto rows = RunGongwen(db + " forms --template cluster_pilot_2023 --rows project --csv");
  ASSERT_EQ(rows.exit_code, 0) << rows.err;
  EXPECT_NE(rows.out.find(",1," + good.groups["project"][0]["name"].expected + ","), std::string::npos);
  auto nogroup = RunGongwen(db + " forms --template cluster_pilot_2023 --rows nosuch --csv");
  EXPECT_EQ(nogroup.exit_code, 2);
  auto notemplate = RunGongwen(db + " forms --template nosuch");
  EXPECT_EQ(notemplate.exit_code, 2);
}

}  // namespace
}  // namespace gongwen
