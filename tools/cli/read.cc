// Read commands: docs, show, text.
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "tools/cli/cli.h"

namespace gongwen::cli {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

json TextOrNull(const Stmt& q, int col) { return q.IsNull(col) ? json(nullptr) : json(q.Text(col)); }

// Provenance of a record: its character span, page and box.
// REQUIRES: the query selects char_start, char_end, page, box from start_col.
void AddSpan(ordered_json* j, const Stmt& q, int start_col) {
  (*j)["start"] = q.IsNull(start_col) ? json(nullptr) : json(q.Int(start_col));
  (*j)["end"] = q.IsNull(start_col + 1) ? json(nullptr) : json(q.Int(start_col + 1));
  (*j)["page"] = q.IsNull(start_col + 2) ? json(nullptr) : json(q.Int(start_col + 2));
  // [x0, y0, x1, y1] in PDF points on that page, for PDF and OCR pages (0004_boxes.sql).
  (*j)["box"] = q.IsNull(start_col + 3) ? json(nullptr) : json::parse(q.Text(start_col + 3));
}

Result<ordered_json> LoadDocument(Db& db, int64_t id) {
  ordered_json j;
  {
    Stmt q(db, "SELECT id, sha256, file_name, path, media_type, charset, title, doc_type, doc_number, "
               "date, year, forwarded_title, recipients, note, cc, printer, print_date, page_count, "
               "warnings FROM documents WHERE id = ?");
    q.Bind(1, id);
    if (!q.Step()) return q.status().ok() ? Status::NotFound(fmt::format("document {}", id)) : q.status();
    j["id"] = q.Int(0);
    j["sha256"] = q.Text(1);
    j["file_name"] = q.Text(2);
    j["path"] = q.Text(3);
    j["media_type"] = q.Text(4);
    j["charset"] = TextOrNull(q, 5);
    j["title"] = TextOrNull(q, 6);
    j["doc_type"] = TextOrNull(q, 7);
    j["doc_number"] = TextOrNull(q, 8);
    j["issuers"] = json::array();
    j["date"] = TextOrNull(q, 9);
    j["year"] = q.IsNull(10) ? json(nullptr) : json(q.Int(10));
    j["forwarded_title"] = TextOrNull(q, 11);
    j["recipients"] = TextOrNull(q, 12);
    j["note"] = TextOrNull(q, 13);
    j["cc"] = TextOrNull(q, 14);
    j["printer"] = TextOrNull(q, 15);
    j["print_date"] = TextOrNull(q, 16);
    j["pages"] = q.Int(17);
    json warnings = json::array();
    std::string w = q.Text(18);
    for (size_t s = 0, e; s < w.size(); s = e + 1) {
      e = w.find('\n', s);
      if (e == std::string::npos) e = w.size();
      if (e > s) warnings.push_back(w.substr(s, e - s));
    }
    j["warnings"] = warnings;
  }
  auto rows = [&](const char* sql, auto&& fill) -> Status {
    Stmt q(db, sql);
    q.Bind(1, id);
    while (q.Step()) fill(q);
    return q.status();
  };
  Status s;
  s = rows("SELECT name FROM doc_issuers WHERE doc_id = ? ORDER BY seq",
           [&](Stmt& q) { j["issuers"].push_back(q.Text(0)); });
  if (!s.ok()) return s;
  j["elements"] = json::array();
  s = rows("SELECT name, value, char_start, char_end, page, box FROM elements WHERE doc_id = ? ORDER BY rowid",
           [&](Stmt& q) {
             ordered_json e{{"name", q.Text(0)}, {"value", q.Text(1)}};
             AddSpan(&e, q, 2);
             j["elements"].push_back(e);
           });
  j["attachments"] = json::array();
  s = rows("SELECT n, title, char_start, char_end, page, box FROM attachments WHERE doc_id = ? ORDER BY n",
           [&](Stmt& q) {
             ordered_json e{{"n", q.Int(0)}, {"title", q.Text(1)}};
             AddSpan(&e, q, 2);
             j["attachments"].push_back(e);
           });
  j["outline"] = json::array();
  s = rows("SELECT attachment, level, marker, heading, char_start, char_end, page, box FROM sections "
           "WHERE doc_id = ? ORDER BY seq",
           [&](Stmt& q) {
             ordered_json e{{"attachment", q.Int(0)}, {"level", q.Int(1)}, {"marker", q.Text(2)},
                            {"heading", q.Text(3)}};
             AddSpan(&e, q, 4);
             j["outline"].push_back(e);
           });
  j["guide_items"] = json::array();
  s = rows("SELECT code, title, category, category_name, topic, domain, research, targets, description, "
           "truncated, char_start, char_end, page, box FROM guide_items WHERE doc_id = ? ORDER BY id",
           [&](Stmt& q) {
             ordered_json e{{"code", q.Text(0)}, {"title", TextOrNull(q, 1)}, {"category", TextOrNull(q, 2)},
                            {"category_name", TextOrNull(q, 3)}, {"topic", TextOrNull(q, 4)},
                            {"domain", TextOrNull(q, 5)}, {"research", TextOrNull(q, 6)},
                            {"targets", TextOrNull(q, 7)}, {"description", TextOrNull(q, 8)},
                            {"truncated", q.Int(9) != 0}};
             AddSpan(&e, q, 10);
             j["guide_items"].push_back(e);
           });
  j["rules"] = json::array();
  s = rows("SELECT kind, subject, category, op, value, value2, unit, qualifier, text, char_start, "
           "char_end, page, box FROM rules WHERE doc_id = ? ORDER BY id",
           [&](Stmt& q) {
             ordered_json e{{"kind", q.Text(0)}, {"subject", TextOrNull(q, 1)}, {"category", TextOrNull(q, 2)},
                            {"op", q.Text(3)}, {"value", q.Real(4)},
                            {"value2", q.IsNull(5) ? json(nullptr) : json(q.Real(5))},
                            {"unit", TextOrNull(q, 6)}, {"qualifier", TextOrNull(q, 7)}, {"text", q.Text(8)}};
             AddSpan(&e, q, 9);
             j["rules"].push_back(e);
           });
  j["quotas"] = json::array();
  s = rows("SELECT region, max, unit, char_start, char_end, page, box FROM quotas WHERE doc_id = ? ORDER BY rowid",
           [&](Stmt& q) {
             ordered_json e{{"region", q.Text(0)}, {"max", q.Int(1)}, {"unit", TextOrNull(q, 2)}};
             AddSpan(&e, q, 3);
             j["quotas"].push_back(e);
           });
  j["deadlines"] = json::array();
  s = rows("SELECT what, at, char_start, char_end, page, box FROM deadlines WHERE doc_id = ? ORDER BY rowid",
           [&](Stmt& q) {
             ordered_json e{{"what", q.Text(0)}, {"at", q.Text(1)}};
             AddSpan(&e, q, 2);
             j["deadlines"].push_back(e);
           });
  j["contacts"] = json::array();
  s = rows("SELECT c.org, c.char_start, c.char_end, c.page, c.box, "
           "(SELECT json_group_array(name) FROM (SELECT name FROM contact_names WHERE contact_id = c.id ORDER BY seq)), "
           "(SELECT json_group_array(phone) FROM (SELECT phone FROM contact_phones WHERE contact_id = c.id ORDER BY seq)) "
           "FROM contacts c WHERE c.doc_id = ? ORDER BY c.id",
           [&](Stmt& q) {
             ordered_json e{{"org", TextOrNull(q, 0)}, {"names", json::parse(q.Text(5))},
                            {"phones", json::parse(q.Text(6))}};
             AddSpan(&e, q, 1);
             j["contacts"].push_back(e);
           });
  j["references"] = json::array();
  s = rows("SELECT title, doc_number, char_start, char_end, page, box FROM citations WHERE doc_id = ? ORDER BY rowid",
           [&](Stmt& q) {
             ordered_json e{{"title", TextOrNull(q, 0)}, {"doc_number", TextOrNull(q, 1)}};
             AddSpan(&e, q, 2);
             j["references"].push_back(e);
           });
  j["urls"] = json::array();
  s = rows("SELECT url, char_start, char_end, page, box FROM urls WHERE doc_id = ? ORDER BY rowid",
           [&](Stmt& q) {
             ordered_json e{{"url", q.Text(0)}};
             AddSpan(&e, q, 1);
             j["urls"].push_back(e);
           });
  j["tables"] = json::array();
  s = rows("SELECT t.n, t.caption, t.attachment, t.char_start, t.char_end, t.page, t.box, "
           "(SELECT json_group_array(r) FROM (SELECT json_group_array(text) AS r FROM "
           "  (SELECT row, text FROM table_cells WHERE table_id = t.id ORDER BY row, col) GROUP BY row ORDER BY row)) "
           "FROM doc_tables t WHERE t.doc_id = ? ORDER BY t.n",
           [&](Stmt& q) {
             json rows_json = json::array();
             for (auto& r : json::parse(q.Text(7))) rows_json.push_back(json::parse(r.get<std::string>()));
             ordered_json e{{"n", q.Int(0)}, {"caption", TextOrNull(q, 1)}, {"attachment", q.Int(2)},
                            {"rows", rows_json}};
             AddSpan(&e, q, 3);
             j["tables"].push_back(e);
           });
  if (!s.ok()) return s;
  return j;
}

std::string Str(const json& v) { return v.is_string() ? v.get<std::string>() : (v.is_null() ? "" : v.dump()); }

int Fail(const Status& s) {
  Error(s.message());
  return s.code() == Status::Code::kDatabase ? kExitDatabase : kExitInputFailed;
}

int FailOpen(const Status& s) {
  Error(s.message());
  return kExitDatabase;
}

}  // namespace

int RunDocs(const Globals& g) {
  auto store = OpenStore(g, true);
  if (!store.ok()) return FailOpen(store.status());
  Db& db = store.value()->db();
  Stmt q(db, "SELECT d.id, d.year, (SELECT group_concat(name, '、') FROM (SELECT name FROM doc_issuers "
             "WHERE doc_id = d.id ORDER BY seq)), d.doc_number, d.title, d.date, d.file_name, d.sha256, "
             "(SELECT count(*) FROM guide_items WHERE doc_id = d.id), d.programme, d.programme_part, "
             "d.year_source, d.replaces, (SELECT group_concat(attachment || ':' || coalesce(part, programme), '; ') "
             "FROM programme_parts WHERE doc_id = d.id AND attachment > 0) "
             "FROM documents d ORDER BY d.year, d.date, d.id");
  ordered_json out = json::array();
  std::vector<std::vector<std::string>> rows;
  while (q.Step()) {
    ordered_json e{{"id", q.Int(0)}, {"year", q.IsNull(1) ? json(nullptr) : json(q.Int(1))},
                   {"issuers", TextOrNull(q, 2)}, {"doc_number", TextOrNull(q, 3)},
                   {"title", TextOrNull(q, 4)}, {"date", TextOrNull(q, 5)},
                   {"file_name", q.Text(6)}, {"sha256", q.Text(7)}, {"guide_items", q.Int(8)},
                   {"programme", TextOrNull(q, 9)}, {"programme_part", TextOrNull(q, 10)},
                   {"year_source", TextOrNull(q, 11)},
                   {"replaces", q.IsNull(12) ? json(nullptr) : json(q.Int(12))}};
    out.push_back(e);
    std::string programme = q.Text(9) + (q.IsNull(10) ? "" : "/" + q.Text(10));
    if (!q.IsNull(13)) programme += " (附件" + q.Text(13) + ")";
    rows.push_back({std::to_string(q.Int(0)), q.IsNull(1) ? "" : std::to_string(q.Int(1)), q.Text(2),
                    q.Text(3), programme, q.IsNull(4) ? "(" + q.Text(6) + ")" : q.Text(4)});
  }
  if (!q.status().ok()) return Fail(q.status());
  if (g.json) {
    std::cout << out.dump(2) << "\n";
  } else {
    PrintTable({"id", "year", "issuer", "文号", "programme", "title"}, rows, 70);
  }
  return kExitOk;
}

int RunShow(const Globals& g, const std::string& doc) {
  auto store = OpenStore(g, true);
  if (!store.ok()) return FailOpen(store.status());
  Db& db = store.value()->db();
  auto id = ResolveDoc(db, doc);
  if (!id.ok()) return Fail(id.status());
  auto j = LoadDocument(db, id.value());
  if (!j.ok()) return Fail(j.status());
  const ordered_json& d = j.value();
  if (g.json) {
    std::cout << d.dump(2) << "\n";
    return kExitOk;
  }
  auto field = [](const char* label, const json& v) {
    std::string s = Str(v);
    if (!s.empty()) std::cout << fmt::format("{:<10}{}\n", label, s);
  };
  field("标题", d["title"]);
  field("文种", d["doc_type"]);
  field("发文字号", d["doc_number"]);
  std::string issuers;
  for (const auto& i : d["issuers"]) issuers += (issuers.empty() ? "" : "、") + i.get<std::string>();
  field("发文机关", issuers);
  field("成文日期", d["date"]);
  field("年度", d["year"]);
  field("印发文件", d["forwarded_title"]);
  field("主送机关", d["recipients"]);
  field("附注", d["note"]);
  field("抄送机关", d["cc"]);
  field("印发机关", d["printer"]);
  field("印发日期", d["print_date"]);
  field("文件", d["file_name"]);
  auto section = [](const std::string& name, size_t n) {
    if (n) std::cout << "\n" << name << " (" << n << ")\n";
  };
  section("附件 attachments", d["attachments"].size());
  for (const auto& a : d["attachments"]) std::cout << fmt::format("  {}. {}\n", a["n"].get<int>(), Str(a["title"]));
  section("提纲 outline", d["outline"].size());
  for (const auto& o : d["outline"]) {
    int level = o["level"].get<int>();
    std::cout << std::string(2 + 2 * std::max(0, level - 1), ' ') << Str(o["marker"]) << Str(o["heading"]) << "\n";
  }
  section("指南条目 guide items", d["guide_items"].size());
  std::vector<std::vector<std::string>> rows;
  for (const auto& i : d["guide_items"])
    rows.push_back({Str(i["code"]), Str(i["category"]), Str(i["title"]), i["truncated"].get<bool>() ? "truncated" : ""});
  if (!rows.empty()) PrintTable({"code", "cat", "title", ""}, rows);
  section("规则 rules", d["rules"].size());
  rows.clear();
  for (const auto& r : d["rules"]) {
    std::string v = fmt::format("{} {:g}", Str(r["op"]), r["value"].get<double>());
    if (!r["value2"].is_null()) v += fmt::format(":{:g}", r["value2"].get<double>());
    rows.push_back({Str(r["kind"]), Str(r["category"]), Str(r["subject"]), v + Str(r["unit"]), Str(r["qualifier"])});
  }
  if (!rows.empty()) PrintTable({"kind", "cat", "subject", "value", ""}, rows, 40);
  section("名额 quotas", d["quotas"].size());
  for (const auto& q : d["quotas"]) std::cout << fmt::format("  {} {}{}\n", Str(q["region"]), q["max"].get<int>(), Str(q["unit"]));
  section("截止 deadlines", d["deadlines"].size());
  for (const auto& x : d["deadlines"]) std::cout << fmt::format("  {}  {}\n", Str(x["at"]), Str(x["what"]));
  section("联系 contacts", d["contacts"].size());
  for (const auto& c : d["contacts"]) {
    std::string names, phones;
    for (const auto& n : c["names"]) names += (names.empty() ? "" : " ") + n.get<std::string>();
    for (const auto& p : c["phones"]) phones += (phones.empty() ? "" : " ") + p.get<std::string>();
    std::cout << fmt::format("  {}  {}  {}\n", Str(c["org"]), names, phones);
  }
  section("引用 references", d["references"].size());
  for (const auto& r : d["references"]) {
    std::string t = Str(r["title"]);
    std::cout << "  " << (t.empty() ? "" : "《" + t + "》") << Str(r["doc_number"]) << "\n";
  }
  section("表格 tables", d["tables"].size());
  for (const auto& t : d["tables"])
    std::cout << fmt::format("  表{} {} ({} rows)\n", t["n"].get<int>(), Str(t["caption"]), t["rows"].size() - 1);
  section("网址 urls", d["urls"].size());
  for (const auto& u : d["urls"]) std::cout << "  " << Str(u["url"]) << "\n";
  section("warnings", d["warnings"].size());
  for (const auto& w : d["warnings"]) std::cout << "  " << Str(w) << "\n";
  return kExitOk;
}

int RunText(const Globals& g, const std::string& doc, bool original) {
  auto store = OpenStore(g, true);
  if (!store.ok()) return FailOpen(store.status());
  Db& db = store.value()->db();
  auto id = ResolveDoc(db, doc);
  if (!id.ok()) return Fail(id.status());
  Stmt q(db, original ? "SELECT original FROM documents WHERE id = ?" : "SELECT text FROM documents WHERE id = ?");
  q.Bind(1, id.value());
  if (!q.Step()) return Fail(q.status());
  std::string t = q.Text(0);
  std::cout << t;
  if (!t.empty() && t.back() != '\n') std::cout << "\n";
  return kExitOk;
}

}  // namespace gongwen::cli
