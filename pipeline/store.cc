#include "pipeline/store.h"

#include <chrono>
#include <ctime>
#include <map>

#include <fmt/format.h>

#include "pipeline/embedded.h"
#include "pipeline/forms_store.h"
#include "pipeline/provenance.h"
#include "pipeline/programme.h"
#include "pipeline/search.h"

namespace gongwen {

CharIndex::CharIndex(std::string_view s) : s_(s) {
  checkpoints_.reserve(s.size() / kStride + 2);
  size_t count = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i % kStride == 0) checkpoints_.push_back(count);
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++count;
  }
  if (s.size() % kStride == 0) checkpoints_.push_back(count);
}

size_t CharIndex::operator()(size_t byte) const {
  if (byte > s_.size()) byte = s_.size();
  size_t k = byte / kStride;
  size_t count = checkpoints_.empty() ? 0 : checkpoints_[std::min(k, checkpoints_.size() - 1)];
  for (size_t i = k * kStride; i < byte; ++i)
    if ((static_cast<unsigned char>(s_[i]) & 0xC0) != 0x80) ++count;
  return count;
}

namespace {

std::map<int, std::string_view> Migrations() {
  std::map<int, std::string_view> out;
  for (const EmbeddedFile& f : EmbeddedSchemas()) {
    if (!f.path.starts_with("migrations/")) continue;
    std::string_view name = f.path.substr(std::string_view("migrations/").size());
    out[std::stoi(std::string(name.substr(0, 4)))] = f.content;
  }
  return out;
}

std::string NowUtc() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// 年度: the year in the title (2023年度, 2021年), else the date's.
std::optional<int> DocYear(const Document& doc) {
  const std::string& t = doc.title;
  for (size_t i = 0; i + 4 < t.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(t[i])) && (i == 0 || !std::isdigit(static_cast<unsigned char>(t[i - 1])))) {
      size_t j = i;
      while (j < t.size() && std::isdigit(static_cast<unsigned char>(t[j]))) ++j;
      if (j - i == 4 && t.compare(j, 3, "年") == 0) {
        int y = std::stoi(t.substr(i, 4));
        if (y >= 1949 && y <= 2100) return y;
      }
    }
  }
  if (doc.date) return doc.date->year;
  return std::nullopt;
}

}  // namespace

int SchemaVersion() {
  auto m = Migrations();
  return m.empty() ? 0 : m.rbegin()->first;
}

Result<std::unique_ptr<Store>> Store::Open(const std::string& path) {
  auto store = std::unique_ptr<Store>(new Store());
  store->path_ = path;
  Status s = store->db_.Open(path);
  if (s.ok()) s = RegisterSearchTokenizer(store->db_.handle());  // before 0003_search.sql
  if (!s.ok()) return s;
  s = store->Migrate();
  if (!s.ok()) return s;
  if (auto indexed = IndexUnindexedDocuments(store->db_); !indexed.ok()) return indexed.status();
  return store;
}

Status Store::Migrate() {
  Stmt v(db_, "PRAGMA user_version");
  int current = v.Step() ? static_cast<int>(v.Int(0)) : 0;
  if (!v.status().ok()) return Status::Database(path_ + ": not a gongwen database (" + v.status().message() + ")");
  v.Reset();  // a statement left running makes DROP TABLE fail (0007 drops the search table)
  int latest = SchemaVersion();
  if (current > latest)
    return Status::Database(fmt::format(
        "{}: schema version {} is newer than this gongwen supports ({}); upgrade gongwen", path_,
        current, latest));
  for (const auto& [version, sql] : Migrations()) {
    if (version <= current) continue;
    Status s = db_.Exec("BEGIN IMMEDIATE");
    if (s.ok()) s = db_.Exec(sql);
    if (s.ok()) s = db_.Exec(fmt::format("PRAGMA user_version = {}", version));
    if (s.ok()) s = db_.Exec("COMMIT");
    if (!s.ok()) {
      db_.Exec("ROLLBACK");
      return Status::Database(fmt::format("{}: migration {} failed: {}", path_, version, s.message()));
    }
  }
  return Status::Ok();
}

Result<Store::Outcome> Store::Put(const Document& doc, int64_t* id) {
  {
    Stmt q(db_, "SELECT id FROM documents WHERE sha256 = ?");
    q.Bind(1, doc.sha256);
    if (q.Step()) {
      if (id) *id = q.Int(0);
      return Outcome::kUnchanged;
    }
    if (!q.status().ok()) return q.status();
  }
  Status s = db_.Exec("BEGIN IMMEDIATE");
  if (!s.ok()) return s;
  int64_t new_id = 0;
  s = Write(doc, &new_id);
  if (id) *id = new_id;
  if (s.ok()) s = IndexDocument(db_, new_id);  // the document and its index rows land together
  if (s.ok()) s = db_.Exec("COMMIT");
  if (!s.ok()) {
    db_.Exec("ROLLBACK");
    return Status::Database(doc.path + ": not stored: " + s.message());
  }
  return Outcome::kStored;
}

Status Store::Write(const Document& doc, int64_t* out_id) {
  const CharIndex chars(doc.text);
  auto cs = [&](Span sp) { return static_cast<int64_t>(chars(sp.begin)); };
  auto ce = [&](Span sp) { return static_cast<int64_t>(chars(sp.end)); };
  auto page = [&](Span sp) -> std::optional<int64_t> {
    int p = doc.PageAt(sp.begin);
    if (p == 0) return std::nullopt;
    return p;
  };
  auto element = [&](const char* name) -> std::string {
    for (const Element& e : doc.elements)
      if (e.name == name) return e.value;
    return "";
  };
  std::string warnings;
  for (const auto& w : doc.warnings) warnings += w + "\n";

  Stmt d(db_,
         "INSERT INTO documents (sha256, file_name, path, size_bytes, media_type, charset, "
         "ingested_at, title, doc_type, doc_number, doc_number_agency, doc_number_year, "
         "doc_number_serial, date, year, forwarded_title, recipients, note, cc, printer, "
         "print_date, page_count, original, text, warnings) "
         "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  d.Bind(1, doc.sha256).Bind(2, doc.file_name).Bind(3, doc.path);
  d.Bind(4, static_cast<int64_t>(doc.size_bytes)).Bind(5, doc.media_type).BindText(6, doc.charset);
  d.Bind(7, NowUtc()).BindText(8, doc.title).BindText(9, doc.doc_type);
  if (doc.doc_number) {
    d.Bind(10, doc.doc_number->text).BindText(11, doc.doc_number->agency);
    d.Bind(12, doc.doc_number->year).Bind(13, doc.doc_number->serial);
  } else {
    d.BindNull(10).BindNull(11).BindNull(12).BindNull(13);
  }
  if (doc.date) d.Bind(14, doc.date->Iso()); else d.BindNull(14);
  auto year = doc.year ? std::optional<int>(doc.year) : DocYear(doc);  // pipeline/programme.h
  if (year) d.Bind(15, *year); else d.BindNull(15);
  d.BindText(16, doc.forwarded_title).BindText(17, element("recipients"));
  d.BindText(18, element("note")).BindText(19, element("cc")).BindText(20, doc.printer);
  if (doc.print_date) d.Bind(21, doc.print_date->Iso()); else d.BindNull(21);
  d.Bind(22, static_cast<int64_t>(doc.pages.size())).Bind(23, doc.original).Bind(24, doc.text);
  d.Bind(25, warnings);
  Status s = d.Run();
  if (!s.ok()) return s;
  const int64_t id = db_.LastInsertId();
  if (out_id) *out_id = id;

  {
    Stmt q(db_, "INSERT INTO doc_issuers (doc_id, seq, name) VALUES (?,?,?)");
    for (size_t i = 0; i < doc.issuers.size(); ++i) {
      q.Bind(1, id).Bind(2, static_cast<int64_t>(i)).Bind(3, doc.issuers[i]);
      if (s = q.Run(); !s.ok()) return s;
    }
  }
  {
    Stmt q(db_, "INSERT INTO pages (doc_id, page, label, source, width_pt, height_pt, confidence, "
                "char_start, char_end) VALUES (?,?,?,?,?,?,?,?,?)");
    for (const Page& p : doc.pages) {
      q.Bind(1, id).Bind(2, p.number).BindText(3, p.label).Bind(4, TextSourceName(p.source));
      if (p.width_pt > 0) q.Bind(5, p.width_pt).Bind(6, p.height_pt); else q.BindNull(5).BindNull(6);
      q.Bind(7, static_cast<double>(p.confidence)).Bind(8, cs(p.span)).Bind(9, ce(p.span));
      if (s = q.Run(); !s.ok()) return s;
    }
  }
  {
    Stmt q(db_, "INSERT INTO elements (doc_id, name, value, char_start, char_end, page) VALUES (?,?,?,?,?,?)");
    for (const Element& e : doc.elements) {
      q.Bind(1, id).Bind(2, e.name).Bind(3, e.value).Bind(4, cs(e.span)).Bind(5, ce(e.span)).Bind(6, page(e.span));
      if (s = q.Run(); !s.ok()) return s;
    }
  }
  {
    Stmt q(db_, "INSERT INTO sections (doc_id, seq, parent_id, attachment, level, marker, heading, "
                "char_start, char_end, page) VALUES (?,?,?,?,?,?,?,?,?,?)");
    std::vector<int64_t> ids(doc.sections.size(), 0);
    for (const Section& sec : doc.sections) {
      q.Bind(1, id).Bind(2, sec.id);
      if (sec.parent >= 0) q.Bind(3, ids[sec.parent]); else q.BindNull(3);
      q.Bind(4, sec.attachment).Bind(5, sec.level).Bind(6, sec.marker).Bind(7, sec.heading);
      q.Bind(8, cs(sec.span)).Bind(9, ce(sec.span)).Bind(10, page(sec.span));
      if (s = q.Run(); !s.ok()) return s;
      ids[sec.id] = db_.LastInsertId();
    }
  }
  {
    Stmt q(db_, "INSERT INTO attachments (doc_id, n, title, char_start, char_end, page) VALUES (?,?,?,?,?,?)");
    for (const Attachment& a : doc.attachments) {
      q.Bind(1, id).Bind(2, a.n).Bind(3, a.title);
      if (!a.span.empty()) q.Bind(4, cs(a.span)).Bind(5, ce(a.span)).Bind(6, page(a.span));
      else q.BindNull(4).BindNull(5).BindNull(6);
      if (s = q.Run(); !s.ok()) return s;
    }
  }
  {
    Stmt t(db_, "INSERT INTO doc_tables (doc_id, n, caption, attachment, char_start, char_end, page) VALUES (?,?,?,?,?,?,?)");
    Stmt c(db_, "INSERT INTO table_cells (table_id, row, col, text) VALUES (?,?,?,?)");
    for (const Table& tb : doc.tables) {
      t.Bind(1, id).Bind(2, tb.n).BindText(3, tb.caption).Bind(4, tb.attachment);
      t.Bind(5, cs(tb.span)).Bind(6, ce(tb.span)).Bind(7, page(tb.span));
      if (s = t.Run(); !s.ok()) return s;
      int64_t tid = db_.LastInsertId();
      for (size_t r = 0; r < tb.rows.size(); ++r)
        for (size_t col = 0; col < tb.rows[r].size(); ++col) {
          c.Bind(1, tid).Bind(2, static_cast<int64_t>(r)).Bind(3, static_cast<int64_t>(col)).Bind(4, tb.rows[r][col]);
          if (s = c.Run(); !s.ok()) return s;
        }
    }
  }
  {
    Stmt q(db_, "INSERT INTO guide_items (doc_id, code, title, category, category_name, topic, domain, "
                "research, targets, description, truncated, char_start, char_end, page) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    for (const GuideItem& g : doc.guide_items) {
      q.Bind(1, id).Bind(2, g.code).BindText(3, g.title).BindText(4, g.category).BindText(5, g.category_name);
      q.BindText(6, g.topic).BindText(7, g.domain).BindText(8, g.research).BindText(9, g.targets);
      q.BindText(10, g.description).Bind(11, g.truncated ? 1 : 0);
      q.Bind(12, cs(g.span)).Bind(13, ce(g.span)).Bind(14, page(g.span));
      if (s = q.Run(); !s.ok()) return s;
    }
  }
  {
    Stmt q(db_, "INSERT INTO rules (doc_id, kind, subject, category, op, value, value2, unit, qualifier, "
                "text, char_start, char_end, page) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
    for (const Rule& r : doc.rules) {
      q.Bind(1, id).Bind(2, r.kind).BindText(3, r.subject).BindText(4, r.category).Bind(5, r.op);
      q.Bind(6, r.value).Bind(7, r.value2).BindText(8, r.unit).BindText(9, r.qualifier).Bind(10, r.text);
      q.Bind(11, cs(r.span)).Bind(12, ce(r.span)).Bind(13, page(r.span));
      if (s = q.Run(); !s.ok()) return s;
    }
  }
  {
    Stmt q(db_, "INSERT INTO quotas (doc_id, region, max, unit, char_start, char_end, page) VALUES (?,?,?,?,?,?,?)");
    for (const Quota& x : doc.quotas) {
      q.Bind(1, id).Bind(2, x.region).Bind(3, x.max).BindText(4, x.unit);
      q.Bind(5, cs(x.span)).Bind(6, ce(x.span)).Bind(7, page(x.span));
      if (s = q.Run(); !s.ok()) return s;
    }
  }
  {
    Stmt q(db_, "INSERT INTO deadlines (doc_id, what, at, char_start, char_end, page) VALUES (?,?,?,?,?,?)");
    for (const Deadline& x : doc.deadlines) {
      q.Bind(1, id).Bind(2, x.what).Bind(3, x.at.Iso()).Bind(4, cs(x.span)).Bind(5, ce(x.span)).Bind(6, page(x.span));
      if (s = q.Run(); !s.ok()) return s;
    }
  }
  {
    Stmt q(db_, "INSERT INTO contacts (doc_id, org, char_start, char_end, page) VALUES (?,?,?,?,?)");
    Stmt n(db_, "INSERT INTO contact_names (contact_id, seq, name) VALUES (?,?,?)");
    Stmt p(db_, "INSERT INTO contact_phones (contact_id, seq, phone) VALUES (?,?,?)");
    for (const Contact& x : doc.contacts) {
      q.Bind(1, id).BindText(2, x.org).Bind(3, cs(x.span)).Bind(4, ce(x.span)).Bind(5, page(x.span));
      if (s = q.Run(); !s.ok()) return s;
      int64_t cid = db_.LastInsertId();
      for (size_t i = 0; i < x.names.size(); ++i) {
        n.Bind(1, cid).Bind(2, static_cast<int64_t>(i)).Bind(3, x.names[i]);
        if (s = n.Run(); !s.ok()) return s;
      }
      for (size_t i = 0; i < x.phones.size(); ++i) {
        p.Bind(1, cid).Bind(2, static_cast<int64_t>(i)).Bind(3, x.phones[i]);
        if (s = p.Run(); !s.ok()) return s;
      }
    }
  }
  {
    Stmt q(db_, "INSERT INTO citations (doc_id, title, doc_number, char_start, char_end, page) VALUES (?,?,?,?,?,?)");
    for (const Reference& x : doc.references) {
      q.Bind(1, id).BindText(2, x.title).BindText(3, x.doc_number);
      q.Bind(4, cs(x.span)).Bind(5, ce(x.span)).Bind(6, page(x.span));
      if (s = q.Run(); !s.ok()) return s;
    }
  }
  {
    Stmt q(db_, "INSERT INTO urls (doc_id, url, char_start, char_end, page) VALUES (?,?,?,?,?)");
    for (const Url& x : doc.urls) {
      q.Bind(1, id).Bind(2, x.url).Bind(3, cs(x.span)).Bind(4, ce(x.span)).Bind(5, page(x.span));
      if (s = q.Run(); !s.ok()) return s;
    }
  }
  {
    Stmt q(db_, "INSERT INTO indicators (doc_id, code, kind, subject, op, value, value_max, tolerance, unit, "
                "si_unit, si_value, si_value_max, condition, qualifier, text, sentence, char_start, char_end, "
                "page) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    for (const Quantity& x : doc.quantities) {
      q.Bind(1, id).BindText(2, x.code).Bind(3, x.kind).BindText(4, x.subject).Bind(5, x.op).Bind(6, x.value);
      q.Bind(7, x.value_max).BindText(8, x.tolerance).BindText(9, x.unit).BindText(10, x.si_unit);
      q.Bind(11, x.si).Bind(12, x.si_max).BindText(13, x.condition).BindText(14, x.qualifier);
      q.Bind(15, x.text).Bind(16, doc.Slice(x.sentence)).Bind(17, cs(x.span)).Bind(18, ce(x.span)).Bind(19, page(x.span));
      if (s = q.Run(); !s.ok()) return s;
    }
  }
  if (s = WriteBoxes(db_, doc, id); !s.ok()) return s;  // box columns, for PDF and OCR pages
  if (s = WriteProgrammes(db_, doc, id); !s.ok()) return s;  // programme, parts, re-issues
  if (s = WriteForm(db_, doc, id); !s.ok()) return s;  // a filled form: fields, rows, findings
  return Status::Ok();
}

}  // namespace gongwen
