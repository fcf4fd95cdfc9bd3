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
 * vitest stops waiting for a test that times out, and a fixture still setting up at that moment is
 * never torn down: the test's abort signal is then the only notice that cleanup must run now.
 */
function untilDoneOrAborted(work: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return work;
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => resolve();
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

interface FixtureContext {
  signal?: AbortSignal;
}

/** Database lifecycles still running; the file-scoped fixture waits for them before the worker moves on. */
const unfinished = new Set<Promise<void>>();

function tracked(lifecycle: Promise<void>): Promise<void> {
  unfinished.add(lifecycle);
  const forget = (): void => void unfinished.delete(lifecycle);
  lifecycle.then(forget, forget);
  return lifecycle;
}

/**
 * The fixture functions, for building your own `test.extend` or running one outside vitest.
 * Each cleans up in `finally`: the database is dropped even when the test fails.
 */
export function createPgdbmFixtures(options: PgdbmFixtureOptions = {}) {
  const withDatabase = (
    schema: string | undefined,
    use: Use<AsyncDatabaseManager>,
    signal: AbortSignal | undefined,
  ): Promise<void> => tracked(databaseLifecycle(schema, use, signal));
  const databaseLifecycle = async (
    schema: string | undefined,
    use: Use<AsyncDatabaseManager>,
    signal: AbortSignal | undefined,
  ): Promise<void> => {
    const testDatabase = new AsyncTestDatabase(options.config);
    try {
      await testDatabase.createTestDatabase();
      const manager = await testDatabase.getTestDbManager({ schema });
      if (signal?.aborted !== true) await untilDoneOrAborted(use(manager), signal);
    } finally {
      await testDatabase.dropTestDatabase();
    }
  };
  return {
    testDb: async ({ signal }: FixtureContext, use: Use<AsyncDatabaseManager>): Promise<void> =>
      withDatabase(undefined, use, signal),
    testDbWithSchema: async ({ signal }: FixtureContext, use: Use<AsyncDatabaseManager>): Promise<void> =>
      withDatabase(options.schema ?? "test_schema", use, signal),
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
  return base.extend<PgdbmFixtures & { pgdbmUnfinishedCleanup: void }>({
    // A test that timed out in its fixture's setup is not torn down by vitest: this waits, at the
    // end of the file, for such databases to be dropped before the worker exits.
    pgdbmUnfinishedCleanup: [
      async ({}, use) => {
        await use();
        await Promise.allSettled([...unfinished]);
      },
      { scope: "file", auto: true },
    ],
    testDb: async ({ signal }, use) => fixtures.testDb({ signal }, use),
    testDbWithSchema: async ({ signal }, use) => fixtures.testDbWithSchema({ signal }, use),
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
