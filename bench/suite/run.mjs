// npm run bench [-- --runs 5 --only lint,peers,editor,codemod,runtime --quick --no-build --write --strict]
//
// The whole benchmark suite in one run, printed as one table in which every figure is a ratio to
// a baseline measured in the same run: each timed run is a fresh process, the variants of a row
// alternate within every run (the order flips each run), and a row shows the median of the
// per-run ratios with their min–max.
//   lint     ESLint + typescript-eslint's parser with no rules (the floor) vs the plugin's
//            `recommended` and `all` configs, on the lint bench's generated corpus at 250, 500 and
//            1,000 files (one process per variant and run, read at each size), with the cost per
//            extra file from a least-squares line and how straight that line is;
//   peers    a `sql` tagged-template corpus linted by this plugin and by eslint-plugin-sql (no type
//            information), and by this plugin and @ts-safeql's check-sql (type-aware, against a
//            scratch database) — each against the floor of its own parser setup;
//   editor   the plugin's time per lint of a 500-line file with 40 queries, p50/p95, from ESLint's
//            own rule timing (`stats`), as a share of the parser's time on the same lint;
//   codemod  `pgdbm-codemod all`'s transform vs jscodeshift parse-and-print (bench/codemod/once.mjs);
//   runtime  `fetchOne` of a templated query vs raw pg on the same pool (bench/runtime.mjs).
// --write replaces the generated part of BENCHMARKS.md with this run's table; --strict exits 1 when
// a target is missed or a row could not be measured.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, freemem, loadavg, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import pg from "pg";
import { generateCorpus } from "../lint/generate.mjs";
import { createScratchDatabase } from "../peers/scratch-db.mjs";
import { formatRatio, linearFit, median, percentile, spread } from "./stats.mjs";
import { generateTaggedCorpus } from "./tagged-corpus.mjs";

const SECTIONS = ["lint", "peers", "editor", "codemod", "runtime"];
const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    only: { type: "string", default: SECTIONS.join(",") },
    quick: { type: "boolean", default: false },
    "no-build": { type: "boolean", default: false },
    write: { type: "boolean", default: false },
    strict: { type: "boolean", default: false },
  },
});
const runs = Math.max(1, Number(args.runs));
const only = new Set(args.only.split(",").map((name) => name.trim()));
const quick = args.quick;
const adminUrl =
  process.env.PGDBM_TEST_URL && process.env.PGDBM_TEST_URL !== "pglite"
    ? process.env.PGDBM_TEST_URL
    : "postgres://postgres@127.0.0.1:5432/postgres";

// Sizes: the full run fits the 10-minute budget on this 2-core machine; --quick is for development.
const SIZES = quick
  ? { lint: [25, 50, 75, 100], lintRows: [25, 50, 100], tagged: 20, editorFiles: 15, editorEdits: 20, codemod: 30, runtimeRounds: 5, runtimePairs: 300 }
  : { lint: [125, 250, 375, 500, 625, 750, 875, 1000], lintRows: [250, 500, 1000], tagged: 40, editorFiles: 25, editorEdits: 30, codemod: 80, runtimeRounds: 7, runtimePairs: 2000 };
const QUERIES = 20;
const OUT = join("bench", ".out", "suite");
const suiteStarted = performance.now();
const loadAtStart = loadavg()[0];

const rows = [];
const notes = [];
const log = (line) => process.stderr.write(`${line}\n`);

/** Runs `node <script> <args>` and parses the last JSON line it prints. */
function nodeJson(script, scriptArgs, { env, nodeArgs = [] } = {}) {
  const output = execFileSync(process.execPath, [...nodeArgs, script, ...scriptArgs], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const line = output.trim().split("\n").filter((text) => text.startsWith("{")).at(-1);
  if (line === undefined) throw new Error(`${script} printed no JSON: ${output.slice(-500)}`);
  return JSON.parse(line);
}

/** The variants in run `run`'s order: forward on even runs, reversed on odd ones, rotated as the runs go. */
function order(variants, run) {
  const rotated = variants.map((_, index) => variants[(index + (run >> 1)) % variants.length]);
  return run % 2 === 0 ? rotated : rotated.reverse();
}

function lintOnce(spec) {
  const result = nodeJson("bench/suite/lint-worker.mjs", [JSON.stringify(spec)]);
  if (result.fatal > 0) throw new Error(`${spec.setup}/${spec.variant}: ${result.fatal} files failed to parse (${result.firstFatal})`);
  return result;
}

const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const signed = (value, digits) => `${value < 0 ? "−" : "+"}${Math.abs(value).toFixed(digits)}`;
const verdict = (met) => (met ? "met" : "**missed**");

/** Why the plugin rows cannot be measured, or undefined when the built plugin has rules and configs. */
let pluginProblem;
async function checkPlugin() {
  if (!existsSync("dist/index.js")) return "dist/index.js is missing (the build failed?)";
  try {
    const plugin = (await import(resolve("dist/index.js"))).default;
    if (Object.keys(plugin.rules ?? {}).length === 0) return "the built plugin has no rules";
    for (const name of ["recommended", "all"]) {
      const rules = [plugin.configs?.[name] ?? []].flat().flatMap((entry) => Object.keys(entry?.rules ?? {}));
      if (rules.length === 0) return `the built plugin's \`${name}\` config turns no rule on`;
    }
    return undefined;
  } catch (error) {
    return `dist/index.js does not load: ${String(error.message ?? error).split("\n")[0]}`;
  }
}
const pluginReady = () => pluginProblem;

// ---------------------------------------------------------------------------------------------
function benchLint() {
  const missing = pluginReady();
  if (missing) return notes.push(`lint: not measured: ${missing}`);
  const largest = SIZES.lint.at(-1);
  const corpus = generateCorpus(join(OUT, "lint-corpus"), { files: largest, queries: QUERIES });
  const variants = ["floor", "noop", "recommended", "all"];
  const times = Object.fromEntries(variants.map((variant) => [variant, []])); // times[variant][run] = [{ files, ms, cpuMs }]
  const problems = {};
  for (let run = 0; run < runs; run += 1) {
    for (const variant of order(variants, run)) {
      const result = lintOnce({ setup: "syntactic", variant, corpus, checkpoints: SIZES.lint });
      times[variant].push(result.checkpoints);
      problems[variant] = result.problems;
      log(`lint run ${run + 1} ${variant.padEnd(11)} ${result.checkpoints.map((point) => `${point.files}: ${seconds(point.cpuMs)} cpu`).join(", ")}`);
    }
  }
  const at = (variant, run, files, clock = "cpuMs") => times[variant][run].find((point) => point.files === files)[clock];
  const perRun = (variant, files, clock) => times.floor.map((_, run) => at(variant, run, files, clock) / at("floor", run, files, clock));
  const labels = {
    noop: "one no-op rule (what any rule costs: ESLint's rule machinery)",
    recommended: "`recommended`",
    all: "`all`",
  };
  for (const files of SIZES.lintRows) {
    const floor = median(times.floor.map((_, run) => at("floor", run, files)));
    const floorWall = median(times.floor.map((_, run) => at("floor", run, files, "ms")));
    for (const variant of ["noop", "recommended", "all"]) {
      const ratios = spread(perRun(variant, files, "cpuMs"));
      const overNoop = median(times.noop.map((_, run) => at(variant, run, files) / at("noop", run, files)));
      rows.push({
        section: "lint",
        what: `${labels[variant]} vs floor, ${files} files × ${QUERIES} queries`,
        baseline: `floor ${seconds(floor)} cpu (${seconds(floorWall)} wall)`,
        ratio: ratios,
        extra: `wall ${median(perRun(variant, files, "ms")).toFixed(2)}×${variant === "noop" ? "" : `; vs the no-op rule ${overNoop.toFixed(2)}×; ${problems[variant]} problems at ${largest} files`}`,
        target: variant === "recommended" ? "≤ 1.10×" : "",
        status: variant === "recommended" ? verdict(ratios.median <= 1.1) : "",
      });
    }
  }
  // Cost per extra file: a line through every checkpoint's median CPU time.
  const fits = {};
  for (const variant of variants) {
    fits[variant] = linearFit(SIZES.lint.map((files) => [files, median(times[variant].map((_, run) => at(variant, run, files)))]));
  }
  for (const variant of ["noop", "recommended", "all"]) {
    const slopeRatios = spread(
      times.floor.map((_, run) => {
        const line = (name) => linearFit(SIZES.lint.map((files) => [files, at(name, run, files)])).slope;
        return line(variant) / line("floor");
      }),
    );
    const fit = fits[variant];
    rows.push({
      section: "lint",
      what: `${labels[variant]}: cost per extra file (slope over ${SIZES.lint.length} sizes, ${SIZES.lint[0]}–${largest} files)`,
      baseline: `floor ${fits.floor.slope.toFixed(2)} ms/file cpu`,
      ratio: slopeRatios,
      extra:
        `${fit.slope.toFixed(2)} ms/file (${signed(fit.slope - fits.floor.slope, 2)}) and ${signed(fit.intercept - fits.floor.intercept, 0)} ms fixed per run; ` +
        `linear: R² ${fit.r2.toFixed(4)}, worst point ${(fit.worstDeviation * 100).toFixed(1)}% off the line`,
      target: "",
      status: "",
    });
  }
  notes.push(`lint: floor line ${fits.floor.intercept.toFixed(0)} ms + ${fits.floor.slope.toFixed(2)} ms/file of CPU time (R² ${fits.floor.r2.toFixed(4)})`);
}

// ---------------------------------------------------------------------------------------------
async function benchPeers() {
  const missing = pluginReady();
  if (missing) return notes.push(`peers: not measured: ${missing}`);
  const corpus = generateTaggedCorpus(join(OUT, "tagged-corpus"), { files: SIZES.tagged, queries: QUERIES });
  let database;
  try {
    database = await createScratchDatabase(adminUrl);
  } catch (error) {
    notes.push(`peers: @ts-safeql not measured: no PostgreSQL at ${adminUrl.replace(/\/\/[^@]*@/, "//")} (${error.message})`);
  }
  const variants = [
    { setup: "syntactic", variant: "floor" },
    { setup: "syntactic", variant: "recommended" },
    { setup: "syntactic", variant: "eslint-plugin-sql" },
    ...(database
      ? [
          { setup: "typed", variant: "floor" },
          { setup: "typed", variant: "recommended" },
          { setup: "typed", variant: "safeql" },
        ]
      : []),
  ];
  const key = ({ setup, variant }) => `${setup}/${variant}`;
  const times = Object.fromEntries(variants.map((variant) => [key(variant), []]));
  const walls = Object.fromEntries(variants.map((variant) => [key(variant), []]));
  const problems = {};
  try {
    for (let run = 0; run < runs; run += 1) {
      for (const variant of order(variants, run)) {
        const result = lintOnce({ ...variant, corpus, databaseUrl: database?.url });
        const { ms, cpuMs } = result.checkpoints.at(-1);
        times[key(variant)].push(cpuMs);
        walls[key(variant)].push(ms);
        problems[key(variant)] = result.problems;
        log(`peers run ${run + 1} ${key(variant).padEnd(28)} ${seconds(cpuMs)} cpu, ${seconds(ms)} wall (${result.problems} problems)`);
      }
    }
  } finally {
    await database?.drop();
  }
  const labels = {
    recommended: "eslint-plugin-pgdbm recommended",
    "eslint-plugin-sql": "eslint-plugin-sql (format, no-unsafe-query)",
    safeql: "@ts-safeql/eslint-plugin check-sql",
  };
  for (const setup of ["syntactic", "typed"]) {
    const floorKey = `${setup}/floor`;
    if (!times[floorKey]) continue;
    const floor = median(times[floorKey]);
    const entries = variants.filter((variant) => variant.setup === setup && variant.variant !== "floor");
    const ratiosOf = (clock) =>
      Object.fromEntries(entries.map((variant) => [variant.variant, spread(clock[key(variant)].map((ms, run) => ms / clock[floorKey][run]))]));
    const ratios = ratiosOf(times);
    const wallRatios = ratiosOf(walls);
    const peer = entries.find((variant) => variant.variant !== "recommended")?.variant;
    for (const variant of entries) {
      const ours = variant.variant === "recommended";
      const extraPerFile = ((ratios[variant.variant].median - 1) * floor) / SIZES.tagged;
      // check-sql's work is partly PostgreSQL's (another process): its wall time counts too.
      const ahead = peer && ratios.recommended.median < ratios[peer].median && wallRatios.recommended.median < wallRatios[peer].median;
      rows.push({
        section: "peers",
        what: `${labels[variant.variant]}, ${setup === "typed" ? "type-aware (projectService)" : "no type information"}, ${SIZES.tagged} files × ${QUERIES} \`sql\` tags`,
        baseline: `floor ${seconds(floor)} cpu (${seconds(median(walls[floorKey]))} wall)`,
        ratio: ratios[variant.variant],
        extra: `wall ${formatRatio(wallRatios[variant.variant])}; ${signed(extraPerFile, 1)} ms/file cpu; ${problems[key(variant)]} problems`,
        target: ours ? `ahead of ${peer} (cpu and wall)` : "",
        status: ours && peer ? verdict(ahead) : "",
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
function benchEditor() {
  const missing = pluginReady();
  if (missing) return notes.push(`editor: not measured: ${missing}`);
  const scenarios = [
    ["open", "file opened (not seen by the process before)"],
    ["keystroke", "keystroke (one statement edited, the rest cached)"],
  ];
  const perRun = Object.fromEntries(scenarios.map(([scenario]) => [scenario, { p50: [], p95: [], share: [], parse: [] }]));
  let shape;
  for (let run = 0; run < runs; run += 1) {
    const result = nodeJson("bench/suite/editor-worker.mjs", [
      JSON.stringify({ dir: join(OUT, "editor-corpus"), files: SIZES.editorFiles, edits: SIZES.editorEdits, config: "recommended", seed: run }),
    ]);
    shape = result;
    for (const [scenario] of scenarios) {
      const samples = result[scenario];
      const plugin = samples.map((sample) => sample.pluginMs);
      const into = perRun[scenario];
      into.p50.push(percentile(plugin, 50));
      into.p95.push(percentile(plugin, 95));
      into.share.push(median(samples.map((sample) => sample.pluginMs / sample.parseMs)));
      into.parse.push(median(samples.map((sample) => sample.parseMs)));
    }
    log(`editor run ${run + 1}: ${scenarios.map(([scenario]) => `${scenario} p50 ${perRun[scenario].p50.at(-1).toFixed(2)} ms, p95 ${perRun[scenario].p95.at(-1).toFixed(2)} ms`).join("; ")}`);
  }
  const ms = ({ median: middle, min, max }) => `${middle.toFixed(2)} ms (${min.toFixed(2)}–${max.toFixed(2)})`;
  for (const [scenario, label] of scenarios) {
    const figures = perRun[scenario];
    const p95 = spread(figures.p95);
    rows.push({
      section: "editor",
      what: `plugin time per lint of a ${shape.lines}-line file with ${shape.queries} queries (\`recommended\`, ESLint \`stats\`): ${label}`,
      baseline: `parser ${median(figures.parse).toFixed(1)} ms per lint`,
      ratio: spread(figures.share),
      extra: `p50 ${ms(spread(figures.p50))}, p95 ${ms(p95)}; ${shape[scenario].length} lints per run`,
      target: "p95 ≤ 5 ms",
      status: verdict(p95.median <= 5),
    });
  }
}

// ---------------------------------------------------------------------------------------------
function benchCodemod() {
  if (!existsSync("bench/codemod/once.mjs")) return notes.push("codemod: not measured: bench/codemod/once.mjs (bench:codemod) is missing");
  if (!existsSync("dist/codemods/index.js")) return notes.push("codemod: not measured: dist/codemods/index.js is missing (codemods not built)");
  const corpus = generateCorpus(join(OUT, "codemod-corpus"), { files: SIZES.codemod, queries: QUERIES });
  const variants = ["floor", "all"];
  const times = { floor: [], all: [] };
  let changed = 0;
  nodeJson("bench/codemod/once.mjs", ["floor", corpus]); // file-system cache, not timed
  for (let run = 0; run < runs; run += 1) {
    for (const variant of order(variants, run)) {
      const result = nodeJson("bench/codemod/once.mjs", [variant, corpus]);
      times[variant].push(result.ms);
      if (variant === "all") changed = result.changed;
      log(`codemod run ${run + 1} ${variant.padEnd(5)} ${seconds(result.ms)}`);
    }
  }
  const ratios = spread(times.all.map((ms, run) => ms / times.floor[run]));
  rows.push({
    section: "codemod",
    what: `\`pgdbm-codemod all\` transform vs jscodeshift parse + print, ${SIZES.codemod} files`,
    baseline: `floor ${seconds(median(times.floor))} (${(median(times.floor) / SIZES.codemod).toFixed(1)} ms/file)`,
    ratio: ratios,
    extra: `${(median(times.all) / SIZES.codemod).toFixed(1)} ms/file; ${changed} of ${SIZES.codemod} files changed`,
    target: "≤ 1.30×",
    status: verdict(ratios.median <= 1.3),
  });
}

// ---------------------------------------------------------------------------------------------
function benchRuntime() {
  if (!existsSync("dist/runtime/index.js")) return notes.push("runtime: not measured: dist/runtime is missing");
  const result = spawnSync(process.execPath, ["bench/runtime.mjs"], {
    encoding: "utf8",
    env: { ...process.env, BENCH_ROUNDS: String(SIZES.runtimeRounds), BENCH_PAIRS: String(SIZES.runtimePairs) },
  });
  if (result.status !== 0) return notes.push(`runtime: not measured: bench/runtime.mjs failed: ${(result.stderr || result.stdout).trim().split("\n").slice(0, 3).join(" ")}`);
  const perRound = /ratio runtime\/raw per round: ([\d., ]+)/.exec(result.stdout);
  const raw = /raw pg pool\.query\s+median ([\d.]+) µs/.exec(result.stdout);
  const runtime = /runtime fetchOne\s+median ([\d.]+) µs/.exec(result.stdout);
  if (!perRound || !raw || !runtime) return notes.push(`runtime: not measured: unexpected output of bench/runtime.mjs: ${result.stdout.slice(0, 300)}`);
  const ratios = spread(perRound[1].split(",").map(Number));
  rows.push({
    section: "runtime",
    what: `\`fetchOne\` of a templated query vs raw pg, same pool (${SIZES.runtimeRounds} rounds × ${SIZES.runtimePairs} interleaved pairs)`,
    baseline: `raw ${raw[1]} µs/query`,
    ratio: ratios,
    extra: `${runtime[1]} µs/query`,
    target: "≤ 1.03×",
    status: verdict(ratios.median <= 1.03),
  });
}

// ---------------------------------------------------------------------------------------------
function version(pkg) {
  try {
    return JSON.parse(readFileSync(join("node_modules", pkg, "package.json"), "utf8")).version;
  } catch {
    return "not installed";
  }
}

async function serverVersion() {
  const client = new pg.Client({ connectionString: adminUrl });
  try {
    await client.connect();
    return (await client.query("SHOW server_version")).rows[0].server_version;
  } catch {
    return "not reachable";
  } finally {
    await client.end().catch(() => {});
  }
}

function machine() {
  let memory = `${(totalmem() / 2 ** 30).toFixed(1)} GiB`;
  try {
    const total = /MemTotal:\s+(\d+) kB/.exec(readFileSync("/proc/meminfo", "utf8"))?.[1];
    if (total) memory = `${(Number(total) / 2 ** 20).toFixed(1)} GiB`;
  } catch {
    // not Linux: os.totalmem() stands
  }
  return { cores: cpus().length, cpu: cpus()[0]?.model.trim() ?? "unknown", memory, freeMemory: `${(freemem() / 2 ** 30).toFixed(1)} GiB` };
}

function table() {
  const lines = ["| section | measurement | baseline (same run) | ratio: median (min–max) | detail | target | status |", "| --- | --- | --- | --- | --- | --- | --- |"];
  for (const row of rows) {
    const ratio = `${formatRatio(row.ratio)}${row.ratioNote ? ` ${row.ratioNote}` : ""}`;
    lines.push(`| ${row.section} | ${row.what} | ${row.baseline} | ${ratio} | ${row.extra ?? ""} | ${row.target} | ${row.status} |`);
  }
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------
mkdirSync(OUT, { recursive: true });
if (!args["no-build"]) {
  log("building dist/ (npm run build) …");
  const build = spawnSync("npm", ["run", "build"], { encoding: "utf8" });
  if (build.status !== 0) {
    console.error(`npm run build failed; the suite measures the built package:\n${build.stdout}${build.stderr}`);
    process.exit(1);
  }
}
const buildMs = performance.now() - suiteStarted;
pluginProblem = await checkPlugin();

const sectionMs = {};
for (const section of SECTIONS) {
  if (!only.has(section)) continue;
  const started = performance.now();
  try {
    if (section === "lint") benchLint();
    if (section === "peers") await benchPeers();
    if (section === "editor") benchEditor();
    if (section === "codemod") benchCodemod();
    if (section === "runtime") benchRuntime();
  } catch (error) {
    notes.push(`${section}: not measured: ${String(error.message ?? error).split("\n")[0]}`);
  }
  sectionMs[section] = performance.now() - started;
  log(`${section}: ${seconds(sectionMs[section])}`);
}

const totalMs = performance.now() - suiteStarted;
const host = machine();
const versions = {
  node: process.version,
  eslint: version("eslint"),
  "typescript-eslint": version("typescript-eslint"),
  "@typescript-eslint/parser": version("@typescript-eslint/parser"),
  typescript: version("typescript"),
  "libpg-query": version("libpg-query"),
  jscodeshift: version("jscodeshift"),
  pg: version("pg"),
  "eslint-plugin-sql": version("eslint-plugin-sql"),
  "@ts-safeql/eslint-plugin": version("@ts-safeql/eslint-plugin"),
  postgresql: await serverVersion(),
};
const timing = `total ${seconds(totalMs)} (build ${seconds(buildMs)}; ${Object.entries(sectionMs).map(([name, ms]) => `${name} ${seconds(ms)}`).join(", ")})`;
const summary = [
  `Run ${new Date().toISOString()}${quick ? " (--quick: development sizes, not the published figures)" : ""}; ${runs} runs per row.`,
  `Machine: ${host.cores} cores, ${host.cpu}, ${host.memory} RAM; load average ${loadAtStart.toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end.`,
  `Versions: ${Object.entries(versions).map(([name, value]) => `${name} ${value}`).join(", ")}.`,
  `Suite time: ${timing}.`,
].join("\n");

const output = [summary, "", table(), "", ...notes.map((note) => `- ${note}`)].join("\n");
console.log(output);
writeFileSync(join(OUT, "results.json"), `${JSON.stringify({ date: new Date().toISOString(), quick, runs, host, versions, rows, notes, sectionMs, totalMs, loadAtStart }, null, 2)}\n`);
writeFileSync(join(OUT, "table.md"), `${output}\n`);
if (loadAtStart > 1.5) log(`note: load average ${loadAtStart.toFixed(2)} at the start: other processes shared the machine; absolute times are inflated, ratios less so.`);

if (args.write) {
  const begin = "<!-- bench:begin (generated by npm run bench -- --write) -->";
  const end = "<!-- bench:end -->";
  const current = existsSync("BENCHMARKS.md") ? readFileSync("BENCHMARKS.md", "utf8") : `# Benchmarks\n\n${begin}\n${end}\n`;
  const from = current.indexOf(begin);
  const to = current.indexOf(end);
  if (from < 0 || to < from) {
    console.error("BENCHMARKS.md has no generated block to replace (markers missing)");
    process.exitCode = 1;
  } else {
    writeFileSync("BENCHMARKS.md", `${current.slice(0, from + begin.length)}\n${output}\n${current.slice(to)}`);
    log("BENCHMARKS.md: generated block updated");
  }
}

if (args.strict && (rows.some((row) => row.status.includes("missed")) || notes.some((note) => note.includes("not measured")))) {
  process.exitCode = 1;
}
