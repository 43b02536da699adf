#include "pipeline/acquire.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unicode/ucnv.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace gongwen {
namespace {

namespace fs = std::filesystem;
using namespace std::string_literals;

// ---------------------------------------------------------------------------
// Helpers

// Like gmock's HasSubstr, without linking gmock.
::testing::AssertionResult HasSubstr(const std::string& haystack, const std::string& needle) {
  if (haystack.find(needle) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\"" << haystack << "\" does not contain \"" << needle
                                       << "\"";
}

fs::path SharedDir() {
  if (const char* env = std::getenv("GONGWEN_SHARED_DIR")) return env;
  return fs::path(GONGWEN_SOURCE_DIR) / ".." / "shared";
}

std::string ReadFileOrDie(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  EXPECT_TRUE(f.good()) << p;
  return std::string(std::istreambuf_iterator<char>(f), {});
}

void WriteFile(const fs::path& p, std::string_view bytes) {
  fs::create_directories(p.parent_path());
  std::ofstream f(p, std::ios::binary);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  ASSERT_TRUE(f.good()) << p;
}

// UTF-8 → `charset` with ICU, failing on any character the charset lacks.
std::string Encode(const char* charset, const std::string& utf8) {
  UErrorCode ec = U_ZERO_ERROR;
  std::unique_ptr<UConverter, void (*)(UConverter*)> from(ucnv_open("UTF-8", &ec), ucnv_close);
  std::unique_ptr<UConverter, void (*)(UConverter*)> to(ucnv_open(charset, &ec), ucnv_close);
  ucnv_setFromUCallBack(to.get(), UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &ec);
  ucnv_setToUCallBack(from.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &ec);
  EXPECT_TRUE(U_SUCCESS(ec)) << u_errorName(ec);
  std::string out(utf8.size() * 4 + 16, '\0');
  char* target = out.data();
  const char* source = utf8.data();
  ucnv_convertEx(to.get(), from.get(), &target, out.data() + out.size(), &source,
                 source + utf8.size(), nullptr, nullptr, nullptr, nullptr, true, true, &ec);
  EXPECT_TRUE(U_SUCCESS(ec)) << charset << ": " << u_errorName(ec);
  out.resize(static_cast<size_t>(target - out.data()));
  return out;
}

std::string SeedText() {
  return ReadFileOrDie(SharedDir() / "seeds" /
                       "2021-03-17_jiangsu-kjt_2021-cluster-pilot-notice.txt");
}

// A fresh directory under the system temp dir, removed (after restoring
// permissions) when the test ends.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "gongwen-acquire-XXXXXX").string();
    char* p = ::mkdtemp(tmpl.data());
    EXPECT_NE(p, nullptr);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(path_, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_directory(ec)) fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
    }
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Runs `check` in a child process that dropped root to `nobody`, so that
// permission bits bite. Returns false (and the caller skips) when that is not
// possible; the check's verdict is the child's exit status.
bool RunUnprivileged(const std::function<bool()>& check, bool* passed) {
  if (::geteuid() != 0) {
    *passed = check();
    return true;
  }
  pid_t pid = ::fork();
  if (pid < 0) return false;
  if (pid == 0) {
    if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(77);
    ::_exit(check() ? 0 : 1);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) == 77) return false;
  *passed = WEXITSTATUS(status) == 0;
  return true;
}

// ---------------------------------------------------------------------------
// Sha256Hex

TEST(AcquireSha256Test, KnownVectors) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

// ---------------------------------------------------------------------------
// SniffMediaType

struct SniffCase {
  std::string bytes;
  std::string name;
  std::string want;
};

TEST(AcquireSniffTest, MagicThenName) {
  const std::string kDocx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  const std::vector<SniffCase> cases = {
      {"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", "a.pdf", "application/pdf"},
      {"%PDF-1.4\n", "no-extension", "application/pdf"},
      {std::string(500, ' ') + "%PDF-1.4\n", "junk-before.pdf", "application/pdf"},
      {std::string(1100, ' ') + "%PDF-1.4\n", "too-far.txt", "text/plain"},
      {"\x89PNG\r\n\x1A\n\0\0\0\rIHDR"s, "scan.png", "image/png"},
      {"\x89PNG\r\n\x1A\n\0\0\0\rIHDR"s, "lying.pdf", "image/png"},
      {"\xFF\xD8\xFF\xE0\0\x10JFIF"s, "scan.jpg", "image/jpeg"},
      {"II*\0\x08\0\0\0"s, "scan.tif", "image/tiff"},
      {"MM\0*\0\0\0\x08"s, "scan.tiff", "image/tiff"},
      {"GIF89a\x01\0\x01\0"s, "x.gif", "image/gif"},
      {"GIF87a\x01\0\x01\0"s, "x", "image/gif"},
      {"RIFF\x10\0\0\0WEBPVP8 "s, "x.webp", "image/webp"},
      {"PK\x03\x04\x14\0\x06\0"s, "form.docx", kDocx},
      {"PK\x03\x04\x14\0\x06\0"s, "FORM.DOCX", kDocx},
      {"PK\x03\x04\x14\0\x06\0"s, "bundle.zip", "application/zip"},
      {"PK\x03\x04\x14\0\x06\0"s, "invoice.ofd", "application/ofd"},
      {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0"s, "old.doc", "application/msword"},
      {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0"s, "old.xls", "application/x-ole-storage"},
      {"{\\rtf1\\ansi", "x.rtf", "application/rtf"},
      {"# 标题\n正文\n", "notes.md", "text/markdown"},
      {"# title\n", "notes.markdown", "text/markdown"},
      {"<p>hi</p>", "page.html", "text/html"},
      {"<p>hi</p>", "page.HTM", "text/html"},
      {"\xEF\xBB\xBF  \n<!DOCTYPE html><html>", "download", "text/html"},
      {"<HTML><body>", "x.txt", "text/html"},
      {"关于组织申报的通知\r\n", "notice.txt", "text/plain"},
      {"\xB9\xD8\xD3\xDA\n", "gbk.txt", "text/plain"},  // 关于 in GBK
      {"\xFF\xFE" "a\0b\0"s, "utf16.txt", "text/plain"},
      {"plain\x1A", "dos.txt", "text/plain"},  // one stray control character
      {"a\0b"s, "nul.txt", "application/octet-stream"},
      {"\x01\x02\x03\x04 data", "ctl.md", "application/octet-stream"},
      {"", "empty.txt", "application/octet-stream"},
  };
  for (const SniffCase& c : cases) {
    EXPECT_EQ(SniffMediaType(c.bytes, c.name), c.want) << c.name;
  }
}

// ---------------------------------------------------------------------------
// DecodeText

struct DecodeCase {
  const char* label;
  std::string bytes;
  std::string want_utf8;
  std::string want_charset;
};

TEST(AcquireDecodeTest, Decodes) {
  const std::vector<DecodeCase> cases = {
      {"empty", "", "", "UTF-8"},
      {"ascii", "hello\n", "hello\n", "UTF-8"},
      {"utf8", "关于印发《指南》的通知\n", "关于印发《指南》的通知\n", "UTF-8"},
      {"utf8 bom", "\xEF\xBB\xBF通知\n", "通知\n", "UTF-8"},
      {"bom only", "\xEF\xBB\xBF", "", "UTF-8"},
      {"crlf", "一、总体要求\r\n二、申报条件\r\n", "一、总体要求\n二、申报条件\n", "UTF-8"},
      {"lone cr", "a\rb\r\rc\r", "a\nb\n\nc\n", "UTF-8"},
      {"cr at end of crlf run", "a\r\n\r\nb\r", "a\n\nb\n", "UTF-8"},
      {"form feed kept", "page 1\fpage 2", "page 1\fpage 2", "UTF-8"},
      {"4-byte utf8", "𠀀 ext B", "𠀀 ext B", "UTF-8"},
      {"utf16le bom", "\xFF\xFE\x73\x51\x8E\x4E\r\0\n\0"s, "关于\n", "UTF-16LE"},
      {"utf16be bom", "\xFE\xFF\x51\x73\x4E\x8E\0\n"s, "关于\n", "UTF-16BE"},
      {"utf16le surrogate pair", "\xFF\xFE\x40\xD8\x00\xDC"s, "𠀀", "UTF-16LE"},
      {"gbk", "\xB9\xD8\xD3\xDA\xD7\xE9\xD6\xAF\r\n", "关于组织\n", "GB18030"},
      {"gbk mixed ascii", "2021\xC4\xEA\xB6\xC8 A\xC0\xE0", "2021年度 A类", "GB18030"},
      {"gb18030 4-byte", "\x95\x32\x82\x36 \xD6\xD0"s, "𠀀 中", "GB18030"},
      {"gb18030 bom", "\x84\x31\x95\x33\xD6\xD0\xCE\xC4", "中文", "GB18030"},
      {"one stray control", "text\x1A", "text\x1A", "UTF-8"},
  };
  for (const DecodeCase& c : cases) {
    Result<Decoded> r = DecodeText(c.bytes);
    ASSERT_TRUE(r.ok()) << c.label << ": " << r.status().ToString();
    EXPECT_EQ(r.value().utf8, c.want_utf8) << c.label;
    EXPECT_EQ(r.value().charset, c.want_charset) << c.label;
  }
}

struct RejectCase {
  const char* label;
  std::string bytes;
  std::string want_message;  // a substring of the message
};

TEST(AcquireDecodeTest, Rejects) {
  std::string controls = "text";
  for (int i = 0; i < 10; ++i) controls += "\x01\x02 some words ";
  const std::vector<RejectCase> cases = {
      {"nul", "abc\0def"s, "binary data (NUL bytes), not text"},
      {"controls", controls, "binary data (control characters), not text"},
      {"0x80 0x80", "abc\x80\x80" "def",
       "not UTF-8, GB18030 or UTF-16 text (invalid byte 0x80 at offset 3)"},
      {"0xFF 0xFE 0xFD inside", "ok \xFF\xFE\xFD", "(invalid byte 0xFF at offset 3)"},
      // GBK that breaks off: the offset is where GB18030 stopped, not UTF-8.
      {"gbk lead then newline", "\xD6\xD0\xCE\n", "(invalid byte 0xCE at offset 2)"},
      // UTF-8 with one bad byte: the offset is where UTF-8 stopped.
      {"utf8 then a stray byte", "关于通知\x80", "(invalid byte 0x80 at offset 12)"},
      // Strict UTF-8 (behind a BOM, else GB18030 might take the bytes).
      {"overlong utf8 nul", "\xEF\xBB\xBF" "a\xC0\x80", "BOM (invalid byte 0xC0 at offset 4)"},
      {"overlong 3-byte", "\xEF\xBB\xBF" "\xE0\x80\xAF", "BOM (invalid byte 0xE0 at offset 3)"},
      {"utf8 surrogate", "\xEF\xBB\xBF" "ab\xED\xA0\x80", "BOM (invalid byte 0xED at offset 5)"},
      {"utf8 above U+10FFFF", "\xEF\xBB\xBF" "\xF4\x90\x80\x80", "BOM (invalid byte 0xF4 at offset 3)"},
      {"utf8 truncated 4-byte", "\xEF\xBB\xBF" "\xF0\x9F\x98", "BOM (invalid byte 0xF0 at offset 3)"},
      {"utf8 F5 lead", "\xEF\xBB\xBF" "\xF5\x80\x80\x80", "BOM (invalid byte 0xF5 at offset 3)"},
      {"bad utf8 after bom", "\xEF\xBB\xBFok\xE4\xB8", "invalid UTF-8 after a UTF-8 BOM (invalid byte 0xE4 at offset 5)"},
      {"utf16 odd", "\xFF\xFE\x41\0\x42"s, "invalid UTF-16LE (odd number of bytes)"},
      {"utf16 lone low surrogate", "\xFE\xFF\0A\xDC\0"s, "invalid UTF-16BE (unpaired surrogate at offset 4)"},
      {"utf16 lone high surrogate", "\xFF\xFE\x00\xD8\x41\x00"s, "invalid UTF-16LE (unpaired surrogate at offset 2)"},
      {"utf16 binary", "\xFF\xFE\x00\x00\x41\x00"s, "binary data (NUL bytes), not text"},
  };
  for (const RejectCase& c : cases) {
    Result<Decoded> r = DecodeText(c.bytes);
    ASSERT_FALSE(r.ok()) << c.label << " decoded as " << r.value().charset;
    EXPECT_EQ(r.status().code(), Status::Code::kInvalidInput) << c.label;
    EXPECT_TRUE(HasSubstr(r.status().message(), c.want_message)) << c.label;
  }
}

TEST(AcquireDecodeTest, RandomBinaryWithNuls) {
  std::mt19937 rng(42);
  std::string bytes(64 * 1024, '\0');
  for (char& c : bytes) c = static_cast<char>(rng() & 0xFF);
  bytes[100] = '\0';
  Result<Decoded> r = DecodeText(bytes);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "binary data (NUL bytes), not text");
}

// The common case of a real user's file: GBK, CRLF or not, no BOM.
TEST(AcquireDecodeTest, SeedAsGbkDecodesToTheSameUtf8) {
  const std::string seed = SeedText();
  ASSERT_GT(seed.size(), 10000u);
  ASSERT_EQ(seed.find('\r'), std::string::npos);
  const std::string gbk = Encode("GBK", seed);
  ASSERT_NE(gbk, seed);
  Result<Decoded> r = DecodeText(gbk);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r.value().charset, "GB18030");
  EXPECT_TRUE(r.value().utf8 == seed);  // not EXPECT_EQ: a 26 KB diff helps no one

  std::string crlf;
  for (char c : gbk) c == '\n' ? crlf += "\r\n" : crlf += c;
  r = DecodeText(crlf);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r.value().utf8 == seed);
}

TEST(AcquireDecodeTest, SeedAsUtf16AndGb18030) {
  const std::string seed = SeedText();
  struct {
    const char* icu_name;
    std::string bom;
    const char* want_charset;
  } const cases[] = {
      {"UTF-16LE", "\xFF\xFE", "UTF-16LE"},
      {"UTF-16BE", "\xFE\xFF", "UTF-16BE"},
      {"UTF-8", "\xEF\xBB\xBF", "UTF-8"},
      {"GB18030", "", "GB18030"},
  };
  for (const auto& c : cases) {
    Result<Decoded> r = DecodeText(c.bom + Encode(c.icu_name, seed));
    ASSERT_TRUE(r.ok()) << c.icu_name << ": " << r.status().ToString();
    EXPECT_EQ(r.value().charset, c.want_charset);
    EXPECT_TRUE(r.value().utf8 == seed) << c.icu_name;
  }
}

// Every seed round-trips through GB18030, including text GBK cannot hold (³),
// and none trips the mojibake check.
TEST(AcquireDecodeTest, AllSeedsAsGb18030) {
  int seeds = 0;
  bool saw_beyond_gbk = false;
  for (const fs::directory_entry& e : fs::directory_iterator(SharedDir() / "seeds")) {
    if (e.path().extension() != ".txt") continue;
    ++seeds;
    const std::string seed = ReadFileOrDie(e.path());
    saw_beyond_gbk |= seed.find("³") != std::string::npos;
    Result<Decoded> r = DecodeText(Encode("GB18030", seed));
    ASSERT_TRUE(r.ok()) << e.path() << ": " << r.status().ToString();
    EXPECT_EQ(r.value().charset, "GB18030") << e.path();
    EXPECT_TRUE(r.value().utf8 == seed) << e.path();
  }
  EXPECT_GE(seeds, 4);
  EXPECT_TRUE(saw_beyond_gbk);
}

// Whatever DecodeText accepts comes out as valid UTF-8 without CR.
TEST(AcquireDecodeTest, RandomInputsGiveValidUtf8OrAnError) {
  const std::string alphabet = "ab \n\r\t\x80\x81\x95\xA1\xB0\xC0\xD6\xE4\xED\xF0\xF4\xFE\xFF\x30\x39\x40";
  std::mt19937 rng(7);
  int accepted = 0;
  for (int i = 0; i < 5000; ++i) {
    std::string bytes(rng() % 40, ' ');
    for (char& c : bytes) c = alphabet[rng() % alphabet.size()];
    Result<Decoded> r = DecodeText(bytes);
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), Status::Code::kInvalidInput);
      continue;
    }
    ++accepted;
    const std::string& out = r.value().utf8;
    EXPECT_EQ(out.find('\r'), std::string::npos);
    Result<Decoded> again = DecodeText(out);
    if (out.starts_with("\xEF\xBB\xBF")) continue;  // a decoded U+FEFF reads as a BOM
    ASSERT_TRUE(again.ok()) << again.status().ToString();
    EXPECT_EQ(again.value().charset, "UTF-8");
    EXPECT_EQ(again.value().utf8, out);
  }
  EXPECT_GT(accepted, 100);
}

// Traditional-Chinese Big5 is decoded when the detector names it and the bytes
// are clean Big5; read as GB18030 its punctuation would be private-use junk.
TEST(AcquireDecodeTest, Big5) {
  const std::string text =
      "關於組織申報二零二一年度省科技計劃項目的通知\n"
      "各設區市科技局，各有關單位：\n"
      "為貫徹落實省委、省政府關於推動科技創新的決策部署，根據《省科技計劃項目管理辦法》，"
      "現將申報工作有關事項通知如下。\n"
      "一、申報要求。申報單位應當是在本省註冊的企業、高等學校和科研機構，"
      "具有獨立法人資格，財務管理制度健全，近三年內無不良信用記錄。\n"
      "二、申報方式。項目申報採取網上申報方式，請於規定時間內登錄系統填寫申報書，"
      "並按要求上傳相關附件材料。逾期不予受理。\n"
      "三、聯繫方式。如有疑問，請與計劃處聯繫。\n";
  const std::string big5 = Encode("Big5", text);
  Result<Decoded> r = DecodeText(big5);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r.value().charset, "Big5");
  EXPECT_EQ(r.value().utf8, text);
}

// Shift_JIS decodes "cleanly" as GB18030 into nonsense Han characters; the
// detector's confident guess and the text's shape refuse it.
TEST(AcquireDecodeTest, ShiftJisIsRefusedWithAHint) {
  const std::string text =
      "日本語の文書です。このファイルはシフトJISで保存されています。"
      "文字コードを正しく判定できるかどうかを確認するためのテストです。"
      "ひらがなとカタカナ、そして漢字が混ざった普通の文章を用意しました。"
      "申請書の提出期限は来月の末日までとなっておりますので、ご注意ください。\n";
  Result<Decoded> r = DecodeText(Encode("Shift_JIS", text));
  ASSERT_FALSE(r.ok()) << "decoded as " << r.value().charset << ": " << r.value().utf8;
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidInput);
  EXPECT_TRUE(HasSubstr(r.status().message(), "looks like Shift_JIS; convert to UTF-8 first"));
}

TEST(AcquireDecodeTest, Latin1GetsAHint) {
  const std::string text =
      "Le présent règlement fixe les conditions générales applicables à la procédure de "
      "sélection des projets. Les dossiers complets doivent être déposés avant l'échéance.\n";
  const std::string latin1 = Encode("ISO-8859-1", text);
  Result<Decoded> r = DecodeText(latin1);
  ASSERT_FALSE(r.ok()) << "decoded as " << r.value().charset;
  // "é" (0xE9) at offset 5 is not UTF-8; GB18030 reads "én" as one character
  // and stops later, at "à " (0xE0 then a space).
  const size_t a_grave = latin1.find("\xE0 ");
  EXPECT_TRUE(HasSubstr(
      r.status().message(),
      "not UTF-8, GB18030 or UTF-16 text (invalid byte 0xE0 at offset " + std::to_string(a_grave) + ")"));
  EXPECT_TRUE(HasSubstr(r.status().message(), "; looks like ISO-8859-1"));
}

// A large UTF-8 input decodes to itself. (Its speed is measured by
// tools/bench/acquire_bench.cc; tests assert no times.)
TEST(AcquireDecodeTest, LargeUtf8DecodesToItself) {
  const std::string seed = SeedText();
  std::string big;
  while (big.size() < (32u << 20)) big += seed;
  Result<Decoded> r = DecodeText(big);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().charset, "UTF-8");
  EXPECT_TRUE(r.value().utf8 == big);
}

// ---------------------------------------------------------------------------
// ReadInput

TEST(AcquireReadTest, ReadsAFile) {
  TempDir dir;
  const fs::path p = dir.path() / "notice.txt";
  WriteFile(p, "abc");
  Result<Input> r = ReadInput(p.string());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r.value().path, p.string());
  EXPECT_EQ(r.value().file_name, "notice.txt");
  EXPECT_EQ(r.value().bytes, "abc");
  EXPECT_EQ(r.value().sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(r.value().media_type, "text/plain");

  const fs::path png = dir.path() / "scan.pdf";
  WriteFile(png, "\x89PNG\r\n\x1A\n\0\0\0\rIHDR"s);
  r = ReadInput(png.string());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r.value().media_type, "image/png");
  EXPECT_EQ(r.value().bytes.size(), 16u);
}

TEST(AcquireReadTest, Errors) {
  TempDir dir;
  WriteFile(dir.path() / "empty.txt", "");
  fs::create_directory(dir.path() / "sub");
  ::mkfifo((dir.path() / "fifo").c_str(), 0600);
  struct {
    std::string path;
    Status::Code code;
    std::string message;
  } const cases[] = {
      {(dir.path() / "missing.txt").string(), Status::Code::kNotFound, "no such file"},
      {(dir.path() / "empty.txt" / "x").string(), Status::Code::kNotFound, "no such file"},
      {"", Status::Code::kNotFound, "no such file"},
      {(dir.path() / "empty.txt").string(), Status::Code::kInvalidInput, "empty file"},
      {(dir.path() / "sub").string(), Status::Code::kIoError, "is a directory"},
      {(dir.path() / "fifo").string(), Status::Code::kIoError, "not a regular file"},
  };
  for (const auto& c : cases) {
    Result<Input> r = ReadInput(c.path);
    ASSERT_FALSE(r.ok()) << c.path;
    EXPECT_EQ(r.status().code(), c.code) << c.path;
    EXPECT_EQ(r.status().message(), c.message) << c.path;
  }
}

TEST(AcquireReadTest, PermissionDenied) {
  TempDir dir;
  const fs::path p = dir.path() / "secret.txt";
  WriteFile(p, "secret");
  fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::others_exec);
  fs::permissions(p, fs::perms::none);
  bool passed = false;
  Status seen;
  if (!RunUnprivileged(
          [&] {
            Result<Input> r = ReadInput(p.string());
            if (!r.ok()) seen = r.status();
            return !r.ok() && r.status().code() == Status::Code::kIoError &&
                   r.status().message() == "permission denied";
          },
          &passed)) {
    GTEST_SKIP() << "running as root and cannot drop privileges: chmod does not stop reading";
  }
  EXPECT_TRUE(passed) << seen.ToString();
}

TEST(AcquireReadTest, TooLarge) {
  TempDir dir;
  const fs::path text = dir.path() / "big.txt";
  WriteFile(text, std::string(200, 'x'));
  AcquireOptions opts;
  opts.max_text_bytes = 100;
  Result<Input> r = ReadInput(text.string(), opts);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kTooLarge);
  EXPECT_EQ(r.status().message(),
            "text file of 200 bytes exceeds the 100 bytes limit (raise with --max-text-mb)");

  // A binary file answers to the binary limit.
  const fs::path pdf = dir.path() / "big.pdf";
  WriteFile(pdf, "%PDF-1.4\n" + std::string(300, '\0'));
  r = ReadInput(pdf.string(), opts);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r.value().media_type, "application/pdf");
  opts.max_binary_bytes = 200;
  r = ReadInput(pdf.string(), opts);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "file of 309 bytes exceeds the 200 bytes limit (raise with --max-binary-mb)");
}

// 50 MiB of text, refused from its size without being read. The file is sparse
// after its first 4 KiB of text, so it costs no disk.
TEST(AcquireReadTest, TooLargeIsCheckedBeforeReading) {
  TempDir dir;
  const fs::path p = dir.path() / "huge.txt";
  WriteFile(p, std::string(4096, 'x'));
  fs::resize_file(p, 50ull << 20);
  Result<Input> r = ReadInput(p.string());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kTooLarge);
  EXPECT_EQ(r.status().message(),
            "text file of 50.0 MiB exceeds the 16 MiB limit (raise with --max-text-mb)");
}

// ---------------------------------------------------------------------------
// ExpandPaths

TEST(AcquireExpandTest, WalksDirectoriesSortedSkippingHiddenAndDatabases) {
  TempDir dir;
  const fs::path root = dir.path() / "in";
  WriteFile(root / "b.txt", "b");
  WriteFile(root / "a.pdf", "%PDF");
  WriteFile(root / "2022" / "guide.txt", "g");
  WriteFile(root / "2022" / "deep" / "form.png", "p");
  WriteFile(root / ".git" / "config", "x");
  WriteFile(root / ".hidden.txt", "x");
  WriteFile(root / "gongwen.db", "x");
  WriteFile(root / "gongwen.db-wal", "x");
  fs::create_directories(root / "empty");
  const fs::path single = dir.path() / ".explicit.txt";  // given directly: taken as is
  WriteFile(single, "s");

  std::vector<PathError> errors;
  std::vector<std::string> files = ExpandPaths(
      {single.string(), root.string(), (dir.path() / "missing").string(), (root / "b.txt").string()},
      &errors);
  EXPECT_EQ(files, (std::vector<std::string>{single.string(), (root / "2022" / "deep" / "form.png").string(),
                                 (root / "2022" / "guide.txt").string(), (root / "a.pdf").string(),
                                 (root / "b.txt").string()}));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, (dir.path() / "missing").string());
  EXPECT_EQ(errors[0].status.code(), Status::Code::kNotFound);
  EXPECT_EQ(errors[0].status.message(), "no such file or directory");
}

TEST(AcquireExpandTest, SymlinkedDirectoriesAreNotFollowed) {
  TempDir dir;
  WriteFile(dir.path() / "in" / "a.txt", "a");
  fs::create_directory_symlink(dir.path() / "in", dir.path() / "in" / "loop");
  fs::create_symlink(dir.path() / "in" / "a.txt", dir.path() / "in" / "link.txt");
  std::vector<PathError> errors;
  std::vector<std::string> files = ExpandPaths({(dir.path() / "in").string()}, &errors);
  EXPECT_EQ(files, (std::vector<std::string>{(dir.path() / "in" / "a.txt").string(),
                                 (dir.path() / "in" / "link.txt").string()}));
  EXPECT_TRUE(errors.empty());
}

TEST(AcquireExpandTest, OtherFileTypesAreReported) {
  TempDir dir;
  const fs::path fifo = dir.path() / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::vector<PathError> errors;
  EXPECT_TRUE(ExpandPaths({fifo.string()}, &errors).empty());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].status.message(), "not a regular file or directory");
}

TEST(AcquireExpandTest, UnreadableSubdirectoryIsReportedAndTheRestKept) {
  TempDir dir;
  const fs::path root = dir.path() / "in";
  WriteFile(root / "a.txt", "a");
  WriteFile(root / "locked" / "secret.txt", "s");
  WriteFile(root / "z" / "z.txt", "z");
  // Let `nobody` reach the tree, then lock one directory.
  for (const fs::path& d : {dir.path(), root, root / "z"}) {
    fs::permissions(d, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                           fs::perms::others_read | fs::perms::others_exec);
  }
  for (const fs::path& f : {root / "a.txt", root / "z" / "z.txt"}) {
    fs::permissions(f, fs::perms::others_read, fs::perm_options::add);
  }
  fs::permissions(root / "locked", fs::perms::none);

  std::string why;
  bool passed = false;
  const bool ran = RunUnprivileged(
      [&] {
        std::vector<PathError> errors;
        std::vector<std::string> files = ExpandPaths({root.string()}, &errors);
        const std::vector<std::string> want = {(root / "a.txt").string(),
                                               (root / "z" / "z.txt").string()};
        if (files != want) {
          std::fprintf(stderr, "files:");
          for (const auto& f : files) std::fprintf(stderr, " %s", f.c_str());
          std::fprintf(stderr, "\n");
          return false;
        }
        if (errors.size() != 1 || errors[0].path != (root / "locked").string() ||
            errors[0].status.code() != Status::Code::kIoError ||
            errors[0].status.message() != "cannot list directory: Permission denied") {
          for (const auto& e : errors) {
            std::fprintf(stderr, "error: %s %s\n", e.path.c_str(), e.status.ToString().c_str());
          }
          return false;
        }
        return true;
      },
      &passed);
  if (!ran) GTEST_SKIP() << "running as root and cannot drop privileges: chmod 000 does not stop reading";
  EXPECT_TRUE(passed) << "see the child's stderr above";
}

}  // namespace
}  // namespace gongwen
