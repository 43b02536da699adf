// 发文字号 (document numbers): 苏科高发〔2022〕182号.
//
// A 发文字号 is an agency code, a bracketed four-digit year, a serial number
// and 号:
//
//   苏科高发〔2022〕182号   agency 苏科高发, year 2022, serial 182
//   苏办﹝2019﹞39号        agency 苏办
//   国发[2010]32号         agency 国发
//
// Brackets seen in the wild are accepted in any pairing: 〔〕 ﹝﹞ [] ［］ () （） 【】.
// DocNumber::text is always rewritten with 〔〕 and the serial without leading
// zeros or 第, so equal numbers compare equal as strings.
//
// The agency is 2–10 CJK ideographs directly before the bracket (one space
// allowed between). Reading backwards from the bracket, the agency stops at a
// non-ideograph, at 号 (the end of a previous number: 31号和苏科…) and after a
// cue word that cannot be part of an agency code (根据, 按照, 参照, 依据, 见, 和,
// 及, 与, 的, 印发, 转发, 通知, 文件 …): "参照国发[2010]32号" gives agency 国发.
// A run of more than 10 ideographs with no cue is cut to its last 10.
//
// Whitespace (a space, or a line break the layout stage left) is tolerated
// between the parts: "苏科党组〔2018〕16\n号" is found, with text
// 苏科党组〔2018〕16号 and a span covering the line break.
//
// Not numbers: "2023年", phone numbers, "（2021-2025）", "〔2021〕31号" with no
// agency, "研究院（2021）3号楼" (号 followed by 楼/室/院/…).
//
// Both functions run in time linear in the input and never throw.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "pipeline/document.h"

namespace gongwen {

// Every 发文字号 in `text`, in order of position, non-overlapping. Spans are
// byte offsets into `text`, from the agency's first byte to the end of 号.
std::vector<DocNumber> FindDocNumbers(std::string_view text);

// `s` as a single 发文字号, ignoring leading and trailing whitespace, or
// nullopt if `s` holds anything else. The agency is everything before the
// bracket (no cue-word stripping) and must be 2–10 CJK ideographs.
// The span is relative to `s`.
std::optional<DocNumber> ParseDocNumber(std::string_view s);

}  // namespace gongwen
