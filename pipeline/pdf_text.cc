#include "pipeline/pdf_text.h"

#include <algorithm>
#include <cmath>
#include <mutex>

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include "pipeline/normalize.h"

namespace gongwen {

namespace {

void Silent(const std::string&, void*) {}

void SilencePoppler() {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function(Silent, nullptr); });
}

double Height(const Box& b) { return std::max(1.0, b.y1 - b.y0); }

bool IsCjkText(std::string_view s, bool last) {
  if (s.empty()) return false;
  char32_t c;
  if (last) {
    size_t i = s.size() - 1;
    while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
    c = DecodeUtf8(s, &i);
  } else {
    size_t i = 0;
    c = DecodeUtf8(s, &i);
  }
  return IsCjk(c);
}

Box Union(const Box& a, const Box& b) {
  return {std::min(a.x0, b.x0), std::min(a.y0, b.y0), std::max(a.x1, b.x1), std::max(a.y1, b.y1)};
}

}  // namespace

PdfFile::~PdfFile() = default;

Result<std::unique_ptr<PdfFile>> PdfFile::Open(std::string_view bytes, const std::string& password) {
  SilencePoppler();
  if (bytes.size() > static_cast<size_t>(INT32_MAX)) return Status::TooLarge("PDF larger than 2 GiB");
  std::unique_ptr<poppler::document> d;
  try {
    d.reset(poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size()),
                                                  password, password));
  } catch (const std::exception& e) {
    return Status::InvalidInput(std::string("not a readable PDF (") + e.what() + ")");
  }
  if (!d) return Status::InvalidInput("not a readable PDF (damaged or truncated)");
  if (d->is_locked()) {
    if (password.empty())
      return Status::InvalidInput("encrypted PDF: a password is needed (give it with --password)");
    return Status::InvalidInput("encrypted PDF: the password given is wrong");
  }
  if (d->pages() <= 0) return Status::InvalidInput("PDF has no pages");
  auto f = std::unique_ptr<PdfFile>(new PdfFile());
  f->doc_ = std::move(d);
  return f;
}

int PdfFile::page_count() const { return doc_->pages(); }

void PdfFile::PageSize(int index, double* w, double* h) const {
  *w = *h = 0;
  std::unique_ptr<poppler::page> p(doc_->create_page(index));
  if (!p) return;
  poppler::rectf r = p->page_rect(poppler::crop_box);
  *w = std::abs(r.width());
  *h = std::abs(r.height());
  auto o = p->orientation();
  if (o == poppler::page::landscape || o == poppler::page::seascape) std::swap(*w, *h);
}

PdfPageText PdfFile::TextLayer(int index) const {
  PdfPageText out;
  PageSize(index, &out.width_pt, &out.height_pt);
  std::unique_ptr<poppler::page> p(doc_->create_page(index));
  if (!p) return out;
  std::vector<poppler::text_box> boxes;
  try {
    boxes = p->text_list(poppler::page::text_list_include_font);
  } catch (const std::exception&) {
    return out;
  }
  for (poppler::text_box& tb : boxes) {
    poppler::byte_array utf8 = tb.text().to_utf8();
    std::string_view s(utf8.data(), utf8.size());
    std::string font;
    try {
      font = tb.get_font_name(0);
    } catch (const std::exception&) {
    }
    if (!font.empty() && std::find(out.fonts.begin(), out.fonts.end(), font) == out.fonts.end())
      out.fonts.push_back(font);
    poppler::rectf wb = tb.bbox();
    Box whole{wb.left(), wb.top(), wb.right(), wb.bottom()};
    Word run;
    bool have_run = false;
    auto flush = [&] {
      if (have_run && !run.text.empty()) out.words.push_back(std::move(run));
      run = Word();
      have_run = false;
    };
    size_t k = 0;  // code point index for char_bbox
    for (size_t i = 0; i < s.size(); ++k) {
      size_t j = i;
      char32_t c = DecodeUtf8(s, &j);
      std::string_view piece = s.substr(i, j - i);
      i = j;
      poppler::rectf cb = tb.char_bbox(k);
      Box b{cb.left(), cb.top(), cb.right(), cb.bottom()};
      if (b.x1 <= b.x0 && b.y1 <= b.y0) b = whole;
      if (c == U' ' || c == U'\t' || c == U'\u3000' || c == U'\u00A0' || c == U'\n' ||
          c == U'\r' || c == U'\f' || c == U'\v') {
        flush();
        continue;
      }
      if (IsCjk(c)) {
        flush();
        Word w;
        w.text.assign(piece);
        w.box = b;
        out.words.push_back(std::move(w));
        continue;
      }
      if (!have_run) {
        run.box = b;
        have_run = true;
      } else {
        run.box = Union(run.box, b);
      }
      run.text.append(piece);
    }
    flush();
    if (tb.has_space_after() && !out.words.empty()) out.words.back().space_after = true;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Reading order.

namespace {

using Line = std::vector<Word>;

double MedianHeight(const std::vector<Word>& words) {
  if (words.empty()) return 10;
  std::vector<double> h;
  h.reserve(words.size());
  for (const Word& w : words) h.push_back(Height(w.box));
  std::nth_element(h.begin(), h.begin() + h.size() / 2, h.end());
  return h[h.size() / 2];
}

std::vector<Line> GroupLines(std::vector<Word> words) {
  std::sort(words.begin(), words.end(), [](const Word& a, const Word& b) {
    double ca = (a.box.y0 + a.box.y1) / 2, cb = (b.box.y0 + b.box.y1) / 2;
    if (ca != cb) return ca < cb;
    return a.box.x0 < b.box.x0;
  });
  std::vector<Line> lines;
  std::vector<std::pair<double, double>> extent;  // y0, y1 of each line
  for (Word& w : words) {
    bool placed = false;
    // Look back over the last few lines (words of columns interleave in y).
    for (size_t k = lines.size(); k-- > 0 && k + 4 >= lines.size();) {
      double y0 = std::max(extent[k].first, w.box.y0), y1 = std::min(extent[k].second, w.box.y1);
      double overlap = y1 - y0;
      double need = 0.5 * std::min(Height(w.box), extent[k].second - extent[k].first);
      if (overlap >= need && overlap > 0) {
        lines[k].push_back(std::move(w));
        extent[k].first = std::min(extent[k].first, lines[k].back().box.y0);
        extent[k].second = std::max(extent[k].second, lines[k].back().box.y1);
        placed = true;
        break;
      }
    }
    if (!placed) {
      extent.push_back({w.box.y0, w.box.y1});
      lines.push_back({std::move(w)});
    }
  }
  std::vector<size_t> idx(lines.size());
  for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  std::stable_sort(idx.begin(), idx.end(), [&](size_t a, size_t b) {
    return extent[a].first + extent[a].second < extent[b].first + extent[b].second;
  });
  std::vector<Line> sorted;
  sorted.reserve(lines.size());
  for (size_t i : idx) {
    std::stable_sort(lines[i].begin(), lines[i].end(),
                     [](const Word& a, const Word& b) { return a.box.x0 < b.box.x0; });
    sorted.push_back(std::move(lines[i]));
  }
  return sorted;
}

// Splits a line into segments at gaps wider than `gap`.
std::vector<std::pair<size_t, size_t>> Segments(const Line& l, double gap) {
  std::vector<std::pair<size_t, size_t>> segs;
  size_t start = 0;
  for (size_t i = 1; i <= l.size(); ++i) {
    if (i == l.size() || l[i].box.x0 - l[i - 1].box.x1 >= gap) {
      segs.push_back({start, i});
      start = i;
    }
  }
  return segs;
}

class Orderer {
 public:
  Orderer(double h, bool ocr) : h_(h), ocr_(ocr) {}

  void Order(std::vector<Line> lines, std::vector<PageLine>* out, int depth) {
    const double gutter = std::max(1.2 * h_, 8.0);
    const double min_side = 8 * h_;
    std::vector<Line> pending;  // lines read across, not in a column run
    size_t i = 0;
    while (i < lines.size()) {
      bool split = false;
      if (depth < 4 && lines[i].size() >= 2) {
        for (size_t g = 1; !split && g < lines[i].size(); ++g) {
          double a = lines[i][g - 1].box.x1, b = lines[i][g].box.x0;
          if (b - a < gutter) continue;
          size_t j = i;
          int left_lines = 0, right_lines = 0;
          std::vector<double> left_w, right_w;
          for (; j < lines.size(); ++j) {
            double mid = (a + b) / 2, na = a, nb = b, lmin = 1e18, rmax = -1e18;
            bool has_l = false, has_r = false;
            for (const Word& w : lines[j]) {
              if ((w.box.x0 + w.box.x1) / 2 < mid) {
                na = std::max(na, w.box.x1);
                lmin = std::min(lmin, w.box.x0);
                has_l = true;
              } else {
                nb = std::min(nb, w.box.x0);
                rmax = std::max(rmax, w.box.x1);
                has_r = true;
              }
            }
            if (nb - na < gutter) break;
            a = na;
            b = nb;
            if (has_l) { ++left_lines; left_w.push_back(a - lmin); }
            if (has_r) { ++right_lines; right_w.push_back(rmax - b); }
          }
          auto median = [](std::vector<double> v) {
            if (v.empty()) return 0.0;
            std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
            return v[v.size() / 2];
          };
          if (j - i >= 4 && left_lines >= 2 && right_lines >= 2 && median(left_w) >= min_side &&
              median(right_w) >= min_side) {
            Flush(&pending, out);
            double mid = (a + b) / 2;
            std::vector<Line> left, right;
            for (size_t k = i; k < j; ++k) {
              Line l, r;
              for (Word& w : lines[k]) ((w.box.x0 + w.box.x1) / 2 < mid ? l : r).push_back(std::move(w));
              if (!l.empty()) left.push_back(std::move(l));
              if (!r.empty()) right.push_back(std::move(r));
            }
            Order(std::move(left), out, depth + 1);
            Order(std::move(right), out, depth + 1);
            i = j;
            split = true;
          }
        }
      }
      if (!split) pending.push_back(std::move(lines[i++]));
    }
    Flush(&pending, out);
  }

 private:
  // Emits lines read across; lines with several wide-gap segments next to
  // another such line are table rows.
  void Flush(std::vector<Line>* lines, std::vector<PageLine>* out) {
    const double cell_gap = std::max(1.5 * h_, 6.0);
    std::vector<std::vector<std::pair<size_t, size_t>>> segs;
    for (const Line& l : *lines) segs.push_back(Segments(l, cell_gap));
    for (size_t i = 0; i < lines->size(); ++i) {
      Line& l = (*lines)[i];
      bool table = segs[i].size() >= 2 && ((i > 0 && segs[i - 1].size() >= 2) ||
                                           (i + 1 < segs.size() && segs[i + 1].size() >= 2));
      PageLine pl;
      for (size_t k = 0; k < l.size(); ++k) {
        std::string sep;
        if (k > 0) {
          const Word& prev = pl.words.back();  // l[k - 1] was moved there
          double gap = l[k].box.x0 - prev.box.x1;
          double lh = std::max(Height(l[k].box), Height(prev.box));
          bool cjk = IsCjkText(prev.text, true) && IsCjkText(l[k].text, false);
          if (gap >= cell_gap) sep = table ? "\t" : "  ";
          else if (prev.space_after || (cjk ? !ocr_ && gap >= 0.5 * lh : gap > 0.15 * lh)) sep = " ";
        }
        pl.seps.push_back(std::move(sep));
        pl.words.push_back(std::move(l[k]));
      }
      out->push_back(std::move(pl));
    }
    lines->clear();
  }

  double h_;
  bool ocr_;
};

}  // namespace

std::vector<PageLine> OrderWords(std::vector<Word> words, bool ocr) {
  std::vector<PageLine> out;
  words.erase(std::remove_if(words.begin(), words.end(), [](const Word& w) { return w.text.empty(); }),
              words.end());
  if (words.empty()) return out;
  const double h = MedianHeight(words);
  Orderer(h, ocr).Order(GroupLines(std::move(words)), &out, 0);
  return out;
}

std::string RenderLines(std::vector<PageLine>* lines, size_t base) {
  std::string text;
  for (size_t i = 0; i < lines->size(); ++i) {
    if (i > 0) text += '\n';
    PageLine& l = (*lines)[i];
    for (size_t k = 0; k < l.words.size(); ++k) {
      if (k < l.seps.size()) text += l.seps[k];
      l.words[k].orig_begin = base + text.size();
      text += l.words[k].text;
      l.words[k].orig_end = base + text.size();
    }
  }
  return text;
}

}  // namespace gongwen
