// Bad .docx input: clear errors or findings, never a crash.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include <zip.h>

#include "extractors/forms_extract.h"
#include "extractors/forms_fill.h"
#include "extractors/forms_values.h"
#include "pipeline/docx.h"

namespace gongwen {
namespace {

// A zip archive in memory with these entries.
std::string MakeZip(const std::vector<std::pair<std::string, std::string>>& entries) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_source_keep(src);
  zip_t* z = zip_open_from_source(src, ZIP_TRUNCATE, &err);
  for (const auto& [name, content] : entries) {
    zip_source_t* s = zip_source_buffer(z, content.data(), content.size(), 0);
    zip_file_add(z, name.c_str(), s, ZIP_FL_OVERWRITE);
  }
  zip_close(z);
  std::string out;
  zip_source_open(src);
  char buf[65536];
  zip_int64_t n;
  while ((n = zip_source_read(src, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  zip_source_close(src);
  zip_source_free(src);
  return out;
}

std::string DocumentXml(const std::string& body) {
  return "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
         "<w:body>" + body + "</w:body></w:document>";
}

struct BadCase {
  const char* name;
  std::string bytes;
  Status::Code code;
  const char* says;
};

TEST(FormsBadInput, RefusedWithTheReason) {
  std::string spaces(40u << 20, ' ');
  const BadCase cases[] = {
      {"renamed zip", MakeZip({{"notes.txt", "hello"}}), Status::Code::kInvalidInput, "without word/document.xml"},
      {"a spreadsheet", MakeZip({{"xl/workbook.xml", "<workbook/>"}}), Status::Code::kInvalidInput, "spreadsheet"},
      {"not a zip", std::string("PK\x03\x04 this is not a zip at all"), Status::Code::kInvalidInput, "not a .docx"},
      {"zip bomb", MakeZip({{"word/document.xml", spaces}}), Status::Code::kTooLarge, "MiB"},
      {"bad XML", MakeZip({{"word/document.xml", "<w:document><w:body><w:p>"}}), Status::Code::kInvalidInput,
       "not well-formed"},
      {"no body", MakeZip({{"word/document.xml", "<root/>"}}), Status::Code::kInvalidInput, "w:body"},
  };
  for (const BadCase& c : cases) {
    auto r = ReadDocx(c.bytes);
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.status().code(), c.code) << c.name << ": " << r.status().ToString();
    EXPECT_NE(r.status().message().find(c.says), std::string::npos) << c.name << ": " << r.status().ToString();
  }
  // The zip bomb compressed to a few tens of KB.
  EXPECT_LT(cases[3].bytes.size(), 200000u);
}

TEST(FormsBadInput, ZipBombStopsAtTheCeilingEvenIfTheHeaderLies) {
  DocxLimits small;
  small.max_xml_bytes = 1u << 20;
  std::string body = DocumentXml("<w:p><w:r><w:t>" + std::string(3u << 20, 'x') + "</w:t></w:r></w:p>");
  auto r = ReadDocx(MakeZip({{"word/document.xml", body}}), small);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kTooLarge);
}

TEST(FormsBadInput, MergedCellsInUnexpectedPlaces) {
  // A vMerge continuation with nothing above, a span past the grid, a negative
  // gridBefore, a table in a cell, a content control in a cell.
  std::string tbl =
      "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>"
      "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t>孤立</w:t></w:r></w:p></w:tc>"
      "<w:tc><w:tcPr><w:gridSpan w:val=\"99999\"/></w:tcPr><w:p><w:r><w:t>宽</w:t></w:r></w:p></w:tc></w:tr>"
      "<w:tr><w:trPr><w:gridBefore w:val=\"-5\"/></w:trPr><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>内表</w:t></w:r></w:p>"
      "</w:tc></w:tr></w:tbl></w:tc><w:tc><w:tcPr><w:vMerge w:val=\"continue\"/></w:tcPr><w:p/></w:tc></w:tr>"
      "</w:tbl>";
  auto r = ReadDocx(MakeZip({{"word/document.xml", DocumentXml(tbl)}}));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto& cells = r.value().cells;
  ASSERT_GE(cells.size(), 3u);
  EXPECT_EQ(cells[0].text, "孤立");
  EXPECT_EQ(cells[1].text, "宽");
  EXPECT_EQ(cells[2].text, "内表");
  // No template fits; extraction over these cells still runs.
  EXPECT_FALSE(DetectFormTemplate(cells).has_value());
  for (const FormTemplate& t : FormTemplates()) {
    FormRecord rec = ExtractForm(t, cells);
    EXPECT_EQ(rec.template_id, t.id);
  }
}

TEST(FormsBadInput, AHundredThousandCharacterCellIsCutAndReported) {
  const FormTemplate* t = FindFormTemplate("cluster_pilot_2021");
  ASSERT_NE(t, nullptr);
  FilledForm f = FillForm(*t, 11);
  std::string huge;
  for (int i = 0; i < 100000; ++i) huge += "长";
  f.fields["goals"].written = huge;
  auto bytes = WriteDocx(LayoutForm(f, TickStyle::kMixedGlyphs));
  ASSERT_TRUE(bytes.ok());
  auto docx = ReadDocx(bytes.value());
  ASSERT_TRUE(docx.ok());
  FormRecord r = ExtractForm(*t, docx.value().cells);
  EXPECT_EQ(r.fields["goals"].value.size(), kMaxFormValueChars * 3);  // 长 is 3 bytes
  bool reported = false;
  for (const auto& x : r.findings) reported |= x.kind == "too_long" && x.field == "goals";
  EXPECT_TRUE(reported);
  // The fields after it are still read.
  EXPECT_EQ(r.fields["plan_1"].value, f.fields["plan_1"].expected);
}

TEST(FormsBadInput, AFormOfNoKnownTemplate) {
  DocxBlock title;
  title.text = "某某市科技项目验收申请表";
  DocxBlock table;
  table.grid = {2000, 4000};
  table.rows = {{{"验收单位", 1}, {"某公司", 1}}, {{"是否按期完成", 1}, {"☑是 □否", 1}}};
  auto bytes = WriteDocx({title, table});
  ASSERT_TRUE(bytes.ok());
  auto docx = ReadDocx(bytes.value());
  ASSERT_TRUE(docx.ok());
  EXPECT_TRUE(LooksLikeForm(docx.value().cells));
  EXPECT_FALSE(DetectFormTemplate(docx.value().cells).has_value());
  Document doc;
  doc.cells = docx.value().cells;
  RecognizeForm(&doc);
  ASSERT_TRUE(doc.form.has_value());
  EXPECT_EQ(doc.form->template_id, "");
  ASSERT_EQ(doc.form->findings.size(), 1u);
  EXPECT_EQ(doc.form->findings[0].kind, "unknown_template");
  EXPECT_EQ(doc.warnings.size(), 1u);
}

}  // namespace
}  // namespace gongwen
