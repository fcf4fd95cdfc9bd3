import { randomBytes } from "node:crypto";
import pg from "pg";
import { DatabaseConfig, poolOptionsFor } from "./config.js";
import { ConfigurationError, ConnectionError, errorText, QueryError } from "./errors.js";
import { assertSafeIdentifier, quoteIdentifier } from "./identifiers.js";
import { log } from "./log.js";
import { AsyncDatabaseManager } from "./manager.js";
import type { SharedPool } from "./pool.js";

const CLOSE_GRACE_MS = 1_000;
async function waitAtMost(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
const settle = (promise: Promise<void>): Promise<{ failed: boolean; error?: unknown }> =>
  promise.then(
    () => ({ failed: false }),
    (error: unknown) => ({ failed: true, error }),
  );

export interface TestDbManagerOptions {
  /** The schema of the returned manager; created if missing. */
  schema?: string;
}

/**
 * Where test databases are created from, when no config is given: `PGDBM_TEST_URL`, else the
 * libpq variables (`PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGDATABASE`), else
 * `postgres@localhost:5432/postgres`.
 */
export function testAdminConfigFromEnv(): DatabaseConfig {
  const url = process.env.PGDBM_TEST_URL;
  if (url !== undefined && url !== "") {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new ConfigurationError("PGDBM_TEST_URL must be a postgres:// URL of a server where test databases may be created", {
        field: "PGDBM_TEST_URL",
      });
    }
    return new DatabaseConfig({ connectionString: url });
  }
  return new DatabaseConfig({});
}

/**
 * A throw-away database `test_<8 hex>` on a server, made through an admin connection. Every
 * manager it hands out shares one pool on that database; `dropTestDatabase()` closes that pool
 * and drops the database `WITH (FORCE)`. Call it in a `finally` (or use the vitest fixtures).
 */
export class AsyncTestDatabase {
  readonly #adminConfig: DatabaseConfig;
  #name: string | undefined;
  /** The one pool every manager handed out borrows: closing it disconnects them all. */
  #pool: Promise<SharedPool> | undefined;

  constructor(config?: DatabaseConfig) {
    if (config !== undefined && !(config instanceof DatabaseConfig)) {
      throw new ConfigurationError("new AsyncTestDatabase(config?) takes a DatabaseConfig of the admin connection");
    }
    this.#adminConfig = config ?? testAdminConfigFromEnv();
  }

  /** The test database's name, once created. */
  get databaseName(): string | undefined {
    return this.#name;
  }

  /** Config of the test database (for a manager that owns its pool, or a child process). */
  getTestDbConfig(options: { schema?: string } = {}): DatabaseConfig {
    const name = this.#requireName("getTestDbConfig()");
    return this.#adminConfig.withOptions({ database: name, schema: options.schema, minConnections: 1, maxConnections: 5 });
  }

  async createTestDatabase(suffix?: string): Promise<string> {
    if (this.#name !== undefined) {
      throw new ConfigurationError(
        `This AsyncTestDatabase already made ${this.#name}: drop it with dropTestDatabase() first, or use another instance.`,
      );
    }
    const name = `test_${randomBytes(4).toString("hex")}${suffix === undefined ? "" : `_${suffix}`}`;
    assertSafeIdentifier(name, "test database");
    await this.#admin(`CREATE DATABASE ${quoteIdentifier(name)} TEMPLATE template0`);
    this.#name = name;
    log.debug(`created test database ${name}`);
    return name;
  }

  /** A connected manager on the test database; all of them share one pool, closed by dropTestDatabase(). */
  async getTestDbManager(options: TestDbManagerOptions = {}): Promise<AsyncDatabaseManager> {
    this.#requireName("getTestDbManager()");
    if (options.schema !== undefined) assertSafeIdentifier(options.schema, "schema");
    // One promise, so that managers requested at the same time still share one pool.
    const opening = (this.#pool ??= AsyncDatabaseManager.createSharedPool(this.getTestDbConfig()));
    let pool: SharedPool;
    try {
      pool = await opening;
    } catch (error) {
      if (this.#pool === opening) this.#pool = undefined;
      throw error;
    }
    const manager = new AsyncDatabaseManager({ pool, schema: options.schema });
    if (options.schema !== undefined) await manager.execute("CREATE SCHEMA IF NOT EXISTS {{schema}}");
    return manager;
  }

  /** Closes what it handed out, then drops the database WITH (FORCE). Does nothing when no database was made. */
  async dropTestDatabase(): Promise<void> {
    const name = this.#name;
    if (name === undefined) return;
    const opening = this.#pool;
    this.#pool = undefined;
    // A pool that failed to open was reported to getTestDbManager()'s caller; there is nothing to close.
    const closing = opening === undefined ? undefined : settle(opening.then((pool) => pool.close(), () => undefined));
    // Closing waits for connections still running a query (a test that timed out): give them a
    // moment, then FORCE ends them, which lets the close finish.
    if (closing !== undefined) await waitAtMost(closing, CLOSE_GRACE_MS);
    await this.#admin(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
    this.#name = undefined;
    log.debug(`dropped test database ${name}`);
    const closed = await closing;
    if (closed?.failed) throw closed.error;
  }

  #requireName(caller: string): string {
    if (this.#name === undefined) {
      throw new ConfigurationError(`${caller} before createTestDatabase(): create the test database first.`);
    }
    return this.#name;
  }

  /** One short-lived admin connection per statement: nothing stays open between tests. */
  async #admin(sql: string): Promise<void> {
    const config = this.#adminConfig;
    const client = new pg.Client(poolOptionsFor(config));
    client.on("error", (error) => log.debug(`admin connection error: ${error.message}`));
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch((endError: unknown) => log.debug(`closing the failed admin connection: ${String(endError)}`));
      throw new ConnectionError(
        `Could not open the admin connection to ${config.dsn} for test databases: ${errorText(error)}`,
        { dsn: config.dsn, host: config.host, port: config.port, database: config.database, attempts: 1, cause: error },
      );
    }
    try {
      await client.query(sql);
    } catch (error) {
      throw new QueryError(`${sql} failed: ${errorText(error)}`, {
        sql,
        paramsCount: 0,
        dsn: config.dsn,
        cause: error,
      });
    } finally {
      await client.end();
    }
  }
}
