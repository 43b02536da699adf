#include "extractors/urls.h"

#include <re2/re2.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace gongwen {
namespace {

// ---------------------------------------------------------------------------
// Patterns. The scheme or www. at an ASCII word boundary, then the characters
// RFC 3986 allows in a URI (unreserved, reserved, %).
constexpr const char kUrlPattern[] =
    R"((?i)\b(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+)";
// Stripped from the end of a match: sentence punctuation written in ASCII.
constexpr std::string_view kTrailingPunct = ".,;:!?'";
// What must follow the scheme or www. for a URL to have a host.
constexpr std::string_view kSchemeEnd = "://";
constexpr std::string_view kWww = "www.";

const RE2& UrlRe() {
  static const RE2* re = [] {
    auto* r = new RE2(kUrlPattern);
    if (!r->ok()) {
      std::fprintf(stderr, "gongwen: bad URL pattern %s: %s\n", kUrlPattern, r->error().c_str());
      std::abort();
    }
    return r;
  }();
  return *re;
}

bool IsAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Length of `url` once trailing punctuation and unbalanced closers are cut.
size_t TrimmedLength(std::string_view url) {
  long parens = 0, brackets = 0;  // closers minus openers
  for (char c : url) {
    parens += c == ')' ? 1 : c == '(' ? -1 : 0;
    brackets += c == ']' ? 1 : c == '[' ? -1 : 0;
  }
  size_t n = url.size();
  while (n > 0) {
    char c = url[n - 1];
    if (kTrailingPunct.find(c) != std::string_view::npos) {
      --n;
    } else if (c == ')' && parens > 0) {
      --parens;
      --n;
    } else if (c == ']' && brackets > 0) {
      --brackets;
      --n;
    } else {
      break;
    }
  }
  return n;
}

// Offset where the host starts (after :// or www.).
size_t HostStart(std::string_view url) {
  if (url[0] == 'w' || url[0] == 'W') return kWww.size();
  return url.find(kSchemeEnd) + kSchemeEnd.size();
}

}  // namespace

std::vector<Url> FindUrls(std::string_view text) {
  std::vector<Url> out;
  const RE2& re = UrlRe();
  re2::StringPiece input(text.data(), text.size());
  re2::StringPiece m;
  size_t pos = 0;
  while (pos < text.size() && re.Match(input, pos, text.size(), RE2::UNANCHORED, &m, 1)) {
    size_t begin = static_cast<size_t>(m.data() - text.data());
    std::string_view url(m.data(), m.size());
    pos = begin + m.size();
    url = url.substr(0, TrimmedLength(url));
    size_t host = HostStart(url);
    if (host >= url.size() || !IsAlnum(url[host])) continue;
    out.push_back(Url{std::string(url), Span{begin, begin + url.size()}});
  }
  return out;
}

}  // namespace gongwen
