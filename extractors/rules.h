// Rules of a programme: funding caps, co-funding ratios, shares of total
// investment, implementation periods, per-applicant limits and project counts.
//
//   单个项目省资助经费原则上不超过3000万元      → funding_cap  <= 3000 万元, qualifier 原则上
//   地方财政须按1:1的比例进行联合资助          → ratio        =  1:1
//   按不低于1:1比例共同出资                    → ratio        >= 1:1
//   不超过项目新增总投入的1/3                  → share        <= 0.3333
//   项目的实施期限一般为3.5年                  → period       =  3.5 年
//   同一项目负责人限报一个项目                 → limit        <= 1 个
//   征集不少于12个拟申报的集群试点项目         → count        >= 12 个, subject 征集集群试点项目
// The category (A/B/C) is the last `X类` named before the rule in its
// paragraph, or the category of the heading above it.
#pragma once

#include "pipeline/document.h"

namespace gongwen {

// REQUIRES: ParseStructure has run.
void ExtractRules(Document* doc);

// Quotas (地区 → 最多推荐数) from the document's tables whose header names a
// region column and a count column.
void ExtractQuotas(Document* doc);

// Deadlines: dates in a clause that says 截止 / 前 / 之前 / 为止 / 报送.
void ExtractDeadlines(Document* doc);

}  // namespace gongwen
