// Triage: is a page's text layer usable, or does the page need OCR?
//
// A text layer is refused when it is
//   absent       no characters at all;
//   thin         fewer than kThinChars characters (a scanned page often carries
//                only a page number or a stamp in its text layer); the caller
//                decides with PageHasInk whether the page shows more than that;
//   garbled      - control, private-use or U+FFFD characters make up 10% or
//                  more (a CID font without ToUnicode comes out as \x04\x05…);
//                - Latin-1 letters make up 20% or more: GBK codes read through
//                  WinAnsi (`Ä¿¡¡Â¼` for 目录), fonts without ToUnicode;
//                - the page shows a CJK font but its text has (almost) no CJK
//                  and is mostly ASCII symbols (`""# E 9: ?45`): Custom-encoded
//                  subset fonts without ToUnicode;
//                - the CJK is implausible: fewer than 60% of its Han characters
//                  are common ones (GB2312 level 1 for simplified text, their
//                  traditional forms for traditional text), as when a wrong
//                  ToUnicode maps 中國文件 to 嘆囈貭鍔.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/pdf_text.h"
#include "pipeline/status.h"

namespace gongwen {

enum class OcrMode { kAuto, kAlways, kNever };
// "auto" | "always" | "never"
Result<OcrMode> ParseOcrMode(std::string_view s);
const char* OcrModeName(OcrMode m);

constexpr int kThinChars = 10;

struct Triage {
  enum class Verdict { kUsable, kAbsent, kThin, kGarbled };
  Verdict verdict = Verdict::kUsable;
  std::string reason;  // for warnings: "garbled text layer (62% Latin-1 letters: GBK read as WinAnsi?)"
  int chars = 0;       // non-space characters in the text layer
};

Triage TriageTextLayer(const PdfPageText& page);

// True when `c` is one of the 3,755 common simplified characters (GB2312
// level 1), or one of those or their traditional forms (ICU Hans-Hant).
bool IsCommonHanSimplified(char32_t c);
bool IsCommonHanTraditional(char32_t c);

}  // namespace gongwen
