#include "pipeline/raster.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <mutex>

#include <fmt/format.h>
#include <leptonica/allheaders.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>
// Poppler's own API (libpoppler-private-dev), for the images a page draws.
#include <poppler/GfxState.h>
#include <poppler/GlobalParams.h>
#include <poppler/OutputDev.h>
#include <poppler/PDFDoc.h>
#include <poppler/Stream.h>

#include "pipeline/pdf_text.h"

namespace gongwen {

void PixDeleter::operator()(Pix* p) const {
  if (p) pixDestroy(&p);
}

namespace {

void QuietLeptonica() {
  static std::once_flag once;
  std::call_once(once, [] { setMsgSeverity(L_SEVERITY_NONE); });
}

constexpr int kMaxSide = 32000;

// Records the image that covers most of a page and how many of its pixels
// fall on an inch of the page. With `decode`, also decodes that image to
// 8-bit grey when it is drawn upright (no rotation or mirror), and notes
// whether anything else is drawn (paths, visible text, other images), so a
// page that is one scan and nothing more can be taken from its own pixels.
// Otherwise reads no image data (an inline image is skipped by the base
// class, as it must be).
class ImageProbe : public OutputDev {
 public:
  // decode: images finer than min_dpi only (a scan at the asked resolution is rendered as it is).
  explicit ImageProbe(bool decode = false, int64_t max_pixels = 0, double min_dpi = 0)
      : decode_(decode), max_pixels_(max_pixels), min_dpi_(min_dpi) {}
  double best_area = 0, best_dpi = 0;
  int images = 0;
  bool other_ink = false;  // paths, visible text or masks drawn
  PixPtr pix;              // the decoded image (decode only), with its place in points:
  double x0 = 0, y0 = 0, w = 0, h = 0;

  bool upsideDown() override { return true; }
  bool useDrawChar() override { return false; }
  bool interpretType3Chars() override { return false; }
  void stroke(GfxState*) override { other_ink = true; }
  void fill(GfxState*) override { other_ink = true; }
  void eoFill(GfxState*) override { other_ink = true; }
  void drawString(GfxState* state, const GooString*) override {
    if (state->getRender() != 3) other_ink = true;  // 3: invisible (an OCR layer)
  }
  void drawImageMask(GfxState* state, Object* ref, Stream* str, int width, int height, bool invert,
                     bool interpolate, bool inline_img) override {
    other_ink = true;
    Note(state, width, height);
    OutputDev::drawImageMask(state, ref, str, width, height, invert, interpolate, inline_img);
  }
  void drawImage(GfxState* state, Object* ref, Stream* str, int width, int height, GfxImageColorMap* color_map,
                 bool interpolate, const int* mask_colors, bool inline_img) override {
    ++images;
    if (Note(state, width, height) && decode_ && best_dpi > min_dpi_ && !mask_colors &&
        Decode(state, str, width, height, color_map))
      return;
    OutputDev::drawImage(state, ref, str, width, height, color_map, interpolate, mask_colors, inline_img);
  }
  void drawMaskedImage(GfxState* state, Object*, Stream*, int width, int height, GfxImageColorMap*, bool, Stream*,
                       int, int, bool, bool) override {
    other_ink = true;
    Note(state, width, height);
  }
  void drawSoftMaskedImage(GfxState* state, Object*, Stream*, int width, int height, GfxImageColorMap*, bool,
                           Stream*, int, int, GfxImageColorMap*, bool) override {
    other_ink = true;
    Note(state, width, height);
  }

 private:
  // The image's unit square goes to the page (in points) by the CTM: its
  // sides are the vectors (a, b) and (c, d). True when it is the largest yet.
  bool Note(GfxState* state, int width, int height) {
    const double* m = state->getCTM();
    const double wx = std::hypot(m[0], m[1]), hy = std::hypot(m[2], m[3]);
    const double area = std::abs(m[0] * m[3] - m[1] * m[2]);
    if (wx <= 0 || hy <= 0 || area <= best_area) return false;
    best_area = area;
    best_dpi = std::min(width / (wx / 72.0), height / (hy / 72.0));
    pix.reset();
    return true;
  }

  // Upright (y down: the image's first row at the top) and within the pixel budget.
  bool Decode(GfxState* state, Stream* str, int width, int height, GfxImageColorMap* map) {
    const double* m = state->getCTM();
    if (m[1] != 0 || m[2] != 0 || m[0] <= 0 || m[3] >= 0 || !map || width <= 0 || height <= 0) return false;
    if (static_cast<int64_t>(width) * height > max_pixels_ || width > kMaxSide || height > kMaxSide) return false;
    PixPtr out(pixCreate(width, height, 8));
    if (!out) return false;
    pixSetAllArbitrary(out.get(), 255);
    ImageStream is(str, width, map->getNumPixelComps(), map->getBits());
    is.reset();
    std::vector<unsigned char> grey(static_cast<size_t>(width));
    l_uint32* data = pixGetData(out.get());
    const int wpl = pixGetWpl(out.get());
    for (int y = 0; y < height; ++y) {
      unsigned char* line = is.getLine();
      if (!line) break;  // a short stream: the rest stays white
      map->getGrayLine(line, grey.data(), width);
      l_uint32* row = data + static_cast<size_t>(y) * wpl;
      for (int x = 0; x < width; ++x) SET_DATA_BYTE(row, x, grey[x]);
    }
    is.close();
    pix = std::move(out);
    x0 = m[4], y0 = m[5] + m[3], w = m[0], h = -m[3];
    return true;
  }

  bool decode_;
  int64_t max_pixels_;
  double min_dpi_;
};



// Renders to 8-bit grey at `dpi`, without limits.
PixPtr Render(const PdfFile& pdf, int index, double dpi) {
  std::unique_ptr<poppler::page> page(pdf.poppler()->create_page(index));
  if (!page) return nullptr;
  poppler::page_renderer r;
  r.set_render_hint(poppler::page_renderer::antialiasing, true);
  r.set_render_hint(poppler::page_renderer::text_antialiasing, true);
  r.set_image_format(poppler::image::format_gray8);
  poppler::image img;
  try {
    img = r.render_page(page.get(), dpi, dpi);
  } catch (const std::exception&) {
    return nullptr;
  }
  if (!img.is_valid() || img.width() <= 0 || img.height() <= 0) return nullptr;
  const int w = img.width(), h = img.height();
  PixPtr pix(pixCreate(w, h, 8));
  if (!pix) return nullptr;
  const char* src = img.const_data();
  const int stride = img.bytes_per_row();
  l_uint32* data = pixGetData(pix.get());
  const int wpl = pixGetWpl(pix.get());
  if (img.format() == poppler::image::format_gray8) {
    for (int y = 0; y < h; ++y) std::memcpy(data + static_cast<size_t>(y) * wpl, src + static_cast<size_t>(y) * stride, w);
    pixEndianByteSwap(pix.get());
  } else {  // ARGB32 fallback: luminance
    for (int y = 0; y < h; ++y) {
      const unsigned char* row = reinterpret_cast<const unsigned char*>(src) + static_cast<size_t>(y) * stride;
      l_uint32* line = data + static_cast<size_t>(y) * wpl;
      for (int x = 0; x < w; ++x) {
        const unsigned char* p = row + 4 * x;  // B G R A in memory
        SET_DATA_BYTE(line, x, (p[2] * 299 + p[1] * 587 + p[0] * 114) / 1000);
      }
    }
  }
  pixSetResolution(pix.get(), static_cast<int>(dpi + 0.5), static_cast<int>(dpi + 0.5));
  return pix;
}

}  // namespace

double PageImageDpi(std::string_view pdf_bytes, const std::string& password, int index) {
  // An open poppler-cpp document keeps Poppler's globalParams alive (and
  // its error messages silent) while the core API reads the same bytes.
  auto cpp = PdfFile::Open(pdf_bytes, password);
  if (!cpp.ok() || !globalParams) return 0;
  auto* stream = new MemStream(pdf_bytes.data(), 0, static_cast<Goffset>(pdf_bytes.size()), Object(objNull));
  std::optional<GooString> pw;
  if (!password.empty()) pw.emplace(password);
  PDFDoc doc(stream, pw, pw);  // owns the stream
  if (!doc.isOk() || index < 0 || index >= doc.getNumPages()) return 0;
  ImageProbe probe;
  doc.displayPage(&probe, index + 1, 72, 72, 0, /*useMediaBox=*/false, /*crop=*/true, /*printing=*/false);
  const double page_area = doc.getPageCropWidth(index + 1) * doc.getPageCropHeight(index + 1);
  if (page_area <= 0 || probe.best_area < 0.5 * page_area) return 0;
  return probe.best_dpi;
}

Result<PageImage> ScanPageImage(std::string_view pdf_bytes, const std::string& password, int index, double dpi,
                                int64_t max_pixels) {
  QuietLeptonica();
  auto cpp = PdfFile::Open(pdf_bytes, password);  // keeps globalParams alive, as above
  if (!cpp.ok()) return cpp.status();
  if (!globalParams) return Status::Unsupported("Poppler is not set up");
  auto* stream = new MemStream(pdf_bytes.data(), 0, static_cast<Goffset>(pdf_bytes.size()), Object(objNull));
  std::optional<GooString> pw;
  if (!password.empty()) pw.emplace(password);
  PDFDoc doc(stream, pw, pw);
  if (!doc.isOk() || index < 0 || index >= doc.getNumPages()) return Status::InvalidInput("page cannot be read");
  ImageProbe probe(/*decode=*/true, max_pixels, dpi * 1.05);
  doc.displayPage(&probe, index + 1, 72, 72, 0, /*useMediaBox=*/false, /*crop=*/true, /*printing=*/false);
  const double pw_pt = doc.getPageCropWidth(index + 1), ph_pt = doc.getPageCropHeight(index + 1);
  const bool whole = probe.pix && probe.images == 1 && !probe.other_ink && std::abs(probe.x0) <= 1 &&
                     std::abs(probe.y0) <= 1 && std::abs(probe.w - pw_pt) <= 1 && std::abs(probe.h - ph_pt) <= 1;
  if (!whole || probe.best_dpi <= dpi * 1.05) return Status::Unsupported("not a page of one scan finer than asked");
  const auto f = static_cast<l_float32>(dpi / probe.best_dpi);
  PageImage out;
  out.pix.reset(pixScaleAreaMap(probe.pix.get(), f, f));
  if (!out.pix) return Status::InvalidInput("page cannot be rendered");
  pixSetResolution(out.pix.get(), static_cast<int>(dpi + 0.5), static_cast<int>(dpi + 0.5));
  out.dpi = dpi;
  out.width_pt = pw_pt;
  out.height_pt = ph_pt;
  return out;
}

Result<PageImage> RenderPdfPage(const PdfFile& pdf, int index, double dpi, int64_t max_pixels, double image_dpi) {
  QuietLeptonica();
  PageImage out;
  pdf.PageSize(index, &out.width_pt, &out.height_pt);
  if (out.width_pt <= 0 || out.height_pt <= 0) return Status::InvalidInput("page has no size");
  // A scan finer than asked: rendered pixel for pixel, then averaged down.
  if (image_dpi > dpi * 1.05 && image_dpi <= 2400) {
    const double px = out.width_pt / 72.0 * out.height_pt / 72.0;
    if (px * image_dpi * image_dpi <= static_cast<double>(max_pixels) &&
        image_dpi * std::max(out.width_pt, out.height_pt) / 72.0 <= kMaxSide) {
      PixPtr fine = Render(pdf, index, image_dpi);
      if (!fine) return Status::InvalidInput("page cannot be rendered");
      const auto f = static_cast<l_float32>(dpi / image_dpi);
      out.pix.reset(pixScaleAreaMap(fine.get(), f, f));
      if (!out.pix) return Status::InvalidInput("page cannot be rendered");
      pixSetResolution(out.pix.get(), static_cast<int>(dpi + 0.5), static_cast<int>(dpi + 0.5));
      out.dpi = dpi;
      return out;
    }
  }
  double use = dpi;
  const double px = out.width_pt / 72.0 * out.height_pt / 72.0;  // square inches
  if (px * use * use > static_cast<double>(max_pixels)) use = std::sqrt(max_pixels / px);
  use = std::min(use, kMaxSide * 72.0 / std::max(out.width_pt, out.height_pt));
  use = std::floor(use);
  if (use < 10) return Status::TooLarge(fmt::format("page of {:.0f}×{:.0f} pt is too large to render", out.width_pt, out.height_pt));
  if (use < dpi) out.note = fmt::format("rendered at {:.0f} dpi instead of {:.0f}: page of {:.0f}×{:.0f} pt", use, dpi, out.width_pt, out.height_pt);
  out.pix = Render(pdf, index, use);
  if (!out.pix) return Status::InvalidInput("page cannot be rendered");
  out.dpi = use;
  return out;
}

bool PageHasInk(const PdfFile& pdf, int index, const std::vector<Word>& words) {
  QuietLeptonica();
  constexpr double kDpi = 36;
  double wpt = 0, hpt = 0;
  pdf.PageSize(index, &wpt, &hpt);
  double dpi = kDpi;
  if (wpt * hpt / 5184.0 * dpi * dpi > 4e6) dpi = std::sqrt(4e6 / (wpt * hpt / 5184.0));
  if (dpi < 1) return false;
  PixPtr pix = Render(pdf, index, dpi);
  if (!pix) return false;
  const int w = pixGetWidth(pix.get()), h = pixGetHeight(pix.get());
  std::vector<char> masked(static_cast<size_t>(w) * h, 0);
  const double s = dpi / 72.0;
  for (const Word& wd : words) {
    int x0 = std::max(0, static_cast<int>(wd.box.x0 * s) - 2), x1 = std::min(w, static_cast<int>(wd.box.x1 * s) + 3);
    int y0 = std::max(0, static_cast<int>(wd.box.y0 * s) - 2), y1 = std::min(h, static_cast<int>(wd.box.y1 * s) + 3);
    for (int y = y0; y < y1; ++y)
      for (int x = x0; x < x1; ++x) masked[static_cast<size_t>(y) * w + x] = 1;
  }
  l_uint32* data = pixGetData(pix.get());
  const int wpl = pixGetWpl(pix.get());
  int64_t dark = 0;
  for (int y = 0; y < h; ++y) {
    l_uint32* line = data + static_cast<size_t>(y) * wpl;
    for (int x = 0; x < w; ++x)
      if (!masked[static_cast<size_t>(y) * w + x] && GET_DATA_BYTE(line, x) < 160) ++dark;
  }
  return dark >= std::max<int64_t>(20, static_cast<int64_t>(w) * h / 500);
}

Result<int> ImageFrameCount(std::string_view bytes) {
  QuietLeptonica();
  l_int32 format = 0;
  const auto* data = reinterpret_cast<const l_uint8*>(bytes.data());
  if (findFileFormatBuffer(data, &format) != 0) return Status::InvalidInput("not an image Leptonica reads");
  if (format != IFF_TIFF && format != IFF_TIFF_G3 && format != IFF_TIFF_G4 && format != IFF_TIFF_PACKBITS &&
      format != IFF_TIFF_RLE && format != IFF_TIFF_LZW && format != IFF_TIFF_ZIP && format != IFF_TIFF_JPEG)
    return 1;
  FILE* f = fmemopen(const_cast<char*>(bytes.data()), bytes.size(), "rb");
  if (!f) return Status::IoError("fmemopen failed");
  l_int32 n = 0;
  l_ok bad = tiffGetCount(f, &n);
  fclose(f);
  if (bad || n <= 0) return Status::InvalidInput("TIFF without readable pages");
  return static_cast<int>(n);
}

Result<PageImage> ReadImageFrame(std::string_view bytes, int index, int64_t max_pixels) {
  QuietLeptonica();
  const auto* data = reinterpret_cast<const l_uint8*>(bytes.data());
  l_int32 format = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0, res_hdr = 0;
  if (bytes.size() < 12) return Status::InvalidInput("not an image Leptonica reads");
  findFileFormatBuffer(data, &format);
  if (L_FORMAT_IS_TIFF(format)) {  // every frame's size from its own directory, before decoding
    if (readHeaderMemTiff(data, bytes.size(), index, &w, &h, &bps, &spp, &res_hdr, &cmap, &format) != 0)
      return Status::InvalidInput(fmt::format("cannot decode image frame {}", index + 1));
    if (static_cast<int64_t>(w) * h > max_pixels || w > kMaxSide || h > kMaxSide)
      return Status::TooLarge(fmt::format("image of {}×{} px exceeds the {} Mpx limit", w, h, max_pixels / 1000000));
  } else if (index == 0) {
    if (pixReadHeaderMem(data, bytes.size(), &format, &w, &h, &bps, &spp, &cmap) != 0)
      return Status::InvalidInput("cannot read the image header");
    if (static_cast<int64_t>(w) * h > max_pixels || w > kMaxSide || h > kMaxSide)
      return Status::TooLarge(fmt::format("image of {}×{} px exceeds the {} Mpx limit", w, h, max_pixels / 1000000));
  }
  PixPtr raw;
  l_int32 fmt_tiff = 0;
  findFileFormatBuffer(data, &fmt_tiff);
  bool tiff = fmt_tiff == IFF_TIFF || (fmt_tiff >= IFF_TIFF_PACKBITS && fmt_tiff <= IFF_TIFF_JPEG);
  if (tiff) {
    // Check the frame's size before decoding it.
    size_t offset = 0;
    (void)offset;
    raw.reset(pixReadMemTiff(data, bytes.size(), index));
  } else if (index == 0) {
    raw.reset(pixReadMem(data, bytes.size()));
  }
  if (!raw) return Status::InvalidInput(fmt::format("cannot decode image frame {}", index + 1));
  w = pixGetWidth(raw.get());
  h = pixGetHeight(raw.get());
  if (static_cast<int64_t>(w) * h > max_pixels || w > kMaxSide || h > kMaxSide)
    return Status::TooLarge(fmt::format("image of {}×{} px exceeds the {} Mpx limit", w, h, max_pixels / 1000000));
  PageImage out;
  int res = pixGetXRes(raw.get());
  out.dpi = res >= 50 && res <= 2400 ? res : 300;
  out.pix.reset(pixConvertTo8(raw.get(), 0));
  if (!out.pix) return Status::InvalidInput(fmt::format("cannot convert image frame {} to grey", index + 1));
  raw.reset();
  out.width_pt = w * 72.0 / out.dpi;
  out.height_pt = h * 72.0 / out.dpi;
  return out;
}

bool Deskew(PageImage* img, double min_deg) {
  if (!img->pix) return false;
  PixPtr bin(pixConvertTo1(img->pix.get(), 160));
  if (!bin) return false;
  l_float32 angle = 0, conf = 0;
  if (pixFindSkew(bin.get(), &angle, &conf) != 0) return false;
  bin.reset();
  if (conf < 2.0 || std::abs(angle) < min_deg || std::abs(angle) > 10) return false;
  const double rad = angle * M_PI / 180.0;
  PixPtr rot(pixRotate(img->pix.get(), static_cast<l_float32>(rad), L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0));
  if (!rot) return false;
  img->pix = std::move(rot);
  img->skew_deg = angle;
  return true;
}

Box UnskewBox(const PageImage& img, const Box& b) { return UnskewBox(img.skew_deg, img.width_pt, img.height_pt, b); }

Box UnskewBox(double skew_deg, double width_pt, double height_pt, const Box& b) {
  if (skew_deg == 0) return b;
  // The image was rotated about its centre by skew_deg; rotate back.
  const double cx = width_pt / 2, cy = height_pt / 2;
  const double a = -skew_deg * M_PI / 180.0;
  const double c = std::cos(a), s = std::sin(a);
  Box out{1e18, 1e18, -1e18, -1e18};
  for (double x : {b.x0, b.x1})
    for (double y : {b.y0, b.y1}) {
      // Leptonica rotates clockwise for positive angles in image coordinates (y down).
      double dx = x - cx, dy = y - cy;
      double rx = cx + dx * c - dy * s, ry = cy + dx * s + dy * c;
      out.x0 = std::min(out.x0, rx);
      out.y0 = std::min(out.y0, ry);
      out.x1 = std::max(out.x1, rx);
      out.y1 = std::max(out.y1, ry);
    }
  return out;
}

int RemoveSpecks(Pix* pix, double dpi) {
  if (!pix || pixGetDepth(pix) != 8) return 0;
  QuietLeptonica();
  const int max_side = std::max(3, static_cast<int>(std::lround((dpi > 0 ? dpi : 300) / 40)));
  PixPtr bin(pixConvertTo1(pix, 160));
  if (!bin) return 0;
  BOXA* boxa = pixConnComp(bin.get(), nullptr, 8);
  if (!boxa) return 0;
  const int w = pixGetWidth(pix), h = pixGetHeight(pix), wpl = pixGetWpl(pix);
  l_uint32* data = pixGetData(pix);
  int removed = 0;
  for (int i = 0, n = boxaGetCount(boxa); i < n; ++i) {
    l_int32 bx, by, bw, bh;
    if (boxaGetBoxGeometry(boxa, i, &bx, &by, &bw, &bh) != 0 || bw > max_side || bh > max_side) continue;
    int darkest = 255;
    for (int y = by; y < by + bh; ++y)
      for (int x = bx; x < bx + bw; ++x) darkest = std::min<int>(darkest, GET_DATA_BYTE(data + static_cast<size_t>(y) * wpl, x));
    if (darkest < 90) continue;
    // The brightest pixel of the ring around the speck (its blur reaches one
    // more pixel) stands for the paper.
    const int x0 = std::max(0, bx - 2), x1 = std::min(w - 1, bx + bw + 1);
    const int y0 = std::max(0, by - 2), y1 = std::min(h - 1, by + bh + 1);
    int paper = 0;
    for (int y = y0; y <= y1; ++y)
      for (int x = x0; x <= x1; ++x)
        if (y == y0 || y == y1 || x == x0 || x == x1)
          paper = std::max<int>(paper, GET_DATA_BYTE(data + static_cast<size_t>(y) * wpl, x));
    for (int y = y0 + 1; y < y1; ++y)
      for (int x = x0 + 1; x < x1; ++x) SET_DATA_BYTE(data + static_cast<size_t>(y) * wpl, x, paper);
    ++removed;
  }
  boxaDestroy(&boxa);
  return removed;
}

}  // namespace gongwen
