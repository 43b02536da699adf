// Structure: the official document's parts (GB/T 9704-2012), its heading tree,
// attachments and tables, read from the normalized text.
//
//   版头  发文机关标志 (`江苏省科学技术厅文件`, or joint names on one line),
//         发文字号 (`苏科高发〔2022〕182号`)
//   主体  标题 (`[机关]关于…的通知`, over several lines), 主送机关 (the line ending
//         in `：`), 正文 with headings 一、 → （一） → 1． → （1）, 附件说明
//         (`附件：1．… 2．…`), 发文机关署名 + 成文日期, 附注 (`（此件主动公开）`),
//         附件 (`附件1` on a line of its own restarts the heading tree)
//   版记  抄送机关 (`抄送：…`), 印发机关 and 印发日期 (`…办公室 2022年11月8日印发`)
// Tables: tab-separated rows, or a `序号 …` header followed by numbered rows;
// a table continued on the next page (its header repeated) is one table.
//
// Every element records its Span. Nothing here fails: what is not found is
// left empty, and oddities go to doc->warnings.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/document.h"

namespace gongwen {

// REQUIRES: LayoutText has filled doc->text.
void ParseStructure(Document* doc);

// A line of Document::text: its span and text (without the '\n' or '\f').
struct TextLine {
  Span span;
  std::string_view text;
};
std::vector<TextLine> SplitLines(std::string_view text);

// Removes spaces next to CJK characters ("2023 年度" → "2023年度", "印发 《" → "印发《")
// and keeps spaces between Latin words.
std::string TightenCjkSpaces(std::string_view s);

}  // namespace gongwen
