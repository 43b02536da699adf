// Guide items found in small guides, written after the 2023 guide
// (corpus/notices/2022-11-08_jiangsu-kjt-czt_2023-chengguo-zhuanhua-guide-notice.txt)
// and after what OCR makes of its item lines in degraded scans.
#include "extractors/guide_items.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pipeline/ingest.h"

namespace gongwen {
namespace {

const char* kHead =
    "关于组织申报2023年度省科技成果转化专项资金项目的通知\n"
    "各设区市科技局：\n"
    "一、重大科技成果转化（A类）\n";

struct Case {
  const char* name;
  const char* body;
  std::vector<std::string> codes;
};

std::vector<std::string> Codes(const Document& d) {
  std::vector<std::string> out;
  for (const GuideItem& g : d.guide_items) out.push_back(g.code);
  return out;
}

TEST(GuideItemsTest, CodesAsTheGuideNumbersThem) {
  const Case cases[] = {
      {"spaced codes",
       "3101 基于芯粒的高性能计算芯片高密度封装技术研发及产业化\n主要研究内容：开展研究。\n"
       "3102 40nm嵌入式闪存（eFlash）工艺研发及产业化\n主要研究内容：开展研究。\n",
       {"3101", "3102"}},
      // OCR lost the space between a code and its title; the codes around it count up to it.
      {"glued code between its neighbours",
       "3102 40nm嵌入式闪存（eFlash）工艺研发及产业化\n主要研究内容：开展研究。\n"
       "3103大尺寸高质量第三代半导体碳化硅衬底研发及产业化\n主要研究内容：开展研究。\n"
       "3104 车规级功率器件研发及产业化\n主要研究内容：开展研究。\n",
       {"3102", "3103", "3104"}},
      {"glued code before the next one",
       "3201高端芯片与器件：车规级芯片。\n3202 新型显示：柔性显示。\n", {"3201", "3202"}},
      // Four digits and Han that no code counts to: an amount, a year.
      {"amount and year lines are no items",
       "3101 基于芯粒的高性能计算芯片高密度封装技术研发及产业化\n主要研究内容：开展研究。\n"
       "5000万元以下企业，比例不低于5%。\n2023年度项目实行限额申报。\n"
       "3102 40nm嵌入式闪存（eFlash）工艺研发及产业化\n主要研究内容：开展研究。\n",
       {"3101", "3102"}},
      // A speck before the code read as a mark: between its neighbours only.
      {"codes after a stray mark",
       "3102 40nm嵌入式闪存（eFlash）工艺研发及产业化\n主要研究内容：开展研究。\n"
       "-3103 大尺寸高质量第三代半导体碳化硅衬底研发及产业化\n主要研究内容：开展研究。\n"
       "3104 车规级功率器件研发及产业化\n主要研究内容：开展研究。\n"
       "2201 人工智能：新型轨道交通系统。\n:2202高端软件与系统：基础软件。\n",
       {"3102", "3103", "3104", "2201", "2202"}},
      {"a range cut at a line end is no item",
       "3101 基于芯粒的高性能计算芯片高密度封装技术研发及产业化\n项目实施期为2021\n—2023年，分年度考核。\n"
       "3102 40nm嵌入式闪存（eFlash）工艺研发及产业化\n主要研究内容：开展研究。\n",
       {"3101", "3102"}},
      {"a lone glued code", "3103大尺寸高质量第三代半导体碳化硅衬底研发及产业化\n主要研究内容：开展研究。\n", {}},
      // A speck read as a character far along a line gives two tabbed lines
      // that structure reads as a table, with the item line above as its caption.
      {"item line above stray tabbed lines",
       "1002 体外膜肺氧合（ECMO）系统研发及产业化\n主要研究内容：开展研究。\n"
       "1003 面向高端装备的数字化协同建模与仿真平台研发及产\n业化\t间\n"
       "主\t要研究内容：围绕重大战略装备设计、制造、装配及仿\n真、优化的全流程数字化需求。\n",
       {"1002", "1003"}},
  };
  for (const Case& c : cases) {
    Document d = ProcessText(std::string(kHead) + c.body, "guide.txt");
    EXPECT_EQ(Codes(d), c.codes) << c.name;
  }
}

}  // namespace
}  // namespace gongwen
