// gongwen: Chinese official S&T notices into a searchable SQLite archive.
#include <cstdlib>
#include <exception>
#include <iostream>

#include <CLI/CLI.hpp>

#include "tools/cli/cli.h"

int main(int argc, char** argv) {
  using namespace gongwen::cli;
  CLI::App app{"gongwen: Chinese official science-and-technology notices into a SQLite archive"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "gongwen 0.1.0");
  Globals g;
  const char* env_db = std::getenv("GONGWEN_DB");
  g.db_path = env_db && *env_db ? env_db : "gongwen.db";
  app.add_option("--db", g.db_path, "archive file (default ./gongwen.db or $GONGWEN_DB)");

  auto* ingest = app.add_subcommand("ingest", "add files or directories to the archive");
  std::vector<std::string> paths;
  int jobs = 0;
  uint64_t max_text_mb = 16;
  bool quiet = false;
  ingest->add_option("paths", paths, "files or directories")->required();
  ingest->add_option("-j,--jobs", jobs, "parallel workers (default: number of cores)");
  ingest->add_option("--max-text-mb", max_text_mb, "refuse text files larger than this (MiB)")
      ->check(CLI::Range(1, 4096));
  ingest->add_flag("-q,--quiet", quiet, "no progress, only errors and the summary");

  auto* docs = app.add_subcommand("docs", "list the archive, one line per document");
  docs->add_flag("--json", g.json, "JSON for scripts");

  std::string doc;
  auto* show = app.add_subcommand("show", "one document: elements, outline, items, rules, dates, contacts");
  show->add_option("DOC", doc, "id, unique sha256 prefix, or file name")->required();
  show->add_flag("--json", g.json, "JSON for scripts");

  bool original = false;
  auto* text = app.add_subcommand("text", "the document's normalized text (pages split by form feed)");
  text->add_option("DOC", doc, "id, unique sha256 prefix, or file name")->required();
  text->add_flag("--original", original, "the text as it came in");

  for (auto* sub : {ingest, docs, show, text}) sub->add_option("--db", g.db_path, "archive file");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  try {
    if (*ingest) return RunIngest(g, paths, jobs, max_text_mb, quiet);
    if (*docs) return RunDocs(g);
    if (*show) return RunShow(g, doc);
    if (*text) return RunText(g, doc, original);
  } catch (const std::exception& e) {
    Error(std::string("internal error: ") + e.what());
    return kExitInternal;
  }
  return kExitUsage;
}
