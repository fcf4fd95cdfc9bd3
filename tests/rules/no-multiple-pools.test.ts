import path from "node:path";
import { fileURLToPath } from "node:url";
import rule from "../../rules/no-multiple-pools.js";
import { ruleTester } from "../support/rule-tester.js";

/** A file in a package whose package.json has no `"type": "module"`: Node runs its `.js`/`.ts` files as CommonJS. */
const cjsFile = (name: string): string =>
  path.join(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/shared-pool/cjs-package", name);

const runtime = `import { AsyncDatabaseManager, DatabaseConfig } from "eslint-plugin-pgdbm/runtime";\n`;
const url = `"postgresql://localhost:5432/app"`;

ruleTester.run("no-multiple-pools", rule, {
  valid: [
    // The right pattern: one pool, schema-isolated managers on it.
    runtime +
      `const pool = await AsyncDatabaseManager.createSharedPool(new DatabaseConfig({ connectionString: ${url} }));
const usersDb = new AsyncDatabaseManager({ pool, schema: "users" });
const ordersDb = new AsyncDatabaseManager({ pool, schema: "orders" });`,
    // Two pools, two databases.
    runtime +
      `const app = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: "postgresql://db1/app" }));
const analytics = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: "postgresql://db1/analytics" }));`,
    runtime +
      `const primary = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: process.env.DATABASE_URL }));
const replica = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: process.env.REPLICA_URL }));`,
    runtime +
      `const a = new AsyncDatabaseManager(new DatabaseConfig({ host: "db", database: "app" }));
const b = new AsyncDatabaseManager(new DatabaseConfig({ host: "db", database: "audit" }));`,
    // Only one of them ever runs.
    runtime +
      `const db = process.env.TEST
  ? new AsyncDatabaseManager(new DatabaseConfig({ connectionString: ${url}, schema: "test" }))
  : new AsyncDatabaseManager(new DatabaseConfig({ connectionString: ${url}, schema: "app" }));`,
    // Configs the file cannot see into: maybe the same database, maybe not, so silent.
    runtime + `const a = new AsyncDatabaseManager(loadConfig("a"));\nconst b = new AsyncDatabaseManager(loadConfig("b"));`,
    // Made once at module level, used in every request.
    runtime +
      `const db = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: ${url} }));
app.get("/users", async (req, res) => {
  res.json(await db.fetchAll("SELECT * FROM {{tables.users}}"));
});`,
    // Made once, lazily, whoever asks.
    runtime +
      `let pool;
async function getPool() {
  pool ??= await AsyncDatabaseManager.createSharedPool(config);
  return pool;
}
app.get("/users", async () => (await getPool()).close);`,
    runtime +
      `let db;
function getDb() {
  if (!db) db = new AsyncDatabaseManager(config);
  return db;
}
app.get("/", () => getDb());`,
    // A factory called from two branches of which only one runs.
    runtime +
      `function makeDb(url) {
  return new AsyncDatabaseManager(new DatabaseConfig({ connectionString: url }));
}
export const db = process.env.READ_ONLY ? makeDb(process.env.REPLICA_URL) : makeDb(process.env.DATABASE_URL);`,
    // A request handler that borrows the shared pool.
    runtime + `app.get("/t/:tenant", (req) => new AsyncDatabaseManager({ pool, schema: req.params.tenant }));`,
    // Startup code run once.
    runtime +
      `async function main() {
  const db = new AsyncDatabaseManager(config);
  await db.connect();
}
main();`,
    // Another library's manager.
    `import { AsyncDatabaseManager } from "other-orm";\nconst a = new AsyncDatabaseManager(config);\nconst b = new AsyncDatabaseManager(config);`,
  ],
  invalid: [
    {
      // Module level in an ES module: one pool made before the managers, their connect() calls gone.
      code:
        runtime +
        `const usersDb = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: ${url}, schema: "users" }));
const ordersDb = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: ${url}, schema: "orders" }));
await usersDb.connect();
await ordersDb.connect();
`,
      output: null,
      errors: [
        {
          messageId: "secondPool",
          data: { database: "localhost:5432/app", line: 2 },
          line: 3,
          column: 18,
          endLine: 3,
          endColumn: 137,
          suggestions: [
            {
              messageId: "useSharedPool",
              output:
                runtime +
                `const sharedPool = await AsyncDatabaseManager.createSharedPool(new DatabaseConfig({ connectionString: ${url} }));
const usersDb = new AsyncDatabaseManager({ pool: sharedPool, schema: "users" });
const ordersDb = new AsyncDatabaseManager({ pool: sharedPool, schema: "orders" });
`,
            },
          ],
        },
      ],
    },
    {
      // The managers' disconnect() calls, no-ops on a borrowed pool, become one close() of the pool where the
      // last of them was; a trailing comment of a removed connect() stays; a name already taken is avoided.
      code:
        runtime +
        `const sharedPool = "taken";
export async function run(url, work) {
  const users = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: url, schema: "users" }));
  const orders = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: url, schema: "orders" }));
  await users.connect(); // users first
  await orders.connect();
  try {
    await work(users, orders);
  } finally {
    await users.disconnect();
    await orders.disconnect();
  }
}`,
      output: null,
      errors: [
        {
          messageId: "secondPool",
          data: { database: "`url`", line: 4 },
          line: 5,
          column: 18,
          suggestions: [
            {
              messageId: "useSharedPool",
              output:
                runtime +
                `const sharedPool = "taken";
export async function run(url, work) {
  const sharedPool2 = await AsyncDatabaseManager.createSharedPool(new DatabaseConfig({ connectionString: url }));
  const users = new AsyncDatabaseManager({ pool: sharedPool2, schema: "users" });
  const orders = new AsyncDatabaseManager({ pool: sharedPool2, schema: "orders" });
  // users first
  try {
    await work(users, orders);
  } finally {
    await sharedPool2.close();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // Managers handed out with a close() that disconnects them: the factory shape, closed through the pool.
      code:
        runtime +
        `export async function open(url) {
  const users = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: url, schema: "users" }));
  const orders = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: url, schema: "orders" }));
  return {
    users,
    orders,
    async close() {
      await users.disconnect(); await orders.disconnect();
    },
  };
}`,
      output: null,
      errors: [
        {
          messageId: "secondPool",
          line: 4,
          column: 18,
          suggestions: [
            {
              messageId: "useSharedPool",
              output:
                runtime +
                `export async function open(url) {
  const sharedPool = await AsyncDatabaseManager.createSharedPool(new DatabaseConfig({ connectionString: url }));
  const users = new AsyncDatabaseManager({ pool: sharedPool, schema: "users" });
  const orders = new AsyncDatabaseManager({ pool: sharedPool, schema: "orders" });
  return {
    users,
    orders,
    async close() {
      await sharedPool.close();
    },
  };
}`,
            },
          ],
        },
      ],
    },
    {
      // A shared pool and, next to it, a manager with a pool of its own to the same database: it borrows the pool
      // that is there, with the schema its config had; its disconnect() would do nothing and goes, the pool's owner closes it.
      code:
        runtime +
        `const config = new DatabaseConfig({ connectionString: ${url}, schema: "audit" });
const pool = await AsyncDatabaseManager.createSharedPool(config);
const audit = new AsyncDatabaseManager(config);
export async function stop() {
  await audit.disconnect();
  await pool.close();
}`,
      output: null,
      errors: [
        {
          messageId: "secondPool",
          data: { database: "localhost:5432/app", line: 3 },
          line: 4,
          column: 15,
          suggestions: [
            {
              messageId: "useSharedPool",
              output:
                runtime +
                `const config = new DatabaseConfig({ connectionString: ${url}, schema: "audit" });
const pool = await AsyncDatabaseManager.createSharedPool(config);
const audit = new AsyncDatabaseManager({ pool, schema: "audit" });
export async function stop() {
  await pool.close();
}`,
            },
          ],
        },
      ],
    },
    {
      // In a CommonJS file the shared pool is fine inside an async function.
      code: `const { AsyncDatabaseManager, DatabaseConfig } = require("eslint-plugin-pgdbm/runtime");
async function main(url) {
  const search = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: url, schema: "search" }));
  const stats = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: url, schema: "stats" }));
  await search.execute("SELECT 1");
  await stats.execute("SELECT 1");
}
module.exports = { main };`,
      filename: cjsFile("main.cjs"),
      output: null,
      errors: [
        {
          messageId: "secondPool",
          line: 4,
          column: 17,
          suggestions: [
            {
              messageId: "useSharedPool",
              output: `const { AsyncDatabaseManager, DatabaseConfig } = require("eslint-plugin-pgdbm/runtime");
async function main(url) {
  const sharedPool = await AsyncDatabaseManager.createSharedPool(new DatabaseConfig({ connectionString: url }));
  const search = new AsyncDatabaseManager({ pool: sharedPool, schema: "search" });
  const stats = new AsyncDatabaseManager({ pool: sharedPool, schema: "stats" });
  await search.execute("SELECT 1");
  await stats.execute("SELECT 1");
}
module.exports = { main };`,
            },
          ],
        },
      ],
    },
    ...[cjsFile("start.cjs"), cjsFile("start.js"), cjsFile("start.ts")].map((filename) => ({
      // At the top of a file Node runs as CommonJS (.cjs, or a package.json without "type": "module"), the pool would need a top-level await.
      code:
        runtime +
        `const users = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: ${url}, schema: "users" }));
const orders = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: ${url}, schema: "orders" }));`,
      filename,
      output: null,
      errors: [
        {
          messageId: "secondPoolByHand" as const,
          data: {
            database: "localhost:5432/app",
            line: 2,
            why: 'the pool would be made with a top-level `await`, but Node runs this file as CommonJS (`.cjs`, or no `"type": "module"` in its package.json)',
          },
          line: 3,
          column: 16,
          suggestions: [],
        },
      ],
    })),
    {
      // A manager without a schema would share the others' schema on one pool: nothing to isolate it, no suggestion.
      code:
        runtime +
        `export async function start() {
  const config = new DatabaseConfig({ connectionString: process.env.DATABASE_URL });
  const users = new AsyncDatabaseManager(config);
  const orders = new AsyncDatabaseManager(config);
  await users.disconnect();
  await orders.disconnect();
}`,
      output: null,
      errors: [
        {
          messageId: "secondPoolByHand",
          data: {
            database: "`process.env.DATABASE_URL`",
            line: 4,
            why: "`users` has no `schema`, and a manager without one on a shared pool is not isolated from the others: give each service's config its own `schema`",
          },
          line: 5,
          column: 18,
          suggestions: [],
        },
      ],
    },
    {
      // Exported managers: other modules' connect() would throw, their disconnect() would close nothing.
      code:
        runtime +
        `export const usersDb = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: ${url}, schema: "users" }));
export const ordersDb = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: ${url}, schema: "orders" }));`,
      output: null,
      errors: [
        {
          messageId: "secondPoolByHand",
          data: {
            database: "localhost:5432/app",
            line: 2,
            why: "`usersDb` is exported: other modules may call its `connect()`, which throws on a shared pool, or its `disconnect()`, which would close nothing",
          },
          line: 3,
          column: 25,
          suggestions: [],
        },
      ],
    },
    {
      // Handed out and never disconnected here: the caller's disconnect() would close nothing, the pool stay open.
      code:
        runtime +
        `export async function open(url) {
  const reads = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: url, schema: "reads" }));
  const writes = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: url, schema: "writes" }));
  return { reads, writes };
}`,
      output: null,
      errors: [
        {
          messageId: "secondPoolByHand",
          data: {
            database: "`url`",
            line: 3,
            why: "`reads` is handed out of this code and never disconnected here: whoever disconnects it would close nothing after the rewrite, and the pool would stay open",
          },
          line: 4,
          column: 18,
          suggestions: [],
        },
      ],
    },
    {
      // One manager closed early while the other keeps working: one pool cannot do that.
      code:
        runtime +
        `export async function run(url, work) {
  const billing = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: url, schema: "billing" }));
  const ledger = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: url, schema: "ledger" }));
  await work(billing);
  await billing.disconnect();
  await work(ledger);
}`,
      output: null,
      errors: [
        {
          messageId: "secondPoolByHand",
          data: {
            database: "`url`",
            line: 3,
            why: "`ledger`'s `disconnect()` is never called where the other managers' are, and closing the pool there would cut it off",
          },
          line: 4,
          column: 18,
          suggestions: [],
        },
      ],
    },
    {
      // Disconnected in two functions, or inside a larger expression: no one place for the pool's close().
      code:
        runtime +
        `const users = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: ${url}, schema: "users" }));
const orders = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: ${url}, schema: "orders" }));
export async function stopUsers() {
  await users.disconnect();
}
export async function stopOrders() {
  await orders.disconnect();
}
const a = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: "postgresql://other/db", schema: "a" }));
const b = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: "postgresql://other/db", schema: "b" }));
export const stop = () => Promise.all([a.disconnect(), b.disconnect()]);`,
      output: null,
      errors: [
        {
          messageId: "secondPoolByHand",
          data: {
            database: "localhost:5432/app",
            line: 2,
            why: "the managers are disconnected in different places, or where the pool is not in scope",
          },
          line: 3,
          column: 16,
          suggestions: [],
        },
        {
          messageId: "secondPoolByHand",
          data: { database: "other:5432/db", line: 10, why: "`a.disconnect()` is not a statement of its own" },
          line: 11,
          column: 11,
          suggestions: [],
        },
      ],
    },
    {
      // A config the file cannot see into may carry a schema: rewriting would lose it, so no suggestion.
      code: runtime + `const pool = await AsyncDatabaseManager.createSharedPool(config);\nconst audit = new AsyncDatabaseManager(config);`,
      output: null,
      errors: [
        {
          messageId: "secondPoolByHand",
          data: { database: "`config`", line: 2, why: "the file does not show `audit`'s config, which may carry a schema the rewrite would lose" },
          line: 3,
          column: 15,
          suggestions: [],
        },
      ],
    },
    {
      // A manager made before the shared pool exists cannot borrow it: no suggestion.
      code:
        runtime +
        `const config = new DatabaseConfig({ connectionString: ${url}, schema: "audit" });
const audit = new AsyncDatabaseManager(config);
const pool = await AsyncDatabaseManager.createSharedPool(config);`,
      output: null,
      errors: [
        {
          messageId: "secondPoolByHand",
          data: { database: "localhost:5432/app", line: 3, why: "`audit` is made before the shared pool exists" },
          line: 4,
          column: 20,
          suggestions: [],
        },
      ],
    },
    {
      // Two shared pools to one database.
      code:
        runtime +
        `const pool = await AsyncDatabaseManager.createSharedPool(new DatabaseConfig({ connectionString: ${url} }));
const other = await AsyncDatabaseManager.createSharedPool(new DatabaseConfig({ connectionString: ${url} }));`,
      output: null,
      errors: [
        {
          messageId: "secondPoolByHand",
          data: { database: "localhost:5432/app", line: 2, why: "there is more than one shared pool to it already; keep one by hand" },
          line: 3,
          column: 21,
          suggestions: [],
        },
      ],
    },
    {
      // In a synchronous function the rewrite cannot await the pool: no suggestion.
      code:
        runtime +
        `function services(url) {
  return [
    new AsyncDatabaseManager(new DatabaseConfig({ connectionString: url, schema: "a" })),
    new AsyncDatabaseManager(new DatabaseConfig({ connectionString: url, schema: "b" })),
  ];
}`,
      output: null,
      errors: [
        {
          messageId: "secondPoolByHand",
          data: { database: "`url`", line: 4, why: "the pool would have to be awaited in a function that is not `async`" },
          line: 5,
          column: 5,
          suggestions: [],
        },
      ],
    },
    {
      code:
        runtime +
        `app.get("/users", async (req, res) => {
  const db = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: process.env.DATABASE_URL }));
  await db.connect();
  res.json(await db.fetchAll("SELECT * FROM {{tables.users}}"));
});`,
      output: null,
      errors: [
        {
          messageId: "poolPerCall",
          data: { where: "on every request, in a request handler" },
          line: 3,
          column: 14,
          endColumn: 106,
        },
      ],
    },
    {
      code:
        runtime +
        `function getDb() {
  return new AsyncDatabaseManager(config);
}
router.post("/orders", async (req) => {
  const db = getDb();
  await db.connect();
});`,
      output: null,
      errors: [
        { messageId: "poolPerCall", data: { where: "on every request, in `getDb`, which a request handler calls" }, line: 3, column: 10 },
      ],
    },
    {
      code:
        runtime +
        `for (const schema of ["users", "orders"]) {
  const db = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: ${url}, schema }));
}
const managers = schemas.map((schema) => new AsyncDatabaseManager(new DatabaseConfig({ schema })));`,
      output: null,
      errors: [
        { messageId: "poolPerCall", data: { where: "on every iteration of a loop" }, line: 3, column: 14 },
        { messageId: "poolPerCall", data: { where: "on every iteration of a loop" }, line: 5, column: 42 },
      ],
    },
    {
      code:
        runtime +
        `function makeDb(schema) {
  return new AsyncDatabaseManager(new DatabaseConfig({ connectionString: ${url}, schema }));
}
export const users = makeDb("users");
export const orders = makeDb("orders");`,
      output: null,
      errors: [
        {
          messageId: "poolPerCall",
          data: { where: "on every call of `makeDb`, which this file calls 2 times" },
          line: 3,
          column: 10,
        },
      ],
    },
    {
      // A class that opens its own pool, instantiated twice.
      code:
        runtime +
        `class Repository {
  constructor(schema) {
    this.db = new AsyncDatabaseManager(new DatabaseConfig({ schema }));
  }
}
const users = new Repository("users");
const orders = new Repository("orders");`,
      output: null,
      errors: [
        {
          messageId: "poolPerCall",
          data: { where: "on every call of `Repository`, which this file calls 2 times" },
          line: 4,
          column: 15,
        },
      ],
    },
    {
      // A named handler registered with a router, and a NestJS controller method.
      code:
        runtime +
        `async function listUsers(req, res) {
  const db = new AsyncDatabaseManager(config);
  res.json(await db.fetchAll("SELECT 1"));
}
app.get("/users", listUsers);
class UsersController {
  @Get(":id")
  async one() {
    return AsyncDatabaseManager.createSharedPool(config);
  }
}`,
      output: null,
      errors: [
        { messageId: "poolPerCall", data: { where: "on every request, in a request handler" }, line: 3, column: 14 },
        { messageId: "poolPerCall", data: { where: "on every request, in a request handler" }, line: 10, column: 12 },
      ],
    },
    {
      // A Next.js route handler.
      code:
        runtime +
        `export async function GET() {
  const pool = await AsyncDatabaseManager.createSharedPool(config);
  return Response.json(await new AsyncDatabaseManager({ pool }).fetchAll("SELECT 1"));
}`,
      output: null,
      errors: [{ messageId: "poolPerCall", data: { where: "on every request, in a request handler" }, line: 3, column: 22 }],
    },
  ],
});
