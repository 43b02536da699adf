// Filled application forms: which template a document's cells fill, and the
// values of its fields, with the cell each came from.
//
// Input is the document's cells (Document::cells) in reading order: .docx
// tables and paragraphs, or cells found on PDF pages and scans. Labels are
// matched to the template in print order, by their wording or an alias, with
// a few character errors tolerated in labels of four characters or more (OCR)
// but never in their digits (2020年 is not 2021年). A field's value is read
// from the text after its label in the same cell (标签：值, or a checkbox group
// beside its label), else the cell to the right, else the cell below (a header
// row over a row of values). Row groups start at the row that holds most of
// their column labels and run, across tables and pages, until a row names a
// later label; empty rows, example rows (（示例）) and repeated header rows are
// skipped. Blocks start at their numbered marker cells (项目1, 项目2 …).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "extractors/forms_template.h"
#include "pipeline/document.h"

namespace gongwen {

// Whether the cells look like a form at all: a table with checkbox glyphs, or
// a title ending in 表/申报书/申请书 above a table.
bool LooksLikeForm(const std::vector<Cell>& cells);

struct TemplateScore {
  const FormTemplate* tmpl = nullptr;
  double score = 0;        // share of the template's labels found, exact 1, fuzzy 0.5
  bool title = false;      // the template's title was found
};
// The template the cells fill best, if one fits (its title and 30% of its
// labels, or 60% of its labels).
std::optional<TemplateScore> DetectFormTemplate(const std::vector<Cell>& cells);

// Reads every field of `t` and validates what the form alone can tell:
// required fields, checkbox groups, numbers, phones, e-mails, lengths.
FormRecord ExtractForm(const FormTemplate& t, const std::vector<Cell>& cells);

// Detects and extracts into doc->form when doc->cells look like a form; a
// form of no known template gets a record with an empty template_id, an
// unknown_template finding and a warning on the document. A blank form (under
// a fifth of its fields filled: a notice attaching the form) gets no record.
void RecognizeForm(Document* doc);

// The notice's rules that bound a form's request (from the `rules` table).
struct NoticeLimits {
  int64_t notice_doc = 0;
  std::optional<double> cap_cny;    // per-project funding cap
  std::string cap_text;
  std::optional<double> share;      // of total investment, as a fraction
  std::string share_text;
};
// Findings for each requested amount (t.funding) above the cap or above the
// share of the investment (t.investment) of its block.
std::vector<FormFinding> CheckAgainstNotice(const FormTemplate& t, const FormRecord& r, const NoticeLimits& limits);

}  // namespace gongwen
