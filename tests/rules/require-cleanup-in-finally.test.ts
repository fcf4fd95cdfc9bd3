import rule from "../../rules/require-cleanup-in-finally.js";
import { ruleTester } from "../support/rule-tester.js";
import { typedFile, typedRuleTester } from "../support/typed-rule-tester.js";

const runtime = `import { AsyncTestDatabase } from "eslint-plugin-pgdbm/runtime";\nimport { afterAll, afterEach, beforeAll, expect, test } from "vitest";\n`;

ruleTester.run("require-cleanup-in-finally", rule, {
  valid: [
    runtime +
      `test("users", async () => {
  const testDb = new AsyncTestDatabase();
  await testDb.createTestDatabase();
  try {
    const db = await testDb.getTestDbManager();
    await db.execute("SELECT 1");
  } finally {
    await testDb.dropTestDatabase();
  }
});`,
    // In a teardown hook.
    runtime + `const testDb = new AsyncTestDatabase();\nafterEach(async () => {\n  await testDb.dropTestDatabase();\n});`,
    runtime + `const testDb = new AsyncTestDatabase();\nafterAll(() => testDb.dropTestDatabase());`,
    // In a finally several blocks up.
    runtime +
      `const databases = [new AsyncTestDatabase(), new AsyncTestDatabase()];
test("many", async () => {
  try {
    await run(databases);
  } finally {
    for (const testDb of databases) {
      if (testDb) {
        await testDb.dropTestDatabase();
      }
    }
  }
});`,
    // The teardown a setup hook returns, and a promise's finally.
    runtime +
      `const testDb = new AsyncTestDatabase();
beforeAll(async () => {
  await testDb.createTestDatabase();
  return async () => {
    await testDb.dropTestDatabase();
  };
});`,
    runtime + `const testDb = new AsyncTestDatabase();\nawait testDb.createTestDatabase().then(runSuite).finally(() => testDb.dropTestDatabase());`,
    // A helper only ever called from teardown.
    runtime +
      `const testDb = new AsyncTestDatabase();
async function cleanUp() {
  await testDb.dropTestDatabase();
}
afterAll(cleanUp);
test("x", async () => {
  try {
    await work();
  } finally {
    await cleanUp();
  }
});`,
    // Callers the file does not show: an exported helper, a method.
    runtime + `export async function dropAll(testDb) {\n  await testDb.dropTestDatabase();\n}`,
    runtime + `class Harness {\n  async stop() {\n    await this.testDb.dropTestDatabase();\n  }\n}`,
    // An exported helper that makes its own database and drops it in finally.
    runtime +
      `export async function withTestDb(fn) {
  const t = new AsyncTestDatabase();
  await t.createTestDatabase();
  try {
    await fn(await t.getTestDbManager());
  } finally {
    await t.dropTestDatabase();
  }
}`,
    // Exported setup and teardown halves: the teardown's callers (an afterAll elsewhere) are not in this file.
    runtime +
      `const t = new AsyncTestDatabase();
export async function setUp() {
  await t.createTestDatabase();
}
export async function tearDown() {
  await t.dropTestDatabase();
}`,
    // Creating one database and dropping another is a swap, not a lifecycle this function owns.
    runtime + `export async function swap(next, previous) {\n  await next.createTestDatabase();\n  await previous.dropTestDatabase();\n}`,
    // Without the runtime in sight, a method of that name is someone else's.
    `await fixtures.dropTestDatabase();`,
  ],
  invalid: [
    {
      code:
        runtime +
        `test("creates users", async () => {
  const testDb = new AsyncTestDatabase();
  await testDb.createTestDatabase();
  const db = await testDb.getTestDbManager({ schema: "app" });
  await db.execute("INSERT INTO {{tables.users}} (email) VALUES ($1)", "a@example.com");
  await testDb.dropTestDatabase();
});`,
      output: null,
      errors: [
        {
          messageId: "cleanupNotInFinally",
          data: { receiver: "testDb" },
          line: 8,
          column: 9,
          endLine: 8,
          endColumn: 34,
          suggestions: [
            {
              messageId: "wrapInTryFinally",
              output:
                runtime +
                `test("creates users", async () => {
  const testDb = new AsyncTestDatabase();
  await testDb.createTestDatabase();
  try {
    const db = await testDb.getTestDbManager({ schema: "app" });
    await db.execute("INSERT INTO {{tables.users}} (email) VALUES ($1)", "a@example.com");
  } finally {
    await testDb.dropTestDatabase();
  }
});`,
            },
          ],
        },
      ],
    },
    {
      // A vitest fixture written like the seed's pytest one; a multi-line template literal keeps its text.
      code:
        runtime +
        `export const dbTest = test.extend({
  db: async ({}, use) => {
    const testDb = new AsyncTestDatabase();
    const name = await testDb.createTestDatabase();
    const db = await testDb.getTestDbManager();
    await db.execute(\`
CREATE TABLE {{tables.users}} (id serial)\`);
    await use(db);
    await testDb.dropTestDatabase();
  },
});`,
      output: null,
      errors: [
        {
          messageId: "cleanupNotInFinally",
          line: 11,
          column: 11,
          suggestions: [
            {
              messageId: "wrapInTryFinally",
              output:
                runtime +
                `export const dbTest = test.extend({
  db: async ({}, use) => {
    const testDb = new AsyncTestDatabase();
    const name = await testDb.createTestDatabase();
    try {
      const db = await testDb.getTestDbManager();
      await db.execute(\`
CREATE TABLE {{tables.users}} (id serial)\`);
      await use(db);
    } finally {
      await testDb.dropTestDatabase();
    }
  },
});`,
            },
          ],
        },
      ],
    },
    {
      // A binding made before the drop is used after it: moving it into try would hide it, so no suggestion.
      code:
        runtime +
        `test("counts", async () => {
  const testDb = new AsyncTestDatabase();
  await testDb.createTestDatabase();
  const rows = await (await testDb.getTestDbManager()).fetchAll("SELECT 1");
  await testDb.dropTestDatabase();
  expect(rows).toHaveLength(1);
});`,
      output: null,
      errors: [{ messageId: "cleanupNotInFinally", line: 7, column: 9, suggestions: [] }],
    },
    {
      // In a catch block it only runs on failure; after the try it only runs on success.
      code:
        runtime +
        `const testDb = new AsyncTestDatabase();
try {
  await runSuite();
} catch (error) {
  await testDb.dropTestDatabase();
  throw error;
}
await testDb.dropTestDatabase();`,
      output: null,
      errors: [
        { messageId: "cleanupNotInFinally", line: 7, column: 9, suggestions: [] },
        { messageId: "cleanupNotInFinally", line: 10, column: 7, suggestions: [] },
      ],
    },
    {
      // The classic leaky helper: exported, no caller in the file, but it makes the database itself.
      code:
        runtime +
        `export async function withTestDb(fn) {
  const t = new AsyncTestDatabase();
  await t.createTestDatabase();
  await fn(await t.getTestDbManager());
  await t.dropTestDatabase();
}`,
      output: null,
      errors: [
        {
          messageId: "cleanupNotInFinally",
          data: { receiver: "t" },
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 29,
          suggestions: [
            {
              messageId: "wrapInTryFinally",
              output:
                runtime +
                `export async function withTestDb(fn) {
  const t = new AsyncTestDatabase();
  await t.createTestDatabase();
  try {
    await fn(await t.getTestDbManager());
  } finally {
    await t.dropTestDatabase();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // A method that makes and drops its database: whoever calls it, the work in between can fail.
      code:
        runtime +
        `export class Harness {
  async run(fn) {
    await this.testDb.createTestDatabase();
    await fn(this.testDb);
    await this.testDb.dropTestDatabase();
  }
}`,
      output: null,
      errors: [
        {
          messageId: "cleanupNotInFinally",
          data: { receiver: "this.testDb" },
          line: 7,
          column: 11,
          suggestions: [
            {
              messageId: "wrapInTryFinally",
              output:
                runtime +
                `export class Harness {
  async run(fn) {
    await this.testDb.createTestDatabase();
    try {
      await fn(this.testDb);
    } finally {
      await this.testDb.dropTestDatabase();
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // The drop sits in a local helper that the creating function calls after the work: still not covered.
      code:
        runtime +
        `export default async function withTestDb(fn) {
  const t = new AsyncTestDatabase();
  await t.createTestDatabase();
  const cleanUp = async () => {
    await t.dropTestDatabase();
  };
  await fn(t);
  await cleanUp();
}`,
      output: null,
      errors: [{ messageId: "cleanupNotInFinally", data: { receiver: "t" }, line: 7, column: 11, suggestions: [] }],
    },
    {
      // A helper called from a test body, not from teardown.
      code:
        runtime +
        `const testDb = new AsyncTestDatabase();
async function cleanUp() {
  await testDb.dropTestDatabase();
}
test("x", async () => {
  await work();
  await cleanUp();
});`,
      output: null,
      errors: [{ messageId: "cleanupNotInFinally", line: 5, column: 9, suggestions: [] }],
    },
  ],
});

typedRuleTester.run("require-cleanup-in-finally (type information)", rule, {
  valid: [
    {
      // The checker says this is not the runtime's test database.
      code: `import { notADatabase } from "./services.js";\nawait notADatabase.dropTestDatabase();`,
      filename: typedFile,
    },
  ],
  invalid: [
    {
      // No runtime import in this file: the checker is what recognises the test database.
      code: `import { testDatabase } from "./services.js";\nawait testDatabase.createTestDatabase();\nawait runSuite();\nawait testDatabase.dropTestDatabase();`,
      filename: typedFile,
      output: null,
      errors: [
        {
          messageId: "cleanupNotInFinally",
          data: { receiver: "testDatabase" },
          line: 4,
          column: 7,
          suggestions: [
            {
              messageId: "wrapInTryFinally",
              output: `import { testDatabase } from "./services.js";\nawait testDatabase.createTestDatabase();\ntry {\n  await runSuite();\n} finally {\n  await testDatabase.dropTestDatabase();\n}`,
            },
          ],
        },
      ],
    },
  ],
});
