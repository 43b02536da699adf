#include "pipeline/ocr_glyphs.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include <fmt/format.h>

#include <leptonica/allheaders.h>

#include "pipeline/normalize.h"
#include "pipeline/raster.h"

namespace gongwen {

namespace {

// A bitmap of ink, row-major.
struct Ink {
  int w = 0, h = 0;
  std::vector<uint8_t> on;
  bool at(int x, int y) const { return on[static_cast<size_t>(y) * w + x] != 0; }
};

// Where InkThreshold puts the level, from the darkest ink (0) to the paper.
constexpr double kInkLevel = 0.6;

int Level(Pix* pix, int x0, int y0, int x1, int y1) {
  const l_uint32* data = pixGetData(pix);
  const int wpl = pixGetWpl(pix);
  int hist[256] = {};
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) ++hist[GET_DATA_BYTE(data + static_cast<size_t>(y) * wpl, x)];
  const long total = static_cast<long>(x1 - x0) * (y1 - y0);
  auto percentile = [&](double q) {
    long seen = 0;
    for (int v = 0; v < 256; ++v)
      if ((seen += hist[v]) > q * total) return v;
    return 255;
  };
  const int dark = percentile(0.01), paper = percentile(0.7);
  // No contrast (a blank): the fixed level.
  return paper - dark < 64 ? 128 : dark + static_cast<int>(kInkLevel * (paper - dark));
}

// The ink of [x0, x1) × [y0, y1) at InkThreshold's level.
Ink InkOf(Pix* pix, int x0, int y0, int x1, int y1) {
  Ink ink;
  ink.w = x1 - x0, ink.h = y1 - y0;
  ink.on.assign(static_cast<size_t>(ink.w) * ink.h, 0);
  if (ink.w <= 0 || ink.h <= 0) return ink;
  const l_uint32* data = pixGetData(pix);
  const int wpl = pixGetWpl(pix);
  const int level = Level(pix, x0, y0, x1, y1);
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x)
      ink.on[static_cast<size_t>(y - y0) * ink.w + (x - x0)] =
          GET_DATA_BYTE(data + static_cast<size_t>(y) * wpl, x) < level;
  return ink;
}

}  // namespace

bool SameLine(const Word& a, const Word& b) {
  const double overlap = std::min(a.box.y1, b.box.y1) - std::max(a.box.y0, b.box.y0);
  return overlap > 0 && overlap >= 0.5 * std::min(a.box.y1 - a.box.y0, b.box.y1 - b.box.y0);
}

int InkThreshold(const Pix* pix, int x0, int y0, int x1, int y1) {
  Pix* p = const_cast<Pix*>(pix);
  if (!p || pixGetDepth(p) != 8 || pixGetColormap(p)) return 128;
  x0 = std::max(0, x0), y0 = std::max(0, y0);
  x1 = std::min(pixGetWidth(p), x1), y1 = std::min(pixGetHeight(p), y1);
  if (x1 <= x0 || y1 <= y0) return 128;
  return Level(p, x0, y0, x1, y1);
}

namespace {

// Debugging (GONGWEN_GLYPHS=DIR): every candidate's band is written to DIR
// as a PNG and every glyph looked at, with its measures and the decision,
// is listed on stderr.
const char* DebugDir() {
  static const char* dir = std::getenv("GONGWEN_GLYPHS");
  return dir && *dir ? dir : nullptr;
}

// Why the last Classify said no (for the debugging list).
thread_local std::string why;

// The shape test on a bitmap that holds one glyph (see the header).
char32_t Classify(const Ink& g, double* score) {
  *score = 0;
  why.clear();
  int bx0 = g.w, bx1 = -1, by0 = g.h, by1 = -1;
  for (int y = 0; y < g.h; ++y)
    for (int x = 0; x < g.w; ++x)
      if (g.at(x, y)) bx0 = std::min(bx0, x), bx1 = std::max(bx1, x), by0 = std::min(by0, y), by1 = std::max(by1, y);
  const int W = bx1 - bx0 + 1, H = by1 - by0 + 1;
  if (W < 4 || H < 6 || W > 1.3 * H || W < 0.6 * H) {
    if (DebugDir()) why = fmt::format("aspect W={} H={}", W, H);
    return 0;
  }
  // Columns of the outer thirds: strokes (runs of ink) and the top of the ink.
  const int third = std::max(1, W / 3);
  int three[2] = {0, 0}, more[2] = {0, 0}, low[2] = {0, 0}, n[2] = {0, 0}, tall = 0;
  double top[2] = {0, 0};
  for (int side = 0; side < 2; ++side) {
    const int from = side == 0 ? bx0 : bx1 - third + 1;
    for (int x = from; x < from + third; ++x) {
      int runs = 0, first = -1;
      bool prev = false;
      for (int y = by0; y <= by1; ++y) {
        const bool i = g.at(x, y);
        if (i && !prev) ++runs;
        if (i && first < 0) first = y - by0;
        prev = i;
      }
      if (runs == 0) continue;
      ++n[side];
      three[side] += runs == 3;
      more[side] += runs > 3;
      top[side] += first;
      low[side] += first >= 0.2 * H;
    }
  }
  if (n[0] == 0 || n[1] == 0) {
    if (DebugDir()) why = "empty third";
    return 0;
  }
  // Thin slanted strokes: no column crosses one for long (a Han character's
  // or a digit's upright strokes do: 补 执 6).
  for (int x = bx0; x <= bx1; ++x) {
    int run = 0, longest = 0;
    for (int y = by0; y <= by1; ++y) {
      run = g.at(x, y) ? run + 1 : 0;
      longest = std::max(longest, run);
    }
    tall += longest > 0.35 * H;
  }
  if (tall * 20 > W) {
    if (DebugDir()) why = fmt::format("tall columns {} of {}", tall, W);
    return 0;
  }
  const double t3[2] = {static_cast<double>(three[0]) / n[0], static_cast<double>(three[1]) / n[1]};
  if (DebugDir())
    why = fmt::format("W={} H={} t3={:.2f}/{:.2f} more={}/{} n={}/{} fall(≥)={:.2f} low={}/{}", W, H, t3[0], t3[1],
                      more[0], more[1], n[0], n[1], (top[1] / n[1] - top[0] / n[0]) / H, low[0], low[1]);
  // ≥: open side left, tip right; ≤ mirrored. On the open side most columns
  // cross exactly three strokes (《 has four), at the tip fewer do, and the
  // top of the ink falls from the open side towards the tip, which lies
  // below the top in (nearly) every column (the bar of 5 does not).
  for (int open = 0; open < 2; ++open) {
    const int tip = 1 - open;
    const double fall = (top[tip] / n[tip] - top[open] / n[open]) / H;
    if (fall >= 0.15 && t3[open] >= 0.5 && more[open] * 5 < n[open] && t3[tip] <= t3[open] - 0.3 &&
        low[tip] * 4 >= n[tip] * 3) {
      // The upper arm is one straight stroke: from the open side to the
      // tip the top of the ink does not climb back from one column to the
      // next (the strokes of a Han character do: 批 补 执). The outer
      // columns are left out: a bar may reach further than the arm.
      int climbs = 0, last = -1;
      for (int j = W * 3 / 20; j < W * 17 / 20; ++j) {
        const int x = open == 0 ? bx0 + j : bx1 - j;
        int first = -1;
        for (int y = by0; y <= by1 && first < 0; ++y)
          if (g.at(x, y)) first = y - by0;
        // A column through a break in the arm shows a stroke below it.
        if (first < 0 || (last >= 0 && first > last + 0.25 * H)) continue;
        if (last >= 0 && first < last - std::max(2, H / 12)) ++climbs;
        last = first;
      }
      if (climbs > 1) {
        if (DebugDir()) why += fmt::format(" climbs={}", climbs);
        continue;
      }
      *score = std::min(1.0, 0.5 + (t3[open] - t3[tip]) / 2);
      return open == 0 ? U'≥' : U'≤';
    }
  }
  return 0;
}

bool OneCjk(std::string_view s) {
  size_t i = 0;
  return !s.empty() && IsCjk(DecodeUtf8(s, &i)) && i == s.size();
}

bool OneHan(std::string_view s) {
  size_t i = 0;
  return !s.empty() && IsHan(DecodeUtf8(s, &i)) && i == s.size();
}

constexpr double kMargin = 0.25;  // points between left edges kept apart

bool Digit(char c) { return c >= '0' && c <= '9'; }

// Glyphs of a band: 8-connected components of ink, joined when their
// columns overlap by half the narrower one's width (the parts of 率, the
// chevron and bar of ⩾), kept apart when they only touch in a few columns.
struct Glyph {
  int x0, y0, x1, y1;           // in the band's bitmap, x1/y1 exclusive
  std::vector<int> components;  // indexes into the labels
};

std::vector<Glyph> Glyphs(const Ink& g, std::vector<int>* labels) {
  labels->assign(g.on.size(), -1);
  struct Comp { int x0, y0, x1, y1, n; };
  std::vector<Comp> comps;
  std::vector<int> stack;
  for (int y = 0; y < g.h; ++y)
    for (int x = 0; x < g.w; ++x) {
      const size_t i0 = static_cast<size_t>(y) * g.w + x;
      if (!g.on[i0] || (*labels)[i0] >= 0) continue;
      const int id = static_cast<int>(comps.size());
      Comp c{x, y, x + 1, y + 1, 0};
      stack.assign(1, static_cast<int>(i0));
      (*labels)[i0] = id;
      while (!stack.empty()) {
        const int i = stack.back();
        stack.pop_back();
        const int px = i % g.w, py = i / g.w;
        ++c.n;
        c.x0 = std::min(c.x0, px), c.x1 = std::max(c.x1, px + 1);
        c.y0 = std::min(c.y0, py), c.y1 = std::max(c.y1, py + 1);
        for (int dy = -1; dy <= 1; ++dy)
          for (int dx = -1; dx <= 1; ++dx) {
            const int nx = px + dx, ny = py + dy;
            if (nx < 0 || ny < 0 || nx >= g.w || ny >= g.h) continue;
            const size_t j = static_cast<size_t>(ny) * g.w + nx;
            if (g.on[j] && (*labels)[j] < 0) {
              (*labels)[j] = id;
              stack.push_back(static_cast<int>(j));
            }
          }
      }
      comps.push_back(c);
    }
  std::vector<int> order;
  for (int i = 0; i < static_cast<int>(comps.size()); ++i)
    if (comps[i].n >= 4) order.push_back(i);  // specks are no glyphs
  std::sort(order.begin(), order.end(), [&](int a, int b) { return comps[a].x0 < comps[b].x0; });
  std::vector<Glyph> glyphs;
  for (int i : order) {
    const Comp& c = comps[i];
    Glyph* into = nullptr;
    for (Glyph& gl : glyphs) {
      const int overlap = std::min(gl.x1, c.x1) - std::max(gl.x0, c.x0);
      if (overlap > 0 && 2 * overlap >= std::min(gl.x1 - gl.x0, c.x1 - c.x0)) into = &gl;
    }
    if (!into) {
      glyphs.push_back({c.x0, c.y0, c.x1, c.y1, {i}});
    } else {
      into->x0 = std::min(into->x0, c.x0), into->x1 = std::max(into->x1, c.x1);
      into->y0 = std::min(into->y0, c.y0), into->y1 = std::max(into->y1, c.y1);
      into->components.push_back(i);
    }
  }
  std::sort(glyphs.begin(), glyphs.end(), [](const Glyph& a, const Glyph& b) { return a.x0 < b.x0; });
  return glyphs;
}

// The ink of one glyph alone.
Ink GlyphInk(const Ink& g, const std::vector<int>& labels, const Glyph& gl) {
  Ink out;
  out.w = gl.x1 - gl.x0, out.h = gl.y1 - gl.y0;
  out.on.assign(static_cast<size_t>(out.w) * out.h, 0);
  for (int y = gl.y0; y < gl.y1; ++y)
    for (int x = gl.x0; x < gl.x1; ++x) {
      const int l = labels[static_cast<size_t>(y) * g.w + x];
      if (l >= 0 && std::find(gl.components.begin(), gl.components.end(), l) != gl.components.end())
        out.on[static_cast<size_t>(y - gl.y0) * out.w + (x - gl.x0)] = 1;
    }
  return out;
}

}  // namespace

double MedianCharHeight(const std::vector<Word>& words, size_t begin, size_t end, double k,
                        bool (*is_char)(char32_t)) {
  if (k <= 0) return 0;
  std::vector<double> hs;
  for (size_t i = begin; i < end && i < words.size(); ++i) {
    const Word& w = words[i];
    size_t pos = 0;
    if (w.text.empty()) continue;
    const char32_t c = DecodeUtf8(w.text, &pos);
    if (pos == w.text.size() && (is_char ? is_char(c) : IsCjk(c))) hs.push_back((w.box.y1 - w.box.y0) / k);
  }
  if (hs.size() < 5) return 0;
  std::nth_element(hs.begin(), hs.begin() + hs.size() / 2, hs.end());
  return hs[hs.size() / 2];
}

char32_t ClassifyComparator(const Pix* pix, int x0, int y0, int x1, int y1, double* score) {
  double s = 0;
  char32_t c = 0;
  Pix* p = const_cast<Pix*>(pix);
  if (p && pixGetDepth(p) == 8 && !pixGetColormap(p)) {
    x0 = std::max(0, x0), y0 = std::max(0, y0);
    x1 = std::min(pixGetWidth(p), x1), y1 = std::min(pixGetHeight(p), y1);
    if (x1 - x0 >= 3 && y1 - y0 >= 5) {
      // The glyph with the most ink: a blurred neighbour's halo at the
      // rectangle's edge is no part of it.
      const Ink ink = InkOf(p, x0, y0, x1, y1);
      std::vector<int> labels;
      const std::vector<Glyph> glyphs = Glyphs(ink, &labels);
      const Glyph* best = nullptr;
      size_t most = 0;
      for (const Glyph& gl : glyphs) {
        Ink one = GlyphInk(ink, labels, gl);
        const size_t n = static_cast<size_t>(std::count(one.on.begin(), one.on.end(), 1));
        if (n > most) most = n, best = &gl;
      }
      if (best) c = Classify(GlyphInk(ink, labels, *best), &s);
    }
  }
  if (score) *score = s;
  return c;
}

int RecoverComparators(const Pix* pix, double k, std::vector<Word>* words, const GlyphReader& read) {
  if (!pix || !words || words->size() < 5 || k <= 0) return 0;
  PixPtr grey;  // 1-bit or colour page images are measured as 8-bit grey
  Pix* p = const_cast<Pix*>(pix);
  if (pixGetDepth(p) != 8 || pixGetColormap(p)) {
    grey.reset(pixConvertTo8(p, 0));
    if (!grey) return 0;
    p = grey.get();
  }
  const int pw = pixGetWidth(p), ph = pixGetHeight(p);
  const double h = MedianCharHeight(*words, 0, words->size(), k);
  if (h < 6) return 0;
  const std::vector<Word>& ws = *words;
  std::vector<Word> out;
  out.reserve(ws.size() + 8);
  int found = 0;
  size_t line_first = 0;  // in `out`, the first word of the current line
  for (size_t i = 0; i < ws.size(); ++i) {
    if (i == 0 || !SameLine(ws[i - 1], ws[i])) line_first = out.size();
    const Word& b = ws[i];
    // A number, or a number after the chevron Tesseract read for the glyph
    // (`>1TB`), after a word that does not end a number.
    const bool b_chevron = b.text.size() >= 2 && (b.text[0] == '<' || b.text[0] == '>') && Digit(b.text[1]);
    // At a line's start there is no a: the glyph can only have been dropped.
    const bool first = out.size() == line_first;
    const bool candidate = !b.text.empty() && (Digit(b.text.front()) || b_chevron) &&
                           (first || (!out.back().text.empty() && !Digit(out.back().text.back()) &&
                                      out.back().text.back() != '.' && out.back().text.back() != '%'));
    if (!candidate) {
      out.push_back(b);
      continue;
    }
    Word a;  // at a line's start: an empty word just before b
    if (!first) a = out.back();
    else a.box = Box{b.box.x0 - 0.01, b.box.y0, b.box.x0 - 0.01, b.box.y1};
    // The line's band: the median middle of its one-character CJK words.
    std::vector<double> mids;
    for (size_t j = line_first; j < out.size(); ++j)
      if (OneCjk(out[j].text)) mids.push_back((out[j].box.y0 + out[j].box.y1) / 2 / k);
    double mid = (b.box.y0 + b.box.y1) / 2 / k;
    if (!mids.empty()) {
      std::nth_element(mids.begin(), mids.begin() + mids.size() / 2, mids.end());
      mid = mids[mids.size() / 2];
    }
    // From a character before a (the LSTM's boxes lag behind the ink) to
    // past the first digit of b.
    const int y0 = std::max(0, static_cast<int>(mid - 0.55 * h));
    const int y1 = std::min(ph, static_cast<int>(mid + 0.55 * h) + 1);
    // (and the glyph before that, for the reader).
    const bool one_han = OneHan(a.text);
    const double search_from = one_han ? a.box.x0 / k - 1.3 * h : a.box.x1 / k - 1.3 * h;
    const int x0 = std::max(0, static_cast<int>(search_from - 2.3 * h));
    const int x1 = std::min(pw, static_cast<int>(std::min(b.box.x1 / k, b.box.x0 / k + 1.6 * h)));
    if (x1 - x0 < h || y1 - y0 < 0.5 * h) {
      out.push_back(b);
      continue;
    }
    const Ink band = InkOf(p, x0, y0, x1, y1);
    std::vector<int> labels;
    const std::vector<Glyph> glyphs = Glyphs(band, &labels);
    int debug_id = -1;
    if (DebugDir()) {
      static std::atomic<int> next{0};
      debug_id = next++;
      std::fprintf(stderr, "glyphs %04d: a=\"%s\" b=\"%s\" band x%d-%d y%d-%d h=%.1f from=%.0f\n", debug_id,
                   a.text.c_str(), b.text.c_str(), x0, x1, y0, y1, h, search_from);
      BOX* box = boxCreate(x0, y0, x1 - x0, y1 - y0);
      PixPtr crop(pixClipRectangle(p, box, nullptr));
      boxDestroy(&box);
      if (crop) crop.reset(pixScaleBySampling(crop.get(), 4, 4));
      if (crop) pixWrite(fmt::format("{}/{:04d}.png", DebugDir(), debug_id).c_str(), crop.get(), IFF_PNG);
    }
    auto note = [&](const Glyph& gl, const char* what) {
      if (debug_id >= 0)
        std::fprintf(stderr, "  %04d glyph x%d-%d y%d-%d: %s %s\n", debug_id, gl.x0, gl.x1, gl.y0, gl.y1, what, why.c_str());
    };
    bool recovered = false;
    for (size_t gi = 0; gi + 1 < glyphs.size(); ++gi) {
      const Glyph& gl = glyphs[gi];
      const int gw = gl.x1 - gl.x0, gh = gl.y1 - gl.y0;
      if (x0 + gl.x0 < search_from) continue;
      why.clear();
      if (gw < 0.25 * h || gw > 0.95 * h || gh < 0.5 * h || gh > 0.95 * h) {
        note(gl, "size");
        continue;
      }
      if (glyphs[gi + 1].x0 - gl.x1 > 0.4 * h) {
        note(gl, "gap");
        continue;  // a number follows at once
      }
      double score = 0;
      const char32_t c = Classify(GlyphInk(band, labels, gl), &score);
      note(gl, c == U'≥' ? "≥" : c == U'≤' ? "≤" : "no");
      if (!c) continue;
      const std::string cmp = c == U'≥' ? "≥" : "≤";
      // Page pixels of the glyph and of the blank around it.
      const int lx = x0 + (gi > 0 ? std::max(glyphs[gi - 1].x1, gl.x0 - static_cast<int>(0.15 * h)) : gl.x0);
      const int rx = x0 + glyphs[gi + 1].x0;
      // Whether a is this glyph misread (replaced) or the glyph was dropped
      // (inserted). A chevron is Tesseract's reading of the glyph; a blank
      // before the glyph (the line's start) means a was it; else the two
      // characters' width of ink before the glyph is read as a line: it ends
      // with a (inserted) or with the word before a (replaced: 高度 of
      // 高度和80μm, TTV of TTV科15); anything else: inserted.
      const std::string chevron = c == U'≥' ? ">" : "<";
      if (b_chevron) {  // the glyph is b's first character, or none is
        if (b.text[0] != chevron[0]) continue;
        Word nb = b;
        nb.text = cmp + b.text.substr(1);
        nb.box.x0 = std::min(nb.box.x0, std::max(a.box.x1, nb.box.x0 - 0.5 * h * k));
        out.push_back(std::move(nb));
        ++found;
        recovered = true;
        break;
      }
      // The chevron Tesseract read for the glyph must point the same way.
      if (a.text == "<" || a.text == ">") {
        if (a.text != chevron) continue;
      }
      bool replace = a.text == chevron;
      if (!replace && one_han) {
        auto cell = [&](double width, int* r) {
          r[0] = band.w, r[1] = band.h, r[2] = -1, r[3] = -1;
          for (size_t gj = 0; gj < gi; ++gj) {
            const Glyph& q = glyphs[gj];
            const double qm = (q.x0 + q.x1) / 2.0;
            if (qm < gl.x0 - width || qm >= gl.x0) continue;
            r[0] = std::min(r[0], q.x0), r[1] = std::min(r[1], q.y0), r[2] = std::max(r[2], q.x1), r[3] = std::max(r[3], q.y1);
          }
          return r[2] >= 0;
        };
        int r[4];
        const std::string& prev = out.size() >= line_first + 2 ? out[out.size() - 2].text : a.text;
        if (!cell(1.1 * h, r)) {
          replace = x0 + gl.x0 - 1.1 * h >= 0;  // not the image's edge
        } else if (read && prev != a.text && cell(2.1 * h, r)) {
          const std::string got = read(x0 + r[0], y0 + r[1], x0 + r[2], y0 + r[3]);
          auto ends = [&](std::string_view t) { return !t.empty() && got.size() >= t.size() && got.ends_with(t); };
          std::string prev_last = prev;  // its last character
          for (size_t ci = 0; ci < prev.size();) {
            const size_t cs = ci;
            DecodeUtf8(prev, &ci);
            prev_last = prev.substr(cs);
          }
          replace = !ends(a.text) && (ends(prev_last) || (!OneHan(prev) && !got.empty() && !(got.back() & 0x80)));
          // One glyph read as two characters (和受 for ≤): the read ends
          // with the word before those two.
          if (!replace && !ends(a.text) && !ends(prev_last) && OneHan(prev) && out.size() >= line_first + 3 &&
              ends(out[out.size() - 3].text)) {
            out.pop_back();
            replace = true;
          }
        } else if (!read) {
          const double am = (a.box.x0 + a.box.x1) / 2 / k;
          replace = am >= lx && am <= rx;
        }
      }
      Word w;
      w.text = cmp;
      w.confidence = static_cast<float>(score);
      if (replace) out.pop_back();
      // Layout orders a line's words by their boxes' left edges, and the
      // LSTM's boxes lag behind the ink: the box is the glyph's, kept after
      // the word before and before the number, and touching both (the
      // glyph's advance is no space).
      const double before_x0 = out.size() > line_first ? out.back().box.x0 : -1e9;
      const double before_x1 = out.size() > line_first ? out.back().box.x1 : lx * k;
      double bx0 = std::min(lx * k, before_x1);
      // (kMargin: recorded OCR keeps boxes to 0.1 pt.)
      bx0 = std::max(bx0, before_x0 + kMargin);
      bx0 = std::min(bx0, b.box.x0 - kMargin);
      w.box = Box{bx0, (mid - 0.5 * h) * k, std::max({bx0 + kMargin, rx * k, b.box.x0}), (mid + 0.5 * h) * k};
      out.push_back(std::move(w));
      ++found;
      break;
    }
    if (!recovered) out.push_back(b);
  }
  *words = std::move(out);
  return found;
}

int DigitGlyphsBeforePercent(const Pix* pix, int x0, int y0, int x1, int y1, double h) {
  Pix* p = const_cast<Pix*>(pix);
  if (!p || pixGetDepth(p) != 8 || pixGetColormap(p) || h <= 0) return -1;
  x0 = std::max(0, x0), y0 = std::max(0, y0);
  x1 = std::min(pixGetWidth(p), x1), y1 = std::min(pixGetHeight(p), y1);
  if (x1 - x0 < 2 || y1 - y0 < 2) return -1;
  const Ink ink = InkOf(p, x0, y0, x1, y1);
  std::vector<int> labels;
  int digits = 0, digit_h = 0;
  for (const Glyph& g : Glyphs(ink, &labels)) {
    const int gh = g.y1 - g.y0, gw = g.x1 - g.x0;
    if (g.x0 == 0) continue;  // cut by the edge: the character before
    if (digits == 0) {
      if (gh < 0.5 * h || gw > 0.6 * h) return -1;  // no digit first
      digit_h = gh;
      ++digits;
      continue;
    }
    // The % begins: its upper circle (or the whole sign) is lower or wider
    // than a digit.
    if (gh < 0.8 * digit_h || gw > 0.6 * h) return digits;
    ++digits;
  }
  return -1;
}

}  // namespace gongwen
