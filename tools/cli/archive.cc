// The archive as one self-contained file: originals kept by
// `ingest --keep-originals` (zlib-compressed, schemas/migrations/0005),
// `gongwen get DOC` to have one back byte for byte, and
// `gongwen export --format jsonl|csv DIR` writing every table for other tools.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>
#include <zlib.h>

#include "pipeline/acquire.h"
#include "tools/cli/archive.h"

namespace gongwen::cli {
namespace {

int Fail(const Status& s) {
  Error(s.message());
  return s.code() == Status::Code::kDatabase ? kExitDatabase : kExitInputFailed;
}

Result<std::string> Deflate(const std::string& in) {
  uLongf n = compressBound(in.size());
  std::string out(n, '\0');
  int rc = compress2(reinterpret_cast<Bytef*>(out.data()), &n, reinterpret_cast<const Bytef*>(in.data()),
                     in.size(), Z_BEST_COMPRESSION);
  if (rc != Z_OK) return Status::Internal(fmt::format("zlib compress failed ({})", rc));
  out.resize(n);
  return out;
}

Result<std::string> Inflate(const void* data, size_t size, size_t original_size) {
  std::string out(original_size, '\0');
  uLongf n = original_size;
  int rc = uncompress(reinterpret_cast<Bytef*>(out.data()), &n, static_cast<const Bytef*>(data), size);
  if (rc != Z_OK || n != original_size)
    return Status::Database(fmt::format("stored original is damaged (zlib {}, {} of {} bytes)", rc, n, original_size));
  return out;
}

std::string ReadAll(const std::filesystem::path& p, bool* ok) {
  std::ifstream f(p, std::ios::binary);
  std::string s((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  *ok = static_cast<bool>(f) || f.eof();
  return s;
}

// --- get -------------------------------------------------------------------------

int RunGet(const Globals& g, const std::string& doc, const std::string& out_path) {
  auto store = OpenStore(g, true);
  if (!store.ok()) {
    Error(store.status().message());
    return kExitDatabase;
  }
  Db& db = store.value()->db();
  auto id = ResolveDoc(db, doc);
  if (!id.ok()) return Fail(id.status());
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db.handle(), "SELECT o.compression, o.size_bytes, o.data, d.sha256 FROM originals o "
                                      "JOIN documents d ON d.id = o.doc_id WHERE o.doc_id = ?",
                         -1, &st, nullptr) != SQLITE_OK)
    return Fail(Status::Database(db.ErrorMessage()));
  sqlite3_bind_int64(st, 1, id.value());
  int rc = sqlite3_step(st);
  if (rc != SQLITE_ROW) {
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return Fail(Status::Database(db.ErrorMessage()));
    Error(fmt::format("{}: the original file was not kept (ingest it with --keep-originals)", doc));
    return kExitInputFailed;
  }
  std::string compression = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  size_t size = static_cast<size_t>(sqlite3_column_int64(st, 1));
  const void* blob = sqlite3_column_blob(st, 2);
  size_t blob_size = static_cast<size_t>(sqlite3_column_bytes(st, 2));
  std::string sha = reinterpret_cast<const char*>(sqlite3_column_text(st, 3));
  Result<std::string> bytes = Status::Internal("unknown compression " + compression);
  if (compression == "zlib") bytes = Inflate(blob, blob_size, size);
  sqlite3_finalize(st);
  if (!bytes.ok()) return Fail(bytes.status());
  if (Sha256Hex(bytes.value()) != sha) return Fail(Status::Database("stored original does not match its sha256"));
  if (out_path.empty() || out_path == "-") {
    if (isatty(STDOUT_FILENO)) {
      Error("the original is binary data: redirect it (gongwen get DOC > file) or give -o FILE");
      return kExitUsage;
    }
    std::fwrite(bytes.value().data(), 1, bytes.value().size(), stdout);
    std::fflush(stdout);
  } else {
    std::ofstream f(out_path, std::ios::binary);
    f.write(bytes.value().data(), static_cast<std::streamsize>(bytes.value().size()));
    if (!f) {
      Error(out_path + ": cannot write");
      return kExitInputFailed;
    }
  }
  return kExitOk;
}

// --- export ------------------------------------------------------------------------

std::string CsvCell(sqlite3_stmt* st, int col) {
  switch (sqlite3_column_type(st, col)) {
    case SQLITE_NULL: return "";
    case SQLITE_INTEGER: return std::to_string(sqlite3_column_int64(st, col));
    case SQLITE_FLOAT: return fmt::format("{}", sqlite3_column_double(st, col));
    case SQLITE_BLOB: return fmt::format("<{} bytes>", sqlite3_column_bytes(st, col));
    default: break;
  }
  std::string s(reinterpret_cast<const char*>(sqlite3_column_text(st, col)),
                static_cast<size_t>(sqlite3_column_bytes(st, col)));
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

nlohmann::ordered_json JsonCell(sqlite3_stmt* st, int col) {
  switch (sqlite3_column_type(st, col)) {
    case SQLITE_NULL: return nullptr;
    case SQLITE_INTEGER: return sqlite3_column_int64(st, col);
    case SQLITE_FLOAT: return sqlite3_column_double(st, col);
    case SQLITE_BLOB: return nlohmann::ordered_json{{"bytes", sqlite3_column_bytes(st, col)}};
    default: break;
  }
  return std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, col)),
                     static_cast<size_t>(sqlite3_column_bytes(st, col)));
}

int RunExport(const Globals& g, const std::string& format, const std::string& dir) {
  auto store = OpenStore(g, true);
  if (!store.ok()) {
    Error(store.status().message());
    return kExitDatabase;
  }
  Db& db = store.value()->db();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    Error(dir + ": " + ec.message());
    return kExitInputFailed;
  }
  // Every ordinary table: not SQLite's own, not FTS shadow tables or virtual tables,
  // not the compressed originals (`gongwen get` gives those back).
  std::vector<std::string> tables;
  {
    Stmt q(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
               "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' AND name != 'originals' ORDER BY name");
    while (q.Step()) tables.push_back(q.Text(0));
    if (!q.status().ok()) return Fail(q.status());
    // Shadow tables of virtual tables (x_data, x_idx …) belong to their index.
    Stmt v(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'");
    std::vector<std::string> virt;
    while (v.Step()) virt.push_back(v.Text(0));
    std::erase_if(tables, [&](const std::string& t) {
      for (const auto& x : virt)
        if (t.starts_with(x + "_")) return true;
      return false;
    });
  }
  for (const std::string& table : tables) {
    const auto path = std::filesystem::path(dir) / (table + (format == "csv" ? ".csv" : ".jsonl"));
    std::ofstream f(path, std::ios::binary);
    sqlite3_stmt* st = nullptr;
    std::string sql = "SELECT * FROM \"" + table + "\"";
    if (sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
      return Fail(Status::Database(db.ErrorMessage()));
    const int cols = sqlite3_column_count(st);
    if (format == "csv") {
      for (int c = 0; c < cols; ++c) f << (c ? "," : "") << sqlite3_column_name(st, c);
      f << "\r\n";
    }
    int rc;
    size_t rows = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      ++rows;
      if (format == "csv") {
        for (int c = 0; c < cols; ++c) f << (c ? "," : "") << CsvCell(st, c);
        f << "\r\n";
      } else {
        nlohmann::ordered_json j;
        for (int c = 0; c < cols; ++c) j[sqlite3_column_name(st, c)] = JsonCell(st, c);
        f << j.dump() << "\n";
      }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return Fail(Status::Database(db.ErrorMessage()));
    if (!f) {
      Error(path.string() + ": cannot write");
      return kExitInputFailed;
    }
    std::cerr << fmt::format("{}: {} rows\n", path.string(), rows);
  }
  return kExitOk;
}

}  // namespace

int StoreOriginals(const Globals& g, const std::vector<std::string>& paths, bool quiet) {
  auto store = OpenStore(g, true);
  if (!store.ok()) {
    Error(store.status().message());
    return kExitDatabase;
  }
  Db& db = store.value()->db();
  std::vector<PathError> errors;  // RunIngest has reported these
  std::vector<std::string> files = ExpandPaths(paths, &errors);
  int failed = 0, kept = 0;
  Status s = db.Exec("BEGIN IMMEDIATE");
  if (!s.ok()) return Fail(s);
  sqlite3_stmt* ins = nullptr;
  sqlite3_prepare_v2(db.handle(),
                     "INSERT OR IGNORE INTO originals (doc_id, size_bytes, compression, data) "
                     "SELECT id, ?2, 'zlib', ?3 FROM documents WHERE sha256 = ?1",
                     -1, &ins, nullptr);
  for (const std::string& file : files) {
    bool ok = false;
    std::string bytes = ReadAll(file, &ok);
    if (!ok) {
      ++failed;
      continue;
    }
    const std::string sha = Sha256Hex(bytes);
    {
      Stmt have(db, "SELECT 1 FROM originals o JOIN documents d ON d.id = o.doc_id WHERE d.sha256 = ?");
      have.Bind(1, sha);
      if (have.Step()) continue;
    }
    auto packed = Deflate(bytes);
    if (!packed.ok()) {
      Error(file + ": " + packed.status().message());
      ++failed;
      continue;
    }
    sqlite3_reset(ins);
    sqlite3_bind_text(ins, 1, sha.data(), static_cast<int>(sha.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int64(ins, 2, static_cast<sqlite3_int64>(bytes.size()));
    sqlite3_bind_blob64(ins, 3, packed.value().data(), packed.value().size(), SQLITE_TRANSIENT);
    if (sqlite3_step(ins) != SQLITE_DONE) {
      Error(file + ": original not kept: " + db.ErrorMessage());
      ++failed;
      continue;
    }
    kept += sqlite3_changes(db.handle()) > 0;
  }
  sqlite3_finalize(ins);
  s = db.Exec("COMMIT");
  if (!s.ok()) {
    db.Exec("ROLLBACK");
    return Fail(s);
  }
  if (!quiet) std::cerr << fmt::format("kept {} original file(s) in {}\n", kept, g.db_path);
  return failed ? kExitInputFailed : kExitOk;
}

Command AddGetCommand(CLI::App& app, Globals& g) {
  struct Args {
    std::string doc, out;
  };
  auto args = std::make_shared<Args>();
  auto* sub = app.add_subcommand("get", "the original file of a document, byte for byte (ingest --keep-originals)");
  sub->add_option("DOC", args->doc, "id, unique sha256 prefix, or file name")->required();
  sub->add_option("-o,--output", args->out, "write to FILE instead of standard output");
  sub->add_option("--db", g.db_path, "archive file");
  return {sub, [&g, args] { return RunGet(g, args->doc, args->out); }};
}

Command AddExportCommand(CLI::App& app, Globals& g) {
  struct Args {
    std::string format = "jsonl", dir;
  };
  auto args = std::make_shared<Args>();
  auto* sub = app.add_subcommand("export", "every table of the archive as JSON Lines or CSV files in DIR");
  sub->add_option("--format", args->format, "jsonl (default) or csv")->check(CLI::IsMember({"jsonl", "csv"}));
  sub->add_option("DIR", args->dir, "directory to write TABLE.jsonl / TABLE.csv into")->required();
  sub->add_option("--db", g.db_path, "archive file");
  return {sub, [&g, args] { return RunExport(g, args->format, args->dir); }};
}

}  // namespace gongwen::cli
