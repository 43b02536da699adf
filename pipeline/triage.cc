#include "pipeline/triage.h"

#include <bitset>
#include <memory>

#include <fmt/format.h>
#include <unicode/translit.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include "pipeline/normalize.h"

namespace gongwen {

namespace {

using HanSet = std::bitset<0x10000>;

// Decodes every two-byte code lead[lo..hi] × trail[lo..hi] with the ICU
// converter `charset` and marks the BMP code points it yields.
std::unique_ptr<HanSet> BuildSet(const char* charset, int lead_lo, int lead_hi, int trail_lo,
                                 int trail_hi, int last_lead, int last_trail) {
  auto set = std::make_unique<HanSet>();
  UErrorCode err = U_ZERO_ERROR;
  UConverter* cnv = ucnv_open(charset, &err);
  if (U_FAILURE(err)) return set;
  for (int a = lead_lo; a <= lead_hi; ++a) {
    for (int b = trail_lo; b <= trail_hi; ++b) {
      if (a == last_lead && b > last_trail) break;
      char in[2] = {static_cast<char>(a), static_cast<char>(b)};
      UChar out[4];
      err = U_ZERO_ERROR;
      int32_t n = ucnv_toUChars(cnv, out, 4, in, 2, &err);
      if (U_SUCCESS(err) && n == 1 && IsHan(out[0])) set->set(out[0]);
    }
  }
  ucnv_close(cnv);
  return set;
}

const HanSet& Simplified() {
  // GB2312 level 1: rows 16-55 (lead bytes B0-D7), D7FA-D7FE unassigned.
  static const std::unique_ptr<HanSet> s = BuildSet("GB18030", 0xB0, 0xD7, 0xA1, 0xFE, 0xD7, 0xF9);
  return *s;
}

const HanSet& Traditional() {
  // The traditional forms of the common simplified characters (ICU's
  // Hans-Hant transliterator over GB2312 level 1). Big5 level 1 would be too
  // broad: it holds 嘆囈鍔, the wrong-ToUnicode output for 中國文件.
  static const std::unique_ptr<HanSet> s = [] {
    auto set = std::make_unique<HanSet>(Simplified());
    icu::UnicodeString all;
    for (char32_t c = 0; c < 0x10000; ++c)
      if (Simplified().test(c)) all.append(static_cast<UChar32>(c));
    UErrorCode err = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(
        icu::Transliterator::createInstance("Hans-Hant", UTRANS_FORWARD, err));
    if (U_FAILURE(err) || !t) return set;
    t->transliterate(all);
    for (int32_t i = 0; i < all.length();) {
      UChar32 c = all.char32At(i);
      if (c < 0x10000 && IsHan(c)) set->set(c);
      i += U16_LENGTH(c);
    }
    return set;
  }();
  return *s;
}

bool LooksCjkFont(std::string_view name) {
  static const char* kHints[] = {"Song", "song", "SONG", "Hei", "hei", "HEI", "Kai", "kai", "KAI", "Fang",
                                 "fang", "FANG", "Ming", "ming", "MING", "GB", "FZ", "CJK", "Sim",
                                 "STX", "YaHei", "Yuan", "Gothic", "Mincho", "Identity"};
  for (const char* h : kHints)
    if (name.find(h) != std::string_view::npos) return true;
  // A font name in raw GBK bytes (黑体 as \xBA\xDA\xCC\xE5) or in CJK.
  for (unsigned char c : name)
    if (c >= 0x80) return true;
  return false;
}

}  // namespace

Result<OcrMode> ParseOcrMode(std::string_view s) {
  if (s == "auto") return OcrMode::kAuto;
  if (s == "always") return OcrMode::kAlways;
  if (s == "never") return OcrMode::kNever;
  return Status::InvalidInput(fmt::format("--ocr must be auto, always or never, not '{}'", s));
}

const char* OcrModeName(OcrMode m) {
  switch (m) {
    case OcrMode::kAuto: return "auto";
    case OcrMode::kAlways: return "always";
    case OcrMode::kNever: return "never";
  }
  return "auto";
}

bool IsCommonHanSimplified(char32_t c) { return c < 0x10000 && Simplified().test(c); }
bool IsCommonHanTraditional(char32_t c) { return c < 0x10000 && Traditional().test(c); }

Triage TriageTextLayer(const PdfPageText& page) {
  int n = 0, bad = 0, latin1 = 0, han = 0, simp = 0, trad = 0, sym = 0;
  for (const Word& w : page.words) {
    std::string_view s = w.text;
    for (size_t i = 0; i < s.size();) {
      char32_t c = DecodeUtf8(s, &i);
      if (c == U' ' || c == U'\u3000') continue;
      ++n;
      if (c < 0x20 || (c >= 0x7F && c < 0xA0) || c == 0xFFFD || (c >= 0xE000 && c <= 0xF8FF) ||
          c >= 0xF0000)
        ++bad;
      else if (c >= 0xA0 && c <= 0xFF && c != 0xB7 && c != 0xD7 && c != 0xB1 && c != 0xB0)
        ++latin1;  // ·×±° occur in real text
      else if (c < 0x80 && !std::isalnum(static_cast<int>(c)))
        ++sym;
      if (IsHan(c)) {
        ++han;
        if (IsCommonHanSimplified(c)) ++simp;
        if (IsCommonHanTraditional(c)) ++trad;
      }
    }
  }
  Triage t;
  t.chars = n;
  auto pct = [&](int k) { return static_cast<int>(100.0 * k / std::max(n, 1) + 0.5); };
  if (n == 0) {
    t.verdict = Triage::Verdict::kAbsent;
    t.reason = "no text layer";
    return t;
  }
  if (bad * 10 >= n) {
    t.verdict = Triage::Verdict::kGarbled;
    t.reason = fmt::format("garbled text layer ({}% control, private-use or replacement characters)", pct(bad));
    return t;
  }
  if (latin1 * 5 >= n) {
    t.verdict = Triage::Verdict::kGarbled;
    t.reason = fmt::format("garbled text layer ({}% Latin-1 letters: GBK codes read as WinAnsi?)", pct(latin1));
    return t;
  }
  bool cjk_font = false;
  for (const std::string& f : page.fonts) cjk_font |= LooksCjkFont(f);
  if (cjk_font && n >= 10 && han * 20 < n && sym * 4 >= n) {
    t.verdict = Triage::Verdict::kGarbled;
    t.reason = fmt::format("garbled text layer (CJK font but no CJK text; {}% ASCII symbols)", pct(sym));
    return t;
  }
  if (han >= 4 && std::max(simp, trad) * 10 < han * 6) {
    t.verdict = Triage::Verdict::kGarbled;
    t.reason = fmt::format("implausible CJK in the text layer (only {}% common characters: wrong ToUnicode?)",
                           100 * std::max(simp, trad) / han);
    return t;
  }
  if (n < kThinChars) {
    t.verdict = Triage::Verdict::kThin;
    t.reason = fmt::format("text layer too thin ({} characters)", n);
    return t;
  }
  return t;
}

}  // namespace gongwen
