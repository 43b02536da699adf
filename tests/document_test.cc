#include "pipeline/document.h"

#include <gtest/gtest.h>

namespace gongwen {
namespace {

TEST(DateTimeTest, IsoForms) {
  EXPECT_EQ((DateTime{2022, 12, 28, 17, 30}).Iso(), "2022-12-28T17:30");
  EXPECT_EQ((DateTime{2022, 11, 8}).Iso(), "2022-11-08");
  EXPECT_EQ((DateTime{2023, 1}).Iso(), "2023-01");
  EXPECT_EQ((DateTime{2023}).Iso(), "2023");
}

TEST(OffsetMapTest, VerbatimAndRewrittenPieces) {
  OffsetMap m;
  m.Add(0, 5, 0, 5);     // copied
  m.Add(5, 1, 5, 3);     // "９" (3 bytes) folded to "9"
  m.Add(6, 4, 8, 4);     // copied
  EXPECT_EQ(m.ToOriginal(0), 0u);
  EXPECT_EQ(m.ToOriginal(4), 4u);
  EXPECT_EQ(m.ToOriginal(5), 5u);
  EXPECT_EQ(m.ToOriginal(6), 8u);
  EXPECT_EQ(m.ToOriginal(9), 11u);
  EXPECT_EQ(m.ToOriginal(10), 12u);
}

}  // namespace
}  // namespace gongwen
