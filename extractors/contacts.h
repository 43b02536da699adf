// Contacts: who to call about a notice.
//
// The forms seen in the notices (lines separated by '\n'; blank lines between
// them are skipped):
//
//   省科技厅成果处  方素娟 宗卫正            an org line: org, then names
//   联系电话：025-57712912  83213360         its phone line
//     → {org 省科技厅成果处, names [方素娟, 宗卫正],
//        phones [025-57712912, 025-83213360]}
//
//   联系人：张三，联系电话：025-12345678     one line
//   联系人及电话：张三 13912345678
//   如有疑问，请与省科技厅高新处联系，联系人：张三，电话：025-1234567
//   省科技厅高新处咨询电话：025-83224363
//   联系人：张三\n联系电话：025-12345678     names and phones on two lines
//
// Labels: 联系人 (names, and an org if one is written there), 联系人及电话 /
// 联系人及联系方式 / 联系方式 (names and phones), 联系电话, 电话, 咨询电话,
// 手机, 办公电话, 服务热线, Tel … (phones). 传真, 邮箱, E-mail, 地址, 邮编, 网址,
// QQ, 微信 fields are skipped: a fax number is not a phone; emails are not
// extracted.
//
// A contact is returned only if it has at least one phone. Its org and names
// come from the 联系人 field and the text before the first label on the same
// line; if these give neither, from the preceding non-blank line when that
// line is an "org line" (an org token — five or more ideographs, or ending in
// 处/厅/局/中心/办公室 … — followed by 2–4-ideograph names, separated by spaces
// or 、, nothing else). An org line with no names also gives its org to a
// 联系人 line below it that names no org.
// A line holding only phones (手机：…, a second 电话：…) adds them to the
// contact of the line before. A new 联系人 label after a phone starts a new
// contact.
//
// Phones are normalized: 025-57712912, (025)57712912, 025 57712912 and
// 02557712912 → 025-57712912; mobiles 1[3-9]xxxxxxxxx (also 139-1234-5678)
// → 13912345678; 400/800 service numbers → 400-123-4567; an extension
// (-801, 转801) is kept as -801. A bare 7–8-digit number after an
// area-coded one in the same contact shares its area code (83213360 after
// 025-57712912 → 025-83213360); with no area code before it, it is kept as is.
//
// Names are 2–4 ideographs; labels and form headings (姓名, 职务, 部门 …) are
// never names. Not handled: names with ·, several contacts in one 联系人及电话
// field (their names and phones are pooled), phones written with Chinese
// numerals.
//
// The span runs from the first org/name/label used to the end of the last
// name or phone. Linear time in the input; never throws.
#pragma once

#include <string_view>
#include <vector>

#include "pipeline/document.h"

namespace gongwen {

// Every contact in `text`, in order. Spans are byte offsets into `text`.
std::vector<Contact> FindContacts(std::string_view text);

}  // namespace gongwen
