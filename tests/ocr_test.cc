// OCR: fixups, recorded OCR (no Tesseract needed), fault injection, and a
// few real Tesseract runs on one page.
//
// The scans under corpus/scans were made by tools/corpus from the text-layer
// PDF of the 2023 guide notice; corpus/ocr holds Tesseract's output recorded
// on them (gongwen_corpus record-ocr). Ground truth: corpus/scans/*.gt.txt.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include <leptonica/allheaders.h>
#include <nlohmann/json.hpp>

#include "pipeline/acquire.h"
#include "pipeline/ingest.h"
#include "pipeline/normalize.h"
#include "pipeline/ocr.h"
#include "pipeline/ocr_fixups.h"
#include "pipeline/pages.h"
#include "pipeline/pdf_text.h"
#include "pipeline/provenance.h"
#include "pipeline/raster.h"
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
      // A colon after Chinese inside a line; a bracket pair with one half
      // misread (《 or ( for （, ) for ）).
      {"比例符合以下标准: 销售收入", "比例符合以下标准：销售收入"},
      {"已完成样机《样品) 检验", "已完成样机（样品） 检验"},
      {"海安市（县) 科技局", "海安市（县） 科技局"},
      {"大型液化天然气(LNG）运输船", "大型液化天然气（LNG）运输船"},
      // A list number never takes a comma; a dash between numbers is no 一.
      {"2，申报企业应具备", "2．申报企业应具备"},
      // ； read as ; after a number, before Han (a percentage ends a clause).
      {"比例不低于5%; 销售收入为", "比例不低于5%；销售收入为"},
      {"比例不低于4%;销售收入", "比例不低于4%；销售收入"},
      {"销售收入为5000万元一2亿元的企业", "销售收入为5000万元—2亿元的企业"},
      {"单通道速率 1一2", "单通道速率 1—2"},
      // ≤ read as 科 or 入 after a Latin name, μ read as h.
      {"TTV科15μm、WARP入40μm", "TTV≤15μm、WARP≤40μm"},
      {"线宽≤1.5hm，写入时间≤6.5hus/byte", "线宽≤1.5μm，写入时间≤6.5μs/byte"},
      // μ read as u after a number or as h/hu after a slash or in brackets;
      // a superscript ² ³ ⁻² read as a digit after an area or volume unit.
      {"TTV≤15 um、WARP≤40μm", "TTV≤15 μm、WARP≤40μm"},
      {"漏电≤390pA/hum，线宽（L）（hm）", "漏电≤390pA/μm，线宽（L）（μm）"},
      // μ read as kh after a number; μm read as hm at the start of a line
      // (a unit broken after its slash), before punctuation.
      {"最小凸点间距≤20khm；最小", "最小凸点间距≤20μm；最小"},
      {"hm；读取速度", "μm；读取速度"},
      {"hmm，hmac 20kHz", "hmm，hmac 20kHz"},
      {"设计舱容>170000m3，", "设计舱容>170000m³，"},
      {"集成度达1900K gate/mm2以上", "集成度达1900K gate/mm²以上"},
      {"电流密度=200A/cm2。", "电流密度=200A/cm²。"},
      {"微管密度≤0.2cm-2，", "微管密度≤0.2cm⁻²，"},
      // ≤ read as 科 or 入, ≥ as 这, ⁻² as -一 before a number with a Latin unit.
      {"晶体管漏电科390pA/μm，读取速度科30ns/次", "晶体管漏电≤390pA/μm，读取速度≤30ns/次"},
      {"位错密度入400cm-一，微管密度", "位错密度≤400cm⁻²，微管密度"},
      {"入0.2cm一，TTV", "≤0.2cm⁻²，TTV"},
      {"其中单通道速率这20Gbps，支持", "其中单通道速率≥20Gbps，支持"},
      // ± read as 土 between numbers; μ as h after a percentage.
      {"写入速度科6.5土10%hs/byte", "写入速度≤6.5±10%μs/byte"},
      {"土壤修复5土地", "土壤修复5土地"},
      {"销售收入5000万元以下，投入300万元，输入5V", "销售收入5000万元以下，投入300万元，输入5V"},
      {"这2个项目，本科3年，5cm一10cm", "这2个项目，本科3年，5cm一10cm"},
      // A lone capital before Han takes no space (box gaps of a narrow glyph);
      // words of Latin letters keep theirs.
      {"C 类项目按照省地联动", "C类项目按照省地联动"},
      {"大型LNG 运输船，SiC 单晶", "大型LNG 运输船，SiC 单晶"},
      // Real words stay: 收入 before a number, 一 in 一是, hours.
      {"销售收入5000万元以下", "销售收入5000万元以下"},
      {"一是加强；二是", "一是加强；二是"},
      {"工作时间2h", "工作时间2h"},
      // Latin text keeps its punctuation.
      {"Vcesat<1.6V, 200A/cm", "Vcesat<1.6V, 200A/cm"},
      {"5G、M2芯片、2023年", "5G、M2芯片、2023年"},
      {"1. 严格落实", "1. 严格落实"},
      {"Vcesat<1.6V; 200A/cm", "Vcesat<1.6V; 200A/cm"},
      {"2023年度", "2023年度"},
      // A speck read as a stop or comma before a number that starts a line
      // (a guide item's code); a number is never written `.5` in Chinese.
      {".3102 40nm嵌入式闪存", "3102 40nm嵌入式闪存"},
      {", 2023年度项目", "2023年度项目"},
      {"项目.3102", "项目.3102"},
      {"1.5倍", "1.5倍"},
      // 日 read as Latin letters between a day (after 月, or starting a line
      // broken after 月) and a time of day.
      {"29EFl17:30，逾期不予受理", "29日17:30，逾期不予受理"},
      {"2022年12月30El 17:30", "2022年12月30日17:30"},
      {"网络5G 17:30", "网络5G 17:30"},
      {"采用5G网络", "采用5G网络"},
      {"V1.5A17:30", "V1.5A17:30"},
      // The product sign of ohm*mm² read as x (its ² as 2); the slash of
      // ml/min dropped (mlmin is no unit).
      {"电阻≤630mohmxmm2，100V", "电阻≤630mohm*mm²，100V"},
      {"≤35.0mohm x mm2; 1200V", "≤35.0mohm*mm²; 1200V"},
      {"氧和效率>270mlmin，二氧化碳", "氧和效率>270ml/min，二氧化碳"},
      {"流量>5L/min，mlminx", "流量>5L/min，mlminx"},
      // mm² read as mnz or mn2 after a slash (no unit is spelt so).
      {"集成度达1900K gate/mnz 以上；", "集成度达1900K gate/mm² 以上；"},
      {"密度2000个/mn2，", "密度2000个/mm²，"},
      {"/mnzabc", "/mnzabc"},
      // A Latin name in brackets after Han takes full-width brackets, as
      // Chinese text writes them (GB/T 15834).
      {"1001 大型液化天然气 (LNG) 运输船", "1001 大型液化天然气（LNG） 运输船"},
      {"嵌入式闪存(eFlash)工艺", "嵌入式闪存（eFlash）工艺"},
      {"f(x) = 2", "f(x) = 2"},
  };
  for (const auto& c : cases) EXPECT_EQ(FixOcrText(c.in), c.out) << c.in;
}

TEST(OcrSpaces, HanDigitPairs) {
  // Where the engine measures the ink for a space: a Han character next to a
  // number, in either order; not Latin letters, punctuation or two Han.
  struct Case {
    const char* a;
    const char* b;
    bool pair;
  } cases[] = {
      {"市", "40", true},   {"1", "南", true},    {"数", "6000", true}, {"10", "个", true},
      {"1:1", "的", true},  {"A", "类", false},   {"市", "B5G", false}, {"，", "40", false},
      {"南", "京", false},  {"40", "12", false},  {"5G", "及", false},
  };
  for (const auto& c : cases) {
    Word a, b;
    a.text = c.a;
    b.text = c.b;
    EXPECT_EQ(HanDigitPair(a, b), c.pair) << c.a << "|" << c.b;
  }
}

// A word as the OCR gives it: text, box in points, confidence.
Word LineWord(const char* text, double x0, double y0, double x1, double y1, float conf = 1.0f) {
  Word w;
  w.text = text;
  w.box = Box{x0, y0, x1, y1};
  w.confidence = conf;
  return w;
}

TEST(OcrBoxes, ClampNumberBoxesAtTheNextWord) {
  // A row of the 2023 guide's quota table as the LSTM boxed it on a 200 dpi
  // scan (points): the box of 18 ran to the right edge of 项. The layout
  // read the table's columns as blocks: 项 comes first in engine order.
  auto word = [](const char* t, double x0, double y0, double x1, double y1) { return LineWord(t, x0, y0, x1, y1); };
  std::vector<Word> ws = {
      word("项", 199, 369, 211, 392), word("6", 113, 372, 120, 384), word("徐", 126, 371, 146, 386),
      word("州", 147, 372, 161, 386), word("市", 167, 369, 180, 392), word("18", 178, 373, 210, 387),
      word("3.5%", 300, 372, 330, 386), word("个", 320, 370, 334, 386),  // ends inside 个
      word("40", 400, 372, 415, 386), word("项", 418, 370, 430, 386),    // clear of 项: unchanged
      word("20", 500, 372, 530, 386), word("件", 520, 420, 534, 436),    // 件 on the next line
      word("1003", 600, 372, 640, 386), word("A", 630, 372, 640, 386),  // a letter after it too
      word("12", 700, 372, 720, 386), word("英", 703, 372, 716, 386),    // 英 boxed onto the number
  };
  ClampNumberBoxes(&ws);
  EXPECT_EQ(ws[5].box.x1, 199);  // 18 ends where 项 begins
  EXPECT_EQ(ws[5].box.x0, 178);
  EXPECT_EQ(ws[1].box.x1, 120);
  EXPECT_EQ(ws[6].box.x1, 320);
  EXPECT_EQ(ws[8].box.x1, 415);
  EXPECT_EQ(ws[10].box.x1, 530);
  EXPECT_EQ(ws[12].box.x1, 630);
  EXPECT_EQ(ws[14].box.x1, 720);  // 3 pt for two digits 14 pt high: left alone
  EXPECT_EQ(ws[4].box.x1, 180);  // not a number: unchanged
}

TEST(OcrBoxes, ASignedNumberStartsAfterThePunctuationReadBeforeIt) {
  // `考核，-150V器件` on page 19 of a 200 dpi scan of the 2023 guide, as the
  // LSTM boxed it (points, deskewed): the box of -150V began where the
  // comma's did and ran to the end of the line, so ordered by boxes the
  // line read `考核 -150V，器件` and -150V became a target of its own.
  auto word = [](const char* t, double x0, double y0, double x1, double y1) { return LineWord(t, x0, y0, x1, y1); };
  std::vector<Word> ws = {
      word("核", 312.1, 517.3, 327.6, 539.3), word("，", 333.0, 518.8, 335.5, 533.9),
      word("-150V", 333.0, 518.8, 502.6, 533.9), word("器", 379.1, 517.3, 397.4, 539.3),
      word("件", 397.1, 517.3, 415.4, 539.3),
      // A number read after the word before it keeps its left edge.
      word("，", 500, 518.8, 503, 533.9), word("100V", 510, 518.8, 540, 533.9), word("器", 541, 517.3, 559, 539.3),
  };
  ClampNumberBoxes(&ws);
  EXPECT_EQ(ws[2].box.x0, 335.5);
  EXPECT_EQ(ws[2].box.x1, 379.1);
  EXPECT_EQ(ws[6].box.x0, 510);
  EXPECT_EQ(ws[6].box.x1, 540);
}

TEST(OcrSpecks, ANumberAfterAComparatorIsKeptWhenBoxedWide) {
  // A line of 15 pt characters (h = 15) as the LSTM gives it on a degraded
  // 200 dpi scan of the 2023 guide: the 5 of 算法≥5种 boxed 17 pt wide with
  // confidence 0, over the blank between ≥ and 种.
  auto word = [](const char* t, double x0, double x1, float conf) { return LineWord(t, x0, 100, x1, 115, conf); };
  std::vector<Word> ws = {
      word("训", 0, 15, 0.9f),   word("练", 16, 31, 0.9f),  word("算", 32, 47, 0.9f),
      word("法", 48, 63, 0.9f),  word("≥", 64, 72, 0.8f),   word("5", 72, 89, 0.0f),
      word("种", 90, 105, 0.9f), word("，", 106, 115, 0.9f), word("5", 120, 137, 0.0f),  // same box, no comparator
      word("种", 138, 153, 0.9f), word("|", 160, 162, 0.2f),                              // a speck
  };
  DropSpecks(&ws);
  std::string text;
  for (const Word& w : ws) text += w.text;
  EXPECT_EQ(text, "训练算法≥5种，种");
}

TEST(OcrSpecks, AComparatorRecoveredIntoItsNumberIsNoSpeck) {
  // 算法≥5种 on page 14 of a 200 dpi scan (points): the LSTM read `>5`
  // boxed over the blank beside it with confidence 0; RecoverComparators
  // made it `≥5`. Two characters, not CJK, not sure: dropped as a speck,
  // the line read `算法  种` on 4 of 13 fresh scans.
  auto word = [](const char* t, double x0, double x1, float conf) { return LineWord(t, x0, 258.1, x1, 272.9, conf); };
  std::vector<Word> ws = {
      word("模", 40, 54.8, 0.9f), word("型", 55, 69.8, 0.9f), word("与", 70, 84.8, 0.9f),
      word("算", 85, 99.7, 0.9f), word("法", 99.7, 110.5, 0.9f), word("≥5", 110.5, 145.4, 0.0f),
      word("种", 148, 151, 0.99f), word("≥|", 160, 175, 0.1f),  // not a number: still a speck
  };
  DropSpecks(&ws);
  std::string text;
  for (const Word& w : ws) text += w.text;
  EXPECT_EQ(text, "模型与算法≥5种");
}

TEST(RecordedOcr, SpacesRoundTrip) {
  RecordedDoc doc;
  doc.sha256 = "ab";
  OcrResult page;
  page.words = {{"市", Box{1, 2, 3, 4}, 0.9f}, {"40", Box{5, 2, 9, 4}, 0.8f}};
  page.words[0].space_after = true;
  doc.pages[1] = page;
  auto back = RecordedDocFromJson(RecordedDocToJson(doc));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back.value().pages.at(1).words.size(), 2u);
  EXPECT_TRUE(back.value().pages.at(1).words[0].space_after);
  EXPECT_FALSE(back.value().pages.at(1).words[1].space_after);
  EXPECT_EQ(back.value().pages.at(1).skew_deg, 0);
}

// A recording holds the engine's words on the deskewed image and the angle;
// the replay orders them there and puts the boxes back onto the page, as
// the live run does (before, recordings held boxes already on the skewed
// page, and a replay of a scan skewed 1–2° ordered lines that drift into
// each other: CER 3.38% replayed against 2.44% live on one seed).
TEST(RecordedOcr, SkewRoundTripsAndBoxesGoBackOntoThePage) {
  auto in = ReadInput((CorpusDir() / kClean200).string());
  ASSERT_TRUE(in.ok());
  RecordedDoc rec;
  rec.sha256 = in.value().sha256;
  for (int n = 1; n <= 3; ++n) {
    OcrResult page;
    page.skew_deg = n == 1 ? 1.5 : 0;
    page.words = {{"甲", Box{100, 100, 115, 115}, 0.9f}, {"乙", Box{116, 100, 131, 115}, 0.9f},
                  {"丙", Box{100, 130, 115, 145}, 0.9f}};
    rec.pages[n] = page;
  }
  auto back = RecordedDocFromJson(RecordedDocToJson(rec));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back.value().pages.at(1).skew_deg, 1.5);
  EXPECT_EQ(back.value().pages.at(2).skew_deg, 0);
  auto docs = std::make_shared<std::map<std::string, RecordedDoc>>();
  (*docs)[rec.sha256] = back.value();
  PageOptions opts;
  opts.ocr_factory = RecordedFactory(docs);
  Document doc;
  doc.sha256 = rec.sha256;
  ASSERT_TRUE(ReadPages(in.value().bytes, in.value().media_type, opts, &doc).ok());
  ASSERT_EQ(doc.pages.size(), 3u);
  const Page& p1 = doc.pages[0];
  ASSERT_EQ(p1.words.size(), 3u);
  EXPECT_EQ(p1.words[0].text, "甲");
  const Box want = UnskewBox(1.5, p1.width_pt, p1.height_pt, Box{100, 100, 115, 115});
  EXPECT_NEAR(p1.words[0].box.x0, want.x0, 1e-6);
  EXPECT_NEAR(p1.words[0].box.y0, want.y0, 1e-6);
  EXPECT_GT(std::abs(p1.words[0].box.y0 - 100), 1.0);  // moved: the page is 842 pt high, rotated 1.5°
  EXPECT_EQ(doc.pages[1].words[0].box.y0, 100);         // no skew: as recorded
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

TEST(RemoveSpecks, LightSmallSpecksGoInkStays) {
  // A grey page (paper 235) with: a light blurred speck (2×2 at 140), a dark
  // dot of toner (3×3 at 40, a real full stop), and a stroke (30×4 at 40).
  PixPtr pix(pixCreate(200, 100, 8));
  pixSetAllArbitrary(pix.get(), 235);
  auto fill = [&](int x0, int y0, int w, int h, int v) {
    for (int y = y0; y < y0 + h; ++y)
      for (int x = x0; x < x0 + w; ++x) pixSetPixel(pix.get(), x, y, v);
  };
  fill(20, 20, 2, 2, 140);
  fill(60, 20, 3, 3, 40);
  fill(100, 50, 30, 4, 40);
  EXPECT_EQ(RemoveSpecks(pix.get(), 200), 1);
  l_uint32 v = 0;
  pixGetPixel(pix.get(), 20, 20, &v);
  EXPECT_EQ(v, 235u);
  pixGetPixel(pix.get(), 61, 21, &v);
  EXPECT_EQ(v, 40u);
  pixGetPixel(pix.get(), 110, 51, &v);
  EXPECT_EQ(v, 40u);
}

// The scans were made at 200 and 300 dpi (corpus/README.md); the text-layer
// PDF draws no image.
TEST(PageImageDpi, ScansGiveTheirResolutionTextPdfsNone) {
  struct Case {
    const char* file;
    double dpi;
  } cases[] = {
      {"scans/2023-guide_200dpi_clean_p1-3.pdf", 200},
      {"scans/2023-guide_300dpi_clean_p1-3.pdf", 300},
      {"scans/2023-guide_300dpi_degraded_p1-3.pdf", 300},
      {"pdf/2022-11-08_2023-chengguo-zhuanhua-guide.pdf", 0},
  };
  for (const Case& c : cases) {
    const std::string bytes = ReadFile(CorpusDir() / c.file);
    EXPECT_NEAR(PageImageDpi(bytes, "", 0), c.dpi, 0.5) << c.file;
    EXPECT_EQ(PageImageDpi(bytes, "", 99), 0) << c.file << ": no page 100";
  }
  EXPECT_EQ(PageImageDpi("not a PDF", "", 0), 0);
}

// A 300 dpi scan asked for at 200 dpi comes out at 200 dpi, A4 in pixels.
TEST(RenderPdfPage, FinerScanIsAveragedDownToTheAskedResolution) {
  const std::string bytes = ReadFile(CorpusDir() / "scans/2023-guide_300dpi_clean_p1-3.pdf");
  auto pdf = PdfFile::Open(bytes);
  ASSERT_TRUE(pdf.ok());
  auto img = RenderPdfPage(*pdf.value(), 0, 200, kDefaultMaxPixels, PageImageDpi(bytes, "", 0));
  ASSERT_TRUE(img.ok()) << img.status().ToString();
  EXPECT_EQ(img.value().dpi, 200);
  EXPECT_NEAR(pixGetWidth(img.value().pix.get()), 210 / 25.4 * 200, 2);   // 1654
  EXPECT_NEAR(pixGetHeight(img.value().pix.get()), 297 / 25.4 * 200, 2);  // 2339
  // Too many pixels at the scan's resolution: rendered at the asked one.
  auto small = RenderPdfPage(*pdf.value(), 0, 200, 5'000'000, 300);
  ASSERT_TRUE(small.ok());
  EXPECT_NEAR(pixGetWidth(small.value().pix.get()), 1654, 2);
}

// A page that is one scan finer than asked is taken from the scan's own
// pixels (A4 at 200 dpi); a scan at the asked resolution, or a page of text,
// is left to RenderPdfPage.
TEST(ScanPageImage, OnlyPagesOfOneFinerScan) {
  const std::string fine = ReadFile(CorpusDir() / "scans/2023-guide_300dpi_clean_p1-3.pdf");
  auto img = ScanPageImage(fine, "", 0, 200);
  ASSERT_TRUE(img.ok()) << img.status().ToString();
  EXPECT_EQ(img.value().dpi, 200);
  EXPECT_NEAR(pixGetWidth(img.value().pix.get()), 1654, 2);
  EXPECT_NEAR(pixGetHeight(img.value().pix.get()), 2339, 2);
  EXPECT_NEAR(img.value().width_pt, 595.3, 0.5);
  // The same pixels, near enough, as Poppler's rendering at 300 dpi averaged down.
  auto pdf = PdfFile::Open(fine);
  ASSERT_TRUE(pdf.ok());
  auto rendered = RenderPdfPage(*pdf.value(), 0, 200, kDefaultMaxPixels, 300);
  ASSERT_TRUE(rendered.ok());
  l_float32 diff = 0;
  ASSERT_EQ(pixCompareGray(img.value().pix.get(), rendered.value().pix.get(), L_COMPARE_ABS_DIFF, 0, nullptr, &diff,
                           nullptr, nullptr), 0);
  EXPECT_LT(diff, 5);  // of 255, on average
  EXPECT_FALSE(ScanPageImage(fine, "", 0, 300).ok()) << "not finer than asked";
  EXPECT_FALSE(ScanPageImage(fine, "", 0, 200, 1'000'000).ok()) << "above the pixel limit";
  EXPECT_FALSE(ScanPageImage(ReadFile(CorpusDir() / kClean200), "", 0, 200).ok());
  EXPECT_FALSE(ScanPageImage(ReadFile(CorpusDir() / "pdf/2022-11-08_2023-chengguo-zhuanhua-guide.pdf"), "", 0, 200).ok());
  EXPECT_FALSE(ScanPageImage("not a PDF", "", 0, 200).ok());
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
      if (i > 0) {
        EXPECT_GE(w.orig_begin, p.words[i - 1].orig_begin);
        EXPECT_GE(w.orig_end, p.words[i - 1].orig_end);
      }
    }
  // Degraded scan (skew, blur, noise, JPEG 40): the target, CER ≤ 4%
  // (measured 3.30%, tools/eval-ocr).
  std::string truth = ReadFile(CorpusDir() / "scans/2023-guide_200dpi_degraded.gt.txt");
  EXPECT_LE(Cer(truth, d.original), 0.04);
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
  // All 22, and no other (the code 1003 in front of its title had a box of
  // 2×2 px from the LSTM and was dropped as a speck before).
  EXPECT_EQ(got, want);
  // With their titles (white space aside): 17 of 22 equal the text version's
  // (tools/eval-ocr); the others differ by a character or two.
  std::multiset<std::string> titled;
  for (const auto& g : txt.guide_items) titled.insert(g.code + " " + RemoveSpaces(g.title));
  size_t same = 0;
  for (const auto& g : scan.value().guide_items) {
    auto it = titled.find(g.code + " " + RemoveSpaces(g.title));
    if (it != titled.end()) ++same, titled.erase(it);
  }
  EXPECT_GE(same, 17u);
  // Indicators paired on (guide item, kind, comparator, value, unit). Target
  // 95% of the text version's 110; measured 82 (75%, tools/eval-ocr): the
  // comparators ≥/≤ Tesseract drops or reads as 科/和/这, and misread units,
  // keep the rest.
  std::multiset<std::string> quantities;
  for (const auto& q : txt.quantities)
    quantities.insert(q.code + "|" + q.kind + "|" + q.op + "|" + std::to_string(q.value) + "|" + q.unit);
  ASSERT_EQ(quantities.size(), 110u);
  size_t paired = 0;
  for (const auto& q : scan.value().quantities) {
    auto it = quantities.find(q.code + "|" + q.kind + "|" + q.op + "|" + std::to_string(q.value) + "|" + q.unit);
    if (it != quantities.end()) ++paired, quantities.erase(it);
  }
  EXPECT_GE(paired, 82u);
  // The quota table of 附件2 (序号 地区 最多推荐数, 18 numbered rows): the
  // same regions and numbers as the text version (the row cells are read
  // apart by the ink between 南京市 and 40项, the header by its widest gaps).
  std::multiset<std::string> quotas_txt, quotas_scan;
  for (const auto& x : txt.quotas) quotas_txt.insert(RemoveSpaces(x.region) + " " + std::to_string(x.max) + x.unit);
  for (const auto& x : scan.value().quotas)
    quotas_scan.insert(RemoveSpaces(x.region) + " " + std::to_string(x.max) + x.unit);
  ASSERT_EQ(quotas_txt.size(), 18u);
  EXPECT_EQ(quotas_scan, quotas_txt);
  // The three deadlines (with their times) agree.
  std::multiset<std::string> dl_txt, dl_scan;
  for (const auto& x : txt.deadlines) dl_txt.insert(x.at.Iso());
  for (const auto& x : scan.value().deadlines) dl_scan.insert(x.at.Iso());
  ASSERT_EQ(dl_txt.size(), 3u);
  EXPECT_EQ(dl_scan, dl_txt);
  // Contacts (by their telephone numbers) all agree.
  ASSERT_EQ(txt.contacts.size(), 2u);
  ASSERT_EQ(scan.value().contacts.size(), 2u);
  for (size_t i = 0; i < 2; ++i) EXPECT_EQ(scan.value().contacts[i].phones, txt.contacts[i].phones) << i;
  // OCR records carry page and box.
  for (const auto& g : scan.value().guide_items) {
    auto box = BoxFor(scan.value(), g.span);
    ASSERT_TRUE(box.has_value()) << g.code;
    EXPECT_EQ(box->page, scan.value().PageAt(g.span.begin)) << g.code;
  }
}

TEST(RecordedOcr, CleanScansPerPage) {
  // Recorded OCR of the clean scans, page by page: every page reaches the
  // target (1.5%; measured at 200 dpi 0.51%, 0.56%, 0.98%, the three pages
  // together 0.70%, and 0.77% from the 300 dpi scan). Page 3 was at 2.54%
  // before list stops were read from the ink (`1．` as `1.` or `1`) and the
  // page number with digits only.
  struct Case {
    const char* scan;
    int page;
    double max_cer;
  } cases[] = {
      {"scans/2023-guide_200dpi_clean_p1-3.pdf", 1, 0.015},
      {"scans/2023-guide_200dpi_clean_p1-3.pdf", 2, 0.015},
      {"scans/2023-guide_200dpi_clean_p1-3.pdf", 3, 0.015},
      {"scans/2023-guide_300dpi_clean_p1-3.pdf", 1, 0.015},
      {"scans/2023-guide_300dpi_clean_p1-3.pdf", 2, 0.015},
      {"scans/2023-guide_300dpi_clean_p1-3.pdf", 3, 0.015},
      {"scans/2023-guide_300dpi_degraded_p1-3.pdf", 1, 0.04},
  };
  PageOptions opts;
  opts.ocr_factory = Recorded();
  for (const auto& c : cases) {
    auto doc = ReadScan(c.scan, opts);
    ASSERT_TRUE(doc.ok()) << doc.status().ToString();
    std::string gt = std::string(c.scan).replace(std::string(c.scan).size() - 4, 4, ".gt.txt");
    std::string truth = Pages(ReadFile(CorpusDir() / gt))[c.page - 1];
    std::string got = Pages(doc.value().original)[c.page - 1];
    EXPECT_LE(Cer(truth, got), c.max_cer) << c.scan << " page " << c.page << "\n" << got;
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
  // Target 1.5% on clean scans; measured 0.51% on this page (1.53% before
  // specks, deskew and the page-number pass).
  EXPECT_LE(Cer(truth, d.original), 0.015) << d.original;
  // The page number, which Tesseract's page layout leaves out, is read by
  // the second pass and normalized by the fixups.
  EXPECT_NE(d.original.find("— 1 —"), std::string::npos) << d.original;
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

// Page 3 of the clean 300 dpi scan, read at 200 dpi by real Tesseract: the
// scan's own pixels averaged down (ScanPageImage); the list numbers
// keep their full-width stops (`1．` read as `1.`, `1.，` or `1` before the
// stop was taken from the ink), and the page number `— 3 —` (read as 本 or
// 弛 by chi_sim) is read with digits only. Expected text from the ground truth.
TEST(TesseractOcr, CleanScanListStopsAndPageNumber) {
  PageOptions opts;
  opts.max_pages = 3;
  opts.jobs = 2;
  auto doc = ReadScan("scans/2023-guide_300dpi_clean_p1-3.pdf", opts);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  const std::vector<std::string> pages = Pages(doc.value().original);
  ASSERT_EQ(pages.size(), 3u);
  const std::string& p3 = pages[2];
  for (const char* line : {"1．申报企业应是", "2．申报企业应具备", "3．申报企业资产", "1．项目符合", "2．项目须具有",
                           "3．新药类项目"})
    EXPECT_NE(p3.find(line), std::string::npos) << line << "\n" << p3;
  EXPECT_NE(p3.find("— 3 —"), std::string::npos) << p3;
  EXPECT_NE(pages[1].find("— 2 —"), std::string::npos) << pages[1];
  // Target 1.5% on clean scans (measured 0.90% for the three pages).
  const std::string truth = ReadFile(CorpusDir() / "scans/2023-guide_300dpi_clean_p1-3.gt.txt");
  EXPECT_LE(Cer(truth, doc.value().original), 0.015);
}

// Page 10 of the degraded 200 dpi scan: the last line of a paragraph,
// `左右。` alone at the left margin, came out of the page's recognition as
// `全何5`; read again by itself it is right (RereadShortLines). Expected
// text from the ground truth.
TEST(TesseractOcr, ShortLastLineOfAParagraphIsReadAgain) {
  PageOptions opts;
  opts.max_pages = 10;
  opts.ocr_factory = [] {
    auto t = NewTesseractOcr();
    if (!t.ok()) return Result<std::unique_ptr<OcrEngine>>(t.status());
    return Result<std::unique_ptr<OcrEngine>>(
        std::unique_ptr<OcrEngine>(new SomePagesOcr(std::move(t.value()), {10})));
  };
  auto doc = ReadScan(kDegraded, opts);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  const std::vector<std::string> pages = Pages(doc.value().original);
  ASSERT_GE(pages.size(), 10u);
  const std::string truth = Pages(ReadFile(CorpusDir() / "scans/2023-guide_200dpi_degraded.gt.txt"))[9];
  const char* tail = "字数控制在20个字\n左右。";
  ASSERT_NE(truth.find(tail), std::string::npos);
  EXPECT_NE(pages[9].find(tail), std::string::npos) << pages[9];
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
