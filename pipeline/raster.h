// Raster: page images for OCR, in memory (no PNG round trip).
//
//   PDF pages are rendered by Poppler's page_renderer straight into an 8-bit
//   grey Leptonica Pix; image files (PNG, JPEG, TIFF including multi-page
//   TIFF, and whatever else Leptonica reads) are decoded by Leptonica and
//   converted to 8-bit grey.
//
// Limits keep memory flat: a PDF page whose rendering at the asked resolution
// would exceed max_pixels is rendered at a lower one (and says so); an image
// frame above max_pixels is refused from its header, before it is decoded.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/document.h"
#include "pipeline/status.h"

struct Pix;

namespace gongwen {

class PdfFile;

struct PixDeleter {
  void operator()(Pix* p) const;
};
using PixPtr = std::unique_ptr<Pix, PixDeleter>;

// 25 Mpx: an A4 page at 420 dpi. Tesseract needs each side below 32767 px.
constexpr int64_t kDefaultMaxPixels = 25'000'000;

struct PageImage {
  PixPtr pix;             // 8 bpp grey
  double dpi = 0;         // pixels per inch used (PDF) or read from the file (images)
  double width_pt = 0, height_pt = 0;
  double skew_deg = 0;    // the angle Deskew rotated the image by
  std::string note;       // "rendered at 51 dpi instead of 200: page too large"
};

// Renders page `index` of `pdf` at `dpi` (lowered to stay within max_pixels).
// With the resolution of the page's scan (image_dpi, from PageImageDpi) above
// dpi, the page is rendered at image_dpi, pixel for pixel, and scaled down to
// dpi by Leptonica's area averaging (pixScaleAreaMap): Poppler's own
// downscaling of an image sums boxes of whole pixels (1 and 2 alternately
// from 300 to 200 dpi), which distorts strokes (clean 300 dpi scan of the
// 2023 guide, pages 8–20, read at 200 dpi: CER 3.79% against 3.20%). When the
// rendering at image_dpi would pass max_pixels, the page is rendered at dpi.
Result<PageImage> RenderPdfPage(const PdfFile& pdf, int index, double dpi,
                                int64_t max_pixels = kDefaultMaxPixels, double image_dpi = 0);

// A page that is one upright scan and nothing else, finer than dpi, from the
// scan's own pixels (decoded by Poppler's core API, without rendering the
// page) averaged down to dpi by pixScaleAreaMap: the same pixels as
// RenderPdfPage with image_dpi, at a third of its cost (Poppler's drawing of a
// 300 dpi scan at 300 dpi took 0.1 CPU-s a page). Unsupported when the page
// is anything else (vector ink or visible text on it, several images, a
// rotated or mirrored image, one not covering the page, or not finer than
// dpi, or above max_pixels): render it with RenderPdfPage then.
Result<PageImage> ScanPageImage(std::string_view pdf_bytes, const std::string& password, int index, double dpi,
                                int64_t max_pixels = kDefaultMaxPixels);

// The resolution (pixels per inch of the page, the lesser of the two axes) of
// the image that covers most of page `index`, when it covers at least half of
// the page: a scanned page. 0 when there is none, or the PDF cannot be read by
// Poppler's core API. Reads no image data. The PDF is opened anew (a
// PdfFile's document does not give its images).
double PageImageDpi(std::string_view pdf_bytes, const std::string& password, int index);

// True when the page shows ink (dark pixels) outside the boxes of `words`,
// judged from a rendering at 36 dpi: a scanned page under a thin text layer.
bool PageHasInk(const PdfFile& pdf, int index, const std::vector<Word>& words);

// The number of frames (pages) of an image file: 1, or the TIFF's page count.
Result<int> ImageFrameCount(std::string_view bytes);

// Decodes frame `index` of an image file to 8-bit grey. Pages have no size in
// points of their own: the file's resolution is used, or 300 dpi when it has
// none. Errors: InvalidInput "cannot decode image frame 3", TooLarge
// "image of 30000×30000 px exceeds the 25 Mpx limit".
Result<PageImage> ReadImageFrame(std::string_view bytes, int index,
                                 int64_t max_pixels = kDefaultMaxPixels);

// Straightens a skewed page when Leptonica finds the skew with confidence and
// it is at least min_deg; sets img->skew_deg. Returns whether it rotated.
// (Leptonica's confidence on pages of Chinese text, skewed or not, is 2.5–3.4:
// 2 is the least taken; at 3 a third of the degraded test pages stayed skewed.)
bool Deskew(PageImage* img, double min_deg = 0.15);

// Maps a box found on the deskewed image (in points) back onto the page.
Box UnskewBox(const PageImage& img, const Box& b);
// The same from the rotation (PageImage::skew_deg) and the page's size in points.
Box UnskewBox(double skew_deg, double width_pt, double height_pt, const Box& b);

// Whitens specks on an 8 bpp grey page image: connected components of the
// image thresholded at 160 that are at most dpi/40 px (5 px at 200 dpi) wide
// and high and whose darkest pixel is lighter than 90 (dust and scanner noise,
// softened by blur; toner of real dots and strokes is darker). Each is set to
// the brightest grey around it. Returns the number removed.
int RemoveSpecks(Pix* pix, double dpi);

}  // namespace gongwen
