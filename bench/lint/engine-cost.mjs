// Median cost of one `analyzeSql` call on distinct SQL texts, cold cache, in the built engine.
import { performance } from "node:perf_hooks";
import { resolve } from "node:path";

const texts = JSON.parse(process.argv[2] ?? "[]");
const engine = await import(resolve("dist/sql/index.js"));
await engine.loadSqlParser();
const costs = [];
for (const text of texts) {
  const started = performance.now();
  engine.analyzeSql(text);
  costs.push(performance.now() - started);
}
costs.sort((a, b) => a - b);
console.log(JSON.stringify({ queries: costs.length, medianUs: (costs[costs.length >> 1] ?? 0) * 1000 }));
