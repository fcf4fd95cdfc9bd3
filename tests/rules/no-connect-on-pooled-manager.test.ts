import rule from "../../rules/no-connect-on-pooled-manager.js";
import { ruleTester } from "../support/rule-tester.js";
import { typedFile, typedRuleTester } from "../support/typed-rule-tester.js";

const runtime = `import { AsyncDatabaseManager, DatabaseConfig } from "eslint-plugin-pgdbm/runtime";\n`;

ruleTester.run("no-connect-on-pooled-manager", rule, {
  valid: [
    // A manager that owns its pool is connected by its owner.
    runtime + `const db = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: url }));\nawait db.connect();`,
    runtime + `const config = new DatabaseConfig({ connectionString: url });\nconst db = new AsyncDatabaseManager(config);\nawait db.connect();`,
    runtime + `const db = new AsyncDatabaseManager({ connectionString: url });\nawait db.connect();`,
    // Dual-mode: the field may hold an outside manager or one made here, so the file cannot tell.
    runtime +
      `class Library {
  constructor(options) {
    this.db = options.db ?? new AsyncDatabaseManager(new DatabaseConfig(options));
  }
  async start() {
    await this.db.connect();
  }
}`,
    // Not the runtime's managers.
    `import pg from "pg";\nconst client = new pg.Client();\nawait client.connect();`,
    runtime + `function start(db) {\n  return db.connect();\n}`,
    runtime + `const db = new AsyncDatabaseManager({ pool, schema: "users" });\nsocket.connect(5432);`,
    // Options from another module: without type information the file cannot tell which kind (the typed run reports it).
    runtime + `import { billingOptions } from "./services.js";\nconst db = new AsyncDatabaseManager(billingOptions);\nawait db.connect();`,
  ],
  invalid: [
    {
      code:
        runtime +
        `const pool = await AsyncDatabaseManager.createSharedPool(config);
const db = new AsyncDatabaseManager({ pool, schema: "users" });
await db.connect();
await db.execute("SELECT 1");`,
      output:
        runtime +
        `const pool = await AsyncDatabaseManager.createSharedPool(config);
const db = new AsyncDatabaseManager({ pool, schema: "users" });
await db.execute("SELECT 1");`,
      errors: [
        { messageId: "connectOnPooledManager", data: { manager: "db" }, line: 4, column: 7, endLine: 4, endColumn: 19 },
      ],
    },
    {
      // A class field set from a shared pool in the constructor, connected in another method.
      code:
        runtime +
        `class UsersService {
  constructor(pool) {
    this.db = new AsyncDatabaseManager({ pool, schema: "users" });
  }
  async start() {
    await this.db.connect();
    await this.migrate();
  }
}`,
      output:
        runtime +
        `class UsersService {
  constructor(pool) {
    this.db = new AsyncDatabaseManager({ pool, schema: "users" });
  }
  async start() {
    await this.migrate();
  }
}`,
      errors: [{ messageId: "connectOnPooledManager", data: { manager: "this.db" }, line: 7, column: 11, endColumn: 28 }],
    },
    {
      // Options through a variable, a call without `await`.
      code: runtime + `const options = { pool: shared, schema: "orders" };\nconst db = new AsyncDatabaseManager(options);\ndb.connect();\n`,
      output: runtime + `const options = { pool: shared, schema: "orders" };\nconst db = new AsyncDatabaseManager(options);\n`,
      errors: [{ messageId: "connectOnPooledManager", line: 4, column: 1 }],
    },
    {
      // A trailing comment stays, on its own line at the statement's indentation: nothing but the call goes.
      code:
        runtime +
        `class UsersService {
  constructor(pool) {
    this.db = new AsyncDatabaseManager({ pool, schema: "users" });
  }
  async start() {
    await this.db.connect(); // open before migrating
    await this.migrate();
  }
}`,
      output:
        runtime +
        `class UsersService {
  constructor(pool) {
    this.db = new AsyncDatabaseManager({ pool, schema: "users" });
  }
  async start() {
    // open before migrating
    await this.migrate();
  }
}`,
      errors: [{ messageId: "connectOnPooledManager", data: { manager: "this.db" }, line: 7, column: 11, endLine: 7, endColumn: 28 }],
    },
    {
      // Sharing a line with other code or a comment: the statement and the blanks that set it apart go, nothing else.
      code:
        runtime +
        `const db = new AsyncDatabaseManager({ pool, schema: "users" });
await db.connect(); await db.execute("SELECT 1");
warmUp(); await db.connect();
/* borrowed */ db.connect();
if (ready) { db.connect(); }
`,
      output:
        runtime +
        `const db = new AsyncDatabaseManager({ pool, schema: "users" });
await db.execute("SELECT 1");
warmUp();
/* borrowed */
if (ready) { }
`,
      errors: [
        { messageId: "connectOnPooledManager", line: 3, column: 7, endColumn: 19 },
        { messageId: "connectOnPooledManager", line: 4, column: 17, endColumn: 29 },
        { messageId: "connectOnPooledManager", line: 5, column: 16, endColumn: 28 },
        { messageId: "connectOnPooledManager", line: 6, column: 14, endColumn: 26 },
      ],
    },
    {
      // Windows line endings: the whole line goes with its \r\n, a trailing comment keeps its own.
      code:
        runtime.replace("\n", "\r\n") +
        `const db = new AsyncDatabaseManager({ pool, schema: "users" });\r\nawait db.connect();\r\nawait db.execute("SELECT 1");\r\nawait db.connect(); // borrowed\r\n`,
      output:
        runtime.replace("\n", "\r\n") +
        `const db = new AsyncDatabaseManager({ pool, schema: "users" });\r\nawait db.execute("SELECT 1");\r\n// borrowed\r\n`,
      errors: [
        { messageId: "connectOnPooledManager", line: 3, column: 7 },
        { messageId: "connectOnPooledManager", line: 5, column: 7 },
      ],
    },
    {
      // Not a statement of its own: removing it would change the surrounding code, so no fix.
      code: runtime + `const db = new AsyncDatabaseManager({ pool, schema: "users" });\nawait Promise.all([db.connect(), warmUp()]);`,
      output: null,
      errors: [{ messageId: "connectOnPooledManager", line: 3, column: 20 }],
    },
    {
      code: runtime + `const db = new AsyncDatabaseManager({ pool, schema: "users" });\nif (ready) await db.connect();`,
      output: null,
      errors: [{ messageId: "connectOnPooledManager", line: 3, column: 18 }],
    },
    {
      // The manager comes back from a factory function.
      code:
        runtime +
        `function managerFor(schema) {
  return new AsyncDatabaseManager({ pool: sharedPool, schema });
}
const billing = managerFor("billing");
await billing.connect();
`,
      output:
        runtime +
        `function managerFor(schema) {
  return new AsyncDatabaseManager({ pool: sharedPool, schema });
}
const billing = managerFor("billing");
`,
      errors: [{ messageId: "connectOnPooledManager", data: { manager: "billing" }, line: 6, column: 7 }],
    },
  ],
});

typedRuleTester.run("no-connect-on-pooled-manager (type information)", rule, {
  valid: [
    {
      // The checker says the argument is a DatabaseConfig: the manager owns its pool.
      code: runtime + `import { appConfig } from "./services.js";\nconst db = new AsyncDatabaseManager(appConfig);\nawait db.connect();`,
      filename: typedFile,
    },
  ],
  invalid: [
    {
      // The checker says the argument has a \`pool\`: the manager borrows one.
      code: runtime + `import { billingOptions } from "./services.js";\nconst db = new AsyncDatabaseManager(billingOptions);\nawait db.connect();\n`,
      filename: typedFile,
      output: runtime + `import { billingOptions } from "./services.js";\nconst db = new AsyncDatabaseManager(billingOptions);\n`,
      errors: [{ messageId: "connectOnPooledManager", data: { manager: "db" }, line: 4, column: 7 }],
    },
  ],
});
