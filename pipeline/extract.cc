#include "pipeline/extract.h"

#include <set>

#include "extractors/contacts.h"
#include "extractors/guide_items.h"
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
  std::set<std::pair<std::string, std::string>> seen;
  std::vector<Reference> kept;
  for (Reference& r : doc->references) {
    std::string key = TitleKey(r.title);
    if (!r.title.empty() && (own.count(key) || aliases.count(key))) {
      if (r.doc_number.empty()) continue;
      r.title.clear();
    }
    if (r.title.empty() && r.doc_number.empty()) continue;
    if (doc->doc_number && r.doc_number == doc->doc_number->text && r.title.empty()) continue;
    if (!seen.insert({key, r.doc_number}).second) continue;
    // A bare 文号 already cited with its title adds nothing.
    if (r.title.empty()) {
      bool dup = false;
      for (const Reference& k : kept) dup |= k.doc_number == r.doc_number;
      if (dup) continue;
    }
    kept.push_back(std::move(r));
  }
  doc->references = std::move(kept);
}

}  // namespace

void ExtractAll(Document* doc) {
  ExtractGuideItems(doc);
  ExtractRules(doc);
  ExtractQuotas(doc);
  ExtractDeadlines(doc);
  doc->contacts = FindContacts(doc->text);
  doc->references = FindReferences(doc->text);
  TidyReferences(doc);
  doc->urls = FindUrls(doc->text);
}

}  // namespace gongwen
