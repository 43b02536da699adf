// libFuzzer target: the quantity extractor and the unit parser on arbitrary
// bytes. Run with tools/fuzz quantities_fuzz [seconds].
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "extractors/quantities.h"
#include "extractors/units.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const gongwen::Quantity& q : gongwen::FindQuantities(text)) {
    // Spans lie inside the text and the text is what the span says.
    if (q.span.begin > q.span.end || q.span.end > text.size()) __builtin_trap();
    if (q.sentence.begin > q.span.begin || q.sentence.end > text.size()) __builtin_trap();
    if (q.text != text.substr(q.span.begin, q.span.size())) __builtin_trap();
    if (q.op.empty() || q.kind.empty()) __builtin_trap();
    if (q.op == "between" && !q.value_max) __builtin_trap();
  }
  // Any prefix of the input as a unit: no crash, and a unit has a canonical form.
  if (size <= 64) {
    if (auto u = gongwen::ParseUnit(text); u && u->si_unit.empty()) __builtin_trap();
  }
  return 0;
}
