// Shared pieces of the gongwen command line: exit codes, opening the archive,
// resolving a DOC argument, and printing tables for people.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/search.h"
#include "pipeline/status.h"
#include "pipeline/store.h"

namespace CLI {
class App;
}

namespace gongwen::cli {

// Documented exit codes (README "Exit codes").
enum ExitCode : int {
  kExitOk = 0,
  kExitInputFailed = 1,   // some inputs could not be stored (the rest were); DOC not found
  kExitUsage = 2,         // bad options or arguments
  kExitDatabase = 3,      // the archive cannot be opened, read or written
  kExitInternal = 4,      // a bug: please report
};

struct Globals {
  std::string db_path;    // --db, else $GONGWEN_DB, else ./gongwen.db
  bool json = false;
};

// Prints "gongwen: <message>" to stderr.
void Error(const std::string& message);

// Opens the archive; for read commands the file must exist.
Result<std::unique_ptr<Store>> OpenStore(const Globals& g, bool must_exist);

// Resolves DOC (an id, a unique prefix of the sha256, a file name or a path)
// to a document id.
Result<int64_t> ResolveDoc(Db& db, const std::string& doc);

// A table for people: columns padded by display width (CJK counts 2); cells
// longer than max_width are cut with "…".
void PrintTable(const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows, int max_width = 60);

// PDF and image options of `ingest` (README "PDFs and scans").
struct PdfFlags {
  std::string ocr = "auto";   // auto | always | never
  std::string password;       // for encrypted PDFs
  double dpi = 200;           // OCR rendering resolution
  std::string ocr_replay;     // directory of recorded OCR (corpus/ocr) instead of Tesseract
};

int RunIngest(const Globals& g, const std::vector<std::string>& paths, int jobs, uint64_t max_text_mb,
              bool quiet, const PdfFlags& pdf = {});
int RunDocs(const Globals& g);

// A subcommand that registers its own options; run() is called when it was chosen.
struct Subcommand {
  CLI::App* app;
  std::function<int()> run;
};
Subcommand AddExtractCommand(CLI::App& app, Globals& g);     // tools/cli/extract.cc
Subcommand AddIndicatorsCommand(CLI::App& app, Globals& g);  // tools/cli/indicators.cc
Subcommand AddFormsCommand(CLI::App& app, Globals& g);       // tools/cli/forms.cc
int RunShow(const Globals& g, const std::string& doc);
int RunText(const Globals& g, const std::string& doc, bool original);
int RunSearch(const Globals& g, const std::vector<std::string>& query, const SearchOptions& options);

}  // namespace gongwen::cli
