#include "extractors/urls.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "tests/test_util.h"

namespace gongwen {
namespace {

using testing::ReadSeed;
using testing::TextCase;

// One-line dump: the URLs joined by " ; ".
std::string Dump(const std::vector<Url>& v) {
  std::string out;
  for (const Url& u : v) out += (out.empty() ? "" : " ; ") + u.url;
  return out;
}

// Expected values written from reading the text.
constexpr TextCase kCases[] = {
    // Seed sentences, verbatim.
    {"（https://kjjh.kxjst.jiangsu.gov.cn/）提交，纸质材料和网上提交的",
     "https://kjjh.kxjst.jiangsu.gov.cn/"},
    {"统进行网上报送（网址：http://kjjh.jspc.org.cn/），书面材料内容", "http://kjjh.jspc.org.cn/"},
    {"在省科技厅网站（http://kxjst.jiangsu.gov.cn/）进行公示，未立项",
     "http://kxjst.jiangsu.gov.cn/"},
    // www. without a scheme; sentence punctuation after it.
    {"详见www.most.gov.cn。", "www.most.gov.cn"},
    {"详见 www.most.gov.cn.", "www.most.gov.cn"},
    {"网址：http://a.cn/x，http://b.cn/y", "http://a.cn/x ; http://b.cn/y"},
    {"see http://a.cn/path, then", "http://a.cn/path"},
    {"(see http://a.cn/x).", "http://a.cn/x"},
    {"http://a.cn/f(1)", "http://a.cn/f(1)"},
    {"[http://a.cn]", "http://a.cn"},
    {"'http://a.cn'", "http://a.cn"},
    {"\"http://a.cn\"", "http://a.cn"},
    {"<http://a.cn/>", "http://a.cn/"},
    {"HTTPS://Example.COM/Path?q=1&r=2#frag", "HTTPS://Example.COM/Path?q=1&r=2#frag"},
    {"WWW.MOST.GOV.CN", "WWW.MOST.GOV.CN"},
    {"http://a.cn/%E4%B8%AD?x=[1]", "http://a.cn/%E4%B8%AD?x=[1]"},
    {"http://a.cn/中文路径", "http://a.cn/"},
    {"http://a.cn/x：说明", "http://a.cn/x"},
    {"http://a.cn/x http://b.cn", "http://a.cn/x ; http://b.cn"},
    {"平台http://a.cn", "http://a.cn"},
    // Not URLs.
    {"http://", ""},
    {"http://。", ""},
    {"www.", ""},
    {"awww.example.com", ""},
    {"xhttp://a.cn", ""},
    {"ftp://a.cn", ""},
    {"http：//a.cn", ""},
    {"kjjh.jspc.org.cn", ""},
    {"联系电话：025-57712912", ""},
};

TEST(UrlsTest, Table) {
  for (const TextCase& c : kCases) {
    EXPECT_EQ(Dump(FindUrls(c.input)), c.expected) << "input: " << c.input;
  }
}

// Every span slices back to exactly the URL.
TEST(UrlsTest, SpansSliceBackToTheMatch) {
  for (const TextCase& c : kCases) {
    for (const Url& u : FindUrls(c.input)) {
      ASSERT_LE(u.span.end, c.input.size());
      EXPECT_EQ(c.input.substr(u.span.begin, u.span.size()), u.url) << c.input;
    }
  }
}

TEST(UrlsTest, PathologicalInputs) {
  std::string long_url = "http://" + std::string(50u * 1000 * 1000, 'a');
  std::vector<Url> one = FindUrls(long_url);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].span.size(), long_url.size());

  std::string www;
  while (www.size() < 20u * 1000 * 1000) www += "awww.";
  EXPECT_TRUE(FindUrls(www).empty());

  std::string schemes;
  while (schemes.size() < 20u * 1000 * 1000) schemes += "http://。";
  EXPECT_TRUE(FindUrls(schemes).empty());

  std::string closers = "http://a.cn/" + std::string(10u * 1000 * 1000, ')');
  ASSERT_EQ(FindUrls(closers).size(), 1u);
  EXPECT_EQ(FindUrls(closers)[0].url, "http://a.cn/");

  std::string many;
  for (int i = 0; i < 300000; ++i) many += "网址http://a.cn/，";
  EXPECT_EQ(FindUrls(many).size(), 300000u);

}

// The seeds as they are on disk. Expected values from reading them.
TEST(UrlsTest, Seeds) {
  struct Seed {
    std::string_view file, expected;
  } seeds[] = {
      {"2021-03-17_jiangsu-kjt_2021-cluster-pilot-notice.txt", "http://kjjh.jspc.org.cn/"},
      {"2022-07-22_jiangsu-kjt_14th-five-year-hightech-plan.txt", ""},
      {"2022-11-08_jiangsu-kjt-czt_2023-chengguo-zhuanhua-guide-notice.txt",
       "https://kjjh.kxjst.jiangsu.gov.cn/ ; http://kxjst.jiangsu.gov.cn/"},
      {"2023-06-09_jiangsu-gxt_manufacturing-innovation-center-guide.txt", ""},
  };
  for (const Seed& seed : seeds) {
    std::string text = ReadSeed(seed.file);
    if (text.empty()) GTEST_SKIP() << "seeds not found";
    std::vector<Url> urls = FindUrls(text);
    EXPECT_EQ(Dump(urls), seed.expected) << seed.file;
    for (const Url& u : urls) EXPECT_EQ(text.substr(u.span.begin, u.span.size()), u.url);
  }
}

}  // namespace
}  // namespace gongwen
