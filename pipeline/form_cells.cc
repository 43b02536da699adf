#include "pipeline/form_cells.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <numeric>
#include <set>

#include <fmt/format.h>

#include <leptonica/allheaders.h>

#include "extractors/forms_template.h"
#include "extractors/forms_values.h"
#include "pipeline/normalize.h"
#include "pipeline/pdf_text.h"
#include "pipeline/raster.h"

namespace gongwen {

namespace {

constexpr int kDark = 140;  // grey level below which a pixel is ink

struct Image {
  const l_uint32* data;
  int w, h, wpl;
  int dark = kDark;
  bool Dark(int x, int y) const {
    if (x < 0 || y < 0 || x >= w || y >= h) return false;
    return GET_DATA_BYTE(data + static_cast<size_t>(y) * wpl, x) < dark;
  }
};

// Positions (pixel rows for horizontal lines, columns for vertical ones) of
// runs of ink at least min_len long, clustered.
std::vector<int> Lines(const Image& im, bool horizontal, int min_len) {
  const int n = horizontal ? im.h : im.w, len = horizontal ? im.w : im.h;
  std::vector<int> hits;
  for (int a = 0; a < n; ++a) {
    int run = 0, best = 0;
    for (int b = 0; b < len; ++b) {
      bool d = horizontal ? im.Dark(b, a) : im.Dark(a, b);
      run = d ? run + 1 : 0;
      best = std::max(best, run);
    }
    if (best >= min_len) hits.push_back(a);
  }
  std::vector<int> out;
  for (size_t i = 0; i < hits.size();) {
    size_t j = i;
    while (j + 1 < hits.size() && hits[j + 1] - hits[j] <= 2) ++j;
    out.push_back((hits[i] + hits[j]) / 2);
    i = j + 1;
  }
  return out;
}

// The longest unbroken run of ink along a line at `at` (±1 px) between from
// and to, as a share of the length: a ruling line runs through, the strokes
// of text in a cell do not.
double Coverage(const Image& im, bool horizontal, int at, int from, int to) {
  from += 3;
  to -= 3;
  if (to <= from) return 1;
  int run = 0, best = 0, gap = 0;
  for (int b = from; b < to; ++b) {
    bool d = false;
    for (int k = -1; k <= 1 && !d; ++k) d = horizontal ? im.Dark(b, at + k) : im.Dark(at + k, b);
    if (d) {
      run += 1 + gap;  // a gap of a pixel or two (a faint scan) does not break a line
      gap = 0;
    } else if (run > 0 && gap < 2) {
      ++gap;
    } else {
      run = 0;
      gap = 0;
    }
    best = std::max(best, run);
  }
  return static_cast<double>(best) / (to - from);
}

int Find(std::vector<int>& parent, int x) {
  while (parent[x] != x) x = parent[x] = parent[parent[x]];
  return x;
}

// Lines of words joined by '\n'; no space between CJK and Latin words the
// source did not space (OrderWords puts one there).
std::string LinesText(const std::vector<PageLine>& lines) {
  std::string out;
  for (size_t l = 0; l < lines.size(); ++l) {
    if (l) out += '\n';
    const PageLine& line = lines[l];
    for (size_t i = 0; i < line.words.size(); ++i) {
      const Word& w = line.words[i];
      if (i > 0) {
        std::string sep = i < line.seps.size() ? line.seps[i] : " ";
        const Word& prev = line.words[i - 1];
        std::u32string a = ToU32(prev.text), b = ToU32(w.text);
        const bool cjk = (!a.empty() && IsCjk(a.back())) || (!b.empty() && IsCjk(b.front()));
        if (sep == " " && cjk && !prev.space_after) sep.clear();
        out += sep;
      }
      out += w.text;
    }
  }
  return out;
}

// OCR reads the full-width ；，： of Chinese text as ASCII: after a Chinese
// character they are turned back (1,200 and a@b.cn keep theirs).
std::string ChinesePunctuation(const std::string& text) {
  std::u32string u = ToU32(text);
  for (size_t i = 1; i < u.size(); ++i) {
    if (!IsCjk(u[i - 1])) continue;
    if (u[i] == U';') u[i] = U'；';
    else if (u[i] == U',') u[i] = U'，';
    else if (u[i] == U':') u[i] = U'：';
  }
  std::string out;
  for (char32_t c : u) AppendUtf8(c, &out);
  return out;
}

// Specks OCR read as punctuation at either end of a cell (处长， 智能传感 -,
// ]158…, the rest of a rule as | 丨 [ 】); a closing 。 stays.
std::string TrimSpecks(const std::string& text) {
  static const std::u32string kJunk = U" ，,、-.·'\"“”‘’_~`:：[]【】|丨";
  std::u32string u = ToU32(text);
  size_t a = 0, b = u.size();
  while (a < b && kJunk.find(u[a]) != std::u32string::npos) ++a;
  while (b > a && kJunk.find(u[b - 1]) != std::u32string::npos) --b;
  std::string out;
  for (size_t i = a; i < b; ++i) AppendUtf8(u[i], &out);
  return out;
}

// A speck OCR read as a dash or quote at the end of a line of a cell, after a
// Han character (盐城卓远- / 科技有限公司: the line runs on).
std::string TrimLineEnds(const std::string& text) {
  static const std::u32string kJunk = U"-_~·`'\"“”‘’";
  std::u32string u = ToU32(text), out;
  for (size_t i = 0; i < u.size(); ++i) {
    if (kJunk.find(u[i]) != std::u32string::npos && i > 0 && IsHan(u[i - 1])) {
      size_t j = i + 1;
      while (j < u.size() && u[j] == U' ') ++j;
      if (j < u.size() && u[j] == U'\n') continue;
    }
    out += u[i];
  }
  std::string s;
  for (char32_t c : out) AppendUtf8(c, &s);
  return s;
}

// A space OCR put inside a run of Chinese text (创新型产业 集群, 制 备方法):
// Chinese is not spaced, so spaces with two Han characters or more on
// either side go. A two-character name spaced out to the width of three
// (王 五) keeps it.
std::string JoinHanRuns(const std::string& text) {
  std::u32string u = ToU32(text), out;
  auto run = [&](size_t from, int step) {
    size_t n = 0;
    for (long k = static_cast<long>(from); k >= 0 && k < static_cast<long>(u.size()) && IsHan(u[k]); k += step) ++n;
    return n;
  };
  for (size_t i = 0; i < u.size(); ++i) {
    if (u[i] == U' ' && i > 0) {
      size_t j = i;
      while (j < u.size() && u[j] == U' ') ++j;
      if (j < u.size() && run(i - 1, -1) >= 2 && run(j, 1) >= 2) {
        i = j - 1;
        continue;
      }
    }
    out += u[i];
  }
  std::string s;
  for (char32_t c : out) AppendUtf8(c, &s);
  return s;
}

std::string CellText(std::vector<Word> words, bool ocr) {
  if (words.empty()) return "";
  std::string t = LinesText(OrderWords(std::move(words), ocr));
  return ocr ? TrimSpecks(TrimLineEnds(JoinHanRuns(ChinesePunctuation(t)))) : t;
}

// Checkboxes drawn on a scan: small squares whose four sides are ink. A box
// with ink inside (a pen's tick or cross) is ticked. OCR reads them as 口, 囗,
// 回, 区 … or not at all: the words over a box are replaced by ☑ or □.
struct FoundBox {
  int x, y, w, h;
  bool ticked;
};

std::vector<FoundBox> FindBoxes(Image im, double dpi, int dark = kDark) {
  std::vector<FoundBox> out;
  im.dark = dark;
  const int lo = static_cast<int>(0.06 * dpi), hi = static_cast<int>(0.22 * dpi);
  auto side = [&](bool vertical, int at, int from, int len) {
    int ink = 0;
    for (int k = 0; k < len; ++k) {
      bool d = false;
      for (int t = -1; t <= 1 && !d; ++t) d = vertical ? im.Dark(at + t, from + k) : im.Dark(from + k, at + t);
      ink += d;
    }
    return static_cast<double>(ink) / std::max(1, len);
  };
  // Candidates from the left side, which a pen's tick (drawn from inside the
  // box up over its top right) leaves alone: a vertical run of ink of a box's
  // height starting from white, then the right side at about the same
  // distance, top and bottom sides between them mostly ink.
  std::vector<char> taken(static_cast<size_t>(im.w) * im.h, 0);
  for (int y = 0; y + lo < im.h; ++y) {
    for (int x = 0; x + lo < im.w; ++x) {
      if (taken[static_cast<size_t>(y) * im.w + x]) continue;
      if (!im.Dark(x, y) || im.Dark(x, y - 1)) continue;
      int h = 0;
      while (y + h < im.h && im.Dark(x, y + h) && h <= hi) ++h;
      if (h < lo || h > hi) continue;
      // the width whose right side and top and bottom are best covered
      int best_w = 0;
      double best = 0;
      for (int w = h - std::max(2, h / 5); w <= h + std::max(2, h / 5); ++w) {
        if (x + w >= im.w) break;
        const double r = side(true, x + w - 1, y, h);
        if (r < 0.85) continue;
        const double tb = std::min(side(false, y, x, w), side(false, y + h - 1, x, w));
        if (tb >= 0.85 && r + tb > best) best = r + tb, best_w = w;
      }
      if (!best_w) continue;
      const int w = best_w;
      // Not a cell of the table: nothing but white just outside the box's top-left.
      if (im.Dark(x - 3, y + h / 2) && im.Dark(x + w / 2, y - 3)) continue;
      // A printed box stands alone: white just left of it and just below it.
      // A square inside a character has the character's strokes running on
      // out of it there (the bars of 工 in 江, the leg of 广 in 康, the foot
      // of 里 in 理). A pen's tick that overshoots does so over the top right.
      int ring = 0;
      for (int yy = y; yy < y + h; ++yy) ring += im.Dark(x - 2, yy) + im.Dark(x - 3, yy);
      for (int xx = x; xx < x + w; ++xx) ring += im.Dark(xx, y + h + 1) + im.Dark(xx, y + h + 2);
      if (ring > 3) continue;
      // A hollow square: the inside, away from the sides, is not solid ink.
      int ink = 0, area = 0;
      for (int yy = y + h / 5; yy < y + h - h / 5; ++yy)
        for (int xx = x + w / 5; xx < x + w - w / 5; ++xx) ink += im.Dark(xx, yy), ++area;
      if (area == 0 || ink > area * 7 / 10) continue;
      // Nor crossed by a thin straight stroke from side to side: the bars
      // inside a character's frame (目 of 值, 疋 of 定) run level or upright
      // with white a little above and below; a pen's tick or cross runs on a
      // slant, and where one row of it is long (the foot of a thick √) the
      // rows near it are ink too.
      auto bar = [&](bool row, int at) {
        auto dark = [&](int along, int across) { return row ? im.Dark(along, across) : im.Dark(across, along); };
        const int from = row ? x + 2 : y + 2, to = row ? x + w - 2 : y + h - 2;
        int run = 0, best = 0, end = from;
        for (int k = from; k < to; ++k) {
          run = dark(k, at) ? run + 1 : 0;
          if (run > best) best = run, end = k + 1;
        }
        if (best * 4 < (to - from) * 3) return false;
        for (int off : {-3, 3}) {
          int ink = 0;
          for (int k = end - best + 1; k < end - 1; ++k) ink += dark(k, at + off);
          if (ink * 3 > best - 2) return false;
        }
        return true;
      };
      bool crossed = false;
      for (int yy = y + 3; yy < y + h - 3 && !crossed; ++yy) crossed = bar(true, yy);
      for (int xx = x + 3; xx < x + w - 3 && !crossed; ++xx) crossed = bar(false, xx);
      if (crossed) continue;
      out.push_back({x, y, w, h, ink > area / 12});
      for (int yy = y; yy < y + h; ++yy)
        for (int xx = x; xx < x + w; ++xx) taken[static_cast<size_t>(yy) * im.w + xx] = 1;
      x += w;  // past this box
    }
  }
  return out;
}

// The size of the page's printed boxes: all are the same glyph, while the
// squares inside characters (the 田 of 理, the 口 of 和) come in many sizes.
// The most common size of the empty squares found, when at least three share
// it; 0 otherwise.
//
// Only squares where the page's OCR read a box (口, □ …) count: on a page
// without checkboxes the squares inside characters are read as those
// characters, and none is taken for a box (-1).
bool BoxLike(const std::string& t);
int BoxSize(const std::vector<FoundBox>& boxes, const std::vector<Word>& words, double dpi) {
  std::map<int, int> count;
  const double s = 72.0 / dpi;
  int read_as_box = 0;
  for (const FoundBox& b : boxes) {
    if (b.ticked) continue;
    bool seen = false;
    for (const Word& w : words) {
      const double cx = (w.box.x0 + w.box.x1) / 2 / s, cy = (w.box.y0 + w.box.y1) / 2 / s;
      if (cx >= b.x && cx <= b.x + b.w && cy >= b.y && cy <= b.y + b.h && BoxLike(w.text)) seen = true;
    }
    if (!seen) continue;
    ++read_as_box;
    ++count[(b.w + b.h) / 2];
  }
  if (read_as_box < 2) return -1;
  int best = 0, n = 0;
  for (const auto& [size, c] : count) {
    const int near = c + (count.count(size - 1) ? count[size - 1] : 0) + (count.count(size + 1) ? count[size + 1] : 0);
    if (near > n) n = near, best = size;
  }
  return n >= 2 ? best : 0;
}

// Keeps the boxes of the page's box size (all when it is 0).
std::vector<FoundBox> OfSize(std::vector<FoundBox> boxes, int size) {
  if (size < 0) return {};
  if (size == 0) return boxes;
  const int tol = std::max(2, size / 10);
  std::vector<FoundBox> out;
  for (const FoundBox& b : boxes)
    if (std::abs(b.w - size) <= tol && std::abs(b.h - size) <= tol) out.push_back(b);
  return out;
}

bool BoxLike(const std::string& t) {
  static const char* const kLike[] = {"口", "囗", "回", "区", "□", "☐", "☑", "☒", "■", "凶", "四", "加", "[]", "V", "v", "√", "Y", "X", "x"};
  for (const char* k : kLike)
    if (t == k) return true;
  return false;
}

// Replaces OCR's reading of each found box by the glyph of its state.
void PutBoxes(const std::vector<FoundBox>& boxes, double dpi, std::vector<Word>* words) {
  if (boxes.empty()) return;
  const double s = 72.0 / dpi;  // pixels → points
  for (const FoundBox& b : boxes) {
    Box bx{b.x * s, b.y * s, (b.x + b.w) * s, (b.y + b.h) * s};
    // A character in a frame that OCR read as itself (国, 园, 目 …), or a
    // square part of a wider character (the 田 of 理, the 口 of 和): not a
    // box. Whatever else OCR read there is the box misread (了, 贡, 史 for
    // a ticked one).
    const double bw = bx.x1 - bx.x0;
    bool character = false;
    for (const Word& w : *words) {
      const double ox = std::min(w.box.x1, bx.x1) - std::max(w.box.x0, bx.x0);
      const double oy = std::min(w.box.y1, bx.y1) - std::max(w.box.y0, bx.y0);
      if (ox <= 0.25 * bw || oy <= 0.4 * (bx.y1 - bx.y0) || BoxLike(w.text)) continue;
      std::u32string u = ToU32(w.text);
      if (!u.empty() && u[0] < 0x80 && std::isalnum(static_cast<int>(u[0]))) {
        character = true;  // OLED's O, a 0: Latin letters and digits are not misread boxes
        continue;
      }
      if (u.size() != 1 || !IsCjk(u[0])) continue;
      static const std::u32string kFramed = U"国园围困因图固圆团田目日由甲申自面画囚圈回四";
      if (kFramed.find(u[0]) != std::u32string::npos && !b.ticked) character = true;
      if (kFramed.find(u[0]) != std::u32string::npos && u[0] != U'回' && u[0] != U'四') character = true;
      if (w.box.x1 - w.box.x0 > 1.3 * bw && ox < 0.6 * (w.box.x1 - w.box.x0)) character = true;
      // A character beside the square, over part of it: the square is part of it (产值 → 产☑值).
      const double cx = (w.box.x0 + w.box.x1) / 2;
      if (ox > 0.25 * bw && (cx < bx.x0 || cx > bx.x1)) character = true;
    }
    if (character) continue;
    std::vector<Word> kept;
    for (Word& w : *words) {
      const double ox = std::min(w.box.x1, bx.x1) - std::max(w.box.x0, bx.x0);
      const double oy = std::min(w.box.y1, bx.y1) - std::max(w.box.y0, bx.y0);
      const bool overlaps = ox > 0.3 * (bx.x1 - bx.x0) && oy > 0.3 * (bx.y1 - bx.y0);
      if (!overlaps) { kept.push_back(std::move(w)); continue; }
      std::u32string wu = ToU32(w.text);
      const double cx = (w.box.x0 + w.box.x1) / 2;
      // the box itself, misread; or a single character over it (a pen's stroke read as 和)
      if (BoxLike(w.text) || (wu.size() == 1 && cx > bx.x0 - 0.25 * bw && cx < bx.x1 + 0.25 * bw)) continue;
      // A word that starts with the box (口是): the rest is the option.
      std::u32string u = ToU32(w.text);
      std::string first;
      if (!u.empty()) AppendUtf8(u[0], &first);
      if (u.size() > 1 && BoxLike(first)) {
        std::string rest;
        for (size_t k = 1; k < u.size(); ++k) AppendUtf8(u[k], &rest);
        w.text = rest;
        w.box.x0 = bx.x1;
      }
      kept.push_back(std::move(w));
    }
    Word g;
    g.text = b.ticked ? "☑" : "□";
    g.box = bx;
    g.confidence = 0.9f;
    kept.push_back(std::move(g));
    *words = std::move(kept);
  }
}

// A cell's image, cropped inside its ruling lines, is recognized alone: what
// is left of a rule along an edge (a slightly skewed line) is painted white,
// drawn boxes are found, painted white and given back as ☑/□ words, and the
// rest goes to the engine when there is ink enough for a character.
// Returns false when the engine failed (the page's words stand).
bool RecognizeCell(const Pix* page, double dpi, int box_size, int box_dark, int x0, int y0, int x1, int y1, const CellOcr& ocr, int key,
                   std::vector<Word>* words) {
  const int m = std::max(3, static_cast<int>(dpi * 0.03 + 0.5));
  const int w = x1 - x0 - 2 * m, h = y1 - y0 - 2 * m;
  if (w < 4 || h < 4) return true;
  BOX* rect = boxCreate(x0 + m, y0 + m, w, h);
  PixPtr crop(pixClipRectangle(const_cast<Pix*>(page), rect, nullptr));
  boxDestroy(&rect);
  if (!crop) return false;
  Pix* c = crop.get();
  const int cw = static_cast<int>(pixGetWidth(c)), ch = static_cast<int>(pixGetHeight(c));
  Image im{pixGetData(c), cw, ch, static_cast<int>(pixGetWpl(c))};
  // Paper to white (a grey scan's background would otherwise meet the
  // white painted over rules and the white border as edges OCR reads), and
  // specks of dust (a dark pixel alone) removed.
  {
    l_uint32* cd = pixGetData(c);
    int hist[256] = {0};
    for (int y = 0; y < ch; ++y)
      for (int x = 0; x < cw; ++x) ++hist[GET_DATA_BYTE(cd + static_cast<size_t>(y) * im.wpl, x)];
    int bg = 255;
    for (int v = 128; v < 256; ++v)
      if (hist[v] > hist[bg]) bg = v;
    if (bg < 250) {
      for (int y = 0; y < ch; ++y) {
        l_uint32* line = cd + static_cast<size_t>(y) * im.wpl;
        for (int x = 0; x < cw; ++x) {
          const int v = GET_DATA_BYTE(line, x);
          const int u = v >= bg ? 255 : v * 255 / bg;
          SET_DATA_BYTE(line, x, u >= 190 ? 255 : u);  // and faint specks to white
        }
      }
    }
    // Specks on a grey scan: blobs of ink of at most 2×2 px (a full stop or
    // a decimal point is larger).
    PixPtr bin(bg < 250 ? pixThresholdToBinary(c, 200) : nullptr);
    if (bin) {
      BOXA* blobs = pixConnCompBB(bin.get(), 8);
      const int n = blobs ? boxaGetCount(blobs) : 0;
      for (int k = 0; k < n; ++k) {
        l_int32 bx, by, bw, bh;
        if (boxaGetBoxGeometry(blobs, k, &bx, &by, &bw, &bh) != 0 || bw > 2 || bh > 2) continue;
        for (int y = by; y < by + bh; ++y)
          for (int x = bx; x < bx + bw; ++x) SET_DATA_BYTE(cd + static_cast<size_t>(y) * im.wpl, x, 255);
      }
      boxaDestroy(&blobs);
    }
  }
  auto paint = [&](int ax, int ay, int bx, int by) {
    for (int y = std::max(0, ay); y < std::min(ch, by); ++y)
      for (int x = std::max(0, ax); x < std::min(cw, bx); ++x) pixSetPixel(c, x, y, 255);
  };
  // Rows and columns near an edge holding an unbroken run of ink, even faint
  // (the grey edge of a rule that OCR's binarization makes black), along most
  // of the crop: a rule's remains. (The side of a box next to the edge is
  // shorter.)
  const int edge = m + 2;
  auto grey = [&](int x, int y) { return GET_DATA_BYTE(im.data + static_cast<size_t>(y) * im.wpl, x) < 215; };
  auto longest = [&](bool row, int at) {
    int run = 0, best = 0;
    for (int k = 0; k < (row ? cw : ch); ++k) {
      run = (row ? grey(k, at) : grey(at, k)) ? run + 1 : 0;
      best = std::max(best, run);
    }
    return best;
  };
  std::vector<std::pair<int, int>> rows, cols;
  for (int y = 0; y < ch; ++y)
    if ((y < edge || y >= ch - edge) && longest(true, y) > cw * 7 / 10) rows.push_back({y, y + 1});
  for (int x = 0; x < cw; ++x)
    if ((x < edge || x >= cw - edge) && longest(false, x) > ch * 7 / 10) cols.push_back({x, x + 1});
  for (auto [a, b] : rows) paint(0, a - 1, cw, b + 1);
  for (auto [a, b] : cols) paint(a - 1, 0, b + 1, ch);
  const double s = 72.0 / dpi;
  std::vector<FoundBox> boxes = OfSize(FindBoxes(im, dpi, box_dark), box_size);
  for (FoundBox& b : boxes) b.x += x0 + m, b.y += y0 + m;  // on the page
  // Ink enough for a character (not a speck of dust)?
  int ink = 0;
  const int min_ink = std::max(6, static_cast<int>(dpi * dpi / 4000));
  for (int y = 0; y < ch && ink < min_ink; ++y)
    for (int x = 0; x < cw; ++x) ink += im.Dark(x, y);
  if (ink < min_ink) {
    PutBoxes(boxes, dpi, words);
    return true;
  }
  const int pad = static_cast<int>(dpi / 10);
  PixPtr padded(pixAddBorder(c, pad, 255));
  if (!padded) return false;
  if (const char* d = std::getenv("GONGWEN_FORMS_CROPS"))  // debugging: the images recognized
    pixWrite(fmt::format("{}/{}.png", d, key).c_str(), padded.get(), IFF_PNG);
  OcrRequest req;
  req.pix = padded.get();
  req.dpi = dpi;
  req.doc_sha256 = CellOcrKey(ocr.doc_sha256);
  req.page = key;
  req.time_limit_ms = 30'000;
  auto r = ocr.engine->Recognize(req);
  if (!r.ok()) return false;
  // Nothing read from a cell with ink (Tesseract now and then drops a short
  // line alone: 黄平, 纳米新材料): the page's words stand.
  if (r.value().words.empty()) return false;
  const double dx = (x0 + m - pad) * s, dy = (y0 + m - pad) * s;
  for (Word wd : r.value().words) {
    std::string t;
    for (char k : wd.text)
      if (k != '|') t += k;
    if (t.empty()) continue;
    wd.text = std::move(t);
    wd.box = Box{wd.box.x0 + dx, wd.box.y0 + dy, wd.box.x1 + dx, wd.box.y1 + dy};
    words->push_back(std::move(wd));
  }
  PutBoxes(boxes, dpi, words);
  return true;
}

}  // namespace

std::string CellOcrKey(const std::string& doc_sha256) { return doc_sha256 + "#cells"; }

OcrFactory CellTesseractFactory() {
  TesseractOptions o;
  o.languages = "chi_sim";  // with eng, short Chinese cells come out as Latin (总经理 → BAL)
  o.psm = 6;
  o.despeckle = false;       // a cell is cleaned before it is recognized
  o.leftover_lines = false;  // one block: nothing is left out of a page layout
  return TesseractFactory(o);
}

bool MayBeForm(std::string_view text) {
  // The head of the text without spaces (OCR spaces CJK: 创新 型产业集群).
  std::string head;
  for (char c : text.substr(0, std::min<size_t>(text.size(), 6000)))
    if (c != ' ' && c != '\t') head += c;
  for (const FormTemplate& t : FormTemplates()) {
    if (head.find(t.title) != std::string::npos) return true;
    for (const auto& a : t.title_aliases)
      if (head.find(a) != std::string::npos) return true;
  }
  // A title OCR misread in part still ends like a form's (塔育试点申报表), at the top.
  const std::string top = head.substr(0, std::min<size_t>(head.size(), 600));
  for (const char* end : {"申报表", "汇总表", "申请表", "登记表", "申报书"})
    if (top.find(end) != std::string::npos) return true;
  int boxes = 0;
  for (char32_t c : ToU32(text.substr(0, std::min<size_t>(text.size(), 1 << 20)))) boxes += GlyphState(c) != CheckState::kNone;
  return boxes >= 2;
}

namespace {

// A page's text without spaces, tabs and line breaks.
std::string Squeezed(std::string_view text) {
  std::string out;
  for (char c : text)
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f') out += c;
  return out;
}

// Whether a text-layer page reads as running prose: four fifths of its
// characters in lines of 20 or more with at most one space (a table row of
// the text layer is short pieces, one per cell, spaced apart).
bool ProsePage(std::string_view text) {
  size_t all = 0, prose = 0;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(at, end - at);
    size_t chars = 0, spaces = 0;
    for (char32_t c : ToU32(line)) {
      if (c == U' ' || c == U'\t') ++spaces;
      else if (c != U'\f' && c != U'\r') ++chars;
    }
    all += chars;
    if (chars >= 20 && spaces <= 1) prose += chars;
    at = end + 1;
  }
  return all > 0 && prose * 5 >= all * 4;
}

// A text reduced for comparing with labels: folded, Han characters, Latin
// letters (lower case) and digits only.
std::string LabelKey(std::string_view text) {
  std::string out;
  for (char32_t c : ToU32(FoldText(text))) {
    if (c >= U'A' && c <= U'Z') c += 32;
    if (IsHan(c) || (c < 0x80 && std::isalnum(static_cast<int>(c)))) AppendUtf8(c, &out);
  }
  return out;
}

// Whether `text` is, all of it, the label (or an alias) of a template's field.
bool IsTemplateLabel(std::string_view text) {
  static const auto* labels = [] {
    auto* set = new std::set<std::string>();
    auto add = [&](const FormField& f) {
      set->insert(LabelKey(f.label));
      for (const auto& a : f.aliases) set->insert(LabelKey(a));
    };
    for (const FormTemplate& t : FormTemplates()) {
      for (const FormField& f : t.fields) add(f);
      for (const FormGroup& g : t.groups)
        for (const FormField& f : g.fields) add(f);
    }
    set->erase("");
    return set;
  }();
  return labels->count(LabelKey(text)) > 0;
}

// Whether a cell read alone lost whole lines that the page's OCR found in it
// (a block of one line where the cell holds two: 车规级毫 for 车规级毫米波雷达):
// the page's words then hold twice the Han characters, and three more
// (Latin letters are the page OCR's usual garbage, not lost text).
bool LostLines(const std::vector<Word>& alone, const std::vector<Word>& page_words) {
  size_t a = 0, p = 0;
  for (const Word& w : alone)
    for (char32_t c : ToU32(w.text)) a += IsHan(c);
  for (const Word& w : page_words)
    for (char32_t c : ToU32(w.text)) p += IsHan(c);
  return a > 0 && p >= 2 * a && p >= a + 3;
}

}  // namespace

std::vector<bool> PagesThatMayHoldForm(const Document& doc) {
  const size_t n = doc.pages.size();
  std::vector<bool> hold(n, false);
  std::vector<bool> text_layer(n, false), prose(n, false);
  for (size_t i = 0; i < n; ++i) {
    const Page& p = doc.pages[i];
    if (p.source == TextSource::kOcr || p.words.empty() || p.span.end > doc.text.size() || p.span.begin > p.span.end) {
      hold[i] = true;  // scans (and pages of unknown text): as before
      continue;
    }
    text_layer[i] = true;
    const std::string_view raw(doc.text.data() + p.span.begin, p.span.end - p.span.begin);
    bool form = false;
    for (char32_t c : ToU32(raw))
      if (GlyphState(c) != CheckState::kNone) { form = true; break; }
    const std::string text = Squeezed(raw);
    prose[i] = ProsePage(raw);
    for (const FormTemplate& t : FormTemplates()) {
      if (form || prose[i]) break;
      if (text.find(t.title) != std::string::npos) { form = true; break; }
      for (const auto& a : t.title_aliases)
        if (text.find(a) != std::string::npos) { form = true; break; }
      // Three of the template's labels (of two characters or more) on the page.
      int labels = 0;
      auto count = [&](const FormField& f) {
        auto has = [&](const std::string& l) { return ToU32(l).size() >= 2 && text.find(l) != std::string::npos; };
        bool found = has(f.label);
        for (const auto& a : f.aliases) found = found || has(a);
        labels += found;
      };
      for (const FormField& f : t.fields) count(f);
      for (const FormGroup& g : t.groups)
        for (const FormField& f : g.fields) count(f);
      if (labels >= 3) form = true;
    }
    hold[i] = form;
  }
  // A form runs on over the pages that follow it (row groups cross page
  // breaks) until a page of running prose.
  for (size_t i = 1; i < n; ++i)
    if (!hold[i] && hold[i - 1] && text_layer[i] && !prose[i]) hold[i] = true;
  // A blank form in the text layer (a notice's attachment) is not rendered:
  // each run of text-layer pages held for a form whose text is labels only.
  for (size_t i = 0; i < n;) {
    if (!hold[i] || !text_layer[i]) { ++i; continue; }
    size_t j = i;
    std::string run;
    while (j < n && hold[j] && text_layer[j]) {
      const Page& p = doc.pages[j++];
      run.append(doc.text, p.span.begin, p.span.end - p.span.begin);
      run += '\n';
    }
    if (BlankFormText(run))
      for (size_t k = i; k < j; ++k) hold[k] = false;
    i = j;
  }
  return hold;
}

bool BlankFormText(std::string_view text) {
  for (char32_t c : ToU32(text))
    if (GlyphState(c) == CheckState::kOn) return false;  // a ticked box
  // The Han characters of the lines that are not running prose (a sentence
  // of the notice around the form, or a form's printed note).
  std::string lines;
  size_t all = 0;
  for (size_t at = 0; at < text.size();) {
    size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(at, end - at);
    at = end + 1;
    const std::u32string u = ToU32(line);
    size_t chars = 0, spaces = 0;
    bool sentence = false;
    for (char32_t c : u) {
      if (c == U' ' || c == U'\t') ++spaces;
      else ++chars;
      sentence |= c == U'，' || c == U'。' || c == U'；';
    }
    if (chars >= 20 && spaces <= 1 && sentence) continue;
    lines += FoldText(Squeezed(line));
  }
  auto han = [](std::string_view s) {
    size_t n = 0;
    for (char32_t c : ToU32(s)) n += IsHan(c);
    return n;
  };
  all = han(lines);
  if (all == 0) return false;
  // Take out what every blank form prints: the templates' titles, labels,
  // options and group labels, longest first, and example rows' marks.
  std::vector<std::string> printed{"示例", "盖章", "年月日"};
  for (const FormTemplate& t : FormTemplates()) {
    printed.push_back(t.title);
    for (const auto& a : t.title_aliases) printed.push_back(a);
    auto add = [&](const FormField& f) {
      printed.push_back(f.label);
      for (const auto& a : f.aliases) printed.push_back(a);
      for (const auto& o : f.options) printed.push_back(o);
    };
    for (const FormField& f : t.fields) add(f);
    for (const FormGroup& g : t.groups) {
      printed.push_back(g.label);
      for (const FormField& f : g.fields) add(f);
    }
  }
  for (std::string& p : printed) p = FoldText(Squeezed(p));
  std::sort(printed.begin(), printed.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  for (const std::string& p : printed) {
    if (ToU32(p).size() < 2) continue;
    for (size_t at = lines.find(p); at != std::string::npos; at = lines.find(p, at)) lines.replace(at, p.size(), " ");
  }
  const size_t left = han(lines);
  if (std::getenv("GONGWEN_FORMS_BLANK"))  // debugging: what is left of the labels
    fmt::print(stderr, "blank form? {} of {} Han characters left: {}\n", left, all, lines);
  // Labels the templates word otherwise, section heads and example values
  // (张三, ××有限公司) leave a little (a fifth of the 2023 guide's blank
  // form); a filled form leaves its values (two fifths and more of our
  // filled forms, even without their ticks).
  return left * 3 <= all;
}

std::vector<Cell> PageCells(const Pix* image, double dpi, const Page& page, int* table, const CellOcr* cell_ocr) {
  std::vector<Cell> out;
  Pix* pix = const_cast<Pix*>(image);
  Image im{pixGetData(pix), static_cast<int>(pixGetWidth(pix)), static_cast<int>(pixGetHeight(pix)),
           static_cast<int>(pixGetWpl(pix))};
  const double s = dpi / 72.0;  // points → pixels
  const int min_len = static_cast<int>(0.3 * dpi);
  std::vector<int> ys = Lines(im, true, min_len);
  std::vector<int> xs = Lines(im, false, min_len);
  const bool ocr = page.source == TextSource::kOcr;
  int box_size = 0;  // of the printed checkboxes, on a scan
  int box_dark = kDark;  // grey level below which their sides are ink
  // OCR reads ruling lines as '|': they are not text.
  Page cleaned;
  if (ocr) {
    cleaned = page;
    std::vector<Word> kept;
    for (Word w : cleaned.words) {
      std::string t;
      for (char ch : w.text)
        if (ch != '|') t += ch;
      if (t.empty()) continue;
      w.text = std::move(t);
      kept.push_back(std::move(w));
    }
    cleaned.words = std::move(kept);
    std::vector<FoundBox> page_boxes = FindBoxes(im, dpi, box_dark);
    box_size = BoxSize(page_boxes, cleaned.words, dpi);
    if (box_size <= 0) {
      // A faded scan: a box's thin sides are grey.
      std::vector<FoundBox> grey = FindBoxes(im, dpi, 200);
      const int grey_size = BoxSize(grey, cleaned.words, dpi);
      if (grey_size > 0) box_dark = 200, box_size = grey_size, page_boxes = std::move(grey);
    }
    PutBoxes(OfSize(std::move(page_boxes), box_size), dpi, &cleaned.words);
  }
  const Page& pg = ocr ? cleaned : page;
  auto paragraphs = [&](const std::vector<Word>& words) {
    if (words.empty()) return;
    auto lines = OrderWords(words, ocr);
    for (auto& l : lines) {
      Cell c;
      c.table = -1;
      c.page = page.number;
      c.text = LinesText({l});
      Box b{1e9, 1e9, 0, 0};
      float conf = 0;
      for (const Word& w : l.words) {
        b.x0 = std::min(b.x0, w.box.x0), b.y0 = std::min(b.y0, w.box.y0);
        b.x1 = std::max(b.x1, w.box.x1), b.y1 = std::max(b.y1, w.box.y1);
        conf += w.confidence;
      }
      c.box = b;
      c.confidence = l.words.empty() ? 1.0f : conf / static_cast<float>(l.words.size());
      out.push_back(std::move(c));
    }
  };
  if (ys.size() < 2 || xs.size() < 2) {
    paragraphs(pg.words);
    return out;
  }
  const int ny = static_cast<int>(ys.size()) - 1, nx = static_cast<int>(xs.size()) - 1;
  std::vector<int> parent(static_cast<size_t>(ny * nx));
  std::iota(parent.begin(), parent.end(), 0);
  auto id = [&](int r, int c) { return r * nx + c; };
  for (int r = 0; r < ny; ++r)
    for (int c = 0; c < nx; ++c) {
      if (c + 1 < nx && Coverage(im, false, xs[c + 1], ys[r], ys[r + 1]) < 0.5)
        parent[Find(parent, id(r, c))] = Find(parent, id(r, c + 1));
      if (r + 1 < ny && Coverage(im, true, ys[r + 1], xs[c], xs[c + 1]) < 0.5)
        parent[Find(parent, id(r, c))] = Find(parent, id(r + 1, c));
    }
  // Merged regions: their extent in grid rows and columns.
  struct Region { int r0 = 1 << 30, c0 = 1 << 30, r1 = -1, c1 = -1; std::vector<Word> words; };
  std::map<int, Region> regions;
  for (int r = 0; r < ny; ++r)
    for (int c = 0; c < nx; ++c) {
      Region& g = regions[Find(parent, id(r, c))];
      g.r0 = std::min(g.r0, r), g.c0 = std::min(g.c0, c), g.r1 = std::max(g.r1, r), g.c1 = std::max(g.c1, c);
    }
  std::vector<Word> above, below;
  for (const Word& w : pg.words) {
    const double cx = (w.box.x0 + w.box.x1) / 2 * s, cy = (w.box.y0 + w.box.y1) / 2 * s;
    if (cy < ys.front() || cx < xs.front() || cx > xs.back()) {
      (cy < ys.front() ? above : below).push_back(w);
      continue;
    }
    if (cy > ys.back()) {
      below.push_back(w);
      continue;
    }
    int r = static_cast<int>(std::upper_bound(ys.begin(), ys.end(), static_cast<int>(cy)) - ys.begin()) - 1;
    int c = static_cast<int>(std::upper_bound(xs.begin(), xs.end(), static_cast<int>(cx)) - xs.begin()) - 1;
    r = std::clamp(r, 0, ny - 1);
    c = std::clamp(c, 0, nx - 1);
    regions[Find(parent, id(r, c))].words.push_back(w);
  }
  paragraphs(above);
  std::vector<Region*> order;
  for (auto& [k, g] : regions) order.push_back(&g);
  std::sort(order.begin(), order.end(), [](const Region* a, const Region* b) {
    return a->r0 != b->r0 ? a->r0 < b->r0 : a->c0 < b->c0;
  });
  const int t = (*table)++;
  if (ocr && cell_ocr && cell_ocr->engine) {
    for (size_t k = 0; k < order.size(); ++k) {
      Region* g = order[k];
      // A cell the page's OCR read as exactly a template's label is not read
      // again: its text could come out no better (half of a form's cells).
      if (!g->words.empty() && IsTemplateLabel(LinesText(OrderWords(g->words, true)))) continue;
      std::vector<Word> words;
      if (RecognizeCell(image, dpi, box_size, box_dark, xs[g->c0], ys[g->r0], xs[g->c1 + 1], ys[g->r1 + 1], *cell_ocr,
                        page.number * 10000 + static_cast<int>(k), &words) &&
          !LostLines(words, g->words))
        g->words = std::move(words);
    }
  }
  for (Region* g : order) {
    Cell c;
    c.table = t;
    c.row = g->r0;
    c.col = g->c0;
    c.row_span = g->r1 - g->r0 + 1;
    c.col_span = g->c1 - g->c0 + 1;
    c.page = page.number;
    c.box = Box{xs[g->c0] / s, ys[g->r0] / s, xs[g->c1 + 1] / s, ys[g->r1 + 1] / s};
    float conf = 1.0f;
    if (!g->words.empty()) {
      conf = 0;
      for (const Word& w : g->words) conf += w.confidence;
      conf /= static_cast<float>(g->words.size());
    }
    c.confidence = conf;
    c.text = CellText(std::move(g->words), ocr);
    out.push_back(std::move(c));
  }
  paragraphs(below);
  return out;
}

namespace {

// A grey scan's paper made white and its ink stretched to match (faint
// pixels to white), so boxes and rules are found as on a clean scan.
void WhitenPaper(Pix* pix) {
  const int w = static_cast<int>(pixGetWidth(pix)), h = static_cast<int>(pixGetHeight(pix));
  const int wpl = static_cast<int>(pixGetWpl(pix));
  l_uint32* data = pixGetData(pix);
  int hist[256] = {0};
  for (int y = 0; y < h; y += 2)
    for (int x = 0; x < w; x += 2) ++hist[GET_DATA_BYTE(data + static_cast<size_t>(y) * wpl, x)];
  int bg = 255;
  for (int v = 128; v < 256; ++v)
    if (hist[v] > hist[bg]) bg = v;
  if (bg >= 250) return;
  for (int y = 0; y < h; ++y) {
    l_uint32* line = data + static_cast<size_t>(y) * wpl;
    for (int x = 0; x < w; ++x) {
      const int v = GET_DATA_BYTE(line, x);
      const int u = v >= bg ? 255 : v * 255 / bg;
      SET_DATA_BYTE(line, x, u >= 190 ? 255 : u);
    }
  }
}

// The page's words turned as its image was straightened (Deskew's rotation).
Page SkewWords(const Page& p, const PageImage& img) {
  Page out = p;
  if (img.skew_deg == 0) return out;
  const double cx = img.width_pt / 2, cy = img.height_pt / 2;
  const double a = img.skew_deg * M_PI / 180.0, c = std::cos(a), sn = std::sin(a);
  for (Word& w : out.words) {
    const double mx = (w.box.x0 + w.box.x1) / 2 - cx, my = (w.box.y0 + w.box.y1) / 2 - cy;
    const double rx = cx + mx * c - my * sn - mx - cx, ry = cy + mx * sn + my * c - my - cy;
    w.box = Box{w.box.x0 + rx, w.box.y0 + ry, w.box.x1 + rx, w.box.y1 + ry};
  }
  return out;
}

}  // namespace

Status FindFormCells(std::string_view bytes, const std::string& media_type, const std::string& password,
                     Document* doc, const OcrFactory& cell_ocr, double ocr_dpi) {
  doc->cells.clear();
  int table = 0;
  constexpr double kDpi = 100;  // lines need little resolution
  // The cell engine: the one given, or a Tesseract kept on this thread.
  thread_local std::unique_ptr<OcrEngine> tesseract;
  std::unique_ptr<OcrEngine> given;
  OcrEngine* engine = nullptr;
  auto cells_of = [&](PageImage& img, const Page& p) {
    if (p.source != TextSource::kOcr) return PageCells(img.pix.get(), img.dpi, p, &table);
    if (!engine) {
      if (cell_ocr) {
        auto e = cell_ocr();
        if (e.ok()) given = std::move(e.value());
        engine = given.get();
      } else {
        if (!tesseract) {
          auto e = CellTesseractFactory()();
          if (e.ok()) tesseract = std::move(e.value());
        }
        engine = tesseract.get();
      }
    }
    Deskew(&img, 0.05);
    WhitenPaper(img.pix.get());
    CellOcr co{engine, doc->sha256};
    auto cells = PageCells(img.pix.get(), img.dpi, SkewWords(p, img), &table, &co);
    for (Cell& c : cells)
      if (c.box) c.box = UnskewBox(img, *c.box);
    return cells;
  };
  if (media_type == "application/pdf") {
    auto pdf = PdfFile::Open(bytes, password);
    if (!pdf.ok()) return pdf.status();
    const std::vector<bool> hold = PagesThatMayHoldForm(*doc);
    // Pages that cannot hold a form are not rendered: their words are paragraphs.
    std::unique_ptr<Pix, void (*)(Pix*)> blank(pixCreate(8, 8, 8), [](Pix* x) { pixDestroy(&x); });
    pixSetAll(blank.get());
    for (size_t i = 0; i < doc->pages.size(); ++i) {
      const Page& p = doc->pages[i];
      if (!hold[i]) {
        for (auto& c : PageCells(blank.get(), kDpi, p, &table)) doc->cells.push_back(std::move(c));
        continue;
      }
      auto img = RenderPdfPage(*pdf.value(), p.number - 1, p.source == TextSource::kOcr ? ocr_dpi : kDpi);
      if (!img.ok()) return img.status();
      auto cells = cells_of(img.value(), p);
      for (auto& c : cells) doc->cells.push_back(std::move(c));
    }
    return Status::Ok();
  }
  for (const Page& p : doc->pages) {
    auto img = ReadImageFrame(bytes, p.number - 1);
    if (!img.ok()) return img.status();
    auto cells = cells_of(img.value(), p);
    for (auto& c : cells) doc->cells.push_back(std::move(c));
  }
  return Status::Ok();
}

}  // namespace gongwen
