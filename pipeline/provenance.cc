#include "pipeline/provenance.h"

#include <algorithm>

#include <fmt/format.h>

namespace gongwen {

std::optional<PageBox> BoxFor(const Document& doc, Span span) {
  if (span.empty() && span.begin >= doc.text.size()) return std::nullopt;
  const size_t ob = doc.map.ToOriginal(span.begin);
  size_t oe = doc.map.ToOriginal(span.empty() ? span.begin : span.end);
  if (oe <= ob) oe = ob + 1;
  for (const Page& p : doc.pages) {
    if (p.words.empty() || p.words.back().orig_end <= ob) continue;
    // Words are in orig order: the first that ends after ob.
    auto it = std::partition_point(p.words.begin(), p.words.end(),
                                   [&](const Word& w) { return w.orig_end <= ob; });
    std::optional<PageBox> out;
    for (; it != p.words.end() && it->orig_begin < oe; ++it) {
      if (it->orig_end <= it->orig_begin) continue;
      if (!out) {
        out = PageBox{p.number, it->box};
      } else {
        Box& b = out->box;
        b = Box{std::min(b.x0, it->box.x0), std::min(b.y0, it->box.y0), std::max(b.x1, it->box.x1),
                std::max(b.y1, it->box.y1)};
      }
    }
    return out;
  }
  return std::nullopt;
}

Status WriteBoxes(Db& db, const Document& doc, int64_t doc_id) {
  bool any = false;
  for (const Page& p : doc.pages) any |= !p.words.empty();
  if (!any) return Status::Ok();
  // Code point offset → byte offset in doc.text.
  std::vector<size_t> byte_at;
  byte_at.reserve(doc.text.size() + 1);
  for (size_t i = 0; i < doc.text.size(); ++i)
    if ((static_cast<unsigned char>(doc.text[i]) & 0xC0) != 0x80) byte_at.push_back(i);
  byte_at.push_back(doc.text.size());
  auto to_byte = [&](int64_t cp) { return byte_at[std::clamp<int64_t>(cp, 0, byte_at.size() - 1)]; };
  static const char* kTables[] = {"elements", "sections", "attachments", "doc_tables", "guide_items", "rules",
                                  "quotas", "deadlines", "contacts", "citations", "urls"};
  for (const char* table : kTables) {
    std::vector<std::pair<int64_t, std::string>> boxes;
    {
      Stmt q(db, fmt::format("SELECT rowid, char_start, char_end FROM {} WHERE doc_id = ? AND char_start IS NOT NULL", table));
      q.Bind(1, doc_id);
      while (q.Step()) {
        Span s{to_byte(q.Int(1)), to_byte(q.Int(2))};
        auto b = BoxFor(doc, s);
        if (!b) continue;
        boxes.push_back({q.Int(0), fmt::format("[{:.1f},{:.1f},{:.1f},{:.1f}]", b->box.x0, b->box.y0, b->box.x1, b->box.y1)});
      }
      if (!q.status().ok()) return q.status();
    }
    Stmt u(db, fmt::format("UPDATE {} SET box = ? WHERE rowid = ?", table));
    for (const auto& [rowid, box] : boxes) {
      u.Bind(1, box).Bind(2, rowid);
      if (Status s = u.Run(); !s.ok()) return s;
    }
  }
  return Status::Ok();
}

}  // namespace gongwen
