#include "extractors/guide_items.h"

#include <algorithm>

#include <fmt/format.h>

#include "pipeline/regex.h"
#include "pipeline/structure.h"

namespace gongwen {
namespace {

const RE2& ItemLineRe() {
  static const RE2& re = CompileOrDie("guide item line", R"(^(\d{4}|\d{6})\s+(\S.*)$)");
  return re;
}
// A code with no space before its title (OCR can lose it: `3103大尺寸…`).
// A speck before the code read as a mark (`-3103 大尺寸…`, `:2202高端软件…`,
// `”3201 高端芯片…` on fresh scans of the 2023 guide).
const RE2& MarkedItemLineRe() {
  static const RE2& re =
      CompileOrDie("guide item line after a stray mark", R"(^[\p{P}\p{S}]\s*(\d{4}|\d{6})\s*(\p{Han}.*)$)");
  return re;
}
const RE2& GluedItemLineRe() {
  static const RE2& re = CompileOrDie("guide item line, glued", R"(^(\d{4}|\d{6})(\p{Han}.*)$)");
  return re;
}
const RE2& LabelRe() {
  static const RE2& re = CompileOrDie(
      "guide item label", R"(^(主要研究内容|研究内容|项目实施目标|实施目标|考核指标|预期目标)\s*[：:]\s*(.*)$)");
  return re;
}
const RE2& CategoryRe() {
  static const RE2& re = CompileOrDie("category in heading", R"(^(.*?)\s*[（(]\s*([A-Z])\s*类\s*[）)])");
  return re;
}

// Joins the lines of a span into one string (page breaks and newlines dropped).
std::string Flatten(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != '\n' && c != '\f') out.push_back(c);
  return out;
}

std::string Trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\f')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\f')) s.remove_suffix(1);
  return std::string(s);
}

// The innermost section whose heading precedes pos and whose span contains it.
int SectionAt(const Document& doc, size_t pos) {
  int best = -1;
  for (const Section& s : doc.sections)
    if (s.heading_span.begin <= pos && pos < std::max(s.span.end, s.heading_span.end) &&
        (best < 0 || s.level >= doc.sections[best].level))
      best = s.id;
  return best;
}

long Group(const std::string& code) { return std::stol(code) / 100; }

}  // namespace

void ExtractGuideItems(Document* doc) {
  std::vector<TextLine> lines = SplitLines(doc->text);
  struct Hit { size_t line; std::string code, rest; bool glued; };
  std::vector<Hit> hits;
  for (size_t k = 0; k < lines.size(); ++k) {
    std::string code, rest;
    std::string_view t = lines[k].text;
    if (t.find('\t') != std::string_view::npos) continue;
    bool glued = false;
    if (!RE2::FullMatch(t, ItemLineRe(), &code, &rest)) {
      if (!RE2::FullMatch(t, GluedItemLineRe(), &code, &rest) && !RE2::FullMatch(t, MarkedItemLineRe(), &code, &rest))
        continue;
      glued = true;  // taken only where its neighbours count to it
    }
    if (rest.starts_with("年") || rest.starts_with("项")) continue;  // "2023 年度…", a count
    // A row of a table is no item; a line that structure took for a table's
    // caption can be (an item line above a stray tabbed line of a scan).
    bool in_table = false;
    for (const Table& tb : doc->tables)
      for (const Span& row : tb.row_spans)
        if (lines[k].span.begin >= row.begin && lines[k].span.end <= row.end) in_table = true;
    if (in_table) continue;
    hits.push_back({k, code, rest, glued});
  }
  // A glued code, or one after a stray mark, is an item only where the
  // codes around it count up to it or on from it (3102, 3103大尺寸…, 3104;
  // 3102, -3103 大尺寸…, 3104): a line that merely starts with four digits
  // and Han (1000万元…, 2023年…, —2023年 of a range cut at a line end) has
  // no such neighbour.
  auto follows = [](const Hit& a, const Hit& b) {
    return a.code.size() == b.code.size() && std::stol(a.code) + 1 == std::stol(b.code);
  };
  std::vector<Hit> kept;
  for (size_t h = 0; h < hits.size(); ++h) {
    const Hit& hit = hits[h];
    if (!hit.glued || (h > 0 && !hits[h - 1].glued && follows(hits[h - 1], hit)) ||
        (h + 1 < hits.size() && !hits[h + 1].glued && follows(hit, hits[h + 1])))
      kept.push_back(hit);
  }
  hits = std::move(kept);
  // Heading starts bound an item's text.
  std::vector<size_t> heading_starts;
  for (const Section& s : doc->sections) heading_starts.push_back(s.heading_span.begin);
  std::sort(heading_starts.begin(), heading_starts.end());

  for (size_t h = 0; h < hits.size(); ++h) {
    const Hit& hit = hits[h];
    GuideItem item;
    item.code = hit.code;
    size_t begin = lines[hit.line].span.begin;
    size_t end = h + 1 < hits.size() ? lines[hits[h + 1].line].span.begin : doc->text.size();
    auto hs = std::upper_bound(heading_starts.begin(), heading_starts.end(), begin);
    bool heading_between = hs != heading_starts.end() && *hs < end;
    if (heading_between) end = *hs;
    int sec = SectionAt(*doc, begin);
    if (sec >= 0) {
      const Section& s = doc->sections[sec];
      end = std::min(end, std::max(s.span.end, s.heading_span.end));
      for (const Attachment& a : doc->attachments)
        if (a.n == s.attachment && !a.span.empty()) end = std::min(end, a.span.end);
    }
    // Context from the headings above.
    for (int p = sec; p >= 0; p = doc->sections[p].parent) {
      const Section& s = doc->sections[p];
      if (s.level == 0) break;
      std::string name, cat;
      if (item.category.empty() && RE2::PartialMatch(s.heading, CategoryRe(), &name, &cat)) {
        item.category = cat;
        item.category_name = name;
      } else if (item.topic.empty() && s.heading.find("专题") != std::string::npos) {
        item.topic = s.heading;
      } else if (item.domain.empty() && item.category.empty() && s.level >= 2) {
        item.domain = s.heading;
      }
    }
    // Truncation: the next code jumps to another group with no heading between.
    if (h + 1 < hits.size() && !heading_between && Group(hits[h + 1].code) != Group(hit.code) &&
        hits[h + 1].code.size() == hit.code.size()) {
      item.truncated = true;
      size_t cut = end;
      for (size_t p : doc->probable_page_starts)
        if (p > begin + hit.code.size() + 1 && p < end) cut = p;
      doc->warnings.push_back(fmt::format(
          "text between guide items {} and {} appears to be missing (a page?); {} is marked "
          "truncated{}",
          hit.code, hits[h + 1].code, hit.code,
          cut < end ? fmt::format(" and the {} bytes after its last page break are left out",
                                  end - cut)
                    : ""));
      end = cut;
    }
    while (end > begin && (doc->text[end - 1] == '\n' || doc->text[end - 1] == '\f')) --end;
    item.span = {begin, end};

    // Title, research, targets, description.
    // The item's first line after its code, up to the item's end (a cut at a
    // missing page can fall inside it).
    const size_t line_end = lines[hit.line].span.end;
    const size_t rest_begin = line_end - hit.rest.size();
    std::string_view first = doc->Slice({rest_begin, std::max(rest_begin, std::min(end, line_end))});
    size_t next_line = hit.line + 1;
    bool labelled = false;
    for (size_t k = next_line; k < lines.size() && lines[k].span.begin < end; ++k)
      if (RE2::PartialMatch(lines[k].text, LabelRe())) labelled = true;
    if (labelled) {
      item.title = TightenCjkSpaces(first);
      std::string* field = nullptr;
      for (size_t k = next_line; k < lines.size() && lines[k].span.begin < end; ++k) {
        std::string_view t = lines[k].text;
        if (lines[k].span.end > end) t = t.substr(0, end - lines[k].span.begin);
        std::string label, rest;
        if (RE2::FullMatch(t, LabelRe(), &label, &rest)) {
          field = (label.find("研究内容") != std::string::npos) ? &item.research : &item.targets;
          if (!field->empty()) field->append("\n");
          field->append(rest);
        } else if (field != nullptr) {
          field->append("\n");
          field->append(t);
        }
      }
    } else {
      size_t colon = first.find("：");
      std::string_view desc_first = first;
      if (colon != std::string_view::npos && colon <= 3 * 30) {
        item.title = TightenCjkSpaces(first.substr(0, colon));
        desc_first = first.substr(colon + std::string_view("：").size());
      }
      std::string desc(desc_first);
      if (end > line_end) desc += doc->Slice({line_end, end});
      item.description = Trimmed(desc);
    }
    item.research = Trimmed(Flatten(item.research));
    item.targets = Trimmed(Flatten(item.targets));
    item.description = Trimmed(Flatten(item.description));
    doc->guide_items.push_back(std::move(item));
  }
}

}  // namespace gongwen
