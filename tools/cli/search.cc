// `gongwen search QUERY`: full-text search over sections and guide items.
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "pipeline/search.h"
#include "tools/cli/cli.h"

namespace gongwen::cli {
namespace {

using nlohmann::ordered_json;

ordered_json HitJson(const SearchHit& h) {
  ordered_json j;
  j["doc"] = h.doc_id;
  j["file"] = h.file_name;
  j["title"] = h.title;
  j["year"] = h.year ? ordered_json(*h.year) : ordered_json(nullptr);
  j["kind"] = h.kind;
  j["section"] = h.section.empty() ? ordered_json(nullptr) : ordered_json(h.section);
  j["code"] = h.code.empty() ? ordered_json(nullptr) : ordered_json(h.code);
  j["item_title"] = h.item_title.empty() ? ordered_json(nullptr) : ordered_json(h.item_title);
  j["page"] = h.page ? ordered_json(*h.page) : ordered_json(nullptr);
  j["snippet"] = h.snippet;
  ordered_json marks = ordered_json::array();
  for (const auto& [s, e] : h.marks) marks.push_back({s, e});
  j["marks"] = marks;  // [start, end) code points in snippet
  ordered_json matches = ordered_json::array();
  for (const auto& [s, e] : h.matches) matches.push_back({s, e});
  j["matches"] = matches;  // [start, end) code points in the document's text
  j["chunk"] = {h.char_start, h.char_end};
  j["score"] = h.score;
  return j;
}

void PrintHit(size_t n, const SearchHit& h) {
  std::string where = h.year ? fmt::format("{}", *h.year) : "----";
  if (h.page) where += fmt::format(" p.{}", *h.page);
  std::string head = h.kind == "item" ? (h.item_title.empty() ? h.code : h.code + " " + h.item_title)
                     : !h.section.empty() ? h.section
                                          : h.title;
  std::cout << fmt::format("{:>2}. [doc {}] {}  {}\n", n, h.doc_id, where, head);
  if (h.kind != "document") std::cout << "    " << h.title << "\n";
  std::cout << "    " << MarkSnippet(h, "【", "】") << "\n";
}

}  // namespace

int RunSearch(const Globals& g, const std::vector<std::string>& words, const SearchOptions& options) {
  std::string text;
  for (const std::string& w : words) {
    if (!text.empty()) text += ' ';
    text += w;
  }
  auto query = ParseQuery(text);
  if (!query.ok()) {
    Error(query.status().message());
    return kExitUsage;
  }
  auto store = OpenStore(g, true);
  if (!store.ok()) {
    Error(store.status().message());
    return store.status().code() == Status::Code::kNotFound ? kExitInputFailed : kExitDatabase;
  }
  auto hits = Search(store.value()->db(), query.value(), options);
  if (!hits.ok()) {
    Error(hits.status().message());
    return kExitDatabase;
  }
  if (g.json) {
    ordered_json out = ordered_json::array();
    for (const SearchHit& h : hits.value()) out.push_back(HitJson(h));
    std::cout << out.dump(2, ' ', false, ordered_json::error_handler_t::replace) << "\n";
    return kExitOk;
  }
  if (query.value().plain && words.size() > 0)
    std::cerr << "gongwen: searched as plain words (the query did not parse as AND/OR/NOT, \"phrase\", prefix*)\n";
  const auto& list = hits.value();
  for (size_t i = 0; i < list.size(); ++i) PrintHit(i + 1, list[i]);
  if (list.empty()) std::cout << "no matches\n";
  else if (options.limit > 0 && list.size() == static_cast<size_t>(options.limit))
    std::cout << fmt::format("the first {} result{}; --limit N for more\n", list.size(), list.size() == 1 ? "" : "s");
  else std::cout << fmt::format("{} result{}\n", list.size(), list.size() == 1 ? "" : "s");
  return kExitOk;
}

}  // namespace gongwen::cli
