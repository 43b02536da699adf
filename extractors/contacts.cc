#include "extractors/contacts.h"

#include <re2/re2.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

namespace gongwen {
namespace {

// ---------------------------------------------------------------------------
// Patterns and word lists.

// A label, longest alternatives first (RE2 takes the first alternative that
// matches at the leftmost position), with its optional colon.
constexpr const char kLabelPattern[] =
    R"((联系人及联系方式|联系人及联系电话|联系人及电话|联系人及手机|联系方式|联系人|联系电话|)"
    R"(咨询电话|咨询热线|服务热线|热线电话|办公电话|固定电话|电话号码|手机号码|联系手机|手机|电话|座机|)"
    R"(传真号码|传真|电子邮箱|电子邮件|邮箱|通讯地址|通信地址|地址|邮政编码|邮编|网址|微信|)"
    R"(\b(?i:tel|phone|mobile|fax|e-?mail|qq)\b)[ \t\x{3000}]*[：:]?)";

enum class Field {
  kPerson,       // names, maybe an org; a phone if one is written there
  kPersonPhone,  // names and phones
  kPhone,        // phones only
  kSkip,         // fax, email, address …: ignored
};

struct Label {
  std::string_view text;  // lower case for ASCII labels
  Field field;
};

constexpr Label kLabels[] = {
    {"联系人及联系方式", Field::kPersonPhone},
    {"联系人及联系电话", Field::kPersonPhone},
    {"联系人及电话", Field::kPersonPhone},
    {"联系人及手机", Field::kPersonPhone},
    {"联系方式", Field::kPersonPhone},
    {"联系人", Field::kPerson},
    {"联系电话", Field::kPhone},
    {"咨询电话", Field::kPhone},
    {"咨询热线", Field::kPhone},
    {"服务热线", Field::kPhone},
    {"热线电话", Field::kPhone},
    {"办公电话", Field::kPhone},
    {"固定电话", Field::kPhone},
    {"电话号码", Field::kPhone},
    {"手机号码", Field::kPhone},
    {"联系手机", Field::kPhone},
    {"手机", Field::kPhone},
    {"电话", Field::kPhone},
    {"座机", Field::kPhone},
    {"tel", Field::kPhone},
    {"phone", Field::kPhone},
    {"mobile", Field::kPhone},
    // Everything else the pattern matches is skipped: 传真, 邮箱, 地址, fax …
};

// Endings of an org name (省科技厅成果处, 省科技计划项目受理服务中心).
constexpr std::string_view kOrgSuffixes[] = {"中心", "办公室", "公司", "处", "厅", "局",
                                             "委",   "办",     "室",   "科", "部", "站"};

// Words that are never names: form headings and labels.
constexpr std::string_view kNotNames[] = {
    "姓名", "职务", "职称", "部门", "单位", "电话",   "手机", "传真", "邮箱",     "地址",  "邮编",
    "附件", "备注", "说明", "其他", "联系", "负责人", "处室", "名称", "单位名称", "联系人"};

// Words before an org or a name in a sentence: 请与省科技厅高新处联系.
constexpr std::string_view kLeadCues[] = {"请联系", "请咨询", "请致电", "请与", "联系",
                                          "咨询",   "致电",   "与",     "向",   "请"};
constexpr std::string_view kTrailCues[] = {"联系", "咨询"};

constexpr size_t kMaxOrgLineBytes = 240;
constexpr size_t kMaxOrgLineTokens = 8;
constexpr size_t kMaxClauseChars = 40;
constexpr int kMinName = 2, kMaxName = 4, kMinOrg = 5, kMaxClauseOrg = 20;
// More than this many names or phones in one contact are dropped (keeps
// pathological input linear: duplicates are checked by a scan).
constexpr size_t kMaxNames = 32, kMaxPhones = 32;

const RE2& LabelRe() {
  static const RE2* re = [] {
    auto* r = new RE2(kLabelPattern);
    if (!r->ok()) {
      std::fprintf(stderr, "gongwen: bad contact label pattern %s: %s\n", kLabelPattern,
                   r->error().c_str());
      std::abort();
    }
    return r;
  }();
  return *re;
}

Field FieldOf(std::string_view label) {
  std::string lower(label);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  for (const Label& l : kLabels) {
    if (lower == l.text) return l.field;
  }
  return Field::kSkip;
}

// ---------------------------------------------------------------------------
// UTF-8 and character classes.

// Decodes the code point at `pos`; returns its length (1 for invalid bytes).
size_t DecodeAt(std::string_view s, size_t pos, char32_t* cp) {
  auto b0 = static_cast<unsigned char>(s[pos]);
  size_t len = b0 < 0x80           ? 1
               : (b0 >> 5) == 0x6  ? 2
               : (b0 >> 4) == 0xE  ? 3
               : (b0 >> 3) == 0x1E ? 4
                                   : 0;
  if (len == 0 || pos + len > s.size()) {
    *cp = 0xFFFD;
    return 1;
  }
  char32_t c = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (size_t i = 1; i < len; ++i) {
    auto b = static_cast<unsigned char>(s[pos + i]);
    if ((b & 0xC0) != 0x80) {
      *cp = 0xFFFD;
      return 1;
    }
    c = (c << 6) | (b & 0x3F);
  }
  *cp = c;
  return len;
}

bool IsIdeograph(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FA1F);
}

bool IsBlank(char32_t c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == 0x3000 || c == 0xA0;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Number of code points in a valid UTF-8 string.
int CountChars(std::string_view s) {
  int n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool HasOrgSuffix(std::string_view s) {
  for (std::string_view suf : kOrgSuffixes) {
    if (EndsWith(s, suf)) return true;
  }
  return false;
}

bool IsNotName(std::string_view s) {
  for (std::string_view w : kNotNames) {
    if (s == w) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// A contact being assembled.

class Builder {
 public:
  Contact& contact() { return c_; }
  bool has_person() const { return !c_.org.empty() || !c_.names.empty(); }
  bool has_phone() const { return !c_.phones.empty(); }
  bool empty() const { return !has_person() && !has_phone(); }

  void Extend(size_t b, size_t e) {
    if (!spanned_) {
      c_.span = {b, e};
      spanned_ = true;
    } else {
      c_.span.begin = std::min(c_.span.begin, b);
      c_.span.end = std::max(c_.span.end, e);
    }
  }
  void SetOrg(std::string_view org, size_t b, size_t e) {
    if (!c_.org.empty()) return;
    c_.org = std::string(org);
    Extend(b, e);
  }
  void AddName(std::string_view name, size_t b, size_t e) {
    if (c_.names.size() >= kMaxNames) return;
    if (std::find(c_.names.begin(), c_.names.end(), name) == c_.names.end()) {
      c_.names.emplace_back(name);
    }
    Extend(b, e);
  }
  void AddPhone(std::string phone, size_t b, size_t e) {
    if (c_.phones.size() >= kMaxPhones) return;
    if (std::find(c_.phones.begin(), c_.phones.end(), phone) == c_.phones.end()) {
      c_.phones.push_back(std::move(phone));
    }
    Extend(b, e);
  }
  // Takes org and names (with their span) from an org line.
  void TakePerson(const Builder& from) {
    if (c_.org.empty()) c_.org = from.c_.org;
    for (const std::string& n : from.c_.names) {
      if (c_.names.size() < kMaxNames &&
          std::find(c_.names.begin(), c_.names.end(), n) == c_.names.end()) {
        c_.names.push_back(n);
      }
    }
    if (from.spanned_) Extend(from.c_.span.begin, from.c_.span.end);
  }
  // Adds the phones (and span) of a line that continues this contact.
  void Absorb(const Builder& from) {
    for (const std::string& p : from.c_.phones) {
      if (c_.phones.size() < kMaxPhones &&
          std::find(c_.phones.begin(), c_.phones.end(), p) == c_.phones.end()) {
        c_.phones.push_back(p);
      }
    }
    if (from.spanned_ && from.has_phone()) Extend(from.c_.span.begin, from.c_.span.end);
  }

  std::string area;  // the last area code written in this contact

 private:
  Contact c_;
  bool spanned_ = false;
};

// ---------------------------------------------------------------------------
// Phones.

size_t DigitsEnd(std::string_view t, size_t pos, size_t end) {
  while (pos < end && IsDigit(t[pos])) ++pos;
  return pos;
}

bool IsAreaCode(std::string_view d) {
  if (d.size() == 3) return d[0] == '0' && (d[1] == '1' || d[1] == '2');
  if (d.size() == 4) return d[0] == '0' && d[1] >= '3' && d[1] <= '9';
  return false;
}

bool IsLocal(std::string_view d) {
  return (d.size() == 7 || d.size() == 8) && d[0] != '0' && d[0] != '1';
}

bool IsMobile(std::string_view d) {
  return d.size() == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9';
}

bool IsServiceNumber(std::string_view d) {  // 400-123-4567 without dashes
  return d.size() == 10 && (d.substr(0, 3) == "400" || d.substr(0, 3) == "800");
}

size_t OpenParenAt(std::string_view t, size_t pos, size_t end) {
  size_t n = t.substr(pos, 1) == "(" ? 1 : t.substr(pos, 3) == "（" ? 3 : 0;
  return (n > 0 && pos + n < end && IsDigit(t[pos + n])) ? n : 0;
}

size_t CloseParenAt(std::string_view t, size_t pos, size_t end) {
  if (pos < end && t[pos] == ')') return 1;
  if (pos + 3 <= end && t.substr(pos, 3) == "）") return 3;
  return 0;
}

// A single '-' or ' ' at `pos` followed by a digit: the end of the digit
// group after it (and its start in *group_begin), else npos.
size_t NextGroup(std::string_view t, size_t pos, size_t end, size_t* group_begin) {
  if (pos + 1 < end && (t[pos] == '-' || t[pos] == ' ') && IsDigit(t[pos + 1])) {
    *group_begin = pos + 1;
    return DigitsEnd(t, pos + 1, end);
  }
  return std::string_view::npos;
}

// An extension after a number at `pos` (-801, 转801): appended to *phone.
size_t ReadExtension(std::string_view t, size_t pos, size_t end, std::string* phone) {
  size_t skip = pos < end && t[pos] == '-' ? 1 : t.substr(pos, 3) == "转" ? 3 : 0;
  if (skip == 0 || pos + skip >= end || !IsDigit(t[pos + skip])) return pos;
  size_t de = DigitsEnd(t, pos + skip, end);
  if (de - (pos + skip) > 5) return pos;
  *phone += "-";
  phone->append(t.substr(pos + skip, de - pos - skip));
  return de;
}

// Reads one phone number starting at `pos` (a digit or an opening bracket
// before one) into `b`. Returns the position after what was read (> pos).
size_t ReadPhone(std::string_view t, size_t pos, size_t end, Builder& b) {
  auto emit = [&](std::string phone, size_t e) {
    e = ReadExtension(t, e, end, &phone);
    b.AddPhone(std::move(phone), pos, e);
    return e;
  };
  auto with_area = [&](std::string_view area, std::string_view local, size_t e) {
    b.area = std::string(area);
    return emit(std::string(area) + "-" + std::string(local), e);
  };

  if (size_t open = OpenParenAt(t, pos, end); open > 0) {  // (025)57712912
    size_t d = pos + open;
    size_t de = DigitsEnd(t, d, end);
    size_t close = CloseParenAt(t, de, end);
    std::string_view area = t.substr(d, de - d);
    if (close == 0 || !IsAreaCode(area)) return de;
    size_t p = de + close;
    if (p < end && (t[p] == '-' || t[p] == ' ')) ++p;
    size_t le = DigitsEnd(t, p, end);
    std::string_view local = t.substr(p, le - p);
    if (!IsLocal(local)) return std::max(p, de);
    return with_area(area, local, le);
  }

  size_t de = DigitsEnd(t, pos, end);
  std::string_view d1 = t.substr(pos, de - pos);
  if (d1.size() > 12) return de;  // a long number, not a phone

  size_t g2b = 0, g3b = 0;
  if (size_t g2e = NextGroup(t, de, end, &g2b); g2e != std::string_view::npos) {
    std::string_view d2 = t.substr(g2b, g2e - g2b);
    if (IsAreaCode(d1) && IsLocal(d2)) return with_area(d1, d2, g2e);  // 025-57712912
    size_t g3e = NextGroup(t, g2e, end, &g3b);
    if (g3e != std::string_view::npos) {
      std::string_view d3 = t.substr(g3b, g3e - g3b);
      if ((d1 == "400" || d1 == "800") && d2.size() == 3 && d3.size() == 4) {
        return emit(std::string(d1) + "-" + std::string(d2) + "-" + std::string(d3), g3e);
      }
      std::string mobile = std::string(d1) + std::string(d2) + std::string(d3);
      if (d1.size() == 3 && d2.size() == 4 && d3.size() == 4 && IsMobile(mobile)) {
        return emit(mobile, g3e);  // 139-1234-5678
      }
    }
  }
  if (IsMobile(d1)) return emit(std::string(d1), de);
  if (IsServiceNumber(d1)) {
    return emit(std::string(d1.substr(0, 3)) + "-" + std::string(d1.substr(3, 3)) + "-" +
                    std::string(d1.substr(6)),
                de);
  }
  if (d1.size() >= 10 && d1[0] == '0') {  // 02557712912
    size_t area_len = (d1[1] == '1' || d1[1] == '2') ? 3 : 4;
    if (IsAreaCode(d1.substr(0, area_len)) && IsLocal(d1.substr(area_len))) {
      return with_area(d1.substr(0, area_len), d1.substr(area_len), de);
    }
    return de;
  }
  if (IsLocal(d1)) {
    if (b.area.empty()) return emit(std::string(d1), de);
    return emit(b.area + "-" + std::string(d1), de);
  }
  return de;
}

// Separators allowed between phones in a phone field.
size_t PhoneSeparatorAt(std::string_view t, size_t pos) {
  char c = t[pos];
  if (c == ' ' || c == '\t' || c == '\r' || c == ',' || c == '/' || c == ';' || c == '-') return 1;
  for (std::string_view s : {"、", "，", "；", "\u3000", "或", "及", "和", "／", "－"}) {
    if (t.substr(pos, s.size()) == s) return s.size();
  }
  return 0;
}

// Phones in [pos, end) up to the first thing that is neither a phone nor a
// separator.
void ParsePhoneField(std::string_view t, size_t pos, size_t end, Builder& b) {
  while (pos < end) {
    if (IsDigit(t[pos]) || OpenParenAt(t, pos, end) > 0) {
      pos = ReadPhone(t, pos, end, b);
    } else if (size_t n = PhoneSeparatorAt(t, pos); n > 0) {
      pos += n;
    } else {
      return;
    }
  }
}

// ---------------------------------------------------------------------------
// Names and orgs.

// A run of ideographs in a 联系人 field: an org (five or more characters,
// possibly with a name run into it: 省科技厅高新处张三), a name, or nothing.
void ClassifyChunk(std::string_view t, size_t b, size_t e, Builder& out) {
  std::string_view chunk = t.substr(b, e - b);
  if (IsNotName(chunk)) return;
  int n = CountChars(chunk);
  if (n >= kMinOrg) {
    if (!HasOrgSuffix(chunk)) {
      // Split after the last org suffix if 2–3 characters follow it.
      size_t best = std::string_view::npos;
      for (std::string_view suf : kOrgSuffixes) {
        size_t at = chunk.rfind(suf);
        if (at == std::string_view::npos) continue;
        size_t split = at + suf.size();
        int rest = CountChars(chunk.substr(split));
        if (rest >= kMinName && rest <= 3 && (best == std::string_view::npos || split > best)) {
          best = split;
        }
      }
      if (best != std::string_view::npos) {
        out.SetOrg(chunk.substr(0, best), b, b + best);
        out.AddName(chunk.substr(best), b + best, e);
        return;
      }
    }
    out.SetOrg(chunk, b, e);
  } else if (n >= kMinName) {
    out.AddName(chunk, b, e);
  }
}

// A 联系人 field: names, an org, phones. Stops at 。.
void ParsePersonField(std::string_view t, size_t pos, size_t end, Builder& b) {
  char32_t cp = 0;
  while (pos < end) {
    if (IsDigit(t[pos]) || OpenParenAt(t, pos, end) > 0) {
      pos = ReadPhone(t, pos, end, b);
      continue;
    }
    size_t len = DecodeAt(t, pos, &cp);
    if (cp == U'。') return;
    if (!IsIdeograph(cp)) {
      pos += len;
      continue;
    }
    size_t run_end = pos;
    while (run_end < end) {
      size_t l = DecodeAt(t, run_end, &cp);
      if (!IsIdeograph(cp)) break;
      run_end += l;
    }
    ClassifyChunk(t, pos, run_end, b);
    pos = run_end;
  }
}

// An org line: "省科技厅成果处  方素娟 宗卫正", "省科技厅高新处", "张三、李四".
// Leading org-like tokens (five or more characters, an org suffix, or
// brackets) form the org; every other token must be a 2–4-ideograph name.
std::optional<Builder> ParseOrgLine(std::string_view t, size_t b, size_t e) {
  char32_t cp = 0;
  // Trim.
  while (b < e) {
    size_t l = DecodeAt(t, b, &cp);
    if (!IsBlank(cp)) break;
    b += l;
  }
  while (e > b && (t[e - 1] == ' ' || t[e - 1] == '\t' || t[e - 1] == '\r')) --e;
  if (b >= e || e - b > kMaxOrgLineBytes) return std::nullopt;

  struct Token {
    size_t b, e;
    bool pure;  // ideographs only
  };
  std::vector<Token> tokens;
  size_t pos = b;
  while (pos < e) {
    size_t l = DecodeAt(t, pos, &cp);
    if (IsBlank(cp) || cp == U'、') {
      pos += l;
      continue;
    }
    Token tok{pos, pos, true};
    while (pos < e) {
      l = DecodeAt(t, pos, &cp);
      if (IsBlank(cp) || cp == U'、') break;
      bool bracket = cp == U'（' || cp == U'）' || cp == '(' || cp == ')';
      if (!IsIdeograph(cp) && !bracket) return std::nullopt;
      tok.pure = tok.pure && !bracket;
      pos += l;
    }
    tok.e = pos;
    tokens.push_back(tok);
    if (tokens.size() > kMaxOrgLineTokens) return std::nullopt;
  }

  Builder out;
  std::string org;
  size_t org_b = 0, org_e = 0, i = 0;
  for (; i < tokens.size(); ++i) {
    std::string_view s = t.substr(tokens[i].b, tokens[i].e - tokens[i].b);
    if (IsNotName(s)) return std::nullopt;
    if (!(CountChars(s) >= kMinOrg || HasOrgSuffix(s) || !tokens[i].pure)) break;
    if (org.empty()) org_b = tokens[i].b;
    org += s;
    org_e = tokens[i].e;
  }
  if (!org.empty()) out.SetOrg(org, org_b, org_e);
  for (; i < tokens.size(); ++i) {
    std::string_view s = t.substr(tokens[i].b, tokens[i].e - tokens[i].b);
    int n = CountChars(s);
    if (!tokens[i].pure || n < kMinName || n > kMaxName || IsNotName(s)) return std::nullopt;
    out.AddName(s, tokens[i].b, tokens[i].e);
  }
  if (!out.has_person()) return std::nullopt;
  return out;
}

// The text before the first label of a line: an org line, or a clause ending
// in an org or name: 请与省科技厅高新处联系，/ 如有疑问请联系张三，.
void ParsePrefix(std::string_view t, size_t b, size_t e, Builder& out) {
  if (std::optional<Builder> line = ParseOrgLine(t, b, e)) {
    out.TakePerson(*line);
    return;
  }
  // The last run of ideographs, skipping trailing blanks and punctuation.
  size_t pos = e;
  auto decode_before = [&](size_t p, char32_t* cp) -> size_t {
    size_t s = p;
    while (s > b && p - s < 4) {
      --s;
      if ((static_cast<unsigned char>(t[s]) & 0xC0) != 0x80) break;
    }
    size_t l = DecodeAt(t, s, cp);
    return s + l == p ? l : 0;
  };
  char32_t cp = 0;
  while (pos > b) {
    size_t l = decode_before(pos, &cp);
    if (l == 0 || IsIdeograph(cp)) break;
    if (!IsBlank(cp) && cp != U'，' && cp != ',' && cp != U'：' && cp != ':') return;
    pos -= l;
  }
  size_t run_end = pos;
  size_t chars = 0;
  while (pos > b && chars < kMaxClauseChars) {
    size_t l = decode_before(pos, &cp);
    if (l == 0 || !IsIdeograph(cp)) break;
    pos -= l;
    ++chars;
  }
  std::string_view run = t.substr(pos, run_end - pos);
  for (std::string_view cue : kTrailCues) {
    if (EndsWith(run, cue)) {
      run.remove_suffix(cue.size());
      break;
    }
  }
  size_t cut = 0;
  bool cued = false;
  for (std::string_view cue : kLeadCues) {
    size_t at = run.rfind(cue);
    if (at != std::string_view::npos && at + cue.size() > cut) {
      cut = at + cue.size();
      cued = true;
    }
  }
  std::string_view rest = run.substr(cut);
  size_t rb = pos + cut, re = rb + rest.size();
  int n = CountChars(rest);
  if (n >= 3 && n <= kMaxClauseOrg && HasOrgSuffix(rest)) {
    out.SetOrg(rest, rb, re);
  } else if (cued && n >= kMinName && n <= kMaxName && !IsNotName(rest)) {
    out.AddName(rest, rb, re);
  }
}

struct FieldSpan {
  Field field;
  size_t label_begin, begin, end;
};

std::vector<FieldSpan> FindFields(std::string_view t, size_t b, size_t e) {
  std::vector<FieldSpan> fields;
  const RE2& re = LabelRe();
  re2::StringPiece input(t.data(), e);
  re2::StringPiece m[2];
  size_t pos = b;
  while (pos < e && re.Match(input, pos, e, RE2::UNANCHORED, m, 2)) {
    size_t lb = static_cast<size_t>(m[0].data() - t.data());
    size_t le = lb + m[0].size();
    if (!fields.empty()) fields.back().end = lb;
    fields.push_back({FieldOf(std::string_view(m[1].data(), m[1].size())), lb, le, e});
    pos = le > lb ? le : lb + 1;
  }
  return fields;
}

bool IsBlankLine(std::string_view t, size_t b, size_t e) {
  char32_t cp = 0;
  while (b < e) {
    size_t l = DecodeAt(t, b, &cp);
    if (!IsBlank(cp)) return false;
    b += l;
  }
  return true;
}

}  // namespace

std::vector<Contact> FindContacts(std::string_view text) {
  std::vector<Contact> out;
  std::optional<Builder> current;   // contact of the previous non-blank line
  std::optional<Builder> org_line;  // the previous non-blank line, if an org line
  auto finish = [&] {
    if (current && current->has_phone()) out.push_back(std::move(current->contact()));
    current.reset();
  };

  size_t line_begin = 0;
  while (line_begin <= text.size()) {
    size_t line_end = text.find_first_of("\n\f", line_begin);
    if (line_end == std::string_view::npos) line_end = text.size();
    if (!IsBlankLine(text, line_begin, line_end)) {
      std::vector<FieldSpan> fields = FindFields(text, line_begin, line_end);
      if (fields.empty()) {
        finish();
        org_line = ParseOrgLine(text, line_begin, line_end);
      } else {
        std::vector<Builder> parts(1);
        ParsePrefix(text, line_begin, fields[0].label_begin, parts[0]);
        for (const FieldSpan& f : fields) {
          if (f.field == Field::kSkip) continue;
          if (f.field != Field::kPhone && parts.back().has_phone()) parts.emplace_back();
          Builder& b = parts.back();
          size_t before = b.contact().names.size() + b.contact().phones.size();
          bool had_org = !b.contact().org.empty();
          if (f.field == Field::kPhone) {
            ParsePhoneField(text, f.begin, f.end, b);
          } else {
            ParsePersonField(text, f.begin, f.end, b);
          }
          if (b.contact().names.size() + b.contact().phones.size() > before ||
              (!had_org && !b.contact().org.empty())) {
            b.Extend(f.label_begin, f.label_begin);
          }
        }
        Builder& first = parts[0];
        if (!first.has_person() && current) {
          current->Absorb(first);  // 手机：… under the line before
        } else {
          finish();
          // The org line above names this contact when the line itself does
          // not, or gives just the org to a 联系人 line without one.
          if (org_line && (!first.has_person() ||
                           (first.contact().org.empty() && org_line->contact().names.empty()))) {
            first.TakePerson(*org_line);
          }
          current = std::move(first);
        }
        for (size_t i = 1; i < parts.size(); ++i) {
          finish();
          current = std::move(parts[i]);
        }
        org_line.reset();
      }
    }
    if (line_end == text.size()) break;
    line_begin = line_end + 1;
  }
  finish();
  return out;
}

}  // namespace gongwen
