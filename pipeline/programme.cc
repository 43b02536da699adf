#include "pipeline/programme.h"

#include "pipeline/normalize.h"

#include <memory>
#include <vector>

#include "extractors/rules.h"
#include "pipeline/embedded.h"
#include "pipeline/regex.h"
#include "pipeline/store.h"

namespace gongwen {
namespace {

struct Row {
  std::string kind, name, of;
  const RE2* re = nullptr;
};

// schemas/programmes.tsv, compiled once.
const std::vector<Row>& Rows() {
  static const std::vector<Row>& rows = *[] {
    auto* out = new std::vector<Row>;
    for (const auto& fields : EmbeddedTsv("programmes.tsv")) {
      std::vector<std::string> cols(fields.begin(), fields.end());
      if (cols.size() != 4) continue;
      Row r{cols[0], cols[1], cols[2], nullptr};
      r.re = &CompileOrDie("programmes.tsv: " + cols[1], cols[3]);
      out->push_back(std::move(r));
    }
    return out;
  }();
  return rows;
}


const RE2& RangeRe() {
  static const RE2& re = CompileOrDie(
      "year range", R"((?:^|[^\d])((?:19|20)\d\d)\s*(?:-|—|–|~|～|至|到)+\s*((?:19|20)\d\d)\s*年)");
  return re;
}

bool IsGuideline(std::string_view title) {
  std::string t = RemoveSpaces(title);
  for (const Row& r : Rows())
    if (r.kind == "guideline" && RE2::PartialMatch(t, *r.re)) return true;
  return false;
}

// A rule stated twice in one part (a 承诺书 quoting the guideline) is kept once.
bool Restates(const Rule& k, const Rule& r) {
  if (k.kind != r.kind || k.op != r.op || k.value != r.value || k.value2 != r.value2 || k.unit != r.unit)
    return false;
  if (!r.category.empty() && r.category != k.category) return false;
  size_t n = 0, chars = 0;
  const std::string &a = k.subject, &b = r.subject;
  while (n < a.size() && n < b.size() && a[a.size() - 1 - n] == b[b.size() - 1 - n]) {
    if ((static_cast<unsigned char>(a[a.size() - 1 - n]) & 0xC0) != 0x80) ++chars;
    ++n;
  }
  return chars >= 4;
}

}  // namespace

std::optional<int> TitleYear(std::string_view title) {
  std::string t = RemoveSpaces(title);
  RE2::GlobalReplace(&t, RangeRe(), "");  // a range is a period, not a year
  static const RE2& nian_du = CompileOrDie("title 年度", R"((?:^|[^\d])((?:19|20)\d\d)年度)");
  static const RE2& nian = CompileOrDie("title 年", R"((?:^|[^\d])((?:19|20)\d\d)年(?:[^\d月]|$))");
  int y = 0;
  if (RE2::PartialMatch(t, nian_du, &y) || RE2::PartialMatch(t, nian, &y)) return y;
  return std::nullopt;
}

std::optional<std::pair<int, int>> TitlePeriod(std::string_view title) {
  std::string t = RemoveSpaces(title);
  int a = 0, b = 0;
  if (RE2::PartialMatch(t, RangeRe(), &a, &b) && a <= b) return std::pair{a, b};
  for (const Row& r : Rows()) {
    if (r.kind != "period" || !RE2::PartialMatch(t, *r.re)) continue;
    if (std::sscanf(r.of.c_str(), "%d-%d", &a, &b) == 2) return std::pair{a, b};
  }
  return std::nullopt;
}

ProgrammeName ProgrammeOf(std::string_view title) {
  std::string t = RemoveSpaces(title);
  ProgrammeName n;
  for (const Row& r : Rows())
    if (r.kind == "programme" && RE2::PartialMatch(t, *r.re)) {
      n.programme = r.name;
      break;
    }
  for (const Row& r : Rows()) {
    if (r.kind != "part" || !RE2::PartialMatch(t, *r.re)) continue;
    if (!n.programme.empty() && n.programme != r.of) continue;
    n.programme = r.of;
    n.part = r.name;
    break;
  }
  return n;
}

void FindProgrammes(Document* doc) {
  ProgrammeName n = ProgrammeOf(doc->title);
  if (n.programme.empty()) n = ProgrammeOf(doc->forwarded_title);
  if (n.programme.empty()) {
    for (const Attachment& a : doc->attachments) {
      ProgrammeName an = ProgrammeOf(a.title);
      if (!an.programme.empty()) {
        n.programme = an.programme;  // the part, if any, is the attachment's
        break;
      }
    }
  }
  doc->programme = n.programme;
  doc->programme_part = n.part;

  auto period = TitlePeriod(doc->title);
  if (!period) period = TitlePeriod(doc->forwarded_title);
  if (period) std::tie(doc->period_start, doc->period_end) = *period;
  if (auto y = TitleYear(doc->title); y) {
    doc->year = *y, doc->year_source = "title";
  } else if (auto fy = TitleYear(doc->forwarded_title); fy) {
    doc->year = *fy, doc->year_source = "title";
  } else if (period) {
    doc->year = period->first, doc->year_source = "period";
  } else if (doc->date) {
    doc->year = doc->date->year, doc->year_source = "date";
  }

  doc->parts.clear();
  if (!doc->programme.empty())
    doc->parts.push_back({0, doc->programme, doc->programme_part, doc->year,
                          doc->title.empty() ? doc->file_name : doc->title, Span{0, doc->text.size()}, {}});
  std::vector<Rule> all_rules;  // every statement of every rule, for attachment parts
  bool extracted = false;
  for (const Attachment& a : doc->attachments) {
    if (a.span.empty() || !IsGuideline(a.title)) continue;
    ProgrammeName an = ProgrammeOf(a.title);
    if (an.programme.empty()) continue;
    ProgrammePart p;
    p.attachment = a.n;
    p.programme = an.programme;
    p.part = an.part;
    p.year = TitleYear(a.title).value_or(doc->year);
    p.title = a.title;
    p.span = a.span;
    if (!extracted) {
      Document scratch;
      scratch.text = doc->text;
      scratch.sections = doc->sections;
      ExtractRules(&scratch);
      all_rules = std::move(scratch.rules);
      extracted = true;
    }
    for (const Rule& r : all_rules) {
      if (r.span.begin < p.span.begin || r.span.end > p.span.end) continue;
      bool restated = false;
      for (const Rule& k : p.rules) restated |= Restates(k, r);
      if (!restated) p.rules.push_back(r);
    }
    doc->parts.push_back(std::move(p));
  }
}

Status WriteProgrammes(Db& db, const Document& doc, int64_t id) {
  const CharIndex chars(doc.text);
  auto page = [&](Span sp) -> std::optional<int64_t> {
    int p = doc.PageAt(sp.begin);
    if (p == 0) return std::nullopt;
    return p;
  };
  Status s;
  {
    Stmt q(db, "UPDATE documents SET programme = ?, programme_part = ?, year_source = ?, period_start = ?, "
               "period_end = ? WHERE id = ?");
    q.BindText(1, doc.programme).BindText(2, doc.programme_part).BindText(3, doc.year_source);
    if (doc.period_start) q.Bind(4, doc.period_start).Bind(5, doc.period_end); else q.BindNull(4).BindNull(5);
    q.Bind(6, id);
    if (s = q.Run(); !s.ok()) return s;
  }
  {
    Stmt q(db, "INSERT INTO programme_parts (doc_id, attachment, programme, part, year, title, char_start, "
               "char_end, page) VALUES (?,?,?,?,?,?,?,?,?)");
    Stmt r(db, "INSERT INTO part_rules (part_id, kind, subject, category, op, value, value2, unit, qualifier, "
               "text, char_start, char_end, page) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
    for (const ProgrammePart& p : doc.parts) {
      q.Bind(1, id).Bind(2, p.attachment).Bind(3, p.programme).BindText(4, p.part);
      if (p.year) q.Bind(5, p.year); else q.BindNull(5);
      q.Bind(6, p.title).Bind(7, static_cast<int64_t>(chars(p.span.begin)));
      q.Bind(8, static_cast<int64_t>(chars(p.span.end))).Bind(9, page(p.span));
      if (s = q.Run(); !s.ok()) return s;
      const int64_t part_id = db.LastInsertId();
      for (const Rule& x : p.rules) {
        r.Bind(1, part_id).Bind(2, x.kind).BindText(3, x.subject).BindText(4, x.category).Bind(5, x.op);
        r.Bind(6, x.value).Bind(7, x.value2).BindText(8, x.unit).BindText(9, x.qualifier).Bind(10, x.text);
        r.Bind(11, static_cast<int64_t>(chars(x.span.begin))).Bind(12, static_cast<int64_t>(chars(x.span.end)));
        r.Bind(13, page(x.span));
        if (s = r.Run(); !s.ok()) return s;
      }
    }
  }
  // A re-issued notice keeps its 文号: the latest earlier document with the same
  // number is the one it replaces; a later one already stored replaces this.
  const std::string date = doc.date ? doc.date->Iso() : "";
  if (doc.doc_number) {
    Stmt q(db, "SELECT id, coalesce(date, '') FROM documents WHERE doc_number = ? AND id != ? "
               "ORDER BY coalesce(date, ''), id");
    q.Bind(1, doc.doc_number->text).Bind(2, id);
    int64_t earlier = 0;
    std::vector<int64_t> later;
    while (q.Step()) {
      if (q.Text(1) <= date) earlier = q.Int(0);
      else later.push_back(q.Int(0));
    }
    if (!q.status().ok()) return q.status();
    if (earlier) {
      Stmt u(db, "UPDATE documents SET replaces = ? WHERE id = ?");
      u.Bind(1, earlier).Bind(2, id);
      if (s = u.Run(); !s.ok()) return s;
    }
    if (!later.empty()) {
      Stmt u(db, "UPDATE documents SET replaces = ? WHERE id = ? AND replaces IS NULL");
      u.Bind(1, id).Bind(2, later.front());
      if (s = u.Run(); !s.ok()) return s;
    }
    if (earlier || !later.empty()) return Status::Ok();
  }
  // 更正: the corrected document is one it cites (by 文号 or 《title》), or one
  // whose title it repeats.
  // (The title as the structure stage cut it may stop short of 更正: look at the head too.)
  const std::string head = RemoveSpaces(std::string_view(doc.text).substr(0, 300));
  if (RemoveSpaces(doc.title).find("更正") == std::string::npos && head.find("更正通知") == std::string::npos &&
      head.find("关于更正") == std::string::npos)
    return Status::Ok();
  Stmt q(db, "SELECT id FROM documents WHERE id != ?1 AND ("
             " (?2 != '' AND doc_number = ?2) OR (?3 != '' AND (title = ?3 OR forwarded_title = ?3))) "
             "ORDER BY coalesce(date, '') DESC, id DESC LIMIT 1");
  int64_t target = 0;
  for (const Reference& r : doc.references) {
    q.Reset();
    q.Bind(1, id).Bind(2, r.doc_number).Bind(3, r.title);
    if (q.Step()) {
      target = q.Int(0);
      break;
    }
    if (!q.status().ok()) return q.status();
  }
  if (!target) {
    Stmt t(db, "SELECT id, coalesce(forwarded_title, ''), coalesce(title, '') FROM documents WHERE id != ? "
               "ORDER BY coalesce(date, '') DESC, id DESC");
    t.Bind(1, id);
    const std::string mine = RemoveSpaces(doc.title);
    while (!target && t.Step()) {
      for (int col : {1, 2}) {
        std::string other = RemoveSpaces(t.Text(col));
        // "关于X的通知" corrected by "关于X的更正通知" / "关于更正X的通知": compare the X.
        for (std::string_view cut : {"关于", "的通知", "的公告"}) {
          if (other.starts_with(cut)) other.erase(0, cut.size());
          if (other.ends_with(cut)) other.resize(other.size() - cut.size());
        }
        if (other.size() >= 12 && mine.find(other) != std::string::npos) target = t.Int(0);
      }
    }
    if (!t.status().ok()) return t.status();
  }
  if (target) {
    Stmt u(db, "UPDATE documents SET replaces = ? WHERE id = ?");
    u.Bind(1, target).Bind(2, id);
    return u.Run();
  }
  return Status::Ok();
}

}  // namespace gongwen
