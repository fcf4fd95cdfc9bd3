// npm run bench:codemod [-- --files 500 --queries 20 --runs 5 --transform all]
// `pgdbm-codemod all` (in-process, from dist/) over the lint benchmark's generated corpus, against
// jscodeshift's floor on the same files: parse with the parser the extension picks, print. Each
// run in a fresh process, the two alternating; prints the medians and their ratio (target ≤ 1.3×).
// Where the time goes: `node bench/codemod/profile.mjs` (a --cpu-prof run, split by phase).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { generateCorpus } from "../lint/generate.mjs";

const { values } = parseArgs({
  options: {
    files: { type: "string", default: "500" },
    queries: { type: "string", default: "20" },
    runs: { type: "string", default: "5" },
    transform: { type: "string", default: "all" },
  },
});
const files = Number(values.files);
const queries = Number(values.queries);
const runs = Math.max(1, Number(values.runs));
const transform = values.transform;

if (!existsSync("dist/codemods/index.js")) {
  console.error("bench:codemod runs on the built package: run `npm run build` first.");
  process.exit(1);
}

const corpus = generateCorpus(join("bench", ".out", "codemod-corpus"), { files, queries });
console.log(`corpus: ${files} files × ${queries} queries in ${corpus}; transform: ${transform}`);

const once = (variant) =>
  JSON.parse(execFileSync(process.execPath, ["bench/codemod/once.mjs", variant, corpus], { encoding: "utf8", maxBuffer: 1 << 24 }));
const median = (list) => [...list].sort((a, b) => a - b)[list.length >> 1];

once("floor"); // warm the file system cache before anything is measured
const times = { floor: [], [transform]: [] };
const loads = { floor: [], [transform]: [] };
let changed = 0;
for (let run = 0; run < runs; run += 1) {
  // Alternate which variant goes first, so drift on a shared machine hits both alike.
  for (const variant of run % 2 === 0 ? ["floor", transform] : [transform, "floor"]) {
    const result = once(variant);
    times[variant].push(result.ms);
    loads[variant].push(result.loadMs);
    if (variant === transform) changed = result.changed;
    console.log(`run ${run + 1} ${variant.padEnd(6)} ${(result.ms / 1000).toFixed(2)} s (+ ${(result.loadMs / 1000).toFixed(2)} s loading)`);
  }
}

const floor = median(times.floor);
const ours = median(times[transform]);
console.log(`jscodeshift parse + print: median ${(floor / 1000).toFixed(2)} s of ${runs} (${(floor / files).toFixed(1)} ms per file)`);
console.log(
  `pgdbm-codemod ${transform}:`.padEnd(27) +
    `median ${(ours / 1000).toFixed(2)} s of ${runs} (${(ours / files).toFixed(1)} ms per file, ${changed} of ${files} files changed)`,
);
console.log(`loading: floor ${(median(loads.floor) / 1000).toFixed(2)} s, ${transform} ${(median(loads[transform]) / 1000).toFixed(2)} s (once per process, not in the ratio)`);
const ratio = ours / floor;
console.log(`ratio: ${ratio.toFixed(3)}× (target ≤ 1.30×)`);
if (ratio > 1.3) console.log("where the time goes: node bench/codemod/profile.mjs");
