// One timed ESLint run in a fresh process, so that no run profits from another's warm caches
// (module loading, JIT, the SQL engine's parse cache, a TypeScript program).
//   node bench/suite/lint-worker.mjs '{"setup":"syntactic","variant":"recommended","corpus":"…","checkpoints":[250,500,1000]}'
// The corpus's `src/*.ts` files are linted in index order. With `checkpoints`, they are linted in
// chunks and the clock is read after each: the reading at N files is what a fresh run over the
// first N files costs (the same process start, the same files, in the same order), so one process
// gives every corpus size. Prints one JSON line:
//   { checkpoints: [{ files, ms, cpuMs }], files, problems, fatal, firstFatal, rules }
// Both clocks run from before ESLint is imported to the end of linting, as a CI job pays it: `ms`
// is wall time, `cpuMs` the process's user + system CPU time (all its threads), which neighbours
// on a shared machine disturb far less. `rules` counts the problems per rule id.
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";

const spec = JSON.parse(process.argv[2] ?? "{}");
const started = performance.now();
const cpuStarted = process.cpuUsage();
const { ESLint } = await import("eslint");
const { variantConfig } = await import("./configs.mjs");
const config = await variantConfig(spec);
const corpus = resolve(spec.corpus);
const eslint = new ESLint({ cwd: corpus, overrideConfigFile: true, overrideConfig: config, cache: false });

const indexOf = (name) => Number(/(\d+)\.ts$/.exec(name)?.[1] ?? 0);
const files = readdirSync(join(corpus, "src"))
  .filter((name) => name.endsWith(".ts"))
  .sort((a, b) => indexOf(a) - indexOf(b))
  .map((name) => join(corpus, "src", name));
const limits = (spec.checkpoints ?? [files.length]).filter((limit) => limit <= files.length);

const checkpoints = [];
const results = [];
let done = 0;
for (const limit of limits) {
  results.push(...(await eslint.lintFiles(files.slice(done, limit))));
  done = limit;
  const cpu = process.cpuUsage(cpuStarted);
  checkpoints.push({ files: limit, ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000 });
}

const rules = {};
let problems = 0;
let fatal = 0;
let firstFatal;
for (const result of results) {
  fatal += result.fatalErrorCount;
  for (const message of result.messages) {
    problems += 1;
    const id = message.ruleId ?? (message.fatal ? "fatal" : "other");
    rules[id] = (rules[id] ?? 0) + 1;
    if (message.fatal && firstFatal === undefined) firstFatal = `${result.filePath}: ${message.message}`;
  }
}
console.log(JSON.stringify({ checkpoints, files: results.length, problems, fatal, firstFatal, rules }));
// safeql's worker thread keeps its database connection open: leave without waiting for it.
process.exit(0);
