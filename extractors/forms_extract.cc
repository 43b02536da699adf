#include "extractors/forms_extract.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "extractors/forms_values.h"
#include "pipeline/normalize.h"

namespace gongwen {

namespace {

constexpr int kFieldWindow = 80;     // cells searched ahead for the next label
constexpr int kGroupWindow = 600;    // cells searched ahead for a row group's header

bool IsSpace(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000 || c == 0xA0; }

bool IsLabelPunct(char32_t c) {
  if (c < 128) return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
  static const std::u32string kPunct = U"（）：，、；。“”‘’《》【】〔〕「」〈〉…—·×";
  return kPunct.find(c) != std::u32string::npos;
}

bool Kept(char32_t c) { return !IsSpace(c) && !IsLabelPunct(c); }

// A label or cell text reduced for matching: folded, without spaces and
// punctuation, Latin letters lower-cased.
std::u32string NormLabel(std::string_view s) {
  std::u32string out;
  for (char32_t c : ToU32(FoldText(s))) {
    if (!Kept(c)) continue;
    if (c >= 'A' && c <= 'Z') c += 32;
    out += c;
  }
  return out;
}

std::u32string Digits(const std::u32string& s) {
  std::u32string d;
  for (char32_t c : s)
    if (c >= '0' && c <= '9') d += c;
  return d;
}

// 1 for the same wording, 0.9 .. 0.5 for a few character errors, else 0.
double WholeScore(const std::u32string& cell, const std::u32string& label) {
  if (cell == label) return 1;
  if (label.size() < 4 || cell.empty()) return 0;
  // Digits must agree (2020年 is not 2021年); in a label without digits,
  // digits in the cell are OCR's reading of something else (率(%) as 率(00)).
  const std::u32string ld = Digits(label);
  if (!ld.empty() && Digits(cell) != ld) {
    // A digit alone that OCR made of another character (工业总产值(亿7 for
    // （亿元）) is one more error; the label's own digits still must agree.
    std::u32string kept;
    for (size_t k = 0; k < cell.size(); ++k) {
      auto digit = [&](size_t i) { return i < cell.size() && cell[i] >= '0' && cell[i] <= '9'; };
      if (digit(k) && !(k > 0 && digit(k - 1)) && !digit(k + 1)) continue;
      kept += cell[k];
    }
    if (Digits(kept) != ld) return 0;
  }
  if (ld.empty() && !Digits(cell).empty()) {
    std::u32string c;
    for (char32_t ch : cell)
      if (ch < '0' || ch > '9') c += ch;
    return WholeScore(c, label);
  }
  const int cap = std::max<int>(1, static_cast<int>(label.size()) / 6);
  const int d = EditDistance(cell, label, cap);
  if (d > cap) return 0;
  return std::max(0.5, 0.9 - 0.1 * (d - 1));
}

struct Labels {
  std::vector<std::u32string> norm;  // label and aliases, normalized
  std::vector<std::string> folded;   // label and aliases, folded, for inline search
};

Labels LabelsOf(const FormField& f) {
  Labels l;
  l.norm.push_back(NormLabel(f.label));
  l.folded.push_back(FoldText(f.label));
  for (const auto& a : f.aliases) {
    l.norm.push_back(NormLabel(a));
    l.folded.push_back(FoldText(a));
  }
  return l;
}

// The next colon at or after `from`: full-width, or ASCII not between digits (17:30).
size_t NextColon(const std::string& s, size_t from) {
  for (size_t i = from; i < s.size(); ++i) {
    if (s.compare(i, 3, "：") == 0) return i;
    if (s[i] == ':' && !(i > 0 && std::isdigit(static_cast<unsigned char>(s[i - 1])) && i + 1 < s.size() &&
                         std::isdigit(static_cast<unsigned char>(s[i + 1]))))
      return i;
  }
  return std::string::npos;
}

size_t ValueEnd(const std::string& folded, size_t start, const std::vector<Labels>* all) {
  for (size_t colon = NextColon(folded, start); colon != std::string::npos; colon = NextColon(folded, colon + 1)) {
    if (all) {
      size_t best = std::string::npos;
      for (const Labels& l : *all)
        for (const std::string& f : l.folded)
          if (!f.empty() && colon >= start + f.size() && folded.compare(colon - f.size(), f.size(), f) == 0)
            best = std::min(best, colon - f.size());
      if (best != std::string::npos) return best;  // at start: the value is empty
    }
    size_t w = colon;
    while (w > start && folded[w - 1] != ' ' && folded[w - 1] != '\n') --w;
    return w;  // at start: the value is empty, the next label follows
  }
  return folded.size();
}

double WholeScore(const std::u32string& cell, const Labels& l) {
  double best = 0;
  for (size_t k = 0; k < l.norm.size(); ++k) {
    const auto& n = l.norm[k];
    best = std::max(best, WholeScore(cell, n));
    // A label that prints （%） (dropped from `n`): OCR reads the % as digits
    // at the end of the cell (比重(%0), 占有率(9%0)), which in a label with
    // digits of its own (2020年) would fail the digit check.
    if (best < 1 && k < l.folded.size() && l.folded[k].find('%') != std::string::npos && !n.empty() &&
        !(n.back() >= '0' && n.back() <= '9')) {
      std::u32string c = cell;
      size_t cut = 0;
      while (!c.empty() && cut < 3 && ((c.back() >= '0' && c.back() <= '9') || c.back() == 'o')) c.pop_back(), ++cut;
      if (cut > 0 && c.size() >= 4) best = std::max(best, WholeScore(c, n));
    }
    // OCR reads a small % as 00 or 0/0: 率(%) as 率(00).
    if (best < 1 && n.find(U'%') != std::u32string::npos && cell.find(U'%') == std::u32string::npos)
      for (const char32_t* misread : {U"00", U"0/0", U"o/o"}) {
        std::u32string c = cell;
        if (size_t p = c.rfind(misread); p != std::u32string::npos) {
          c.replace(p, std::char_traits<char32_t>::length(misread), U"%");
          best = std::max(best, WholeScore(c, n));
        }
      }
  }
  return best;
}

// A label of two or three characters with one of them misread (猴务 for 职务,
// 圭编 for 邮编), or a longer one with up to a third of them misread (技木成果未源
// for 技术成果来源): 0.4, never with a digit involved. Only for a cell right
// after the previous field's, where print order leaves no other candidate.
double ShortScore(const std::u32string& cell, const Labels& l) {
  for (const auto& n : l.norm) {
    if (n.size() < 2 || cell.size() != n.size()) continue;
    int diff = 0;
    bool digit = false;
    for (size_t k = 0; k < n.size(); ++k)
      if (cell[k] != n[k]) ++diff, digit |= (n[k] >= '0' && n[k] <= '9') || (cell[k] >= '0' && cell[k] <= '9');
    const int allowed = n.size() <= 3 ? 1 : static_cast<int>(n.size()) / 3;
    if (diff >= 1 && diff <= allowed && !digit) return 0.4;
  }
  return 0;
}

bool IsSeparator(char32_t c) {
  return IsSpace(c) || c == U'：' || c == ':' || GlyphState(c) != CheckState::kNone;
}

struct Labels;
// Where a value that starts at `start` ends: before the next "label：" — a
// label of the template (`all`) right before the colon, else the word before
// it when spaces set it apart ("… 联系人：…") — or at the end.
size_t ValueEnd(const std::string& folded, size_t start, const std::vector<Labels>* all);

// The folded text of a cell after a label it starts with, or nullopt.
std::optional<std::string> PrefixRest(const Cell& cell, const std::u32string& cell_norm, const Labels& l,
                                      const std::vector<Labels>* all = nullptr) {
  for (const auto& label : l.norm) {
    if (label.empty() || cell_norm.size() <= label.size()) continue;
    if (cell_norm.compare(0, label.size(), label) != 0) continue;
    std::string folded = FoldText(cell.text);
    size_t pos = 0, kept = 0;
    while (pos < folded.size() && kept < label.size()) {
      char32_t c = DecodeUtf8(folded, &pos);
      if (Kept(c)) ++kept;
    }
    // Closing punctuation of the label (（%）, ：) belongs to it.
    size_t rest = pos;
    while (rest < folded.size()) {
      size_t p = rest;
      char32_t c = DecodeUtf8(folded, &p);
      if (Kept(c) || GlyphState(c) != CheckState::kNone) break;
      if (IsSpace(c) || c == U'：' || c == ':' || c == U'）' || c == ')') rest = p;
      else break;
    }
    size_t p = pos;
    char32_t next = p < folded.size() ? DecodeUtf8(folded, &p) : 0;
    if (label.size() < 6 && !IsSeparator(next) && next != U'）' && next != ')') continue;
    return folded.substr(rest, ValueEnd(folded, rest, all) - rest);
  }
  return std::nullopt;
}

// "规划名称：xxx" anywhere in a cell: the text after the colon up to the next
// "label：" or the end.
std::optional<std::string> InlineValue(const Cell& cell, const Labels& l, const std::vector<Labels>* all) {
  std::string folded = FoldText(cell.text);
  for (const auto& label : l.folded) {
    if (label.empty()) continue;
    for (size_t at = folded.find(label); at != std::string::npos; at = folded.find(label, at + 1)) {
      size_t p = at + label.size();
      while (p < folded.size() && folded[p] == ' ') ++p;
      size_t start;
      if (folded.compare(p, 3, "：") == 0) start = p + 3;
      else if (p < folded.size() && folded[p] == ':') start = p + 1;
      else continue;
      return folded.substr(start, ValueEnd(folded, start, all) - start);
    }
  }
  return std::nullopt;
}

struct RowRef {
  int table = -1, row = 0;
  std::vector<int> cells;   // in reading order
};

class Matcher {
 public:
  Matcher(const FormTemplate& t, const std::vector<Cell>& cells) : t_(t), cells_(cells) {
    norm_.reserve(cells.size());
    for (const Cell& c : cells) norm_.push_back(NormLabel(c.text));
    std::map<std::pair<int, int>, size_t> row_of;
    for (int i = 0; i < static_cast<int>(cells.size()); ++i) {
      const Cell& c = cells[i];
      if (c.table >= 0) {
        for (int r = c.row; r < c.row + std::max(1, c.row_span); ++r)
          for (int k = c.col; k < c.col + std::max(1, c.col_span); ++k) at_.emplace(std::make_tuple(c.table, r, k), i);
        auto key = std::make_pair(c.table, c.row);
        auto it = row_of.find(key);
        if (it == row_of.end()) {
          row_of[key] = rows_.size();
          rows_.push_back({c.table, c.row, {i}});
        } else {
          rows_[it->second].cells.push_back(i);
        }
      } else {
        rows_.push_back({-1, 0, {i}});
      }
      row_index_.push_back(static_cast<int>(rows_.size()) - 1);
    }
    for (int i = 0; i < static_cast<int>(cells.size()); ++i) {
      const auto key = std::make_pair(cells[i].table, cells[i].row);
      if (cells[i].table >= 0) row_index_[i] = static_cast<int>(row_of[key]);
    }
    // Every label of the template, to tell label cells from value cells.
    for (const auto& f : t.fields) all_.push_back(LabelsOf(f));
    for (const auto& g : t.groups) {
      if (!g.block && !g.label.empty()) all_.push_back({{NormLabel(g.label)}, {FoldText(g.label)}});
      for (const auto& f : g.fields) all_.push_back(LabelsOf(f));
    }
    is_label_.assign(cells.size(), false);
    for (size_t i = 0; i < cells.size(); ++i) {
      if (norm_[i].empty()) continue;
      if (Marker(static_cast<int>(i)) > 0) { is_label_[i] = true; continue; }
      for (const auto& l : all_)
        if (WholeScore(norm_[i], l) > 0) { is_label_[i] = true; break; }
    }
  }

  FormRecord Run();

 private:
  struct Hit {
    int label_cell = -1;
    int value_cell = -1;
    std::optional<std::string> inline_text;  // value text from the label's own cell
    double score = 0;
  };

  int At(int table, int row, int col) const {
    auto it = at_.find(std::make_tuple(table, row, col));
    return it == at_.end() ? -1 : it->second;
  }

  int ValueCellOf(int i) const {
    const Cell& c = cells_[i];
    if (c.table < 0) return -1;
    int right = At(c.table, c.row, c.col + std::max(1, c.col_span));
    if (right >= 0 && right != i && !is_label_[right]) return right;
    int below = At(c.table, c.row + std::max(1, c.row_span), c.col);
    if (below >= 0 && below != i && !is_label_[below]) return below;
    if (below < 0 && c.box) {
      // The last row of a table broken by a page: the first row of the next
      // table, in the cell under this one.
      for (int k = i + 1; k < static_cast<int>(cells_.size()); ++k) {
        const Cell& n = cells_[k];
        if (n.table < 0) continue;
        if (n.table == c.table) continue;
        if (n.row != 0) break;
        if (n.box && n.box->x0 < c.box->x1 - 2 && n.box->x1 > c.box->x0 + 2 && !is_label_[k]) return k;
      }
    }
    return -1;
  }

  // The block number of a marker cell (项目1 → 1), or 0.
  int Marker(int i) const {
    for (const auto& g : t_.groups) {
      if (!g.block) continue;
      std::u32string m = NormLabel(g.label);
      const std::u32string& n = norm_[i];
      if (n.size() <= m.size() || n.compare(0, m.size(), m) != 0) continue;
      std::u32string rest = n.substr(m.size());
      int v = 0;
      bool ok = true;
      static const std::u32string kCn = U"一二三四五六七八九";
      for (char32_t c : rest) {
        if (c >= '0' && c <= '9') v = v * 10 + static_cast<int>(c - '0');
        else if (size_t k = kCn.find(c); k != std::u32string::npos && rest.size() == 1) v = static_cast<int>(k) + 1;
        else if (c == U'十' && rest.size() == 1) v = 10;
        else { ok = false; break; }
        if (v > 999) { ok = false; break; }
      }
      if (ok && v > 0) return v;
    }
    return 0;
  }

  // Finds a field's label at or after `from` (inline values may share the
  // cell `from`), before `limit`.
  Hit Find(const FormField& f, int from, int limit) const {
    Labels l = LabelsOf(f);
    for (int i = std::max(0, from); i < limit; ++i) {
      const Cell& c = cells_[i];
      double s = WholeScore(norm_[i], l);
      if (s == 0 && i <= from + 2 && !is_label_[i]) s = ShortScore(norm_[i], l);
      if (s > 0) {
        // The same label twice side by side (a section cell beside its label): the inner one.
        int right = c.table >= 0 ? At(c.table, c.row, c.col + std::max(1, c.col_span)) : -1;
        if (right > i && WholeScore(norm_[right], l) > 0) continue;
        Hit h{i, ValueCellOf(i), std::nullopt, s};
        if (h.value_cell < 0)
          if (auto next = NextPiece(i)) return *next;
        return h;
      }
      if (auto rest = PrefixRest(c, norm_[i], l, &all_)) {
        const std::string cleaned = CleanFormText(*rest);
        if (cleaned.empty())
          if (auto next = NextPiece(i)) return *next;
        // One character set apart after the label (姓名  人), with a value in
        // the cell to the right: a speck in the label's cell, and the value
        // is that cell's.
        if (ToU32(cleaned).size() == 1) {
          const int right = ValueCellOf(i);
          if (right >= 0 && cells_[right].row == c.row && !CleanFormText(cells_[right].text).empty())
            return Hit{i, right, std::nullopt, 0.9};
        }
        return Hit{i, -1, rest, 1.0};
      }
      if (auto v = InlineValue(c, l, &all_)) return Hit{i, -1, v, 1.0};
    }
    return Hit{};
  }

  // OCR may cut a line of "label：value  label：value" into pieces: a label
  // with nothing after it goes on in the next piece of the same line.
  std::optional<Hit> NextPiece(int i) const {
    const Cell& c = cells_[i];
    if (c.table >= 0 || !c.box || i + 1 >= static_cast<int>(cells_.size())) return std::nullopt;
    const Cell& n = cells_[i + 1];
    if (n.table >= 0 || !n.box || n.box->y0 >= c.box->y1 || n.box->y1 <= c.box->y0 || is_label_[i + 1]) return std::nullopt;
    std::string folded = FoldText(n.text);
    return Hit{i + 1, -1, folded.substr(0, ValueEnd(folded, 0, &all_)), 1.0};
  }

  FormValue MakeValue(const FormField& f, const Hit& h, const std::string& where, std::vector<FormFinding>* findings) const;
  FormValue CellValue(const FormField& f, int cell, const std::string& where, std::vector<FormFinding>* findings) const;
  void Validate(const FormField& f, const FormValue& v, const ChoiceResult* choice, const std::string& where,
                std::vector<FormFinding>* findings) const;
  bool LaterLabel(int cell, size_t item) const;
  int MatchRows(const FormGroup& g, size_t item, int cursor, FormRecord* rec) const;
  int MatchBlocks(const FormGroup& g, int cursor, FormRecord* rec) const;
  int MatchFields(const std::vector<FormField>& fields, int cursor, int limit, const std::string& prefix,
                  std::map<std::string, FormValue>* out, std::vector<FormFinding>* findings) const;

  const FormTemplate& t_;
  const std::vector<Cell>& cells_;
  std::vector<std::u32string> norm_;
  std::map<std::tuple<int, int, int>, int> at_;
  std::vector<RowRef> rows_;
  std::vector<int> row_index_;
  std::vector<Labels> all_;
  std::vector<bool> is_label_;
};

void Matcher::Validate(const FormField& f, const FormValue& v, const ChoiceResult* choice, const std::string& where,
                       std::vector<FormFinding>* findings) const {
  if (choice) {
    if (f.type == FormValueType::kChoiceOne && choice->ticked.size() > 1) {
      findings->push_back({"several_choices", where,
                           fmt::format("{}: {} boxes ticked in a single-choice group ({})", f.label,
                                       choice->ticked.size(), v.value)});
      return;
    }
    if (choice->ticked.empty() && f.required)
      findings->push_back({"no_choice", where, fmt::format("{}: no box ticked", f.label)});
    return;
  }
  if (v.value.empty() && v.raw.empty() && f.required)
    findings->push_back({"required_empty", where, fmt::format("{}: required, left empty", f.label)});
}

FormValue Matcher::CellValue(const FormField& f, int cell, const std::string& where,
                             std::vector<FormFinding>* findings) const {
  Hit h;
  h.value_cell = cell;
  h.score = 1.0;
  return MakeValue(f, h, where, findings);
}

FormValue Matcher::MakeValue(const FormField& f, const Hit& h, const std::string& where,
                             std::vector<FormFinding>* findings) const {
  FormValue v;
  int source = h.inline_text ? h.label_cell : h.value_cell;
  if (h.inline_text) v.raw = *h.inline_text;
  else if (h.value_cell >= 0) v.raw = cells_[h.value_cell].text;
  if (source >= 0) {
    const Cell& c = cells_[source];
    v.cell = source;
    v.page = c.page;
    v.box = c.box;
    v.confidence = c.confidence * static_cast<float>(h.score);
  }
  // Very long cells are cut, and said so.
  std::u32string u = ToU32(v.raw);
  if (u.size() > kMaxFormValueChars) {
    findings->push_back({"too_long", where,
                         fmt::format("{}: {} characters, kept the first {}", f.label, u.size(), kMaxFormValueChars)});
    u.resize(kMaxFormValueChars);
    std::string cut;
    for (char32_t c : u) AppendUtf8(c, &cut);
    v.raw = std::move(cut);
  }
  std::string trimmed_raw = CleanFormText(v.raw);
  if (IsChoice(f.type)) {
    ChoiceResult ch = ParseChoice(v.raw, f.options, f.type == FormValueType::kChoiceOne);
    for (size_t i = 0; i < ch.ticked.size(); ++i) v.value += (i ? "、" : "") + ch.ticked[i];
    v.confidence *= ch.confidence;
    v.raw = trimmed_raw;
    Validate(f, v, &ch, where, findings);
    return v;
  }
  NormalizedValue n = NormalizeFormValue(f.type, v.raw);
  // A share above 100% written without a decimal point (64.9 read as 649):
  // the point OCR lost, put back at the rightmost place that brings the
  // share to 100% or under (649 → 64.9, 6495 → 64.95).
  if (f.share && n.number && *n.number > 1.0 && trimmed_raw.find('.') == std::string::npos) {
    std::string digits;
    for (char c : trimmed_raw)
      if (c >= '0' && c <= '9') digits += c;
    for (size_t k = 1; k < digits.size(); ++k) {
      const double pct = std::stod(digits) / std::pow(10.0, static_cast<double>(k));
      if (pct > 100) continue;
      n.number = std::stod(fmt::format("{:.12g}", pct / 100));
      n.value = FormatFormNumber(*n.number);
      v.confidence *= 0.7f;
      break;
    }
  }
  v.raw = trimmed_raw;
  v.value = n.value;
  v.number = n.number;
  if (!n.error.empty()) findings->push_back({n.error_kind, where, f.label + ": " + n.error});
  Validate(f, v, nullptr, where, findings);
  return v;
}

int Matcher::MatchFields(const std::vector<FormField>& fields, int cursor, int limit, const std::string& prefix,
                         std::map<std::string, FormValue>* out, std::vector<FormFinding>* findings) const {
  for (const FormField& f : fields) {
    const std::string where = prefix + f.name;
    Hit h = Find(f, cursor, std::min(limit, cursor + kFieldWindow));
    if (h.label_cell < 0) {
      if (f.required)
        findings->push_back({"label_missing", where, fmt::format("{}: label not found", f.label)});
      FormValue v;
      (*out)[f.name] = v;
      continue;
    }
    (*out)[f.name] = MakeValue(f, h, where, findings);
    if (h.inline_text) {
      cursor = h.label_cell;  // the cell may hold more "label：value" pairs
    } else {
      cursor = h.label_cell + 1;
      // A value to the right is passed over; one below is not (its row holds
      // later labels' values). A checkbox group's cell may go on with
      // "label：value" of the next field (☑是 □否 规划名称：…).
      if (h.value_cell >= 0 && cells_[h.value_cell].row == cells_[h.label_cell].row)
        cursor = IsChoice(f.type) ? h.value_cell : h.value_cell + 1;
    }
  }
  return cursor;
}

// Whether cell i names a label of an item after `item` (the end of a row group).
bool Matcher::LaterLabel(int cell, size_t item) const {
  if (!is_label_[cell]) return false;
  for (size_t k = item + 1; k < t_.items.size(); ++k) {
    const FormItem& it = t_.items[k];
    if (it.field >= 0) {
      if (WholeScore(norm_[cell], LabelsOf(t_.fields[it.field])) > 0) return true;
      continue;
    }
    const FormGroup& g = t_.groups[it.group];
    if (g.block) {
      if (Marker(cell) > 0) return true;
      continue;
    }
    if (!g.label.empty() && WholeScore(norm_[cell], NormLabel(g.label)) > 0) return true;
    for (const auto& f : g.fields)
      if (WholeScore(norm_[cell], LabelsOf(f)) > 0) return true;
  }
  return false;
}

int Matcher::MatchRows(const FormGroup& g, size_t item, int cursor, FormRecord* rec) const {
  const size_t ncols = g.fields.size();
  const size_t need = std::max<size_t>(2, static_cast<size_t>(std::ceil(0.6 * static_cast<double>(ncols))));
  std::vector<Labels> labels;
  for (const auto& f : g.fields) labels.push_back(LabelsOf(f));
  // Header: the first row at or after the cursor holding most column labels.
  auto header_cols = [&](const RowRef& row, std::vector<int>* cols) {
    cols->assign(ncols, -1);
    size_t found = 0;
    for (size_t k = 0; k < ncols; ++k) {
      for (int ci : row.cells) {
        if (WholeScore(norm_[ci], labels[k]) > 0 || PrefixRest(cells_[ci], norm_[ci], labels[k])) {
          (*cols)[k] = ci;
          ++found;
          break;
        }
      }
    }
    return found;
  };
  auto& out = rec->groups[g.name];
  int start_row = cursor < static_cast<int>(cells_.size()) ? row_index_[cursor] : static_cast<int>(rows_.size());
  int header = -1;
  std::vector<int> hcols;
  for (int r = start_row; r < static_cast<int>(rows_.size()); ++r) {
    if (rows_[r].cells.front() > cursor + kGroupWindow) break;
    if (rows_[r].table < 0) continue;
    if (header_cols(rows_[r], &hcols) >= need) { header = r; break; }
  }
  if (header < 0) {
    rec->findings.push_back({"label_missing", g.name, fmt::format("{}: header row not found", g.name)});
    return cursor;
  }
  const RowRef& hrow = rows_[header];
  int last_cell = hrow.cells.back();
  std::vector<int> prev_cell(ncols, -1);  // the last data row's cell of each column
  int n = 0;
  for (int r = header + 1; r < static_cast<int>(rows_.size()); ++r) {
    const RowRef& row = rows_[r];
    bool later = false;
    for (int ci : row.cells) later |= LaterLabel(ci, item);
    if (later) break;
    if (row.table < 0) continue;  // a page header or footer between parts of the table
    std::vector<int> again;
    if (header_cols(row, &again) >= need) { last_cell = row.cells.back(); continue; }  // header repeated on a new page
    // The cell of each column: by grid column in the header's table; by
    // position in a table that continues it with the same number of cells.
    std::vector<int> vals(ncols, -1);
    if (row.table == hrow.table) {
      for (size_t k = 0; k < ncols; ++k)
        if (hcols[k] >= 0) vals[k] = At(row.table, row.row, cells_[hcols[k]].col);
    } else {
      std::vector<int> covering;
      for (int c = 0; c < 64; ++c) {
        int ci = At(row.table, row.row, c);
        if (ci >= 0 && (covering.empty() || covering.back() != ci)) covering.push_back(ci);
      }
      std::vector<int> hcover;
      for (int c = 0; c < 64; ++c) {
        int ci = At(hrow.table, hrow.row, c);
        if (ci >= 0 && (hcover.empty() || hcover.back() != ci)) hcover.push_back(ci);
      }
      if (covering.size() != hcover.size()) break;
      for (size_t k = 0; k < ncols; ++k)
        for (size_t p = 0; p < hcover.size(); ++p)
          if (hcover[p] == hcols[k]) vals[k] = covering[p];
    }
    bool empty = true, example = false;
    for (size_t k = 0; k < ncols; ++k) {
      if (vals[k] < 0 || vals[k] == hcols[k]) { vals[k] = -1; continue; }
      // A merged cell (上游 over its rows) broken by a page prints its text
      // on the first page only: the rows on the next page keep it.
      const int p = prev_cell[k];
      if (p >= 0 && cells_[p].row_span > 1 && cells_[p].table != cells_[vals[k]].table &&
          CleanFormText(cells_[vals[k]].text).empty() && g.fields[k].type == FormValueType::kText && k == 0)
        vals[k] = p;
      const std::string& text = cells_[vals[k]].text;
      if (text.find("示例") != std::string::npos) example = true;
      // A cell spanning rows (上游 over three rows) does not make a row on its own.
      if (cells_[vals[k]].row == row.row && !CleanFormText(text).empty() &&
          !(g.fields[k].type == FormValueType::kText && k == 0 && cells_[vals[k]].row_span > 1))
        empty = false;
    }
    last_cell = std::max(last_cell, row.cells.back());
    if (empty || example) continue;
    for (size_t k = 0; k < ncols; ++k)
      if (vals[k] >= 0) prev_cell[k] = vals[k];
    ++n;
    std::map<std::string, FormValue> values;
    for (size_t k = 0; k < ncols; ++k) {
      const std::string where = fmt::format("{}[{}].{}", g.name, n, g.fields[k].name);
      if (vals[k] < 0) {
        values[g.fields[k].name] = FormValue{};
        if (g.fields[k].required) rec->findings.push_back({"required_empty", where, g.fields[k].label + ": required, left empty"});
        continue;
      }
      values[g.fields[k].name] = CellValue(g.fields[k], vals[k], where, &rec->findings);
    }
    out.push_back(std::move(values));
  }
  return last_cell + 1;
}

int Matcher::MatchBlocks(const FormGroup& g, int cursor, FormRecord* rec) const {
  std::vector<int> markers;
  for (int i = std::max(0, cursor); i < static_cast<int>(cells_.size()); ++i)
    if (Marker(i) > 0) markers.push_back(i);
  auto& out = rec->groups[g.name];
  int end_cursor = cursor;
  for (size_t k = 0; k < markers.size(); ++k) {
    const int begin = markers[k] + 1;
    const int limit = k + 1 < markers.size() ? markers[k + 1] : static_cast<int>(cells_.size());
    std::map<std::string, FormValue> values;
    std::vector<FormFinding> findings;
    const std::string prefix = fmt::format("{}[{}].", g.name, out.size() + 1);
    MatchFields(g.fields, begin, limit, prefix, &values, &findings);
    bool any = false;
    for (const auto& [name, v] : values) any |= !v.raw.empty();
    end_cursor = limit;
    if (!any) continue;  // 项目3 …… left blank
    out.push_back(std::move(values));
    for (auto& f : findings) rec->findings.push_back(std::move(f));
  }
  return end_cursor;
}

FormRecord Matcher::Run() {
  FormRecord rec;
  rec.template_id = t_.id;
  int cursor = 0;
  const int n = static_cast<int>(cells_.size());
  for (size_t k = 0; k < t_.items.size(); ++k) {
    const FormItem& item = t_.items[k];
    if (item.field >= 0) {
      cursor = MatchFields({t_.fields[item.field]}, cursor, n, "", &rec.fields, &rec.findings);
      continue;
    }
    const FormGroup& g = t_.groups[item.group];
    cursor = g.block ? MatchBlocks(g, cursor, &rec) : MatchRows(g, k, cursor, &rec);
  }
  return rec;
}

bool HasTable(const std::vector<Cell>& cells) {
  for (const Cell& c : cells)
    if (c.table >= 0) return true;
  return false;
}

}  // namespace

bool LooksLikeForm(const std::vector<Cell>& cells) {
  if (!HasTable(cells)) return false;
  for (const Cell& c : cells) {
    if (c.table >= 0) {
      for (char32_t ch : ToU32(c.text))
        if (GlyphState(ch) != CheckState::kNone) return true;
      continue;
    }
    std::string t = CleanFormText(c.text);
    if (t.ends_with("表") || t.ends_with("申报书") || t.ends_with("申请书")) return true;
  }
  return false;
}

std::optional<TemplateScore> DetectFormTemplate(const std::vector<Cell>& cells) {
  if (!HasTable(cells)) return std::nullopt;
  std::vector<std::u32string> norm;
  std::set<std::u32string> exact;
  for (const Cell& c : cells) {
    norm.push_back(NormLabel(c.text));
    exact.insert(norm.back());
  }
  std::optional<TemplateScore> best;
  for (const FormTemplate& t : FormTemplates()) {
    std::vector<Labels> labels;
    for (const auto& f : t.fields) labels.push_back(LabelsOf(f));
    for (const auto& g : t.groups) {
      if (g.block) labels.push_back({{NormLabel(g.label + "1")}, {g.label + "1"}});
      else for (const auto& f : g.fields) labels.push_back(LabelsOf(f));
    }
    double sum = 0;
    for (const Labels& l : labels) {
      double s = 0;
      for (const auto& n : l.norm)
        if (exact.count(n)) s = 1;
      for (size_t i = 0; i < cells.size() && s < 1; ++i) {
        if (PrefixRest(cells[i], norm[i], l)) s = 1;
        else s = std::max(s, WholeScore(norm[i], l) > 0 ? 0.5 : 0.0);
      }
      sum += s;
    }
    TemplateScore ts{&t, labels.empty() ? 0 : sum / static_cast<double>(labels.size()), false};
    std::vector<std::u32string> titles{NormLabel(t.title)};
    for (const auto& a : t.title_aliases) titles.push_back(NormLabel(a));
    for (const auto& n : norm)
      for (const auto& title : titles)
        if (!title.empty() && n.find(title) != std::u32string::npos) ts.title = true;
    const bool fits = (ts.title && ts.score >= 0.3) || ts.score >= 0.6;
    if (fits && (!best || ts.score > best->score)) best = ts;
  }
  return best;
}

namespace {

// OCR puts stray curly quotes into a line of Chinese (联“系人:黄平”联系电话),
// which hide a label from the "label：value" search: in a cell read by OCR
// (confidence under 1), a quote mark between two Han characters is dropped.
std::vector<Cell> WithoutStrayQuotes(const std::vector<Cell>& cells) {
  std::vector<Cell> out = cells;
  for (Cell& c : out) {
    if (c.confidence >= 1.0f) continue;
    const std::u32string u = ToU32(c.text);
    std::u32string kept;
    bool dropped = false;
    for (size_t i = 0; i < u.size(); ++i) {
      const char32_t q = u[i];
      if ((q == U'“' || q == U'”' || q == U'‘' || q == U'’') && i > 0 && i + 1 < u.size() && IsHan(u[i - 1]) &&
          IsHan(u[i + 1])) {
        dropped = true;
        continue;
      }
      kept += q;
    }
    if (!dropped) continue;
    std::string t;
    for (char32_t ch : kept) AppendUtf8(ch, &t);
    c.text = std::move(t);
  }
  return out;
}

}  // namespace

FormRecord ExtractForm(const FormTemplate& t, const std::vector<Cell>& cells) {
  const std::vector<Cell> cleaned = WithoutStrayQuotes(cells);
  Matcher m(t, cleaned);
  return m.Run();
}

void RecognizeForm(Document* doc) {
  if (doc->cells.empty()) return;
  auto det = DetectFormTemplate(doc->cells);
  if (det) {
    FormRecord r = ExtractForm(*det->tmpl, doc->cells);
    r.score = det->score;
    // A blank form (a notice that attaches the form to fill) is no record.
    size_t filled = 0;
    for (const auto& [name, v] : r.fields) filled += !v.value.empty();
    for (const auto& [name, rows] : r.groups) filled += rows.size();
    if (filled * 5 < r.fields.size()) return;
    doc->form = std::move(r);
    return;
  }
  if (!LooksLikeForm(doc->cells)) return;
  FormRecord r;
  size_t n = 0;
  for (const Cell& c : doc->cells) n += c.table >= 0;
  r.findings.push_back({"unknown_template", "", fmt::format("a form ({} table cells) that fills no known template", n)});
  doc->warnings.push_back(r.findings.back().message);
  doc->form = std::move(r);
}

std::vector<FormFinding> CheckAgainstNotice(const FormTemplate& t, const FormRecord& r, const NoticeLimits& limits) {
  std::vector<FormFinding> out;
  if (t.funding.empty()) return out;
  auto split = [](const std::string& s) {
    size_t dot = s.find('.');
    return dot == std::string::npos ? std::make_pair(std::string(), s)
                                    : std::make_pair(s.substr(0, dot), s.substr(dot + 1));
  };
  auto [fgroup, ffield] = split(t.funding);
  auto [igroup, ifield] = split(t.investment);
  auto check = [&, ffield = ffield, ifield = ifield](const std::map<std::string, FormValue>& funding_row,
                   const std::map<std::string, FormValue>* investment_row, const std::string& where) {
    auto f = funding_row.find(ffield);
    if (f == funding_row.end() || !f->second.number) return;
    const double request = *f->second.number;
    if (limits.cap_cny && request > *limits.cap_cny + 0.5)
      out.push_back({"above_cap", where,
                     fmt::format("requested {} 万元, above the notice's cap of {} 万元 ({})", FormatFormNumber(request / 1e4),
                                 FormatFormNumber(*limits.cap_cny / 1e4), limits.cap_text)});
    if (!limits.share || !investment_row) return;
    auto inv = investment_row->find(ifield);
    if (inv == investment_row->end() || !inv->second.number || *inv->second.number <= 0) return;
    const double allowed = *limits.share * *inv->second.number;
    if (request > allowed + 0.5)
      out.push_back({"above_share", where,
                     fmt::format("requested {} 万元, above {} of the total investment of {} 万元 ({})",
                                 FormatFormNumber(request / 1e4), FormatFormNumber(*limits.share),
                                 FormatFormNumber(*inv->second.number / 1e4), limits.share_text)});
  };
  if (fgroup.empty()) {
    check(r.fields, ifield.empty() ? nullptr : &r.fields, ffield);
    return out;
  }
  auto g = r.groups.find(fgroup);
  if (g == r.groups.end()) return out;
  for (size_t i = 0; i < g->second.size(); ++i) {
    const auto& row = g->second[i];
    check(row, igroup == fgroup ? &row : nullptr, fmt::format("{}[{}].{}", fgroup, i + 1, ffield));
  }
  return out;
}

}  // namespace gongwen
