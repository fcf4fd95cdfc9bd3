import { test as base } from "vitest";
import type { DatabaseConfig } from "./config.js";
import type { AsyncDatabaseManager, TransactionManager } from "./manager.js";
import { AsyncTestDatabase } from "./testing.js";

export interface PgdbmFixtures {
  /** A manager on a fresh `test_<8 hex>` database (no schema), dropped after the test. */
  testDb: AsyncDatabaseManager;
  /** The same, with schema `test_schema` (created): `{{tables.x}}` → `"test_schema".x`. */
  testDbWithSchema: AsyncDatabaseManager;
  /** A transaction on `testDb`, rolled back after the test whatever happens in it. */
  testDbIsolated: TransactionManager;
}

export interface PgdbmFixtureOptions {
  /** Admin connection (default: PGDBM_TEST_URL, then the PG* variables). */
  config?: DatabaseConfig;
  /** Schema of `testDbWithSchema` (default "test_schema"). */
  schema?: string;
}

type Use<T> = (value: T) => Promise<void>;

class RollbackSignal {}

/**
 * The fixture functions, for building your own `test.extend` or running one outside vitest.
 * Each cleans up in `finally`: the database is dropped even when the test fails.
 */
export function createPgdbmFixtures(options: PgdbmFixtureOptions = {}) {
  const withDatabase = async (schema: string | undefined, use: Use<AsyncDatabaseManager>): Promise<void> => {
    const testDatabase = new AsyncTestDatabase(options.config);
    try {
      await testDatabase.createTestDatabase();
      await use(await testDatabase.getTestDbManager({ schema }));
    } finally {
      await testDatabase.dropTestDatabase();
    }
  };
  return {
    testDb: async (_context: object, use: Use<AsyncDatabaseManager>): Promise<void> => withDatabase(undefined, use),
    testDbWithSchema: async (_context: object, use: Use<AsyncDatabaseManager>): Promise<void> =>
      withDatabase(options.schema ?? "test_schema", use),
    testDbIsolated: async ({ testDb }: { testDb: AsyncDatabaseManager }, use: Use<TransactionManager>): Promise<void> => {
      const signal = new RollbackSignal();
      try {
        await testDb.transaction(async (tx) => {
          await use(tx);
          // Leaving the callback by throwing is what rolls the transaction back.
          throw signal;
        });
      } catch (error) {
        if (error !== signal) throw error;
      }
    },
  };
}

/** vitest's `test` with fixtures on a given admin connection or schema name. */
export function createPgdbmTest(options: PgdbmFixtureOptions = {}) {
  const fixtures = createPgdbmFixtures(options);
  // vitest reads each fixture's first parameter to learn its dependencies, so it must be a destructuring pattern.
  return base.extend<PgdbmFixtures>({
    testDb: async ({}, use) => fixtures.testDb({}, use),
    testDbWithSchema: async ({}, use) => fixtures.testDbWithSchema({}, use),
    testDbIsolated: async ({ testDb }, use) => fixtures.testDbIsolated({ testDb }, use),
  });
}

/**
 * `test` with the fixtures `testDb`, `testDbWithSchema` and `testDbIsolated`:
 *
 *   import { test } from "eslint-plugin-pgdbm/runtime/vitest";
 *   test("creates a user", async ({ testDbWithSchema: db }) => { … });
 */
export const test = createPgdbmTest();
export const it = test;
