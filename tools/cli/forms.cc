// `gongwen forms`: filled application forms in the archive, as records.
//
//   gongwen forms                                  one line per form: template, fields filled, findings
//   gongwen forms --template cluster_pilot_2023 --csv > forms.csv     one row per form, fields as columns
//   gongwen forms --template cluster_pilot_2023 --rows project --csv  one row per 项目 block
//   gongwen forms --doc 12 --json
//
// CSV is UTF-8 with a byte order mark and CRLF line ends, so a spreadsheet
// opens it as is. Findings include the checks against the notice the form
// answers (its funding cap and share of the investment) when that notice is
// in the archive; they are computed when asked, so a notice ingested after
// the form counts.
#include <iostream>
#include <memory>
#include <set>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "extractors/forms_extract.h"
#include "extractors/forms_template.h"
#include "pipeline/forms_store.h"
#include "tools/cli/cli.h"

namespace gongwen::cli {
namespace {

using nlohmann::ordered_json;

struct Options {
  std::string tmpl, doc, rows;
  bool csv = false;
};

std::string CsvCell(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// The notice a template's forms answer: a document of the template's year
// whose title names its part (创新型产业集群培育试点), else its programme.
NoticeLimits LimitsFor(Db& db, const FormTemplate& t) {
  NoticeLimits lim;
  if (t.year == 0 || (t.part.empty() && t.programme.empty())) return lim;
  for (const std::string& name : {t.part, t.programme}) {
    if (name.empty()) continue;
    Stmt q(db, "SELECT id FROM documents WHERE year = ? AND instr(title, ?) > 0 ORDER BY id DESC LIMIT 1");
    q.Bind(1, t.year).Bind(2, name);
    if (q.Step()) {
      lim.notice_doc = q.Int(0);
      break;
    }
  }
  if (!lim.notice_doc) return lim;
  // The per-project cap: of the template's category when it names one, else one without a category.
  Stmt q(db, "SELECT kind, subject, category, value, unit, text FROM rules WHERE doc_id = ? AND kind IN ('funding_cap', 'share') "
             "ORDER BY id");
  q.Bind(1, lim.notice_doc);
  int cap_rank = -1;
  while (q.Step()) {
    const std::string kind = q.Text(0), subject = q.IsNull(1) ? "" : q.Text(1), category = q.IsNull(2) ? "" : q.Text(2);
    const double value = q.Real(3);
    const std::string unit = q.IsNull(4) ? "" : q.Text(4), text = q.Text(5);
    if (kind == "share") {
      if (!lim.share && (subject.find("投入") != std::string::npos || text.find("投入") != std::string::npos)) {
        lim.share = value;
        lim.share_text = text;
      }
      continue;
    }
    if (unit != "万元") continue;
    const bool per_project = subject.find("单个项目") != std::string::npos || subject.find("每个项目") != std::string::npos ||
                             text.find("单个项目") != std::string::npos || text.find("每个项目") != std::string::npos;
    if (!per_project) continue;
    int rank = category == t.category ? 2 : category.empty() ? 1 : 0;
    if (!t.category.empty() && rank < 2) continue;
    if (rank > cap_rank) {
      cap_rank = rank;
      lim.cap_cny = value * 1e4;
      lim.cap_text = text;
    }
  }
  return lim;
}

ordered_json ValueJson(const FormTemplate* t, const FormField* f, const FormValue& v) {
  (void)t;
  ordered_json j;
  if (v.number && f && IsNumeric(f->type)) j["value"] = *v.number;
  else if (v.value.empty()) j["value"] = nullptr;
  else j["value"] = v.value;
  j["raw"] = v.raw;
  j["page"] = v.page > 0 ? ordered_json(v.page) : ordered_json(nullptr);
  j["box"] = v.box ? ordered_json::array({v.box->x0, v.box->y0, v.box->x1, v.box->y1}) : ordered_json(nullptr);
  j["confidence"] = v.confidence;
  return j;
}

const FormField* FieldIn(const std::vector<FormField>& fields, const std::string& name) {
  for (const auto& f : fields)
    if (f.name == name) return &f;
  return nullptr;
}

int RunForms(const Globals& g, const Options& o) {
  auto store = OpenStore(g, true);
  if (!store.ok()) {
    Error(store.status().message());
    return kExitDatabase;
  }
  Db& db = store.value()->db();
  int64_t doc_id = 0;
  if (!o.doc.empty()) {
    auto id = ResolveDoc(db, o.doc);
    if (!id.ok()) {
      Error(id.status().message());
      return kExitInputFailed;
    }
    doc_id = id.value();
  }
  if (!o.tmpl.empty() && !FindFormTemplate(o.tmpl)) {
    std::string known;
    for (const auto& t : FormTemplates()) known += (known.empty() ? "" : ", ") + t.id;
    Error(fmt::format("no template '{}' (known: {})", o.tmpl, known));
    return kExitUsage;
  }
  auto forms = ReadForms(db, o.tmpl, doc_id);
  if (!forms.ok()) {
    Error(forms.status().message());
    return kExitDatabase;
  }
  // Checks against the notices, once per template.
  std::map<std::string, NoticeLimits> limits;
  for (StoredForm& f : forms.value()) {
    const FormTemplate* t = FindFormTemplate(f.template_id);
    if (!t) continue;
    if (!limits.count(t->id)) limits[t->id] = LimitsFor(db, *t);
    for (auto& x : CheckAgainstNotice(*t, f.record, limits[t->id])) f.record.findings.push_back(std::move(x));
  }

  if (g.json) {
    ordered_json out = ordered_json::array();
    for (const StoredForm& f : forms.value()) {
      const FormTemplate* t = FindFormTemplate(f.template_id);
      ordered_json j;
      j["doc"] = f.doc_id;
      j["file"] = f.file_name;
      j["template"] = f.template_id.empty() ? ordered_json(nullptr) : ordered_json(f.template_id);
      j["fields"] = ordered_json::object();
      auto field_order = [&](auto&& emit) {
        if (t) {
          for (const auto& fd : t->fields)
            if (auto it = f.record.fields.find(fd.name); it != f.record.fields.end()) emit(&fd, it->first, it->second);
        } else {
          for (const auto& [name, v] : f.record.fields) emit(nullptr, name, v);
        }
      };
      field_order([&](const FormField* fd, const std::string& name, const FormValue& v) { j["fields"][name] = ValueJson(t, fd, v); });
      j["groups"] = ordered_json::object();
      for (const auto& [group, rows] : f.record.groups) {
        const FormGroup* gd = t ? t->Group(group) : nullptr;
        auto& arr = j["groups"][group] = ordered_json::array();
        for (const auto& row : rows) {
          ordered_json r = ordered_json::object();
          if (gd) {
            for (const auto& fd : gd->fields)
              if (auto it = row.find(fd.name); it != row.end()) r[fd.name] = ValueJson(t, &fd, it->second);
          } else {
            for (const auto& [name, v] : row) r[name] = ValueJson(t, nullptr, v);
          }
          arr.push_back(std::move(r));
        }
      }
      j["findings"] = ordered_json::array();
      for (const auto& x : f.record.findings)
        j["findings"].push_back({{"kind", x.kind}, {"field", x.field}, {"message", x.message}});
      out.push_back(std::move(j));
    }
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }

  if (o.csv) {
    // Fields as columns need one template.
    std::string tid = o.tmpl;
    if (tid.empty()) {
      std::set<std::string> ids;
      for (const auto& f : forms.value())
        if (!f.template_id.empty()) ids.insert(f.template_id);
      if (ids.size() > 1) {
        Error("forms of several templates: choose one with --template");
        return kExitUsage;
      }
      if (ids.size() == 1) tid = *ids.begin();
    }
    const FormTemplate* t = FindFormTemplate(tid);
    std::string out = "\xEF\xBB\xBF";  // BOM: spreadsheets then read UTF-8
    auto line = [&](const std::vector<std::string>& cells) {
      for (size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + CsvCell(cells[i]);
      out += "\r\n";
    };
    std::vector<const FormField*> cols;
    const FormGroup* group = nullptr;
    if (t && !o.rows.empty()) {
      group = t->Group(o.rows);
      if (!group) {
        std::string known;
        for (const auto& x : t->groups) known += (known.empty() ? "" : ", ") + x.name;
        Error(fmt::format("template {} has no group '{}' (groups: {})", t->id, o.rows, known));
        return kExitUsage;
      }
      for (const auto& fd : group->fields) cols.push_back(&fd);
    } else if (t) {
      for (const auto& fd : t->fields) cols.push_back(&fd);
    }
    std::vector<std::string> header{"doc", "file", "template"};
    if (group) header.push_back("row");
    for (const FormField* fd : cols) header.push_back(fd->name);
    header.push_back("findings");
    line(header);
    for (const StoredForm& f : forms.value()) {
      if (!f.template_id.empty() && f.template_id != tid) continue;
      std::string findings;
      for (const auto& x : f.record.findings) findings += (findings.empty() ? "" : "; ") + x.message;
      if (group) {
        auto it = f.record.groups.find(group->name);
        if (it == f.record.groups.end()) continue;
        for (size_t r = 0; r < it->second.size(); ++r) {
          std::vector<std::string> cells{std::to_string(f.doc_id), f.file_name, f.template_id, std::to_string(r + 1)};
          for (const FormField* fd : cols) {
            auto v = it->second[r].find(fd->name);
            cells.push_back(v == it->second[r].end() ? "" : v->second.value);
          }
          std::string mine;
          const std::string prefix = fmt::format("{}[{}].", group->name, r + 1);
          for (const auto& x : f.record.findings)
            if (x.field.starts_with(prefix)) mine += (mine.empty() ? "" : "; ") + x.message;
          cells.push_back(mine);
          line(cells);
        }
        continue;
      }
      std::vector<std::string> cells{std::to_string(f.doc_id), f.file_name, f.template_id};
      for (const FormField* fd : cols) {
        auto v = f.record.fields.find(fd->name);
        cells.push_back(v == f.record.fields.end() ? "" : v->second.value);
      }
      cells.push_back(findings);
      line(cells);
    }
    std::cout << out;
    return kExitOk;
  }

  std::vector<std::vector<std::string>> rows;
  for (const StoredForm& f : forms.value()) {
    int filled = 0;
    for (const auto& [name, v] : f.record.fields) filled += !v.value.empty();
    std::string groups;
    for (const auto& [name, r] : f.record.groups) groups += fmt::format("{}{} {}", groups.empty() ? "" : ", ", r.size(), name);
    rows.push_back({std::to_string(f.doc_id), f.file_name, f.template_id.empty() ? "(unknown)" : f.template_id,
                    fmt::format("{}/{}", filled, f.record.fields.size()), groups,
                    std::to_string(f.record.findings.size())});
  }
  PrintTable({"doc", "file", "template", "fields", "groups", "findings"}, rows);
  for (const StoredForm& f : forms.value())
    for (const auto& x : f.record.findings)
      std::cout << fmt::format("  doc {} {}: {}\n", f.doc_id, x.kind, x.message);
  return kExitOk;
}

}  // namespace

Subcommand AddFormsCommand(CLI::App& app, Globals& g) {
  auto* sub = app.add_subcommand("forms", "filled application forms as records: fields, repeated groups, findings");
  auto o = std::make_shared<Options>();
  sub->add_option("--template", o->tmpl, "only forms of this template (cluster_pilot_2021, cluster_pilot_2023, …)");
  sub->add_option("--doc", o->doc, "one document: id, sha256 prefix or file name");
  sub->add_option("--rows", o->rows, "with --csv: one row per entry of this repeated group (chain, project …)");
  auto* json = sub->add_flag("--json", g.json, "JSON for scripts");
  sub->add_flag("--csv", o->csv, "CSV for spreadsheets (UTF-8 with BOM), fields as columns")->excludes(json);
  sub->add_option("--db", g.db_path, "archive file");
  return {sub, [o, &g] { return RunForms(g, *o); }};
}

}  // namespace gongwen::cli
