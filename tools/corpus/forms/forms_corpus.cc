// gongwen_forms: filled application forms for tests and evaluation.
//
//   gongwen_forms make DIR [--count N] [--seed S] [--scans]
//                                                   writes N filled forms of every template, each as
//                                                   .docx (three ways of ticking), as a PDF with a text
//                                                   layer and, with --scans, as clean and degraded scans,
//                                                   with the ground truth beside each (NAME.truth.json)
//   gongwen_forms eval DIR [--only S] [-v]          reads every form in DIR, compares with the ground
//                                                   truth: field exact-match and checkbox accuracy per rendering
//                    [--record OUT | --ocr-replay OUT]
//                                                   --record keeps Tesseract's words for the pages and cells of
//                                                   each scan in OUT/NAME.json; --ocr-replay reads them back
//                                                   instead of running Tesseract (iterating on the extractor)
//
// Deterministic: the same seed gives the same bytes.
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "extractors/forms_extract.h"
#include "extractors/forms_fill.h"
#include "extractors/forms_template.h"
#include "pipeline/acquire.h"
#include "pipeline/docx.h"
#include "pipeline/form_cells.h"
#include "pipeline/ingest.h"
#include "pipeline/ocr.h"

#ifdef GONGWEN_FORMS_PDF
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#endif

namespace fs = std::filesystem;
using namespace gongwen;

namespace {

struct Rendering {
  const char* name;
  TickStyle style;
};
constexpr Rendering kDocx[] = {
    {"docx-glyphs", TickStyle::kMixedGlyphs},
    {"docx-wingdings", TickStyle::kWingdings},
    {"docx-checkbox", TickStyle::kContentControl},
};

bool WriteFile(const fs::path& p, const std::string& bytes) {
  std::ofstream f(p, std::ios::binary);
  f << bytes;
  return static_cast<bool>(f);
}


#ifdef GONGWEN_FORMS_PDF
// The form drawn as Word would print it: a PDF with a text layer (cells with
// ruled borders, wrapped text, page breaks between rows).
std::string PlainGlyphs(std::string t) {
  auto rep = [&](const std::string& a, const std::string& b) {
    for (size_t p = t.find(a); p != std::string::npos; p = t.find(a, p + b.size())) t.replace(p, a.size(), b);
  };
  rep("{sym:F052}", "☑");
  rep("{sym:F0A3}", "□");
  rep("{cb:1}", "☒");
  rep("{cb:0}", "☐");
  return t;
}

cairo_status_t AppendBytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// Scans: every box printed empty (□), a ticked one marked by a pen stroke
// over it; pages drawn at `dpi` into images, degraded ones with speckle, a
// slight rotation and grey paper, then put in a PDF without a text layer.
struct ScanOptions {
  bool scan = false;
  bool degraded = false;
  double dpi = 200;
  uint64_t seed = 1;
};

// The text with every ticked box as □, and the byte offsets of those boxes.
std::string ScanGlyphs(const std::string& text, std::vector<int>* ticked) {
  std::string t = PlainGlyphs(text), out;
  static const char* const kOn[] = {"☑", "■", "√", "✓", "☒", "✔"};
  for (size_t i = 0; i < t.size();) {
    bool on = false;
    for (const char* g : kOn)
      if (t.compare(i, std::strlen(g), g) == 0) {
        ticked->push_back(static_cast<int>(out.size()));
        out += "□";
        i += std::strlen(g);
        on = true;
        break;
      }
    if (!on) out += t[i++];
  }
  return out;
}

std::string RenderPdf(const std::vector<DocxBlock>& blocks, const ScanOptions& scan = {}) {
  constexpr double kW = 595.3, kH = 841.9, kLeft = 54, kTop = 60, kBottom = 60, kPad = 3;
  std::string out;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(AppendBytes, &out, kW, kH);
  // A fixed date: the same form gives the same bytes (recorded OCR is keyed by them).
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "2021-03-01T00:00:00Z");
  cairo_t* pdf_cr = cairo_create(surface);
  cairo_t* cr = pdf_cr;
  cairo_surface_t* img = nullptr;
  uint64_t rng = scan.seed * 2654435761u + 17;
  auto rand01 = [&] {
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<double>(rng >> 11) / 9007199254740992.0;
  };
  auto new_image = [&] {
    const int w = static_cast<int>(kW / 72 * scan.dpi), h = static_cast<int>(kH / 72 * scan.dpi);
    img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cr = cairo_create(img);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, scan.dpi / 72, scan.dpi / 72);
    cairo_set_source_rgb(cr, 0, 0, 0);
  };
  auto show_page = [&] {
    if (!scan.scan) {
      cairo_show_page(cr);
      return;
    }
    cairo_surface_flush(img);
    if (scan.degraded) {
      unsigned char* d = cairo_image_surface_get_data(img);
      const int stride = cairo_image_surface_get_stride(img), w = cairo_image_surface_get_width(img),
                h = cairo_image_surface_get_height(img);
      for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
          uint32_t* px = reinterpret_cast<uint32_t*>(d + static_cast<size_t>(y) * stride) + x;
          int v = *px & 0xFF;
          v = 40 + v * 190 / 255;                           // grey paper, faded ink
          if (rand01() < 0.004) v = static_cast<int>(rand01() * 120);  // speckle
          *px = static_cast<uint32_t>(v | v << 8 | v << 16);
        }
      cairo_surface_mark_dirty(img);
    }
    cairo_save(pdf_cr);
    if (scan.degraded) {
      cairo_translate(pdf_cr, kW / 2, kH / 2);
      cairo_rotate(pdf_cr, (rand01() - 0.5) * 0.02);  // up to ±0.6°
      cairo_translate(pdf_cr, -kW / 2, -kH / 2);
    }
    cairo_scale(pdf_cr, 72 / scan.dpi, 72 / scan.dpi);
    cairo_set_source_surface(pdf_cr, img, 0, 0);
    cairo_paint(pdf_cr);
    cairo_restore(pdf_cr);
    cairo_show_page(pdf_cr);
    cairo_destroy(cr);
    cairo_surface_destroy(img);
    new_image();
  };
  if (scan.scan) new_image();
  PangoLayout* layout = pango_cairo_create_layout(cr);
  auto font = [&](double size, bool bold) {
    PangoFontDescription* fd = pango_font_description_from_string(bold ? "Noto Serif CJK SC Bold" : "Noto Serif CJK SC");
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_layout_set_font_description(layout, fd);
    pango_font_description_free(fd);
  };
  auto measure = [&](const std::string& text, double width) {
    pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(layout, text.c_str(), -1);
    int w, h;
    pango_layout_get_size(layout, &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
  };
  auto draw = [&](const std::string& text0, double x, double y, double width) {
    std::vector<int> ticked;
    const std::string text = scan.scan ? ScanGlyphs(text0, &ticked) : text0;
    pango_cairo_update_layout(cr, layout);
    measure(text, width);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, layout);
    for (int idx : ticked) {
      // A pen's tick inside the box, a little different each time.
      PangoRectangle r;
      pango_layout_index_to_pos(layout, idx, &r);
      const double bx = x + r.x / double(PANGO_SCALE), by = y + r.y / double(PANGO_SCALE);
      const double bw = r.width / double(PANGO_SCALE), bh = r.height / double(PANGO_SCALE);
      const double cx = bx + bw / 2, cy = by + bh * 0.55, e = bw * 0.28;
      cairo_save(cr);
      cairo_set_line_width(cr, 1.1 + rand01() * 0.4);
      cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
      if (rand01() < 0.7) {
        cairo_move_to(cr, cx - e, cy - e * 0.1 + rand01());
        cairo_line_to(cr, cx - e * 0.3, cy + e * 0.6);
        cairo_line_to(cr, cx + e * 1.0, cy - e * 0.9 - rand01() * 0.5);
      } else {
        cairo_move_to(cr, cx - e, cy - e);
        cairo_line_to(cr, cx + e, cy + e * 0.8);
        cairo_move_to(cr, cx + e, cy - e);
        cairo_line_to(cr, cx - e, cy + e * 0.8);
      }
      cairo_stroke(cr);
      cairo_restore(cr);
    }
  };
  double y = kTop;
  for (const DocxBlock& b : blocks) {
    if (b.rows.empty()) {
      font(b.half_points / 2.0, b.bold);
      const double width = kW - 2 * kLeft;
      double h = measure(PlainGlyphs(b.text), width);
      if (y + h > kH - kBottom) { show_page(); y = kTop; }
      pango_layout_set_alignment(layout, b.center ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
      draw(PlainGlyphs(b.text), kLeft, y, width);
      pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT);
      y += h + 6;
      continue;
    }
    font(b.half_points / 2.0, false);
    std::vector<double> x{kLeft};
    for (int g : b.grid) x.push_back(x.back() + g / 20.0);
    cairo_set_line_width(cr, 0.6);
    for (const auto& row : b.rows) {
      // Row height: the tallest cell's text.
      double h = 0;
      size_t col = 0;
      for (const DocxCellSpec& c : row) {
        const double width = x[std::min(col + c.grid_span, x.size() - 1)] - x[col] - 2 * kPad;
        if (c.vmerge != DocxCellSpec::VMerge::kContinue) h = std::max(h, measure(PlainGlyphs(c.text), width));
        col += static_cast<size_t>(c.grid_span);
      }
      h += 2 * kPad + 2;
      const bool new_page = y + h > kH - kBottom;
      if (new_page) {
        // The table's bottom line on this page, then the next page.
        cairo_move_to(cr, x.front(), y);
        cairo_line_to(cr, x.back(), y);
        cairo_stroke(cr);
        show_page();
        y = kTop;
      }
      col = 0;
      for (const DocxCellSpec& c : row) {
        const double x0 = x[col], x1 = x[std::min(col + c.grid_span, x.size() - 1)];
        // Borders: the top one is left out inside a vertical merge, unless a page broke it.
        if (c.vmerge != DocxCellSpec::VMerge::kContinue || new_page) {
          cairo_move_to(cr, x0, y);
          cairo_line_to(cr, x1, y);
        }
        cairo_move_to(cr, x0, y);
        cairo_line_to(cr, x0, y + h);
        cairo_move_to(cr, x1, y);
        cairo_line_to(cr, x1, y + h);
        cairo_stroke(cr);
        if (c.vmerge != DocxCellSpec::VMerge::kContinue) draw(PlainGlyphs(c.text), x0 + kPad, y + kPad + 1, x1 - x0 - 2 * kPad);
        col += static_cast<size_t>(c.grid_span);
      }
      y += h;  // a row draws its top border; the next row, or the end of the table, closes it
    }
    cairo_move_to(cr, x.front(), y);
    cairo_line_to(cr, x.back(), y);
    cairo_stroke(cr);
    y += 10;
  }
  g_object_unref(layout);
  if (scan.scan) {
    show_page();
    cairo_destroy(cr);
    cairo_surface_destroy(img);
  }
  cairo_destroy(pdf_cr);
  cairo_surface_finish(surface);
  cairo_surface_destroy(surface);
  return out;
}
#endif

int Make(const fs::path& dir, int count, uint64_t seed, bool scans) {
  fs::create_directories(dir);
  int written = 0;
  for (const FormTemplate& t : FormTemplates()) {
    for (int i = 0; i < count; ++i) {
      const uint64_t s = seed * 1000 + static_cast<uint64_t>(i);
      // Every third form has row groups long enough to run over a page.
      FilledForm f = FillForm(t, s, i % 3 == 2 ? 3 : 1);
      const Rendering& r = kDocx[static_cast<size_t>(i) % std::size(kDocx)];
      auto bytes = WriteDocx(LayoutForm(f, r.style));
      if (!bytes.ok()) {
        std::cerr << bytes.status().ToString() << "\n";
        return 1;
      }
      const std::string stem = fmt::format("{}_{:03d}.{}", t.id, i, r.name);
      nlohmann::json truth = GroundTruth(f);
      truth["rendering"] = r.name;
      if (!WriteFile(dir / (stem + ".docx"), bytes.value()) || !WriteFile(dir / (stem + ".truth.json"), truth.dump(1))) {
        std::cerr << "cannot write in " << dir << "\n";
        return 1;
      }
      ++written;
#ifdef GONGWEN_FORMS_PDF
      // The same form printed to PDF (its ticks as glyphs in the text layer).
      const std::string pstem = fmt::format("{}_{:03d}.pdf-text", t.id, i);
      nlohmann::json ptruth = GroundTruth(f);
      ptruth["rendering"] = "pdf-text";
      if (!WriteFile(dir / (pstem + ".pdf"), RenderPdf(LayoutForm(f, r.style))) ||
          !WriteFile(dir / (pstem + ".truth.json"), ptruth.dump(1))) {
        std::cerr << "cannot write in " << dir << "\n";
        return 1;
      }
      ++written;
      if (scans) {
        for (bool degraded : {false, true}) {
          ScanOptions so;
          so.scan = true;
          so.degraded = degraded;
          so.seed = s;
          const std::string rname = degraded ? "scan-degraded" : "scan-clean";
          const std::string sstem = fmt::format("{}_{:03d}.{}", t.id, i, rname);
          nlohmann::json struth = GroundTruth(f);
          struth["rendering"] = rname;
          if (!WriteFile(dir / (sstem + ".pdf"), RenderPdf(LayoutForm(f, TickStyle::kMixedGlyphs), so)) ||
              !WriteFile(dir / (sstem + ".truth.json"), struth.dump(1))) {
            std::cerr << "cannot write in " << dir << "\n";
            return 1;
          }
          ++written;
        }
      }
#endif
    }
  }
  std::cout << fmt::format("wrote {} forms to {}\n", written, dir.string());
  return 0;
}

// Tesseract for pages (automatic segmentation) and for cells (one block),
// keeping every result for RecordedOcr.
struct Recording {
  std::mutex mu;
  std::map<std::string, RecordedDoc> docs;
};
class RecordingOcr : public OcrEngine {
 public:
  explicit RecordingOcr(Recording* sink) : sink_(sink) {}
  Result<OcrResult> Recognize(const OcrRequest& req) override {
    const bool cell = req.doc_sha256.ends_with("#cells");
    std::unique_ptr<OcrEngine>& e = cell ? cell_ : page_;
    if (!e) {
      auto made = cell ? CellTesseractFactory()() : NewTesseractOcr();
      if (!made.ok()) return made.status();
      e = std::move(made.value());
    }
    auto r = e->Recognize(req);
    if (r.ok()) {
      std::lock_guard lock(sink_->mu);
      RecordedDoc& d = sink_->docs[req.doc_sha256];
      d.sha256 = req.doc_sha256;
      d.engine = TesseractVersion() + (cell ? " chi_sim psm 6 (cells)" : " chi_sim+eng");
      d.dpi = req.dpi;
      d.pages[req.page] = r.value();
    }
    return r;
  }

 private:
  Recording* sink_;
  std::unique_ptr<OcrEngine> page_, cell_;
};

struct Tally {
  int fields = 0, fields_ok = 0, boxes = 0, boxes_ok = 0, forms = 0, forms_failed = 0;
  double seconds = 0;
};

// Compares one value; checkbox groups count per option (ticked or not).
void Compare(const FormField& f, const std::string& got, const std::string& want, Tally* t,
             std::vector<std::string>* misses, const std::string& where, const std::string& raw = "") {
  ++t->fields;
  if (got == want) ++t->fields_ok;
  else if (misses->size() < 1000)
    misses->push_back(fmt::format("{}: got '{}' want '{}'{}", where, got, want, raw.empty() || raw == got ? "" : fmt::format(" (read '{}')", raw)));
  if (!IsChoice(f.type)) return;
  auto has = [](const std::string& joined, const std::string& o) {
    size_t p = 0;
    while ((p = joined.find(o, p)) != std::string::npos) {
      bool starts = p == 0 || joined.compare(p - 3, 3, "、") == 0;
      bool ends = p + o.size() == joined.size() || joined.compare(p + o.size(), 3, "、") == 0;
      if (starts && ends) return true;
      p += o.size();
    }
    return false;
  };
  for (const auto& o : f.options) {
    ++t->boxes;
    if (has(got, o) == has(want, o)) ++t->boxes_ok;
  }
}

int Eval(const fs::path& dir, bool verbose, const std::string& only, const std::string& record,
         const std::string& replay) {
  std::map<std::string, Tally> by;
  PageOptions pages;
  Recording recording;
  if (!replay.empty()) {
    auto recorded = RecordedOcr::Load(replay);
    if (!recorded.ok()) {
      std::cerr << recorded.status().ToString() << "\n";
      return 1;
    }
    pages.ocr_factory = RecordedFactory(recorded.value());
  } else if (!record.empty()) {
    pages.ocr_factory = [&recording]() -> Result<std::unique_ptr<OcrEngine>> {
      return std::unique_ptr<OcrEngine>(std::make_unique<RecordingOcr>(&recording));
    };
  }
  std::vector<fs::path> truths;
  for (const auto& e : fs::directory_iterator(dir)) truths.push_back(e.path());
  std::sort(truths.begin(), truths.end());
  for (const fs::path& tp : truths) {
    const std::string name = tp.filename().string();
    if (!name.ends_with(".truth.json") || name.find(only) == std::string::npos) continue;
    const std::string stem = name.substr(0, name.size() - std::string(".truth.json").size());
    auto truth = nlohmann::json::parse(ReadWholeFile(tp.string()));
    const std::string rendering = truth.value("rendering", "?");
    const FormTemplate* t = FindFormTemplate(truth["template"].get<std::string>());
    Tally& tally = by[rendering];
    ++tally.forms;
    if (!t) continue;
    fs::path input;
    for (const char* ext : {".docx", ".pdf", ".png"})
      if (fs::exists(dir / (stem + ext))) input = dir / (stem + ext);
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<Cell> cells;
    if (input.extension() == ".docx") {
      auto d = ReadDocx(ReadWholeFile(input.string()));
      if (d.ok()) cells = std::move(d.value().cells);
    }
    FormRecord rec;
    if (input.extension() == ".docx") {
      auto det = DetectFormTemplate(cells);
      if (det && det->tmpl == t) rec = ExtractForm(*t, cells);
      else ++tally.forms_failed;
    } else {
      // PDFs and scans: the whole ingest path (text layer or OCR, cells, form).
      auto doc = ProcessFile(input.string(), {}, pages);
      if (doc.ok() && std::getenv("GONGWEN_FORMS_CELLS"))  // debugging: the cells as read
        for (const Cell& c : doc.value().cells)
          std::cout << fmt::format("  [p{} t{} r{} c{} {}x{}] {}\n", c.page, c.table, c.row, c.col, c.row_span,
                                   c.col_span, c.text);
      if (doc.ok() && doc.value().form && doc.value().form->template_id == t->id) rec = *doc.value().form;
      else {
        ++tally.forms_failed;
        if (verbose) std::cout << "  " << stem << ": " << (doc.ok() ? "not recognized" : doc.status().ToString()) << "\n";
      }
    }
    tally.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::vector<std::string> misses;
    for (const auto& f : t->fields) {
      auto it = rec.fields.find(f.name);
      Compare(f, it == rec.fields.end() ? "" : it->second.value, truth["fields"].value(f.name, ""), &tally, &misses, f.name,
              it == rec.fields.end() ? "" : it->second.raw);
    }
    for (const auto& g : t->groups) {
      const auto& want_rows = truth["groups"][g.name];
      auto got_it = rec.groups.find(g.name);
      for (size_t r = 0; r < want_rows.size(); ++r)
        for (const auto& f : g.fields) {
          std::string got, raw;
          if (got_it != rec.groups.end() && r < got_it->second.size()) {
            auto v = got_it->second[r].find(f.name);
            if (v != got_it->second[r].end()) got = v->second.value, raw = v->second.raw;
          }
          Compare(f, got, want_rows[r].value(f.name, ""), &tally, &misses, fmt::format("{}[{}].{}", g.name, r + 1, f.name),
                  raw);
        }
    }
    if (verbose)
      for (const auto& m : misses) std::cout << "  " << stem << " " << m << "\n";
    if (!record.empty()) {
      // This form's pages and cells, one file each.
      const std::string sha = Sha256Hex(ReadWholeFile(input.string()));
      std::lock_guard lock(recording.mu);
      for (const std::string& key : {sha, CellOcrKey(sha)}) {
        auto it = recording.docs.find(key);
        if (it == recording.docs.end()) continue;
        it->second.file = input.filename().string();
        fs::create_directories(record);
        WriteFile(fs::path(record) / (stem + (key == sha ? ".json" : ".cells.json")), RecordedDocToJson(it->second));
        recording.docs.erase(it);
      }
    }
  }
  std::cout << fmt::format("{:<18} {:>6} {:>8} {:>10} {:>10} {:>10}\n", "rendering", "forms", "fields", "field acc",
                           "checkbox", "ms/form");
  for (const auto& [name, t] : by)
    std::cout << fmt::format("{:<18} {:>6} {:>8} {:>9.2f}% {:>10} {:>10.1f}\n", name, t.forms, t.fields,
                             t.fields ? 100.0 * t.fields_ok / t.fields : 0.0,
                             t.boxes ? fmt::format("{:.2f}%", 100.0 * t.boxes_ok / t.boxes) : std::string("n/a"),
                             t.forms ? 1000 * t.seconds / t.forms : 0.0);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"gongwen_forms: filled application forms for tests and evaluation"};
  app.require_subcommand(1);
  std::string dir;
  int count = 6;
  uint64_t seed = 1;
  bool verbose = false;
  auto* make = app.add_subcommand("make", "write filled forms and their ground truth");
  make->add_option("DIR", dir)->required();
  make->add_option("--count", count, "forms per template");
  make->add_option("--seed", seed, "seed");
  bool scans = false;
  make->add_flag("--scans", scans, "also scans (clean and degraded, 200 dpi, no text layer; OCR makes them slow to read)");
  auto* eval = app.add_subcommand("eval", "field and checkbox accuracy against the ground truth, per rendering");
  eval->add_option("DIR", dir)->required();
  eval->add_flag("-v,--verbose", verbose, "list the values that differ");
  std::string only, record, replay;
  eval->add_option("--only", only, "only the forms whose file name contains this (scan-clean, 2021_001 …)");
  eval->add_option("--record", record, "run Tesseract and keep its words for every scan in this directory");
  eval->add_option("--ocr-replay", replay, "replay OCR recorded by --record instead of running Tesseract");
  CLI11_PARSE(app, argc, argv);
  if (*make) return Make(dir, count, seed, scans);
  return Eval(dir, verbose, only, record, replay);
}
