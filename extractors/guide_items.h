// Guide items (指南条目): the numbered topics a funding guide invites
// applications for.
//
//   1001 大型液化天然气（LNG）运输船研发及产业化          ← code + title
//   主要研究内容：…                                      ← research
//   项目实施目标：… (or 考核指标：…)                      ← targets
//   2101 工业互联网：工业环境智能化感知技术与系统，…      ← code + title：description
//
// Codes are 4 digits (provincial guides) or 6 digits (Suzhou's). Category
// (A/B/C and its name), 专题 and domain come from the headings above the item.
// An item after which codes jump to another group with no heading between
// (2302 → 2502) runs into missing text: it is marked truncated, cut at the
// probable page start inside it, and a warning names the gap.
#pragma once

#include "pipeline/document.h"

namespace gongwen {

// REQUIRES: ParseStructure has run (sections, tables).
void ExtractGuideItems(Document* doc);

}  // namespace gongwen
