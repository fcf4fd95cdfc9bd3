import rule from "../../rules/no-multiple-pools.js";
import { ruleTester } from "../support/rule-tester.js";

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
      // One config variable for both, inside an async function; a name already taken is avoided.
      code:
        runtime +
        `const sharedPool = "taken";
export async function start() {
  const config = new DatabaseConfig({ connectionString: process.env.DATABASE_URL });
  const users = new AsyncDatabaseManager(config);
  const orders = new AsyncDatabaseManager(config);
  return { users, orders };
}`,
      output: null,
      errors: [
        {
          messageId: "secondPool",
          data: { database: "`process.env.DATABASE_URL`", line: 5 },
          line: 6,
          column: 18,
          suggestions: [
            {
              messageId: "useSharedPool",
              output:
                runtime +
                `const sharedPool = "taken";
export async function start() {
  const config = new DatabaseConfig({ connectionString: process.env.DATABASE_URL });
  const sharedPool2 = await AsyncDatabaseManager.createSharedPool(config);
  const users = new AsyncDatabaseManager({ pool: sharedPool2 });
  const orders = new AsyncDatabaseManager({ pool: sharedPool2 });
  return { users, orders };
}`,
            },
          ],
        },
      ],
    },
    {
      // A shared pool and, next to it, a manager with a pool of its own to the same database.
      code:
        runtime +
        `const config = new DatabaseConfig({ connectionString: ${url}, schema: "audit" });
const pool = await AsyncDatabaseManager.createSharedPool(config);
const audit = new AsyncDatabaseManager(config);`,
      output: null,
      errors: [
        {
          messageId: "secondPool",
          data: { database: "localhost:5432/app", line: 3 },
          line: 4,
          column: 15,
          suggestions: [
            {
              // The pool that is already there is the one to borrow, with the schema the config had.
              messageId: "useSharedPool",
              output:
                runtime +
                `const config = new DatabaseConfig({ connectionString: ${url}, schema: "audit" });
const pool = await AsyncDatabaseManager.createSharedPool(config);
const audit = new AsyncDatabaseManager({ pool, schema: "audit" });`,
            },
          ],
        },
      ],
    },
    {
      // A config the file cannot see into may carry a schema: rewriting would lose it, so no suggestion.
      code: runtime + `const pool = await AsyncDatabaseManager.createSharedPool(config);\nconst audit = new AsyncDatabaseManager(config);`,
      output: null,
      errors: [{ messageId: "secondPool", data: { database: "`config`", line: 2 }, line: 3, column: 15, suggestions: [] }],
    },
    {
      // A manager made before the shared pool exists cannot borrow it: no suggestion.
      code:
        runtime +
        `const audit = new AsyncDatabaseManager(config);
const pool = await AsyncDatabaseManager.createSharedPool(config);`,
      output: null,
      errors: [{ messageId: "secondPool", data: { database: "`config`", line: 2 }, line: 3, column: 20, suggestions: [] }],
    },
    {
      // Two shared pools to one database.
      code:
        runtime +
        `const pool = await AsyncDatabaseManager.createSharedPool(new DatabaseConfig({ connectionString: ${url} }));
const other = await AsyncDatabaseManager.createSharedPool(new DatabaseConfig({ connectionString: ${url} }));`,
      output: null,
      errors: [{ messageId: "secondPool", data: { database: "localhost:5432/app", line: 2 }, line: 3, column: 21, suggestions: [] }],
    },
    {
      // In a synchronous function the rewrite cannot await the pool: no suggestion.
      code:
        runtime +
        `function services(config) {
  return [new AsyncDatabaseManager(config), new AsyncDatabaseManager(config)];
}`,
      output: null,
      errors: [{ messageId: "secondPool", line: 3, column: 45, suggestions: [] }],
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
