// gongwen compare: what changed from one year's notice to the next
// (pipeline/compare.h). A terminal table, --json, or --html FILE: a
// self-contained report (no network, no scripts) with inline SVG charts.
#include <fstream>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "pipeline/compare.h"
#include "tools/cli/archive.h"
#include "tools/cli/cli.h"

namespace gongwen::cli {
namespace {

using compare::Change;
using compare::Comparison;
using compare::PartMeta;
using compare::Row;
using compare::Series;
using compare::Source;
using compare::Trend;
using nlohmann::ordered_json;

// --- JSON ----------------------------------------------------------------------

ordered_json MetaJson(const PartMeta& m) {
  return ordered_json{{"doc", m.ref.doc_id},       {"attachment", m.ref.attachment}, {"file_name", m.file_name},
                      {"title", m.title},          {"programme", m.programme},       {"part", m.part},
                      {"year", m.year},            {"start", m.char_start},          {"end", m.char_end}};
}

ordered_json SourceJson(const std::optional<Source>& s) {
  if (!s) return nullptr;
  return ordered_json{{"doc", s->doc_id},     {"file_name", s->file_name}, {"year", s->year},
                      {"page", s->page ? ordered_json(s->page) : ordered_json(nullptr)},
                      {"start", s->start},    {"end", s->end},             {"text", s->text}};
}

ordered_json RowJson(const Row& r) {
  ordered_json j{{"section", r.section}, {"kind", r.kind},          {"category", r.category},
                 {"key", r.key},         {"change", compare::ChangeName(r.change)},
                 {"old", r.old_value},   {"new", r.new_value}};
  j["old_value"] = r.old_num ? ordered_json(*r.old_num) : ordered_json(nullptr);
  j["new_value"] = r.new_num ? ordered_json(*r.new_num) : ordered_json(nullptr);
  j["unit"] = r.unit;
  j["note"] = r.note;
  j["a"] = SourceJson(r.a);
  j["b"] = SourceJson(r.b);
  if (!r.edits.empty()) {
    ordered_json e = ordered_json::array();
    for (const auto& x : r.edits) e.push_back({{"op", std::string(1, x.op)}, {"sentence", x.text}});
    j["sentences"] = e;
  }
  return j;
}

ordered_json SeriesJson(const std::string& programme, const Series& s, const std::vector<Trend>& trends,
                        bool all) {
  ordered_json out{{"programme", programme}};
  out["parts"] = ordered_json::array();
  for (const auto& p : s.parts) out["parts"].push_back(MetaJson(p));
  out["steps"] = ordered_json::array();
  for (const Comparison& c : s.steps) {
    ordered_json step{{"a", MetaJson(c.a)}, {"b", MetaJson(c.b)}};
    step["rows"] = ordered_json::array();
    for (const Row& r : c.rows)
      if (all || r.change != Change::kUnchanged) step["rows"].push_back(RowJson(r));
    out["steps"].push_back(step);
  }
  out["trends"] = ordered_json::array();
  for (const Trend& t : trends) {
    ordered_json pts = ordered_json::array();
    for (auto [y, v] : t.points) pts.push_back({y, v});
    out["trends"].push_back({{"section", t.section}, {"kind", t.kind}, {"category", t.category},
                             {"key", t.key}, {"unit", t.unit}, {"changed", t.changed}, {"points", pts}});
  }
  return out;
}

// --- terminal ------------------------------------------------------------------

const char* SectionTitle(const std::string& s) {
  if (s == "rules") return "规则 rules";
  if (s == "quotas") return "名额 quotas";
  if (s == "deadlines") return "截止 deadlines";
  if (s == "guide_items") return "指南条目 guide items";
  if (s == "indicators") return "指标 indicators";
  return "正文 text";
}

std::string Cite(const std::optional<Source>& s) {
  if (!s) return "";
  return fmt::format("#{} p{} [{},{})", s->doc_id, s->page ? std::to_string(s->page) : "?", s->start, s->end);
}

std::string PartLine(const PartMeta& m) {
  std::string where = m.ref.attachment ? fmt::format("附件{} ", m.ref.attachment) : "";
  return fmt::format("[{}] {} {}{} ({})", m.ref.doc_id, m.year, where, m.title, m.file_name);
}

void PrintComparison(const Comparison& c, bool all) {
  std::string name = c.b.programme + (c.b.part.empty() ? "" : "/" + c.b.part);
  std::cout << fmt::format("{}{} → {}\n", name.empty() ? "" : name + ": ", c.a.year, c.b.year);
  std::cout << "  A " << PartLine(c.a) << "\n  B " << PartLine(c.b) << "\n";
  size_t shown = 0;
  for (const char* section : {"rules", "quotas", "deadlines", "guide_items", "indicators", "text"}) {
    std::vector<std::vector<std::string>> rows;
    std::vector<const Row*> text_rows;
    for (const Row& r : c.rows) {
      if (r.section != section || (!all && r.change == Change::kUnchanged)) continue;
      rows.push_back({compare::ChangeName(r.change), r.kind, r.category, r.key, r.old_value, r.new_value, r.note,
                      Cite(r.a), Cite(r.b)});
      if (!r.edits.empty()) text_rows.push_back(&r);
    }
    if (rows.empty()) continue;
    shown += rows.size();
    std::cout << "\n" << SectionTitle(section) << " (" << rows.size() << ")\n";
    PrintTable({"change", "kind", "cat", "what", std::to_string(c.a.year), std::to_string(c.b.year), "note",
                "A", "B"},
               rows, 36);
    for (const Row* r : text_rows) {
      std::cout << "  " << r->key << "\n";
      for (const auto& e : r->edits) std::cout << "    " << e.op << " " << e.text << "\n";
    }
  }
  if (!shown) std::cout << "\nno differences\n";
}

// --- HTML ----------------------------------------------------------------------

std::string Esc(std::string_view s) {
  std::string out;
  for (char ch : s) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += ch;
    }
  }
  return out;
}

std::string Fmt(double v) { return fmt::format("{:.6g}", v); }

// A line chart: x = years, one polyline per trend.
std::string Chart(const std::string& title, const std::vector<const Trend*>& trends, const std::vector<int>& years) {
  static const char* kColors[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                  "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"};
  const int w = 560, h = 260, left = 70, right = 70, top = 30, bottom = 40;
  double lo = 0, hi = 0;
  bool first = true;
  for (const Trend* t : trends)
    for (auto [y, v] : t->points) {
      if (first) lo = hi = v, first = false;
      lo = std::min(lo, v), hi = std::max(hi, v);
    }
  if (lo > 0 && lo > hi * 0.2) lo = lo * 0.8; else if (lo > 0) lo = 0;
  if (hi == lo) hi = lo + (lo ? std::fabs(lo) : 1);
  hi += (hi - lo) * 0.1;
  auto X = [&](int year) {
    size_t i = std::find(years.begin(), years.end(), year) - years.begin();
    return years.size() <= 1 ? left + (w - left - right) / 2.0
                             : left + (w - left - right) * static_cast<double>(i) / (years.size() - 1);
  };
  auto Y = [&](double v) { return top + (h - top - bottom) * (1 - (v - lo) / (hi - lo)); };
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" "
      "role=\"img\" aria-label=\"{}\">\n<text x=\"{}\" y=\"18\" class=\"ct\">{}</text>\n",
      w, h + 18 * static_cast<int>(trends.size()), w, h + 18 * static_cast<int>(trends.size()), Esc(title), left,
      Esc(title));
  svg += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"axis\"/>\n", left, h - bottom,
                     w - right, h - bottom);
  svg += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"axis\"/>\n", left, top, left, h - bottom);
  for (int k = 0; k <= 4; ++k) {
    double v = lo + (hi - lo) * k / 4;
    svg += fmt::format("<text x=\"{}\" y=\"{:.1f}\" class=\"tick\" text-anchor=\"end\">{}</text>\n", left - 6,
                       Y(v) + 4, Esc(Fmt(v)));
  }
  for (int y : years)
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" class=\"tick\" text-anchor=\"middle\">{}</text>\n", X(y),
                       h - bottom + 18, y);
  for (size_t i = 0; i < trends.size(); ++i) {
    const char* color = kColors[i % 10];
    std::string pts;
    for (auto [y, v] : trends[i]->points) pts += fmt::format("{:.1f},{:.1f} ", X(y), Y(v));
    svg += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>\n", pts, color);
    for (auto [y, v] : trends[i]->points)
      svg += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"{}\"><title>{} {}: {}</title></circle>\n"
                         "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"val\">{}</text>\n",
                         X(y), Y(v), color, y, Esc(trends[i]->key), Esc(Fmt(v)), X(y) + 6, Y(v) - 6, Esc(Fmt(v)));
    std::string label = (trends[i]->category.empty() ? "" : trends[i]->category + "类 ") + trends[i]->key +
                        (trends[i]->unit.empty() ? "" : " (" + trends[i]->unit + ")");
    svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/>"
                       "<text x=\"{}\" y=\"{}\" class=\"legend\">{}</text>\n",
                       left, h + 18 * static_cast<int>(i), color, left + 18, h + 18 * static_cast<int>(i) + 11,
                       Esc(label));
  }
  return svg + "</svg>\n";
}

std::string CiteHtml(const std::optional<Source>& s) {
  if (!s) return "";
  return fmt::format("<span class=\"cite\" title=\"{}\">{} · p{} · [{},{})</span>", Esc(s->text), Esc(s->file_name),
                     s->page ? std::to_string(s->page) : "?", s->start, s->end);
}

std::string Html(const std::string& programme, const Series& s, const std::vector<Trend>& trends, bool all) {
  std::ostringstream o;
  std::string title = programme.empty() && !s.parts.empty()
                          ? s.parts.front().programme + (s.parts.front().part.empty() ? "" : "/" + s.parts.front().part)
                          : programme;
  std::vector<int> years;
  for (const auto& p : s.parts) years.push_back(p.year);
  std::string span = years.empty() ? "" : fmt::format("{}–{}", years.front(), years.back());
  o << "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
    << "<title>" << Esc(title) << " " << span << " · gongwen compare</title>\n"
    << "<style>\n"
       "body{font-family:'Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Micro Hei',sans-serif;margin:24px;color:#222}\n"
       "h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ccc}h3{font-size:15px}\n"
       "table{border-collapse:collapse;margin:8px 0 16px;font-size:13px}\n"
       "th,td{border:1px solid #ccc;padding:3px 6px;vertical-align:top;text-align:left}th{background:#f3f3f3}\n"
       "tr.changed td.ch,tr.tightened td.ch,tr.relaxed td.ch,tr.added td.ch,tr.removed td.ch{font-weight:bold}\n"
       "tr.tightened td.ch{color:#b00}tr.relaxed td.ch{color:#070}tr.added td.ch{color:#05a}tr.removed td.ch{color:#a50}\n"
       "tr.unchanged{color:#777}.cite{font-size:11px;color:#555}.del{background:#fdd;text-decoration:line-through}\n"
       ".ins{background:#dfd}ul.diff{margin:2px 0 10px;padding-left:18px;font-size:13px}\n"
       "div.charts{display:flex;flex-wrap:wrap}svg.chart{margin:8px 16px 16px 0;background:#fafafa;border:1px solid #ddd}\n"
       ".ct{font-size:13px;font-weight:bold}.tick{font-size:11px;fill:#555}.val{font-size:10px;fill:#333}\n"
       ".legend{font-size:11px}.axis{stroke:#888}\n"
       "</style>\n</head>\n<body>\n";
  o << "<h1>" << Esc(title) << " " << Esc(span) << "</h1>\n<table id=\"parts\"><tr><th>year</th><th>doc</th><th>part</th><th>file</th></tr>\n";
  for (const auto& p : s.parts)
    o << "<tr><td>" << p.year << "</td><td>" << p.ref.doc_id << "</td><td>"
      << (p.ref.attachment ? fmt::format("附件{} ", p.ref.attachment) : "") << Esc(p.title) << "</td><td>"
      << Esc(p.file_name) << "</td></tr>\n";
  o << "</table>\n";

  std::vector<const Trend*> caps, inds;
  for (const Trend& t : trends) (t.section == "rules" ? caps : inds).push_back(&t);
  if (!caps.empty() || !inds.empty()) o << "<h2>Charts</h2>\n<div class=\"charts\">\n";
  if (!caps.empty()) {
    // One chart per category: the caps of that category across years.
    std::map<std::string, std::vector<const Trend*>> by_cat;
    for (const Trend* t : caps) by_cat[t->category].push_back(t);
    for (const auto& [cat, ts] : by_cat)
      o << Chart("资助上限 funding caps" + (cat.empty() ? std::string() : " · " + cat + "类"), ts, years);
  }
  for (const Trend* t : inds) o << Chart(t->key, {t}, years);
  if (!caps.empty() || !inds.empty()) o << "</div>\n";

  for (const Comparison& c : s.steps) {
    o << "<h2 class=\"step\">" << c.a.year << " → " << c.b.year << "</h2>\n<p>A: " << Esc(PartLine(c.a))
      << "<br>B: " << Esc(PartLine(c.b)) << "</p>\n";
    for (const char* section : {"rules", "quotas", "deadlines", "guide_items", "indicators", "text"}) {
      std::ostringstream t;
      size_t n = 0;
      for (const Row& r : c.rows) {
        if (r.section != section || (!all && r.change == Change::kUnchanged)) continue;
        ++n;
        t << "<tr class=\"" << compare::ChangeName(r.change) << "\"><td class=\"ch\">" << compare::ChangeName(r.change)
          << "</td><td>" << Esc(r.kind) << "</td><td>" << Esc(r.category) << "</td><td>" << Esc(r.key)
          << "</td><td>" << Esc(r.old_value) << "</td><td>" << Esc(r.new_value) << "</td><td>" << Esc(r.note)
          << "</td><td>" << CiteHtml(r.a) << "</td><td>" << CiteHtml(r.b) << "</td></tr>\n";
        if (!r.edits.empty()) {
          t << "<tr class=\"edits\"><td></td><td colspan=\"8\"><ul class=\"diff\">";
          for (const auto& e : r.edits)
            t << "<li class=\"" << (e.op == '-' ? "del" : "ins") << "\">" << (e.op == '-' ? "− " : "+ ")
              << Esc(e.text) << "</li>";
          t << "</ul></td></tr>\n";
        }
      }
      if (!n) continue;
      o << "<h3>" << Esc(SectionTitle(section)) << " (" << n << ")</h3>\n<table class=\"rows " << section
        << "\"><tr><th>change</th><th>kind</th><th>cat</th><th>what</th><th>" << c.a.year << "</th><th>" << c.b.year
        << "</th><th>note</th><th>source A</th><th>source B</th></tr>\n"
        << t.str() << "</table>\n";
    }
  }
  o << "<p class=\"cite\">gongwen compare · spans are character offsets into each document's normalized text "
       "(gongwen text DOC)</p>\n</body>\n</html>\n";
  return o.str();
}

// DOC or DOC:N (附件N).
Result<compare::PartRef> ResolvePart(Db& db, const std::string& spec, bool* explicit_part) {
  std::string doc = spec;
  int attachment = -1;
  if (auto colon = spec.rfind(':'); colon != std::string::npos && colon + 1 < spec.size() &&
                                    spec.find_first_not_of("0123456789", colon + 1) == std::string::npos) {
    doc = spec.substr(0, colon);
    attachment = std::stoi(spec.substr(colon + 1));
  }
  auto id = ResolveDoc(db, doc);
  if (!id.ok()) {
    id = ResolveDoc(db, spec);  // a file name with a colon in it
    attachment = -1;
    if (!id.ok()) return id.status();
  }
  *explicit_part = attachment >= 0;
  return compare::PartRef{id.value(), std::max(0, attachment)};
}

int Fail(const Status& s) {
  Error(s.message());
  return s.code() == Status::Code::kDatabase ? kExitDatabase : kExitInputFailed;
}

struct CompareArgs {
  std::vector<std::string> docs;
  std::string programme;
  std::vector<int> years;
  std::string html;
  bool all = false;
};

int RunCompare(const Globals& g, const CompareArgs& args) {
  if (args.programme.empty() ? args.docs.size() != 2 : !args.docs.empty()) {
    Error("compare: give two documents (DOC_A DOC_B) or --programme P, not both");
    return kExitUsage;
  }
  auto store = OpenStore(g, true);
  if (!store.ok()) {
    Error(store.status().message());
    return kExitDatabase;
  }
  Db& db = store.value()->db();
  std::vector<PartMeta> parts;
  if (!args.programme.empty()) {
    auto found = compare::FindParts(db, args.programme, args.years);
    if (!found.ok()) return Fail(found.status());
    parts = found.value();
    if (parts.size() < 2) {
      Error(fmt::format("compare: {} has {} year(s) in the archive{}; need two to compare (see `gongwen docs`)",
                        args.programme, parts.size(), args.years.empty() ? "" : " among those asked"));
      return kExitInputFailed;
    }
  } else {
    bool ea = false, eb = false;
    auto a = ResolvePart(db, args.docs[0], &ea);
    if (!a.ok()) return Fail(a.status());
    auto b = ResolvePart(db, args.docs[1], &eb);
    if (!b.ok()) return Fail(b.status());
    compare::PartRef ra = a.value(), rb = b.value();
    if (!ea) {
      auto c = compare::ChoosePart(db, ra.doc_id, rb.doc_id);
      if (!c.ok()) return Fail(c.status());
      ra = c.value();
    }
    if (!eb) {
      auto c = compare::ChoosePart(db, rb.doc_id, ra.doc_id);
      if (!c.ok()) return Fail(c.status());
      rb = c.value();
    }
    for (auto ref : {ra, rb}) {
      auto pa = compare::LoadPart(db, ref);
      if (!pa.ok()) return Fail(pa.status());
      parts.push_back(pa.value().meta);
    }
  }
  auto series = compare::CompareSeries(db, parts);
  if (!series.ok()) return Fail(series.status());
  const Series& s = series.value();
  const auto trends = compare::Trends(s);
  if (!args.html.empty()) {
    std::ofstream f(args.html, std::ios::binary);
    f << Html(args.programme, s, trends, true);
    if (!f) {
      Error(args.html + ": cannot write");
      return kExitInputFailed;
    }
  }
  if (g.json) {
    std::cout << SeriesJson(args.programme, s, trends, args.all).dump(2) << "\n";
  } else if (args.html.empty() || args.all) {
    for (size_t i = 0; i < s.steps.size(); ++i) {
      if (i) std::cout << "\n";
      PrintComparison(s.steps[i], args.all);
    }
  } else {
    std::cout << "wrote " << args.html << "\n";
  }
  return kExitOk;
}

}  // namespace

Command AddCompareCommand(CLI::App& app, Globals& g) {
  auto args = std::make_shared<CompareArgs>();
  auto* sub = app.add_subcommand("compare", "what changed between two documents, or in a programme across years");
  sub->add_option("DOCS", args->docs, "DOC_A DOC_B (id, sha256 prefix or file name; DOC:N for 附件N)")
      ->expected(0, 2);
  sub->add_option("--programme", args->programme,
                  "a programme (省科技成果转化专项资金), a part (创新型产业集群培育试点) or programme/part");
  sub->add_option("--years", args->years, "only these years, e.g. 2021,2023")->delimiter(',');
  sub->add_option("--html", args->html, "write a self-contained HTML report to FILE");
  sub->add_flag("--all", args->all, "unchanged rows too");
  sub->add_flag("--json", g.json, "JSON for scripts");
  sub->add_option("--db", g.db_path, "archive file");
  return {sub, [&g, args] { return RunCompare(g, *args); }};
}

}  // namespace gongwen::cli
