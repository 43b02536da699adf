#include "pipeline/structure.h"

#include <algorithm>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "extractors/dates.h"
#include "extractors/doc_number.h"
#include "pipeline/normalize.h"
#include "pipeline/regex.h"

namespace gongwen {

std::vector<TextLine> SplitLines(std::string_view text) {
  std::vector<TextLine> lines;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '\n' || text[i] == '\f') {
      lines.push_back({{start, i}, text.substr(start, i - start)});
      start = i + 1;
    }
  }
  return lines;
}

std::string TightenCjkSpaces(std::string_view s) {
  std::u32string cps;
  for (size_t i = 0; i < s.size();) cps.push_back(DecodeUtf8(s, &i));
  std::string out;
  for (size_t k = 0; k < cps.size(); ++k) {
    if (cps[k] == U' ') {
      // Drop the whole run if a neighbour is CJK, or at either end.
      size_t e = k;
      while (e < cps.size() && cps[e] == U' ') ++e;
      bool drop = k == 0 || e == cps.size() || IsCjk(cps[k - 1]) || IsCjk(cps[e]);
      if (!drop) out.push_back(' ');
      k = e - 1;
      continue;
    }
    AppendUtf8(cps[k], &out);
  }
  return out;
}

namespace {

// --- patterns -------------------------------------------------------------
const RE2& HeadingRe(int level) {
  static const RE2& l1 = CompileOrDie("heading 一、", R"(^([一二三四五六七八九十]{1,3})、\s*(.*)$)");
  static const RE2& l2 = CompileOrDie(
      "heading （一）", R"(^[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]\s*(.*)$)");
  static const RE2& l3 = CompileOrDie("heading 1．", R"(^(\d{1,2})\s*[．.、]\s*([^\d.．、].*)$)");
  static const RE2& l4 = CompileOrDie("heading （1）", R"(^[（(]\s*(\d{1,2})\s*[）)]\s*(.*)$)");
  switch (level) {
    case 1: return l1;
    case 2: return l2;
    case 3: return l3;
    default: return l4;
  }
}
const RE2& AttachmentStartRe() {
  static const RE2& re = CompileOrDie("attachment start", R"(^附\s*件\s*(\d{0,2})\s*[：:]?$)");
  return re;
}
const RE2& AttachmentListingRe() {
  static const RE2& re = CompileOrDie("attachment listing", R"(^附\s*件\s*[：:]\s*(.*)$)");
  return re;
}
const RE2& ListingEntryRe() {
  static const RE2& re = CompileOrDie("attachment listing entry", R"(^(\d{1,2})\s*[．.、]\s*(.+)$)");
  return re;
}
const RE2& DocTypeEndRe() {
  static const RE2& re = CompileOrDie(
      "title end",
      R"((通知|意见|决定|公告|通告|通报|函|批复|办法|规划|方案|指南|报告|请示|纪要|决议|命令|令|议案|公报|细则|规定|规则|指引|要点|计划|安排|复函)$)");
  return re;
}
const RE2& TitleSplitRe() {  // title and recipients joined on one line
  static const RE2& re = CompileOrDie(
      "title then recipients",
      R"(^(.*?(?:的|之)(?:通知|意见|决定|公告|通告|通报|批复|函|复函))\s*(\S.*[：:])$)");
  return re;
}
const RE2& OrgLineRe() {  // a line of issuing organs separated by spaces
  static const RE2& re = CompileOrDie(
      "organ names",
      R"(^(?:[\p{Han}（）()]{2,30}?(?:厅|局|委|委员会|办公室|政府|部|院|会|中心|办|室|署|所|集团|公司|协会)\s*)+$)");
  return re;
}
const RE2& PrintedRe() {
  static const RE2& re = CompileOrDie("印发 line", R"(^(.*?)\s*(\S+年\S+月\S+日)\s*印发$)");
  return re;
}
const RE2& CcRe() {
  static const RE2& re = CompileOrDie("抄送 line", R"(^抄\s*送\s*[：:]\s*(.*?)[。.]?$)");
  return re;
}
const RE2& NoteRe() {
  static const RE2& re = CompileOrDie("附注", R"(^[（(](此件[^）)]*|此页无正文)[）)]$)");
  return re;
}
const RE2& ForwardRe() {
  static const RE2& re = CompileOrDie(
      "印发/转发", R"((?:印发|转发|颁布|发布)\s*(?:《(.+?)》|(.+?)的(?:通知|决定|函)))");
  return re;
}
const RE2& TableSerialRowRe() {
  static const RE2& re = CompileOrDie("numbered table row", R"(^\d{1,3}\s+\S)");
  return re;
}

// A cell of Han text and the number of the next cell with the space between
// them lost: `扬州市18项` → 扬州市 | 18项.
const RE2& GluedCellsRe() {
  static const RE2& re = CompileOrDie("glued table cells", R"((\P{N}*\p{Han})(\d[\d.]*\p{Han}?))");
  return re;
}
const RE2& CaptionRe() {
  static const RE2& re = CompileOrDie("table caption", R"(^表\s*\d+)");
  return re;
}

int ChineseOrdinal(std::string_view s) {
  static const std::u32string kDigits = U"零一二三四五六七八九";
  std::u32string cps;
  for (size_t i = 0; i < s.size();) cps.push_back(DecodeUtf8(s, &i));
  int value = 0, cur = 0;
  for (char32_t c : cps) {
    if (c == U'十') {
      value += (cur == 0 ? 1 : cur) * 10;
      cur = 0;
    } else {
      size_t d = kDigits.find(c);
      if (d == std::u32string::npos) return 0;
      cur = static_cast<int>(d);
    }
  }
  return value + cur;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string> SplitFields(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      std::string_view f = Trim(s.substr(start, i - start));
      if (sep != ' ' || !f.empty()) out.emplace_back(f);
      start = i + 1;
    }
  }
  return out;
}

// The heading's own words: up to the first full stop or colon.
std::string HeadingText(std::string_view rest) {
  size_t cut = rest.size();
  for (std::string_view stop : {"。", "："}) {
    size_t p = rest.find(stop);
    if (p != std::string_view::npos && p < cut) cut = p;
  }
  return TightenCjkSpaces(Trim(rest.substr(0, cut)));
}

Span Sub(const TextLine& l, std::string_view part) {
  size_t b = l.span.begin + static_cast<size_t>(part.data() - l.text.data());
  return {b, b + part.size()};
}

class Parser {
 public:
  explicit Parser(Document* doc) : doc_(doc), lines_(SplitLines(doc->text)) {}

  void Run() {
    ParseHead();
    ParseClosing();
    ParseBackMatter();
    FindAttachments();
    ParseTables();
    ParseHeadings();
  }

 private:
  void AddElement(const std::string& name, std::string value, Span span) {
    doc_->elements.push_back({name, std::move(value), span});
  }

  // 版头 and 标题, 主送机关: the first lines up to the recipients.
  void ParseHead() {
    const size_t limit = std::min<size_t>(lines_.size(), 16);
    size_t i = 0;
    std::vector<std::string> banner_issuers;
    for (; i < limit; ++i) {
      std::string_view t = Trim(lines_[i].text);
      if (t.empty()) continue;
      // 发文字号, alone or with 签发人 on the same line (上行文).
      if (!doc_->doc_number) {
        std::optional<DocNumber> dn = ParseDocNumber(t);
        if (dn) {
          dn->span = Sub(lines_[i], t);
        } else if (auto found = FindDocNumbers(t); !found.empty() && found[0].span.begin == 0 &&
                                                   t.find("签发人") != std::string_view::npos) {
          dn = found[0];
          dn->span = {lines_[i].span.begin + found[0].span.begin, lines_[i].span.begin + found[0].span.end};
          size_t p = t.find("签发人");
          std::string_view signer = Trim(t.substr(p + std::string_view("签发人").size()));
          if (signer.starts_with("：") || signer.starts_with(":"))
            signer = Trim(signer.substr(signer.starts_with(":") ? 1 : 3));
          if (!signer.empty()) AddElement("signer", std::string(signer), Sub(lines_[i], signer));
        }
        if (dn) {
          doc_->doc_number = *dn;
          AddElement("doc_number", dn->text, dn->span);
          continue;
        }
      }
      if (t.ends_with("文件") && t.size() > 6 && t.find("关于") == std::string_view::npos) {
        std::string_view names = t.substr(0, t.size() - std::string_view("文件").size());
        for (auto& n : SplitFields(names, ' ')) banner_issuers.push_back(n);
        AddElement("banner", std::string(t), lines_[i].span);
        continue;
      }
      if (t.find("关于") == std::string_view::npos && RE2::FullMatch(t, OrgLineRe())) {
        for (auto& n : SplitFields(t, ' ')) banner_issuers.push_back(n);
        AddElement("banner", std::string(t), lines_[i].span);
        continue;
      }
      break;
    }
    // Title: from here to the line ending with a 文种 (at most 4 lines).
    size_t title_begin = i, title_end = i;
    bool found = false;
    for (size_t k = i; k < std::min(lines_.size(), i + 4); ++k) {
      std::string_view t = Trim(lines_[k].text);
      std::string a, b;
      if (RE2::FullMatch(t, TitleSplitRe(), &a, &b)) {
        title_end = k + 1;
        found = true;
        split_recipients_ = k;
        break;
      }
      if (RE2::PartialMatch(t, DocTypeEndRe())) {
        title_end = k + 1;
        found = true;
        break;
      }
      if (t.ends_with("：") || t.ends_with(":")) break;
    }
    if (found) {
      std::string title;
      for (size_t k = title_begin; k < title_end; ++k) {
        std::string_view t = Trim(lines_[k].text);
        if (split_recipients_ && *split_recipients_ == k) {
          std::string a, b;
          RE2::FullMatch(t, TitleSplitRe(), &a, &b);
          t = t.substr(0, a.size());
        }
        title += t;
      }
      doc_->title = TightenCjkSpaces(title);
      Span span{lines_[title_begin].span.begin, lines_[title_end - 1].span.end};
      AddElement("title", doc_->title, span);
      std::string type;
      std::string_view tt = doc_->title;
      if (RE2::PartialMatch(tt, DocTypeEndRe(), &type)) doc_->doc_type = type;
      std::string quoted, plain;
      if (RE2::PartialMatch(tt, ForwardRe(), &quoted, &plain)) {
        doc_->forwarded_title = TightenCjkSpaces(!quoted.empty() ? quoted : plain);
        AddElement("forwarded_title", doc_->forwarded_title, span);
      }
      head_end_ = title_end;
    } else {
      head_end_ = i;
    }
    // Recipients: the first line ending in a colon right after the title.
    size_t k = split_recipients_ ? *split_recipients_ : head_end_;
    for (; k < std::min(lines_.size(), head_end_ + 3); ++k) {
      std::string_view t = Trim(lines_[k].text);
      if (split_recipients_ && k == *split_recipients_) {
        std::string a, b;
        RE2::FullMatch(t, TitleSplitRe(), &a, &b);
        t = Trim(t.substr(a.size()));
      }
      if (t.ends_with("：") || t.ends_with(":")) {
        std::string_view r = t.substr(0, t.size() - (t.ends_with("：") ? 3 : 1));
        AddElement("recipients", std::string(r), Sub(lines_[k], r));
        head_end_ = k + 1;
        break;
      }
    }
    banner_issuers_ = banner_issuers;
    if (doc_->issuers.empty()) doc_->issuers = banner_issuers;
  }

  // 附件说明, 发文机关署名, 成文日期, 附注: the close of the main body.
  void ParseClosing() {
    // 附件说明.
    for (size_t k = head_end_; k < lines_.size(); ++k) {
      std::string rest;
      std::string_view t = Trim(lines_[k].text);
      if (!RE2::FullMatch(t, AttachmentListingRe(), &rest)) continue;
      listing_line_ = k;
      std::string n, title;
      if (RE2::FullMatch(rest, ListingEntryRe(), &n, &title)) {
        AddListing(std::stoi(n), title, lines_[k]);
        size_t j = k + 1;
        for (; j < lines_.size(); ++j) {
          std::string_view u = Trim(lines_[j].text);
          if (!RE2::FullMatch(u, ListingEntryRe(), &n, &title)) break;
          AddListing(std::stoi(n), title, lines_[j]);
        }
        listing_end_ = j;
      } else if (!rest.empty()) {
        AddListing(1, rest, lines_[k]);
        listing_end_ = k + 1;
      }
      break;
    }
    // The date line of the signature: a line that is only a date, after the
    // head, before the first attachment.
    size_t from = listing_end_ ? listing_end_ : head_end_;
    for (size_t k = from; k < lines_.size(); ++k) {
      std::string_view t = Trim(lines_[k].text);
      if (RE2::FullMatch(t, AttachmentStartRe())) break;
      auto d = t.size() <= 40 ? ParseDate(t) : std::nullopt;
      if (!d || d->day == 0) continue;
      doc_->date = *d;
      AddElement("date", d->Iso(), Sub(lines_[k], t));
      signature_line_ = k;
      // Signature: the organ names on the line(s) just above.
      if (k > 0) {
        std::string_view s = Trim(lines_[k - 1].text);
        if (RE2::FullMatch(s, OrgLineRe())) {
          doc_->issuers = SplitFields(s, ' ');
          AddElement("signature", std::string(s), Sub(lines_[k - 1], s));
        }
      }
      // 附注 right after.
      for (size_t j = k + 1; j < std::min(lines_.size(), k + 3); ++j) {
        std::string_view u = Trim(lines_[j].text);
        if (RE2::FullMatch(u, NoteRe()) && u.find("此页无正文") == std::string_view::npos) {
          doc_->elements.push_back({"note", std::string(u), Sub(lines_[j], u)});
          break;
        }
      }
      break;
    }
    if (doc_->issuers.empty()) {
      // "江苏省工业和信息化厅关于印发…": the organ before 关于 in the title.
      size_t p = doc_->title.find("关于");
      if (p != std::string::npos && p > 0) {
        std::string org = doc_->title.substr(0, p);
        if (RE2::FullMatch(org, OrgLineRe())) doc_->issuers = SplitFields(org, ' ');
      }
    }
  }

  void AddListing(int n, std::string_view title, const TextLine& line) {
    Attachment a;
    a.n = n;
    a.title = TightenCjkSpaces(Trim(title));
    a.listing_span = line.span;
    doc_->attachments.push_back(a);
    AddElement("attachment_listing", fmt::format("{}. {}", n, a.title), line.span);
  }

  // 版记: 抄送 and 印发, anywhere after the head (usually the very end).
  void ParseBackMatter() {
    for (size_t k = head_end_; k < lines_.size(); ++k) {
      std::string_view t = Trim(lines_[k].text);
      std::string cc, printer, date;
      if (RE2::FullMatch(t, CcRe(), &cc)) {
        AddElement("cc", TightenCjkSpaces(cc), lines_[k].span);
        back_matter_begin_ = std::min(back_matter_begin_, k);
      } else if (t.size() < 120 && RE2::FullMatch(t, PrintedRe(), &printer, &date)) {
        auto d = ParseDate(date);
        if (!d) continue;
        if (printer.empty() && k > 0) {  // the organ on the line above
          std::string_view above = Trim(lines_[k - 1].text);
          if (RE2::FullMatch(above, OrgLineRe())) printer = std::string(above);
        }
        doc_->printer = TightenCjkSpaces(printer);
        doc_->print_date = *d;
        AddElement("printer", doc_->printer, lines_[k].span);
        AddElement("print_date", d->Iso(), lines_[k].span);
        back_matter_begin_ = std::min(back_matter_begin_, printer.empty() ? k : k - 1);
      }
    }
  }

  void FindAttachments() {
    size_t from = signature_line_ ? *signature_line_ + 1 : (listing_end_ ? listing_end_ : head_end_);
    struct Start { size_t line; int n; };
    std::vector<Start> starts;
    for (size_t k = from; k < lines_.size(); ++k) {
      std::string n;
      if (RE2::FullMatch(Trim(lines_[k].text), AttachmentStartRe(), &n))
        starts.push_back({k, n.empty() ? 1 : std::stoi(n)});
    }
    main_end_ = starts.empty() ? lines_.size() : starts.front().line;
    for (size_t s = 0; s < starts.size(); ++s) {
      size_t begin_line = starts[s].line;
      size_t end_line = s + 1 < starts.size() ? starts[s + 1].line
                                              : std::min(lines_.size(), back_matter_begin_);
      if (end_line <= begin_line) end_line = begin_line + 1;
      Span span{lines_[begin_line].span.begin, lines_[end_line - 1].span.end};
      // Title: the first non-empty line after the marker.
      std::string title;
      if (begin_line + 1 < end_line) title = TightenCjkSpaces(Trim(lines_[begin_line + 1].text));
      int n = starts[s].n;
      auto it = std::find_if(doc_->attachments.begin(), doc_->attachments.end(),
                             [n](const Attachment& a) { return a.n == n; });
      if (it == doc_->attachments.end()) {
        Attachment a;
        a.n = n;
        a.title = title;
        doc_->attachments.push_back(a);
        it = doc_->attachments.end() - 1;
      }
      it->span = span;
      attachment_ranges_.push_back({begin_line, end_line, n});
      Section root;
      root.attachment = n;
      root.level = 0;
      root.marker = fmt::format("附件{}", n);
      root.heading = it->title.empty() ? title : it->title;
      root.heading_span = lines_[begin_line].span;
      root.span = span;
      attachment_title_lines_.push_back(begin_line + 1);
      sections_by_attachment_.push_back(root);
    }
    std::sort(doc_->attachments.begin(), doc_->attachments.end(),
              [](const Attachment& a, const Attachment& b) { return a.n < b.n; });
  }

  int AttachmentOf(size_t line) const {
    for (const auto& r : attachment_ranges_)
      if (line >= r.begin && line < r.end) return r.n;
    return 0;
  }

  bool IsTableLine(size_t k) const { return table_lines_.count(k) > 0; }

  // The number at the start of a line (-1 if none).
  static int LeadingSerial(std::string_view t) {
    t = Trim(t);
    int n = 0;
    size_t i = 0;
    for (; i < t.size() && i < 3 && t[i] >= '0' && t[i] <= '9'; ++i) n = n * 10 + (t[i] - '0');
    return i == 0 ? -1 : n;
  }

  // Whether the line after k is a row numbered n.
  bool NextIsRow(size_t k, int n) const {
    return k + 1 < lines_.size() && LeadingSerial(lines_[k + 1].text) == n &&
           RE2::PartialMatch(Trim(lines_[k + 1].text), TableSerialRowRe());
  }

  // The cells of line k read as a row of a `序号 …` table of `width` columns
  // whose next row should be numbered `expected`; empty if it is no row.
  // A row is `N cell …`. OCR can misread a row's parts, and one bad row must
  // not end the table (its rows below would become counts in running text),
  // so these are rows too, each tied to the numbering:
  //   `18沭阳县 3项`   the expected number with no space after it, the rest
  //                    one cell short of the header;
  //   `7 扬州市项`     the expected number and fewer cells (padded empty),
  //                    before a line numbered expected + 1;
  //   `霸连云港市 12项` a line without the number, between the row before
  //                    and a line numbered expected + 1, one cell short of
  //                    (or as wide as) the header: the number was misread.
  std::vector<std::string> SerialRow(size_t k, size_t width, int expected) const {
    std::string_view u = Trim(lines_[k].text);
    if (RE2::PartialMatch(u, TableSerialRowRe())) {
      std::vector<std::string> row = SplitFields(u, ' ');
      // `7 扬州市18项`: OCR lost the space between two cells, where Han
      // text meets a number.
      for (size_t c = 1; row.size() + 1 == width && c < row.size(); ++c) {
        std::string head, tail;
        if (RE2::FullMatch(row[c], GluedCellsRe(), &head, &tail)) {
          row[c] = head;
          row.insert(row.begin() + static_cast<long>(c) + 1, tail);
        }
      }
      if (row.size() >= width) return row;
      if (LeadingSerial(u) == expected && row.size() >= 2 && NextIsRow(k, expected + 1)) {
        row.resize(width);
        return row;
      }
      return {};
    }
    const std::string num = std::to_string(expected);
    if (u.starts_with(num) && u.size() > num.size() && !(u[num.size()] >= '0' && u[num.size()] <= '9') &&
        u[num.size()] != '.') {
      std::vector<std::string> rest = SplitFields(u.substr(num.size()), ' ');
      if (rest.size() + 1 == width) {
        rest.insert(rest.begin(), num);
        return rest;
      }
    }
    if (NextIsRow(k, expected + 1)) {
      std::vector<std::string> row = SplitFields(u, ' ');
      if (row.size() + 1 == width) {
        row.insert(row.begin(), num);
        return row;
      }
      if (row.size() == width) {
        row[0] = num;
        return row;
      }
    }
    return {};
  }

  void ParseTables() {
    size_t k = head_end_;
    while (k < lines_.size()) {
      std::string_view t = lines_[k].text;
      bool tabbed = t.find('\t') != std::string_view::npos;
      bool serial_header = !tabbed && Trim(t).starts_with("序号 ") && SplitFields(t, ' ').size() >= 3;
      if (!tabbed && !serial_header) {
        ++k;
        continue;
      }
      Table table;
      table.attachment = AttachmentOf(k);
      size_t begin = k;
      std::vector<std::string> header =
          tabbed ? SplitFields(t, '\t') : SplitFields(Trim(t), ' ');
      table.rows.push_back(header);
      table.row_spans.push_back(lines_[k].span);
      table_lines_.insert(k);
      ++k;
      int expected = 1;  // the serial number the next row should have
      for (; k < lines_.size(); ++k) {
        std::string_view u = lines_[k].text;
        std::vector<std::string> row;
        if (tabbed) {
          if (u.find('\t') == std::string_view::npos) break;
          row = SplitFields(u, '\t');
        } else {
          row = SerialRow(k, header.size(), expected);
          if (row.empty()) break;
          if (row.size() != header.size()) {
            // Merge extra words into the last cell rather than losing them.
            std::string last;
            for (size_t c = header.size() - 1; c < row.size(); ++c)
              last += (last.empty() ? "" : " ") + row[c];
            row.resize(header.size() - 1);
            row.push_back(last);
          }
        }
        table_lines_.insert(k);
        if (!tabbed) expected = LeadingSerial(row.front()) >= 0 ? LeadingSerial(row.front()) + 1 : expected + 1;
        if (row == header) continue;  // header repeated on a new page
        table.rows.push_back(row);
        table.row_spans.push_back(lines_[k].span);
      }
      table.span = {lines_[begin].span.begin, lines_[k - 1].span.end};
      // Caption: a 表N line or a short title line just above.
      if (begin > 0) {
        std::string_view above = Trim(lines_[begin - 1].text);
        bool heading = false;
        for (int level = 1; level <= 4; ++level) heading |= RE2::PartialMatch(above, HeadingRe(level));
        if (RE2::PartialMatch(above, CaptionRe()) ||
            (!heading && !above.empty() && DisplayWidth(above) <= 80 && !above.ends_with("。") &&
             !above.ends_with("：") && above.find('\t') == std::string_view::npos &&
             !RE2::FullMatch(above, AttachmentStartRe()))) {
          table.caption = TightenCjkSpaces(above);
          table.span.begin = lines_[begin - 1].span.begin;
          table_lines_.insert(begin - 1);
        }
      }
      // A continuation: same header as the previous table in the same part,
      // with only a caption-less gap or a page between.
      if (!doc_->tables.empty()) {
        Table& prev = doc_->tables.back();
        if (prev.rows.front() == table.rows.front() && prev.attachment == table.attachment &&
            (table.caption.empty() || table.caption == prev.caption || begin - prev_table_end_ <= 2)) {
          for (size_t r = 1; r < table.rows.size(); ++r) {
            prev.rows.push_back(table.rows[r]);
            prev.row_spans.push_back(table.row_spans[r]);
          }
          prev.span.end = table.span.end;
          prev_table_end_ = k;
          continue;
        }
      }
      table.n = static_cast<int>(doc_->tables.size()) + 1;
      doc_->tables.push_back(std::move(table));
      prev_table_end_ = k;
    }
  }

  void ParseHeadings() {
    std::vector<Section>& out = doc_->sections;
    // The main body's headings, then each attachment's under its root.
    auto in_excluded = [&](size_t k) {
      if (IsTableLine(k)) return true;
      if (listing_line_ && k >= *listing_line_ && k < listing_end_) return true;
      if (k >= back_matter_begin_) return true;
      return std::find(attachment_title_lines_.begin(), attachment_title_lines_.end(), k) !=
             attachment_title_lines_.end();
    };
    std::vector<int> stack;  // indexes into out
    int current_attachment = -1;
    size_t next_root = 0;
    for (size_t k = head_end_; k < std::min(lines_.size(), back_matter_begin_); ++k) {
      if (next_root < attachment_ranges_.size() && k == attachment_ranges_[next_root].begin) {
        Section root = sections_by_attachment_[next_root];
        root.id = static_cast<int>(out.size());
        out.push_back(root);
        stack.assign(1, root.id);
        current_attachment = root.attachment;
        ++next_root;
        continue;
      }
      if (in_excluded(k)) continue;
      std::string_view t = Trim(lines_[k].text);
      for (int level = 1; level <= 4; ++level) {
        std::string ord, rest;
        if (!RE2::FullMatch(t, HeadingRe(level), &ord, &rest)) continue;
        Section s;
        s.id = static_cast<int>(out.size());
        s.attachment = current_attachment < 0 ? 0 : current_attachment;
        s.level = level;
        s.marker = std::string(t.substr(0, t.size() - rest.size()));
        s.marker = std::string(Trim(s.marker));
        s.heading = HeadingText(rest);
        s.heading_span = lines_[k].span;
        s.span = lines_[k].span;
        while (!stack.empty() && out[stack.back()].level >= level) stack.pop_back();
        s.parent = stack.empty() ? -1 : stack.back();
        stack.push_back(s.id);
        out.push_back(s);
        break;
      }
    }
    // Each section runs to the next heading of the same or a higher level.
    size_t body_end = doc_->text.size();
    if (back_matter_begin_ < lines_.size()) body_end = lines_[back_matter_begin_].span.begin;
    for (size_t a = 0; a < out.size(); ++a) {
      if (out[a].level == 0) continue;
      size_t end = body_end;
      for (size_t b = a + 1; b < out.size(); ++b) {
        if (out[b].level <= out[a].level || out[b].attachment != out[a].attachment) {
          end = out[b].heading_span.begin;
          break;
        }
      }
      if (out[a].attachment > 0) {
        for (const auto& at : doc_->attachments)
          if (at.n == out[a].attachment && !at.span.empty()) end = std::min(end, at.span.end);
      } else if (main_end_ < lines_.size()) {
        end = std::min(end, lines_[main_end_].span.begin);
      }
      out[a].span.end = std::max(end, out[a].heading_span.end);
      while (out[a].span.end > out[a].span.begin && (doc_->text[out[a].span.end - 1] == '\n' ||
                                                     doc_->text[out[a].span.end - 1] == '\f'))
        --out[a].span.end;
    }
    // Gaps in the enumeration (（三） followed by （六）) hint at a missing page.
    for (size_t a = 1; a < out.size(); ++a) {
      const Section& s = out[a];
      if (s.level == 0 || s.level == 3 || s.level == 4) continue;
      for (size_t b = a; b-- > 0;) {
        if (out[b].parent == s.parent && out[b].level == s.level) {
          std::string o1, r1, o2, r2;
          RE2::FullMatch(Trim(doc_->Slice(out[b].heading_span)), HeadingRe(s.level), &o1, &r1);
          RE2::FullMatch(Trim(doc_->Slice(s.heading_span)), HeadingRe(s.level), &o2, &r2);
          int n1 = ChineseOrdinal(o1), n2 = ChineseOrdinal(o2);
          if (n1 > 0 && n2 > n1 + 1)
            doc_->warnings.push_back(fmt::format(
                "headings {} to {} are missing before “{}{}” (a missing page?)", n1 + 1, n2 - 1,
                s.marker, s.heading));
          break;
        }
        if (static_cast<int>(b) == s.parent) break;
      }
    }
  }

  Document* doc_;
  std::vector<TextLine> lines_;
  size_t head_end_ = 0;
  std::optional<size_t> split_recipients_;
  std::optional<size_t> listing_line_;
  size_t listing_end_ = 0;
  std::optional<size_t> signature_line_;
  size_t back_matter_begin_ = SIZE_MAX;
  size_t main_end_ = SIZE_MAX;
  size_t prev_table_end_ = 0;
  std::vector<std::string> banner_issuers_;
  struct Range { size_t begin, end; int n; };
  std::vector<Range> attachment_ranges_;
  std::vector<size_t> attachment_title_lines_;
  std::vector<Section> sections_by_attachment_;
  std::set<size_t> table_lines_;
};

}  // namespace

void ParseStructure(Document* doc) {
  Parser(doc).Run();
}

}  // namespace gongwen
