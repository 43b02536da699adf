// Files under schemas/ compiled into the binary (see tools/embed_schemas.cmake):
// SQL migrations, pattern tables, unit aliases. No data files at run time.
#pragma once

#include <span>
#include <string_view>
#include <vector>

namespace gongwen {

struct EmbeddedFile {
  std::string_view path;     // relative to schemas/, e.g. "migrations/0001_init.sql"
  std::string_view content;
};

// All embedded files, sorted by path.
std::span<const EmbeddedFile> EmbeddedSchemas();

// The content of one file; empty if there is none with that path.
std::string_view EmbeddedSchema(std::string_view path);

// The rows of an embedded tab-separated table: one vector of fields per line,
// skipping empty lines and lines starting with '#'. The views point into the
// embedded data, which lives as long as the program.
std::vector<std::vector<std::string_view>> EmbeddedTsv(std::string_view path);

}  // namespace gongwen
