// node bench/codemod/profile.mjs [--files 100]: where `pgdbm-codemod all` spends its time.
// Runs one pass over the corpus under --cpu-prof and prints the share of the transform loop spent
// under each phase (inclusive time; phases nest: "SQL engine" is part of "rules").
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { generateCorpus } from "../lint/generate.mjs";

const { values } = parseArgs({ options: { files: { type: "string", default: "100" }, queries: { type: "string", default: "20" } } });
const corpus = generateCorpus(join("bench", ".out", "codemod-profile-corpus"), { files: Number(values.files), queries: Number(values.queries) });
const out = join("bench", ".out", "codemod-profile");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
execFileSync(process.execPath, ["--cpu-prof", `--cpu-prof-dir=${out}`, "bench/codemod/once.mjs", "all", corpus], { stdio: "inherit" });

const file = readdirSync(out).find((name) => name.endsWith(".cpuprofile"));
const profile = JSON.parse(readFileSync(join(out, file), "utf8"));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parents = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);

const PHASES = [
  ["parse: typescript-eslint (TypeScript parse + ESTree + tokens + scope)", (frame) => frame.functionName === "parseForESLint"],
  ["  TypeScript's parser", (frame) => frame.functionName === "createSourceFile" && frame.url.includes("typescript.js")],
  ["  ESTree conversion (tokens included)", (frame) => frame.functionName === "astConverter"],
  ["  scope analysis", (frame) => frame.functionName === "analyze" && frame.url.includes("scope-manager")],
  ["rules (ESLint traversal and every rule)", (frame) => frame.functionName === "runRules"],
  ["  SQL engine (analyzeSql)", (frame) => frame.functionName === "analyzeSql"],
  ["    libpg-query parseSync", (frame) => frame.functionName === "parseSync" && frame.url.includes("libpg-query")],
  ["ESLint config (normalise, merge)", (frame) => frame.functionName === "getConfig" || frame.functionName === "normalizeSync"],
  ["codemod's own work outside ESLint", (frame) => frame.functionName === "runRecipes"],
];

const totals = new Map(PHASES.map(([name]) => [name, 0]));
let loop = 0;
let linter = 0;
for (let index = 0; index < profile.samples.length; index += 1) {
  const delta = profile.timeDeltas[index] ?? 0;
  const chain = [];
  for (let id = profile.samples[index]; id !== undefined; id = parents.get(id)) chain.push(nodes.get(id).callFrame);
  if (!chain.some((frame) => frame.functionName === "transformFile")) continue;
  loop += delta;
  if (chain.some((frame) => frame.functionName === "verify" && frame.url.includes("linter.js"))) linter += delta;
  for (const [name, matches] of PHASES) if (chain.some(matches)) totals.set(name, totals.get(name) + delta);
}
totals.set("codemod's own work outside ESLint", totals.get("codemod's own work outside ESLint") - linter);
console.log(`transform loop: ${(loop / 1000).toFixed(0)} ms (profiled, so slower than the benchmark)`);
for (const [name, time] of totals) console.log(`${(100 * time / loop).toFixed(1).padStart(6)}%  ${name}`);
console.log(`profile: ${join(out, file)}`);
