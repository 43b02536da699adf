#include "pipeline/ingest.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "extractors/forms_extract.h"
#include "pipeline/docx.h"
#include "pipeline/form_cells.h"
#include "pipeline/extract.h"
#include "pipeline/layout.h"
#include "pipeline/programme.h"
#include "pipeline/structure.h"

namespace gongwen {

namespace {
void RunTextStages(Document* doc) {
  LayoutOptions lo;
  lo.markdown = doc->media_type == "text/markdown";
  LayoutText(doc, lo);
  ParseStructure(doc);
  ExtractAll(doc);
  FindProgrammes(doc);  // programme, year and comparable parts
}
}  // namespace

Document ProcessText(std::string text, std::string name) {
  Document doc;
  doc.path = doc.file_name = std::move(name);
  doc.media_type = "text/plain";
  doc.charset = "UTF-8";
  doc.size_bytes = text.size();
  doc.sha256 = Sha256Hex(text);
  doc.original = std::move(text);
  RunTextStages(&doc);
  return doc;
}

Result<Document> ProcessFile(const std::string& path, const AcquireOptions& opts,
                             const PageOptions& pages) {
  auto input = ReadInput(path, opts);
  if (!input.ok()) return input.status();
  Input& in = input.value();
  Document doc;
  doc.path = in.path;
  doc.file_name = in.file_name;
  doc.sha256 = in.sha256;
  doc.size_bytes = in.bytes.size();
  doc.media_type = in.media_type;
  // A file named as text that does not look like text: say why (binary, bad encoding).
  const bool text_name = in.file_name.ends_with(".txt") || in.file_name.ends_with(".md") ||
                         in.file_name.ends_with(".text") || in.file_name.ends_with(".markdown");
  if (in.media_type == "application/octet-stream" && text_name) {
    auto decoded = DecodeText(in.bytes);
    if (!decoded.ok()) return decoded.status();
    in.media_type = "text/plain";
  }
  if (in.media_type == kDocxMediaType) {
    Status s = ReadDocxDocument(in.bytes, &doc);  // Word: text and table cells
    if (!s.ok()) return s;
    RunTextStages(&doc);
    RecognizeForm(&doc);  // a filled form becomes a record of its template
    return doc;
  }
  if (in.media_type != "text/plain" && in.media_type != "text/markdown") {
    if (in.media_type == "application/pdf" || in.media_type.starts_with("image/")) {
      Status s = ReadPages(in.bytes, in.media_type, pages, &doc);
      if (!s.ok()) return s;
      doc.charset = "UTF-8";
      RunTextStages(&doc);
      // A filled form: cells from ruling lines and word boxes, then its record.
      // Cells of scanned pages are recognized alone, by the page engine when one is given (recorded OCR).
      if (MayBeForm(doc.text) &&
          FindFormCells(in.bytes, in.media_type, pages.password, &doc, pages.ocr_factory, pages.dpi).ok())
        RecognizeForm(&doc);
      return doc;
    }
    return Status::Unsupported("unknown file type (" + in.media_type + "); expected text, PDF or image");
  }
  auto decoded = DecodeText(in.bytes);
  if (!decoded.ok()) return decoded.status();
  doc.charset = decoded.value().charset;
  doc.original = std::move(decoded.value().utf8);
  bool blank = true;
  for (char c : doc.original)
    if (!std::isspace(static_cast<unsigned char>(c))) { blank = false; break; }
  if (blank) return Status::InvalidInput("no text (only whitespace)");
  RunTextStages(&doc);
  return doc;
}

IngestSummary Ingest(Store* store, const std::vector<std::string>& paths, const IngestOptions& opts,
                     const std::function<void(const FileOutcome&, size_t, size_t)>& on_file) {
  const auto t0 = std::chrono::steady_clock::now();
  IngestSummary sum;
  const size_t total = paths.size();
  const int jobs = std::max(1, std::min<int>(opts.jobs, static_cast<int>(std::max<size_t>(total, 1))));

  struct Done { std::string path; Result<Document> doc; };
  std::mutex mu;
  std::condition_variable cv_ready, cv_space;
  std::deque<Done> ready;
  std::atomic<size_t> next{0};
  const size_t max_pending = static_cast<size_t>(jobs) * 2;

  // One OCR pool for the run: pages of every document share its engines.
  PageOptions pages = opts.pages;
  std::unique_ptr<OcrPool> pool;
  if (!pages.pool) {
    pool = std::make_unique<OcrPool>(std::max(1, opts.jobs), pages.ocr_factory);
    pages.pool = pool.get();
  }
  auto worker = [&] {
    for (size_t i = next++; i < total; i = next++) {
      Result<Document> r = ProcessFile(paths[i], opts.acquire, pages);
      std::unique_lock lock(mu);
      cv_space.wait(lock, [&] { return ready.size() < max_pending; });
      ready.push_back({paths[i], std::move(r)});
      cv_ready.notify_one();
    }
  };
  std::vector<std::thread> threads;
  for (int j = 0; j < jobs; ++j) threads.emplace_back(worker);

  for (size_t done = 0; done < total;) {
    Done d{"", Status::Internal("unset")};
    {
      std::unique_lock lock(mu);
      cv_ready.wait(lock, [&] { return !ready.empty(); });
      d = std::move(ready.front());
      ready.pop_front();
      cv_space.notify_one();
    }
    FileOutcome out;
    out.path = d.path;
    if (!d.doc.ok()) {
      out.status = d.doc.status();
      ++sum.failed;
    } else {
      const Document& doc = d.doc.value();
      auto put = store->Put(doc, &out.doc_id);
      out.title = doc.title;
      out.warnings = doc.warnings.size();
      if (!put.ok()) {
        out.status = put.status();
        ++sum.failed;
      } else if (put.value() == Store::Outcome::kUnchanged) {
        out.unchanged = true;
        ++sum.unchanged;
      } else {
        ++sum.stored;
        sum.bytes += doc.size_bytes;
      }
    }
    ++done;
    if (on_file) on_file(out, done, total);
  }
  for (auto& t : threads) t.join();
  sum.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return sum;
}

}  // namespace gongwen
