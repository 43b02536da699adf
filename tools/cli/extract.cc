// `gongwen extract [--json] [FILE|-]`: the quantity and date extractors over
// any text, without the archive.
//
// The input goes through the layout stage first (so a superscript a PDF left
// on its own line, `mm` + `2`, is read as mm²), and every offset printed is a
// character (code point) offset into the input as given.
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "extractors/dates.h"
#include "extractors/quantities.h"
#include "pipeline/acquire.h"
#include "pipeline/layout.h"
#include "pipeline/store.h"
#include "tools/cli/cli.h"

namespace gongwen::cli {
namespace {

using nlohmann::ordered_json;

std::string Num(double v) { return fmt::format("{:.10g}", v); }

ordered_json OptNum(const std::optional<double>& v) { return v ? ordered_json(*v) : ordered_json(nullptr); }

int RunExtract(const std::string& path, bool json) {
  std::string bytes;
  if (path.empty() || path == "-") {
    bytes.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      Error(path + ": cannot read");
      return kExitInputFailed;
    }
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  auto decoded = DecodeText(bytes);
  if (!decoded.ok()) {
    Error((path.empty() ? "-" : path) + ": " + decoded.status().message());
    return kExitInputFailed;
  }
  Document doc;
  doc.original = std::move(decoded.value().utf8);
  LayoutText(&doc);
  const std::vector<Quantity> quantities = FindQuantities(doc.text);
  const std::vector<DateMatch> dates = FindDates(doc.text);
  const CharIndex chars(doc.original);
  // Offsets into the input: normalized byte → original byte → code point.
  auto at = [&](size_t norm) { return static_cast<int64_t>(chars(doc.map.ToOriginal(norm))); };
  auto end_at = [&](size_t norm_end) {
    // The end of a span maps through its last byte.
    if (norm_end == 0) return at(0);
    size_t last = doc.map.ToOriginal(norm_end - 1);
    size_t p = last + 1;
    while (p < doc.original.size() && (static_cast<unsigned char>(doc.original[p]) & 0xC0) == 0x80) ++p;
    return static_cast<int64_t>(chars(p));
  };

  if (json) {
    ordered_json out;
    out["quantities"] = ordered_json::array();
    for (const Quantity& q : quantities) {
      ordered_json j;
      j["text"] = q.text;
      j["kind"] = q.kind;
      j["subject"] = q.subject;
      j["op"] = q.op;
      j["value"] = q.value;
      j["value_max"] = OptNum(q.value_max);
      j["tolerance"] = q.tolerance.empty() ? ordered_json(nullptr) : ordered_json(q.tolerance);
      j["unit"] = q.unit;
      j["si_value"] = OptNum(q.si);
      j["si_value_max"] = OptNum(q.si_max);
      j["si_unit"] = q.si_unit.empty() ? ordered_json(nullptr) : ordered_json(q.si_unit);
      j["condition"] = q.condition.empty() ? ordered_json(nullptr) : ordered_json(q.condition);
      j["qualifier"] = q.qualifier.empty() ? ordered_json(nullptr) : ordered_json(q.qualifier);
      j["start"] = at(q.span.begin);
      j["end"] = end_at(q.span.end);
      out["quantities"].push_back(std::move(j));
    }
    out["dates"] = ordered_json::array();
    for (const DateMatch& d : dates) {
      ordered_json j;
      j["text"] = d.text;
      j["value"] = d.value.Iso();
      j["start"] = at(d.span.begin);
      j["end"] = end_at(d.span.end);
      out["dates"].push_back(std::move(j));
    }
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return kExitOk;
  }

  std::vector<std::vector<std::string>> rows;
  for (const Quantity& q : quantities) {
    std::string value = Num(q.value) + (q.value_max ? ".." + Num(*q.value_max) : "");
    if (!q.tolerance.empty()) value += " ±" + q.tolerance;
    std::string si;
    if (q.si) si = Num(*q.si) + (q.si_max ? ".." + Num(*q.si_max) : "") + " " + q.si_unit;
    rows.push_back({fmt::format("{}-{}", at(q.span.begin), end_at(q.span.end)), q.kind, q.subject, q.op, value,
                    q.unit, si, q.condition, q.qualifier, q.text});
  }
  if (!rows.empty())
    PrintTable({"at", "kind", "subject", "op", "value", "unit", "si", "condition", "qualifier", "text"}, rows, 40);
  if (!dates.empty()) {
    if (!rows.empty()) std::cout << "\n";
    std::vector<std::vector<std::string>> drows;
    for (const DateMatch& d : dates)
      drows.push_back({fmt::format("{}-{}", at(d.span.begin), end_at(d.span.end)), d.value.Iso(), d.text});
    PrintTable({"at", "date", "text"}, drows);
  }
  return kExitOk;
}

}  // namespace

Subcommand AddExtractCommand(CLI::App& app, Globals& g) {
  auto* sub = app.add_subcommand("extract", "quantities, amounts and dates in any text (stdin by default)");
  auto path = std::make_shared<std::string>();
  sub->add_option("FILE", *path, "a text file, or - for stdin (the default)");
  sub->add_flag("--json", g.json, "JSON for scripts");
  return {sub, [path, &g] { return RunExtract(*path, g.json); }};
}

}  // namespace gongwen::cli
