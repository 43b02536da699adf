#include "pipeline/document.h"

#include <algorithm>

#include <fmt/format.h>

namespace gongwen {

const char* TextSourceName(TextSource s) {
  switch (s) {
    case TextSource::kTextFile: return "text";
    case TextSource::kPdfTextLayer: return "pdf";
    case TextSource::kOcr: return "ocr";
  }
  return "unknown";
}

void OffsetMap::Add(size_t norm_begin, size_t norm_len, size_t orig_begin, size_t orig_len) {
  if (!pieces_.empty()) {
    Piece& last = pieces_.back();
    // Merge runs copied verbatim and contiguous on both sides.
    if (last.norm_len == last.orig_len && norm_len == orig_len &&
        last.norm_begin + last.norm_len == norm_begin &&
        last.orig_begin + last.orig_len == orig_begin) {
      last.norm_len += norm_len;
      last.orig_len += orig_len;
      return;
    }
  }
  pieces_.push_back({norm_begin, norm_len, orig_begin, orig_len});
}

size_t OffsetMap::ToOriginal(size_t norm) const {
  if (pieces_.empty()) return norm;
  auto it = std::upper_bound(pieces_.begin(), pieces_.end(), norm,
                             [](size_t n, const Piece& p) { return n < p.norm_begin; });
  if (it == pieces_.begin()) return pieces_.front().orig_begin;
  const Piece& p = *std::prev(it);
  size_t delta = norm - p.norm_begin;
  if (delta >= p.norm_len) return p.orig_begin + p.orig_len;  // past the piece
  if (p.norm_len == p.orig_len) return p.orig_begin + delta;
  return p.orig_begin;
}

std::string DateTime::Iso() const {
  std::string s = fmt::format("{:04d}", year);
  if (month > 0) s += fmt::format("-{:02d}", month);
  if (month > 0 && day > 0) s += fmt::format("-{:02d}", day);
  if (day > 0 && has_time()) s += fmt::format("T{:02d}:{:02d}", hour, minute);
  return s;
}

int Document::PageAt(size_t pos) const {
  for (const Page& p : pages)
    if (pos >= p.span.begin && pos < p.span.end) return p.number;
  if (!pages.empty() && pos == pages.back().span.end) return pages.back().number;
  return 0;
}

}  // namespace gongwen
