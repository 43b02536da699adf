// Search benchmark: recall, index size, index build rate and query latency,
// the gongwen tokenizer side by side with FTS5's built-in `trigram`.
//
//   build/search_bench               # ≥ 500 MB / ≥ 10,000 documents under /tmp: minutes, run it once
//   build/search_bench --mb 20       # a quick look
//   build/search_bench --queries 100 --keep --db /tmp/x.db
//
// 1. Recall, on the seed archive: 1,500 substrings of 1–6 characters drawn
//    from the seeds (as tests/search_test.cc does), each searched in both
//    tables; a chunk containing the string (instr) and not returned is a miss.
// 2. The seeds are ingested, then their rows (documents, issuers, pages,
//    sections, guide items) are copied at SQL level until the text passes
//    --mb (each copy its own document; `original` is left empty to save disk).
// 3. Index build: every copy indexed as Store::Put does, one transaction per
//    document (IndexDocument); rate = text bytes / seconds. Then the trigram
//    table over the same chunks ('rebuild').
// 4. Size: the FTS segments (search_data blocks) against the text's UTF-8 bytes.
// 5. Latency: queries drawn from the seeds: one Han character, two, four,
//    and two dictionary words of one sentence. `search` is the whole of
//    Search() (MATCH, gongwen_rank over the newest 5,000 matches, top 20,
//    snippets and offsets); `match` and `trigram` the bare
//    `SELECT rowid … MATCH ? ORDER BY rank LIMIT 20` with bm25 over every match
//    (for gongwen, the MATCH expression ParseQuery writes). Each is timed as
//    wall time and as the CPU time of this process (the machine may be shared).
//    --queries-only reruns this step on the archive a --keep run left:
//
//      build/search_bench --keep --db /tmp/search_bench.db     # once: builds the archive
//      build/search_bench --queries-only --db /tmp/search_bench.db
//
//    An archive of an older schema is migrated (and re-indexed) when opened.
//    --search-only times Search() alone; --kind "4 characters" (or "1 character",
//    "2 characters", "2 words") times one kind (a profile of one kind:
//    perf record -g build/search_bench --queries-only --search-only --kind "4 characters" --db …).
#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "pipeline/fts_tokenizer.h"
#include "pipeline/ingest.h"
#include "pipeline/normalize.h"
#include "pipeline/search.h"
#include "pipeline/store.h"

namespace {

namespace fs = std::filesystem;
using gongwen::Db;
using gongwen::Stmt;
using Clock = std::chrono::steady_clock;

double Since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// CPU seconds of this process (user + system).
double CpuNow() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

void Check(const gongwen::Status& s, const char* what) {
  if (!s.ok()) {
    std::fprintf(stderr, "search_bench: %s: %s\n", what, s.ToString().c_str());
    std::exit(1);
  }
}

int64_t Scalar(Db& db, const std::string& sql) {
  Stmt q(db, sql);
  int64_t v = q.Step() ? q.Int(0) : 0;
  Check(q.status(), sql.c_str());
  return v;
}

// A fixed linear congruential sequence: the same samples on every machine.
struct Lcg {
  uint64_t state = 20231108;
  uint64_t operator()(uint64_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % n;
  }
};

std::unique_ptr<gongwen::Store> IngestSeeds(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
  auto store = gongwen::Store::Open(path);
  Check(store.status(), "open");
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(fs::path(GONGWEN_SOURCE_DIR) / "corpus" / "notices"))
    files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    auto doc = gongwen::ProcessFile(f);
    Check(doc.status(), f.c_str());
    Check(store.value()->Put(doc.value()).status(), f.c_str());
  }
  return std::move(store.value());
}

// The seed documents' texts (their copies' file names end in #k).
std::vector<std::u32string> SeedTexts(Db& db) {
  std::vector<std::u32string> out;
  Stmt q(db, "SELECT text FROM documents WHERE instr(file_name, '#') = 0 ORDER BY file_name");
  while (q.Step()) {
    std::string t = q.Text(0);
    std::u32string cps;
    for (size_t i = 0; i < t.size();) cps.push_back(gongwen::DecodeUtf8(t, &i));
    out.push_back(std::move(cps));
  }
  return out;
}

std::string Utf8(const std::u32string& s) {
  std::string out;
  for (char32_t c : s) gongwen::AppendUtf8(c, &out);
  return out;
}

void CreateTrigram(Db& db) {
  Check(db.Exec("CREATE VIRTUAL TABLE IF NOT EXISTS search_tri USING fts5(title, body, content='search_text', "
                "content_rowid='id', tokenize='trigram')"),
        "trigram table");
  Check(db.Exec("INSERT INTO search_tri(search_tri) VALUES ('rebuild')"), "trigram rebuild");
}

// 1. Recall of both tokenizers on the seed archive.
void Recall(Db& db) {
  CreateTrigram(db);
  std::vector<std::pair<int64_t, std::string>> chunks;
  {
    Stmt q(db, "SELECT id, body FROM search_text");
    while (q.Step()) chunks.emplace_back(q.Int(0), q.Text(1));
  }
  auto texts = SeedTexts(db);
  Lcg rnd;
  std::set<std::string> queries;
  while (queries.size() < 1500) {
    const auto& d = texts[rnd(texts.size())];
    size_t len = 1 + rnd(6);
    std::u32string s = d.substr(rnd(d.size() - len + 1), len);
    if (std::any_of(s.begin(), s.end(), [](char32_t c) { return gongwen::IsSearchBreak(c); })) continue;
    queries.insert(Utf8(s));
  }
  struct Tally {
    size_t expected = 0, found = 0, returned = 0, correct = 0, queries_missed = 0;
  };
  std::map<int, Tally> ours, tri;  // by length
  Stmt q_ours(db, "SELECT rowid FROM search WHERE search MATCH ?");
  Stmt q_tri(db, "SELECT rowid FROM search_tri WHERE search_tri MATCH ?");
  for (const std::string& s : queries) {
    int len = 0;
    for (size_t i = 0; i < s.size();) { gongwen::DecodeUtf8(s, &i); ++len; }
    std::set<int64_t> truth;
    for (const auto& [id, body] : chunks)
      if (body.find(s) != std::string::npos) truth.insert(id);
    std::string phrase = "\"";
    for (char c : s) { if (c == '"') phrase += '"'; phrase += c; }
    phrase += '"';
    auto ours_q = gongwen::PhraseQuery(s);  // "X"* for one character (pipeline/fts_tokenizer.h)
    Check(ours_q.status(), s.c_str());
    for (auto* pair : {&q_ours, &q_tri}) {
      Tally& t = (pair == &q_ours ? ours : tri)[len];
      pair->Reset();
      pair->Bind(1, pair == &q_ours ? ours_q.value().match : phrase);
      std::set<int64_t> got;
      while (pair->Step()) got.insert(pair->Int(0));
      size_t hit = 0;
      for (int64_t id : truth) hit += got.count(id);
      t.expected += truth.size();
      t.found += hit;
      t.returned += got.size();
      for (int64_t id : got) t.correct += truth.count(id);
      if (hit < truth.size()) ++t.queries_missed;
    }
  }
  std::printf("\n## Recall on the seeds (%zu substrings, chunk level, against instr)\n\n", queries.size());
  std::printf("| length | gongwen recall | gongwen precision | trigram recall | trigram queries with misses |\n");
  std::printf("|---|---|---|---|---|\n");
  for (const auto& [len, t] : ours) {
    const Tally& r = tri[len];
    std::printf("| %d | %.4f | %.4f | %.4f | %zu |\n", len, t.expected ? double(t.found) / t.expected : 1.0,
                t.returned ? double(t.correct) / t.returned : 1.0, r.expected ? double(r.found) / r.expected : 1.0,
                r.queries_missed);
  }
  Check(db.Exec("DROP TABLE search_tri"), "drop trigram");
}

// 2. Copies of the seed rows until the text passes target bytes.
std::vector<int64_t> Replicate(Db& db, uint64_t target_bytes) {
  const int64_t D = Scalar(db, "SELECT max(id) FROM documents");
  const int64_t S = Scalar(db, "SELECT max(id) FROM sections");
  const int64_t G = Scalar(db, "SELECT max(id) FROM guide_items");
  const int64_t seed_bytes = Scalar(db, "SELECT sum(length(CAST(text AS BLOB))) FROM documents");
  const int64_t copies = (static_cast<int64_t>(target_bytes) + seed_bytes - 1) / seed_bytes;
  auto columns = [&](const std::string& table) {
    std::vector<std::string> cols;
    Stmt q(db, "SELECT name FROM pragma_table_info(?)");
    q.Bind(1, table);
    while (q.Step()) cols.push_back(q.Text(0));
    return cols;
  };
  // table → column → expression ({k} the copy number)
  const std::vector<std::pair<std::string, std::map<std::string, std::string>>> overrides = {
      {"documents", {{"id", "id + {k} * {D}"}, {"sha256", "sha256 || '#{k}'"}, {"original", "''"},
                     {"file_name", "file_name || '#{k}'"}}},
      {"doc_issuers", {{"doc_id", "doc_id + {k} * {D}"}}},
      {"pages", {{"doc_id", "doc_id + {k} * {D}"}}},
      {"sections", {{"id", "id + {k} * {S}"}, {"doc_id", "doc_id + {k} * {D}"}, {"parent_id", "parent_id + {k} * {S}"}}},
      {"guide_items", {{"id", "id + {k} * {G}"}, {"doc_id", "doc_id + {k} * {D}"}}},
  };
  std::vector<std::string> statements;
  for (const auto& [table, over] : overrides) {
    auto cols = columns(table);
    std::string names, exprs;
    for (const auto& c : cols) {
      auto it = over.find(c);
      if (!names.empty()) {
        names += ", ";
        exprs += ", ";
      }
      names += c;
      exprs += it == over.end() ? c : it->second;
    }
    std::string where = table == "documents" ? "id" : "doc_id";
    statements.push_back(fmt::format("INSERT INTO {} ({}) SELECT {} FROM {} WHERE {} <= {}", table, names, exprs, table,
                                     where, D));
  }
  std::vector<int64_t> ids;
  auto t0 = Clock::now();
  for (int64_t k = 1; k < copies; ++k) {
    Check(db.Exec("BEGIN"), "begin");
    for (std::string sql : statements) {
      for (auto [key, val] : {std::pair<std::string, int64_t>{"{k}", k}, {"{D}", D}, {"{S}", S}, {"{G}", G}})
        for (size_t p; (p = sql.find(key)) != std::string::npos;) sql.replace(p, key.size(), std::to_string(val));
      Check(db.Exec(sql), sql.c_str());
    }
    Check(db.Exec("COMMIT"), "commit");
    for (int64_t d = 1; d <= D; ++d) ids.push_back(d + k * D);
  }
  std::printf("\nreplicated: %lld copies of %lld seed documents in %.1f s\n", static_cast<long long>(copies),
              static_cast<long long>(D), Since(t0));
  return ids;
}

struct Latency {
  std::vector<double> ms, cpu_ms;
  size_t hits = 0;
  Clock::time_point t0;
  double c0 = 0;
  void Start() {
    c0 = CpuNow();
    t0 = Clock::now();
  }
  void Stop() {
    ms.push_back(Since(t0) * 1e3);
    cpu_ms.push_back((CpuNow() - c0) * 1e3);
  }
  // median / p95 wall, median / p95 CPU, mean results
  std::string Row() {
    if (ms.empty()) return "n/a | n/a | n/a";
    auto pct = [](std::vector<double> v, double p) {
      std::sort(v.begin(), v.end());
      return v[std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1) + 0.5))];
    };
    return fmt::format("{:.1f} / {:.1f} | {:.1f} / {:.1f} | {:.1f}", pct(ms, 0.5), pct(ms, 0.95), pct(cpu_ms, 0.5),
                       pct(cpu_ms, 0.95), hits / static_cast<double>(ms.size()));
  }
};

std::string Phrase(const std::string& s) {
  std::string out = "\"";
  for (char c : s) { if (c == '"') out += '"'; out += c; }
  return out + "\"";
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t mb = 500;
  size_t per_kind = 100;
  std::string path = (fs::temp_directory_path() / "gongwen-search-bench.db").string();
  bool keep = false, queries_only = false, search_only = false;
  std::string only_kind;  // --kind "4 characters": time that kind only
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--mb" && i + 1 < argc) mb = std::stoull(argv[++i]);
    else if (a == "--queries" && i + 1 < argc) per_kind = std::stoul(argv[++i]);
    else if (a == "--db" && i + 1 < argc) path = argv[++i];
    else if (a == "--keep") keep = true;
    else if (a == "--queries-only") queries_only = keep = true;
    else if (a == "--search-only") search_only = true;
    else if (a == "--kind" && i + 1 < argc) only_kind = argv[++i];
    else {
      std::fprintf(stderr, "usage: search_bench [--mb N] [--queries N] [--db PATH] [--keep] [--queries-only] [--search-only] [--kind K]\n");
      return 2;
    }
  }
  std::unique_ptr<gongwen::Store> store;
  if (queries_only) {  // the archive a previous --keep run left
    auto opened = gongwen::Store::Open(path);
    Check(opened.status(), path.c_str());
    store = std::move(opened.value());
  } else {
    store = IngestSeeds(path);
  }
  Db& db = store->db();
  if (!queries_only) {
    Recall(db);
    auto ids = Replicate(db, mb << 20);
    // 3. Index build, as Store::Put does it: one transaction per document.
    auto t0 = Clock::now();
    for (int64_t id : ids) {
      Check(db.Exec("BEGIN IMMEDIATE"), "begin");
      Check(gongwen::IndexDocument(db, id), "index");
      Check(db.Exec("COMMIT"), "commit");
    }
    const double build_s = Since(t0);
    const int64_t docs = Scalar(db, "SELECT count(*) FROM documents");
    const int64_t chunks = Scalar(db, "SELECT count(*) FROM search_chunks");
    const int64_t text_bytes = Scalar(db, "SELECT sum(length(CAST(text AS BLOB))) FROM documents");
    const int64_t built_bytes = text_bytes * static_cast<int64_t>(ids.size()) / docs;
    const int64_t index_bytes = Scalar(db, "SELECT sum(length(block)) FROM search_data");
    t0 = Clock::now();
    CreateTrigram(db);
    const double tri_s = Since(t0);
    const int64_t tri_bytes = Scalar(db, "SELECT sum(length(block)) FROM search_tri_data");

    std::printf("\n## Index (%lld documents, %lld chunks, %.0f MB of text)\n\n", static_cast<long long>(docs),
                static_cast<long long>(chunks), text_bytes / 1e6);
    std::printf("| tokenizer | build | rate | index size | size / text |\n|---|---|---|---|---|\n");
    std::printf("| gongwen (format 2: bigrams, run ends, 237 frequent characters) | %.0f s | %.2f MB/s | %.0f MB | %.2f |\n", build_s,
                built_bytes / 1e6 / build_s, index_bytes / 1e6, static_cast<double>(index_bytes) / text_bytes);
    std::printf("| trigram | %.0f s | %.2f MB/s | %.0f MB | %.2f |\n", tri_s, text_bytes / 1e6 / tri_s, tri_bytes / 1e6,
                static_cast<double>(tri_bytes) / text_bytes);
    std::fflush(stdout);
  }

  // 5. Queries drawn from the seed texts.
  auto texts = SeedTexts(db);
  Lcg rnd;
  auto han_substring = [&](size_t len) {
    for (;;) {
      const auto& d = texts[rnd(texts.size())];
      std::u32string s = d.substr(rnd(d.size() - len + 1), len);
      if (std::all_of(s.begin(), s.end(), gongwen::IsHan)) return Utf8(s);
    }
  };
  std::map<std::string, std::vector<std::string>> kinds;
  for (size_t i = 0; i < per_kind; ++i) {
    kinds["1 character"].push_back(han_substring(1));
    kinds["2 characters"].push_back(han_substring(2));
    kinds["4 characters"].push_back(han_substring(4));
  }
  {
    UErrorCode err = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> words(icu::BreakIterator::createWordInstance(icu::Locale::getChinese(), err));
    std::vector<std::vector<std::string>> sentences(1);
    for (const auto& t : texts) {
      icu::UnicodeString u = icu::UnicodeString::fromUTF8(Utf8(t));
      words->setText(u);
      for (int32_t b = words->first(), e = words->next(); e != icu::BreakIterator::DONE; b = e, e = words->next()) {
        std::string w;
        u.tempSubStringBetween(b, e).toUTF8String(w);
        if (w == "。" || w == "；") sentences.emplace_back();
        else if (words->getRuleStatus() >= UBRK_WORD_IDEO && e - b >= 2) sentences.back().push_back(w);
      }
    }
    std::erase_if(sentences, [](const auto& s) { return s.size() < 2; });
    while (kinds["2 words"].size() < per_kind) {
      const auto& s = sentences[rnd(sentences.size())];
      size_t a = rnd(s.size()), b = rnd(s.size());
      if (a != b && s[a] != s[b]) kinds["2 words"].push_back(s[a] + " " + s[b]);
    }
  }
  std::printf("\n## Query latency, ms (%zu queries of each kind; wall median / p95 | CPU median / p95 | mean results)\n\n",
              per_kind);
  std::printf("| query | search (top 20 + snippets) | | | match, bm25 over all (top 20) | | | trigram, bm25 over all (top 20) | | |\n"
              "|---|---|---|---|---|---|---|---|---|---|\n");
  Stmt m(db, "SELECT rowid FROM search WHERE search MATCH ? AND rank MATCH 'bm25(1.0, 10.0)' ORDER BY rank LIMIT 20");
  Stmt tri(db, "SELECT rowid FROM search_tri WHERE search_tri MATCH ? ORDER BY rank LIMIT 20");
  for (auto& [kind, queries] : kinds) {
    if (!only_kind.empty() && kind != only_kind) continue;
    Latency full, match, trigram;
    for (const std::string& text : queries) {
      auto q = gongwen::ParseQuery(text);
      Check(q.status(), text.c_str());
      full.Start();
      auto hits = gongwen::Search(db, q.value(), {.limit = 20});
      full.Stop();
      Check(hits.status(), text.c_str());
      full.hits += hits.value().size();
      if (search_only) continue;
      for (auto [stmt, lat] : {std::pair{&m, &match}, std::pair{&tri, &trigram}}) {
        std::string expr;
        if (stmt == &m) {
          expr = q.value().match;
        } else if (kind == "2 words") {
          size_t sp = text.find(' ');
          expr = Phrase(text.substr(0, sp)) + " " + Phrase(text.substr(sp + 1));
        } else {
          expr = Phrase(text);
        }
        stmt->Reset();
        stmt->Bind(1, expr);
        lat->Start();
        while (stmt->Step()) ++lat->hits;
        lat->Stop();
      }
    }
    std::printf("| %s | %s | %s | %s |\n", kind.c_str(), full.Row().c_str(), match.Row().c_str(), trigram.Row().c_str());
    std::fflush(stdout);
  }
  store.reset();
  if (!keep)
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
  return 0;
}
