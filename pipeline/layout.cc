#include "pipeline/layout.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include "pipeline/normalize.h"
#include "pipeline/regex.h"

namespace gongwen {
namespace {

// One input line after folding: its text, and for every byte of it the
// original byte range it came from.
struct Line {
  std::string text;
  std::vector<std::pair<uint32_t, uint32_t>> src;  // per output code point: (orig begin, orig len)
  std::vector<uint32_t> cp_start;                  // byte offset in text of each code point
  size_t orig_begin = 0, orig_end = 0;
  bool single_leading_space = false;
  bool has_tab = false;
  int width = 0;
};

const RE2& PageNumberRe() {
  static const RE2& re = CompileOrDie("page number", R"(^\s*(?:[—－\-–一]{1,2}|第)\s*(\d{1,4})\s*(?:[—－\-–一]{1,2}|页)\s*$)");
  return re;
}

// Lines that start a new block and are never joined to the line above.
const RE2& BlockStartRe() {
  static const RE2& re = CompileOrDie("block start",
      R"(^(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）|\([一二三四五六七八九十]{1,3}\))"
      R"(|\d{1,2}[．.、](?:[^\d]|$)|（\d{1,2}）|\(\d{1,2}\)|附件|附\s*\d|第[一二三四五六七八九十\d]+[章节条部])"
      R"(|表\s*\d|抄送|印发|联系|主要研究内容|项目实施目标|考核指标|研究内容|实施目标|\d{4}(?:\d\d)?\s|[A-Z]类|（此))");
  return re;
}

// Lines that end a block: a title (…的通知), a 发文字号, a 签发人.
const RE2& BlockEndRe() {
  static const RE2& re = CompileOrDie(
      "block end",
      R"((?:关于.*的(?:通知|意见|决定|公告|通告|通报|批复|函|复函|报告|请示)$)|(?:〔\d{4}〕\s*\d+\s*号$)|签发人)");
  return re;
}

const RE2& SuperscriptRe() {  // the start of a line that is a superscript
  static const RE2& re = CompileOrDie("superscript", R"(^(-|−|－)?([23])(?:[^\d.]|$))");
  return re;
}

const RE2& LengthUnitEndRe() {
  static const RE2& re = CompileOrDie("length unit at end", R"((?:^|[^A-Za-z])(?:[mcnkd]?m|μm|um)$)");
  return re;
}

const RE2& BareUnitRe() {
  static const RE2& re = CompileOrDie("bare unit", R"(^(?:[A-Za-zμΩ]{1,6})$)");
  return re;
}

bool IsSpace(char32_t c) { return c == U' ' || c == U'\t' || c == U'\r' || c == U'\v'; }

Line FoldLine(std::string_view original, size_t begin, size_t end) {
  Line line;
  line.orig_begin = begin;
  line.orig_end = end;
  std::string_view s = original.substr(begin, end - begin);
  line.single_leading_space = s.size() >= 2 && s[0] == ' ' && s[1] != ' ' && s[1] != '\t';
  // Decode with offsets.
  struct Cp { char32_t c; uint32_t off, len; };
  std::vector<Cp> cps;
  for (size_t i = 0; i < s.size();) {
    size_t j = i;
    char32_t c = DecodeUtf8(s, &j);
    cps.push_back({c, static_cast<uint32_t>(begin + i), static_cast<uint32_t>(j - i)});
    i = j;
  }
  // Fold, drop markdown bold, collapse spaces.
  std::vector<Cp> out;
  for (size_t k = 0; k < cps.size(); ++k) {
    if (cps[k].c == U'*' && k + 1 < cps.size() && cps[k + 1].c == U'*') {
      ++k;
      continue;
    }
    char32_t f = FoldCodePoint(k ? cps[k - 1].c : 0, cps[k].c, k + 1 < cps.size() ? cps[k + 1].c : 0);
    if (f == 0) continue;
    if (f == U'\t') {
      while (!out.empty() && out.back().c == U' ') out.pop_back();
      out.push_back({U'\t', cps[k].off, cps[k].len});
      line.has_tab = true;
      continue;
    }
    if (IsSpace(f)) {
      if (out.empty() || out.back().c == U' ' || out.back().c == U'\t') continue;
      out.push_back({U' ', cps[k].off, cps[k].len});
      continue;
    }
    out.push_back({f, cps[k].off, cps[k].len});
  }
  while (!out.empty() && IsSpace(out.back().c)) out.pop_back();
  for (const Cp& c : out) {
    line.cp_start.push_back(static_cast<uint32_t>(line.text.size()));
    AppendUtf8(c.c, &line.text);
    line.src.push_back({c.off, c.len});
  }
  line.width = DisplayWidth(line.text);
  return line;
}

bool EndsSentence(std::string_view t) {
  for (std::string_view p : {"。", "：", "！", "？", ":"})
    if (t.ends_with(p)) return true;
  return false;
}

char32_t LastCp(std::string_view t) {
  if (t.empty()) return 0;
  size_t i = t.size() - 1;
  while (i > 0 && (static_cast<unsigned char>(t[i]) & 0xC0) == 0x80) --i;
  return DecodeUtf8(t, &i);
}

char32_t FirstCp(std::string_view t) {
  size_t i = 0;
  return t.empty() ? 0 : DecodeUtf8(t, &i);
}

bool IsAsciiAlnum(char32_t c) { return c < 0x80 && std::isalnum(static_cast<int>(c)); }

class Builder {
 public:
  explicit Builder(Document* doc) : doc_(doc) {}

  // Appends code points [from, to) of line.
  void EmitLine(const Line& line, size_t from = 0) {
    for (size_t k = from; k < line.src.size(); ++k) {
      size_t b = line.cp_start[k];
      size_t e = k + 1 < line.cp_start.size() ? line.cp_start[k + 1] : line.text.size();
      Emit(std::string_view(line.text).substr(b, e - b), line.src[k].first, line.src[k].second);
    }
  }
  void Emit(std::string_view s, size_t orig_begin, size_t orig_len) {
    doc_->map.Add(doc_->text.size(), s.size(), orig_begin, orig_len);
    doc_->text.append(s);
  }
  // A line break mapped to the original position; '\f' if a page ended.
  void Break(size_t orig_pos) {
    if (doc_->text.empty()) return;
    if (page_pending_) {
      Emit("\f", orig_pos, 0);
      ClosePage();
    } else {
      Emit("\n", orig_pos, 0);
    }
  }
  void EndPage(std::string label) {
    if (!page_pending_) pending_label_ = std::move(label);
    page_pending_ = true;
  }
  void Finish() {
    while (!doc_->text.empty() && doc_->text.back() == '\n') doc_->text.pop_back();
    ClosePage(/*at_end=*/true);
  }

 private:
  void ClosePage(bool at_end = false) {
    Page p;
    p.number = static_cast<int>(doc_->pages.size()) + 1;
    p.label = page_pending_ ? pending_label_ : "";
    p.source = TextSource::kTextFile;
    p.span.begin = page_begin_;
    p.span.end = at_end ? doc_->text.size() : doc_->text.size() - 1;  // before the '\f'
    if (!(at_end && p.span.empty() && !doc_->pages.empty())) doc_->pages.push_back(p);
    page_begin_ = doc_->text.size();
    page_pending_ = false;
    pending_label_.clear();
  }

  Document* doc_;
  size_t page_begin_ = 0;
  bool page_pending_ = false;
  std::string pending_label_;
};

// Pages given by a PDF or OCR (one per '\f'-separated part of the original)
// keep their metadata; their spans are set from the original offsets, so a
// record is placed on the page its text came from.
void KeepGivenPages(Document* doc, std::vector<Page> given) {
  std::vector<size_t> starts{0};
  for (size_t i = 0; i < doc->original.size(); ++i)
    if (doc->original[i] == '\f') starts.push_back(i + 1);
  auto page_of = [&](size_t orig) {
    return static_cast<size_t>(std::upper_bound(starts.begin(), starts.end(), orig) - starts.begin()) - 1;
  };
  auto first_at_or_after = [&](size_t orig) {  // first text offset mapping to >= orig
    size_t lo = 0, hi = doc->text.size();
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (doc->map.ToOriginal(mid) < orig) lo = mid + 1; else hi = mid;
    }
    return lo;
  };
  for (size_t i = 0; i < given.size(); ++i) {
    given[i].span.begin = first_at_or_after(starts[i]);
    given[i].span.end = i + 1 < given.size() ? first_at_or_after(starts[i + 1]) : doc->text.size();
    while (given[i].span.end > given[i].span.begin &&
           (doc->text[given[i].span.end - 1] == '\n' || doc->text[given[i].span.end - 1] == '\f'))
      --given[i].span.end;
  }
  for (const Page& p : doc->pages) {  // printed page numbers found by layout
    if (p.label.empty() || p.span.empty()) continue;
    size_t k = page_of(doc->map.ToOriginal(p.span.end - 1));
    if (k < given.size() && given[k].label.empty()) given[k].label = p.label;
  }
  doc->pages = std::move(given);
}

}  // namespace

void LayoutText(Document* doc, const LayoutOptions& opts) {
  const std::string& original = doc->original;
  doc->text.clear();
  doc->map = OffsetMap();
  std::vector<Page> given;  // pages from a PDF or OCR
  if (!doc->pages.empty() &&
      doc->pages.size() == 1 + static_cast<size_t>(std::count(original.begin(), original.end(), '\f')))
    given = std::move(doc->pages);
  doc->pages.clear();
  doc->probable_page_starts.clear();

  // Split into lines; a form feed is a page break of its own.
  struct Raw { size_t begin, end; bool form_feed; };
  std::vector<Raw> raws;
  size_t start = 0;
  for (size_t i = 0; i <= original.size(); ++i) {
    if (i == original.size() || original[i] == '\n' || original[i] == '\f') {
      raws.push_back({start, i, false});
      if (i < original.size() && original[i] == '\f') raws.push_back({i, i, true});
      start = i + 1;
    }
  }

  std::vector<Line> lines;
  lines.reserve(raws.size());
  std::vector<int> widths;
  for (const Raw& r : raws) {
    if (r.form_feed) {
      Line ff;
      ff.orig_begin = ff.orig_end = r.begin;
      ff.text = "\f";
      lines.push_back(std::move(ff));
      continue;
    }
    Line l = FoldLine(original, r.begin, r.end);
    if (opts.markdown && l.text.starts_with("#")) {
      size_t k = 0;
      while (k < l.text.size() && (l.text[k] == '#' || l.text[k] == ' ')) ++k;
      l = FoldLine(original, r.begin + k, r.end);
    }
    if (!l.text.empty() && !l.has_tab) widths.push_back(l.width);
    lines.push_back(std::move(l));
  }

  // The width of a full (wrapped) line: the 75th percentile of line widths.
  int wrap = 60;
  if (widths.size() >= 8) {
    std::vector<int> w = widths;
    std::nth_element(w.begin(), w.begin() + w.size() * 3 / 4, w.end());
    wrap = w[w.size() * 3 / 4];
  }
  // A document whose lines are short was not hard-wrapped: join nothing by width.
  const int full = wrap < 40 ? INT32_MAX : std::min(wrap * 8 / 10, 60);

  Builder out(doc);
  const Line* prev = nullptr;  // last content line emitted
  int logical_width = 0;       // width of the physical line prev ends
  for (const Line& l : lines) {
    if (l.text == "\f") {
      out.EndPage("");
      continue;
    }
    if (l.text.empty()) continue;
    std::string label;
    if (RE2::FullMatch(l.text, PageNumberRe(), &label)) {
      out.EndPage(label);
      continue;
    }
    if (prev == nullptr) {
      if (l.single_leading_space && !doc->text.empty())
        doc->probable_page_starts.push_back(doc->text.size());
      out.EmitLine(l);
      prev = &l;
      logical_width = l.width;
      continue;
    }
    std::string_view pt = doc->text;  // what has been emitted; its tail is prev's line
    size_t line_start = pt.find_last_of("\n\f");
    std::string_view tail = line_start == std::string_view::npos ? pt : pt.substr(line_start + 1);

    // Superscript on its own line after a length unit.
    std::string sign, digit;
    if (!prev->has_tab && RE2::PartialMatch(tail, LengthUnitEndRe()) &&
        RE2::PartialMatch(l.text, SuperscriptRe(), &sign, &digit) && l.src.size() >= 1) {
      size_t consumed = sign.empty() ? 1 : 2;
      size_t ob = l.src[0].first;
      size_t oe = l.src[consumed - 1].first + l.src[consumed - 1].second;
      out.Emit(sign.empty() ? (digit == "2" ? "²" : "³") : (digit == "2" ? "⁻²" : "⁻³"), ob, oe - ob);
      out.EmitLine(l, consumed);
      logical_width += l.width;
      prev = &l;
      continue;
    }
    // A unit alone on its line after a number.
    char32_t last = LastCp(tail);
    if (!prev->has_tab && last < 0x80 && std::isdigit(static_cast<int>(last)) &&
        RE2::FullMatch(l.text, BareUnitRe())) {
      out.EmitLine(l);
      logical_width += l.width;
      prev = &l;
      continue;
    }
    bool join = !prev->has_tab && !l.has_tab && !EndsSentence(tail) &&
                logical_width >= full && !RE2::PartialMatch(l.text, BlockStartRe()) &&
                !RE2::PartialMatch(tail, BlockEndRe());
    if (join) {
      if (IsAsciiAlnum(last) && IsAsciiAlnum(FirstCp(l.text)) && IsAsciiAlnum(last) &&
          !std::isdigit(static_cast<int>(last)))
        out.Emit(" ", l.orig_begin, 0);
      if (l.single_leading_space) doc->probable_page_starts.push_back(doc->text.size());
      out.EmitLine(l);
      logical_width = l.width;
    } else {
      out.Break(l.orig_begin > 0 ? l.orig_begin - 1 : 0);
      if (l.single_leading_space) doc->probable_page_starts.push_back(doc->text.size());
      out.EmitLine(l);
      logical_width = l.width;
    }
    prev = &l;
  }
  out.Finish();
  if (!given.empty()) KeepGivenPages(doc, std::move(given));
}

}  // namespace gongwen
