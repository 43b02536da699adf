// `gongwen indicators`: the archive's quantities, filtered and compared in SI.
//
//   gongwen indicators --unit cm-2                 every density per area, whatever its written unit
//   gongwen indicators --subject 速率 --min 10 --unit Gbps
//   gongwen indicators --code 31 --kind target --csv
//
// --min/--max are in the unit of --unit when one is given (converted to SI),
// else in SI units. A range (between) matches when it reaches into [min, max].
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "extractors/units.h"
#include "tools/cli/cli.h"

namespace gongwen::cli {
namespace {

using nlohmann::ordered_json;

struct Filter {
  std::string code, subject, unit, kind, doc;
  int year = 0;
  std::optional<double> min, max;
  bool csv = false;
};

std::string Num(double v) { return fmt::format("{:.10g}", v); }

std::string CsvCell(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

int RunIndicators(const Globals& g, const Filter& f) {
  auto store = OpenStore(g, true);
  if (!store.ok()) {
    Error(store.status().message());
    return kExitDatabase;
  }
  Db& db = store.value()->db();
  std::string sql =
      "SELECT i.doc_id, d.file_name, d.year, i.code, "
      "(SELECT title FROM guide_items gi WHERE gi.doc_id = i.doc_id AND gi.code = i.code LIMIT 1), "
      "i.kind, i.subject, i.op, i.value, i.value_max, i.tolerance, i.unit, i.si_unit, i.si_value, "
      "i.si_value_max, i.condition, i.qualifier, i.text, i.sentence, i.char_start, i.char_end, i.page "
      "FROM indicators i JOIN documents d ON d.id = i.doc_id WHERE 1";
  std::vector<std::function<void(Stmt&, int)>> binds;
  auto add = [&](const std::string& clause, auto value) {
    sql += " AND " + clause;
    binds.push_back([value](Stmt& q, int i) { q.Bind(i, value); });
  };
  if (!f.code.empty()) add("i.code LIKE ? || '%'", f.code);
  if (!f.subject.empty()) add("i.subject LIKE '%' || ? || '%'", f.subject);
  if (!f.kind.empty()) add("i.kind = ?", f.kind);
  if (f.year) add("d.year = ?", static_cast<int64_t>(f.year));
  if (!f.doc.empty()) {
    auto id = ResolveDoc(db, f.doc);
    if (!id.ok()) {
      Error(id.status().message());
      return kExitInputFailed;
    }
    add("i.doc_id = ?", id.value());
  }
  std::optional<UnitInfo> unit;
  if (!f.unit.empty()) {
    unit = ParseUnit(f.unit);
    if (unit) {
      add("i.si_unit = ?", unit->si_unit);
    } else {
      sql += " AND (i.unit = ? OR i.si_unit = ?)";
      std::string u = f.unit;
      binds.push_back([u](Stmt& q, int i) { q.Bind(i, u); });
      binds.push_back([u](Stmt& q, int i) { q.Bind(i, u); });
    }
  }
  if ((f.min || f.max) && !f.unit.empty() && !unit) {
    Error(fmt::format("--unit {}: not a unit gongwen can convert, so --min/--max cannot be compared", f.unit));
    return kExitUsage;
  }
  auto si = [&](double v) { return unit ? unit->ToSi(v) : v; };
  if (f.min) add("COALESCE(i.si_value_max, i.si_value) >= ?", si(*f.min));
  if (f.max) add("i.si_value <= ?", si(*f.max));
  sql += " ORDER BY d.year, i.doc_id, i.char_start";

  Stmt q(db, sql);
  for (size_t i = 0; i < binds.size(); ++i) binds[i](q, static_cast<int>(i + 1));
  auto text = [&](int col) { return q.IsNull(col) ? std::string() : q.Text(col); };
  auto num = [&](int col) { return q.IsNull(col) ? std::string() : Num(q.Real(col)); };
  auto opt = [&](int col) { return q.IsNull(col) ? ordered_json(nullptr) : ordered_json(q.Real(col)); };
  auto str = [&](int col) { return q.IsNull(col) ? ordered_json(nullptr) : ordered_json(q.Text(col)); };

  ordered_json out = ordered_json::array();
  std::vector<std::vector<std::string>> rows;
  const std::vector<std::string> header = {"doc", "year", "code", "item", "kind", "subject", "op", "value",
                                           "unit", "si", "condition", "qualifier"};
  if (f.csv) {
    std::cout << "doc_id,file_name,year,code,item,kind,subject,op,value,value_max,tolerance,unit,si_unit,"
                 "si_value,si_value_max,condition,qualifier,text,start,end,page\n";
  }
  while (q.Step()) {
    if (g.json) {
      ordered_json j;
      j["doc_id"] = q.Int(0);
      j["file_name"] = q.Text(1);
      j["year"] = q.IsNull(2) ? ordered_json(nullptr) : ordered_json(q.Int(2));
      j["code"] = str(3);
      j["item"] = str(4);
      j["kind"] = q.Text(5);
      j["subject"] = str(6);
      j["op"] = q.Text(7);
      j["value"] = q.Real(8);
      j["value_max"] = opt(9);
      j["tolerance"] = str(10);
      j["unit"] = str(11);
      j["si_unit"] = str(12);
      j["si_value"] = opt(13);
      j["si_value_max"] = opt(14);
      j["condition"] = str(15);
      j["qualifier"] = str(16);
      j["text"] = q.Text(17);
      j["sentence"] = str(18);
      j["start"] = q.Int(19);
      j["end"] = q.Int(20);
      j["page"] = q.IsNull(21) ? ordered_json(nullptr) : ordered_json(q.Int(21));
      out.push_back(std::move(j));
    } else if (f.csv) {
      std::vector<std::string> c = {std::to_string(q.Int(0)), text(1), num(2).empty() ? "" : std::to_string(q.Int(2)),
                                    text(3), text(4), text(5), text(6), text(7), num(8), num(9), text(10),
                                    text(11), text(12), num(13), num(14), text(15), text(16), text(17),
                                    std::to_string(q.Int(19)), std::to_string(q.Int(20)), num(21)};
      for (size_t i = 0; i < c.size(); ++i) std::cout << (i ? "," : "") << CsvCell(c[i]);
      std::cout << "\n";
    } else {
      std::string value = num(8) + (q.IsNull(9) ? "" : ".." + num(9));
      if (!q.IsNull(10)) value += " ±" + text(10);
      std::string si_text = q.IsNull(13) ? "" : num(13) + (q.IsNull(14) ? "" : ".." + num(14)) + " " + text(12);
      rows.push_back({std::to_string(q.Int(0)), q.IsNull(2) ? "" : std::to_string(q.Int(2)), text(3), text(4),
                      text(5), text(6), text(7), value, text(11), si_text, text(15), text(16)});
    }
  }
  if (!q.status().ok()) {
    Error(q.status().message());
    return kExitDatabase;
  }
  if (g.json) std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  else if (!f.csv) {
    if (rows.empty()) std::cerr << "no indicators match\n";
    else PrintTable(header, rows, 32);
  }
  return kExitOk;
}

}  // namespace

Subcommand AddIndicatorsCommand(CLI::App& app, Globals& g) {
  auto* sub = app.add_subcommand("indicators", "quantities in the archive: targets, caps, thresholds, compared in SI");
  auto f = std::make_shared<Filter>();
  sub->add_option("--code", f->code, "guide item code (or its start: 31 for 3101…3104)");
  sub->add_option("--subject", f->subject, "subject contains this (速率, 位错密度)");
  sub->add_option("--unit", f->unit, "any unit of the wanted dimension (cm-2, Gbps, 万元) or a measure word (个)");
  sub->add_option("--kind", f->kind, "target, funding, eligibility, plan, quota, period or other")
      ->check(CLI::IsMember({"target", "funding", "eligibility", "plan", "quota", "period", "other"}));
  sub->add_option("--year", f->year, "documents of this year");
  sub->add_option("--doc", f->doc, "one document: id, sha256 prefix or file name");
  sub->add_option("--min", f->min, "at least this (in --unit if given, else SI)");
  sub->add_option("--max", f->max, "at most this (in --unit if given, else SI)");
  auto* json = sub->add_flag("--json", g.json, "JSON for scripts");
  sub->add_flag("--csv", f->csv, "CSV for spreadsheets")->excludes(json);
  sub->add_option("--db", g.db_path, "archive file");
  return {sub, [f, &g] { return RunIndicators(g, *f); }};
}

}  // namespace gongwen::cli
