// Filled forms for tests, the corpus and the evaluation: plausible, varied,
// deterministic fill data for a template (company names, amounts written in
// several ways, ticks, long values that wrap, empty optional fields, row
// groups long enough to run onto a second page), its ground truth, and its
// rendering as a .docx (tools/corpus/forms_corpus.cc adds PDFs and scans).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "extractors/forms_template.h"
#include "pipeline/docx.h"

namespace gongwen {

// How ticked and empty boxes are written.
enum class TickStyle {
  kMixedGlyphs,      // ☑ ■ √ ✓ ☒ before the option, □ for empty ones (varies per group)
  kWingdings,        // w:sym Wingdings 2 F052 / F0A3 (.docx only)
  kContentControl,   // w14:checkbox content controls (.docx only)
};

struct FilledValue {
  std::string written;   // as typed into the form (choices: the options ticked, joined by 、)
  std::string expected;  // the normalized value the extractor must give
};

struct FilledForm {
  const FormTemplate* tmpl = nullptr;
  uint64_t seed = 0;
  std::map<std::string, FilledValue> fields;
  std::map<std::string, std::vector<std::map<std::string, FilledValue>>> groups;
};

// Deterministic in (template, seed). rows_scale multiplies the row groups'
// lengths (1: the usual; 3: a group that runs over a page).
FilledForm FillForm(const FormTemplate& t, uint64_t seed, int rows_scale = 1);

// {"template", "seed", "fields": {name: value}, "groups": {name: [{col: value}]}}
nlohmann::json GroundTruth(const FilledForm& f);

// The checkbox group as printed: "☑国际先进  □国内领先 …".
std::string RenderChoice(const FormField& f, const std::string& written, TickStyle style, uint64_t salt);

// The form as Word would hold it: title paragraphs, one table with a merged
// section column, label/value pairs packed two or three to a row, a header
// row over a row of values, "label：value" inside cells.
std::vector<DocxBlock> LayoutForm(const FilledForm& f, TickStyle style);

}  // namespace gongwen
