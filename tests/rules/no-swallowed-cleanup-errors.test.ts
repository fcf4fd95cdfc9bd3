import rule from "../../rules/no-swallowed-cleanup-errors.js";
import { ruleTester } from "../support/rule-tester.js";

const runtime = `import { AsyncDatabaseManager, AsyncTestDatabase } from "eslint-plugin-pgdbm/runtime";\n`;
const testDb = `const testDb = new AsyncTestDatabase();\n`;

ruleTester.run("no-swallowed-cleanup-errors", rule, {
  valid: [
    // The error is looked at, rethrown, or passed on.
    runtime + testDb + `await testDb.dropTestDatabase().catch((error) => console.error("cleanup failed", error));`,
    runtime + testDb + `await testDb.dropTestDatabase().catch((error) => {\n  throw new Error("cleanup failed", { cause: error });\n});`,
    runtime + testDb + `try {\n  await testDb.dropTestDatabase();\n} catch (error) {\n  if (!isMissing(error)) throw error;\n}`,
    runtime + testDb + `await new Promise((resolve, reject) => testDb.dropTestDatabase().then(resolve).catch(() => reject()));`,
    // Cleanup in a finally with no catch lets errors through.
    runtime + testDb + `try {\n  await run();\n} finally {\n  await testDb.dropTestDatabase();\n}`,
    // Swallowing something that is not cleanup is not this rule's business.
    runtime + `const db = new AsyncDatabaseManager({ pool, schema: "app" });\ntry {\n  await db.execute("SELECT 1");\n} catch {}`,
    runtime + `socket.close().catch(() => {});`,
    `await fixtures.dropTestDatabase().catch(() => {});`,
  ],
  invalid: [
    {
      code: runtime + testDb + `await testDb.dropTestDatabase().catch(() => {});`,
      output: null,
      errors: [
        {
          messageId: "swallowedCleanupError",
          data: { call: "testDb.dropTestDatabase()", leaves: "a test database" },
          line: 3,
          column: 39,
          endLine: 3,
          endColumn: 47,
        },
      ],
    },
    {
      code:
        runtime +
        testDb +
        `const noop = () => {};
await testDb.dropTestDatabase().catch(() => undefined);
await testDb.dropTestDatabase().catch(noop);
await testDb.dropTestDatabase().then(report, () => null);
await testDb.dropTestDatabase().then(() => log("dropped")).catch((error) => {});`,
      output: null,
      errors: [
        { messageId: "swallowedCleanupError", line: 4, column: 39 },
        { messageId: "swallowedCleanupError", line: 5, column: 39 },
        { messageId: "swallowedCleanupError", line: 6, column: 46 },
        { messageId: "swallowedCleanupError", line: 7, column: 66 },
      ],
    },
    {
      code: runtime + testDb + `try {\n  await testDb.dropTestDatabase();\n} catch {}`,
      output: null,
      errors: [{ messageId: "swallowedCleanupError", line: 5, column: 3, endLine: 5, endColumn: 11 }],
    },
    {
      // Logged without the error is still dropped.
      code:
        runtime +
        `const db = new AsyncDatabaseManager(config);
try {
  await db.disconnect();
} catch (error) {
  console.warn("could not disconnect");
}`,
      output: null,
      errors: [{ messageId: "swallowedCleanupError", data: { call: "db.disconnect()", leaves: "connections open" }, line: 5, column: 3 }],
    },
    {
      code: runtime + `const pool = await AsyncDatabaseManager.createSharedPool(config);\nprocess.on("SIGTERM", () => pool.close().catch(() => {}));`,
      output: null,
      errors: [{ messageId: "swallowedCleanupError", data: { call: "pool.close()", leaves: "connections open" }, line: 3, column: 48 }],
    },
  ],
});
