#include "pipeline/forms_store.h"

#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace gongwen {

namespace {

std::string BoxJson(const Box& b) { return fmt::format("[{:.1f},{:.1f},{:.1f},{:.1f}]", b.x0, b.y0, b.x1, b.y1); }

Status InsertValue(Stmt& q, const Document& doc, int64_t form_id, std::optional<int64_t> row_id, const std::string& name,
                   const FormValue& v) {
  q.Bind(1, form_id).Bind(2, row_id).Bind(3, name).BindText(4, v.value).BindText(5, v.raw).Bind(6, v.number);
  if (v.page > 0) q.Bind(7, v.page); else q.BindNull(7);
  if (v.box) q.Bind(8, BoxJson(*v.box)); else q.BindNull(8);
  if (v.cell >= 0 && v.cell < static_cast<int>(doc.cells.size())) {
    const Cell& c = doc.cells[v.cell];
    q.Bind(9, c.table).Bind(10, c.row).Bind(11, c.col);
  } else {
    q.BindNull(9).BindNull(10).BindNull(11);
  }
  if (v.cell >= 0) q.Bind(12, static_cast<double>(v.confidence)); else q.BindNull(12);
  return q.Run();
}

}  // namespace

Status WriteForm(Db& db, const Document& doc, int64_t doc_id) {
  if (!doc.form) return Status::Ok();
  const FormRecord& r = *doc.form;
  Stmt f(db, "INSERT INTO forms (doc_id, template, score) VALUES (?,?,?)");
  f.Bind(1, doc_id).BindText(2, r.template_id).Bind(3, r.score);
  Status s = f.Run();
  if (!s.ok()) return s;
  const int64_t form_id = db.LastInsertId();
  Stmt q(db, "INSERT INTO form_fields (form_id, row_id, name, value, raw, number, page, box, cell_table, cell_row, "
             "cell_col, confidence) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
  for (const auto& [name, v] : r.fields)
    if (s = InsertValue(q, doc, form_id, std::nullopt, name, v); !s.ok()) return s;
  Stmt row(db, "INSERT INTO form_rows (form_id, grp, seq) VALUES (?,?,?)");
  for (const auto& [group, rows] : r.groups) {
    for (size_t i = 0; i < rows.size(); ++i) {
      row.Bind(1, form_id).Bind(2, group).Bind(3, static_cast<int64_t>(i + 1));
      if (s = row.Run(); !s.ok()) return s;
      const int64_t row_id = db.LastInsertId();
      for (const auto& [name, v] : rows[i])
        if (s = InsertValue(q, doc, form_id, row_id, name, v); !s.ok()) return s;
    }
  }
  Stmt fd(db, "INSERT INTO form_findings (form_id, seq, kind, field, message) VALUES (?,?,?,?,?)");
  for (size_t i = 0; i < r.findings.size(); ++i) {
    const FormFinding& x = r.findings[i];
    fd.Bind(1, form_id).Bind(2, static_cast<int64_t>(i)).Bind(3, x.kind).BindText(4, x.field).Bind(5, x.message);
    if (s = fd.Run(); !s.ok()) return s;
  }
  return Status::Ok();
}

Result<std::vector<StoredForm>> ReadForms(Db& db, const std::string& tmpl, int64_t doc_id) {
  std::vector<StoredForm> out;
  std::map<int64_t, size_t> by_id;
  {
    Stmt q(db, "SELECT f.id, f.doc_id, d.file_name, f.template, f.score FROM forms f JOIN documents d ON d.id = f.doc_id "
               "WHERE (?1 = '' OR f.template = ?1) AND (?2 = 0 OR f.doc_id = ?2) ORDER BY f.doc_id");
    q.Bind(1, tmpl).Bind(2, doc_id);
    while (q.Step()) {
      StoredForm f;
      f.form_id = q.Int(0);
      f.doc_id = q.Int(1);
      f.file_name = q.Text(2);
      f.template_id = q.IsNull(3) ? "" : q.Text(3);
      f.record.template_id = f.template_id;
      f.record.score = q.Real(4);
      by_id[f.form_id] = out.size();
      out.push_back(std::move(f));
    }
    if (!q.status().ok()) return q.status();
  }
  if (out.empty()) return out;
  {
    Stmt q(db, "SELECT ff.form_id, r.grp, r.seq, ff.name, ff.value, ff.raw, ff.number, ff.page, ff.box, ff.confidence "
               "FROM form_fields ff LEFT JOIN form_rows r ON r.id = ff.row_id ORDER BY ff.form_id, r.grp, r.seq");
    while (q.Step()) {
      auto it = by_id.find(q.Int(0));
      if (it == by_id.end()) continue;
      FormRecord& rec = out[it->second].record;
      FormValue v;
      v.value = q.IsNull(4) ? "" : q.Text(4);
      v.raw = q.IsNull(5) ? "" : q.Text(5);
      if (!q.IsNull(6)) v.number = q.Real(6);
      v.page = q.IsNull(7) ? 0 : static_cast<int>(q.Int(7));
      if (!q.IsNull(8)) {
        auto j = nlohmann::json::parse(q.Text(8), nullptr, false);
        if (j.is_array() && j.size() == 4) v.box = Box{j[0].get<double>(), j[1].get<double>(), j[2].get<double>(), j[3].get<double>()};
      }
      v.confidence = q.IsNull(9) ? 0.0f : static_cast<float>(q.Real(9));
      if (q.IsNull(1)) {
        rec.fields[q.Text(3)] = std::move(v);
      } else {
        auto& rows = rec.groups[q.Text(1)];
        size_t seq = static_cast<size_t>(q.Int(2));
        if (rows.size() < seq) rows.resize(seq);
        rows[seq - 1][q.Text(3)] = std::move(v);
      }
    }
    if (!q.status().ok()) return q.status();
  }
  {
    Stmt q(db, "SELECT form_id, kind, field, message FROM form_findings ORDER BY form_id, seq");
    while (q.Step()) {
      auto it = by_id.find(q.Int(0));
      if (it == by_id.end()) continue;
      out[it->second].record.findings.push_back({q.Text(1), q.IsNull(2) ? "" : q.Text(2), q.Text(3)});
    }
    if (!q.status().ok()) return q.status();
  }
  return out;
}

}  // namespace gongwen
