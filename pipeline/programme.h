// Programme and year: the stage after extract that says which programme
// (计划/专项/专题) a document belongs to, which year it is for, and which of its
// parts can be compared with another year's on their own.
//
//   关于2021年省科技成果转化专项资金创新型产业集群培育试点项目组织申报工作的通知
//     → programme 省科技成果转化专项资金, part 创新型产业集群培育试点, year 2021 (title)
//   关于印发《2023年度省科技成果转化专项资金项目指南》及组织申报项目的通知 (2022-11-08)
//     → programme 省科技成果转化专项资金, year 2023 (title, not the date);
//       附件3 创新型产业集群培育试点项目申报指引 is a part of its own:
//       (doc, 3, 省科技成果转化专项资金, 创新型产业集群培育试点, 2023)
//   省科技厅关于印发江苏省“十四五”高新技术产业发展专项规划的通知 (2022-07-22)
//     → year 2021 from the period it covers (2021–2025)
//
// Year: the 年度 in the title or the forwarded title (2023年度, else 2021年), else
// the period it covers (2021-2025年, “十四五”), else the year of its date.
// Programmes, parts, guideline words and periods are data: schemas/programmes.tsv.
//
// Nothing here fails: a document of no known programme has none.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "pipeline/document.h"
#include "pipeline/sqlite.h"
#include "pipeline/status.h"

namespace gongwen {

// Fills doc->programme, programme_part, year, year_source, period_* and parts,
// with each attachment part's own rules.
// REQUIRES: ParseStructure and ExtractAll have run.
void FindProgrammes(Document* doc);

// The year named in a title: "2023年度" first, else "2021年" (not followed by 月).
std::optional<int> TitleYear(std::string_view title);

// The years a title covers: "2021-2025年", "2021—2023年度", or a named period
// (“十四五”) from schemas/programmes.tsv.
std::optional<std::pair<int, int>> TitlePeriod(std::string_view title);

// The programme a title names, and the part, if any ("" when none).
struct ProgrammeName {
  std::string programme;
  std::string part;
};
ProgrammeName ProgrammeOf(std::string_view title);

// Writes the document's programme columns, parts and part rules, and links it
// to the document it corrects or re-issues (same 文号, or 更正 in the title
// naming the corrected one). Called by Store::Write inside its transaction.
// REQUIRES: the documents row `id` exists.
Status WriteProgrammes(Db& db, const Document& doc, int64_t id);

}  // namespace gongwen
