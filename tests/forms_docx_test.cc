// Filled forms written as .docx and read back: every field of the ground
// truth, for each template and each way of ticking a box.
#include <gtest/gtest.h>

#include <string>

#include "extractors/forms_extract.h"
#include "extractors/forms_fill.h"
#include "extractors/forms_template.h"
#include "pipeline/docx.h"

namespace gongwen {
namespace {

struct Case {
  const char* tmpl;
  uint64_t seed;
  TickStyle style;
  int rows_scale;
};

class FormsDocxTest : public ::testing::TestWithParam<Case> {};

TEST_P(FormsDocxTest, EveryFieldAsFilled) {
  const Case& c = GetParam();
  const FormTemplate* t = FindFormTemplate(c.tmpl);
  ASSERT_NE(t, nullptr);
  FilledForm filled = FillForm(*t, c.seed, c.rows_scale);
  auto bytes = WriteDocx(LayoutForm(filled, c.style));
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  auto docx = ReadDocx(bytes.value());
  ASSERT_TRUE(docx.ok()) << docx.status().ToString();
  auto det = DetectFormTemplate(docx.value().cells);
  ASSERT_TRUE(det.has_value());
  EXPECT_EQ(det->tmpl->id, c.tmpl);
  FormRecord r = ExtractForm(*t, docx.value().cells);
  for (const auto& [name, v] : filled.fields) {
    ASSERT_TRUE(r.fields.count(name)) << name;
    EXPECT_EQ(r.fields[name].value, v.expected) << name << " written '" << v.written << "' raw '" << r.fields[name].raw << "'";
  }
  for (const auto& [group, rows] : filled.groups) {
    ASSERT_EQ(r.groups[group].size(), rows.size()) << group;
    for (size_t i = 0; i < rows.size(); ++i)
      for (const auto& [name, v] : rows[i])
        EXPECT_EQ(r.groups[group][i][name].value, v.expected) << group << "[" << i + 1 << "]." << name;
  }
  // Filled within the rules: no findings but those of empty optional fields.
  for (const auto& f : r.findings) ADD_FAILURE() << f.kind << " " << f.field << ": " << f.message;
}

INSTANTIATE_TEST_SUITE_P(
    Forms, FormsDocxTest,
    ::testing::Values(Case{"cluster_pilot_2021", 1, TickStyle::kMixedGlyphs, 1},
                      Case{"cluster_pilot_2021", 2, TickStyle::kWingdings, 1},
                      Case{"cluster_pilot_2021", 3, TickStyle::kContentControl, 1},
                      Case{"cluster_pilot_2021", 4, TickStyle::kMixedGlyphs, 3},
                      Case{"cluster_pilot_2023", 5, TickStyle::kMixedGlyphs, 1},
                      Case{"cluster_pilot_2023", 6, TickStyle::kContentControl, 2},
                      Case{"cluster_pilot_2023", 7, TickStyle::kWingdings, 1},
                      Case{"suzhou_recommend_summary", 8, TickStyle::kMixedGlyphs, 1},
                      Case{"suzhou_recommend_summary", 9, TickStyle::kMixedGlyphs, 3}));

}  // namespace
}  // namespace gongwen
