// Compare: what changed in a programme from one year's notice to the next.
//
// A comparison is between two parts (pipeline/programme.h): a whole document,
// or an attachment that is a programme's guideline on its own (the 2023
// notice's 附件3). Each side is read from the archive; the result is a list of
// rows, every one citing both sources (document, page, character span):
//
//   rules        caps per category, ratios, shares, periods, limits, counts:
//                aligned by kind, category and subject (exact, then by the
//                similarity of the subjects)
//   quotas       per region
//   deadlines    by what is due
//   guide_items  by code, then (codes changed) by title similarity:
//                added / removed / changed
//   indicators   by guide item code and subject; compared in SI units;
//                tightened / relaxed by direction (for <= a smaller value is tighter)
//   text         a section's own text (guide items left out: they have rows of
//                their own), as a sentence-level diff (ICU sentences, LCS)
//
//   auto a = LoadPart(db, {doc_2021, 0});
//   auto b = LoadPart(db, {doc_2023, 3});
//   Comparison c = Compare(a.value(), b.value());
//   for (const Row& r : c.rows) if (r.change != Change::kUnchanged) …
//
// Nothing here writes to the archive.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/sqlite.h"
#include "pipeline/status.h"

namespace gongwen::compare {

// One side of a comparison.
struct PartRef {
  int64_t doc_id = 0;
  int attachment = 0;  // 0 the whole document
};

struct PartMeta {
  PartRef ref;
  std::string file_name;
  std::string title;      // the part's title (the attachment's for an attachment)
  std::string programme;  // "" when the document has none
  std::string part;
  int year = 0;
  int64_t char_start = 0, char_end = 0;  // code points into documents.text
};

// Where a value was read: document, page and span (code points), and the text.
struct Source {
  int64_t doc_id = 0;
  std::string file_name;
  int year = 0;
  int page = 0;  // 0 when unknown
  int64_t start = 0, end = 0;
  std::string text;
};

struct RuleRec {
  std::string kind, subject, category, op, unit, qualifier;
  double value = 0;
  std::optional<double> value2;
  Source src;
};
struct QuotaRec {
  std::string region, unit;
  int max = 0;
  Source src;
};
struct DeadlineRec {
  std::string what, at;
  Source src;
};
struct ItemRec {
  std::string code, title, category, research, targets, description;
  Source src;
};
struct IndicatorRec {
  std::string code, subject, op, unit, si_unit, condition, text;
  double value = 0;
  std::optional<double> value_max, si_min, si_max;  // SI values (si_value is a macro of <signal.h>)
  Source src;
};
struct SectionRec {
  std::string key;      // heading path: "三、组织方式/5．", "附件1/一、…"
  std::string heading;  // marker + heading of the section itself
  std::string text;     // its own text, children and guide items left out
  Source src;
};

// Everything a part says that a comparison looks at.
struct PartData {
  PartMeta meta;
  std::vector<RuleRec> rules;
  std::vector<QuotaRec> quotas;
  std::vector<DeadlineRec> deadlines;
  std::vector<ItemRec> items;
  std::vector<IndicatorRec> indicators;
  std::vector<SectionRec> sections;
};

// Reads a part from the archive. A document of no programme can still be
// compared as a whole (attachment 0).
Result<PartData> LoadPart(Db& db, PartRef ref);

enum class Change { kUnchanged, kChanged, kAdded, kRemoved, kTightened, kRelaxed };
const char* ChangeName(Change c);  // unchanged changed added removed tightened relaxed

// A sentence of a section diff.
struct SentenceEdit {
  char op = '=';  // '=' kept, '-' only in the old text, '+' only in the new
  std::string text;
};

struct Row {
  std::string section;   // rules | quotas | deadlines | guide_items | indicators | text
  std::string kind;      // the rule kind; quota, deadline, item, indicator, section
  std::string category;  // A/B/C when a rule or item names one
  std::string key;       // what was aligned: subject, region, what is due, code, heading path
  std::string old_value, new_value;    // as shown
  std::optional<double> old_num, new_num;  // for charts: caps in their unit, indicators in SI
  std::string unit;      // of old_num/new_num
  Change change = Change::kUnchanged;
  std::string note;      // which fields changed, or why it is a change
  std::optional<Source> a, b;
  std::vector<SentenceEdit> edits;  // text rows: the changed sentences (and none kept)
};

struct Comparison {
  PartMeta a, b;
  std::vector<Row> rows;
};

// Compares two parts: b is the newer one.
Comparison Compare(const PartData& a, const PartData& b);

// The parts of a programme, one per year, oldest first. `programme` names a
// programme (省科技成果转化专项资金: its whole-programme parts), a part
// (创新型产业集群培育试点), or both as "programme/part". A year with several
// candidates takes the whole document over an attachment, and a re-issued
// notice over the one it replaces. `years` empty: every year.
Result<std::vector<PartMeta>> FindParts(Db& db, const std::string& programme, const std::vector<int>& years);

// The part of document `doc_id` to compare with `other`: the whole document,
// unless the other side is (a whole document of) a programme part this
// document has as an attachment.
Result<PartRef> ChoosePart(Db& db, int64_t doc_id, int64_t other_doc_id);

// Consecutive comparisons of a programme's parts.
struct Series {
  std::vector<PartMeta> parts;
  std::vector<Comparison> steps;  // parts[i] → parts[i+1]
};
Result<Series> CompareSeries(Db& db, const std::vector<PartMeta>& parts);

// A value followed across years through aligned rows: one line of a chart.
struct Trend {
  std::string section, kind, category, key, unit;
  std::vector<std::pair<int, double>> points;  // (year, value)
  bool changed = false;
};
// Funding caps (one trend per aligned cap) and changed indicators.
std::vector<Trend> Trends(const Series& s);

// Sentences of a text (ICU sentence breaks), trimmed; blank ones left out.
std::vector<std::string> Sentences(const std::string& text);
// The sentence-level diff of two texts: longest common subsequence of sentences.
std::vector<SentenceEdit> DiffSentences(const std::vector<std::string>& a, const std::vector<std::string>& b);
// Dice coefficient of the character bigrams of two strings, 0..1.
double Similarity(const std::string& a, const std::string& b);

}  // namespace gongwen::compare
