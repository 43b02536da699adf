// A thin RAII layer over the SQLite C API: a connection and prepared
// statements, errors as Status. Nothing else in gongwen calls sqlite3_* for
// writing; readers use Stmt directly.
//
//   Db db; Status s = db.Open("gongwen.db");
//   Stmt q(db, "SELECT title FROM documents WHERE id = ?");
//   q.Bind(1, id);
//   while (q.Step()) Use(q.Text(0));
//   if (!q.status().ok()) …
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <sqlite3.h>

#include "pipeline/status.h"

namespace gongwen {

class Db {
 public:
  Db() = default;
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Opens (creating if asked) and sets the pragmas gongwen relies on
  // (foreign keys, WAL, busy timeout).
  Status Open(const std::string& path, bool create = true);
  Status Exec(std::string_view sql);
  sqlite3* handle() const { return db_; }
  std::string ErrorMessage() const;
  int64_t LastInsertId() const { return sqlite3_last_insert_rowid(db_); }

 private:
  sqlite3* db_ = nullptr;
};

class Stmt {
 public:
  Stmt(const Db& db, std::string_view sql);
  ~Stmt();
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  // Binding is 1-based as in SQLite. An empty optional binds NULL.
  Stmt& Bind(int i, int64_t v);
  Stmt& Bind(int i, int v) { return Bind(i, static_cast<int64_t>(v)); }
  Stmt& Bind(int i, double v);
  Stmt& Bind(int i, std::string_view v);
  Stmt& Bind(int i, const char* v) { return Bind(i, std::string_view(v)); }
  Stmt& Bind(int i, const std::string& v) { return Bind(i, std::string_view(v)); }
  Stmt& BindNull(int i);
  template <typename T>
  Stmt& Bind(int i, const std::optional<T>& v) {
    return v ? Bind(i, *v) : BindNull(i);
  }
  // Binds NULL for an empty string.
  Stmt& BindText(int i, std::string_view v) { return v.empty() ? BindNull(i) : Bind(i, v); }

  // Returns true while there is a row; false when done or on error (see status()).
  bool Step();
  // Runs to completion; for INSERT/UPDATE.
  Status Run();
  void Reset();

  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  double Real(int col) const { return sqlite3_column_double(stmt_, col); }
  std::string Text(int col) const;
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  const Status& status() const { return status_; }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  Status status_;
};

}  // namespace gongwen
