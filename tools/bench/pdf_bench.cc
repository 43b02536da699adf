// PDF and scan benchmark helpers; tools/bench/pdf runs the whole benchmark
// (README "PDFs and scans", Speed and memory) and calls these:
//
//   pdf_bench make-long OUT [PAGES]   a PAGES-page text PDF (default 2000) sharing one content stream
//   pdf_bench copies IN DIR N         N copies of the PDF IN, each with its own hash (a trailing comment)
//   pdf_bench pages FILE... [-j N] [--ocr auto|always|never] [--replay DIR] [--pages-only]
//                                     reads the files as ingest does (pages, then the text stages
//                                     and form cells), without the store; --pages-only stops after
//                                     pages.h. Prints pages, CPU and wall seconds, the OCR engines'
//                                     own recognition time, and peak RSS
//   pdf_bench cer HYP GT              character error rate of a text against its ground truth,
//                                     whitespace removed, before and after NFKC
//
// CPU time comes from getrusage (all threads), so the figures hold on a
// loaded machine; wall time does not.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include "pipeline/acquire.h"
#include "pipeline/ingest.h"
#include "pipeline/normalize.h"
#include "pipeline/ocr.h"
#include "pipeline/pages.h"
#include "tests/bad_input_files.h"

namespace {

namespace fs = std::filesystem;

double CpuSeconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

long PeakRssMb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024;
}

std::u32string CodePoints(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    char32_t c = gongwen::DecodeUtf8(s, &i);
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x3000) out.push_back(c);
  }
  return out;
}

std::string Nfkc(const std::string& s) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKCInstance(err);
  icu::UnicodeString u = n->normalize(icu::UnicodeString::fromUTF8(s), err);
  std::string out;
  u.toUTF8String(out);
  return U_SUCCESS(err) ? out : s;
}

// Levenshtein distance over code points / reference length.
double Cer(const std::string& hyp, const std::string& ref) {
  std::u32string h = CodePoints(hyp), r = CodePoints(ref);
  if (r.empty()) return h.empty() ? 0 : 1;
  std::vector<int> prev(h.size() + 1), cur(h.size() + 1);
  for (size_t j = 0; j <= h.size(); ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= r.size(); ++i) {
    cur[0] = static_cast<int>(i);
    for (size_t j = 1; j <= h.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r[i - 1] == h[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return static_cast<double>(prev[h.size()]) / r.size();
}

int Usage() {
  std::cerr << "usage: pdf_bench make-long OUT [PAGES] | copies IN DIR N | "
               "pages FILE... [-j N] [--ocr MODE] [--replay DIR] [--pages-only] | cer HYP GT\n";
  return 2;
}

int Pages(const std::vector<std::string>& args) {
  std::vector<std::string> files;
  gongwen::PageOptions opts;
  int jobs = 1;
  std::string replay;
  bool pages_only = false;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "-j" && i + 1 < args.size()) jobs = std::stoi(args[++i]);
    else if (args[i] == "--ocr" && i + 1 < args.size()) opts.ocr = gongwen::ParseOcrMode(args[++i]).value();
    else if (args[i] == "--replay" && i + 1 < args.size()) replay = args[++i];
    else if (args[i] == "--pages-only") pages_only = true;
    else files.push_back(args[i]);
  }
  if (!replay.empty()) {
    auto rec = gongwen::RecordedOcr::Load(replay);
    if (!rec.ok()) {
      std::cerr << rec.status().ToString() << "\n";
      return 1;
    }
    opts.ocr_factory = gongwen::RecordedFactory(rec.value());
  }
  gongwen::PageStats stats;
  opts.stats = &stats;
  gongwen::OcrPool pool(jobs, opts.ocr_factory);
  opts.pool = &pool;
  const double cpu0 = CpuSeconds();
  const auto t0 = std::chrono::steady_clock::now();
  size_t pages = 0;
  int failed = 0;
  for (const std::string& f : files) {
    if (pages_only) {
      gongwen::Document d;
      const std::string bytes = gongwen::ReadWholeFile(f);
      d.sha256 = gongwen::Sha256Hex(bytes);
      gongwen::Status s = gongwen::ReadPages(bytes, gongwen::SniffMediaType(bytes, f), opts, &d);
      if (!s.ok()) {
        std::cerr << f << ": " << s.ToString() << "\n";
        ++failed;
      }
      pages += d.pages.size();
      continue;
    }
    auto doc = gongwen::ProcessFile(f, {}, opts);
    if (!doc.ok()) {
      std::cerr << f << ": " << doc.status().ToString() << "\n";
      ++failed;
      continue;
    }
    pages += doc.value().pages.size();
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double cpu = CpuSeconds() - cpu0;
  std::cout << fmt::format(
      "files {} (failed {}), pages {} (text layer {}, OCR {}, failed {}): CPU {:.2f} s ({:.1f} pages per CPU-s), "
      "wall {:.2f} s; OCR engines {:.2f} s, rendering {:.2f} s; peak RSS {} MB\n",
      files.size(), failed, pages, stats.text_pages.load(), stats.ocr_pages.load(), stats.failed_pages.load(), cpu,
      cpu > 0 ? pages / cpu : 0.0, wall, stats.ocr_micros / 1e6, stats.render_micros / 1e6, PeakRssMb());
  return failed ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return Usage();
  const std::string cmd = args[0];
  args.erase(args.begin());
  if (cmd == "make-long" && !args.empty()) {
    const int pages = args.size() > 1 ? std::stoi(args[1]) : 2000;
    std::ofstream(args[0], std::ios::binary) << gongwen::testing::PagesPdf(
        pages, gongwen::testing::TextContent("Notice on the application for science and technology projects"));
    return 0;
  }
  if (cmd == "copies" && args.size() == 3) {
    const std::string bytes = gongwen::ReadWholeFile(args[0]);
    fs::create_directories(args[1]);
    const std::string stem = fs::path(args[0]).stem().string();
    for (int i = 0; i < std::stoi(args[2]); ++i)
      std::ofstream(fs::path(args[1]) / fmt::format("{}-{:03d}.pdf", stem, i), std::ios::binary)
          << bytes << fmt::format("% copy {}\n", i);
    return 0;
  }
  if (cmd == "pages") return Pages(args);
  if (cmd == "cer" && args.size() == 2) {
    const std::string hyp = gongwen::ReadWholeFile(args[0]), ref = gongwen::ReadWholeFile(args[1]);
    std::cout << fmt::format("CER {:.2f}% (after NFKC {:.2f}%), {} reference characters\n", 100 * Cer(hyp, ref),
                             100 * Cer(Nfkc(hyp), Nfkc(ref)), CodePoints(ref).size());
    return 0;
  }
  return Usage();
}
