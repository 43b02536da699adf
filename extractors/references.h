// References: the documents a notice cites, by 《title》, by 发文字号, or both.
//
//   按照《关于进一步加强全省科研诚信建设的实施意见》（苏办﹝2019﹞39号）要求
//     → {title 关于进一步加强全省科研诚信建设的实施意见, doc_number 苏办〔2019〕39号}
//   （参照国发[2010]32号和《国家战略性新兴产业分类目录》）
//     → {doc_number 国发〔2010〕32号}, {title 国家战略性新兴产业分类目录}
//
// Rules:
//  * A 《title》 followed (after at most a few spaces) by an opening （ or ( whose
//    content starts with a 发文字号 is ONE reference carrying both. Its span runs
//    from 《 to the end of 号, or to the closing ）/) when that follows the number
//    directly. Further numbers in the same brackets are bare references.
//  * Titles nest: the outermost 《…》 is the title, inner 〈〉 or 《》 are kept as
//    written (《关于转发科技部〈…（试行）〉的通知》). A title must close within
//    kMaxTitleBytes and before a 。; unmatched 《 or 》 are skipped.
//  * 《A》《B》 are two references.
//  * Whitespace inside a title is dropped where it touches a non-ASCII
//    character (CJK text, CJK punctuation) and collapsed to one space between
//    ASCII characters: 《…专项资金 项目指南》 → …专项资金项目指南.
//  * Aliases: a 《X》 right after 简称 or 下称 (以下简称《指南》) defines X as a
//    name for the reference just before it and is not itself returned. A later
//    《X》 is returned as an occurrence of the aliased reference: its title and
//    doc_number, with the span of 《X》.
//  * Every 发文字号 not attached to a title is a reference with only doc_number,
//    including numbers written inside a title, except a number standing alone
//    on its line (or followed only by 签发人…): that is the 版头 of this or an
//    embedded document, not a citation.
//
// Every occurrence is returned, ordered by span.begin; the caller dedups.
// Linear time in the input; never throws.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "pipeline/document.h"

namespace gongwen {

// Longest 《…》 accepted as a title, in bytes (about 400 CJK characters).
inline constexpr size_t kMaxTitleBytes = 1200;

std::vector<Reference> FindReferences(std::string_view text);

}  // namespace gongwen
