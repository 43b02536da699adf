// Helpers shared by the tests: paths, running the gongwen binary, temp dirs.
#pragma once

#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/document.h"

namespace gongwen::testing {

inline std::filesystem::path SourceDir() { return GONGWEN_SOURCE_DIR; }
inline std::filesystem::path CorpusDir() { return SourceDir() / "corpus"; }
inline std::string Binary() { return GONGWEN_BINARY; }

// A fresh directory under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;   // stdout
  std::string err;   // stderr
};

// Runs `gongwen <args>` (args are passed to /bin/sh: quote them).
CommandResult RunGongwen(const std::string& args);

std::string ReadFile(const std::filesystem::path& p);
void WriteFile(const std::filesystem::path& p, const std::string& bytes);

// An archive of the four seed notices (corpus/notices), ingested by the
// gongwen binary the first time it is asked for in this process and removed
// at exit. Fails the calling test (and returns "") when ingest fails.
const std::string& SeedsArchive();

// The text of a seed notice in ../shared/seeds (GONGWEN_SHARED_DIR names
// another shared folder), or "" when the shared folder is not there.
std::string ReadSeed(std::string_view name);

// A row of a table-driven extractor test: the input and the expected dump.
struct TextCase {
  std::string_view input;
  std::string_view expected;
};

// "a,b,c".
std::string Join(const std::vector<std::string>& v, std::string_view sep = ",");

// `@"…"`: the text a record's span covers, for one-line dumps.
std::string Quoted(std::string_view input, Span span);

}  // namespace gongwen::testing
