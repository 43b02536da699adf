// Compiling RE2 patterns once, loudly.
//
// Every pattern in gongwen is compiled once (a function-local static) through
// CompileOrDie: a bad pattern is a bug, so it stops the program at its first
// use with the pattern's name rather than silently matching nothing.
//
//   static const RE2& re = CompileOrDie("page number", R"(^\s*—\s*(\d+)\s*—\s*$)");
#pragma once

#include <string_view>

#include <re2/re2.h>

namespace gongwen {

// REQUIRES: called from a function-local static initializer (the RE2 lives forever).
const RE2& CompileOrDie(std::string_view name, std::string_view pattern);

}  // namespace gongwen
