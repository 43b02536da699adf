// Units as the notices write them, understood and converted to SI.
//
// UDUNITS-2 (libudunits2) parses and converts; what it lacks comes from the
// alias table schemas/units.tsv (节→knot, 英寸→inch, 万元→1e4 CNY, Gbps,
// K gate, measure words …). Its XML database is read once, on first use.
//
//   ParseUnit("cm⁻²")        si_unit "m-2",     scale 1e4
//   ParseUnit("万元")        si_unit "CNY",     scale 1e4
//   ParseUnit("Gbps")        si_unit "s-1.bit", scale 1e9
//   ParseUnit("%")           si_unit "1",       scale 0.01
//   ParseUnit("%/天")        si_unit "s-1",     scale 0.01/86400
//   ParseUnit("μs/byte")     si_unit "s.bit-1", scale 1.25e-7
//   ParseUnit("℃")           si_unit "K",       scale 1, offset 273.15
//   ParseUnit("片/年")       si_unit "片/年",   count: measure words are kept
//   ParseUnit("ns/次")       si_unit "s/次",    scale 1e-9
//   ParseUnit("G")           nullopt (5G is a name, not 5 gauss)
//
// Superscripts (² ³ ⁻²), "*" and "·" are read as UDUNITS-2 writes them
// (cm⁻² = cm-2, mohm*mm² = mohm.mm2). CNY, gate and bit are base units added
// to UDUNITS-2's system, so money, logic density and data rates have their
// own dimensions.
//
// Thread-safe: UDUNITS-2 is not, so calls into it are serialized and results
// cached by written form. Nothing throws.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace gongwen {

struct UnitInfo {
  std::string si_unit;  // canonical unit of si values: "m-2", "CNY", "1", "个", "片/年"
  double scale = 1;     // si = value * scale + offset
  double offset = 0;
  bool count = false;   // a measure word (个, 件, 片/年 …): si_unit is the word itself
  bool currency = false;
  bool time = false;    // a duration (年, 个月, 天 …)
  bool dimensionless = false;  // %, ‰, ppm

  double ToSi(double v) const { return v * scale + offset; }
};

// The unit `written` (a unit as it follows a number), or nullopt if it is not
// one gongwen knows.
std::optional<UnitInfo> ParseUnit(std::string_view written);

// Length in bytes of the longest unit that starts exactly at text[pos], with
// *info filled; 0 when none. Reads terms (alias-table words, ASCII unit
// symbols with an exponent, superscripts) joined by / * · and stops before
// anything that does not extend a valid unit: "mm²以上" gives "mm²",
// "nm嵌入式" gives "nm", "V~1200V" gives "V", "G及B5G" gives 0.
// An exponent left on its own line by a PDF ("mm\n2", "cm\n\n-2") is taken
// into the unit when the unit is a length.
size_t MatchUnitAt(std::string_view text, size_t pos, UnitInfo* info);

// The unit as written, cleaned for display and storage: line breaks and the
// spaces around them removed ("cm\n\n-2" → "cm-2").
std::string CleanUnit(std::string_view written);

// True if `word` is a measure word of the alias table (个, 件, 项 …).
bool IsMeasureWord(std::string_view word);

}  // namespace gongwen
