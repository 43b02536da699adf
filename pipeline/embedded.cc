#include "pipeline/embedded.h"

namespace gongwen {

std::string_view EmbeddedSchema(std::string_view path) {
  for (const auto& f : EmbeddedSchemas())
    if (f.path == path) return f.content;
  return {};
}

}  // namespace gongwen
