#include "extractors/rules.h"

#include <algorithm>
#include <map>

#include "extractors/cn_number.h"
#include "extractors/dates.h"
#include "pipeline/embedded.h"
#include "pipeline/normalize.h"
#include "pipeline/regex.h"
#include "pipeline/structure.h"

namespace gongwen {
namespace {

// --- patterns, one per rule kind ---------------------------------------------
const RE2& CapRe() {
  static const RE2& re = CompileOrDie(
      "funding cap",
      R"(^(.*?(?:资助|经费|支持|资金|补助|奖励|拨款)[^，。；]*?)\s*(原则上)?\s*(?:最高)?(不超过|不高于|最高|最多|上限为)\s*(\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)\s*(万元|亿元|元))");
  return re;
}
// "给予不超过6000万元的资助经费": the amount before the funding word.
const RE2& CapBeforeRe() {
  static const RE2& re = CompileOrDie(
      "funding cap, amount first",
      R"(^(.*?)\s*(原则上)?\s*(?:给予|予以)?\s*(?:最高)?(不超过|不高于|最高|最多)\s*(\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)\s*(万元|亿元|元)的?[^，。；]{0,9}?(?:资助|经费|支持|补助|奖励))");
  return re;
}

const RE2& RatioRe() {
  static const RE2& re = CompileOrDie(
      "co-funding ratio", R"(^(.*?)按\s*(不低于|不少于|不高于)?\s*(\d+)\s*[:：]\s*(\d+)\s*(?:的)?比例)");
  return re;
}
const RE2& ShareRe() {
  static const RE2& re = CompileOrDie(
      "share of investment",
      R"(^(.*?)(不超过|不高于|不低于|不少于)\s*([^，。；]{0,24}?(?:投入|投资|总额|经费|费用))的\s*(\d+\s*/\s*\d+|[一二三四五六七八九十]分之[一二三四五六七八九十]|\d+(?:\.\d+)?%))");
  return re;
}
const RE2& PeriodRe() {
  static const RE2& re = CompileOrDie(
      "implementation period",
      R"(^(.*?实施(?:期限|周期|期))\s*(?:一般|原则上)?\s*(?:为|不超过|不超)\s*(\d+(?:\.\d+)?|[一二两三四五六七八九十]+)\s*(年|个月))");
  return re;
}
const RE2& LimitRe() {
  static const RE2& re = CompileOrDie(
      "per-applicant limit",
      R"(^(.*?(?:同一|每个|每家|每位)[^，。；]{1,16}?)\s*(原则上)?\s*(?:限报|限推荐|限申报|最多可再参与申报|最多可申报|申报项目总数不超过|不超过)\s*(\d+|[一二两三四五六七八九十]+)\s*(个|项|家|人))");
  return re;
}
// "征集不少于12个拟申报的集群试点项目", "择优推荐不超过8个…的集群试点项目":
// how many projects are collected, recommended or supported.
const RE2& CountRe() {
  static const RE2& re = CompileOrDie(
      "project count",
      R"(^(?:.*?)(征集|推荐|遴选|支持|立项)\s*(不少于|不超过|最多|至少)?\s*(\d+|[一二两三四五六七八九十]+)\s*(个|项)([^，。；]*项目)\s*$)");
  return re;
}
const RE2& CategoryMentionRe() {
  static const RE2& re = CompileOrDie("category mention", R"(([A-Z])类)");
  return re;
}
const RE2& DeadlineCueRe() {
  static const RE2& re = CompileOrDie("deadline cue", R"(截止|止时间|止日期|之前|以前|为止|前报|前提交|前报送|前将|前完成|前)");
  return re;
}

const RE2& DeadlineMisreadCueRe() {
  static const RE2& re = CompileOrDie("deadline cue, 截 misread", R"([^起终]止(?:时间|日期))");
  return re;
}

// Splits a paragraph into clauses at ，；。 keeping byte offsets.
std::vector<Span> Clauses(std::string_view text, Span line) {
  std::vector<Span> out;
  size_t start = line.begin;
  for (size_t i = line.begin; i <= line.end;) {
    if (i == line.end) {
      if (i > start) out.push_back({start, i});
      break;
    }
    std::string_view rest = text.substr(i, line.end - i);
    size_t len = 0;
    for (std::string_view p : {"，", "；", "。", ",", ";"})
      if (rest.starts_with(p)) len = p.size();
    if (len) {
      if (i > start) out.push_back({start, i});
      i += len;
      start = i;
    } else {
      ++i;
    }
  }
  return out;
}

double Num(const std::string& s) {
  auto v = ParseNumber(s);
  return v ? *v : 0;
}

// Category: the last `X类` before pos in the paragraph, else from the headings.
std::string CategoryAt(const Document& doc, Span para, size_t pos) {
  std::string_view before = doc.Slice({para.begin, pos});
  std::string cat, last;
  re2::StringPiece in(before.data(), before.size());
  while (RE2::FindAndConsume(&in, CategoryMentionRe(), &cat)) last = cat;
  if (!last.empty()) return last;
  int best = -1;
  for (const Section& s : doc.sections)
    if (s.heading_span.begin <= pos && pos < s.span.end && (best < 0 || s.level >= doc.sections[best].level))
      best = s.id;
  static const RE2& heading_category = CompileOrDie("category heading", R"([（(]([A-Z])类[）)])");
  for (int p = best; p >= 0; p = doc.sections[p].parent) {
    std::string c;
    if (RE2::PartialMatch(doc.sections[p].heading, heading_category, &c)) return c;
    if (doc.sections[p].level == 0) break;
  }
  return "";
}

// A subject without its list marker ("5．") or a trailing verb (予以, 须).
std::string Clean(std::string_view s) {
  static const RE2& marker = CompileOrDie("subject list marker", R"(^(?:\d{1,2}[．.、]|[（(][一二三四五六七八九十\d]{1,3}[）)])\s*)");
  static const RE2& tail = CompileOrDie("subject tail", R"((?:予以|给予|须|应|均)$)");
  std::string out = TightenCjkSpaces(s);
  RE2::Replace(&out, marker, "");
  RE2::Replace(&out, tail, "");
  return out;
}

}  // namespace

void ExtractRules(Document* doc) {
  for (const TextLine& line : SplitLines(doc->text)) {
    if (line.text.find('\t') != std::string_view::npos) continue;
    for (Span c : Clauses(doc->text, line.span)) {
      std::string_view t = doc->Slice(c);
      std::string subject, qual, op, num, unit, cmp, a, b, what, share;
      Rule r;
      if (RE2::PartialMatch(t, CapRe(), &subject, &qual, &op, &num, &unit) ||
          RE2::PartialMatch(t, CapBeforeRe(), &subject, &qual, &op, &num, &unit)) {
        r.kind = "funding_cap";
        r.subject = Clean(subject);
        r.qualifier = qual;
        r.op = "<=";
        r.value = Num(num);
        r.unit = unit;
      } else if (RE2::PartialMatch(t, RatioRe(), &subject, &cmp, &a, &b)) {
        r.kind = "ratio";
        r.subject = Clean(subject);
        r.op = cmp.empty() ? "=" : (cmp == "不高于" ? "<=" : ">=");
        r.value = Num(a);
        r.value2 = Num(b);
      } else if (RE2::PartialMatch(t, ShareRe(), &subject, &cmp, &what, &share)) {
        r.kind = "share";
        r.subject = Clean(subject + what);
        r.op = (cmp == "不低于" || cmp == "不少于") ? ">=" : "<=";
        std::string f = share;
        f.erase(std::remove(f.begin(), f.end(), ' '), f.end());
        if (f.ends_with("%")) {
          r.value = Num(f.substr(0, f.size() - 1)) / 100.0;
        } else if (auto v = ParseFraction(f)) {
          r.value = *v;
        }
      } else if (RE2::PartialMatch(t, PeriodRe(), &subject, &num, &unit)) {
        r.kind = "period";
        r.subject = Clean(subject);
        r.op = "=";
        r.value = Num(num);
        r.unit = unit;
      } else if (RE2::PartialMatch(t, LimitRe(), &subject, &qual, &num, &unit)) {
        r.kind = "limit";
        r.subject = Clean(subject);
        r.qualifier = qual;
        r.op = "<=";
        r.value = Num(num);
        r.unit = unit;
      } else if (RE2::PartialMatch(t, CountRe(), &what, &cmp, &num, &unit, &subject)) {
        // The subject is the verb and what is counted: 征集集群试点项目.
        size_t de = subject.rfind("的");
        if (de != std::string::npos) subject.erase(0, de + std::string_view("的").size());
        r.kind = "count";
        r.subject = what + TightenCjkSpaces(subject);
        r.op = cmp.empty() ? "=" : (cmp == "不少于" || cmp == "至少") ? ">=" : "<=";
        r.value = Num(num);
        r.unit = unit;
      } else {
        continue;
      }
      r.text = std::string(t);
      r.span = c;
      r.category = CategoryAt(*doc, line.span, c.begin);
      doc->rules.push_back(std::move(r));
    }
  }
}

namespace {

// The rows of schemas/regions.tsv: names as code points, and levels.
struct Region {
  std::u32string name;
  std::string level;
};

const std::vector<Region>& Regions() {
  static const std::vector<Region> regions = [] {
    std::vector<Region> out;
    for (const auto& row : EmbeddedTsv("regions.tsv")) {
      if (row.size() < 2 || row[0].empty()) continue;
      Region r;
      r.name = ToU32(row[0]);
      r.level = std::string(row[1]);
      out.push_back(std::move(r));
    }
    return out;
  }();
  return regions;
}

// OCR misreads a character of a region's name (常熟市 as 第熟市, 稍熟市;
// 宿迁市 as 往迁市). In a table of OCR'd rows most of whose regions are
// names of schemas/regions.tsv, a region that is none is snapped to the
// name one character off it that no other row of the table holds; of
// several such names (凶州市: 常州市, 邳州市), to the one of the level most
// of the table's known regions have (the quota table of the 2023 guide: 13
// prefecture-level cities, 5 county-level); still several, or none: it
// stays as read. The row's span still points at the text as read.
void SnapRegions(const Document& doc, std::vector<Quota>* quotas, size_t first) {
  const auto& all = Regions();
  auto find = [&](const std::u32string& r) {
    return std::find_if(all.begin(), all.end(), [&](const Region& g) { return g.name == r; });
  };
  auto from_ocr = [&](const Span& sp) {
    const int n = doc.PageAt(sp.begin);  // pages are numbered by position
    return n > 0 && doc.pages[n - 1].source == TextSource::kOcr;
  };
  std::vector<std::u32string> regions;
  std::map<std::string, int> levels;  // of the table's known regions
  size_t exact = 0;
  for (size_t i = first; i < quotas->size(); ++i) {
    regions.push_back(ToU32((*quotas)[i].region));
    auto g = find(regions.back());
    if (g != all.end()) ++exact, ++levels[g->level];
  }
  if (regions.empty() || 2 * exact < regions.size()) return;
  std::string level;
  for (const auto& [l, n] : levels)
    if (level.empty() || n > levels[level]) level = l;
  for (size_t i = first; i < quotas->size(); ++i) {
    const std::u32string& r = regions[i - first];
    if (find(r) != all.end() || r.size() < 2 || !from_ocr((*quotas)[i].span)) continue;
    std::vector<const Region*> near;
    for (const Region& g : all) {
      if (g.name.size() != r.size()) continue;
      size_t diff = 0;
      for (size_t c = 0; c < r.size(); ++c) diff += g.name[c] != r[c];
      if (diff == 1 && std::find(regions.begin(), regions.end(), g.name) == regions.end()) near.push_back(&g);
    }
    if (near.size() > 1) std::erase_if(near, [&](const Region* g) { return g->level != level; });
    if (near.size() == 1) (*quotas)[i].region = FromU32(near[0]->name);
  }
}

}  // namespace

void ExtractQuotas(Document* doc) {
  for (const Table& t : doc->tables) {
    if (t.rows.empty()) continue;
    const auto& header = t.rows.front();
    int region_col = -1, count_col = -1;
    for (size_t c = 0; c < header.size(); ++c) {
      const std::string& h = header[c];
      if (region_col < 0 && (h.find("地区") != std::string::npos || h.find("地市") != std::string::npos ||
                             h.find("设区市") != std::string::npos || h == "单位"))
        region_col = static_cast<int>(c);
      if (count_col < 0 && (h.find("推荐数") != std::string::npos || h.find("名额") != std::string::npos ||
                            h.find("限额") != std::string::npos || h.find("推荐数量") != std::string::npos ||
                            h.find("限报") != std::string::npos))
        count_col = static_cast<int>(c);
    }
    if (region_col < 0 || count_col < 0) continue;
    const size_t first = doc->quotas.size();
    for (size_t r = 1; r < t.rows.size(); ++r) {
      const auto& row = t.rows[r];
      if (static_cast<int>(row.size()) <= std::max(region_col, count_col)) continue;
      const std::string& cell = row[count_col];
      auto m = MatchNumberAt(cell, 0);
      if (!m) continue;
      Quota q;
      q.region = row[region_col];
      q.max = static_cast<int>(m->value);
      q.unit = cell.substr(m->length);
      q.span = t.row_spans[r];
      doc->quotas.push_back(std::move(q));
    }
    SnapRegions(*doc, &doc->quotas, first);
  }
}

void ExtractDeadlines(Document* doc) {
  static const RE2& list_marker = CompileOrDie("list marker", R"(^(?:\d{1,2}[．.、]|[（(]\d{1,2}[）)])\s*)");
  for (const TextLine& line : SplitLines(doc->text)) {
    std::vector<Span> clauses = Clauses(doc->text, line.span);
    for (size_t ci = 0; ci < clauses.size(); ++ci) {
      Span c = clauses[ci];
      std::string_view t = doc->Slice(c);
      if (!RE2::PartialMatch(t, DeadlineCueRe())) continue;
      for (const DateMatch& d : FindDates(t)) {
        if (d.value.day == 0) continue;
        std::string_view after = t.substr(d.span.end);
        std::string_view before = t.substr(0, d.span.begin);
        bool cue_after = after.starts_with("前") || after.starts_with("之前") ||
                         after.starts_with("以前") || after.starts_with("为止");
        // 截止, or its 截 misread by OCR (殴止时间): another character before
        // 止时间/止日期 is 截 unless it is 起 or 终 (起止时间 is a range).
        bool cue_before = before.find("截止") != std::string_view::npos ||
                          RE2::PartialMatch(before, DeadlineMisreadCueRe());
        if (!cue_after && !cue_before) continue;
        Deadline dl;
        dl.at = d.value;
        std::string what(before);
        for (std::string_view cut : {"时间为", "时间是", "日期为", "为", "于", "在"})
          if (what.ends_with(cut)) {
            what.resize(what.size() - cut.size());
            break;
          }
        // "…，于2021年4月7日前，报送至…": the action is the next clause.
        if (what.empty() && ci + 1 < clauses.size()) what = std::string(doc->Slice(clauses[ci + 1]));
        RE2::Replace(&what, list_marker, "");
        dl.what = TightenCjkSpaces(what);
        dl.span = {c.begin + d.span.begin, c.begin + d.span.end};
        doc->deadlines.push_back(std::move(dl));
      }
    }
  }
}

}  // namespace gongwen
