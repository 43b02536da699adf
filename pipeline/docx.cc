#include "pipeline/docx.h"

#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>

#include <fmt/format.h>
#include <pugixml.hpp>
#include <zip.h>

#include "pipeline/normalize.h"

namespace gongwen {

namespace {

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};

Result<std::string> ReadEntry(zip_t* z, const char* name, uint64_t max_bytes) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(z, name, 0, &st) != 0) return Status::NotFound(name);
  if ((st.valid & ZIP_STAT_SIZE) && st.size > max_bytes)
    return Status::TooLarge(fmt::format("{} expands to {} bytes, above the {} MiB limit", name, st.size, max_bytes >> 20));
  zip_file_t* f = zip_fopen(z, name, 0);
  if (!f) return Status::InvalidInput(fmt::format("{}: {}", name, zip_strerror(z)));
  std::string out;
  char buf[1 << 16];
  while (true) {
    zip_int64_t n = zip_fread(f, buf, sizeof buf);
    if (n < 0) {
      std::string why = zip_file_strerror(f);
      zip_fclose(f);
      return Status::InvalidInput(fmt::format("{}: {}", name, why));
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
    // The header's size may lie: the ceiling holds whatever it says.
    if (out.size() > max_bytes) {
      zip_fclose(f);
      uint64_t packed = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
      return Status::TooLarge(fmt::format("{} expands past {} MiB from {} bytes: refused as a possible zip bomb", name,
                                          max_bytes >> 20, packed));
    }
  }
  zip_fclose(f);
  return out;
}

bool Is(const pugi::xml_node& n, const char* qname) { return std::strcmp(n.name(), qname) == 0; }

bool Truthy(const char* v) {
  return v && (std::strcmp(v, "1") == 0 || std::strcmp(v, "true") == 0 || std::strcmp(v, "on") == 0);
}

class BodyReader {
 public:
  explicit BodyReader(DocxContent* out) : out_(out) {}

  void Body(const pugi::xml_node& body) {
    for (pugi::xml_node n : body.children()) Block(n);
  }

 private:
  void Block(const pugi::xml_node& n) {
    if (Is(n, "w:p")) {
      std::string t = Paragraph(n);
      out_->text += t + "\n";
      std::string flat = t;
      bool blank = true;
      for (char c : flat) blank &= c == ' ' || c == '\t' || c == '\n';
      if (!blank) {
        Cell c;
        c.table = -1;
        c.row = paragraphs_++;
        c.text = std::move(t);
        out_->cells.push_back(std::move(c));
      }
    } else if (Is(n, "w:tbl")) {
      Table(n);
    } else if (Is(n, "w:sdt")) {
      for (pugi::xml_node c : n.child("w:sdtContent").children()) Block(c);
    } else if (Is(n, "w:customXml") || Is(n, "w:ins") || Is(n, "w:smartTag")) {
      for (pugi::xml_node c : n.children()) Block(c);
    }
  }

  // The text of a paragraph (or any run container), in document order.
  void Runs(const pugi::xml_node& n, std::string* out) {
    for (pugi::xml_node c : n.children()) {
      const char* name = c.name();
      if (Is(c, "w:t")) {
        *out += c.text().get();
      } else if (Is(c, "w:tab")) {
        *out += '\t';
      } else if (Is(c, "w:br") || Is(c, "w:cr")) {
        *out += '\n';
      } else if (Is(c, "w:sym")) {
        unsigned long code = std::strtoul(c.attribute("w:char").value(), nullptr, 16);
        if (code > 0 && code < 0x100) code += 0xF000;
        if (code > 0 && code < 0x110000) AppendUtf8(static_cast<char32_t>(code), out);
      } else if (Is(c, "w:sdt")) {
        pugi::xml_node cb = c.child("w:sdtPr").child("w14:checkbox");
        if (cb) {
          *out += Truthy(cb.child("w14:checked").attribute("w14:val").value()) ? "☑" : "☐";
        } else {
          Runs(c.child("w:sdtContent"), out);
        }
      } else if (Is(c, "w:fldChar")) {
        pugi::xml_node box = c.child("w:ffData").child("w:checkBox");
        if (box) {
          pugi::xml_node checked = box.child("w:checked");
          bool on = checked ? (checked.attribute("w:val") ? Truthy(checked.attribute("w:val").value()) : true)
                            : Truthy(box.child("w:default").attribute("w:val").value());
          *out += on ? "☑" : "☐";
        }
      } else if (Is(c, "w:del") || Is(c, "w:instrText") || Is(c, "w:delText") || Is(c, "w:rPr") ||
                 Is(c, "w:pPr") || std::strcmp(name, "mc:Fallback") == 0) {
        // deleted text, field codes, properties, the duplicate of AlternateContent
      } else if (Is(c, "w:tbl")) {
        // A table nested in a cell: its text, row by row.
        for (pugi::xml_node tr : c.children("w:tr")) {
          std::string row;
          for (pugi::xml_node tc : tr.children("w:tc")) {
            std::string cell;
            Runs(tc, &cell);
            if (!row.empty()) row += ' ';
            row += cell;
          }
          if (!out->empty() && out->back() != '\n') *out += '\n';
          *out += row;
        }
      } else if (Is(c, "w:p")) {
        if (!out->empty() && out->back() != '\n') *out += '\n';
        Runs(c, out);
      } else {
        Runs(c, out);  // w:r, w:hyperlink, w:ins, w:smartTag, mc:AlternateContent, w:txbxContent …
      }
    }
  }

  std::string Paragraph(const pugi::xml_node& p) {
    std::string t;
    Runs(p, &t);
    return t;
  }

  void Table(const pugi::xml_node& tbl) {
    const int table = out_->tables++;
    // (row, col) → index into out_->cells, for vertical merges.
    std::map<std::pair<int, int>, size_t> origin;
    int row = 0;
    for (pugi::xml_node tr : tbl.children("w:tr")) {
      int col = tr.child("w:trPr").child("w:gridBefore").attribute("w:val").as_int(0);
      if (col < 0 || col > 1000) col = 0;
      std::string line;
      for (pugi::xml_node tc : tr.children("w:tc")) {
        pugi::xml_node pr = tc.child("w:tcPr");
        int span = pr.child("w:gridSpan").attribute("w:val").as_int(1);
        if (span < 1 || span > 1000) span = 1;
        pugi::xml_node vm = pr.child("w:vMerge");
        std::string text;
        Runs(tc, &text);  // paragraphs joined by '\n', nested tables row by row
        if (!line.empty()) line += '\t';
        for (char ch : text) line += ch == '\n' ? ' ' : ch;
        const char* vval = vm.attribute("w:val").value();
        const bool continues = vm && (!*vval || std::strcmp(vval, "continue") == 0);
        auto above = origin.find({row - 1, col});
        if (continues && above != origin.end()) {
          Cell& o = out_->cells[above->second];
          o.row_span = row - o.row + 1;
          origin[{row, col}] = above->second;
          if (!text.empty() && text.find_first_not_of(" \n\t") != std::string::npos) o.text += "\n" + text;
        } else {
          Cell c;
          c.table = table;
          c.row = row;
          c.col = col;
          c.col_span = span;
          c.text = std::move(text);
          origin[{row, col}] = out_->cells.size();
          out_->cells.push_back(std::move(c));
        }
        col += span;
      }
      out_->text += line + "\n";
      ++row;
    }
  }

  DocxContent* out_;
  int paragraphs_ = 0;
};

}  // namespace

Result<DocxContent> ReadDocx(std::string_view bytes, const DocxLimits& limits) {
  zip_error_t zerr;
  zip_error_init(&zerr);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &zerr);
  if (!src) {
    std::string why = zip_error_strerror(&zerr);
    zip_error_fini(&zerr);
    return Status::InvalidInput("not a zip archive: " + why);
  }
  std::unique_ptr<zip_t, ZipCloser> z(zip_open_from_source(src, ZIP_RDONLY, &zerr));
  if (!z) {
    zip_source_free(src);
    std::string why = zip_error_strerror(&zerr);
    zip_error_fini(&zerr);
    return Status::InvalidInput("not a .docx: not a readable zip archive (" + why + ")");
  }
  zip_error_fini(&zerr);
  const zip_int64_t entries = zip_get_num_entries(z.get(), 0);
  if (entries < 0 || static_cast<uint64_t>(entries) > limits.max_entries)
    return Status::InvalidInput(fmt::format("not a .docx: a zip archive of {} entries", entries));
  if (zip_name_locate(z.get(), "word/document.xml", 0) < 0) {
    std::string what;
    if (zip_name_locate(z.get(), "xl/workbook.xml", 0) >= 0) what = " (it is a spreadsheet, .xlsx)";
    else if (zip_name_locate(z.get(), "ppt/presentation.xml", 0) >= 0) what = " (it is a presentation, .pptx)";
    return Status::InvalidInput("not a .docx: a zip archive without word/document.xml" + what);
  }
  auto xml = ReadEntry(z.get(), "word/document.xml", limits.max_xml_bytes);
  if (!xml.ok()) return xml.status();
  pugi::xml_document doc;
  pugi::xml_parse_result pr = doc.load_buffer(xml.value().data(), xml.value().size(),
                                              pugi::parse_default | pugi::parse_ws_pcdata_single, pugi::encoding_utf8);
  if (!pr)
    return Status::InvalidInput(fmt::format("word/document.xml is not well-formed XML: {} at byte {}", pr.description(),
                                            static_cast<long long>(pr.offset)));
  pugi::xml_node body = doc.child("w:document").child("w:body");
  if (!body) return Status::InvalidInput("word/document.xml has no w:document/w:body");
  DocxContent out;
  BodyReader(&out).Body(body);
  return out;
}

Status ReadDocxDocument(std::string_view bytes, Document* doc) {
  auto r = ReadDocx(bytes);
  if (!r.ok()) return r.status();
  DocxContent& c = r.value();
  if (c.text.find_first_not_of(" \t\n") == std::string::npos)
    return Status::InvalidInput("no text (an empty Word document)");
  doc->original = std::move(c.text);
  doc->charset = "UTF-8";
  doc->cells = std::move(c.cells);
  return Status::Ok();
}

// ---------------------------------------------------------------------------
// Writer

namespace {

std::string Esc(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string RunProps(const DocxBlock& b) {
  return fmt::format("<w:rPr><w:rFonts w:ascii=\"SimSun\" w:hAnsi=\"SimSun\" w:eastAsia=\"SimSun\"/>{}<w:sz w:val=\"{}\"/></w:rPr>",
                     b.bold ? "<w:b/>" : "", b.half_points);
}

// One paragraph's runs: text with {sym:XXXX} and {cb:0|1} tokens.
std::string Runs(std::string_view text, const std::string& rpr) {
  std::string out, pending;
  auto flush = [&] {
    if (pending.empty()) return;
    out += "<w:r>" + rpr + "<w:t xml:space=\"preserve\">" + Esc(pending) + "</w:t></w:r>";
    pending.clear();
  };
  for (size_t i = 0; i < text.size();) {
    if (text.compare(i, 5, "{sym:") == 0) {
      size_t close = text.find('}', i);
      if (close != std::string_view::npos) {
        flush();
        out += "<w:r>" + rpr + "<w:sym w:font=\"Wingdings 2\" w:char=\"" + std::string(text.substr(i + 5, close - i - 5)) +
               "\"/></w:r>";
        i = close + 1;
        continue;
      }
    }
    if (text.compare(i, 4, "{cb:") == 0 && i + 6 <= text.size() && text[i + 5] == '}') {
      flush();
      const bool on = text[i + 4] == '1';
      out += fmt::format(
          "<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val=\"{}\"/>"
          "<w14:checkedState w14:val=\"2612\" w14:font=\"MS Gothic\"/><w14:uncheckedState w14:val=\"2610\" "
          "w14:font=\"MS Gothic\"/></w14:checkbox></w:sdtPr><w:sdtContent><w:r>{}<w:t>{}</w:t></w:r></w:sdtContent></w:sdt>",
          on ? 1 : 0, rpr, on ? "☒" : "☐");
      i += 6;
      continue;
    }
    pending += text[i++];
  }
  flush();
  return out;
}

std::string Paragraphs(std::string_view text, const DocxBlock& b, bool page_break) {
  std::string out;
  const std::string rpr = RunProps(b);
  size_t start = 0;
  bool first = true;
  while (true) {
    size_t nl = text.find('\n', start);
    std::string_view line = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    out += "<w:p><w:pPr>";
    if (page_break && first) out += "<w:pageBreakBefore/>";
    if (b.center) out += "<w:jc w:val=\"center\"/>";
    out += "</w:pPr>" + Runs(line, rpr) + "</w:p>";
    first = false;
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return out;
}

Status AddEntry(zip_t* z, const char* name, const std::string& content) {
  zip_source_t* s = zip_source_buffer(z, content.data(), content.size(), 0);
  if (!s || zip_file_add(z, name, s, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8) < 0) {
    if (s) zip_source_free(s);
    return Status::Internal(fmt::format("zip: cannot add {}: {}", name, zip_strerror(z)));
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> WriteDocx(const std::vector<DocxBlock>& blocks) {
  std::string body;
  for (const DocxBlock& b : blocks) {
    if (b.rows.empty()) {
      body += Paragraphs(b.text, b, b.page_break_before);
      continue;
    }
    if (b.page_break_before) body += "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>";
    body += "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/><w:tblBorders>";
    for (const char* side : {"top", "left", "bottom", "right", "insideH", "insideV"})
      body += fmt::format("<w:{} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>", side);
    body += "</w:tblBorders><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>";
    for (int w : b.grid) body += fmt::format("<w:gridCol w:w=\"{}\"/>", w);
    body += "</w:tblGrid>";
    for (const auto& row : b.rows) {
      body += "<w:tr><w:trPr><w:cantSplit/></w:trPr>";
      size_t col = 0;
      for (const DocxCellSpec& c : row) {
        int width = 0;
        for (int k = 0; k < c.grid_span && col + k < b.grid.size(); ++k) width += b.grid[col + k];
        body += fmt::format("<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/>", width);
        if (c.grid_span > 1) body += fmt::format("<w:gridSpan w:val=\"{}\"/>", c.grid_span);
        if (c.vmerge == DocxCellSpec::VMerge::kRestart) body += "<w:vMerge w:val=\"restart\"/>";
        if (c.vmerge == DocxCellSpec::VMerge::kContinue) body += "<w:vMerge/>";
        body += "<w:vAlign w:val=\"center\"/></w:tcPr>";
        DocxBlock plain = b;
        plain.center = false;
        body += Paragraphs(c.vmerge == DocxCellSpec::VMerge::kContinue ? "" : c.text, plain, false);
        body += "</w:tc>";
        col += static_cast<size_t>(c.grid_span);
      }
      body += "</w:tr>";
    }
    body += "</w:tbl><w:p/>";
  }
  const std::string document =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
      "xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\" "
      "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" mc:Ignorable=\"w14\"><w:body>" +
      body +
      "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1440\" w:right=\"1080\" w:bottom=\"1440\" "
      "w:left=\"1080\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>";
  const std::string content_types =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
      "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
      "<Override PartName=\"/word/document.xml\" "
      "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
  const std::string rels =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" "
      "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
      "Target=\"word/document.xml\"/></Relationships>";

  zip_error_t zerr;
  zip_error_init(&zerr);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &zerr);
  if (!src) return Status::Internal("zip: cannot create a buffer");
  zip_source_keep(src);
  zip_t* z = zip_open_from_source(src, ZIP_TRUNCATE, &zerr);
  if (!z) {
    zip_source_free(src);
    return Status::Internal("zip: cannot open the buffer");
  }
  Status s = AddEntry(z, "[Content_Types].xml", content_types);
  if (s.ok()) s = AddEntry(z, "_rels/.rels", rels);
  if (s.ok()) s = AddEntry(z, "word/document.xml", document);
  if (!s.ok() || zip_close(z) < 0) {
    if (s.ok()) zip_discard(z);
    zip_source_free(src);
    return s.ok() ? Status::Internal("zip: cannot write") : s;
  }
  std::string out;
  if (zip_source_open(src) == 0) {
    char buf[1 << 16];
    zip_int64_t n;
    while ((n = zip_source_read(src, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
    zip_source_close(src);
  }
  zip_source_free(src);
  if (out.empty()) return Status::Internal("zip: empty output");
  return out;
}

}  // namespace gongwen
