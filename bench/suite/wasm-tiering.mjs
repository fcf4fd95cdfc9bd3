// What compiling libpg-query's WebAssembly without V8's optimizing tier saves (sql/parser.ts sets
// `--liftoff-only` while the module compiles). Each run is a fresh process that loads the engine,
// analyses N distinct statements and then idles 1.5 s, so that tier-up work still running on
// V8's background threads is counted; the two ways alternate, and the table shows medians.
//   node bench/suite/wasm-tiering.mjs [--statements 3000] [--runs 5]
// Needs the built dist/.
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { parseArgs } from "node:util";

const { values: options } = parseArgs({
  options: { statements: { type: "string", default: "3000" }, runs: { type: "string", default: "5" }, child: { type: "boolean" } },
});
const statements = Number(options.statements);

if (options.child) {
  const cpuStarted = process.cpuUsage();
  const started = performance.now();
  const engine = await import(resolve("dist/sql/index.js"));
  await engine.loadSqlParser();
  for (let i = 0; i < statements; i += 1) {
    engine.analyzeSql(`SELECT o.id, o.total FROM orders_${i} o JOIN customers c ON c.id = o.customer_id WHERE o.total > $1 ORDER BY o.id LIMIT ${i + 1}`);
  }
  const wall = performance.now() - started;
  await new Promise((done) => setTimeout(done, 1500));
  const cpu = process.cpuUsage(cpuStarted);
  console.log(JSON.stringify({ wall, cpu: (cpu.user + cpu.system) / 1000 }));
} else {
  const ways = { "Liftoff only (as shipped)": {}, "V8 default (tier-up to TurboFan)": { PGDBM_WASM_TIERUP: "1" } };
  const results = Object.fromEntries(Object.keys(ways).map((name) => [name, []]));
  for (let run = 0; run < Number(options.runs); run += 1) {
    const names = Object.keys(ways);
    for (const name of run % 2 === 0 ? names : names.reverse()) {
      const out = execFileSync(process.execPath, [import.meta.filename, "--child", "--statements", String(statements)], {
        env: { ...process.env, ...ways[name] },
        encoding: "utf8",
      });
      results[name].push(JSON.parse(out));
    }
  }
  const median = (values) => values.sort((a, b) => a - b)[values.length >> 1];
  console.log(`${statements} distinct statements through analyzeSql, ${options.runs} fresh processes per way (median)`);
  for (const [name, runs] of Object.entries(results)) {
    console.log(`${name.padEnd(34)} cpu ${median(runs.map((r) => r.cpu)).toFixed(0).padStart(5)} ms   wall ${median(runs.map((r) => r.wall)).toFixed(0).padStart(5)} ms`);
  }
}
