import rule from "../../rules/no-schema-mutation.js";
import { ruleTester } from "../support/rule-tester.js";
import { typedFile, typedRuleTester } from "../support/typed-rule-tester.js";

const runtime = `import { AsyncDatabaseManager, AsyncTestDatabase, DatabaseConfig } from "eslint-plugin-pgdbm/runtime";\n`;

ruleTester.run("no-schema-mutation", rule, {
  valid: [
    // `schema` on a plain object is just data.
    runtime + `const options = { schema: "a" };\noptions.schema = "b";`,
    // Reading the schema is what it is for.
    runtime + `const db = new AsyncDatabaseManager({ pool, schema: "a" });\nconsole.log(db.schema);`,
    // A config is not a manager: set it up before making the manager.
    runtime + `const config = new DatabaseConfig({ connectionString: url });\nconfig.schema = "billing";`,
    // A copy with another schema is a new object, not a mutation.
    runtime + `const db = new AsyncDatabaseManager({ pool, schema: "a" });\nconst copy = { ...db, schema: "b" };`,
    // An untyped parameter could be anything: without type information the rule stays silent.
    runtime + `function retarget(db) {\n  db.schema = "b";\n}`,
    // Another module's value: without type information nothing says it is a manager (the typed run below reports it).
    `import { getDb } from "./services.js";\nconst db = getDb();\ndb.schema = "tenant2";`,
    // A class of the same name that is not the runtime's.
    `class AsyncDatabaseManager { schema = "a"; }\nconst db = new AsyncDatabaseManager();\ndb.schema = "b";`,
    `import { AsyncDatabaseManager } from "some-other-orm";\nconst db = new AsyncDatabaseManager({ schema: "a" });\ndb.schema = "b";`,
    // A shadowing binding that is not the manager.
    runtime + `const db = new AsyncDatabaseManager({ pool, schema: "a" });\n{\n  const db = { schema: "a" };\n  db.schema = "b";\n}`,
    // A module the settings do not name.
    {
      code: `import { AsyncDatabaseManager } from "@acme/db";\nconst db = new AsyncDatabaseManager({ pool, schema: "a" });\ndb.schema = "b";`,
      settings: { pgdbm: { runtimeModules: ["@acme/other"] } },
    },
  ],
  invalid: [
    {
      code: runtime + `const db = new AsyncDatabaseManager({ pool, schema: "tenant1" });\ndb.schema = "tenant2";`,
      output: null,
      errors: [{ messageId: "schemaMutation", data: { manager: "db" }, line: 3, column: 1, endLine: 3, endColumn: 10 }],
    },
    {
      // A class field set in the constructor, changed in a method.
      code:
        runtime +
        `class TenantService {
  constructor(pool) {
    this.db = new AsyncDatabaseManager({ pool, schema: "tenant1" });
  }
  useTenant(tenant) {
    this.db.schema = tenant;
  }
}`,
      output: null,
      errors: [{ messageId: "schemaMutation", data: { manager: "this.db" }, line: 7, column: 5, endLine: 7, endColumn: 19 }],
    },
    {
      // A parameter typed with the runtime's class.
      code: runtime + `function useTenant(db: AsyncDatabaseManager, tenant: string) {\n  db.schema = tenant;\n}`,
      output: null,
      errors: [{ messageId: "schemaMutation", line: 3, column: 3 }],
    },
    {
      code: `import { AsyncDatabaseManager as Db } from "eslint-plugin-pgdbm/runtime";\nconst db = new Db(config);\ndb.schema = "b";`,
      output: null,
      errors: [{ messageId: "schemaMutation", line: 3, column: 1 }],
    },
    {
      code: `import * as pgdbm from "eslint-plugin-pgdbm/runtime";\nconst db = new pgdbm.AsyncDatabaseManager(config);\ndb.schema = "b";`,
      output: null,
      errors: [{ messageId: "schemaMutation", line: 3, column: 1 }],
    },
    {
      code: `const { AsyncDatabaseManager } = require("eslint-plugin-pgdbm/runtime");\nconst db = new AsyncDatabaseManager(config);\ndb.schema = "b";`,
      output: null,
      errors: [{ messageId: "schemaMutation", line: 3, column: 1 }],
    },
    {
      code: `const pgdbm = require("eslint-plugin-pgdbm/runtime");\nconst db = new pgdbm.AsyncDatabaseManager(config);\ndb["schema"] = "b";`,
      output: null,
      errors: [{ messageId: "schemaMutation", line: 3, column: 1, endColumn: 13 }],
    },
    {
      code: runtime + `const db = new AsyncDatabaseManager(config);\ndb.schema += "_v2";\ndb.schema++;\ndelete db.schema;`,
      output: null,
      errors: [
        { messageId: "schemaMutation", line: 3, column: 1 },
        { messageId: "schemaMutation", line: 4, column: 1 },
        { messageId: "schemaMutation", line: 5, column: 8 },
      ],
    },
    {
      // Destructuring into it, and the reflective writes.
      code:
        runtime +
        `const db = new AsyncDatabaseManager(config);
({ schema: db.schema } = next);
Object.assign(db, { schema: "b" });
Object.defineProperty(db, "schema", { value: "b" });
Reflect.set(db, "schema", "b");`,
      output: null,
      errors: [
        { messageId: "schemaMutation", line: 3, column: 12, endColumn: 21 },
        { messageId: "schemaMutation", line: 4, column: 1, endColumn: 35 },
        { messageId: "schemaMutation", line: 5, column: 1 },
        { messageId: "schemaMutation", line: 6, column: 1 },
      ],
    },
    {
      // Through an object property and through a function's return value.
      code:
        runtime +
        `const services = { users: new AsyncDatabaseManager({ pool, schema: "users" }) };
services.users.schema = "orders";
function makeDb() {
  return new AsyncDatabaseManager({ pool, schema: "a" });
}
const made = makeDb();
made.schema = "b";`,
      output: null,
      errors: [
        { messageId: "schemaMutation", data: { manager: "services.users" }, line: 3, column: 1 },
        { messageId: "schemaMutation", data: { manager: "made" }, line: 8, column: 1 },
      ],
    },
    {
      // A manager handed out by a test database.
      code:
        runtime +
        `const testDb = new AsyncTestDatabase();
const db = await testDb.getTestDbManager({ schema: "a" });
db.schema = "b";`,
      output: null,
      errors: [{ messageId: "schemaMutation", line: 4, column: 1 }],
    },
    {
      code: `import { AsyncDatabaseManager } from "@acme/db";\nconst db = new AsyncDatabaseManager({ pool, schema: "a" });\ndb.schema = "b";`,
      settings: { pgdbm: { runtimeModules: ["@acme/db"] } },
      output: null,
      errors: [{ messageId: "schemaMutation", line: 3, column: 1 }],
    },
  ],
});

typedRuleTester.run("no-schema-mutation (type information)", rule, {
  valid: [
    {
      // The checker knows this is not a manager, whatever its shape.
      code: `import { notADatabase } from "./services.js";\nnotADatabase.schema = "b";`,
      filename: typedFile,
    },
    {
      // A class of the runtime's name from a module the settings do not name.
      code: `import type { AsyncDatabaseManager } from "@acme/db";\nimport { getAcmeDb } from "./services.js";\nconst db: AsyncDatabaseManager = getAcmeDb();\ndb.schema = "b";`,
      filename: typedFile,
    },
  ],
  invalid: [
    {
      // Nothing in this file says `db` is a manager; the checker does.
      code: `import { getDb } from "./services.js";\nconst db = getDb();\ndb.schema = "tenant2";`,
      filename: typedFile,
      output: null,
      errors: [{ messageId: "schemaMutation", data: { manager: "db" }, line: 3, column: 1, endLine: 3, endColumn: 10 }],
    },
    {
      // A wrapper module named in the settings, whose entry re-exports the class from a file next to it.
      code: `import type { AsyncDatabaseManager } from "@acme/db";\nimport { getAcmeDb } from "./services.js";\nconst db = getAcmeDb();\ndb.schema = "b";`,
      filename: typedFile,
      settings: { pgdbm: { runtimeModules: ["@acme/db"] } },
      output: null,
      errors: [{ messageId: "schemaMutation", line: 4, column: 1 }],
    },
  ],
});
