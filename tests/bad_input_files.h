// Bad and awkward PDFs and images, made at test time (nothing large is
// committed): hand-written PDF objects with a computed xref table, a PDF
// encrypted with the standard security handler (RC4 40-bit, values computed
// once by hand from the algorithm in ISO 32000-1 7.6.3 and checked with
// pdftotext -upw), hand-written TIFF and PNG headers. Shared by
// tests/pdf_bad_input_test.cc and tools/bench/pdf_bench.cc; header-only so
// that programs outside the test binary can include it.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <leptonica/allheaders.h>

namespace gongwen::testing {

// A PDF whose object i+1 is objects[i] (object 1 must be the catalog), with a
// correct cross-reference table. trailer_extra goes into the trailer dict.
std::string BuildPdf(const std::vector<std::string>& objects, const std::string& trailer_extra = "");

// A stream object with `data` and extra dict entries.
std::string StreamObject(const std::string& data, const std::string& dict_extra = "");

// A PDF of `pages` pages of w×h pt sharing one content stream `content`
// (Helvetica as /F1): the 2000-page PDF is 2000 small page dicts.
std::string PagesPdf(int pages, const std::string& content, double w_pt = 595, double h_pt = 842);

// Content that shows one line of Latin text (Helvetica) at the top of an A4 page.
std::string TextContent(const std::string& line);

// A one-page PDF encrypted with user password "gongwen" (owner "owner")
// whose page shows "Confidential notice for the encrypted test".
std::string EncryptedPdf();
inline constexpr const char* kEncryptedPdfPassword = "gongwen";
inline constexpr const char* kEncryptedPdfText = "Confidential notice for the encrypted test";

// A PNG header for a w×h 8-bit grey image followed by a few bytes of IDAT
// that do not decode: what a header check must refuse before decoding.
std::string PngHeaderOnly(uint32_t w, uint32_t h);

// A little-endian TIFF of `frames` uncompressed 8-bit grey frames of w×h
// (all white). Frames listed in `broken` (1-based) point their strip past the
// end of the file, so they cannot be decoded.
std::string GreyTiff(int frames, int w, int h, const std::vector<int>& broken = {});

// A valid small image (w×h, white, a black bar) encoded by Leptonica in
// `format` (IFF_PNG, IFF_JFIF_JPEG, …).
std::string SmallImage(int w, int h, int format);
inline std::string SmallPng(int w, int h);

inline std::string StreamObject(const std::string& data, const std::string& dict_extra) {
  return fmt::format("<< /Length {}{} >>\nstream\n", data.size(), dict_extra.empty() ? "" : " " + dict_extra) + data +
         "\nendstream";
}

inline std::string BuildPdf(const std::vector<std::string>& objects, const std::string& trailer_extra) {
  std::string out = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(out.size());
    out += fmt::format("{} 0 obj\n", i + 1) + objects[i] + "\nendobj\n";
  }
  const size_t xref = out.size();
  out += fmt::format("xref\n0 {}\n0000000000 65535 f \n", objects.size() + 1);
  for (size_t o : offsets) out += fmt::format("{:010d} 00000 n \n", o);
  out += fmt::format("trailer\n<< /Size {} /Root 1 0 R {}>>\nstartxref\n{}\n%%EOF\n", objects.size() + 1,
                     trailer_extra, xref);
  return out;
}

inline std::string TextContent(const std::string& line) {
  return "BT /F1 14 Tf 72 770 Td (" + line + ") Tj ET";
}

inline std::string PagesPdf(int pages, const std::string& content, double w_pt, double h_pt) {
  // 1 catalog, 2 page tree, 3 content, 4 font, 5.. pages
  std::vector<std::string> objs;
  std::string kids;
  for (int i = 0; i < pages; ++i) kids += fmt::format("{} 0 R ", i + 5);
  objs.push_back("<< /Type /Catalog /Pages 2 0 R >>");
  objs.push_back(fmt::format("<< /Type /Pages /Kids [{}] /Count {} /MediaBox [0 0 {} {}] "
                             "/Resources << /Font << /F1 4 0 R >> >> >>",
                             kids, pages, w_pt, h_pt));
  objs.push_back(StreamObject(content));
  objs.push_back("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  for (int i = 0; i < pages; ++i) objs.push_back("<< /Type /Page /Parent 2 0 R /Contents 3 0 R >>");
  return BuildPdf(objs);
}

inline std::string EncryptedPdf() {
  // RC4 of kEncryptedPdfText's content stream with the object key of object 4.
  static const char kStream[] =
      "\x99\x31\x42\xa3\xfb\x5e\x9d\xce\xa4\x5d\x62\xe1\x1b\xe6\x93\x04\x18\xff\x38\xc8\x00\xb0\xec\x81\x73"
      "\x49\x10\x3f\x24\x0e\xbb\x61\xac\xee\x5a\x5a\xce\x7b\xb7\x83\xa6\xa5\xa5\x90\xcd\xea\xf5\xec\xa4\x47"
      "\x02\xa8\x9d\x45\xb2\xe8\xe3\xa2\xf9\x47\xc7\xd9\x04\x70\x8c\xe8\x64\xfa\x1b\x72\xe0\xec\xf0";
  const std::string id = "30313233343536373839616263646566";
  return BuildPdf(
      {"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
       "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
       StreamObject(std::string(kStream, sizeof kStream - 1)),
       "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
       "<< /Filter /Standard /V 1 /R 2 /O <86f4025146bc0a01b5792f083fb7902b1665671bdd8bd89ee01076c248489ffe> "
       "/U <0e9ecced8a995b8d9e51340a4c3d74f8090c16be5bcb46576cd4d118f2870b4f> /P -44 >>"},
      "/Encrypt 6 0 R /ID [<" + id + "> <" + id + ">] ");
}

namespace detail {
inline uint32_t Crc32(const std::string& s) {
  uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : s) {
    c ^= b;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return c ^ 0xFFFFFFFFu;
}
inline std::string Be32(uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}
inline std::string PngChunk(const std::string& type, const std::string& data) {
  return Be32(static_cast<uint32_t>(data.size())) + type + data + Be32(Crc32(type + data));
}
inline void Le16(std::string* s, uint16_t v) {
  s->push_back(static_cast<char>(v));
  s->push_back(static_cast<char>(v >> 8));
}
inline void Le32(std::string* s, uint32_t v) {
  Le16(s, static_cast<uint16_t>(v));
  Le16(s, static_cast<uint16_t>(v >> 16));
}
}  // namespace detail

inline std::string PngHeaderOnly(uint32_t w, uint32_t h) {
  using namespace detail;
  std::string ihdr = Be32(w) + Be32(h) + std::string("\x08\x00\x00\x00\x00", 5);  // 8-bit grey
  return std::string("\x89PNG\r\n\x1A\n", 8) + PngChunk("IHDR", ihdr) +
         PngChunk("IDAT", std::string("\x78\x9c\x63\x00\x00", 5)) + PngChunk("IEND", "");
}

inline std::string GreyTiff(int frames, int w, int h, const std::vector<int>& broken) {
  using namespace detail;
  // Layout: header, then per frame its pixels followed by its IFD.
  std::string out = "II*";
  out.push_back('\0');
  Le32(&out, 0);  // offset of the first IFD, patched below
  size_t link = 4;
  for (int f = 1; f <= frames; ++f) {
    const uint32_t pixels = static_cast<uint32_t>(out.size());
    out.append(static_cast<size_t>(w) * h, '\xFF');
    if (out.size() % 2) out.push_back('\0');
    const uint32_t ifd = static_cast<uint32_t>(out.size());
    for (int k = 0; k < 4; ++k) out[link + k] = static_cast<char>(ifd >> (8 * k));
    bool bad = false;
    for (int b : broken) bad |= b == f;
    struct Entry { uint16_t tag, type; uint32_t count, value; };
    const Entry entries[] = {
        {256, 4, 1, static_cast<uint32_t>(w)},                   // ImageWidth
        {257, 4, 1, static_cast<uint32_t>(h)},                   // ImageLength
        {258, 3, 1, 8},                                          // BitsPerSample
        {259, 3, 1, 1},                                          // Compression: none
        {262, 3, 1, 1},                                          // Photometric: black is zero
        {273, 4, 1, bad ? 0x7FFFFF00u : pixels},                 // StripOffsets
        {277, 3, 1, 1},                                          // SamplesPerPixel
        {278, 4, 1, static_cast<uint32_t>(h)},                   // RowsPerStrip
        {279, 4, 1, static_cast<uint32_t>(w) * static_cast<uint32_t>(h)},  // StripByteCounts
    };
    Le16(&out, static_cast<uint16_t>(std::size(entries)));
    for (const Entry& e : entries) {
      Le16(&out, e.tag);
      Le16(&out, e.type);
      Le32(&out, e.count);
      if (e.type == 3) {
        Le16(&out, static_cast<uint16_t>(e.value));
        Le16(&out, 0);
      } else {
        Le32(&out, e.value);
      }
    }
    link = out.size();
    Le32(&out, 0);  // next IFD
  }
  return out;
}

inline std::string SmallImage(int w, int h, int format) {
  Pix* pix = pixCreate(w, h, 8);
  pixSetAllArbitrary(pix, 255);
  for (int y = h / 3; y < h / 3 + 4 && y < h; ++y)
    for (int x = w / 8; x < w - w / 8; ++x) pixSetPixel(pix, x, y, 0);
  l_uint8* data = nullptr;
  size_t size = 0;
  pixWriteMem(&data, &size, pix, format);
  pixDestroy(&pix);
  std::string out(reinterpret_cast<const char*>(data), size);
  lept_free(data);
  return out;
}

inline std::string SmallPng(int w, int h) { return SmallImage(w, h, IFF_PNG); }

}  // namespace gongwen::testing
