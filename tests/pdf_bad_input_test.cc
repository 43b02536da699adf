// Bad PDFs and images (issue "PDFs and scans", Bad input): each gives a
// one-line error naming the file and the reason, or a soft per-page warning,
// the documented exit code (1: some inputs not stored), no crash, bounded
// memory (a pixel budget for renderings, image sizes checked from headers),
// and the rest of the batch stored in a database that passes
// PRAGMA integrity_check. The inputs are made here (tests/bad_input_files.h).
// Expected messages are the contract of pdf_text.h, raster.h and pages.h.
#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "pipeline/acquire.h"
#include "pipeline/pages.h"
#include "pipeline/pdf_text.h"
#include "pipeline/sqlite.h"
#include "tests/bad_input_files.h"
#include "tests/test_util.h"

namespace gongwen {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::RunGongwen;
using testing::TempDir;
using testing::WriteFile;

// Words "第N页" recorded for the given pages of `bytes`, as tools/corpus
// records Tesseract's output: --ocr-replay then needs no Tesseract.
void Record(const fs::path& dir, const std::string& bytes, std::vector<int> pages) {
  json doc = {{"sha256", Sha256Hex(bytes)}, {"file", "x"}, {"engine", "test"}, {"dpi", 300}, {"pages", json::array()}};
  for (int p : pages) {
    json words = json::array();
    const std::string text[] = {"第", std::to_string(p), "页", "通", "知"};
    double x = 10;
    for (const std::string& t : text) {
      words.push_back({{"t", t}, {"b", {x, 10, x + 10, 22}}, {"c", 0.95}});
      x += 11;
    }
    doc["pages"].push_back({{"page", p}, {"seconds", 0.01}, {"words", words}});
  }
  fs::create_directories(dir);
  WriteFile(dir / (Sha256Hex(bytes).substr(0, 12) + ".json"), doc.dump());
}

std::string IntegrityCheck(const fs::path& db_path) {
  Db db;
  if (!db.Open(db_path.string(), false).ok()) return "cannot open";
  Stmt s(db, "PRAGMA integrity_check");
  return s.Step() ? s.Text(0) : "no row";
}

// The stderr lines that name `file`.
std::vector<std::string> LinesNaming(const std::string& err, const std::string& file) {
  std::vector<std::string> out;
  size_t b = 0;
  while (b < err.size()) {
    size_t e = err.find('\n', b);
    if (e == std::string::npos) e = err.size();
    std::string line = err.substr(b, e - b);
    if (line.find(file) != std::string::npos) out.push_back(line);
    b = e + 1;
  }
  return out;
}

const std::string kLine = "Notice on the application for science and technology projects";

// ---- the pages API ----

TEST(PdfBadInput, OpenErrorsSayWhy) {
  const std::string good = testing::PagesPdf(3, testing::TextContent(kLine));
  struct Case {
    const char* name;
    std::string bytes;
    const char* password;
    const char* message;
  } cases[] = {
      {"encrypted", testing::EncryptedPdf(), "", "encrypted PDF: a password is needed (give it with --password)"},
      {"wrong password", testing::EncryptedPdf(), "nope", "encrypted PDF: the password given is wrong"},
      {"zero pages", testing::BuildPdf({"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"}),
       "", "PDF has no pages"},
      {"only a header", "%PDF-1.4\n", "", "not a readable PDF (damaged or truncated)"},
      {"header then garbage", "%PDF-1.7\n" + std::string(3000, '\x17') + "\n%%EOF\n", "",
       "not a readable PDF (damaged or truncated)"},
      // Cut inside the first object: no catalog, no pages to recover.
      {"truncated in the first object", good.substr(0, 40), "", "not a readable PDF (damaged or truncated)"},
      // Cut at 60%, as an interrupted download: the objects are there but
      // the trailer is gone, and Poppler does not rebuild without it.
      {"truncated download", good.substr(0, good.size() * 6 / 10), "", "not a readable PDF (damaged or truncated)"},
  };
  for (const Case& c : cases) {
    auto pdf = PdfFile::Open(c.bytes, c.password);
    ASSERT_FALSE(pdf.ok()) << c.name;
    EXPECT_EQ(pdf.status().message(), c.message) << c.name;
  }
  auto ok = PdfFile::Open(testing::EncryptedPdf(), testing::kEncryptedPdfPassword);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok.value()->page_count(), 1);
}

TEST(PdfBadInput, WrongXrefOffsetsAreRebuilt) {
  // Bytes inserted after the header move every object: the cross-reference
  // table points at the wrong places and Poppler rebuilds it by scanning.
  const std::string good = testing::PagesPdf(3, testing::TextContent(kLine));
  const std::string shifted = good.substr(0, 15) + "%" + std::string(57, 'x') + "\n" + good.substr(15);
  auto pdf = PdfFile::Open(shifted);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  EXPECT_EQ(pdf.value()->page_count(), 3);
}

// An engine that needs the pixels, as Tesseract does, and records their size.
class SizeOcr : public OcrEngine {
 public:
  Result<OcrResult> Recognize(const OcrRequest& req) override {
    OcrResult r;
    Word w;
    w.text = std::to_string(pixGetWidth(const_cast<Pix*>(req.pix))) + "x" +
             std::to_string(pixGetHeight(const_cast<Pix*>(req.pix))) + "@" + std::to_string(static_cast<int>(req.dpi));
    w.box = {10, 10, 100, 30};
    w.confidence = 0.9f;
    r.words.push_back(w);
    return r;
  }
};

PageOptions SizeOcrOptions() {
  PageOptions o;
  o.ocr_factory = [] { return Result<std::unique_ptr<OcrEngine>>(std::make_unique<SizeOcr>()); };
  o.deskew = false;
  return o;
}

// ReadPages with SizeOcrOptions into *doc, keyed by the hash of the bytes.
Status ReadWithSizeOcr(const std::string& bytes, const std::string& media_type, Document* doc) {
  doc->sha256 = Sha256Hex(bytes);
  return ReadPages(bytes, media_type, SizeOcrOptions(), doc);
}

TEST(PdfBadInput, HugePageIsRenderedWithinThePixelBudget) {
  // 20000 × 20000 pt, no text, a black square: OCR at 200 dpi would be 3 Gpx.
  // sqrt(25e6 / (20000/72)²) = 18 dpi → 5000 × 5000 px.
  const std::string pdf = testing::PagesPdf(1, "0 0 0 rg 2000 2000 8000 8000 re f", 20000, 20000);
  Document doc;
  ASSERT_TRUE(ReadWithSizeOcr(pdf, "application/pdf", &doc).ok());
  ASSERT_EQ(doc.pages.size(), 1u);
  EXPECT_EQ(doc.pages[0].source, TextSource::kOcr);
  EXPECT_DOUBLE_EQ(doc.pages[0].width_pt, 20000);
  EXPECT_EQ(doc.original, "5000x5000@18");
  ASSERT_EQ(doc.warnings.size(), 1u);
  EXPECT_EQ(doc.warnings[0], "page 1: rendered at 18 dpi instead of 200: page of 20000×20000 pt");
}

TEST(PdfBadInput, ImageAboveTheBudgetIsRefusedFromItsHeader) {
  // The IDAT holds five bytes: decoding would fail, but the header check
  // comes first (a 30000 × 30000 grey image is 900 MB decoded).
  const std::string png = testing::PngHeaderOnly(30000, 30000);
  Document doc;
  Status s = ReadWithSizeOcr(png, "image/png", &doc);
  EXPECT_EQ(s.code(), Status::Code::kTooLarge);
  EXPECT_EQ(s.message(), "image of 30000×30000 px exceeds the 25 Mpx limit");
}

TEST(PdfBadInput, TiffFrameAboveTheBudgetIsRefusedFromItsHeader) {
  // Frame 2 of 2 claims 30000 × 30000 (its strip is past the end of the file).
  std::string tiff = testing::GreyTiff(2, 64, 32, {2});
  // Patch frame 2's width and height (the second IFD's first two entries).
  size_t ifd2 = tiff.rfind(std::string("\x09\x00\x00\x01", 4));
  ASSERT_NE(ifd2, std::string::npos);
  auto put32 = [&](size_t at, uint32_t v) {
    for (int k = 0; k < 4; ++k) tiff[at + k] = static_cast<char>(v >> (8 * k));
  };
  put32(ifd2 + 2 + 8, 30000);       // ImageWidth value
  put32(ifd2 + 2 + 12 + 8, 30000);  // ImageLength value
  Document doc;
  ASSERT_TRUE(ReadWithSizeOcr(tiff, "image/tiff", &doc).ok());
  ASSERT_EQ(doc.pages.size(), 2u);
  EXPECT_EQ(doc.original, "64x32@300\f");
  ASSERT_EQ(doc.warnings.size(), 1u);
  EXPECT_EQ(doc.warnings[0], "page 2: OCR failed: image of 30000×30000 px exceeds the 25 Mpx limit");
}

TEST(PdfBadInput, TiffWithABrokenFrameKeepsTheOtherFrames) {
  const std::string tiff = testing::GreyTiff(3, 64, 32, {2});
  Document doc;
  ASSERT_TRUE(ReadWithSizeOcr(tiff, "image/tiff", &doc).ok());
  ASSERT_EQ(doc.pages.size(), 3u);
  EXPECT_EQ(doc.original, "64x32@300\f\f64x32@300");
  ASSERT_EQ(doc.warnings.size(), 1u);
  EXPECT_EQ(doc.warnings[0], "page 2: OCR failed: cannot decode image frame 2");
}

TEST(PdfBadInput, ImageBytesThatAreNoImage) {
  for (std::string bytes : {std::string(), std::string("\x89PNG"), std::string(5000, 'x'),
                            testing::PngHeaderOnly(100, 100)}) {
    Document doc;
    Status s = ReadWithSizeOcr(bytes, "image/png", &doc);
    EXPECT_FALSE(s.ok()) << bytes.size();
    EXPECT_EQ(s.message().find('\n'), std::string::npos);
  }
}

TEST(PdfBadInput, TwoThousandPagesShareOneContentStream) {
  const std::string pdf = testing::PagesPdf(2000, testing::TextContent(kLine));
  EXPECT_LT(pdf.size(), 200'000u);
  Document doc;
  doc.sha256 = Sha256Hex(pdf);
  PageOptions o = SizeOcrOptions();
  ASSERT_TRUE(ReadPages(pdf, "application/pdf", o, &doc).ok());
  ASSERT_EQ(doc.pages.size(), 2000u);
  EXPECT_EQ(doc.pages[1999].number, 2000);
  EXPECT_EQ(doc.pages[1999].source, TextSource::kPdfTextLayer);
  EXPECT_TRUE(doc.warnings.empty());
  // Over the page limit: the first pages are read, and a warning says so.
  o.max_pages = 500;
  Document capped;
  capped.sha256 = doc.sha256;
  ASSERT_TRUE(ReadPages(pdf, "application/pdf", o, &capped).ok());
  EXPECT_EQ(capped.pages.size(), 500u);
  ASSERT_EQ(capped.warnings.size(), 1u);
  EXPECT_EQ(capped.warnings[0], "only the first 500 of 2000 pages read (limit)");
}

TEST(PdfBadInput, SniffingGoesByContentNotName) {
  EXPECT_EQ(SniffMediaType(testing::SmallPng(40, 20), "notice.pdf"), "image/png");
  // A PNG whose first kilobyte happens to contain "%PDF" is still a PNG.
  std::string png = testing::SmallPng(40, 20);
  png.insert(33, std::string("\0\0\0\x0ctEXtc\0%PDF-1.4 x\0\0\0\0", 24));
  EXPECT_EQ(SniffMediaType(png, "a.png"), "image/png");
  EXPECT_EQ(SniffMediaType(testing::EncryptedPdf(), "scan.png"), "application/pdf");
}

// ---- the gongwen binary: one batch with every kind of bad input ----

TEST(PdfBadInputCli, BatchStoresTheGoodFilesAndNamesEachBadOne) {
  TempDir t;
  const fs::path in = t.path() / "in", rec = t.path() / "rec";
  fs::create_directories(in);
  const std::string good = testing::PagesPdf(2, testing::TextContent(kLine));
  const std::string tiff = testing::GreyTiff(3, 64, 32, {2});
  const std::string png = testing::SmallPng(200, 100);
  WriteFile(in / "good.pdf", good);
  WriteFile(in / "encrypted.pdf", testing::EncryptedPdf());
  WriteFile(in / "truncated.pdf", good.substr(0, good.size() * 6 / 10));
  WriteFile(in / "corrupt.pdf", "%PDF-1.7\n" + std::string(3000, '\x17') + "\n%%EOF\n");
  WriteFile(in / "empty.pdf",
            testing::BuildPdf({"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"}));
  WriteFile(in / "huge.png", testing::PngHeaderOnly(30000, 30000));
  WriteFile(in / "broken-frame.tif", tiff);
  WriteFile(in / "png-named.pdf", png);
  WriteFile(in / "long.pdf", testing::PagesPdf(2000, testing::TextContent(kLine)));
  Record(rec, tiff, {1, 3});
  Record(rec, png, {1});
  const fs::path db = t.path() / "a.db";
  auto r = RunGongwen("--db " + db.string() + " ingest -q -j 2 --ocr-replay " + rec.string() + " " + in.string());
  const std::string& err = r.err;
  const std::string& out = r.out;
  EXPECT_EQ(r.exit_code, 1) << err;  // README "Exit codes": some inputs were not stored
  EXPECT_NE(out.find("stored 4, unchanged 0, failed 5"), std::string::npos) << out;
  struct Bad {
    const char* file;
    const char* reason;
  } bad[] = {
      {"encrypted.pdf", "invalid input: encrypted PDF: a password is needed (give it with --password)"},
      {"truncated.pdf", "invalid input: not a readable PDF (damaged or truncated)"},
      {"corrupt.pdf", "invalid input: not a readable PDF (damaged or truncated)"},
      {"empty.pdf", "invalid input: PDF has no pages"},
      {"huge.png", "too large: image of 30000×30000 px exceeds the 25 Mpx limit"},
  };
  for (const Bad& b : bad) {
    auto lines = LinesNaming(err, b.file);
    ASSERT_EQ(lines.size(), 1u) << b.file << "\n" << err;
    EXPECT_EQ(lines[0], "gongwen: " + (in / b.file).string() + ": " + b.reason);
  }
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), static_cast<long>(std::size(bad))) << err;
  EXPECT_EQ(IntegrityCheck(db), "ok");

  // What was stored: the long PDF with all its pages, the TIFF with a warning
  // for its broken frame, the PNG named .pdf read as the image it is.
  auto docs = RunGongwen("--db " + db.string() + " docs --json");
  ASSERT_EQ(docs.exit_code, 0) << docs.err;
  std::set<std::string> names;
  for (const json& d : json::parse(docs.out)) names.insert(d["file_name"].get<std::string>());
  EXPECT_EQ(names, (std::set<std::string>{"good.pdf", "broken-frame.tif", "png-named.pdf", "long.pdf"}));
  auto show = [&](const std::string& name) {
    auto s = RunGongwen("--db " + db.string() + " show --json " + name);
    EXPECT_EQ(s.exit_code, 0) << s.err;
    return json::parse(s.out);
  };
  json tif = show("broken-frame.tif");
  EXPECT_EQ(tif["warnings"], json::array({"page 2: OCR failed: cannot decode image frame 2"}));
  EXPECT_EQ(tif["pages"], 3);
  json pngdoc = show("png-named.pdf");
  EXPECT_EQ(pngdoc["media_type"], "image/png");
  EXPECT_EQ(show("long.pdf")["pages"], 2000);
}

TEST(PdfBadInputCli, UndecodableImagesFailOnOneLineAPartialJpegIsKept) {
  // libpng and libjpeg would print their own complaints to stderr; the only
  // lines must be ours.
  TempDir t;
  const std::string png = testing::SmallImage(300, 200, IFF_PNG);
  const std::string jpeg = testing::SmallImage(300, 200, IFF_JFIF_JPEG);
  WriteFile(t.path() / "cut.png", png.substr(0, png.size() - 30));
  // A JPEG cut in half still decodes (libjpeg fills the rest with grey):
  // its page is kept, with a warning.
  const std::string half = jpeg.substr(0, jpeg.size() / 2);
  WriteFile(t.path() / "cut.jpg", half);
  // 30 bytes: the start of the JFIF header, no frame (no SOF, no scan).
  WriteFile(t.path() / "stub.jpg", jpeg.substr(0, 30));
  Record(t.path() / "rec", half, {1});
  const std::string db = "--db " + (t.path() / "a.db").string();
  auto r = RunGongwen(db + " ingest -q -j 1 --ocr-replay " + (t.path() / "rec").string() + " " +
                      (t.path() / "cut.png").string() + " " + (t.path() / "cut.jpg").string() + " " +
                      (t.path() / "stub.jpg").string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "gongwen: " + (t.path() / "cut.png").string() +
                       ": invalid input: cannot decode image frame 1 (PNG: Not enough image data)\n"
                       "gongwen: " + (t.path() / "stub.jpg").string() +
                       ": invalid input: cannot decode image frame 1 (JPEG: JPEG datastream contains no image)\n");
  auto show = RunGongwen(db + " show --json cut.jpg");
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_EQ(json::parse(show.out)["warnings"],
            json::array({"page 1: damaged image data, read as far as it decodes (JPEG: Premature end of JPEG file)"}));
}

// Damaged but decodable: libjpeg warns about a stray byte before a marker,
// libpng about an ancillary chunk with a bad CRC. The page is kept and
// nothing is printed.
std::string JpegWithStrayByte() {
  std::string jpeg = testing::SmallImage(300, 200, IFF_JFIF_JPEG);
  jpeg.insert(jpeg.find("\xFF\xDA"), 1, '\0');
  return jpeg;
}
std::string PngWithBadChunkCrc() {
  std::string png = testing::SmallImage(300, 200, IFF_PNG);
  png.insert(33, std::string("\0\0\0\x05tEXtk\0val\0\0\0\0", 17));
  return png;
}

TEST(PdfBadInput, DamagedButDecodableImagesAreRead) {
  const std::pair<std::string, std::string> cases[] = {
      {JpegWithStrayByte(), "JPEG: Corrupt JPEG data: 1 extraneous bytes before marker 0xda"},
      {PngWithBadChunkCrc(), "PNG: tEXt: CRC error"}};
  for (const auto& [bytes, complaint] : cases) {
    Document doc;
    ASSERT_TRUE(ReadWithSizeOcr(bytes, "image/png", &doc).ok());
    EXPECT_TRUE(doc.original.starts_with("300x200@")) << doc.original;
    EXPECT_EQ(doc.warnings, std::vector<std::string>{"page 1: damaged image data, read as far as it decodes (" +
                                                     complaint + ")"});
  }
}

TEST(PdfBadInputCli, DamagedButDecodableImagesAreStoredSilently) {
  TempDir t;
  const fs::path rec = t.path() / "rec";
  const std::string jpeg = JpegWithStrayByte(), png = PngWithBadChunkCrc();
  WriteFile(t.path() / "stray.jpg", jpeg);
  WriteFile(t.path() / "crc.png", png);
  Record(rec, jpeg, {1});
  Record(rec, png, {1});
  auto r = RunGongwen("--db " + (t.path() / "a.db").string() + " ingest -q --ocr-replay " + rec.string() + " " +
                      (t.path() / "stray.jpg").string() + " " + (t.path() / "crc.png").string());
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("stored 2, unchanged 0, failed 0"), std::string::npos) << r.out;
}

TEST(PdfBadInputCli, PasswordOpensTheEncryptedPdf) {
  TempDir t;
  WriteFile(t.path() / "encrypted.pdf", testing::EncryptedPdf());
  const std::string db = "--db " + (t.path() / "a.db").string();
  auto wrong = RunGongwen(db + " ingest -q --password nope " + (t.path() / "encrypted.pdf").string());
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_EQ(wrong.err, "gongwen: " + (t.path() / "encrypted.pdf").string() +
                           ": invalid input: encrypted PDF: the password given is wrong\n");
  auto right = RunGongwen(db + " ingest -q --password " + testing::kEncryptedPdfPassword + " " +
                          (t.path() / "encrypted.pdf").string());
  ASSERT_EQ(right.exit_code, 0) << right.err;
  auto text = RunGongwen(db + " text encrypted.pdf");
  EXPECT_NE(text.out.find(testing::kEncryptedPdfText), std::string::npos) << text.out;
}

}  // namespace
}  // namespace gongwen
