// PDF text layer, triage, reading order and box provenance.
//
// The PDFs under corpus/pdf were laid out by tools/corpus (gongwen_corpus pdf)
// from the seed notices; expected values were read from the notices and from
// the rendered pages (pdftoppm), not from program output.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "pipeline/ingest.h"
#include "pipeline/pdf_text.h"
#include "pipeline/provenance.h"
#include "pipeline/triage.h"
#include "tests/test_util.h"

namespace gongwen {
namespace {

using testing::CorpusDir;
using testing::ReadFile;
using testing::RunGongwen;
using testing::TempDir;

const std::string kGuidePdf = "pdf/2022-11-08_2023-chengguo-zhuanhua-guide.pdf";
const std::string kGuideTxt = "notices/2022-11-08_jiangsu-kjt-czt_2023-chengguo-zhuanhua-guide-notice.txt";

Word W(std::string text, double x0, double y0, double x1, double y1) {
  Word w;
  w.text = std::move(text);
  w.box = Box{x0, y0, x1, y1};
  return w;
}

// Words of one line of CJK text, one Word per character, 16 pt advance.
std::vector<Word> CjkLine(std::string_view chars, double x, double y, double size = 16) {
  std::vector<Word> out;
  for (size_t i = 0; i < chars.size();) {
    size_t n = (static_cast<unsigned char>(chars[i]) >= 0xE0) ? 3 : 1;
    out.push_back(W(std::string(chars.substr(i, n)), x, y, x + size, y + size));
    x += size;
    i += n;
  }
  return out;
}

std::string Text(std::vector<Word> words, bool ocr = false) {
  auto lines = OrderWords(std::move(words), ocr);
  return RenderLines(&lines, 0);
}

TEST(OrderWords, LinesTopToBottomWhateverTheContentOrder) {
  auto a = CjkLine("第二行", 100, 140), b = CjkLine("第一行", 100, 100);
  a.insert(a.end(), b.begin(), b.end());
  EXPECT_EQ(Text(a), "第一行\n第二行");
}

TEST(OrderWords, TwoColumnsAreReadLeftColumnFirst) {
  std::vector<Word> words;
  const char* left[] = {"左栏第一行文字内容", "左栏第二行文字内容", "左栏第三行文字内容", "左栏第四行文字内容"};
  const char* right[] = {"右栏第一行文字内容", "右栏第二行文字内容", "右栏第三行文字内容", "右栏第四行文字内容"};
  for (int i = 0; i < 4; ++i) {
    auto l = CjkLine(left[i], 60, 100 + 24 * i), r = CjkLine(right[i], 320, 100 + 24 * i);
    words.insert(words.end(), l.begin(), l.end());
    words.insert(words.end(), r.begin(), r.end());
  }
  auto title = CjkLine("通栏标题", 250, 60);
  words.insert(words.end(), title.begin(), title.end());
  EXPECT_EQ(Text(words),
            "通栏标题\n左栏第一行文字内容\n左栏第二行文字内容\n左栏第三行文字内容\n左栏第四行文字内容\n"
            "右栏第一行文字内容\n右栏第二行文字内容\n右栏第三行文字内容\n右栏第四行文字内容");
}

TEST(OrderWords, TableRowsGetTabsBetweenCells) {
  std::vector<Word> words;
  for (auto w : CjkLine("指标", 60, 100)) words.push_back(w);
  for (auto w : CjkLine("2020年", 200, 100)) words.push_back(w);
  for (auto w : CjkLine("2025年", 340, 100)) words.push_back(w);
  for (auto w : CjkLine("营业收入", 60, 124)) words.push_back(w);
  words.push_back(W("8.2", 200, 124, 224, 140));
  words.push_back(W("10", 340, 124, 356, 140));
  EXPECT_EQ(Text(words), "指标\t2020年\t2025年\n营业收入\t8.2\t10");
}

TEST(OrderWords, OneWideGapIsNotATable) {
  std::vector<Word> words = CjkLine("江苏省科学技术厅", 60, 100);
  for (auto w : CjkLine("江苏省财政厅", 300, 100)) words.push_back(w);
  EXPECT_EQ(Text(words), "江苏省科学技术厅  江苏省财政厅");
}

TEST(OrderWords, LatinWordsAreSpacedCjkIsNot) {
  std::vector<Word> words = CjkLine("单通道速率", 60, 100);
  words.push_back(W("20Gbps", 140, 100, 190, 116));  // touching: no space
  words.push_back(W("eFlash", 195, 100, 240, 116));  // a space's width apart
  EXPECT_EQ(Text(words), "单通道速率20Gbps eFlash");
}

TEST(OrderWords, LetterSpacedTitleKeepsSpacesFromTheTextLayerNotFromOcr) {
  std::vector<Word> words;
  const char* t[] = {"开", "票", "通", "知", "单"};
  for (int i = 0; i < 5; ++i) words.push_back(W(t[i], 60 + 30 * i, 100, 76 + 30 * i, 116));
  EXPECT_EQ(Text(words), "开 票 通 知 单");
  EXPECT_EQ(Text(words, /*ocr=*/true), "开票通知单");
}

TEST(RenderLines, WordsRecordTheirBytesInTheText) {
  std::vector<Word> words = CjkLine("目录", 60, 100);
  words.push_back(W("A1", 100, 100, 116, 116));
  auto lines = OrderWords(words);
  std::string text = RenderLines(&lines, 10);
  ASSERT_EQ(text, "目录 A1");
  const auto& w = lines[0].words;
  EXPECT_EQ(w[0].orig_begin, 10u);
  EXPECT_EQ(w[0].orig_end, 13u);
  EXPECT_EQ(w[2].orig_begin, 17u);
  EXPECT_EQ(w[2].orig_end, 19u);
}

// --- triage ---------------------------------------------------------------

PdfPageText PageOf(std::vector<std::string> words, std::vector<std::string> fonts = {}) {
  PdfPageText p;
  double x = 60;
  for (auto& t : words) {
    p.words.push_back(W(t, x, 100, x + 16, 116));
    x += 20;
  }
  p.fonts = std::move(fonts);
  return p;
}

TEST(Triage, Verdicts) {
  struct Case {
    const char* name;
    PdfPageText page;
    Triage::Verdict verdict;
  } cases[] = {
      {"ordinary text", PageOf({"江苏省科学技术厅关于组织申报项目的通知"}), Triage::Verdict::kUsable},
      {"no text", PageOf({}), Triage::Verdict::kAbsent},
      {"a page number only", PageOf({"—", "3", "—"}), Triage::Verdict::kThin},
      {"CID font without ToUnicode", PageOf({"\x04\x05\x06\x07\x08"}), Triage::Verdict::kGarbled},
      {"private use", PageOf({"\uE001\uE002\uE003其他参考数据"}), Triage::Verdict::kGarbled},
      {"GBK read as WinAnsi", PageOf({"È«", "ÊÀ", "½ç", "ÎÞ", "²ú", "Õß£¬Áª"}), Triage::Verdict::kGarbled},
      {"wrong ToUnicode", PageOf({"嘆囈貭鍔嘆囈貭鍔"}), Triage::Verdict::kGarbled},
      {"traditional text is fine", PageOf({"中國文件中國文件關於組織申報"}), Triage::Verdict::kUsable},
      {"custom-encoded CJK font", PageOf({"\"\"#", "E", "9:", "?45", "%&'", "()*"}, {"FZSSK--GBK1-0"}),
       Triage::Verdict::kGarbled},
      {"ASCII text in a Latin font", PageOf({"Name", "in", "English:", "(see", "note", "1)"}, {"Arial"}),
       Triage::Verdict::kUsable},
      {"a few ticked boxes", PageOf({"□是", "\uF052否", "本公司及董事会全体成员保证信息披露的内容真实、准确、完整"}),
       Triage::Verdict::kUsable},
  };
  for (const auto& c : cases) {
    Triage t = TriageTextLayer(c.page);
    EXPECT_EQ(static_cast<int>(t.verdict), static_cast<int>(c.verdict)) << c.name << ": " << t.reason;
  }
}

TEST(Triage, OcrModes) {
  EXPECT_EQ(ParseOcrMode("auto").value(), OcrMode::kAuto);
  EXPECT_EQ(ParseOcrMode("always").value(), OcrMode::kAlways);
  EXPECT_EQ(ParseOcrMode("never").value(), OcrMode::kNever);
  EXPECT_FALSE(ParseOcrMode("sometimes").ok());
}

// --- the generated text-layer PDF -------------------------------------------

TEST(PdfFile, ReadsTheGuideTextLayer) {
  std::string bytes = ReadFile(CorpusDir() / kGuidePdf);
  ASSERT_FALSE(bytes.empty());
  auto pdf = PdfFile::Open(bytes);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  EXPECT_EQ(pdf.value()->page_count(), 34);
  PdfPageText p1 = pdf.value()->TextLayer(0);
  EXPECT_NEAR(p1.width_pt, 595.3, 0.5);  // A4
  EXPECT_NEAR(p1.height_pt, 841.9, 0.5);
  EXPECT_EQ(TriageTextLayer(p1).verdict, Triage::Verdict::kUsable);
  auto lines = OrderWords(p1.words);
  std::string text = RenderLines(&lines, 0);
  EXPECT_TRUE(text.starts_with("江苏省科学技术厅 江苏省财政厅\n关于印发《2023年度省科技成果转化专项资")) << text.substr(0, 200);
  EXPECT_NE(text.find("各设区市科技局、财政局，昆山、泰兴、沭阳、常熟、海"), std::string::npos);
  EXPECT_TRUE(text.ends_with("一、支持重点\n—1 —") || text.ends_with("一、支持重点\n— 1 —")) << text;
}

TEST(ProcessFile, TextLayerPdfYieldsTheRecordsOfItsTextVersion) {
  auto pdf = ProcessFile((CorpusDir() / kGuidePdf).string());
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  Document txt = ProcessText(ReadFile(CorpusDir() / kGuideTxt));
  const Document& d = pdf.value();
  EXPECT_EQ(d.media_type, "application/pdf");
  ASSERT_EQ(d.pages.size(), 34u);
  for (const Page& p : d.pages) EXPECT_EQ(p.source, TextSource::kPdfTextLayer);
  EXPECT_EQ(d.pages[1].label, "2");
  EXPECT_EQ(d.title, txt.title);
  EXPECT_EQ(d.issuers, txt.issuers);
  std::vector<std::string> pdf_codes, txt_codes;
  for (const auto& g : d.guide_items) pdf_codes.push_back(g.code);
  for (const auto& g : txt.guide_items) txt_codes.push_back(g.code);
  EXPECT_EQ(pdf_codes.size(), 22u);
  EXPECT_EQ(pdf_codes, txt_codes);
  // Every guide item lies on a page, and its box on that page.
  for (const auto& g : d.guide_items) {
    int page = d.PageAt(g.span.begin);
    EXPECT_GE(page, 2) << g.code;
    auto box = BoxFor(d, g.span);
    ASSERT_TRUE(box.has_value()) << g.code;
    EXPECT_EQ(box->page, page) << g.code;
    EXPECT_GE(box->box.x0, 70);
    EXPECT_LE(box->box.x1, 530);
    EXPECT_GE(box->box.y0, 90);
    EXPECT_LE(box->box.y1, 790);  // may reach the page number (y 762-783) when it runs on
  }
}

TEST(BoxFor, TheTitleIsCentredAtTheTopOfPageOne) {
  auto r = ProcessFile((CorpusDir() / kGuidePdf).string());
  ASSERT_TRUE(r.ok());
  const Document& d = r.value();
  std::optional<Span> title;
  for (const Element& e : d.elements)
    if (e.name == "title") title = e.span;
  ASSERT_TRUE(title.has_value());
  auto box = BoxFor(d, *title);
  ASSERT_TRUE(box.has_value());
  EXPECT_EQ(box->page, 1);
  // 22 pt title lines below the 26 pt issuer line, inside the 156 mm text block.
  EXPECT_GT(box->box.y0, 140);
  EXPECT_LT(box->box.y1, 290);  // three lines: the title wraps twice
  EXPECT_GT(box->box.x0, 75);
  EXPECT_LT(box->box.x1, 525);
  EXPECT_GT(box->box.x1 - box->box.x0, 300);  // a long title spans most of the line
  // A text document has no boxes.
  Document txt = ProcessText("关于印发指南的通知\n各设区市：\n");
  EXPECT_FALSE(BoxFor(txt, Span{0, 6}).has_value());
}

TEST(Cli, ShowJsonHasPageAndBoxForPdfRecords) {
  TempDir tmp;
  const std::string db = (tmp.path() / "a.db").string();
  auto in = RunGongwen("ingest --db " + db + " -q " + (CorpusDir() / kGuidePdf).string());
  ASSERT_EQ(in.exit_code, 0) << in.err;
  auto show = RunGongwen("show --db " + db + " --json 1");
  ASSERT_EQ(show.exit_code, 0) << show.err;
  auto j = nlohmann::json::parse(show.out);
  EXPECT_EQ(j["pages"], 34);
  ASSERT_EQ(j["guide_items"].size(), 22u);
  for (const auto& g : j["guide_items"]) {
    EXPECT_TRUE(g["page"].is_number()) << g["code"];
    ASSERT_TRUE(g["box"].is_array()) << g["code"];
    EXPECT_EQ(g["box"].size(), 4u);
    EXPECT_LT(g["box"][0].get<double>(), g["box"][2].get<double>());
    EXPECT_LT(g["box"][1].get<double>(), g["box"][3].get<double>());
  }
  bool title = false;
  for (const auto& e : j["elements"])
    if (e["name"] == "title") {
      title = true;
      EXPECT_EQ(e["page"], 1);
      EXPECT_TRUE(e["box"].is_array());
    }
  EXPECT_TRUE(title);
  // Text files have pages but no boxes.
  auto in2 = RunGongwen("ingest --db " + db + " -q " + (CorpusDir() / kGuideTxt).string());
  ASSERT_EQ(in2.exit_code, 0) << in2.err;
  auto show2 = RunGongwen("show --db " + db + " --json 2");
  auto j2 = nlohmann::json::parse(show2.out);
  ASSERT_FALSE(j2["guide_items"].empty());
  EXPECT_TRUE(j2["guide_items"][0]["box"].is_null());
}

}  // namespace
}  // namespace gongwen
