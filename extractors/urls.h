// Web addresses in the text: http://, https:// and www. URLs.
//
//   （https://kjjh.kxjst.jiangsu.gov.cn/）提交  → https://kjjh.kxjst.jiangsu.gov.cn/
//   网址：www.most.gov.cn。                      → www.most.gov.cn
//
// A URL starts at http://, https:// (any case) or www. at an ASCII word
// boundary (so "awww.x" is not one) and runs over the ASCII characters RFC 3986
// allows; it stops at anything else: CJK characters and CJK punctuation
// （）。，：, spaces, quotes, < >. Trailing . , ; : ! ? ' are stripped, and a
// trailing ) or ] when the URL holds more closing than opening ones
// ("(see http://a.cn/x)" gives http://a.cn/x, "http://a.cn/f(1)" is kept).
// A scheme or www. with nothing after it is not a URL. Url::url is the text as
// written (no scheme is added to www.), Url::span its bytes.
//
// Not handled: addresses without scheme or www. (kjjh.jspc.org.cn), URLs with
// non-ASCII characters in them (they are cut at the first one), URLs broken
// across lines.
//
// Linear time in the input; never throws.
#pragma once

#include <string_view>
#include <vector>

#include "pipeline/document.h"

namespace gongwen {

// Every URL in `text`, in order. Spans are byte offsets into `text`.
std::vector<Url> FindUrls(std::string_view text);

}  // namespace gongwen
