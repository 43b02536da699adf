// Precision and recall of the indicators on hand-annotated seeds.
//
// tests/golden/indicators/<seed>.tsv lists every quantity of a part of a seed,
// written by reading the document (never from program output). The test runs
// the whole text pipeline on the seed, keeps the quantities extracted in the
// same parts, pairs them with the golden rows on (code, kind, op, value,
// value_max, unit, condition) and reports precision and recall per kind;
// both must be at least 0.98. Subjects are checked on the pairs: the
// extracted subject must contain the annotated one.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "extractors/quantities.h"
#include "pipeline/ingest.h"
#include "tests/test_util.h"

namespace gongwen {
namespace {

using testing::SourceDir;

struct Gold {
  std::string scope, code, kind, subject, op, unit, condition;
  double value = 0;
  std::optional<double> value_max;
  int line = 0;
};

std::vector<Gold> ReadGold(const std::string& seed) {
  std::ifstream in(SourceDir() / "tests/golden/indicators" / (seed + ".tsv"));
  EXPECT_TRUE(in) << seed;
  std::vector<Gold> out;
  std::string line;
  int n = 0;
  bool header = true;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    if (header) {  // the column names
      header = false;
      continue;
    }
    std::vector<std::string> c;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, '\t')) c.push_back(cell == "-" ? "" : cell);
    EXPECT_EQ(c.size(), 9u) << seed << ":" << n;
    if (c.size() != 9) continue;
    Gold g;
    g.scope = c[0];
    g.code = c[1];
    g.kind = c[2];
    g.subject = c[3];
    g.op = c[4];
    g.value = std::stod(c[5]);
    if (!c[6].empty()) g.value_max = std::stod(c[6]);
    g.unit = c[7];
    g.condition = c[8];
    g.line = n;
    out.push_back(g);
  }
  return out;
}

bool Near(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b)); }

bool Same(const Gold& g, const Quantity& q) {
  return g.code == q.code && g.kind == q.kind && g.op == q.op && Near(q.value, g.value) &&
         g.value_max.has_value() == q.value_max.has_value() && (!g.value_max || Near(*q.value_max, *g.value_max)) &&
         g.unit == q.unit && g.condition == q.condition;
}

bool Inside(Span s, Span outer) { return s.begin >= outer.begin && s.end <= outer.end; }

// The quantities of a scope.
std::vector<Quantity> InScope(const Document& doc, const std::string& scope) {
  std::vector<Span> spans;
  if (scope == "item") {
    for (const GuideItem& g : doc.guide_items) spans.push_back(g.span);
  } else if (scope == "body") {
    for (const Section& s : doc.sections)
      if (s.attachment == 0 && s.level == 1 && (s.heading == "申报基本条件" || s.heading == "组织方式及要求"))
        spans.push_back(s.span);
  } else if (scope == "quota_table") {
    for (const Table& t : doc.tables)
      if (t.caption.find("推荐名额") != std::string::npos) spans.push_back(t.span);
  } else if (scope == "table1") {
    for (const Table& t : doc.tables)
      if (t.caption.starts_with("表1")) spans.push_back(t.span);
  }
  EXPECT_FALSE(spans.empty()) << "scope " << scope << " not found";
  std::vector<Quantity> out;
  for (const Quantity& q : doc.quantities)
    for (Span s : spans)
      if (Inside(q.span, s)) {
        out.push_back(q);
        break;
      }
  return out;
}

struct Tally {
  int gold = 0, got = 0, hit = 0;
};

TEST(IndicatorsGoldenTest, PrecisionAndRecallPerKind) {
  const std::vector<std::string> seeds = {"2022-11-08_jiangsu-kjt-czt_2023-chengguo-zhuanhua-guide-notice",
                                          "2022-07-22_jiangsu-kjt_14th-five-year-hightech-plan"};
  std::map<std::string, Tally> by_kind;
  int subject_ok = 0, pairs = 0;
  for (const std::string& seed : seeds) {
    SCOPED_TRACE(seed);
    auto doc = ProcessFile((SourceDir() / "corpus/notices" / (seed + ".txt")).string());
    ASSERT_TRUE(doc.ok()) << doc.status().message();
    std::vector<Gold> gold = ReadGold(seed);
    std::map<std::string, std::vector<Gold>> gold_by_scope;
    for (const Gold& g : gold) gold_by_scope[g.scope].push_back(g);
    for (auto& [scope, rows] : gold_by_scope) {
      std::vector<Quantity> got = InScope(doc.value(), scope);
      std::vector<bool> used(got.size(), false);
      for (const Quantity& q : got) by_kind[q.kind].got++;
      for (const Gold& g : rows) {
        by_kind[g.kind].gold++;
        bool found = false;
        for (size_t i = 0; i < got.size() && !found; ++i) {
          if (used[i] || !Same(g, got[i])) continue;
          used[i] = found = true;
          by_kind[g.kind].hit++;
          ++pairs;
          if (got[i].subject.find(g.subject) != std::string::npos) ++subject_ok;
          else ADD_FAILURE() << seed << ".tsv:" << g.line << ": subject " << got[i].subject << " lacks " << g.subject;
        }
        if (!found)
          ADD_FAILURE() << seed << ".tsv:" << g.line << ": not extracted: " << g.code << " " << g.kind << " "
                        << g.subject << " " << g.op << " " << g.value << " " << g.unit << " {" << g.condition << "}";
      }
      for (size_t i = 0; i < got.size(); ++i)
        if (!used[i]) ADD_FAILURE() << seed << " " << scope << ": extracted, not annotated: " << DumpQuantity(got[i]);
    }
  }
  std::printf("%-12s %6s %6s %6s %9s %7s\n", "kind", "gold", "found", "right", "precision", "recall");
  for (const auto& [kind, t] : by_kind) {
    double p = t.got ? double(t.hit) / t.got : 1, r = t.gold ? double(t.hit) / t.gold : 1;
    std::printf("%-12s %6d %6d %6d %9.3f %7.3f\n", kind.c_str(), t.gold, t.got, t.hit, p, r);
    EXPECT_GE(p, 0.98) << kind;
    EXPECT_GE(r, 0.98) << kind;
  }
  std::printf("subjects right on %d of %d pairs\n", subject_ok, pairs);
}

}  // namespace
}  // namespace gongwen
