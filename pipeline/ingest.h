// Ingest: the stages in order, over many files, into the store.
//
//   acquire → layout → normalize → structure → extract → store
//
// Files are processed in parallel by `jobs` workers; one writer stores each
// finished document in its own transaction, so a failure in one file never
// touches the others, and an interrupted run leaves only whole documents.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "pipeline/acquire.h"
#include "pipeline/document.h"
#include "pipeline/pages.h"
#include "pipeline/status.h"
#include "pipeline/store.h"

namespace gongwen {

// Runs every stage but store on one file. PDFs and images go through
// pages.h (text layer or OCR) first, with `pages`.
Result<Document> ProcessFile(const std::string& path, const AcquireOptions& opts = {},
                             const PageOptions& pages = {});

// Runs layout → extract on text already decoded (used by tests and `extract`).
Document ProcessText(std::string text, std::string name = "-");

struct IngestOptions {
  int jobs = 1;
  AcquireOptions acquire;
  PageOptions pages;  // PDFs and images; Ingest shares one OCR pool of `jobs` workers
};

struct FileOutcome {
  std::string path;
  Status status;             // ok, or why the file was not stored
  bool unchanged = false;    // already in the archive (same content hash)
  int64_t doc_id = 0;
  std::string title;
  size_t warnings = 0;
};

struct IngestSummary {
  int stored = 0, unchanged = 0, failed = 0;
  uint64_t bytes = 0;
  double seconds = 0;
};

// Ingests every file under paths. on_file is called (on the calling thread)
// once per file, in completion order, with done/total counts.
IngestSummary Ingest(Store* store, const std::vector<std::string>& paths, const IngestOptions& opts,
                     const std::function<void(const FileOutcome&, size_t done, size_t total)>& on_file);

}  // namespace gongwen
