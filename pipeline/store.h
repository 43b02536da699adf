// Store: the SQLite archive. One transaction per document; a document whose
// content hash is already stored is left as it is.
//
// The schema lives in schemas/migrations/NNNN_*.sql, compiled in; Open()
// applies the ones newer than PRAGMA user_version, each in a transaction, so
// an archive made by an older gongwen is upgraded in place and one made by a
// newer gongwen is refused rather than damaged.
//
// Offsets stored are Unicode code points into documents.text (see
// schemas/migrations/0001_init.sql); Span byte offsets are converted here.
#pragma once

#include <memory>
#include <string>

#include "pipeline/document.h"
#include "pipeline/sqlite.h"
#include "pipeline/status.h"

namespace gongwen {

// Byte offset → code point offset in one UTF-8 string, O(1) amortized.
class CharIndex {
 public:
  explicit CharIndex(std::string_view s);
  size_t operator()(size_t byte) const;

 private:
  static constexpr size_t kStride = 256;
  std::string_view s_;
  std::vector<size_t> checkpoints_;  // code points before byte k * kStride
};

// The schema version this build writes.
int SchemaVersion();

class Store {
 public:
  // Opens or creates the archive and brings its schema up to date.
  static Result<std::unique_ptr<Store>> Open(const std::string& path);

  enum class Outcome { kStored, kUnchanged };
  // Writes the document and everything extracted from it in one transaction.
  // kUnchanged if a document with the same sha256 is already stored.
  Result<Outcome> Put(const Document& doc, int64_t* id = nullptr);

  Db& db() { return db_; }

 private:
  Status Migrate();
  Status Write(const Document& doc, int64_t* id);
  Db db_;
  std::string path_;
};

}  // namespace gongwen
