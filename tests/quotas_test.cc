// Quotas (地区 → 推荐数) from region tables, and region names misread by OCR
// snapped to schemas/regions.tsv. The rows are those of the 2023 guide's
// quota table (附件: 各设区市推荐限额) as fresh 200 dpi scans read them.
#include <gtest/gtest.h>

#include "extractors/rules.h"

namespace gongwen {
namespace {

// One page holding a table with a 设区市 column and a 推荐数 column.
Document TableDoc(const std::vector<std::string>& regions, TextSource source) {
  Document doc;
  Table t;
  t.rows.push_back({"序号", "设区市", "推荐数"});
  t.row_spans.push_back(Span{0, 10});
  size_t at = 10;
  for (size_t i = 0; i < regions.size(); ++i) {
    t.rows.push_back({std::to_string(i + 1), regions[i], "10项"});
    t.row_spans.push_back(Span{at, at + 10});
    at += 10;
  }
  doc.tables.push_back(t);
  Page p;
  p.number = 1;
  p.source = source;
  p.span = Span{0, at};
  doc.pages.push_back(p);
  return doc;
}

std::vector<std::string> Regions(const Document& d) {
  std::vector<std::string> out;
  for (const Quota& q : d.quotas) out.push_back(q.region);
  return out;
}

struct Case {
  const char* what;
  std::vector<std::string> read, want;
  TextSource source = TextSource::kOcr;
};

TEST(Quotas, RegionsMisreadByOcrAreSnappedToKnownNames) {
  const std::vector<std::string> prefectures = {"南京市", "无锡市", "徐州市", "苏州市", "南通市",
                                                "连云港市", "淮安市", "盐城市", "镇江市", "泰州市"};
  auto with = [&](std::vector<std::string> more) {
    std::vector<std::string> v = prefectures;
    v.insert(v.end(), more.begin(), more.end());
    return v;
  };
  const std::vector<Case> cases = {
      {"one name one character off", with({"常州市", "扬州市", "宿迁市", "稍熟市"}),
       with({"常州市", "扬州市", "宿迁市", "常熟市"})},
      {"two rows misread", with({"常州市", "扬州市", "往迁市", "第熟市"}),
       with({"常州市", "扬州市", "宿迁市", "常熟市"})},
      // 常州市 and 邳州市 are both one off 笛州市 and absent; the table's
      // known regions are prefecture-level cities: 常州市.
      {"of the table's level", with({"笛州市", "扬州市", "宿迁市"}), with({"常州市", "扬州市", "宿迁市"})},
      // 常州市 and 扬州市 are both absent and prefecture-level: left as read.
      {"ambiguous", with({"凶州市", "宿迁市"}), with({"凶州市", "宿迁市"})},
      {"a text layer is not snapped", with({"常州市", "稍熟市"}), with({"常州市", "稍熟市"}), TextSource::kPdfTextLayer},
      // A table of another province: 宣城市 is one off 盐城市 and stays.
      {"mostly unknown names", {"宣城市", "滁州市", "亳州市", "池州市"}, {"宣城市", "滁州市", "亳州市", "池州市"}},
  };
  for (const Case& c : cases) {
    Document d = TableDoc(c.read, c.source);
    ExtractQuotas(&d);
    EXPECT_EQ(Regions(d), c.want) << c.what;
  }
}

}  // namespace
}  // namespace gongwen
