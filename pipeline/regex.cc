#include "pipeline/regex.h"

#include <cstdio>
#include <cstdlib>

namespace gongwen {

const RE2& CompileOrDie(std::string_view name, std::string_view pattern) {
  RE2::Options opts;
  opts.set_log_errors(false);
  opts.set_max_mem(64 << 20);
  auto* re = new RE2(pattern, opts);  // lives for the program's lifetime
  if (!re->ok()) {
    std::fprintf(stderr, "gongwen: internal error: pattern '%.*s' does not compile: %s\n",
                 static_cast<int>(name.size()), name.data(), re->error().c_str());
    std::abort();
  }
  return *re;
}

}  // namespace gongwen
