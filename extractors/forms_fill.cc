#include "extractors/forms_fill.h"

#include <algorithm>

#include <fmt/format.h>

#include "extractors/forms_values.h"
#include "pipeline/normalize.h"

namespace gongwen {

namespace {

class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed * 0x9E3779B97F4A7C15ull + 0x1234567ull) {}
  uint64_t Next() {  // splitmix64
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int Int(int lo, int hi) { return lo + static_cast<int>(Next() % static_cast<uint64_t>(hi - lo + 1)); }
  bool Chance(int percent) { return Int(1, 100) <= percent; }
  template <typename T, size_t N>
  const T& Pick(const T (&a)[N]) { return a[Next() % N]; }

 private:
  uint64_t s_;
};

const char* const kCities[] = {"苏州", "无锡", "常州", "南京", "南通", "泰州", "镇江", "扬州", "徐州", "盐城"};
const char* const kCores[] = {"纳微", "华芯", "恒瑞", "博晶", "中科", "启元", "天合", "瑞泰", "信达", "凯博",
                              "云图", "海格", "新松", "卓远", "华灿", "领航", "精研", "康宁", "晶方", "宏微"};
const char* const kIndustries[] = {"生物医药", "纳米新材料", "集成电路", "高端装备", "新能源汽车", "智能传感",
                                   "第三代半导体", "工业软件", "医疗器械", "光伏储能"};
const char* const kSuffixes[] = {"科技有限公司", "股份有限公司", "半导体有限公司", "生物科技有限公司", "材料科技有限公司",
                                 "智能装备有限公司", "医药有限公司"};
const char* const kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "朱", "马", "胡", "郭", "欧阳"};
const char* const kGiven[] = {"伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "军", "杰", "涛", "明", "超", "霞", "平",
                              "建国", "志强", "晓东", "海燕", "文博", "思远", "子涵", "立新", "春雨", "国华"};
const char* const kTitles[] = {"主任", "副主任", "处长", "科长", "总经理", "副总经理", "教授", "研究员", "总工程师"};
const char* const kDepts[] = {"科技发展局", "经济发展局", "创新服务中心", "科技创新局", "产业促进处"};
const char* const kProducts[] = {"碳化硅功率模块", "高通量基因测序仪", "纳米银导电浆料", "车规级毫米波雷达", "ADC抗体偶联药物",
                                 "12英寸硅外延片", "工业机器人减速器", "固态锂电池电解质", "MEMS压力传感器", "高端CT探测器",
                                 "柔性OLED封装材料", "氢燃料电池电堆"};
const char* const kPhrases[] = {
    "突破关键核心技术，形成具有自主知识产权的产品体系",
    "建成年产能万片级的示范生产线，带动上下游企业协同发展",
    "培育两家以上年销售收入超十亿元的龙头企业",
    "主导或参与制定国家和行业标准，提升集群品牌影响力",
    "实现进口替代，关键材料国产化率显著提高",
    "建设公共技术服务平台，服务集群内中小企业三百家次以上",
    "引进高层次人才团队，组建产学研联合创新中心",
    "集群工业总产值年均增长百分之十五以上"};
const char* const kDistricts[] = {"工业园", "高新", "新北", "江宁", "相城", "滨湖", "崇川", "海陵"};
const char* const kRoads[] = {"星湖街", "金鸡湖大道", "长江路", "太湖大道", "科技大道", "创新路", "仁爱路"};
const char* const kMailDomains[] = {"163.com", "126.com", "sina.com", "qq.com", "hitech.gov.cn", "example.com.cn"};
const char* const kPinyin[] = {"wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "zhou", "wu", "xu", "sun"};

std::string Company(Rng& r) {
  return std::string(r.Pick(kCities)) + r.Pick(kCores) + r.Pick(kSuffixes);
}
std::string Person(Rng& r) { return std::string(r.Pick(kSurnames)) + r.Pick(kGiven); }

std::string LongText(Rng& r, int sentences) {
  std::string s;
  for (int i = 0; i < sentences; ++i) {
    s += r.Pick(kPhrases);
    s += i + 1 < sentences ? "；" : "。";
  }
  return s;
}

bool Has(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

// The unit printed in a label's parentheses: （家） → 家.
std::string CountUnit(const FormField& f) {
  for (const char* u : {"家", "个", "件", "项"})
    if (Has(f.label, (std::string("（") + u + "）").c_str())) return u;
  return "";
}

FilledValue TextValue(const FormField& f, const std::string& group, Rng& r) {
  const std::string& n = f.name;
  std::string v;
  if (n == "cluster_name") v = std::string(r.Pick(kCities)) + r.Pick(kIndustries) + "创新型产业集群";
  else if (n == "zone_name" || n == "zone") v = std::string(r.Pick(kCities)) + "高新技术产业开发区";
  else if (n == "zone_head" || n == "contact_name" || n == "leader" || (group == "talents" && n == "name")) v = Person(r);
  else if (Has(n, "title")) v = r.Pick(kTitles);
  else if (n == "zone_address") v = fmt::format("{}市{}区{}{}号", r.Pick(kCities), r.Pick(kDistricts), r.Pick(kRoads), r.Int(1, 399));
  else if (n == "contact_dept") v = r.Pick(kDepts);
  else if (n == "company" || n == "applicant") v = Company(r);
  else if (n == "partners") v = Company(r) + "、" + std::string(r.Pick(kCities)) + "大学";
  else if (Has(n, "product") || n == "benchmark") v = r.Pick(kProducts);
  else if (n == "patent") v = std::string("一种") + r.Pick(kProducts) + "的制备方法";
  else if (n == "goals" || n.starts_with("plan_") || n == "significance") v = LongText(r, r.Int(2, 4));
  else if (n == "zone_industry" || n == "cluster_domain" || n == "direction") v = r.Pick(kIndustries);
  else if (n == "segment" || n == "chain_segment") v = r.Pick(kIndustries);
  else if (n == "guide_code") v = r.Chance(50) ? fmt::format("{}{:02d}{:02d}", r.Int(21, 23), r.Int(1, 9), r.Int(1, 20))
                                               : fmt::format("{}{}0{}", r.Int(1, 3), r.Int(0, 3), r.Int(1, 9));
  else if (n == "authority" || n == "recommender") v = std::string(r.Pick(kCities)) + "市" + r.Pick(kDistricts) + "区科技局";
  else if (group == "platforms" && n == "name") v = std::string(r.Pick(kCities)) + r.Pick(kIndustries) + "技术创新中心";
  else if (group == "incubators" && n == "name") v = std::string(r.Pick(kCores)) + "创业园";
  else if (n == "platform") v = std::string(r.Pick(kCores)) + "实验室";
  else if (n == "name" && group == "project") v = std::string(r.Pick(kProducts)) + "关键技术研发及产业化";
  else if (n == "name") v = std::string(r.Pick(kProducts)) + "研发及产业化";
  else if (Has(n, "_name") || Has(n, "_doc")) v = std::string(r.Pick(kCities)) + "市" + r.Pick(kIndustries) + "产业发展规划";
  else if (n == "note") v = r.Chance(50) ? "省市联动" : "";
  else v = r.Pick(kIndustries);
  return {v, v};
}

FilledValue Value(const FormField& f, const std::string& group, Rng& r) {
  switch (f.type) {
    case FormValueType::kText:
      return TextValue(f, group, r);
    case FormValueType::kInteger: {
      int v = r.Int(0, Has(f.name, "firms") || Has(f.name, "count") ? 2000 : 60);
      std::string unit = CountUnit(f);
      std::string w = std::to_string(v) + (r.Chance(20) ? unit : "");
      if (f.name == "seq") w = std::to_string(v);
      return {w, std::to_string(v)};
    }
    case FormValueType::kNumber: {
      int v = r.Int(1, 999);
      return {std::to_string(v), std::to_string(v)};
    }
    case FormValueType::kMoneyWan: {
      // Halves of 万元: 5000 CNY steps.
      int64_t halves = r.Int(100, 60000);
      std::string num = halves % 2 ? fmt::format("{}.5", halves / 2) : fmt::format("{}", halves / 2);
      std::string w;
      int how = r.Int(1, 100);
      if (how <= 60) w = num;
      else if (how <= 75 && halves / 2 >= 1000 && halves % 2 == 0) w = fmt::format("{},{:03d}", halves / 2 / 1000, halves / 2 % 1000);
      else if (how <= 90) w = num + "万元";
      else w = num + "万";
      return {w, std::to_string(halves * 5000)};
    }
    case FormValueType::kMoneyYi: {
      int64_t tenths = r.Int(15, 20000);
      std::string num = tenths % 10 ? fmt::format("{}.{}", tenths / 10, tenths % 10) : std::to_string(tenths / 10);
      return {r.Chance(20) ? num + "亿元" : num, std::to_string(tenths * 10000000)};
    }
    case FormValueType::kMoneyUsdWan: {
      int v = r.Int(10, 5000);
      return {std::to_string(v), std::to_string(static_cast<int64_t>(v) * 10000)};
    }
    case FormValueType::kPercent: {
      int tenths = r.Int(1, 950);
      std::string num = tenths % 10 ? fmt::format("{}.{}", tenths / 10, tenths % 10) : std::to_string(tenths / 10);
      return {r.Chance(40) ? num + "%" : num, FormatFormNumber(tenths / 1000.0)};
    }
    case FormValueType::kDate: {
      int y = r.Int(2020, 2024), m = r.Int(1, 12), d = r.Int(1, 28);
      return {fmt::format("{}年{}月{}日", y, m, d), fmt::format("{:04d}-{:02d}-{:02d}", y, m, d)};
    }
    case FormValueType::kPhone: {
      if (f.name != "contact_fax" && r.Chance(60)) {
        std::string m = fmt::format("1{}{:09d}", r.Pick({"39", "38", "51", "58", "86", "77"}), r.Int(0, 999999999));
        m = m.substr(0, 11);
        return {m, m};
      }
      std::string area = r.Pick({"0512", "0510", "0519", "025", "0513"});
      std::string number = fmt::format("{}{:07d}", r.Int(5, 8), r.Int(0, 9999999));
      return {area + "-" + number, area + "-" + number};
    }
    case FormValueType::kEmail: {
      std::string e = fmt::format("{}{}@{}", r.Pick(kPinyin), r.Int(1, 999), r.Pick(kMailDomains));
      return {e, e};
    }
    case FormValueType::kPostcode: {
      std::string p = fmt::format("2{}{:04d}", r.Int(1, 2), r.Int(0, 9999));
      return {p, p};
    }
    case FormValueType::kChoiceOne:
    case FormValueType::kChoiceMany: {
      std::vector<std::string> chosen;
      size_t first = r.Next() % f.options.size();
      chosen.push_back(f.options[first]);
      if (f.type == FormValueType::kChoiceMany && r.Chance(40)) {
        size_t second = r.Next() % f.options.size();
        if (second != first) chosen.push_back(f.options[second]);
      }
      std::string joined;
      for (const auto& o : f.options)
        if (std::find(chosen.begin(), chosen.end(), o) != chosen.end()) joined += (joined.empty() ? "" : "、") + o;
      return {joined, joined};
    }
  }
  return {};
}

std::map<std::string, FilledValue> FillFields(const std::vector<FormField>& fields, const std::string& group, Rng& r) {
  std::map<std::string, FilledValue> out;
  for (const FormField& f : fields) {
    if (!f.required && r.Chance(15)) {
      out[f.name] = {};
      continue;
    }
    out[f.name] = Value(f, group, r);
  }
  return out;
}

}  // namespace

FilledForm FillForm(const FormTemplate& t, uint64_t seed, int rows_scale) {
  Rng r(seed);
  FilledForm f;
  f.tmpl = &t;
  f.seed = seed;
  f.fields = FillFields(t.fields, "", r);
  // A choice group's follow-up (规划名称 after 是否列入…规划) is empty when 否 is ticked.
  for (auto& [name, v] : f.fields) {
    if (!name.starts_with("policy_") || name.find('_', 7) == std::string::npos) continue;
    std::string base = name.substr(0, name.find('_', 7));
    auto it = f.fields.find(base);
    if (it != f.fields.end() && it->second.written == "否") v = {};
  }
  for (const FormGroup& g : t.groups) {
    auto& rows = f.groups[g.name];
    int n = g.block ? r.Int(2, 3) : g.name == "chain" ? 0 : r.Int(1, 4) * rows_scale;
    if (g.name == "chain") {
      for (const char* seg : {"上游", "中游", "下游"}) {
        int k = r.Int(1, 3) * rows_scale;
        for (int i = 0; i < k; ++i) {
          auto row = FillFields(g.fields, g.name, r);
          row["segment"] = {seg, seg};
          rows.push_back(std::move(row));
        }
      }
      continue;
    }
    for (int i = 0; i < n; ++i) {
      auto row = FillFields(g.fields, g.name, r);
      if (row.count("seq")) row["seq"] = {std::to_string(i + 1), std::to_string(i + 1)};
      if (g.block) {
        // A request within the notice's caps: at most 600 万元 and a third of the investment.
        int64_t invest_wan = r.Int(1800, 30000);
        int64_t request = std::min<int64_t>(600, invest_wan / 3) - r.Int(0, 100);
        row["total_investment"] = {std::to_string(invest_wan), std::to_string(invest_wan * 10000)};
        row["funding_request"] = {std::to_string(request), std::to_string(request * 10000)};
      }
      rows.push_back(std::move(row));
    }
  }
  return f;
}

nlohmann::json GroundTruth(const FilledForm& f) {
  nlohmann::json j;
  j["template"] = f.tmpl->id;
  j["seed"] = f.seed;
  j["fields"] = nlohmann::json::object();
  for (const auto& [k, v] : f.fields) j["fields"][k] = v.expected;
  j["groups"] = nlohmann::json::object();
  for (const auto& [g, rows] : f.groups) {
    auto& arr = j["groups"][g] = nlohmann::json::array();
    for (const auto& row : rows) {
      nlohmann::json o = nlohmann::json::object();
      for (const auto& [k, v] : row) o[k] = v.expected;
      arr.push_back(o);
    }
  }
  return j;
}

std::string RenderChoice(const FormField& f, const std::string& written, TickStyle style, uint64_t salt) {
  static const char* const kOn[] = {"☑", "■", "√", "✓", "☒"};
  const char* on = kOn[salt % 5];
  std::string out;
  for (const auto& o : f.options) {
    bool ticked = false;
    for (size_t p = written.find(o); p != std::string::npos; p = written.find(o, p + 1)) {
      bool starts = p == 0 || written.compare(p - 3, 3, "、") == 0;
      bool ends = p + o.size() == written.size() || written.compare(p + o.size(), 3, "、") == 0;
      if (starts && ends) ticked = true;
    }
    if (!out.empty()) out += "  ";
    switch (style) {
      case TickStyle::kMixedGlyphs: out += ticked ? on : "□"; break;
      case TickStyle::kWingdings: out += ticked ? "{sym:F052}" : "{sym:F0A3}"; break;
      case TickStyle::kContentControl: out += ticked ? "{cb:1}" : "{cb:0}"; break;
    }
    out += o;
  }
  return out;
}

namespace {

// The section printed in the merged first column beside a field.
std::string SectionOf(const std::string& name) {
  static const std::pair<const char*, const char*> kSections[] = {
      {"zone_", "所在国家高新区基本情况"}, {"contact_", "所在国家高新区基本情况"}, {"cluster_", "集群基本情况"},
      {"tic_", "集群基本情况"}, {"std_", "集群基本情况"}, {"policy_", "集群发展政策环境"}, {"fin_", "科技金融服务体系"},
      {"goals", "培育目标"}, {"plan_", "集群年度工作计划"}, {"product_group", "集群试点项目"}};
  if (name == "cluster_name") return "";
  for (const auto& [prefix, section] : kSections)
    if (name.starts_with(prefix)) return section;
  return "";
}

constexpr int kCols = 10;  // grid: a section column and nine for labels and values

struct TableBuilder {
  DocxBlock table;
  std::string section;  // of the rows being added
  size_t section_start = 0;

  TableBuilder() {
    table.grid.assign(kCols, 960);
    table.half_points = 18;
  }
  // Adds a row under `sec`: the section cell merges with the one above when it is the same.
  void Row(const std::string& sec, std::vector<DocxCellSpec> cells) {
    DocxCellSpec first;
    first.text = sec;
    if (sec.empty()) {
      // No section: the first cell spans into the row.
      if (!cells.empty()) cells.front().grid_span += 1;
    } else {
      first.vmerge = (!table.rows.empty() && sec == section) ? DocxCellSpec::VMerge::kContinue : DocxCellSpec::VMerge::kRestart;
      cells.insert(cells.begin(), first);
    }
    section = sec;
    table.rows.push_back(std::move(cells));
  }
};

DocxCellSpec C(std::string text, int span) { return DocxCellSpec{std::move(text), span}; }

std::string Shown(const FormField& f, const FilledValue& v, TickStyle style, uint64_t salt) {
  return IsChoice(f.type) ? RenderChoice(f, v.written, style, salt) : v.written;
}

// Label/value pairs of the fields, packed into rows.
void Pairs(TableBuilder* tb, const std::string& sec, const std::vector<const FormField*>& fields,
           const std::map<std::string, FilledValue>& values, TickStyle style, uint64_t salt,
           const std::map<std::string, std::string>& inline_after = {}) {
  size_t i = 0;
  while (i < fields.size()) {
    const FormField& f = *fields[i];
    const FilledValue& v = values.at(f.name);
    auto short_field = [&](const FormField& x) {
      return !IsChoice(x.type) && x.type != FormValueType::kText ? true
             : x.type == FormValueType::kText && ToU32(x.label).size() <= 6 && !x.name.starts_with("plan_") &&
                   x.name != "goals" && x.name != "significance" && x.name != "cluster_name" && x.name != "zone_address";
    };
    // "是否…  ☑是 □否 规划名称：…" in one value cell.
    auto follow = inline_after.find(f.name);
    if (follow != inline_after.end()) {
      const FormField* g = nullptr;
      for (const FormField* x : fields)
        if (x->name == follow->second) g = x;
      std::string text = Shown(f, v, style, salt + i);
      if (g) text += "  " + g->label + "：" + values.at(g->name).written;
      tb->Row(sec, {C(f.label, 4), C(text, 5)});
      i += g ? 2 : 1;
      continue;
    }
    // Three short counts to a row, or two short fields, or one long field.
    if (i + 2 < fields.size() && f.type == FormValueType::kInteger && fields[i + 1]->type == FormValueType::kInteger &&
        fields[i + 2]->type == FormValueType::kInteger && ToU32(f.label).size() <= 8) {
      std::vector<DocxCellSpec> row;
      for (int k = 0; k < 3; ++k) {
        row.push_back(C(fields[i + k]->label, 2));
        row.push_back(C(values.at(fields[i + k]->name).written, 1));
      }
      tb->Row(sec, std::move(row));
      i += 3;
      continue;
    }
    if (i + 1 < fields.size() && short_field(f) && short_field(*fields[i + 1])) {
      const FormField& g = *fields[i + 1];
      tb->Row(sec, {C(f.label, 2), C(Shown(f, v, style, salt + i), 3), C(g.label, 2),
                    C(Shown(g, values.at(g.name), style, salt + i + 1), 2)});
      i += 2;
      continue;
    }
    tb->Row(sec, {C(f.label, 4), C(Shown(f, v, style, salt + i), 5)});
    ++i;
  }
}

void RowGroup(TableBuilder* tb, const FormGroup& g, const std::vector<std::map<std::string, FilledValue>>& rows,
              TickStyle style, uint64_t salt) {
  const std::string sec = g.label;
  const int n = static_cast<int>(g.fields.size());
  // Spans for n columns over nine grid columns.
  std::vector<int> spans(n, 9 / n);
  for (int k = 0; k < 9 % n; ++k) spans[k] += 1;
  std::vector<DocxCellSpec> header;
  for (int k = 0; k < n; ++k) header.push_back(C(g.fields[k].label, spans[k]));
  tb->Row(sec, std::move(header));
  std::string last_segment;
  for (size_t r = 0; r < rows.size(); ++r) {
    std::vector<DocxCellSpec> row;
    for (int k = 0; k < n; ++k) {
      const FormField& f = g.fields[k];
      DocxCellSpec c = C(Shown(f, rows[r].at(f.name), style, salt + r * 31 + k), spans[k]);
      if (f.name == "segment") {
        // 上游 over its rows, merged.
        const std::string& seg = rows[r].at(f.name).written;
        c.vmerge = seg == last_segment ? DocxCellSpec::VMerge::kContinue : DocxCellSpec::VMerge::kRestart;
        last_segment = seg;
      }
      row.push_back(std::move(c));
    }
    tb->Row(sec, std::move(row));
  }
}

}  // namespace

std::vector<DocxBlock> LayoutForm(const FilledForm& f, TickStyle style) {
  const FormTemplate& t = *f.tmpl;
  std::vector<DocxBlock> out;
  DocxBlock title;
  title.center = true;
  title.bold = true;
  title.half_points = 32;
  if (t.id.starts_with("suzhou")) {
    title.text = fmt::format("{}年度苏州市科技计划{}", 2021 + static_cast<int>(f.seed % 3), t.title);
    out.push_back(title);
    // The lines above the table: several "label：value" on one line.
    DocxBlock head;
    for (const FormField& x : t.fields)
      head.text += (head.text.empty() ? "" : "    ") + x.label + "：" + f.fields.at(x.name).written;
    out.push_back(head);
    const FormGroup& g = t.groups.front();
    DocxBlock table;
    const int n = static_cast<int>(g.fields.size());
    table.grid.assign(n, 1050);
    table.half_points = 18;
    std::vector<DocxCellSpec> header;
    for (const auto& x : g.fields) header.push_back(C(x.label, 1));
    table.rows.push_back(header);
    for (const auto& row : f.groups.at(g.name)) {
      std::vector<DocxCellSpec> cells;
      for (const auto& x : g.fields) cells.push_back(C(row.at(x.name).written, 1));
      table.rows.push_back(std::move(cells));
    }
    out.push_back(std::move(table));
    return out;
  }
  title.text = t.programme;
  out.push_back(title);
  title.text = t.title;
  out.push_back(title);

  TableBuilder tb;
  uint64_t salt = f.seed;
  // Fields before the first group, in sections; groups; fields between.
  std::vector<const FormField*> run;
  std::string run_section = "#";
  auto flush = [&] {
    if (run.empty()) return;
    std::map<std::string, std::string> inline_after;
    for (size_t i = 0; i + 1 < run.size(); ++i)
      if (run[i]->name.starts_with("policy_") && IsChoice(run[i]->type) && run[i + 1]->name.starts_with(run[i]->name + "_"))
        inline_after[run[i]->name] = run[i + 1]->name;
    Pairs(&tb, run_section, run, f.fields, style, salt, inline_after);
    salt += run.size();
    run.clear();
  };
  for (const FormItem& item : t.items) {
    if (item.field >= 0) {
      const FormField& x = t.fields[item.field];
      std::string sec = SectionOf(x.name);
      if (sec != run_section) flush();
      run_section = sec;
      run.push_back(&x);
      continue;
    }
    flush();
    run_section = "#";
    const FormGroup& g = t.groups[item.group];
    const auto& rows = f.groups.at(g.name);
    if (!g.block) {
      RowGroup(&tb, g, rows, style, salt);
      salt += 101;
      continue;
    }
    for (size_t b = 0; b < rows.size(); ++b) {
      const std::string marker = fmt::format("{}{}", g.label, b + 1);
      std::vector<const FormField*> fields;
      std::vector<const FormField*> benefits;
      for (const auto& x : g.fields) {
        if (x.name == "new_sales" || x.name == "new_tax" || x.name == "export") benefits.push_back(&x);
        else if (x.name == "funding_request") {
          // 预期经济效益: a header row over a row of values, before the request.
          Pairs(&tb, marker, fields, rows[b], style, salt);
          fields.clear();
          std::vector<DocxCellSpec> head, vals;
          for (const FormField* y : benefits) {
            head.push_back(C(y->label, 3));
            vals.push_back(C(rows[b].at(y->name).written, 3));
          }
          tb.Row(marker, std::move(head));
          tb.Row(marker, std::move(vals));
          fields.push_back(&x);
        } else {
          fields.push_back(&x);
        }
      }
      Pairs(&tb, marker, fields, rows[b], style, salt);
      salt += 57;
    }
  }
  flush();
  out.push_back(std::move(tb.table));
  return out;
}

}  // namespace gongwen
