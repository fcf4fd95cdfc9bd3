// Per-query overhead of the runtime against raw node-postgres, on the same pool and server.
//   npm run build && npm run bench:runtime        (PGDBM_TEST_URL picks the server; default local)
import { randomBytes } from "node:crypto";
import { AsyncDatabaseManager, DatabaseConfig } from "eslint-plugin-pgdbm/runtime";

const url =
  process.env.PGDBM_TEST_URL && process.env.PGDBM_TEST_URL !== "pglite"
    ? process.env.PGDBM_TEST_URL
    : "postgres://postgres@127.0.0.1:5432/postgres";
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 2_000);
const TEMPLATED = "SELECT id, name FROM {{tables.items}} WHERE id = $1";

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const schema = `pgdbm_bench_${randomBytes(4).toString("hex")}`;
const pool = await AsyncDatabaseManager.createSharedPool(
  new DatabaseConfig({ connectionString: url, minConnections: 2, maxConnections: 2 }),
);
const db = new AsyncDatabaseManager({ pool, schema });
const raw = pool.pgPool;
const expanded = db.prepareQuery(TEMPLATED);

try {
  await db.execute("CREATE SCHEMA {{schema}}");
  await db.execute("CREATE TABLE {{tables.items}} (id int PRIMARY KEY, name text NOT NULL)");
  await db.execute("INSERT INTO {{tables.items}} SELECT g, 'item ' || g FROM generate_series(1, 1000) g");

  const variants = {
    raw: async (id) => (await raw.query(expanded, [id])).rows[0] ?? null,
    runtime: (id) => db.fetchOne(TEMPLATED, id),
  };
  // Same answer from both, then warm both paths (JIT, connections, plan caches).
  const [a, b] = [await variants.raw(7), await variants.runtime(7)];
  if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`different rows: ${JSON.stringify([a, b])}`);
  for (let i = 0; i < 1_000; i++) {
    await variants.raw((i % 1000) + 1);
    await variants.runtime((i % 1000) + 1);
  }

  // Each round: PAIRS queries per variant, interleaved one by one (order flipped every pair), each
  // timed alone; the round's figure per variant is its median latency, so load spikes from other
  // processes on the machine fall out instead of landing on one variant.
  const perQuery = { raw: [], runtime: [] };
  const ratios = [];
  for (let round = 0; round < ROUNDS; round++) {
    const samples = { raw: [], runtime: [] };
    for (let i = 0; i < PAIRS; i++) {
      const id = ((i * 37) % 1000) + 1;
      const order = (round + i) % 2 === 0 ? ["raw", "runtime"] : ["runtime", "raw"];
      for (const name of order) {
        const started = process.hrtime.bigint();
        await variants[name](id);
        samples[name].push(Number(process.hrtime.bigint() - started) / 1_000);
      }
    }
    const raw = median(samples.raw);
    const runtime = median(samples.runtime);
    perQuery.raw.push(raw);
    perQuery.runtime.push(runtime);
    ratios.push(runtime / raw);
  }

  // prepareQuery on a cached statement: the cost every query method pays before sending.
  const prepareNs = [];
  for (let round = 0; round < 5; round++) {
    const iterations = 2_000_000;
    let sink = 0;
    const started = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) sink += db.prepareQuery(TEMPLATED).length;
    prepareNs.push(Number(process.hrtime.bigint() - started) / iterations);
    if (sink === 0) throw new Error("unreachable");
  }
  // For scale: expanding a statement the manager has not seen (a fresh manager each time).
  const expandNs = [];
  for (let round = 0; round < 5; round++) {
    const fresh = Array.from({ length: 20_000 }, () => new AsyncDatabaseManager({ pool, schema }));
    const started = process.hrtime.bigint();
    for (const manager of fresh) manager.prepareQuery(TEMPLATED);
    expandNs.push(Number(process.hrtime.bigint() - started) / fresh.length);
  }

  const ratio = median(ratios);
  const list = (values, digits) => values.map((value) => value.toFixed(digits)).join(", ");
  console.log(`pgdbm runtime bench: ${pool.dsn}, ${ROUNDS} rounds × ${PAIRS} interleaved queries per variant`);
  console.log(`query: ${TEMPLATED}  (fetchOne) vs the same SQL, expanded, through pool.pgPool.query`);
  console.log(`  raw pg pool.query   median ${median(perQuery.raw).toFixed(1)} µs/query  (per round: ${list(perQuery.raw, 1)})`);
  console.log(`  runtime fetchOne    median ${median(perQuery.runtime).toFixed(1)} µs/query  (per round: ${list(perQuery.runtime, 1)})`);
  console.log(`  ratio runtime/raw per round: ${list(ratios, 3)}`);
  console.log(`  overhead ratio (median of ${ROUNDS} rounds): ${ratio.toFixed(3)}×  target ≤ 1.03×: ${ratio <= 1.03 ? "met" : "NOT met"}`);
  console.log(`prepareQuery, cached:   median ${median(prepareNs).toFixed(1)} ns/op`);
  console.log(`prepareQuery, uncached: median ${median(expandNs).toFixed(0)} ns/op (first expansion of a statement)`);
  if (process.env.BENCH_STRICT === "1" && ratio > 1.03) process.exitCode = 1;
} finally {
  await db.execute("DROP SCHEMA IF EXISTS {{schema}} CASCADE");
  await pool.close();
}
