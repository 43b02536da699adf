// Acquire: the first stage. Finds the input files, reads their bytes, names
// their type and decodes text to UTF-8.
//
//   std::vector<PathError> errors;
//   for (const std::string& path : ExpandPaths(args, &errors)) {
//     Result<Input> in = ReadInput(path);
//     if (!in.ok()) { Report(path, in.status()); continue; }
//     if (in.value().media_type.starts_with("text/")) {
//       Result<Decoded> text = DecodeText(in.value().bytes);
//       ...
//     }
//   }
//
// Nothing here throws across the interface: filesystem and ICU failures come
// back as a Status. Status messages do not repeat the path; the caller knows it
// and prefixes it ("a.txt: invalid input: empty file").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/status.h"

namespace gongwen {

// A raw input file.
struct Input {
  std::string path;        // as given
  std::string file_name;   // last component of path
  std::string bytes;       // the whole file
  std::string sha256;      // of bytes, lowercase hex (64 characters)
  std::string media_type;  // SniffMediaType(bytes, file_name)
};

struct AcquireOptions {
  // Limit for files that sniff as text (text/*): they are decoded in memory.
  uint64_t max_text_bytes = 16ull << 20;
  // Limit for every other file (PDF, images, unknown).
  uint64_t max_binary_bytes = 512ull << 20;
};

// Reads the regular file at `path` whole.
//
// Checks the size with fstat before reading: a file above max_binary_bytes, or
// above max_text_bytes when its first 4 KiB sniff as text, is refused without
// being read. Errors:
//   NotFound      "no such file"
//   IoError       "permission denied", "is a directory",
//                 "not a regular file", "cannot read: <strerror>"
//   InvalidInput  "empty file"
//   TooLarge      "text file of 50.0 MiB exceeds the 16 MiB limit (raise with --max-text-mb)"
//                 "file of 600.0 MiB exceeds the 512 MiB limit (raise with --max-binary-mb)"
Result<Input> ReadInput(const std::string& path, const AcquireOptions& opts = {});

// The bytes of the file at `path`, or "" when it cannot be read. No size
// check and no error: for files the project's own tools, tests and
// benchmarks make or ship. User input goes through ReadInput.
std::string ReadWholeFile(const std::string& path);

// The media type of a file from its bytes, with its name as a tie-breaker.
//
// Magic numbers win over the name (a PNG named x.pdf is image/png), and the
// image signatures at the start win over a %PDF further in:
//   \x89PNG\r\n\x1a\n                                        image/png
//   \xFF\xD8\xFF                                             image/jpeg
//   II*\0, MM\0*                                             image/tiff
//   GIF87a, GIF89a                                           image/gif
//   RIFF....WEBP                                             image/webp
//   %PDF (at the start or anywhere in the first 1024 bytes)  application/pdf
//   PK\3\4  named .docx  application/vnd.openxmlformats-officedocument.wordprocessingml.document
//           named .ofd   application/ofd (GB/T 33190, the Chinese fixed-layout format)
//           otherwise    application/zip
//   \xD0\xCF\x11\xE0 (OLE2)  named .doc application/msword, else application/x-ole-storage
//   {\rtf                                                    application/rtf
// Then, when the bytes look like text (a UTF-16 BOM, or no NUL byte and at most
// ~1% other control characters in the first 64 KiB):
//   named .md/.markdown                                      text/markdown
//   named .html/.htm, or starting with <html or <!DOCTYPE html
//     (any case, after a BOM and white space)                text/html
//   otherwise                                                text/plain
// Anything else is application/octet-stream.
std::string SniffMediaType(std::string_view bytes, std::string_view file_name);

// Text decoded to UTF-8.
struct Decoded {
  std::string utf8;     // valid UTF-8, no BOM, line endings "\n" (CRLF and lone CR → LF)
  std::string charset;  // "UTF-8", "UTF-16LE", "UTF-16BE", "GB18030" or "Big5"
};

// Decodes the bytes of a text file to UTF-8. In order:
//   1. a BOM decides: EF BB BF UTF-8, FF FE UTF-16LE, FE FF UTF-16BE,
//      84 31 95 33 GB18030; the BOM is dropped;
//   2. a NUL byte, or control characters other than \t \n \r \f in more than
//      1% of the bytes (at least 2), make it binary;
//   3. valid UTF-8 (strict: no overlong forms, surrogates or values above
//      U+10FFFF) is UTF-8;
//   4. otherwise GB18030 (a superset of GBK and GB2312) when ICU's converter
//      decodes every byte (stopping on illegal or unassigned sequences) and
//      the text contains CJK characters. This is the usual case of a GBK file
//      saved by Windows tools;
//   5. Big5 is decoded too, but only when ICU's charset detector names it, the
//      bytes decode cleanly as Big5 (windows-950), and GB18030 either failed or
//      produced private-use characters (Big5 punctuation such as ，。 lands in
//      GBK's user-defined area, so Big5 prose read as GB18030 always does).
//      Likewise a clean GB18030 decode is refused when most of its two-byte
//      characters fall outside GB2312 and the detector confidently names a
//      non-Chinese charset (Shift_JIS, EUC-KR, ISO-8859-1 ...): mojibake
//      would otherwise enter the archive silently.
// Empty input decodes to empty UTF-8. Errors (all InvalidInput):
//   "binary data (NUL bytes), not text"
//   "binary data (control characters), not text"
//   "not UTF-8, GB18030 or UTF-16 text (invalid byte 0x9F at offset 1234)"
//     — the offset is where the reading that got further (UTF-8 or GB18030)
//     stopped, so a nearly-UTF-8 or nearly-GBK file points at its bad byte;
//     when the detector has a guess the message ends "; looks like
//     Shift_JIS; convert to UTF-8 first" (or "; looks like GB18030 but has an
//     invalid sequence at offset N")
//   "not UTF-8 text (invalid byte 0x82 at offset 0), and read as GB18030 it
//     is mojibake; looks like Shift_JIS; convert to UTF-8 first"
//   "invalid UTF-8 after a UTF-8 BOM (invalid byte 0x9F at offset 1234)"
//   "invalid UTF-16LE (unpaired surrogate at offset 10)" / "(odd number of bytes)"
//   "invalid GB18030 after a GB18030 BOM (offset 12)"
// Speed: pure-ASCII and UTF-8 input is validated in place (8 bytes at a time
// for ASCII runs), well above 200 MB/s in an optimized build.
Result<Decoded> DecodeText(std::string_view bytes);

// SHA-256 of `bytes` as 64 lowercase hex digits.
std::string Sha256Hex(std::string_view bytes);

// A path given to ExpandPaths that could not be expanded, and why.
struct PathError {
  std::string path;
  Status status;
};

// The files under the given paths, for ReadInput:
//   - a regular file (or a symlink to one) is taken as given, whatever its name;
//   - a directory is walked recursively: its regular files, sorted by path
//     (byte order), skipping hidden entries (names starting with '.', such as
//     .git) and SQLite files (*.db, *.db-wal, *.db-shm, *.db-journal, which are
//     likely our own output). Symlinks to directories are not followed;
//   - a missing path adds PathError{path, NotFound "no such file or directory"};
//     a directory that cannot be listed adds PathError{dir, IoError
//     "cannot list directory: <strerror>"}; any other kind of file given
//     directly adds IoError "not a regular file or directory".
// Inputs are expanded in the order given; a path reached twice is listed once.
// Never throws and never stops early: an error in one path does not drop the
// others. REQUIRES: errors != nullptr.
std::vector<std::string> ExpandPaths(const std::vector<std::string>& inputs,
                                     std::vector<PathError>* errors);

}  // namespace gongwen
