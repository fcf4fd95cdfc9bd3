/**
 * Helpers for tests that talk to PostgreSQL. The target (a real server or embedded PGlite) is
 * chosen once per run by global-setup.ts; read it here, never from the environment.
 *
 *   import { itOnServer, scratchSchema, testConfig } from "../support/test-database.js";
 *
 * Tests run in parallel with other files: every schema or database a test makes gets a unique
 * name (`uniqueName`) and is dropped after the test (`scratchSchema`, `onTestFinished`).
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject, it, onTestFinished, type TestFunction } from "vitest";
import { DatabaseConfig, type DatabaseConfigOptions } from "../../runtime/index.js";
import { SERVER_SKIP_PREFIX, type TestTarget } from "./test-target.js";

export { SERVER_SKIP_PREFIX };
export type { TestTarget };

export const target: TestTarget = inject("pgdbmTestTarget");

/** True when the run has a real PostgreSQL server (several sessions, CREATE DATABASE, advisory locks). */
export const onRealServer = target.mode === "server";

/**
 * `it` for a test that needs a real server. With PGlite it is reported as skipped with the
 * reason (the skip reporter lists it); with PGDBM_REQUIRE_SERVER=1 such a skip fails instead.
 */
export function itOnServer(name: string, reason: string, fn: TestFunction, timeout?: number): void {
  if (onRealServer) {
    it(name, fn, timeout);
    return;
  }
  it(name, (context) => {
    const note = `${SERVER_SKIP_PREFIX}: ${reason}`;
    if (process.env.PGDBM_REQUIRE_SERVER === "1") throw new Error(`PGDBM_REQUIRE_SERVER=1 and ${note}`);
    context.skip(note);
  });
}

/** `prefix_<12 hex>`: a name no parallel test will pick. */
export function uniqueName(prefix = "t"): string {
  return `${prefix}_${randomBytes(6).toString("hex")}`;
}

/** A DatabaseConfig on the run's database, small pool, fast retries; options override. */
export function testConfig(options: Omit<DatabaseConfigOptions, "connectionString"> = {}): DatabaseConfig {
  return new DatabaseConfig({
    connectionString: target.url,
    minConnections: 1,
    maxConnections: 4,
    retryAttempts: 1,
    ...options,
  });
}

/** Runs SQL on a one-off connection of its own, outside any pool under test. */
export async function adminQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(
  sql: string,
  values: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: target.url });
  client.on("error", () => {});
  await client.connect();
  try {
    return (await client.query<R>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** A unique schema name, dropped (CASCADE) after the current test whatever its outcome. */
export function scratchSchema(prefix = "s"): string {
  const schema = uniqueName(prefix);
  onTestFinished(async () => {
    await adminQuery(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });
  return schema;
}

/** Names of the databases on the server that match a LIKE pattern. */
export async function databasesLike(pattern: string): Promise<string[]> {
  const rows = await adminQuery<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [pattern]);
  return rows.map((row) => row.datname);
}
