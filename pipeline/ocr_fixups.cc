#include "pipeline/ocr_fixups.h"

#include <algorithm>
#include <memory>

#include "pipeline/embedded.h"
#include "pipeline/regex.h"

namespace gongwen {

namespace {

struct FixupRule {
  std::string name;
  const RE2* re;
  std::string rewrite;
};

const std::vector<FixupRule>& Rules() {
  static const std::vector<FixupRule>* rules = [] {
    auto* out = new std::vector<FixupRule>();
    std::string_view tsv = EmbeddedSchema("ocr_fixups.tsv");
    for (size_t s = 0, e; s < tsv.size(); s = e + 1) {
      e = tsv.find('\n', s);
      if (e == std::string_view::npos) e = tsv.size();
      std::string_view line = tsv.substr(s, e - s);
      if (line.empty() || line[0] == '#') continue;
      size_t t1 = line.find('\t'), t2 = line.find('\t', t1 + 1);
      if (t1 == std::string_view::npos || t2 == std::string_view::npos) continue;
      FixupRule r;
      r.name = std::string(line.substr(0, t1));
      // Compiled once for the life of the program (CompileOrDie's contract).
      r.re = &CompileOrDie("ocr fixup " + r.name, line.substr(t1 + 1, t2 - t1 - 1));
      r.rewrite = std::string(line.substr(t2 + 1));
      out->push_back(std::move(r));
    }
    return out;
  }();
  return *rules;
}

// An edit of one pass: [ob, oe) of the old string became [nb, ne).
struct Edit {
  size_t ob, oe, nb, ne;
};

// Applies one rule to every line of text; returns the edits in order.
std::vector<Edit> ApplyRule(const FixupRule& rule, std::string* text) {
  std::vector<Edit> edits;
  std::string out;
  out.reserve(text->size());
  const std::string& in = *text;
  const int ngroups = rule.re->NumberOfCapturingGroups();
  std::vector<re2::StringPiece> groups(ngroups + 1);
  size_t line_start = 0;
  while (line_start <= in.size()) {
    size_t line_end = in.find('\n', line_start);
    if (line_end == std::string::npos) line_end = in.size();
    re2::StringPiece line(in.data() + line_start, line_end - line_start);
    size_t pos = 0;
    while (pos <= line.size() &&
           rule.re->Match(line, pos, line.size(), RE2::UNANCHORED, groups.data(), ngroups + 1)) {
      size_t mb = groups[0].data() - line.data(), me = mb + groups[0].size();
      std::string rep;
      rule.re->Rewrite(&rep, rule.rewrite, groups.data(), ngroups + 1);
      out.append(line.data() + pos, mb - pos);
      if (rep != std::string_view(groups[0].data(), groups[0].size())) {
        edits.push_back({line_start + mb, line_start + me, out.size(), out.size() + rep.size()});
      }
      out += rep;
      if (me == mb) {  // empty match: copy one byte and go on
        if (me < line.size()) out += line[me];
        pos = me + 1;
      } else {
        pos = me;
      }
    }
    if (pos < line.size()) out.append(line.data() + pos, line.size() - pos);
    if (line_end == in.size()) break;
    out += '\n';
    line_start = line_end + 1;
  }
  // Recompute new offsets of the edits: they were recorded in `out` order.
  *text = std::move(out);
  return edits;
}

size_t MapBegin(size_t o, const std::vector<Edit>& edits) {
  long long delta = 0;
  for (const Edit& e : edits) {
    if (o < e.ob) break;
    if (o < e.oe) return e.nb;
    delta = static_cast<long long>(e.ne) - static_cast<long long>(e.oe);
  }
  return static_cast<size_t>(static_cast<long long>(o) + delta);
}

size_t MapEnd(size_t o, const std::vector<Edit>& edits) {
  long long delta = 0;
  for (const Edit& e : edits) {
    if (o <= e.ob) break;
    if (o <= e.oe) return e.ne;
    delta = static_cast<long long>(e.ne) - static_cast<long long>(e.oe);
  }
  return static_cast<size_t>(static_cast<long long>(o) + delta);
}

}  // namespace

FixupStats ApplyOcrFixups(std::string* text, std::vector<Word>* words, size_t base) {
  FixupStats stats;
  for (const FixupRule& rule : Rules()) {
    std::vector<Edit> edits = ApplyRule(rule, text);
    if (edits.empty()) continue;
    stats.applied += static_cast<int>(edits.size());
    if (!words) continue;
    for (Word& w : *words) {
      size_t b = w.orig_begin - base, e = w.orig_end - base;
      w.orig_begin = base + MapBegin(b, edits);
      w.orig_end = base + std::max(MapEnd(e, edits), MapBegin(b, edits));
    }
  }
  return stats;
}

std::string FixOcrText(std::string_view text) {
  std::string s(text);
  ApplyOcrFixups(&s, nullptr, 0);
  return s;
}

}  // namespace gongwen
