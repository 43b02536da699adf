#include "extractors/doc_number.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace gongwen {
namespace {

// ---------------------------------------------------------------------------
// Patterns. The bracketed year, the serial and 号; the agency before the
// bracket is read by hand (RE2 has no look-behind, and the cue words below
// need a backwards scan).
constexpr const char kCorePattern[] =
    R"((?:〔|﹝|\[|［|\(|（|【)\s?((?:19|20)\d\d)\s?(?:〕|﹞|\]|］|\)|）|】)\s?(?:第\s?)?(\d{1,5})\s{0,2}号)";

// Words that end a phrase before an agency code and cannot be part of one.
constexpr std::array<std::string_view, 32> kAgencyCues = {
    "根据", "按照", "参照", "依据", "依照", "遵照", "详见", "参见", "印发", "转发", "下发",
    "执行", "落实", "贯彻", "通知", "意见", "办法", "规定", "决定", "文件", "精神", "要求",
    "见",   "和",   "及",   "与",   "或",   "暨",   "即",   "的",   "了",   "是"};

// A 号 followed by one of these is an address or a part number, not a document.
constexpr std::array<std::string_view, 16> kNotDocAfterHao = {
    "楼", "室", "房", "院", "线", "馆", "门", "路", "街", "巷", "桥", "站", "台", "车", "库", "段"};

constexpr int kMinAgencyChars = 2;
constexpr int kMaxAgencyChars = 10;
constexpr int kAgencyWindowChars = 16;  // how far back to look for a cue word

const RE2& CoreRe() {
  static const RE2* re = [] {
    auto* r = new RE2(kCorePattern);
    if (!r->ok()) {
      std::fprintf(stderr, "gongwen: bad doc-number pattern %s: %s\n", kCorePattern,
                   r->error().c_str());
      std::abort();
    }
    return r;
  }();
  return *re;
}

// Decodes the code point ending just before `pos`. Returns its length in
// bytes (0 at the start of the text or on invalid UTF-8) and stores it in *cp.
size_t DecodeBefore(std::string_view s, size_t pos, char32_t* cp) {
  size_t start = pos;
  int back = 0;
  while (start > 0 && back < 4) {
    --start;
    ++back;
    if ((static_cast<unsigned char>(s[start]) & 0xC0) != 0x80) break;
  }
  if (back == 0) return 0;
  auto b0 = static_cast<unsigned char>(s[start]);
  size_t len = b0 < 0x80           ? 1
               : (b0 >> 5) == 0x6  ? 2
               : (b0 >> 4) == 0xE  ? 3
               : (b0 >> 3) == 0x1E ? 4
                                   : 0;
  if (len == 0 || start + len != pos) return 0;
  char32_t c = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (size_t i = 1; i < len; ++i) c = (c << 6) | (static_cast<unsigned char>(s[start + i]) & 0x3F);
  *cp = c;
  return len;
}

bool IsIdeograph(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FA1F);
}

constexpr char32_t kHao = U'号';

// Start of the agency code that ends at `end`, or npos if there is none.
// `cut_at_cues` applies the cue words (off for ParseDocNumber).
size_t AgencyBegin(std::string_view text, size_t lower_bound, size_t end, bool cut_at_cues) {
  size_t pos = end;
  int count = 0;
  char32_t cp = 0;
  while (pos > lower_bound && count < kAgencyWindowChars) {
    size_t len = DecodeBefore(text, pos, &cp);
    if (len == 0 || pos - len < lower_bound || !IsIdeograph(cp) || cp == kHao) break;
    pos -= len;
    ++count;
  }
  if (cut_at_cues) {
    std::string_view window = text.substr(pos, end - pos);
    size_t cut = 0;
    for (std::string_view cue : kAgencyCues) {
      size_t at = window.rfind(cue);
      if (at != std::string_view::npos) cut = std::max(cut, at + cue.size());
    }
    pos += cut;
  } else if (pos != lower_bound) {
    return std::string_view::npos;  // something other than ideographs before
  }
  // Count what is left; keep the last kMaxAgencyChars.
  size_t begin = end;
  count = 0;
  while (begin > pos) {
    size_t len = DecodeBefore(text, begin, &cp);
    if (count == kMaxAgencyChars) {
      if (!cut_at_cues) return std::string_view::npos;
      break;
    }
    begin -= len;
    ++count;
  }
  return count >= kMinAgencyChars ? begin : std::string_view::npos;
}

// One space (ASCII or U+3000) ending at `pos`, if any: its length, else 0.
size_t SpaceBefore(std::string_view s, size_t pos) {
  if (pos >= 1 && (s[pos - 1] == ' ' || s[pos - 1] == '\t')) return 1;
  if (pos >= 3 && s.substr(pos - 3, 3) == "\u3000") return 3;
  return 0;
}

int ParseInt(std::string_view digits) {
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

DocNumber Make(std::string_view text, size_t begin, size_t agency_end, std::string_view year,
               std::string_view serial, size_t end) {
  DocNumber d;
  d.agency = std::string(text.substr(begin, agency_end - begin));
  d.year = ParseInt(year);
  d.serial = ParseInt(serial);
  d.text = d.agency + "〔" + std::string(year) + "〕" + std::to_string(d.serial) + "号";
  d.span = {begin, end};
  return d;
}

bool FollowedByPlaceWord(std::string_view text, size_t end) {
  std::string_view rest = text.substr(end, 3);
  for (std::string_view w : kNotDocAfterHao) {
    if (rest == w) return true;
  }
  return false;
}

}  // namespace

std::vector<DocNumber> FindDocNumbers(std::string_view text) {
  std::vector<DocNumber> out;
  const RE2& re = CoreRe();
  re2::StringPiece input(text.data(), text.size());
  re2::StringPiece m[3];
  size_t pos = 0;
  size_t last_end = 0;  // agencies may not reach into the previous number
  while (pos < text.size() && re.Match(input, pos, text.size(), RE2::UNANCHORED, m, 3)) {
    size_t core_begin = static_cast<size_t>(m[0].data() - text.data());
    size_t core_end = core_begin + m[0].size();
    pos = core_end;
    if (FollowedByPlaceWord(text, core_end)) continue;
    size_t agency_end = core_begin - SpaceBefore(text, core_begin);
    if (agency_end < last_end) continue;
    size_t begin = AgencyBegin(text, last_end, agency_end, /*cut_at_cues=*/true);
    if (begin == std::string_view::npos) continue;
    out.push_back(Make(text, begin, agency_end, std::string_view(m[1].data(), m[1].size()),
                       std::string_view(m[2].data(), m[2].size()), core_end));
    last_end = core_end;
  }
  return out;
}

std::optional<DocNumber> ParseDocNumber(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e) {  // leading whitespace
    if (std::string_view(" \t\n\r\f").find(s[b]) != std::string_view::npos) {
      ++b;
    } else if (s.substr(b, 3) == "\u3000") {
      b += 3;
    } else {
      break;
    }
  }
  while (e > b) {  // trailing whitespace
    size_t sp = SpaceBefore(s, e);
    if (sp == 0 && (s[e - 1] == '\n' || s[e - 1] == '\r' || s[e - 1] == '\f')) sp = 1;
    if (sp == 0) break;
    e -= sp;
  }
  std::string_view t = s.substr(0, e);
  re2::StringPiece input(t.data(), t.size());
  re2::StringPiece m[3];
  if (!CoreRe().Match(input, b, t.size(), RE2::UNANCHORED, m, 3)) return std::nullopt;
  size_t core_begin = static_cast<size_t>(m[0].data() - t.data());
  size_t core_end = core_begin + m[0].size();
  if (core_end != e) return std::nullopt;
  size_t agency_end = core_begin - SpaceBefore(t, core_begin);
  if (agency_end < b) return std::nullopt;
  size_t begin = AgencyBegin(t, b, agency_end, /*cut_at_cues=*/false);
  if (begin != b) return std::nullopt;
  return Make(t, begin, agency_end, std::string_view(m[1].data(), m[1].size()),
              std::string_view(m[2].data(), m[2].size()), core_end);
}

}  // namespace gongwen
