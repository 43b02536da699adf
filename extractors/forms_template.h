// Form templates as data: schemas/forms/*.tsv, compiled in.
//
// A template lists a form's fields in the order the form prints them, each
// with its label, the label's other wordings, a value type and, for a checkbox
// group, its options; repeated row groups (a header row of column labels, then
// one row per entry) and repeated blocks (项目1, 项目2 … each with the same
// fields). A new year's variant of a form is a new .tsv, not new code; the
// format is described at the top of schemas/forms/cluster_pilot_2021.tsv.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/status.h"

namespace gongwen {

enum class FormValueType {
  kText, kInteger, kNumber,
  kMoneyWan,      // 万元 unless the value names its unit; stored in CNY
  kMoneyYi,       // 亿元 unless the value names its unit; stored in CNY
  kMoneyUsdWan,   // 万美元; stored in USD
  kPercent,       // stored as a fraction: 35% → 0.35
  kDate,          // ISO 8601
  kPhone, kEmail, kPostcode,
  kChoiceOne,     // a checkbox group where one box is ticked
  kChoiceMany,    // a checkbox group where any number may be
};

// "text", "money_wan" …; nullptr-safe lookups below return false for unknown names.
bool ParseFormValueType(std::string_view name, FormValueType* out);
const char* FormValueTypeName(FormValueType t);
bool IsNumeric(FormValueType t);
bool IsChoice(FormValueType t);

struct FormField {
  std::string name;                  // machine name: contact_mobile
  std::string label;                 // as printed: 手机
  std::vector<std::string> aliases;  // other wordings
  FormValueType type = FormValueType::kText;
  std::vector<std::string> options;  // of a checkbox group, as printed
  bool required = false;
  bool share = false;                // a percent that is a share of a whole (type `share`): at most 100%
};

// A repeated row group (kind "rows") or block (kind "block").
struct FormGroup {
  std::string name;
  bool block = false;       // block: `label` is its marker (项目 → 项目1, 项目2 …)
  std::string label;        // rows: the section label printed beside it, informative
  std::vector<FormField> fields;  // rows: the columns; block: the fields of one block
};

// An item of the form in print order: a field or a group.
struct FormItem {
  int field = -1;           // index in FormTemplate::fields, or
  int group = -1;           // index in FormTemplate::groups
};

struct FormTemplate {
  std::string id;           // cluster_pilot_2021
  std::string title;        // 创新型产业集群培育试点申报表
  std::vector<std::string> title_aliases;
  std::string programme;    // the programme whose notice the form answers, or ""
  std::string part;         // 创新型产业集群培育试点
  int year = 0;             // the notice's 年度, 0 if none
  std::string category;     // the notice's project category (C) whose caps apply, or ""
  std::string funding;      // "project.funding_request": checked against the notice's caps
  std::string investment;   // "project.total_investment": the base of the notice's share
  std::vector<FormField> fields;
  std::vector<FormGroup> groups;
  std::vector<FormItem> items;  // fields and groups in print order

  const FormField* Field(std::string_view name) const;
  const FormGroup* Group(std::string_view name) const;
};

// Parses one template file. Errors name the line.
Result<FormTemplate> ParseFormTemplate(std::string_view tsv, std::string_view source);

// Every template under schemas/forms/ (parsed once; a bad one is a bug and
// stops the program with its error).
const std::vector<FormTemplate>& FormTemplates();
const FormTemplate* FindFormTemplate(std::string_view id);

}  // namespace gongwen
