#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <thread>

#include "pipeline/ingest.h"

#include <fmt/format.h>

#include "pipeline/normalize.h"
#include "tools/cli/cli.h"

namespace gongwen::cli {

void Error(const std::string& message) { std::cerr << "gongwen: " << message << "\n"; }

Result<std::unique_ptr<Store>> OpenStore(const Globals& g, bool must_exist) {
  std::error_code ec;
  if (must_exist && !std::filesystem::exists(g.db_path, ec))
    return Status::NotFound(g.db_path + ": no archive here (run `gongwen ingest` first, or pass --db)");
  return Store::Open(g.db_path);
}

Result<int64_t> ResolveDoc(Db& db, const std::string& doc) {
  if (!doc.empty() && std::all_of(doc.begin(), doc.end(), ::isdigit) && doc.size() < 12) {
    Stmt q(db, "SELECT id FROM documents WHERE id = ?");
    q.Bind(1, static_cast<int64_t>(std::stoll(doc)));
    if (q.Step()) return q.Int(0);
  }
  auto unique = [&](const char* sql, const std::string& arg) -> Result<int64_t> {
    Stmt q(db, sql);
    q.Bind(1, arg);
    std::vector<int64_t> ids;
    while (q.Step()) ids.push_back(q.Int(0));
    if (!q.status().ok()) return q.status();
    if (ids.size() == 1) return ids[0];
    if (ids.size() > 1)
      return Status::InvalidInput(fmt::format("{}: matches {} documents; give more of the hash or the id", doc, ids.size()));
    return Status::NotFound(doc);
  };
  bool hex = doc.size() >= 4 && std::all_of(doc.begin(), doc.end(), ::isxdigit);
  if (hex) {
    std::string lower = doc;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    auto r = unique("SELECT id FROM documents WHERE substr(sha256, 1, length(?1)) = ?1", lower);
    if (r.ok() || r.status().code() != Status::Code::kNotFound) return r;
  }
  auto r = unique("SELECT id FROM documents WHERE file_name = ?", doc);
  if (r.ok() || r.status().code() != Status::Code::kNotFound) return r;
  r = unique("SELECT id FROM documents WHERE path = ?", doc);
  if (r.ok() || r.status().code() != Status::Code::kNotFound) return r;
  return Status::NotFound(doc + ": no such document in the archive (see `gongwen docs`)");
}

namespace {
std::string Cut(const std::string& s, int max_width) {
  if (DisplayWidth(s) <= max_width) return s;
  std::string out;
  int w = 0;
  for (size_t i = 0; i < s.size();) {
    size_t j = i;
    DecodeUtf8(s, &j);
    int cw = DisplayWidth(std::string_view(s).substr(i, j - i));
    if (w + cw > max_width - 1) break;
    out.append(s, i, j - i);
    w += cw;
    i = j;
  }
  return out + "…";
}
}  // namespace

void PrintTable(const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows, int max_width) {
  std::vector<int> width(header.size(), 0);
  auto cells = rows;
  for (auto& r : cells)
    for (size_t c = 0; c < r.size() && c < width.size(); ++c) {
      std::replace(r[c].begin(), r[c].end(), '\n', ' ');
      r[c] = Cut(r[c], max_width);
      width[c] = std::max(width[c], DisplayWidth(r[c]));
    }
  for (size_t c = 0; c < header.size(); ++c) width[c] = std::max(width[c], DisplayWidth(header[c]));
  auto line = [&](const std::vector<std::string>& r) {
    std::string out;
    for (size_t c = 0; c < width.size(); ++c) {
      std::string cell = c < r.size() ? r[c] : "";
      out += cell;
      if (c + 1 < width.size()) out += std::string(width[c] - DisplayWidth(cell) + 2, ' ');
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    std::cout << out << "\n";
  };
  line(header);
  std::vector<std::string> rule;
  for (int w : width) rule.push_back(std::string(w, '-'));
  line(rule);
  for (const auto& r : cells) line(r);
}

int RunIngest(const Globals& g, const std::vector<std::string>& inputs, int jobs,
              uint64_t max_text_mb, bool quiet, const PdfFlags& pdf) {
  auto store = OpenStore(g, /*must_exist=*/false);
  if (!store.ok()) {
    Error(store.status().message());
    return kExitDatabase;
  }
  std::vector<PathError> path_errors;
  std::vector<std::string> files = ExpandPaths(inputs, &path_errors);
  for (const auto& e : path_errors) Error(e.path + ": " + e.status.ToString());

  IngestOptions opts;
  opts.jobs = jobs > 0 ? jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  opts.acquire.max_text_bytes = max_text_mb << 20;
  opts.pages.ocr = ParseOcrMode(pdf.ocr).ok() ? ParseOcrMode(pdf.ocr).value() : OcrMode::kAuto;
  opts.pages.password = pdf.password;
  opts.pages.dpi = pdf.dpi;
  if (!pdf.ocr_replay.empty()) {
    auto recorded = RecordedOcr::Load(pdf.ocr_replay);
    if (!recorded.ok()) {
      Error(recorded.status().message());
      return kExitUsage;
    }
    opts.pages.ocr_factory = RecordedFactory(recorded.value());
  }
  const bool tty = !quiet && isatty(STDERR_FILENO);
  bool database_failed = false;
  IngestSummary sum = Ingest(store.value().get(), files, opts,
      [&](const FileOutcome& f, size_t done, size_t total) {
        if (tty) std::cerr << "\r\033[K";
        if (!f.status.ok()) {
          Error(f.path + ": " + f.status.ToString());
          if (f.status.code() == Status::Code::kDatabase) database_failed = true;
        } else if (!quiet && !tty) {
          // Not a terminal: one line per file for logs.
          std::cerr << fmt::format("[{}/{}] {} {}\n", done, total,
                                   f.unchanged ? "unchanged" : "stored", f.path);
        }
        if (tty && done < total)
          std::cerr << fmt::format("[{}/{}] {}", done, total, f.path) << std::flush;
      });
  if (tty) std::cerr << "\r\033[K";
  int failed = sum.failed + static_cast<int>(path_errors.size());
  std::cout << fmt::format("stored {}, unchanged {}, failed {} ({:.2f} s, {:.1f} MB/s) → {}\n",
                           sum.stored, sum.unchanged, failed, sum.seconds,
                           sum.seconds > 0 ? sum.bytes / 1e6 / sum.seconds : 0.0, g.db_path);
  if (database_failed) return kExitDatabase;
  return failed > 0 ? kExitInputFailed : kExitOk;
}

}  // namespace gongwen::cli
