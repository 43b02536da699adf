// Commands over the archive as a whole (issue 7): compare (tools/cli/compare.cc),
// get and export (tools/cli/archive.cc), and the originals that
// `ingest --keep-originals` stores.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "tools/cli/cli.h"

namespace CLI {
class App;
}

namespace gongwen::cli {

// A subcommand that registers its own options; run() is called when it was chosen.
struct Command {
  CLI::App* app;
  std::function<int()> run;
};

Command AddCompareCommand(CLI::App& app, Globals& g);  // compare DOC_A DOC_B | --programme P
Command AddGetCommand(CLI::App& app, Globals& g);      // get DOC > file: the original, byte for byte
Command AddExportCommand(CLI::App& app, Globals& g);   // export --format jsonl|csv DIR

// After `ingest --keep-originals`: stores each input file, zlib-compressed, with
// the document whose content hash it has. Files already kept are skipped.
int StoreOriginals(const Globals& g, const std::vector<std::string>& paths, bool quiet);

}  // namespace gongwen::cli
