// OCR fixups (schemas/ocr_fixups.tsv) for confusions found on fresh scans of
// the 2023 guide (seeds other than the corpus scan). Each case is a line as
// Tesseract read it and the line as the guide's text version writes it; the
// cases that must stay are ordinary text that looks alike.
#include <gtest/gtest.h>

#include "pipeline/ocr_fixups.h"

namespace gongwen {
namespace {

struct Case {
  const char* in;
  const char* out;
};

void CheckAll(const std::vector<Case>& cases) {
  for (const Case& c : cases) EXPECT_EQ(FixOcrText(c.in), c.out) << c.in;
}

TEST(OcrFixupsSeeds, UnitsWithALostOrMisreadExponent) {
  CheckAll({
      // m³ read as nm3: cubic nanometres are no unit of a notice.
      {"纸通过船级社认证；设计舱容 >170000nm3，服务航速达到 19.0", "纸通过船级社认证；设计舱容 >170000m³，服务航速达到 19.0"},
      {"设计舱容>170000nm³，", "设计舱容>170000m³，"},
      {"线宽5nm，", "线宽5nm，"},
      {"线宽5nm 3个", "线宽5nm 3个"},
      // …or as mas, nmm after a volume.
      {"纸通过船级社认证；设计舱容>170000mas，服务航速达到19.0", "纸通过船级社认证；设计舱容>170000m³，服务航速达到19.0"},
      {"设计舱容 >170000nmm，服务航速", "设计舱容 >170000m³，服务航速"},
      {"线宽170nmm，", "线宽170nmm，"},  // no volume: left alone
      // Logic density is per area: gate/mm with its ² lost or read as a mark.
      {"辑单元库集成度达1900K gate/mm以上；", "辑单元库集成度达1900K gate/mm²以上；"},
      {"集成度达1900K gate/mm'以上；", "集成度达1900K gate/mm²以上；"},
      {"集成度达1900K gate/mmz以上；", "集成度达1900K gate/mm²以上；"},
      {"集成度达1900K gate/mm² 以上；", "集成度达1900K gate/mm² 以上；"},
      // Specific on-resistance: mΩ·mm² with × read as x and ² lost.
      {"≤35.0mohmxmm 1200V 器件饱和导通压降", "≤35.0mohm*mm² 1200V 器件饱和导通压降"},
      {"≤35.0mohm*mm²; 1200V", "≤35.0mohm*mm²; 1200V"},
      {"电阻率为2ohm*cm，", "电阻率为2ohm*cm，"},
      // …and garbled further: × as xs, mm as mnm, ² as 2 with a speck.
      {"≤630mohmxmnm2z，100V器件特征导通电阻", "≤630mohm*mm²，100V器件特征导通电阻"},
      {"≤35.0mohmxsmm2?; 1200V 器件", "≤35.0mohm*mm²; 1200V 器件"},
      {"≤35.0mohmxsmm 1200V 器件", "≤35.0mohm*mm² 1200V 器件"},
      // × as x, mm as mam or mn, ² as 2 or >.
      {"≤630mohmxmam2， 100V 器件特征导通电阻", "≤630mohm*mm²， 100V 器件特征导通电阻"},
      {"≤35.0mohmxsmam2;1200V 器件", "≤35.0mohm*mm²;1200V 器件"},
      {"≤630mohmxmn > ， 100V器件", "≤630mohm*mm² ， 100V器件"},
      // ²， read as z, the comma then read after the next value.
      {"≤630mohmxmmz100V，  器件特征导通电阻", "≤630mohm*mm²，100V，  器件特征导通电阻"},
      // pA as PA (petaampere is no leakage current), ml as m1l.
      {"P型MOS 晶体管漏电≤820PA/", "P型MOS 晶体管漏电≤820pA/"},
      {"氧合器完成预充量 <300m1l、氧和效率", "氧合器完成预充量 <300ml、氧和效率"},
      {"集成度达1900K gate/mam以上具有", "集成度达1900K gate/mm²以上具有"},
      // cm⁻² with its 2 lost before punctuation; μm after a slash read as num.
      {"位错密度≤400cm⁻²，微管密度≤0.2cm-， TTV≤15μm", "位错密度≤400cm⁻²，微管密度≤0.2cm⁻²， TTV≤15μm"},
      {"尺寸为5cm-10cm，", "尺寸为5cm-10cm，"},
      {"≤0.2cm-…， TITV≤15μm、 WARP≤40num，表面", "≤0.2cm⁻²， TITV≤15μm、 WARP≤40μm，表面"},
      {"晶体管漏电≤390pA/num，P型MOS", "晶体管漏电≤390pA/μm，P型MOS"},
  });
}

// A percentage per unit of time (%/天) with a speck read as a digit or a
// letter glued to the %; a % followed by anything else stays.
TEST(OcrFixupsSeeds, PercentPerTimeWithAStrayMark) {
  CheckAll({
      {"液货舱LNG 蒸发率BOR≤0.085%0/天，双燃料主/ 辅机运行", "液货舱LNG 蒸发率BOR≤0.085%/天，双燃料主/ 辅机运行"},
      {"蒸发率BOR≤0.085%b/天，双燃料", "蒸发率BOR≤0.085%/天，双燃料"},
      {"蒸发率BOR≤0.085%/天，", "蒸发率BOR≤0.085%/天，"},
      {"比例不低于5%，6个月内", "比例不低于5%，6个月内"},
      {"占比5%0.5%", "占比5%0.5%"},
  });
}

TEST(OcrFixupsSeeds, PercentWithItsCirclesReadAsDigits) {
  // The two circles of % read as digits of their own: the lower one as 6
  // (国产化率≥20%6，), or both, the upper as 9 (比例不低于59%6；for 5%).
  CheckAll({
      {"比例不低于59%6；销售收入为5000万元—2亿元的企业，比例不", "比例不低于5%；销售收入为5000万元—2亿元的企业，比例不"},
      {"工艺设备国产化率≥20%6，形成36000片/", "工艺设备国产化率≥20%，形成36000片/"},
      {"比例不低于3%4。", "比例不低于3%。"},
      {"比例不低于59%；", "比例不低于59%；"},     // nothing says this 9 is not a digit
      {"占比5%0.5%", "占比5%0.5%"},              // two percentages
      {"增长5%6个月内", "增长5%6个月内"},          // a number after it, or a Han character
      {"比例59%6", "比例59%6"},                   // nothing after: the line may go on
  });
}

TEST(OcrFixupsSeeds, AStrayMarkBeforeAGuideItemCode) {
  // A speck at the top of a page read as a closing quote before the code
  // of a guide item: the item was lost.
  CheckAll({
      {"”3201 高端芯片与器件：高算力 AI芯片、桌面CPU 等高性能", "3201 高端芯片与器件：高算力 AI芯片、桌面CPU 等高性能"},
      {"\"1003 工业软件", "1003 工业软件"},
      {"”作为后缀，字数控制在20个字", "”作为后缀，字数控制在20个字"},  // a quotation closed on a new line
      {"”2023年度", "”2023年度"},                                      // a year, not a code
  });
}

TEST(OcrFixupsSeeds, AStrayBracketAfterANumber) {
  // The stem of 艘 read as a bracket of its own after the 1.
  CheckAll({
      {"目实施期内完成1]艘大型LNG 运输船的设计、建造和交付，形成", "目实施期内完成1艘大型LNG 运输船的设计、建造和交付，形成"},
      {"苏科技规〔2018]353号文", "苏科技规〔2018]353号文"},  // a bracket that closes one
      {"见[2]号文", "见[2]号文"},
  });
}

TEST(OcrFixupsSeeds, TheMeasureWordOfShipsMisread) {
  // 艘 read as 甬 or 租 after its number (4 of 13 fresh scans).
  CheckAll({
      {"目实施期内完成1甬大型LNG 运输船的设计、建造和交付，形成", "目实施期内完成1艘大型LNG 运输船的设计、建造和交付，形成"},
      {"目实施期内完成1租大型LNG运输船的设计", "目实施期内完成1艘大型LNG运输船的设计"},
      {"可提供3租赁服务", "可提供3租赁服务"},  // no ship
  });
}

TEST(OcrFixupsSeeds, SpecksReadAsCharacters) {
  CheckAll({
      // A full stop cannot begin a line (GB/T 15834 keeps it on the line
      // before): followed by a blank it is a speck.
      {"。  元，省市联动项目省资助经费原则上不超过2000万元。", "元，省市联动项目省资助经费原则上不超过2000万元。"},
      {"。”作为后缀", "。”作为后缀"},
      // 人个 is no word: 人 is a speck between a number and its measure word.
      {"行业的通用模型库，模型库数目≥20人个，覆盖机电热液控等领", "行业的通用模型库，模型库数目≥20个，覆盖机电热液控等领"},
      {"培养20人，个人", "培养20人，个人"},
  });
}

TEST(OcrFixupsSeeds, LessOrEqualReadAsHe) {
  CheckAll({
      {"晶体管漏电≤390pA/μm，P型MOS 晶体管漏电和820pA/", "晶体管漏电≤390pA/μm，P型MOS 晶体管漏电≤820pA/"},
      {"μm; 读取速度和30ns/次，写入速度", "μm; 读取速度≤30ns/次，写入速度"},
      {"距和20μm; 最小TSV孔径<4μm;", "距≤20μm; 最小TSV孔径<4μm;"},
      {"μm; 读取速度和≤30ns/次，", "μm; 读取速度≤30ns/次，"},
      // 和 between words, before a measure word, a name or a Latin word.
      {"，新药类和3 类医疗器械项目", "，新药类和3 类医疗器械项目"},
      {"发展人工智能和5G，推动", "发展人工智能和5G，推动"},
      {"人工智能和5G通信", "人工智能和5G通信"},
      {"在20V和30V之间", "在20V和30V之间"},
      // 科 for ≤ before a list of values (the unit is in the parameter).
      {"〈(S) （μm） 科 1.5/1.5;) RDL层", "〈(S) （μm） ≤1.5/1.5;) RDL层"},
      {"本科1年", "本科1年"},
      {"本科1/3的学生", "本科1/3的学生"},
      {"(S) （μm） 和 1.5/1.5; RDL层>3", "(S) （μm） ≤1.5/1.5; RDL层>3"},
      {"附件（一）和1/2", "附件（一）和1/2"},
      // ≥ read as 宇 before a number with a unit or measure word.
      {"的存储器访问带宽宇1TB; 再布线", "的存储器访问带宽≥1TB; 再布线"},
      {"模型库数目宇20 个，覆盖", "模型库数目≥20 个，覆盖"},
      {"产品良率宇95%；", "产品良率≥95%；"},
      {"宇宙探测，张宇2021年获奖", "宇宙探测，张宇2021年获奖"},
      // ≤ read as 入 before a value with a tolerance.
      {"写入速度入6.5±10%Hhs/byte; 逻", "写入速度≤6.5±10%μs/byte; 逻"},
  });
}

TEST(OcrFixupsSeeds, DigitsAndSignsReadAsOtherGlyphs) {
  CheckAll({
      // 1 read as ] before a measure word.
      {"目实施期内完成 ] 艘大型LNG 运输船的设计", "目实施期内完成1艘大型LNG 运输船的设计"},
      {"目实施期内完成 ]艘大型LNG", "目实施期内完成1艘大型LNG"},
      {"见[附件]个别说明", "见[附件]个别说明"},
      // 万 read as 广 between a number and 元.
      {"销售收入为5000广元以下企业，", "销售收入为5000万元以下企业，"},
      {"四川省广元市", "四川省广元市"},
      {"12 广元市 3项", "12 广元市 3项"},
      {"12广元市", "12广元市"},
      // 片 read as 卢 after a number (卢 is a surname, never a unit).
      {"形成100000卢/年的生产能力", "形成100000片/年的生产能力"},
      {"卢浮宫", "卢浮宫"},
      {"1 卢晓明 教授", "1 卢晓明 教授"},
      {"形成100000卢", "形成100000片"},
      // 1 read as ] in a ratio.
      {"地方财政须按 1:]的", "地方财政须按 1:1的"},
      {"见[1:2]的说明", "见[1:2]的说明"},
      // ± read as 填 (a character with 土 in it, as 土 and 士 are read).
      {"μm; 读取速度≤30ns/次，写入速度科6.5填 10%μs/byte; 逻", "μm; 读取速度≤30ns/次，写入速度≤6.5±10%μs/byte; 逻"},
      {"填表5份", "填表5份"},
      // A list marker's stop read as '.' before a year: no number is 2.2023 years.
      {"2.2023年度项目申报材料网上填报截止时间为2022年12", "2．2023年度项目申报材料网上填报截止时间为2022年12"},
      {"增长2.2023倍", "增长2.2023倍"},
      // @ read as Q@, O@, or Q at the end of a line.
      {"器件饱和导通压降Vcesat<1.6VQ@", "器件饱和导通压降Vcesat<1.6V@"},
      {"Vcesat<1.6VO@电流密度 =200A/cm", "Vcesat<1.6V@电流密度 =200A/cm"},
      {"器件饱和导通压降Vcesat<1.6VQ", "器件饱和导通压降Vcesat<1.6V@"},
      {"联系邮箱：kjtQ@js.gov.cn", "联系邮箱：kjtQ@js.gov.cn"},
      {"支持IPv6和HTTP/3 QoS", "支持IPv6和HTTP/3 QoS"},
  });
}

TEST(OcrFixupsSeeds, QuotaTableHeaderWithItsCellsGlued) {
  CheckAll({
      {"序号地区最多推荐数", "序号 地区 最多推荐数"},
      {"序号 地区最多推荐数", "序号 地区 最多推荐数"},
      {"序号 地区 最多推荐数", "序号 地区 最多推荐数"},
      {"序号地区名称", "序号地区名称"},
  });
}

}  // namespace
}  // namespace gongwen
