#include "pipeline/embedded.h"

namespace gongwen {

std::string_view EmbeddedSchema(std::string_view path) {
  for (const auto& f : EmbeddedSchemas())
    if (f.path == path) return f.content;
  return {};
}

std::vector<std::vector<std::string_view>> EmbeddedTsv(std::string_view path) {
  std::vector<std::vector<std::string_view>> rows;
  std::string_view data = EmbeddedSchema(path);
  for (size_t s = 0, e; s < data.size(); s = e + 1) {
    e = data.find('\n', s);
    if (e == std::string_view::npos) e = data.size();
    std::string_view line = data.substr(s, e - s);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string_view>& fields = rows.emplace_back();
    for (size_t a = 0, b; a <= line.size(); a = b + 1) {
      b = line.find('\t', a);
      if (b == std::string_view::npos) b = line.size();
      fields.push_back(line.substr(a, b - a));
    }
  }
  return rows;
}

}  // namespace gongwen
