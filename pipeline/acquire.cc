#include "pipeline/acquire.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <system_error>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>

#include "pipeline/normalize.h"

namespace gongwen {
namespace {

namespace fs = std::filesystem;

constexpr uint64_t kMiB = 1ull << 20;

std::string ErrnoMessage(int err) { return std::error_code(err, std::generic_category()).message(); }

bool EndsWithNoCase(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  s = s.substr(s.size() - suffix.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  return EndsWithNoCase(s.substr(0, prefix.size()), prefix);
}

// ---------------------------------------------------------------------------
// Text checks shared by SniffMediaType and DecodeText.

// 1 for ASCII control characters that do not occur in text (all C0 controls
// except \t \n \f \r, and DEL); NUL is checked separately.
constexpr std::array<uint8_t, 256> MakeControlTable() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = 1;
  t['\t'] = t['\n'] = t['\f'] = t['\r'] = 0;
  t[0x7F] = 1;
  return t;
}
constexpr std::array<uint8_t, 256> kControl = MakeControlTable();

size_t CountControls(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += kControl[c];
  return n;
}

bool TooManyControls(size_t controls, size_t size) { return controls > 1 && controls * 100 > size; }

// InvalidInput when `s` is binary rather than text.
Status CheckNotBinary(std::string_view s) {
  if (std::memchr(s.data(), 0, s.size()) != nullptr) {
    return Status::InvalidInput("binary data (NUL bytes), not text");
  }
  if (TooManyControls(CountControls(s), s.size())) {
    return Status::InvalidInput("binary data (control characters), not text");
  }
  return Status::Ok();
}

bool HasUtf16Bom(std::string_view b) {
  return b.size() >= 2 && ((b[0] == '\xFF' && b[1] == '\xFE') || (b[0] == '\xFE' && b[1] == '\xFF'));
}

// ---------------------------------------------------------------------------
// UTF-8.

// Offset of the first byte that does not start a valid UTF-8 sequence (or
// starts a truncated or malformed one), or npos when all of `s` is valid.
// Strict: rejects overlong forms, surrogates (U+D800..DFFF) and values above
// U+10FFFF. ASCII runs are skipped 8 bytes at a time.
size_t FindInvalidUtf8(std::string_view sv) {
  const auto* s = reinterpret_cast<const unsigned char*>(sv.data());
  const size_t n = sv.size();
  size_t i = 0;
  while (i < n) {
    if (s[i] < 0x80) {
      while (i + 8 <= n) {
        uint64_t w;
        std::memcpy(&w, s + i, 8);
        if (w & 0x8080808080808080ull) break;
        i += 8;
      }
      while (i < n && s[i] < 0x80) ++i;
      continue;
    }
    const unsigned c = s[i];
    const size_t left = n - i;
    if (c < 0xC2) return i;  // stray continuation byte or overlong 2-byte lead
    if (c < 0xE0) {
      if (left < 2 || (s[i + 1] & 0xC0) != 0x80) return i;
      i += 2;
    } else if (c < 0xF0) {
      if (left < 3) return i;
      const unsigned c1 = s[i + 1];
      const bool ok1 = c == 0xE0   ? (c1 >= 0xA0 && c1 <= 0xBF)   // no overlong
                       : c == 0xED ? (c1 >= 0x80 && c1 <= 0x9F)   // no surrogates
                                   : (c1 & 0xC0) == 0x80;
      if (!ok1 || (s[i + 2] & 0xC0) != 0x80) return i;
      i += 3;
    } else if (c < 0xF5) {
      if (left < 4) return i;
      const unsigned c1 = s[i + 1];
      const bool ok1 = c == 0xF0   ? (c1 >= 0x90 && c1 <= 0xBF)   // no overlong
                       : c == 0xF4 ? (c1 >= 0x80 && c1 <= 0x8F)   // <= U+10FFFF
                                   : (c1 & 0xC0) == 0x80;
      if (!ok1 || (s[i + 2] & 0xC0) != 0x80 || (s[i + 3] & 0xC0) != 0x80) return i;
      i += 4;
    } else {
      return i;
    }
  }
  return std::string_view::npos;
}


// CRLF and lone CR → LF, in place.
void NormalizeNewlines(std::string* s) {
  size_t r = s->find('\r');
  if (r == std::string::npos) return;
  size_t w = r;
  const size_t n = s->size();
  char* p = s->data();
  while (r < n) {
    const char c = p[r++];
    if (c == '\r') {
      p[w++] = '\n';
      if (r < n && p[r] == '\n') ++r;
    } else {
      p[w++] = c;
    }
  }
  s->resize(w);
}

std::string InvalidByte(std::string_view bytes, size_t offset) {
  return fmt::format("invalid byte 0x{:02X} at offset {}", static_cast<unsigned char>(bytes[offset]),
                     offset);
}

// ---------------------------------------------------------------------------
// UTF-16 with a BOM.

// Decodes `b` (the bytes after the BOM; `base` is the BOM's length, to report
// offsets into the whole input).
Result<std::string> DecodeUtf16(std::string_view b, bool little_endian, size_t base) {
  const char* name = little_endian ? "UTF-16LE" : "UTF-16BE";
  if (b.size() % 2 != 0) return Status::InvalidInput(fmt::format("invalid {} (odd number of bytes)", name));
  const auto* p = reinterpret_cast<const unsigned char*>(b.data());
  auto unit = [&](size_t i) -> char16_t {
    return little_endian ? static_cast<char16_t>(p[i] | (p[i + 1] << 8))
                         : static_cast<char16_t>((p[i] << 8) | p[i + 1]);
  };
  std::string out;
  out.reserve(b.size() * 3 / 2);
  for (size_t i = 0; i < b.size(); i += 2) {
    char32_t u = unit(i);
    if (u >= 0xD800 && u <= 0xDFFF) {
      char32_t lo = i + 2 < b.size() ? unit(i + 2) : 0;
      if (u > 0xDBFF || lo < 0xDC00 || lo > 0xDFFF) {
        return Status::InvalidInput(
            fmt::format("invalid {} (unpaired surrogate at offset {})", name, base + i));
      }
      u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
      i += 2;
    }
    AppendUtf8(u, &out);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Legacy CJK charsets through ICU.

bool IsCjk(char32_t c) {
  return (c >= 0x3000 && c <= 0x303F) ||    // CJK symbols and punctuation
         (c >= 0x3400 && c <= 0x4DBF) ||    // extension A
         (c >= 0x4E00 && c <= 0x9FFF) ||    // unified ideographs
         (c >= 0xF900 && c <= 0xFAFF) ||    // compatibility ideographs
         (c >= 0xFF00 && c <= 0xFFEF) ||    // full-width forms
         (c >= 0x20000 && c <= 0x3FFFF);    // extensions B..
}

bool IsPrivateUse(char32_t c) { return (c >= 0xE000 && c <= 0xF8FF) || c >= 0xF0000; }

struct IcuDecoded {
  bool ok = false;
  std::string utf8;
  size_t error_offset = 0;  // when !ok: first byte of the sequence ICU refused
  size_t cjk = 0;           // CJK characters
  size_t pua = 0;           // private-use characters
};

// Decodes `bytes` with ICU's converter `name`, stopping at the first illegal
// or unassigned sequence. Internal error when ICU lacks the converter.
Result<IcuDecoded> IcuDecode(const char* name, std::string_view bytes) {
  UErrorCode ec = U_ZERO_ERROR;
  std::unique_ptr<UConverter, void (*)(UConverter*)> cnv(ucnv_open(name, &ec), ucnv_close);
  if (U_FAILURE(ec)) {
    return Status::Internal(fmt::format("ICU has no {} converter: {}", name, u_errorName(ec)));
  }
  ucnv_setToUCallBack(cnv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &ec);
  if (U_FAILURE(ec)) return Status::Internal(fmt::format("ucnv_setToUCallBack: {}", u_errorName(ec)));

  // These charsets produce at most one UTF-16 unit per byte; grow if not.
  std::vector<UChar> u16(bytes.size() + 16);
  const char* src = bytes.data();
  const char* const src_end = src + bytes.size();
  size_t produced = 0;
  IcuDecoded r;
  for (;;) {
    UChar* target = u16.data() + produced;
    ec = U_ZERO_ERROR;
    ucnv_toUnicode(cnv.get(), &target, u16.data() + u16.size(), &src, src_end, nullptr,
                   /*flush=*/true, &ec);
    produced = static_cast<size_t>(target - u16.data());
    if (ec == U_BUFFER_OVERFLOW_ERROR) {
      u16.resize(u16.size() * 2);
      continue;
    }
    if (U_FAILURE(ec)) {
      char invalid[32];
      int8_t len = sizeof(invalid);
      UErrorCode ec2 = U_ZERO_ERROR;
      ucnv_getInvalidChars(cnv.get(), invalid, &len, &ec2);
      size_t consumed = static_cast<size_t>(src - bytes.data());
      r.error_offset = U_SUCCESS(ec2) && static_cast<size_t>(len) <= consumed ? consumed - len : consumed;
      return r;
    }
    break;
  }
  r.utf8.reserve(produced * 2);
  for (size_t i = 0; i < produced; ++i) {
    char32_t c = u16[i];
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < produced && u16[i + 1] >= 0xDC00 &&
        u16[i + 1] <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (u16[++i] - 0xDC00);
    } else if (c >= 0xD800 && c <= 0xDFFF) {
      r.error_offset = 0;  // a converter never yields an unpaired surrogate
      return r;
    }
    r.cjk += IsCjk(c);
    r.pua += IsPrivateUse(c);
    AppendUtf8(c, &r.utf8);
  }
  r.ok = true;
  return r;
}

// How many multi-byte GB18030 characters `bytes` (already known to decode)
// holds, and how many of them lie in the GB2312 area (lead A1..F7, trail
// A1..FE), where nearly all characters of real Chinese text are.
struct Gb18030Shape {
  size_t multibyte = 0;
  size_t gb2312 = 0;
};
Gb18030Shape ShapeOfGb18030(std::string_view bytes) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  Gb18030Shape shape;
  for (size_t i = 0, n = bytes.size(); i < n;) {
    const unsigned c = s[i];
    if (c < 0x80 || i + 1 >= n) {
      ++i;
      continue;
    }
    const unsigned t = s[i + 1];
    ++shape.multibyte;
    if (t >= 0x30 && t <= 0x39) {
      i += 4;
      continue;
    }
    if (c >= 0xA1 && c <= 0xF7 && t >= 0xA1 && t <= 0xFE) ++shape.gb2312;
    i += 2;
  }
  return shape;
}

// ICU's charset detector's best guess, used only as a hint.
struct Guess {
  std::string name;
  int confidence = 0;  // 0..100
};
Guess GuessCharset(std::string_view bytes) {
  Guess g;
  UErrorCode ec = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, void (*)(UCharsetDetector*)> det(ucsdet_open(&ec), ucsdet_close);
  if (U_FAILURE(ec)) return g;
  const size_t len = std::min<size_t>(bytes.size(), 1u << 20);
  ucsdet_setText(det.get(), bytes.data(), static_cast<int32_t>(len), &ec);
  const UCharsetMatch* m = ucsdet_detect(det.get(), &ec);
  if (U_FAILURE(ec) || m == nullptr) return g;
  const char* name = ucsdet_getName(m, &ec);
  int conf = ucsdet_getConfidence(m, &ec);
  if (U_FAILURE(ec) || name == nullptr) return g;
  g.name = name;
  g.confidence = conf;
  return g;
}

bool IsChineseGuess(const Guess& g) { return g.name == "GB18030" || g.name == "UTF-8"; }

// UTF-16/32 guesses are ignored: with a BOM those were decoded already, and
// without one the detector guesses them for any short binary-looking input.
std::string HintFor(const Guess& g) {
  if (g.name.empty() || IsChineseGuess(g) || g.name.starts_with("UTF-") || g.confidence < 20) {
    return "";
  }
  return fmt::format("; looks like {}; convert to UTF-8 first", g.name);
}

Result<Decoded> DecodeLegacy(std::string_view bytes) {
  const size_t bad_utf8 = FindInvalidUtf8(bytes);
  Result<IcuDecoded> gb_r = IcuDecode("GB18030", bytes);
  if (!gb_r.ok()) return gb_r.status();
  IcuDecoded& gb = gb_r.value();

  const bool gb_plausible = gb.ok && gb.cjk > 0;
  bool gb_odd_shape = false;
  if (gb_plausible) {
    Gb18030Shape shape = ShapeOfGb18030(bytes);
    gb_odd_shape = shape.multibyte >= 8 && shape.gb2312 * 2 < shape.multibyte;
    if (gb.pua == 0 && !gb_odd_shape) return Decoded{std::move(gb.utf8), "GB18030"};
  }

  const Guess guess = GuessCharset(bytes);
  if (guess.name.starts_with("Big5")) {
    // ICU's "Big5" is windows-950-2000 (Big5 with Microsoft's extensions).
    Result<IcuDecoded> b5 = IcuDecode("Big5", bytes);
    if (b5.ok() && b5.value().ok && b5.value().cjk > 0 && b5.value().pua == 0) {
      return Decoded{std::move(b5.value().utf8), "Big5"};
    }
  }
  if (gb_plausible) {
    // User-defined characters (private use) occur in real GBK files; an odd
    // shape with a confident non-Chinese guess is mojibake.
    if (!gb_odd_shape || IsChineseGuess(guess) || guess.confidence < 50) {
      return Decoded{std::move(gb.utf8), "GB18030"};
    }
    return Status::InvalidInput(fmt::format(
        "not UTF-8 text ({}), and read as GB18030 it is mojibake{}", InvalidByte(bytes, bad_utf8),
        HintFor(guess)));
  }
  // Report the offset where the reading that got further stopped: that is
  // where a nearly-UTF-8 or nearly-GBK file went wrong.
  std::string why = InvalidByte(bytes, gb.ok ? bad_utf8 : std::max(bad_utf8, gb.error_offset));
  std::string hint = HintFor(guess);
  if (hint.empty() && guess.name == "GB18030" && !gb.ok) {
    hint = fmt::format("; looks like GB18030 but has an invalid sequence at offset {}",
                       gb.error_offset);
  }
  return Status::InvalidInput(
      fmt::format("not UTF-8, GB18030 or UTF-16 text ({}){}", why, hint));
}

// ---------------------------------------------------------------------------
// Sizes in messages.

std::string FormatSize(uint64_t n) {
  if (n >= kMiB) return fmt::format("{:.1f} MiB", static_cast<double>(n) / kMiB);
  if (n >= 1024) return fmt::format("{:.1f} KiB", static_cast<double>(n) / 1024);
  return fmt::format("{} bytes", n);
}

std::string FormatLimit(uint64_t n) {
  if (n > 0 && n % kMiB == 0) return fmt::format("{} MiB", n / kMiB);
  return FormatSize(n);
}

Status TooLargeStatus(bool text, uint64_t size, uint64_t limit) {
  return Status::TooLarge(fmt::format("{} of {} exceeds the {} limit (raise with {})",
                                      text ? "text file" : "file", FormatSize(size),
                                      FormatLimit(limit),
                                      text ? "--max-text-mb" : "--max-binary-mb"));
}

bool IsTextType(std::string_view media_type) { return media_type.starts_with("text/"); }

Status OpenError(int err) {
  switch (err) {
    case ENOENT:
    case ENOTDIR:
      return Status::NotFound("no such file");
    case EACCES:
    case EPERM:
      return Status::IoError("permission denied");
    case EISDIR:
      return Status::IoError("is a directory");
    default:
      return Status::IoError("cannot read: " + ErrnoMessage(err));
  }
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// Reads up to `want` bytes at `offset` into `out` (resized to what was read).
Status ReadAt(int fd, uint64_t offset, size_t want, std::string* out) {
  out->resize(want);
  size_t got = 0;
  while (got < want) {
    ssize_t r = ::pread(fd, out->data() + got, want - got, static_cast<off_t>(offset + got));
    if (r < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      if (err == EISDIR) return Status::IoError("is a directory");
      return Status::IoError("cannot read: " + ErrnoMessage(err));
    }
    if (r == 0) break;  // the file shrank
    got += static_cast<size_t>(r);
  }
  out->resize(got);
  return Status::Ok();
}

bool IsSqliteFile(std::string_view name) {
  return EndsWithNoCase(name, ".db") || EndsWithNoCase(name, ".db-wal") ||
         EndsWithNoCase(name, ".db-shm") || EndsWithNoCase(name, ".db-journal");
}

bool IsHidden(std::string_view name) { return !name.empty() && name[0] == '.'; }

// Appends the regular files under `dir` to `out` (unsorted).
void Walk(const fs::path& dir, std::vector<std::string>* out, std::vector<PathError>* errors) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    errors->push_back({dir.string(), Status::IoError("cannot list directory: " + ec.message())});
    return;
  }
  for (const fs::directory_iterator end; it != end; it.increment(ec)) {
    if (ec) break;
    const fs::directory_entry& entry = *it;
    const std::string name = entry.path().filename().string();
    if (IsHidden(name)) continue;
    std::error_code ec2;
    const bool is_link = entry.is_symlink(ec2);
    if (!is_link && entry.is_directory(ec2)) {
      Walk(entry.path(), out, errors);
    } else if (entry.is_regular_file(ec2) && !IsSqliteFile(name)) {
      out->push_back(entry.path().string());
    }
  }
  if (ec) {
    errors->push_back({dir.string(), Status::IoError("cannot list directory: " + ec.message())});
  }
}

}  // namespace

// ---------------------------------------------------------------------------

std::string Sha256Hex(std::string_view bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr) != 1) return "";
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex(len * 2, '0');
  for (unsigned i = 0; i < len; ++i) {
    hex[2 * i] = kHex[md[i] >> 4];
    hex[2 * i + 1] = kHex[md[i] & 0xF];
  }
  return hex;
}

std::string SniffMediaType(std::string_view b, std::string_view file_name) {
  auto starts = [&](std::string_view magic) { return b.starts_with(magic); };
  using namespace std::string_view_literals;
  if (starts("\x89PNG\r\n\x1A\n"sv)) return "image/png";
  if (starts("\xFF\xD8\xFF"sv)) return "image/jpeg";
  if (starts("II*\0"sv) || starts("MM\0*"sv) || starts("II+\0"sv) || starts("MM\0+"sv)) {
    return "image/tiff";
  }
  if (starts("GIF87a"sv) || starts("GIF89a"sv)) return "image/gif";
  if (starts("RIFF"sv) && b.size() >= 12 && b.substr(8, 4) == "WEBP"sv) return "image/webp";
  if (b.substr(0, 1024).find("%PDF"sv) != std::string_view::npos) return "application/pdf";
  if (starts("PK\x03\x04"sv)) {
    if (EndsWithNoCase(file_name, ".docx")) {
      return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    }
    if (EndsWithNoCase(file_name, ".ofd")) return "application/ofd";
    return "application/zip";
  }
  if (starts("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"sv)) {
    return EndsWithNoCase(file_name, ".doc") ? "application/msword" : "application/x-ole-storage";
  }
  if (starts("{\\rtf"sv)) return "application/rtf";

  const std::string_view head = b.substr(0, 64 * 1024);
  const bool texty = HasUtf16Bom(head) ||
                     (std::memchr(head.data(), 0, head.size()) == nullptr &&
                      !TooManyControls(CountControls(head), head.size()));
  if (!texty || b.empty()) return "application/octet-stream";
  if (EndsWithNoCase(file_name, ".md") || EndsWithNoCase(file_name, ".markdown")) {
    return "text/markdown";
  }
  if (EndsWithNoCase(file_name, ".html") || EndsWithNoCase(file_name, ".htm")) return "text/html";
  std::string_view t = head;
  if (t.starts_with("\xEF\xBB\xBF"sv)) t.remove_prefix(3);
  while (!t.empty() && (t[0] == ' ' || t[0] == '\t' || t[0] == '\n' || t[0] == '\r' || t[0] == '\f')) {
    t.remove_prefix(1);
  }
  if (StartsWithNoCase(t, "<html") || StartsWithNoCase(t, "<!doctype html")) return "text/html";
  return "text/plain";
}

Result<Decoded> DecodeText(std::string_view bytes) {
  using namespace std::string_view_literals;
  Decoded d;
  // 1. A byte-order mark decides.
  if (bytes.starts_with("\xEF\xBB\xBF"sv)) {
    std::string_view rest = bytes.substr(3);
    if (Status s = CheckNotBinary(rest); !s.ok()) return s;
    if (size_t bad = FindInvalidUtf8(rest); bad != std::string_view::npos) {
      return Status::InvalidInput(
          fmt::format("invalid UTF-8 after a UTF-8 BOM ({})", InvalidByte(bytes, bad + 3)));
    }
    d.utf8.assign(rest);
    d.charset = "UTF-8";
  } else if (HasUtf16Bom(bytes)) {
    const bool le = bytes[0] == '\xFF';
    Result<std::string> u = DecodeUtf16(bytes.substr(2), le, 2);
    if (!u.ok()) return u.status();
    if (Status s = CheckNotBinary(u.value()); !s.ok()) return s;
    d.utf8 = std::move(u).value();
    d.charset = le ? "UTF-16LE" : "UTF-16BE";
  } else if (bytes.starts_with("\x84\x31\x95\x33"sv)) {
    std::string_view rest = bytes.substr(4);
    if (Status s = CheckNotBinary(rest); !s.ok()) return s;
    Result<IcuDecoded> gb = IcuDecode("GB18030", rest);
    if (!gb.ok()) return gb.status();
    if (!gb.value().ok) {
      return Status::InvalidInput(fmt::format("invalid GB18030 after a GB18030 BOM (offset {})",
                                              gb.value().error_offset + 4));
    }
    d.utf8 = std::move(gb.value().utf8);
    d.charset = "GB18030";
  } else {
    // 2. Binary?  3. UTF-8?  4-5. GB18030, Big5.
    if (Status s = CheckNotBinary(bytes); !s.ok()) return s;
    if (FindInvalidUtf8(bytes) == std::string_view::npos) {
      d.utf8.assign(bytes);
      d.charset = "UTF-8";
    } else {
      Result<Decoded> legacy = DecodeLegacy(bytes);
      if (!legacy.ok()) return legacy.status();
      d = std::move(legacy).value();
    }
  }
  NormalizeNewlines(&d.utf8);
  return d;
}

std::string ReadWholeFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

Result<Input> ReadInput(const std::string& path, const AcquireOptions& opts) {
  Input in;
  in.path = path;
  const size_t slash = path.find_last_of('/');
  in.file_name = slash == std::string::npos ? path : path.substr(slash + 1);

  // O_NONBLOCK: opening a FIFO must not wait for a writer; no effect on files.
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (fd.get() < 0) return OpenError(errno);
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) return Status::IoError("cannot read: " + ErrnoMessage(errno));
  if (S_ISDIR(st.st_mode)) return Status::IoError("is a directory");
  if (!S_ISREG(st.st_mode)) return Status::IoError("not a regular file");
  const uint64_t size = static_cast<uint64_t>(st.st_size);
  if (size == 0) return Status::InvalidInput("empty file");

  // Above the smaller limit: sniff the head to learn which limit applies.
  if (size > std::min(opts.max_text_bytes, opts.max_binary_bytes)) {
    std::string head;
    if (Status s = ReadAt(fd.get(), 0, 4096, &head); !s.ok()) return s;
    const bool text = IsTextType(SniffMediaType(head, in.file_name));
    const uint64_t limit = text ? opts.max_text_bytes : opts.max_binary_bytes;
    if (size > limit) return TooLargeStatus(text, size, limit);
  }

  try {
    if (Status s = ReadAt(fd.get(), 0, static_cast<size_t>(size), &in.bytes); !s.ok()) return s;
  } catch (const std::bad_alloc&) {
    return Status::IoError(fmt::format("cannot read: out of memory for {}", FormatSize(size)));
  }
  if (in.bytes.empty()) return Status::InvalidInput("empty file");
  in.media_type = SniffMediaType(in.bytes, in.file_name);
  // The whole file may sniff differently from its head.
  const bool text = IsTextType(in.media_type);
  const uint64_t limit = text ? opts.max_text_bytes : opts.max_binary_bytes;
  if (in.bytes.size() > limit) return TooLargeStatus(text, in.bytes.size(), limit);
  in.sha256 = Sha256Hex(in.bytes);
  return in;
}

std::vector<std::string> ExpandPaths(const std::vector<std::string>& inputs,
                                     std::vector<PathError>* errors) {
  std::vector<std::string> files;
  std::unordered_set<std::string> seen;
  auto add = [&](std::string f) {
    if (seen.insert(f).second) files.push_back(std::move(f));
  };
  for (const std::string& input : inputs) {
    try {
      std::error_code ec;
      const fs::path p(input);
      const fs::file_status st = fs::status(p, ec);
      if (ec || !fs::exists(st)) {
        if (!ec || ec == std::errc::no_such_file_or_directory || ec == std::errc::not_a_directory) {
          errors->push_back({input, Status::NotFound("no such file or directory")});
        } else if (ec == std::errc::permission_denied) {
          errors->push_back({input, Status::IoError("permission denied")});
        } else {
          errors->push_back({input, Status::IoError("cannot access: " + ec.message())});
        }
        continue;
      }
      if (fs::is_regular_file(st)) {
        add(input);
      } else if (fs::is_directory(st)) {
        std::vector<std::string> found;
        Walk(p, &found, errors);
        std::sort(found.begin(), found.end());
        for (std::string& f : found) add(std::move(f));
      } else {
        errors->push_back({input, Status::IoError("not a regular file or directory")});
      }
    } catch (const std::exception& e) {
      errors->push_back({input, Status::Internal(std::string("expanding path: ") + e.what())});
    }
  }
  return files;
}

}  // namespace gongwen
