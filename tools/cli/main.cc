// gongwen: Chinese official S&T notices into a searchable SQLite archive.
#include <cstdlib>
#include <exception>
#include <iostream>

#include <CLI/CLI.hpp>

#include "tools/cli/archive.h"
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
  bool keep_originals = false;
  ingest->add_flag("--keep-originals", keep_originals, "store each file itself, compressed (gongwen get DOC)");
  ingest->add_flag("-q,--quiet", quiet, "no progress, only errors and the summary");
  PdfFlags pdf;
  ingest->add_option("--ocr", pdf.ocr, "OCR for PDF pages: auto (pages without a usable text layer), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  ingest->add_option("--password", pdf.password, "password of encrypted PDFs");
  ingest->add_option("--dpi", pdf.dpi, "resolution for OCR of PDF pages (default 200)")->check(CLI::Range(50, 600));
  ingest->add_option("--ocr-replay", pdf.ocr_replay, "use OCR output recorded in DIR (corpus/ocr) instead of Tesseract")
      ->group("");

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

  std::vector<std::string> query;
  gongwen::SearchOptions search_opts;
  int search_year = 0;
  auto* search = app.add_subcommand("search", "full-text search: words, \"phrases\", AND / OR / NOT, prefix*");
  search->add_option("QUERY", query, "what to look for (README \"Search\")")->required();
  search->add_option("--year", search_year, "only documents of this year");
  search->add_option("--issuer", search_opts.issuer, "only documents whose issuer contains this");
  search->add_option("--type", search_opts.doc_type, "only documents of this type (文种: 通知, 指南 …)");
  search->add_option("--code", search_opts.code, "only guide items whose code starts with this");
  search->add_option("--limit", search_opts.limit, "at most N results (default 20, 0 for all)")->check(CLI::NonNegativeNumber);
  search->add_flag("--json", g.json, "JSON for scripts");
  search->add_option("--db", g.db_path, "archive file");

  const Command archive_commands[] = {AddCompareCommand(app, g), AddGetCommand(app, g), AddExportCommand(app, g)};
  for (auto* sub : {ingest, docs, show, text}) sub->add_option("--db", g.db_path, "archive file");
  const Subcommand more[] = {AddExtractCommand(app, g), AddIndicatorsCommand(app, g), AddFormsCommand(app, g)};

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  try {
    for (const Command& c : archive_commands)
      if (*c.app) return c.run();
    if (*ingest && keep_originals) {
      int rc = RunIngest(g, paths, jobs, max_text_mb, quiet, pdf);
      int kept = rc == kExitDatabase ? rc : StoreOriginals(g, paths, quiet);
      return std::max(rc, kept);
    }
    if (*ingest) return RunIngest(g, paths, jobs, max_text_mb, quiet, pdf);
    if (*docs) return RunDocs(g);
    for (const Subcommand& sub : more)
      if (*sub.app) return sub.run();
    if (*show) return RunShow(g, doc);
    if (*text) return RunText(g, doc, original);
    if (*search) {
      if (search_year) search_opts.year = search_year;
      return RunSearch(g, query, search_opts);
    }
  } catch (const std::exception& e) {
    Error(std::string("internal error: ") + e.what());
    return kExitInternal;
  }
  return kExitUsage;
}
