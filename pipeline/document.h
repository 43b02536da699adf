// The Document model: what flows through the stages, and every record the
// extractors produce from it.
//
// A Document holds two texts:
//   original  the input as it came in, decoded to UTF-8 (pages joined by '\f');
//   text      the normalized text the extractors read: layout repaired (lines
//             joined, page numbers dropped, superscripts re-attached), full-width
//             ASCII folded; pages joined by '\f'.
// Offsets inside the program are BYTE offsets into `text` (Span). The store
// converts them to Unicode code-point offsets, which is what users see (SQLite
// substr() and `gongwen text` count characters).
//
// Pages carry words with boxes when the source has them (PDF text layer, OCR);
// a text file has pages only where it marks them (form feed, `— 13 —`).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gongwen {

// Half-open byte range [begin, end) into Document::text.
struct Span {
  size_t begin = 0;
  size_t end = 0;
  size_t size() const { return end - begin; }
  bool empty() const { return end <= begin; }
  bool operator==(const Span&) const = default;
};

// A rectangle on a page in PDF points, origin top-left.
struct Box {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

enum class TextSource { kTextFile, kPdfTextLayer, kOcr };
const char* TextSourceName(TextSource s);

struct Word {
  std::string text;
  Box box;
  float confidence = 1.0f;  // 0..1; 1 for a text layer
  // The word's bytes in Document::original, [orig_begin, orig_end), when the
  // page texts were built from words (PDF text layer, OCR).
  size_t orig_begin = 0, orig_end = 0;
  bool space_after = false;  // the source puts a space after it (PDF text layer)
};

struct Page {
  int number = 0;              // 1-based index in the file
  std::string label;           // printed page number (`— 13 —` gives "13"), if any
  TextSource source = TextSource::kTextFile;
  double width_pt = 0, height_pt = 0;  // 0 for text files
  float confidence = 1.0f;
  std::vector<Word> words;     // empty for text files
  Span span;                   // the page's part of Document::text
};

// Maps byte offsets of the normalized text back to the original text.
// Built by appending pieces in order; a piece copied verbatim maps byte for
// byte, a rewritten piece maps to the start of its original range.
class OffsetMap {
 public:
  // REQUIRES: norm_begin equals the normalized length so far.
  void Add(size_t norm_begin, size_t norm_len, size_t orig_begin, size_t orig_len);
  // Original offset for a normalized offset.
  size_t ToOriginal(size_t norm) const;

 private:
  struct Piece {
    size_t norm_begin, norm_len, orig_begin, orig_len;
  };
  std::vector<Piece> pieces_;
};

// A calendar date, optionally with a time of day. Month/day may be unknown
// (0) for "2023年1月" or "2023年".
struct DateTime {
  int year = 0, month = 0, day = 0;
  int hour = -1, minute = -1;
  bool has_time() const { return hour >= 0; }
  // "2022-12-28", "2022-12-28T17:30", "2023-01", "2023"
  std::string Iso() const;
  bool operator==(const DateTime&) const = default;
};

// ---------------------------------------------------------------------------
// Records produced by structure and extract. Every one carries its Span.

// 发文字号: 苏科高发〔2022〕182号 → agency 苏科高发, year 2022, serial 182.
struct DocNumber {
  std::string text;      // normalized form with 〔〕: 苏科高发〔2022〕182号
  std::string agency;
  int year = 0;
  int serial = 0;
  Span span;
};

// A GB/T 9704 element of the document (发文机关标志, 标题, 主送机关 …) with its span.
struct Element {
  std::string name;   // schema name, e.g. "title", "recipients", "cc", "note"
  std::string value;
  Span span;
};

// One heading in the body's tree (一、 → （一） → 1． → （1）), restarting in
// each attachment.
struct Section {
  int id = 0;               // index in Document::sections
  int parent = -1;          // index of the parent heading, -1 at top
  int attachment = 0;       // 0 for the main body, n for 附件n
  int level = 0;            // 1 一、 2 （一） 3 1． 4 （1）; 0 for an attachment root
  std::string marker;       // "一、", "（一）", "1．", "（1）", "附件1"
  std::string heading;      // heading text without the marker
  Span heading_span;        // the heading line
  Span span;                // heading and body up to the next heading of level <= this
};

struct Attachment {
  int n = 0;                // 1-based; 0 if the document has one unnumbered 附件
  std::string title;
  Span span;                // the attachment's text (from its 附件n line)
  Span listing_span;        // its entry in the 附件说明, if any
};

struct Table {
  int n = 0;                // order in the document, 1-based
  std::string caption;      // "表1 “十四五” 高新技术产业发展主要目标"
  int attachment = 0;
  std::vector<std::vector<std::string>> rows;  // rows[0] is the header
  std::vector<Span> row_spans;
  Span span;
};

struct GuideItem {
  std::string code;         // "1001", "210101"
  std::string title;
  std::string category;     // "A", "B", "C" or "" when none
  std::string category_name;// 重大战略产品创新
  std::string topic;        // 专题: 集成电路产业创新专题, or ""
  std::string domain;       // the heading above it: 新一代信息技术
  std::string research;     // 主要研究内容
  std::string description;  // the text of an item without 主要研究内容/项目实施目标 labels
  std::string targets;      // 项目实施目标 / 考核指标
  bool truncated = false;   // its text runs into a gap (missing page)
  Span span;
};

// A funding cap, co-funding ratio, share, period or per-applicant limit.
struct Rule {
  std::string kind;         // funding_cap | ratio | share | period | limit | count
  std::string subject;      // what it applies to: "A类项目", "省市联动项目", "单个项目"
  std::string category;     // A/B/C when the rule names one
  std::string op;           // <=, >=, =, <, >
  double value = 0;         // in the unit below (万元 stays 万元 here; SI in issue 3)
  std::optional<double> value2;  // second term of a ratio (1:1 → value 1, value2 1)
  std::string unit;         // 万元, 年, 个, 项, "" for a fraction
  std::string qualifier;    // 原则上
  std::string text;         // the phrase
  Span span;
};

struct Quota {
  std::string region;
  int max = 0;
  std::string unit;         // 项
  Span span;
};

struct Deadline {
  std::string what;         // the phrase naming what is due
  DateTime at;
  Span span;
};

struct Contact {
  std::string org;
  std::vector<std::string> names;
  std::vector<std::string> phones;
  Span span;
};

struct Reference {
  std::string title;        // without 《》; may be empty
  std::string doc_number;   // 苏科资发〔2021〕31号 normalized to 〔〕; may be empty
  Span span;
};

struct Url {
  std::string url;
  Span span;
};

// A quantity: a technical target, funding cap, eligibility threshold, plan
// target, quota, count or period (extractors/quantities.h).
struct Quantity {
  std::string kind;         // target | funding | eligibility | plan | quota | period | other
  std::string subject;      // the parameter as written: 单通道速率
  std::string op;           // >= <= > < = between ~
  double value = 0;         // in `unit`; 万/亿 of a count are in the value (10万次 → 1e5)
  std::optional<double> value_max;  // for between
  std::string tolerance;    // as written: "10%", "0.5"; empty if none
  std::string unit;         // as written: cm⁻², 万元, 片/年; "" for a bare number
  std::string si_unit;      // canonical: m-2, CNY, 1, 片/年; "" when the unit is unknown
  std::optional<double> si, si_max;  // value, value_max in si_unit (not si_value: a <signal.h> macro)
  std::string condition;    // @电流密度=200A/cm², 销售收入为5000万元以下企业
  std::string qualifier;    // 原则上, 左右, 约, 及以上
  std::string code;         // guide item code, or ""
  std::string text;         // the quantity as written, comparator to unit
  Span span;                // of text
  Span sentence;            // the sentence it came from
};

// A part of a document that can be compared with another year's on its own:
// the document itself (attachment 0) or an attachment that is a programme's
// guideline (pipeline/programme.h).
struct ProgrammePart {
  int attachment = 0;       // 0 the whole document, n 附件n
  std::string programme;    // 省科技成果转化专项资金
  std::string part;         // 创新型产业集群培育试点, or "" for the whole programme
  int year = 0;
  std::string title;
  Span span;
  std::vector<Rule> rules;  // an attachment part's own rules, restatements included
};

// ---------------------------------------------------------------------------
// Application forms (extractors/forms_extract.h).

// A table cell of a source that has tables (.docx; PDF pages and scans, cells
// found from ruling lines and word boxes). A paragraph outside any table is a
// cell of its own with table -1. Cells are in reading order; a merged cell is
// one cell spanning rows or columns of its table's grid.
struct Cell {
  int table = -1;           // 0-based; -1 a paragraph outside tables
  int row = 0, col = 0;     // 0-based grid position of the top-left corner
  int row_span = 1, col_span = 1;
  std::string text;         // paragraphs joined by '\n'; checkbox glyphs as in the source
  int page = 0;             // 1-based; 0 when the source has no pages (.docx)
  std::optional<Box> box;
  float confidence = 1.0f;  // 1 for .docx and text layers; OCR's otherwise
};

// One value of a filled form, with the cell it came from.
struct FormValue {
  std::string value;        // normalized: CNY, a fraction, ISO date, options joined by 、
  std::string raw;          // as written in the cell
  std::optional<double> number;  // for money, integers, numbers, percentages
  int cell = -1;            // index in Document::cells, -1 if the label was not found
  int page = 0;
  std::optional<Box> box;
  float confidence = 0.0f;
};

// A problem with a form: a required field left empty, a single-choice group
// with no or several ticks, a number that is not one, a request above the
// notice's cap.
struct FormFinding {
  std::string kind;         // required_empty | no_choice | several_choices | not_a_number | …
  std::string field;        // field name; group/row/field for a repeated group
  std::string message;      // for people
};

struct FormRecord {
  std::string template_id;  // "" for a form that matches no template
  double score = 0;         // share of the template's labels found
  std::map<std::string, FormValue> fields;
  // Repeated row groups and blocks: group name → rows of column → value.
  std::map<std::string, std::vector<std::map<std::string, FormValue>>> groups;
  std::vector<FormFinding> findings;
};

// ---------------------------------------------------------------------------

struct Document {
  // acquire
  std::string path;         // as given
  std::string file_name;
  std::string sha256;       // hex, of the raw bytes
  uint64_t size_bytes = 0;
  std::string media_type;   // text/plain, text/markdown, application/pdf …
  std::string charset;      // UTF-8, GB18030, UTF-16LE …
  std::string original;     // decoded input, pages joined by '\f'
  // layout + normalize
  std::string text;
  OffsetMap map;
  std::vector<Page> pages;
  // Offsets in `text` where a line began with a single space after content: in
  // text extracted from PDFs this marks where a new page began.
  std::vector<size_t> probable_page_starts;
  std::vector<std::string> warnings;  // soft problems: "text missing between 2302 and 2502"
  // structure
  std::vector<std::string> issuers;
  std::optional<DocNumber> doc_number;
  std::string title;
  std::string doc_type;     // 文种: 通知, 意见 …
  std::string forwarded_title;  // the document it 印发/转发, without 《》
  std::optional<DateTime> date; // 成文日期
  std::optional<DateTime> print_date;  // 印发日期
  std::string printer;      // 印发机关
  std::vector<Element> elements;
  std::vector<Section> sections;
  std::vector<Attachment> attachments;
  std::vector<Table> tables;
  // extract
  std::vector<GuideItem> guide_items;
  std::vector<Rule> rules;
  std::vector<Quota> quotas;
  std::vector<Deadline> deadlines;
  std::vector<Contact> contacts;
  std::vector<Reference> references;
  std::vector<Url> urls;
  std::vector<Quantity> quantities;
  // programme (pipeline/programme.h)
  std::string programme;    // 省科技成果转化专项资金, "" if none is known
  std::string programme_part;
  int year = 0;             // 年度; 0 if unknown
  std::string year_source;  // title | period | date
  int period_start = 0, period_end = 0;
  std::vector<ProgrammePart> parts;
  // forms (extractors/forms_extract.h): cells of .docx tables and paragraphs,
  // and the form they fill when one was recognized
  std::vector<Cell> cells;
  std::optional<FormRecord> form;

  // The page whose span contains byte offset `pos` (1-based), or 0 if unknown.
  int PageAt(size_t pos) const;
  std::string_view Slice(Span s) const { return std::string_view(text).substr(s.begin, s.size()); }
};

}  // namespace gongwen
