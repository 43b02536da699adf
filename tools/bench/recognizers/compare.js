// @microsoft/recognizers-text-suite (Chinese culture) on the seed notices:
// throughput of its number and number-with-unit recognizers, and how many of
// the hand-annotated seed indicators (tests/golden/indicators/*.tsv) it finds.
//
//   cd tools/bench/recognizers && npm install && node compare.js [MB]
//
// "Found" is lenient: an entity anywhere in the seed whose value equals the
// annotated value (万/亿 scaled in, 万元 → ×1e4) and which carries a unit when
// the annotation has one; each entity counts once. The suite gives no
// comparator, condition or subject, so those are not asked of it.
"use strict";
const fs = require("fs");
const path = require("path");
const R = require("@microsoft/recognizers-text-suite");

const root = path.resolve(__dirname, "../../..");
const culture = R.Culture.Chinese;
const withUnit = ["recognizeDimension", "recognizeCurrency", "recognizePercentage", "recognizeTemperature", "recognizeAge"];
const all = ["recognizeNumber", ...withUnit];

function entities(text) {
  const out = [];
  for (const f of all)
    for (const e of R[f](text, culture)) {
      const v = parseFloat(String(e.resolution && e.resolution.value).replace(/[%,]/g, ""));
      if (!isNaN(v)) out.push({ f, text: e.text, value: v, unit: f !== "recognizeNumber", used: false });
    }
  return out;
}

function near(a, b) { return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)); }

// Golden rows: scope code kind subject op value value_max unit condition
function golden(seed) {
  const rows = [];
  const lines = fs.readFileSync(path.join(root, "tests/golden/indicators", seed + ".tsv"), "utf8").split("\n");
  let header = true;
  for (const line of lines) {
    if (!line || line.startsWith("#")) continue;
    if (header) { header = false; continue; }
    const c = line.split("\t").map((x) => (x === "-" ? "" : x));
    rows.push({ kind: c[2], value: parseFloat(c[5]), unit: c[7] });
  }
  return rows;
}

let total = 0, found = 0;
for (const file of fs.readdirSync(path.join(root, "tests/golden/indicators"))) {
  const seed = file.replace(/\.tsv$/, "");
  const text = fs.readFileSync(path.join(root, "corpus/notices", seed + ".txt"), "utf8");
  const es = entities(text);
  let n = 0;
  const rows = golden(seed);
  for (const g of rows) {
    const values = [g.value];
    if (g.unit.startsWith("万")) values.push(g.value * 1e4);
    if (g.unit.startsWith("亿")) values.push(g.value * 1e8);
    const e = es.find((e) => !e.used && values.some((v) => near(e.value, v)) && (g.unit === "" || e.unit));
    if (e) { e.used = true; n++; }
  }
  console.log(`${seed}: found ${n} of ${rows.length} annotated indicators`);
  total += rows.length;
  found += n;
}
console.log(`all seeds: found ${found} of ${total}`);

// Throughput on the seeds replicated to MB megabytes (default 4; the suite is slow).
const mb = parseFloat(process.argv[2] || "4");
let one = "";
for (const f of fs.readdirSync(path.join(root, "corpus/notices")))
  if (f.endsWith(".txt")) one += fs.readFileSync(path.join(root, "corpus/notices", f), "utf8") + "\n";
// Paragraphs one by one, as an application would feed it.
const paras = one.split("\n").filter((p) => p.trim());
const bytesPerCopy = Buffer.byteLength(paras.join("\n"), "utf8");
const copies = Math.max(1, Math.round((mb * 1e6) / bytesPerCopy));
for (const fns of [withUnit, all]) {
  const t0 = process.hrtime.bigint(), c0 = process.cpuUsage();
  let count = 0;
  for (let k = 0; k < copies; k++)
    for (const p of paras) for (const f of fns) count += R[f](p, culture).length;
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const cu = process.cpuUsage(c0), cpu = (cu.user + cu.system) / 1e6;
  const bytes = bytesPerCopy * copies;
  console.log(`${fns === all ? "number + with-unit" : "with-unit only"}: ${(bytes / 1e6).toFixed(1)} MB, ` +
              `${cpu.toFixed(1)} s CPU (${s.toFixed(1)} s wall) = ${(bytes / 1e6 / cpu).toFixed(3)} MB/s per core, ${count} entities`);
}
