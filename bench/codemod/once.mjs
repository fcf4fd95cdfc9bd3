// One timed pass over the corpus in a fresh process, so that no run profits from another's caches
// (the SQL engine's parse cache, V8's warm-up on these exact files). The files are read before the
// clock starts; module loading is timed apart. Prints a JSON line.
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { extname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";

const [variant, corpus] = process.argv.slice(2);
const directory = resolve(corpus, "src");
const files = readdirSync(directory)
  .sort()
  .map((name) => ({ path: join(directory, name), source: readFileSync(join(directory, name), "utf8") }));

const loadStarted = performance.now();
let transformFile;
if (variant === "floor") {
  // What every jscodeshift transform pays before doing anything: parse (parser by extension) and print.
  const jscodeshift = createRequire(import.meta.url)("jscodeshift");
  const parsers = { ".ts": jscodeshift.withParser("ts"), ".tsx": jscodeshift.withParser("tsx") };
  transformFile = (file) => (parsers[extname(file.path)] ?? jscodeshift.withParser("babel"))(file.source).toSource();
} else {
  const { transforms } = await import(resolve("dist/codemods/index.js"));
  const transform = transforms[variant];
  transformFile = (file) => transform(file, { report: () => {} }, {});
}
const loadMs = performance.now() - loadStarted;

let changed = 0;
const started = performance.now();
for (const file of files) {
  const output = transformFile(file);
  if (output !== undefined && output !== file.source) changed += 1;
}
const ms = performance.now() - started;
console.log(JSON.stringify({ variant, ms, loadMs, files: files.length, changed }));
