// libFuzzer target: decoding and every text stage (layout → structure →
// extract) on arbitrary bytes. Run with tools/fuzz text_stages_fuzz [seconds].
#include <cstddef>
#include <cstdint>
#include <string>

#include "pipeline/acquire.h"
#include "pipeline/ingest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto decoded = gongwen::DecodeText(bytes);
  if (!decoded.ok()) return 0;
  gongwen::Document doc = gongwen::ProcessText(std::move(decoded.value().utf8));
  // Every span must lie inside the text.
  auto check = [&](gongwen::Span s) {
    if (s.begin > s.end || s.end > doc.text.size()) __builtin_trap();
  };
  for (const auto& e : doc.elements) check(e.span);
  for (const auto& s : doc.sections) check(s.span);
  for (const auto& g : doc.guide_items) check(g.span);
  for (const auto& r : doc.rules) check(r.span);
  for (const auto& d : doc.deadlines) check(d.span);
  for (const auto& c : doc.contacts) check(c.span);
  for (const auto& r : doc.references) check(r.span);
  for (const auto& p : doc.pages) check(p.span);
  return 0;
}
