// One timed ESLint run in a fresh process, so that no run profits from another's caches (module
// loading, the SQL engine's parse cache). Prints a JSON line: { variant, ms, cpuMs, files, problems }.
// `cpuMs` (user + system CPU of this process) is what the benchmark compares: on a shared machine
// wall time measures the neighbours as much as the linter.
import { performance } from "node:perf_hooks";
import { resolve } from "node:path";

const [variant, corpus] = process.argv.slice(2);
const started = performance.now();
const cpuStarted = process.cpuUsage();
const { ESLint } = await import("eslint");
const tsParser = (await import("@typescript-eslint/parser")).default;
const config = [{ files: ["**/*.ts"], languageOptions: { parser: tsParser } }];
if (variant === "noop") {
  // One rule that listens to the same nodes and does nothing: what any rule costs (ESLint's traversal).
  const noop = { meta: { schema: [] }, create: () => ({ CallExpression() {}, TaggedTemplateExpression() {} }) };
  config.push({ files: ["**/*.ts"], plugins: { noop: { rules: { noop } } }, rules: { "noop/noop": "error" } });
}
if (variant === "rules") {
  const plugin = (await import(resolve("dist/index.js"))).default;
  config.push({
    files: ["**/*.ts"],
    plugins: { pgdbm: plugin },
    rules: {
      "pgdbm/no-bare-table-name": "error",
      "pgdbm/no-hardcoded-schema": "error",
      "pgdbm/no-search-path": "error",
      "pgdbm/no-sql-interpolation": "error",
    },
  });
}
const eslint = new ESLint({ cwd: resolve(corpus), overrideConfigFile: true, overrideConfig: config, cache: false });
const results = await eslint.lintFiles(["src/**/*.ts"]);
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuStarted);
const cpuMs = (cpu.user + cpu.system) / 1000;
const problems = results.reduce((sum, result) => sum + result.messages.length, 0);
const fatal = results.reduce((sum, result) => sum + result.fatalErrorCount, 0);
console.log(JSON.stringify({ variant, ms, cpuMs, files: results.length, problems, fatal }));
