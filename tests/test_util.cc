#include "tests/test_util.h"

#include "pipeline/acquire.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

namespace gongwen::testing {

TempDir::TempDir() {
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() /
          ("gongwen-test-" + std::to_string(getpid()) + "-" + std::to_string(rd()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string ReadFile(const std::filesystem::path& p) { return gongwen::ReadWholeFile(p.string()); }

const std::string& SeedsArchive() {
  static TempDir* dir = new TempDir();  // removed by the destructor below, at exit
  static const std::string db = [] {
    std::string path = (dir->path() / "seeds.db").string();
    CommandResult r = RunGongwen("--db " + path + " ingest -q " + (CorpusDir() / "notices").string());
    if (r.exit_code != 0) {
      ADD_FAILURE() << "ingest of the seeds failed: " << r.err;
      return std::string();
    }
    return path;
  }();
  static const struct Cleanup {
    ~Cleanup() { delete dir; }
  } cleanup;
  return db;
}

std::string ReadSeed(std::string_view name) {
  const char* shared = std::getenv("GONGWEN_SHARED_DIR");
  std::filesystem::path dir = shared ? std::filesystem::path(shared) : SourceDir() / ".." / "shared";
  return ReadFile(dir / "seeds" / std::string(name));
}

std::string Join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (const std::string& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::string Quoted(std::string_view input, Span span) {
  return "@\"" + std::string(input.substr(span.begin, span.size())) + "\"";
}

void WriteFile(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream f(p, std::ios::binary);
  f << bytes;
}

CommandResult RunGongwen(const std::string& args) {
  TempDir tmp;
  auto out = tmp.path() / "out", err = tmp.path() / "err";
  std::string cmd = Binary() + " " + args + " >" + out.string() + " 2>" + err.string();
  int status = std::system(cmd.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = ReadFile(out);
  r.err = ReadFile(err);
  return r;
}

}  // namespace gongwen::testing
