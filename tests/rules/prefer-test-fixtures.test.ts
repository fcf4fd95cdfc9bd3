import rule from "../../rules/prefer-test-fixtures.js";
import { ruleTester } from "../support/rule-tester.js";

const vitestFile = "tests/users.test.ts";
const code = `import { AsyncTestDatabase } from "eslint-plugin-pgdbm/runtime";
import { afterAll, beforeAll, describe, test } from "vitest";

describe("users", () => {
  const testDb = new AsyncTestDatabase();
  beforeAll(() => testDb.createTestDatabase());
  afterAll(() => testDb.dropTestDatabase());
});`;

ruleTester.run("prefer-test-fixtures", rule, {
  valid: [
    // Already on the fixtures.
    {
      code: `import { test } from "eslint-plugin-pgdbm/runtime/vitest";\ntest("users", async ({ testDb }) => {\n  await testDb.execute("SELECT 1");\n});`,
      filename: vitestFile,
    },
    // Not a test file: a script or a shared setup module.
    { code, filename: "scripts/reset-db.ts" },
    // A test file of another runner, where the vitest fixtures do not serve.
    {
      code: `import { AsyncTestDatabase } from "eslint-plugin-pgdbm/runtime";\nimport { test } from "node:test";\nconst testDb = new AsyncTestDatabase();`,
      filename: "tests/users.test.mjs",
    },
    // Building a fixture of one's own is what the fixtures are made of.
    {
      code: `import { AsyncTestDatabase } from "eslint-plugin-pgdbm/runtime";
import { test as base } from "vitest";
export const test = base.extend({
  legacyDb: async ({}, use) => {
    const testDb = new AsyncTestDatabase(legacyConfig);
    await use(testDb);
  },
});`,
      filename: "tests/legacy.test.ts",
    },
  ],
  invalid: [
    {
      code,
      filename: vitestFile,
      output: null,
      errors: [
        {
          messageId: "preferFixtures",
          data: { fixtures: "eslint-plugin-pgdbm/runtime/vitest" },
          line: 5,
          column: 18,
          endLine: 5,
          endColumn: 41,
        },
      ],
    },
    {
      code: code.replace("describe(", "describe.sequential("),
      filename: "src/__tests__/users.ts",
      output: null,
      errors: [{ messageId: "preferFixtures", line: 5, column: 18 }],
    },
  ],
});
