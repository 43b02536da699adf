#include "pipeline/normalize.h"

namespace gongwen {

char32_t DecodeUtf8(std::string_view s, size_t* pos) {
  size_t i = *pos;
  auto b = static_cast<unsigned char>(s[i]);
  int len;
  char32_t cp;
  if (b < 0x80) { *pos = i + 1; return b; }
  if ((b & 0xE0) == 0xC0) { len = 2; cp = b & 0x1F; }
  else if ((b & 0xF0) == 0xE0) { len = 3; cp = b & 0x0F; }
  else if ((b & 0xF8) == 0xF0) { len = 4; cp = b & 0x07; }
  else { *pos = i + 1; return 0xFFFD; }
  if (i + len > s.size()) { *pos = i + 1; return 0xFFFD; }
  for (int k = 1; k < len; ++k) {
    auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) { *pos = i + 1; return 0xFFFD; }
    cp = (cp << 6) | (c & 0x3F);
  }
  *pos = i + len;
  return cp;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::u32string ToU32(std::string_view s) {
  std::u32string out;
  size_t pos = 0;
  while (pos < s.size()) out += DecodeUtf8(s, &pos);
  return out;
}

std::string FromU32(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) AppendUtf8(c, &out);
  return out;
}

namespace {
bool IsFullWidthDigit(char32_t c) { return c >= 0xFF10 && c <= 0xFF19; }
}  // namespace

char32_t FoldCodePoint(char32_t prev, char32_t cp, char32_t next) {
  if (cp < 0x80) return cp;
  switch (cp) {
    // CJK punctuation the structure depends on stays as written.
    case 0xFF08: case 0xFF09: case 0xFF0C: case 0xFF1A: case 0xFF1B:
    case 0xFF01: case 0xFF1F:
      return cp;
    case 0xFF0E:  // ．
      return IsFullWidthDigit(prev) && IsFullWidthDigit(next) ? U'.' : cp;
    case 0x3000: case 0x00A0: case 0x2002: case 0x2003: case 0x2009: case 0x202F:
      return U' ';
    case 0x200B: case 0x200C: case 0x200D: case 0xFEFF: case 0x00AD:
      return 0;
    case 0x2267: return 0x2265;  // ≧ → ≥
    case 0x2266: return 0x2264;  // ≦ → ≤
    case 0x00B5: return 0x03BC;  // µ → μ
    case 0x301C: return U'~';    // 〜
    default: break;
  }
  if (cp >= 0xFF01 && cp <= 0xFF5E) return cp - 0xFEE0;
  return cp;
}

std::string MapCodePoints(std::string_view s, NeighbourFold fold) {
  std::u32string cps;
  cps.reserve(s.size());
  for (size_t i = 0; i < s.size();) cps.push_back(DecodeUtf8(s, &i));
  std::string out;
  out.reserve(s.size());
  for (size_t k = 0; k < cps.size(); ++k) {
    char32_t f = fold(k > 0 ? cps[k - 1] : 0, cps[k], k + 1 < cps.size() ? cps[k + 1] : 0);
    if (f != 0) AppendUtf8(f, &out);
  }
  return out;
}

std::string FoldText(std::string_view s) { return MapCodePoints(s, FoldCodePoint); }

std::string RemoveSpaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') continue;
    if (s.compare(i, 3, "\u3000") == 0) {
      i += 2;
      continue;
    }
    out += c;
  }
  return out;
}

bool IsHan(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x20000 && cp <= 0x3134F) || (cp >= 0xF900 && cp <= 0xFAFF) || cp == 0x3007;
}

bool IsCjk(char32_t cp) {
  return IsHan(cp) || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
         cp == 0x2014 || cp == 0x2026 || cp == 0x00B7;
}

int DisplayWidth(std::string_view s) {
  int w = 0;
  size_t i = 0;
  while (i < s.size()) {
    char32_t cp = DecodeUtf8(s, &i);
    w += (cp >= 0x1100 && (cp <= 0x115F || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                           (cp >= 0xFFE0 && cp <= 0xFFE6) || cp >= 0x20000))
             ? 2
             : 1;
  }
  return w;
}

}  // namespace gongwen
