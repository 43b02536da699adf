// Helpers shared by the tests: paths, running the gongwen binary, temp dirs.
#pragma once

#include <cstdio>
#include <filesystem>
#include <string>

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

}  // namespace gongwen::testing
