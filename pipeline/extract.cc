#include "pipeline/extract.h"

#include <set>
#include <tuple>

#include "extractors/contacts.h"
#include "extractors/guide_items.h"
#include "extractors/quantities.h"
#include "extractors/references.h"
#include "extractors/rules.h"
#include "extractors/urls.h"
#include "pipeline/regex.h"
#include "pipeline/structure.h"

namespace gongwen {
namespace {

// 〈〉 inside 《》 is how a title is quoted within a title; compare them alike.
std::string TitleKey(std::string_view s) {
  std::string out = TightenCjkSpaces(s);
  for (auto [from, to] : {std::pair{"〈", "《"}, std::pair{"〉", "》"}}) {
    for (size_t p = out.find(from); p != std::string::npos; p = out.find(from, p))
      out.replace(p, std::string_view(from).size(), to);
  }
  return out;
}

const RE2& AliasRe() {
  static const RE2& re = CompileOrDie("以下简称", R"(以下简称\s*[《“"]([^》”"]{1,40})[》”"])");
  return re;
}

void TidyReferences(Document* doc) {
  std::set<std::string> own = {TitleKey(doc->title), TitleKey(doc->forwarded_title)};
  std::set<std::string> aliases;
  std::string alias;
  re2::StringPiece in(doc->text);
  while (RE2::FindAndConsume(&in, AliasRe(), &alias)) aliases.insert(TitleKey(alias));
  // One entry per cited document: by title when there is one, else by 文号.
  std::vector<Reference> kept;
  auto find = [&](const Reference& r) -> Reference* {
    for (Reference& k : kept) {
      if (!r.title.empty() && TitleKey(k.title) == TitleKey(r.title)) return &k;
      if (!r.doc_number.empty() && k.doc_number == r.doc_number) return &k;
    }
    return nullptr;
  };
  for (Reference& r : doc->references) {
    std::string key = TitleKey(r.title);
    if (!r.title.empty() && (own.count(key) || aliases.count(key))) {
      if (r.doc_number.empty()) continue;
      r.title.clear();
    }
    if (r.title.empty() && r.doc_number.empty()) continue;
    if (doc->doc_number && r.doc_number == doc->doc_number->text && r.title.empty()) continue;
    if (Reference* k = find(r)) {
      if (k->doc_number.empty()) k->doc_number = r.doc_number;
      if (k->title.empty()) k->title = r.title;
      continue;
    }
    kept.push_back(std::move(r));
  }
  doc->references = std::move(kept);
}

}  // namespace

// Code points the two strings share at their ends.
size_t CommonSuffixChars(std::string_view a, std::string_view b) {
  size_t n = 0, chars = 0;
  while (n < a.size() && n < b.size() && a[a.size() - 1 - n] == b[b.size() - 1 - n]) {
    if ((static_cast<unsigned char>(a[a.size() - 1 - n]) & 0xC0) != 0x80) ++chars;
    ++n;
  }
  return chars;
}

// A rule restated later (an attachment repeating the notice, a 承诺书 quoting
// it) adds nothing: same kind, op, value and unit, about the same subject (the
// subjects end alike: "单个项目的…联合支持强度" / "每个项目的…联合支持强度"),
// and no category the first did not have.
void DropRestatedRules(Document* doc) {
  std::vector<Rule> kept;
  for (Rule& r : doc->rules) {
    bool restated = false;
    for (const Rule& k : kept)
      restated |= k.kind == r.kind && k.op == r.op && k.value == r.value && k.value2 == r.value2 &&
                  k.unit == r.unit && (r.category.empty() || r.category == k.category) &&
                  CommonSuffixChars(k.subject, r.subject) >= 4;
    if (!restated) kept.push_back(std::move(r));
  }
  doc->rules = std::move(kept);
}

void ExtractAll(Document* doc) {
  ExtractGuideItems(doc);
  ExtractRules(doc);
  DropRestatedRules(doc);
  ExtractQuotas(doc);
  ExtractDeadlines(doc);
  doc->contacts = FindContacts(doc->text);
  doc->references = FindReferences(doc->text);
  TidyReferences(doc);
  doc->urls = FindUrls(doc->text);
  ExtractQuantities(doc);  // after guide items: a quantity inside one takes its code
}

}  // namespace gongwen
