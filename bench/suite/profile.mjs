// Where the time goes when a target is missed: bench workers under `node --cpu-prof`, then the
// profile's time per package, per file and per function (self and inclusive).
//   node bench/suite/profile.mjs lint [--files 300] [--variant recommended]
//   node bench/suite/profile.mjs lint-diff [--files 300] [--variant recommended] [--corpus lint|tagged]
//        the floor and the variant, each profiled, and what the variant adds: self time per package
//        and per function, variant minus floor (the plugin's own cost and what it makes others pay:
//        garbage collection, ESLint's report handling)
//   node bench/suite/profile.mjs codemod [--files 100]
//   node bench/suite/profile.mjs editor [--files 40]
//   node bench/suite/profile.mjs summarize <file.cpuprofile> [--top 25]
// Profiles are written to bench/.out/suite/profiles/. Needs the built dist/.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { generateCorpus } from "../lint/generate.mjs";
import { generateTaggedCorpus } from "./tagged-corpus.mjs";

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    files: { type: "string" },
    variant: { type: "string", default: "recommended" },
    corpus: { type: "string", default: "lint" },
    top: { type: "string", default: "25" },
  },
});
const [mode, target] = positionals;
const PROFILES = resolve("bench", ".out", "suite", "profiles");
const ROOT = resolve(".");

/** A profile's call-frame URL as a short, readable place: `dist/sql/analyze.js`, `node_modules/typescript/…`. */
function place(url) {
  if (!url) return "(native / V8)";
  if (url.startsWith("wasm://")) return "wasm (libpg-query)";
  const path = url.startsWith("file://") ? fileURLToPath(url) : url;
  if (path.startsWith("node:") || !path.startsWith("/")) return path;
  return relative(ROOT, path);
}

/** The package (`node_modules/<name>`) or the project folder (`dist/sql`) a place belongs to. */
function area(where) {
  const modules = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where);
  if (modules) return modules[1];
  if (where.startsWith("dist/")) return where.split("/").slice(0, 2).join("/");
  if (where.startsWith("node:")) return "node internals";
  if (where.startsWith("wasm")) return "libpg-query";
  return where.startsWith("(") ? where : "other";
}

const inPlugin = (name) => / dist\/| wasm |node_modules\/libpg-query\//.test(name);

/**
 * A profile's time (µs) per package, per file and per function: self time from the sample stream
 * (each sample's delta charged to the node it landed in), and inclusive time (a sample counts for
 * every function on its stack, once however deep the recursion).
 */
export function readProfile(file) {
  const profile = JSON.parse(readFileSync(file, "utf8"));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    total += delta;
    self.set(id, (self.get(id) ?? 0) + delta);
  });
  const nameOf = ({ callFrame }) => {
    const where = place(callFrame.url);
    return `${callFrame.functionName || "(anonymous)"}  ${where}${callFrame.url ? `:${callFrame.lineNumber + 1}` : ""}`;
  };
  const functions = new Map();
  const files = new Map();
  const areas = new Map();
  for (const [id, micros] of self) {
    const node = byId.get(id);
    const where = place(node.callFrame.url);
    const name = nameOf(node);
    functions.set(name, (functions.get(name) ?? 0) + micros);
    files.set(where, (files.get(where) ?? 0) + micros);
    areas.set(area(where), (areas.get(area(where)) ?? 0) + micros);
  }
  const inclusive = new Map();
  const active = new Map();
  const walk = (id) => {
    const node = byId.get(id);
    const name = nameOf(node);
    active.set(name, (active.get(name) ?? 0) + 1);
    const micros = self.get(id) ?? 0;
    if (micros > 0) for (const key of active.keys()) inclusive.set(key, (inclusive.get(key) ?? 0) + micros);
    for (const child of node.children ?? []) walk(child);
    const count = active.get(name) - 1;
    if (count === 0) active.delete(name);
    else active.set(name, count);
  };
  walk(profile.nodes[0].id);
  return { file, total, functions, files, areas, inclusive };
}

function lister(total) {
  const share = (micros) => `${((micros / total) * 100).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(0).padStart(6)} ms`;
  return (map, count) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, micros]) => `  ${share(micros)}  ${name}`)
      .join("\n");
}

export function summarize(file, top = 25) {
  const data = readProfile(file);
  const list = lister(data.total);
  const pluginFunctions = new Map([...data.functions].filter(([name]) => inPlugin(name)));
  const pluginTotal = [...pluginFunctions.values()].reduce((sum, micros) => sum + micros, 0);
  return [
    `profile ${relative(ROOT, file)}: ${(data.total / 1000).toFixed(0)} ms sampled`,
    `by package / project folder:\n${list(data.areas, 12)}`,
    `by file:\n${list(data.files, 15)}`,
    `top ${top} functions by self time:\n${list(data.functions, top)}`,
    `the plugin (dist/ and libpg-query): ${((pluginTotal / data.total) * 100).toFixed(1)}% of the profile (self time); its top functions:\n${list(pluginFunctions, top)}`,
    `the plugin's functions by inclusive time (their own and their callees'):\n${list(new Map([...data.inclusive].filter(([name]) => inPlugin(name))), top)}`,
  ].join("\n\n");
}

/** What `variant` costs on top of `floor`: self time per package and per function, variant minus floor. */
function difference(floorFile, variantFile, top) {
  const floor = readProfile(floorFile);
  const variant = readProfile(variantFile);
  const extra = variant.total - floor.total;
  const delta = (a, b) => {
    const out = new Map();
    for (const key of new Set([...a.keys(), ...b.keys()])) out.set(key, (a.get(key) ?? 0) - (b.get(key) ?? 0));
    return out;
  };
  const share = (micros) => `${((micros / extra) * 100).toFixed(1).padStart(6)}% of the extra  ${(micros / 1000).toFixed(0).padStart(6)} ms`;
  const list = (map, count) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, micros]) => `  ${share(micros)}  ${name}`)
      .join("\n");
  const pluginInclusive = new Map([...variant.inclusive].filter(([name]) => inPlugin(name)));
  return [
    `floor ${relative(ROOT, floorFile)}: ${(floor.total / 1000).toFixed(0)} ms sampled`,
    `variant ${relative(ROOT, variantFile)}: ${(variant.total / 1000).toFixed(0)} ms sampled; extra ${(extra / 1000).toFixed(0)} ms (${((variant.total / floor.total - 1) * 100).toFixed(1)}%)`,
    `extra self time by package / project folder (variant minus floor):\n${list(delta(variant.areas, floor.areas), 14)}`,
    `extra self time by function (variant minus floor):\n${list(delta(variant.functions, floor.functions), top)}`,
    `the plugin's functions by inclusive time (share of the extra):\n${list(pluginInclusive, top)}`,
  ].join("\n\n");
}

/** Runs `node --cpu-prof <script> <args>` and returns the profile it wrote. */
function profileRun(name, script, args) {
  const dir = join(PROFILES, `${name}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  execFileSync(process.execPath, ["--cpu-prof", "--cpu-prof-dir", dir, "--cpu-prof-interval", "500", script, ...args], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const written = readdirSync(dir)
    .filter((entry) => entry.endsWith(".cpuprofile"))
    .map((entry) => join(dir, entry))
    .sort((a, b) => statSync(b).size - statSync(a).size);
  if (written.length === 0) throw new Error(`no profile written in ${dir}`);
  return written[0]; // the main thread's: the largest one
}

function lintProfile(variant, files) {
  // --corpus tagged: the peers' corpus (every query a `sql` tag, every table name bare).
  const corpus =
    options.corpus === "tagged"
      ? generateTaggedCorpus(join("bench", ".out", "suite", "profile-tagged-corpus"), { files, queries: 20 })
      : generateCorpus(join("bench", ".out", "suite", "profile-lint-corpus"), { files, queries: 20 });
  return profileRun(`lint-${variant}`, "bench/suite/lint-worker.mjs", [JSON.stringify({ setup: "syntactic", variant, corpus })]);
}

const top = Number(options.top);
if (mode === "summarize") {
  console.log(summarize(resolve(target), top));
} else if (mode === "lint") {
  console.log(summarize(lintProfile(options.variant, Number(options.files ?? 300)), top));
} else if (mode === "lint-diff") {
  const files = Number(options.files ?? 300);
  const floor = lintProfile("floor", files);
  console.log(difference(floor, lintProfile(options.variant, files), top));
} else if (mode === "codemod") {
  const files = Number(options.files ?? 100);
  const corpus = generateCorpus(join("bench", ".out", "suite", "profile-codemod-corpus"), { files, queries: 20 });
  console.log(summarize(profileRun("codemod-all", "bench/codemod/once.mjs", ["all", corpus]), top));
} else if (mode === "editor") {
  const spec = { dir: join("bench", ".out", "suite", "profile-editor-corpus"), files: Number(options.files ?? 40), edits: 0 };
  console.log(summarize(profileRun("editor", "bench/suite/editor-worker.mjs", [JSON.stringify(spec)]), top));
} else {
  console.error("usage: node bench/suite/profile.mjs lint|lint-diff|codemod|editor [--files N] [--variant recommended|all] | summarize <file.cpuprofile>");
  process.exitCode = 2;
}
