// npm run bench:lint [-- --files 500 --queries 20 --runs 5]
// Lints a generated corpus with ESLint + the typescript-eslint parser and no rules (the floor),
// with one rule that does nothing (what ESLint's traversal costs any rule), and with the four SQL
// rules of the built plugin (dist/), in rotating order, each run in a fresh process; prints the
// medians of CPU time (and wall time), the ratio to the floor (target ≤ 1.10×) and to the no-op
// rule, and the engine's median cost per query.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { generateCorpus } from "./generate.mjs";

const { values } = parseArgs({
  options: {
    files: { type: "string", default: "500" },
    queries: { type: "string", default: "20" },
    runs: { type: "string", default: "5" },
  },
});
const files = Number(values.files);
const queries = Number(values.queries);
const runs = Math.max(1, Number(values.runs));

if (!existsSync("dist/index.js")) {
  console.error("bench:lint runs on the built plugin: run `npm run build` first.");
  process.exit(1);
}

const corpus = generateCorpus(join("bench", ".out", "lint-corpus"), { files, queries });
console.log(`corpus: ${files} files × ${queries} queries in ${corpus}`);

const once = (variant) => JSON.parse(execFileSync(process.execPath, ["bench/lint/lint-once.mjs", variant, corpus], { encoding: "utf8" }));
const median = (list) => [...list].sort((a, b) => a - b)[list.length >> 1];

once("floor"); // warm the file system cache before anything is measured
const VARIANTS = ["floor", "noop", "rules"];
const times = { floor: [], noop: [], rules: [] };
const walls = { floor: [], noop: [], rules: [] };
let problems = 0;
for (let run = 0; run < runs; run += 1) {
  // Rotate which variant goes first, so drift on a shared machine hits all alike.
  for (const variant of [...VARIANTS.slice(run % 3), ...VARIANTS.slice(0, run % 3)]) {
    const result = once(variant);
    if (result.fatal > 0) throw new Error(`${variant}: ${result.fatal} files failed to parse`);
    times[variant].push(result.cpuMs);
    walls[variant].push(result.ms);
    if (variant === "rules") problems = result.problems;
    console.log(`run ${run + 1} ${variant.padEnd(5)} cpu ${(result.cpuMs / 1000).toFixed(2)} s, wall ${(result.ms / 1000).toFixed(2)} s`);
  }
}

const floor = median(times.floor);
const noop = median(times.noop);
const rules = median(times.rules);
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
console.log(`floor (parser, no rules): median cpu ${seconds(floor)}, wall ${seconds(median(walls.floor))} of ${runs}`);
console.log(`one no-op rule:           median cpu ${seconds(noop)}, wall ${seconds(median(walls.noop))} of ${runs}`);
console.log(`four SQL rules:           median cpu ${seconds(rules)}, wall ${seconds(median(walls.rules))} of ${runs} (${problems} problems)`);
console.log(`ratio (cpu): ${(rules / floor).toFixed(3)}× the floor (target ≤ 1.10×), ${(rules / noop).toFixed(3)}× the no-op rule; wall: ${(median(walls.rules) / median(walls.floor)).toFixed(3)}× the floor`);

// Engine cost: the distinct SQL strings of the corpus's query calls, measured cold.
const texts = [];
for (const name of readdirSync(join(corpus, "src")).slice(0, 50)) {
  const source = readFileSync(join(corpus, "src", name), "utf8");
  for (const match of source.matchAll(/"((?:SELECT|INSERT|UPDATE|DELETE|WITH)[^"]*)"|'((?:SELECT|INSERT|UPDATE|DELETE|WITH)[^']*)'/g)) {
    texts.push(match[1] ?? match[2]);
  }
}
const cost = JSON.parse(execFileSync(process.execPath, ["bench/lint/engine-cost.mjs", JSON.stringify(texts)], { encoding: "utf8" }));
console.log(`engine: median ${cost.medianUs.toFixed(1)} µs per analyzeSql on ${cost.queries} distinct statements (cold cache)`);
