#include "extractors/references.h"

#include <algorithm>
#include <deque>
#include <string>
#include <unordered_map>

#include "extractors/doc_number.h"

namespace gongwen {
namespace {

// ---------------------------------------------------------------------------
// Markers. References need no regular expression: titles are bracket pairs
// matched with a bounded stack, and numbers come from FindDocNumbers.
constexpr std::string_view kOpenTitle = "《";
constexpr std::string_view kCloseTitle = "》";
constexpr std::string_view kFullStop = "。";
constexpr std::string_view kOpenParens[] = {"（", "("};
constexpr std::string_view kCloseParens[] = {"）", ")"};
// An alias is introduced by these, optionally followed by a quote mark.
constexpr std::string_view kAliasCues[] = {"简称", "下称"};
constexpr std::string_view kQuotes[] = {"“", "\"", "‘", "'"};
// The rest of a 版头 line after the document's own number.
constexpr std::string_view kSignerLabel = "签发人";

constexpr size_t kMaxGapBytes = 6;  // spaces allowed between 》 and （
// An alias must follow what it names closely: 《…》（苏科资发〔2021〕31号，以下简称《指南》）.
constexpr size_t kMaxAliasDistance = 64;

struct TitlePair {
  size_t open;   // offset of 《
  size_t close;  // offset just past 》
};

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f'; }

// Length of the whitespace character at `pos` (ASCII, U+3000, U+00A0), or 0.
size_t BlankAt(std::string_view s, size_t pos) {
  if (pos >= s.size()) return 0;
  if (IsBlank(s[pos])) return 1;
  if (s.substr(pos, 3) == "\u3000") return 3;
  if (s.substr(pos, 2) == "\u00a0") return 2;
  return 0;
}

size_t BlankBefore(std::string_view s, size_t pos) {
  if (pos == 0) return 0;
  if (IsBlank(s[pos - 1])) return 1;
  if (pos >= 3 && s.substr(pos - 3, 3) == "\u3000") return 3;
  if (pos >= 2 && s.substr(pos - 2, 2) == "\u00a0") return 2;
  return 0;
}

// Skips up to `limit` bytes of whitespace from `pos`.
size_t SkipBlanks(std::string_view s, size_t pos, size_t limit) {
  size_t end = pos;
  while (end - pos < limit) {
    size_t n = BlankAt(s, end);
    if (n == 0) break;
    end += n;
  }
  return end;
}

// If one of `tokens` starts at `pos`, its length; else 0.
template <size_t N>
size_t TokenAt(std::string_view s, size_t pos, const std::string_view (&tokens)[N]) {
  for (std::string_view t : tokens) {
    if (s.substr(pos, t.size()) == t) return t.size();
  }
  return 0;
}

// The outermost 《…》 pairs, in order. Each 》 closes the nearest open 《 (so
// an unmatched 《 never steals a later pair); a 。 or distance over
// kMaxTitleBytes breaks a pair. Linear: each byte is visited once and the
// stack only holds opens less than kMaxTitleBytes old.
std::vector<TitlePair> FindTitlePairs(std::string_view text) {
  std::vector<TitlePair> pairs;
  std::deque<size_t> opens;
  size_t pos = 0;
  while (pos < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[pos]);
    if (c != 0xE3) {  // 《 》 。 all start with 0xE3
      ++pos;
      continue;
    }
    std::string_view three = text.substr(pos, 3);
    if (three == kOpenTitle) {
      while (!opens.empty() && pos - opens.front() > kMaxTitleBytes) opens.pop_front();
      opens.push_back(pos);
    } else if (three == kCloseTitle && !opens.empty()) {
      size_t open = opens.back();
      opens.pop_back();
      size_t close = pos + 3;
      if (close - open <= kMaxTitleBytes) {
        while (!pairs.empty() && pairs.back().open > open) pairs.pop_back();  // nested
        pairs.push_back({open, close});
      }
    } else if (three == kFullStop) {
      opens.clear();
    }
    pos += 3;
  }
  return pairs;
}

bool IsAscii(unsigned char c) { return c < 0x80; }

// Title text without 《》: whitespace dropped next to non-ASCII characters,
// collapsed to one space between ASCII ones, trimmed.
std::string CleanTitle(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  size_t pos = 0;
  bool pending_space = false;
  while (pos < raw.size()) {
    size_t n = BlankAt(raw, pos);
    if (n > 0) {
      pending_space = true;
      pos += n;
      continue;
    }
    unsigned char c = static_cast<unsigned char>(raw[pos]);
    if (pending_space && !out.empty() && IsAscii(static_cast<unsigned char>(out.back())) &&
        IsAscii(c)) {
      out.push_back(' ');
    }
    pending_space = false;
    out.push_back(raw[pos]);
    ++pos;
  }
  return out;
}

// Whether the 《 at `open` introduces an alias (以下简称《指南》).
bool IsAliasDefinition(std::string_view text, size_t open) {
  size_t pos = open;
  for (int i = 0; i < 2; ++i) pos -= BlankBefore(text, pos);
  for (std::string_view q : kQuotes) {
    if (pos >= q.size() && text.substr(pos - q.size(), q.size()) == q) {
      pos -= q.size();
      break;
    }
  }
  for (std::string_view cue : kAliasCues) {
    if (pos >= cue.size() && text.substr(pos - cue.size(), cue.size()) == cue) return true;
  }
  return false;
}

// Whether the number occupies its line alone (or before 签发人): the 版头 of a
// document, not a citation.
bool StandsAlone(std::string_view text, const DocNumber& d) {
  size_t pos = d.span.begin;
  while (pos > 0 && text[pos - 1] != '\n' && text[pos - 1] != '\f') {
    size_t n = BlankBefore(text, pos);
    if (n == 0) return false;
    pos -= n;
  }
  pos = d.span.end;
  while (pos < text.size() && text[pos] != '\n' && text[pos] != '\f') {
    if (text.substr(pos, kSignerLabel.size()) == kSignerLabel) return true;
    size_t n = BlankAt(text, pos);
    if (n == 0) return false;
    pos += n;
  }
  return true;
}

}  // namespace

std::vector<Reference> FindReferences(std::string_view text) {
  std::vector<DocNumber> numbers = FindDocNumbers(text);
  std::vector<TitlePair> pairs = FindTitlePairs(text);
  std::vector<bool> attached(numbers.size(), false);
  std::vector<Reference> out;
  std::unordered_map<std::string, Reference> aliases;

  size_t next_number = 0;  // numbers before this index begin before the current title
  for (const TitlePair& p : pairs) {
    while (next_number < numbers.size() && numbers[next_number].span.begin < p.open) {
      ++next_number;
    }
    std::string title = CleanTitle(text.substr(
        p.open + kOpenTitle.size(), p.close - p.open - kOpenTitle.size() - kCloseTitle.size()));
    if (title.empty()) continue;

    if (IsAliasDefinition(text, p.open)) {
      // Name the reference just before; numbers are emitted later, so look at
      // both the last title reference and the last number before the alias.
      const Reference* target = out.empty() ? nullptr : &out.back();
      Reference bare;
      if (next_number > 0 && !attached[next_number - 1] &&
          (target == nullptr || numbers[next_number - 1].span.begin > target->span.begin)) {
        bare.doc_number = numbers[next_number - 1].text;
        bare.span = numbers[next_number - 1].span;
        target = &bare;
      }
      if (target != nullptr && target->span.end + kMaxAliasDistance >= p.open) {
        aliases[title] = *target;
      }
      continue;
    }
    if (auto it = aliases.find(title); it != aliases.end()) {
      Reference r = it->second;
      r.span = {p.open, p.close};
      out.push_back(std::move(r));
      continue;
    }

    Reference r;
    r.title = std::move(title);
    r.span = {p.open, p.close};
    size_t pos = SkipBlanks(text, p.close, kMaxGapBytes);
    if (size_t n = TokenAt(text, pos, kOpenParens); n > 0) {
      pos = SkipBlanks(text, pos + n, kMaxGapBytes);
      // The first number at or after the title's end.
      size_t i = next_number;
      while (i < numbers.size() && numbers[i].span.begin < p.close) ++i;
      if (i < numbers.size() && numbers[i].span.begin == pos) {
        r.doc_number = numbers[i].text;
        attached[i] = true;
        size_t end = numbers[i].span.end;
        size_t after = SkipBlanks(text, end, kMaxGapBytes);
        if (size_t m = TokenAt(text, after, kCloseParens); m > 0) end = after + m;
        r.span.end = end;
      }
    }
    out.push_back(std::move(r));
  }

  for (size_t i = 0; i < numbers.size(); ++i) {
    if (attached[i] || StandsAlone(text, numbers[i])) continue;
    Reference r;
    r.doc_number = numbers[i].text;
    r.span = numbers[i].span;
    out.push_back(std::move(r));
  }
  std::stable_sort(out.begin(), out.end(), [](const Reference& a, const Reference& b) {
    return a.span.begin < b.span.begin;
  });
  return out;
}

}  // namespace gongwen
