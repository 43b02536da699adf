// Quantities: every number in a notice that states an amount of something,
// parsed into a Quantity (pipeline/document.h): subject, comparator, value or
// interval, tolerance, unit as written, SI value, condition and qualifier.
//
//   单通道速率≥20Gbps                  单通道速率 >= 20 Gbps          si 2e10 bit.s-1
//   线宽（L）/线距（S）（μm）≤1.5/1.5   线宽（L） <= 1.5 μm, 线距（S） <= 1.5 μm
//   工艺平台支持的电压：1.1~5 V        电压 between 1.1 5 V
//   写入速度≤6.5±10%μs/byte            <= 6.5 μs/byte, tolerance 10%
//   Vcesat<1.6V@电流密度=200A/cm²      < 1.6 V, condition @电流密度=200A/cm²
//   6英寸SiC衬底穿透螺位错密度≤400cm⁻²  穿透螺位错密度 <= 400 cm⁻², condition 6英寸SiC衬底
//   1900K gate/mm²以上                  >= 1900 K gate/mm²
//   10万次以上擦写次数                  擦写次数 >= 1e5 次
//   28/16/14纳米及以下                  three records <= 28, 16, 14 纳米
//   50左右 (a table cell under 比重（%）) ~ 50 %, qualifier 左右
//   不超过项目新增总投入的1/3           <= 0.333…
//   按1:1的比例                        = 1 ratio
//   原则上不超过3000万元                <= 3000 万元 = 3e7 CNY, qualifier 原则上
//   销售收入为5000万元以下企业，比例不低于5%   比例 >= 5 %, condition 销售收入为5000万元以下企业
//
// Comparators follow the legal reading of DESIGN.md: 以上/以下/以内/不超过/
// 不低于/不少于/达到 include the bound, 超过/高于/低于/少于/不满 exclude it.
// The words are data: schemas/quantity_patterns.tsv; units: schemas/units.tsv
// through extractors/units.h.
//
// Not quantities: a bare number with no unit, comparator or table cell of its
// own (list markers, 序号, guide codes 1001, 文号 〔2022〕182号), dates
// (extractors/dates.h), phone numbers, numbers inside identifiers (5G, B5G,
// CO2, AECQ-101, A4), and labels (第3条, 附件2, 表1, 指南代码1002).
//
// `kind` from the text alone is a guess (funding for money, period for a
// duration of 实施期限, eligibility for thresholds of 申报 with a condition,
// quota for 限报/推荐 counts, else other); ExtractQuantities refines it with
// the document's structure (guide items → target, plan tables → plan).
//
// Time is linear in the text length: every look-around is bounded. Nothing
// throws.
#pragma once

#include <string_view>
#include <vector>

#include "pipeline/document.h"

namespace gongwen {

// Every quantity in `text` (UTF-8), in order of position. Spans are byte
// offsets into `text`; `code` is left empty.
std::vector<Quantity> FindQuantities(std::string_view text);

// Fills doc->quantities from doc->text: kinds from the structure (a quantity
// inside a guide item is a target and carries the item's code; one in a table
// whose caption names 目标, or anywhere in a 规划, is a plan target; one in a
// table whose header names 推荐数/名额 is a quota).
// REQUIRES: ExtractGuideItems has run.
void ExtractQuantities(Document* doc);

// One line for tests and logs:
//   "单通道速率 >= 20 Gbps [2e+10 bit.s-1]" plus " ±10%", " {cond}", " (qual)".
std::string DumpQuantity(const Quantity& q);

}  // namespace gongwen
