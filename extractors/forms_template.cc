#include "extractors/forms_template.h"

#include <cstdio>
#include <cstdlib>

#include <fmt/format.h>

#include "pipeline/embedded.h"

namespace gongwen {

namespace {

struct TypeName {
  FormValueType type;
  const char* name;
};
constexpr TypeName kTypeNames[] = {
    {FormValueType::kText, "text"},         {FormValueType::kInteger, "integer"},
    {FormValueType::kNumber, "number"},     {FormValueType::kMoneyWan, "money_wan"},
    {FormValueType::kMoneyYi, "money_yi"},  {FormValueType::kMoneyUsdWan, "money_usd_wan"},
    {FormValueType::kPercent, "percent"},   {FormValueType::kDate, "date"},
    {FormValueType::kPhone, "phone"},       {FormValueType::kEmail, "email"},
    {FormValueType::kPostcode, "postcode"}, {FormValueType::kChoiceOne, "choice1"},
    {FormValueType::kChoiceMany, "choiceN"},
};

std::vector<std::string> SplitOn(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.emplace_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

std::vector<std::string> Alternatives(std::string_view s) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  for (auto& a : SplitOn(s, '|'))
    if (!a.empty()) out.push_back(a);
  return out;
}

}  // namespace

bool ParseFormValueType(std::string_view name, FormValueType* out) {
  for (const auto& t : kTypeNames)
    if (name == t.name) {
      *out = t.type;
      return true;
    }
  return false;
}

const char* FormValueTypeName(FormValueType type) {
  for (const auto& t : kTypeNames)
    if (t.type == type) return t.name;
  return "?";
}

bool IsNumeric(FormValueType t) {
  return t == FormValueType::kInteger || t == FormValueType::kNumber || t == FormValueType::kMoneyWan ||
         t == FormValueType::kMoneyYi || t == FormValueType::kMoneyUsdWan || t == FormValueType::kPercent;
}

bool IsChoice(FormValueType t) { return t == FormValueType::kChoiceOne || t == FormValueType::kChoiceMany; }

const FormField* FormTemplate::Field(std::string_view name) const {
  for (const auto& f : fields)
    if (f.name == name) return &f;
  return nullptr;
}

const FormGroup* FormTemplate::Group(std::string_view name) const {
  for (const auto& g : groups)
    if (g.name == name) return &g;
  return nullptr;
}

Result<FormTemplate> ParseFormTemplate(std::string_view tsv, std::string_view source) {
  FormTemplate t;
  int line_no = 0;
  bool header_seen = false;
  auto err = [&](const std::string& what) {
    return Status::InvalidInput(fmt::format("{}:{}: {}", source, line_no, what));
  };
  for (const std::string& line0 : SplitOn(tsv, '\n')) {
    ++line_no;
    std::string line = line0;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> c = SplitOn(line, '\t');
    c.resize(8);
    const std::string& kind = c[0];
    if (!header_seen) {
      if (kind != "kind") return err("expected the header line (kind group name label …)");
      header_seen = true;
      continue;
    }
    if (kind == "meta") {
      const std::string& key = c[2];
      if (key == "id") t.id = c[3];
      else if (key == "title") { t.title = c[3]; t.title_aliases = Alternatives(c[4]); }
      else if (key == "programme") t.programme = c[3];
      else if (key == "part") t.part = c[3];
      else if (key == "year") t.year = c[3].empty() ? 0 : std::atoi(c[3].c_str());
      else if (key == "category") t.category = c[3];
      else if (key == "funding") t.funding = c[3];
      else if (key == "investment") t.investment = c[3];
      else return err("unknown meta key '" + key + "'");
      continue;
    }
    if (kind == "rows" || kind == "block") {
      if (c[2].empty()) return err("a group needs a name");
      if (t.Group(c[2])) return err("group '" + c[2] + "' defined twice");
      FormGroup g;
      g.name = c[2];
      g.block = kind == "block";
      g.label = c[3];
      if (g.block && g.label.empty()) return err("a block needs its marker in `label`");
      t.groups.push_back(std::move(g));
      t.items.push_back({-1, static_cast<int>(t.groups.size()) - 1});
      continue;
    }
    if (kind != "field" && kind != "col") return err("unknown kind '" + kind + "'");
    FormField f;
    f.name = c[2];
    f.label = c[3];
    f.aliases = Alternatives(c[4]);
    if (f.name.empty() || f.label.empty()) return err("a field needs a name and a label");
    // share: a percentage of a whole, never above 100%.
    f.share = c[5] == "share";
    if (!ParseFormValueType(c[5].empty() ? "text" : f.share ? "percent" : c[5], &f.type))
      return err("unknown type '" + c[5] + "'");
    f.options = Alternatives(c[6]);
    if (IsChoice(f.type) && f.options.size() < 2) return err("a checkbox group needs two options or more");
    if (c[7] != "" && c[7] != "yes") return err("required is 'yes' or empty");
    f.required = c[7] == "yes";
    if (c[1].empty()) {
      if (kind == "col") return err("a col names its group");
      if (t.Field(f.name)) return err("field '" + f.name + "' defined twice");
      t.fields.push_back(std::move(f));
      t.items.push_back({static_cast<int>(t.fields.size()) - 1, -1});
    } else {
      FormGroup* g = nullptr;
      for (auto& x : t.groups)
        if (x.name == c[1]) g = &x;
      if (!g) return err("unknown group '" + c[1] + "'");
      if ((kind == "col") == g->block) return err(g->block ? "a block has fields, not cols" : "a row group has cols, not fields");
      for (const auto& x : g->fields)
        if (x.name == f.name) return err("'" + f.name + "' defined twice in " + g->name);
      g->fields.push_back(std::move(f));
    }
  }
  if (t.id.empty() || t.title.empty()) return err("a template needs meta id and title");
  return t;
}

const std::vector<FormTemplate>& FormTemplates() {
  static const std::vector<FormTemplate>* all = [] {
    auto* v = new std::vector<FormTemplate>();
    for (const EmbeddedFile& f : EmbeddedSchemas()) {
      if (!f.path.starts_with("forms/") || f.path == "forms/checkbox_glyphs.tsv") continue;
      auto t = ParseFormTemplate(f.content, f.path);
      if (!t.ok()) {
        std::fprintf(stderr, "gongwen: bad form template: %s\n", t.status().ToString().c_str());
        std::abort();
      }
      v->push_back(std::move(t.value()));
    }
    return v;
  }();
  return *all;
}

const FormTemplate* FindFormTemplate(std::string_view id) {
  for (const auto& t : FormTemplates())
    if (t.id == id) return &t;
  return nullptr;
}

}  // namespace gongwen
