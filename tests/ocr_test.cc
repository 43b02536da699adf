// OCR: fixups, recorded OCR (no Tesseract needed), fault injection, and a
// few real Tesseract runs on one page.
//
// The scans under corpus/scans were made by tools/corpus from the text-layer
// PDF of the 2023 guide notice; corpus/ocr holds Tesseract's output recorded
// on them (gongwen_corpus record-ocr). Ground truth: corpus/scans/*.gt.txt.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "pipeline/acquire.h"
#include "pipeline/ingest.h"
#include "pipeline/normalize.h"
#include "pipeline/ocr.h"
#include "pipeline/ocr_fixups.h"
#include "pipeline/pages.h"
#include "pipeline/provenance.h"
#include "tests/test_util.h"

namespace gongwen {
namespace {

using testing::CorpusDir;
using testing::ReadFile;
using testing::RunGongwen;
using testing::TempDir;

const char* kDegraded = "scans/2023-guide_200dpi_degraded.pdf";
const char* kClean200 = "scans/2023-guide_200dpi_clean_p1-3.pdf";
const char* kGuideTxt = "notices/2022-11-08_jiangsu-kjt-czt_2023-chengguo-zhuanhua-guide-notice.txt";

TEST(OcrFixups, KnownConfusions) {
  struct Case {
    const char* in;
    const char* out;
  } cases[] = {
      {"一 13 一", "— 13 —"},
      {"- 7 -", "— 7 —"},
      {"〈一）支持重点", "（一）支持重点"},
      {"安市〈县) 科技局", "安市（县） 科技局"},
      {"(—) 聚焦重大战略产品创新", "（一） 聚焦重大战略产品创新"},
      {"苏科高发(2022)182号", "苏科高发〔2022〕182号"},
      {"苏科计函 [2017] 7 号", "苏科计函〔2017〕7号"},
      {"申报单位,申报时间", "申报单位，申报时间"},
      {"联系人:", "联系人："},
      {"各设区市科技局:", "各设区市科技局："},
      {"(以下简称指南)", "（以下简称指南）"},
      // Latin text keeps its punctuation.
      {"Vcesat<1.6V, 200A/cm2", "Vcesat<1.6V, 200A/cm2"},
      {"1. 严格落实", "1. 严格落实"},
      {"2023年度", "2023年度"},
  };
  for (const auto& c : cases) EXPECT_EQ(FixOcrText(c.in), c.out) << c.in;
}

TEST(OcrFixups, WordsFollowTheirText) {
  // "一 13 一" (7 bytes: 3 + 1 + 2 + 1... ) becomes "— 13 —"; a word after it moves.
  std::string text = "一 13 一\n第二行";
  std::vector<Word> words(3);
  words[0].text = "一";
  words[0].orig_begin = 100, words[0].orig_end = 103;
  words[1].text = "13";
  words[1].orig_begin = 104, words[1].orig_end = 106;
  words[2].text = "第";
  words[2].orig_begin = 111, words[2].orig_end = 114;
  FixupStats st = ApplyOcrFixups(&text, &words, 100);
  EXPECT_EQ(st.applied, 1);
  ASSERT_EQ(text, "— 13 —\n第二行");
  // Words inside the rewritten line take the whole rewrite; the next line moves.
  EXPECT_EQ(words[0].orig_begin, 100u);
  EXPECT_EQ(words[0].orig_end, 100u + std::string("— 13 —").size());
  EXPECT_EQ(text.substr(words[2].orig_begin - 100, 3), "第");
}

// Characters without white space, for CER.
std::u32string Chars(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    char32_t c = DecodeUtf8(s, &i);
    if (c != U' ' && c != U'\n' && c != U'\t' && c != U'\f' && c != U'\u3000') out.push_back(c);
  }
  return out;
}

double Cer(std::string_view truth, std::string_view got) {
  std::u32string a = Chars(truth), b = Chars(got);
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return a.empty() ? 0 : static_cast<double>(prev[b.size()]) / a.size();
}

std::vector<std::string> Pages(const std::string& text) {
  std::vector<std::string> out;
  for (size_t s = 0, e; s <= text.size(); s = e + 1) {
    e = text.find('\f', s);
    if (e == std::string::npos) e = text.size();
    out.push_back(text.substr(s, e - s));
  }
  return out;
}

Result<Document> ReadScan(const std::string& rel, PageOptions opts) {
  auto in = ReadInput((CorpusDir() / rel).string());
  if (!in.ok()) return in.status();
  Document doc;
  doc.sha256 = in.value().sha256;
  Status s = ReadPages(in.value().bytes, in.value().media_type, opts, &doc);
  if (!s.ok()) return s;
  return doc;
}

OcrFactory Recorded() {
  auto r = RecordedOcr::Load((CorpusDir() / "ocr").string());
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return RecordedFactory(r.value());
}

TEST(RecordedOcr, ReplaysTheScanPageByPage) {
  PageOptions opts;
  opts.ocr_factory = Recorded();
  opts.jobs = 2;
  auto doc = ReadScan(kDegraded, opts);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  const Document& d = doc.value();
  ASSERT_EQ(d.pages.size(), 34u);
  for (const Page& p : d.pages) {
    EXPECT_EQ(p.source, TextSource::kOcr);
    EXPECT_GT(p.confidence, 0.5f) << p.number;
    EXPECT_FALSE(p.words.empty()) << p.number;
    EXPECT_NEAR(p.width_pt, 595.3, 0.5);
  }
  // Every word knows its bytes in the original, in order (words inside a
  // stretch rewritten by a fixup share the stretch).
  for (const Page& p : d.pages)
    for (size_t i = 0; i < p.words.size(); ++i) {
      const Word& w = p.words[i];
      ASSERT_LE(w.orig_end, d.original.size());
      if (i > 0) EXPECT_GE(w.orig_begin, p.words[i - 1].orig_begin);
      if (i > 0) EXPECT_GE(w.orig_end, p.words[i - 1].orig_end);
    }
  // Degraded scan (skew, blur, noise, JPEG 40). The target is CER ≤ 4%;
  // this build measures 10.7% (README "PDFs and scans"): guard against worse.
  std::string truth = ReadFile(CorpusDir() / "scans/2023-guide_200dpi_degraded.gt.txt");
  EXPECT_LE(Cer(truth, d.original), 0.12);
}

TEST(RecordedOcr, ScannedGuideYieldsTheGuideItemsOfItsTextVersion) {
  PageOptions opts;
  opts.ocr_factory = Recorded();
  auto scan = ProcessFile((CorpusDir() / kDegraded).string(), {}, opts);
  ASSERT_TRUE(scan.ok()) << scan.status().ToString();
  Document txt = ProcessText(ReadFile(CorpusDir() / kGuideTxt));
  std::set<std::string> want, got;
  for (const auto& g : txt.guide_items) want.insert(g.code);
  for (const auto& g : scan.value().guide_items) got.insert(g.code);
  ASSERT_EQ(want.size(), 22u);
  // Target: all 22. This build finds 21 (1003 is lost in the OCR):
  // every code found is a real one, and at least 95% are found.
  for (const auto& c : got) EXPECT_TRUE(want.count(c)) << c;
  EXPECT_GE(got.size(), 21u);
  // OCR records carry page and box.
  for (const auto& g : scan.value().guide_items) {
    auto box = BoxFor(scan.value(), g.span);
    ASSERT_TRUE(box.has_value()) << g.code;
    EXPECT_EQ(box->page, scan.value().PageAt(g.span.begin)) << g.code;
  }
}

TEST(RecordedOcr, UnknownPageIsASoftError) {
  PageOptions opts;
  opts.ocr_factory = RecordedFactory(std::make_shared<std::map<std::string, RecordedDoc>>());
  auto doc = ReadScan(kClean200, opts);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  ASSERT_EQ(doc.value().pages.size(), 3u);
  ASSERT_EQ(doc.value().warnings.size(), 3u);
  EXPECT_NE(doc.value().warnings[0].find("page 1: OCR failed: no recorded OCR for page 1"), std::string::npos)
      << doc.value().warnings[0];
}

TEST(FailingOcr, APageThatFailsIsASoftErrorNotALostDocument) {
  PageOptions opts;
  opts.jobs = 2;
  opts.ocr_factory = [] {
    return Result<std::unique_ptr<OcrEngine>>(std::unique_ptr<OcrEngine>(
        new FailingOcr({2}, Status::InvalidInput("OCR time limit of 120 s exceeded"))));
  };
  auto doc = ReadScan(kClean200, opts);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  const Document& d = doc.value();
  ASSERT_EQ(d.pages.size(), 3u);
  EXPECT_EQ(d.pages[0].words.size(), 1u);
  EXPECT_TRUE(d.pages[1].words.empty());
  EXPECT_EQ(d.pages[1].confidence, 0.0f);
  EXPECT_EQ(d.pages[2].words.size(), 1u);
  ASSERT_EQ(d.warnings.size(), 1u);
  EXPECT_EQ(d.warnings[0], "page 2: OCR failed: OCR time limit of 120 s exceeded");
  EXPECT_EQ(d.original, "ok\f\fok");
}

TEST(TesseractOcr, MissingLanguageDataNamesTheDebianPackage) {
  TesseractOptions t;
  t.datapath = "/nonexistent/tessdata";
  auto e = NewTesseractOcr(t);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), Status::Code::kUnsupported);
  EXPECT_NE(e.status().message().find("tesseract-ocr-chi-sim"), std::string::npos) << e.status().message();
  // Through ReadPages the whole document fails with that message.
  PageOptions opts;
  opts.ocr_factory = TesseractFactory(t);
  auto doc = ReadScan(kClean200, opts);
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.status().message().find("tesseract-ocr-chi-sim"), std::string::npos);
}

// Real Tesseract, one page at 200 dpi (a few seconds).
TEST(TesseractOcr, CleanScanPageOne) {
  PageOptions opts;
  opts.max_pages = 1;
  auto doc = ReadScan(kClean200, opts);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  const Document& d = doc.value();
  ASSERT_EQ(d.pages.size(), 1u);
  EXPECT_EQ(d.pages[0].source, TextSource::kOcr);
  std::string truth = Pages(ReadFile(CorpusDir() / "scans/2023-guide_200dpi_clean_p1-3.gt.txt"))[0];
  // Target 1.5% on clean scans; measured 1.53% on this page.
  EXPECT_LE(Cer(truth, d.original), 0.02) << d.original;
  // No spaces between Chinese characters.
  EXPECT_NE(d.original.find("各设区市科技局、财政局"), std::string::npos) << d.original;
  // Boxes land where the text layer has them: the first line of the body
  // starts at the left margin (28 mm + 2 characters' indent).
  bool found = false;
  for (const Word& w : d.pages[0].words)
    if (w.text == "各" && !found) {
      found = true;
      EXPECT_NEAR(w.box.x0, 79.4 + 32, 8);
    }
  EXPECT_TRUE(found);
}

TEST(Cli, IngestWithRecordedOcrStoresBoxes) {
  TempDir tmp;
  const std::string db = (tmp.path() / "a.db").string();
  auto in = RunGongwen("ingest --db " + db + " -q --ocr-replay " + (CorpusDir() / "ocr").string() + " " +
                       (CorpusDir() / kDegraded).string());
  ASSERT_EQ(in.exit_code, 0) << in.err;
  auto show = RunGongwen("show --db " + db + " --json 1");
  ASSERT_EQ(show.exit_code, 0) << show.err;
  auto j = nlohmann::json::parse(show.out);
  EXPECT_EQ(j["pages"], 34);
  ASSERT_FALSE(j["guide_items"].empty());
  for (const auto& g : j["guide_items"]) {
    EXPECT_TRUE(g["page"].is_number());
    EXPECT_TRUE(g["box"].is_array());
  }
}

}  // namespace
}  // namespace gongwen
