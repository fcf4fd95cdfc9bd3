import type pg from "pg";
import { DatabaseConfig } from "./config.js";
import { ConfigurationError, errorText, PoolError, QueryError } from "./errors.js";
import { assertSafeIdentifier } from "./identifiers.js";
import { log } from "./log.js";
import { closedPoolError, isSharedPool, openPool, type PoolStats, type SharedPool } from "./pool.js";
import { checkArgsList, QueryMethods, type QueryTarget } from "./query-methods.js";
import { expandTemplates } from "./templates.js";

export interface SharedPoolManagerOptions {
  /** A pool from `AsyncDatabaseManager.createSharedPool(config)`. */
  pool: SharedPool;
  /** The schema this manager's `{{tables.x}}` resolve to. */
  schema?: string;
}

export interface ManagerPoolStats extends PoolStats {
  connected: boolean;
  /** True when this manager opened the pool (and so closes it). */
  owned: boolean;
  schema: string | undefined;
  dsn: string | undefined;
}

const EXPANDED_SQL_CACHE_LIMIT = 2_000;

const OWN_POOL_PATTERN =
  "  const db = new AsyncDatabaseManager(new DatabaseConfig({ connectionString, schema: \"users\" }));\n" +
  "  await db.connect();";
const SHARED_POOL_PATTERN =
  "  const pool = await AsyncDatabaseManager.createSharedPool(new DatabaseConfig({ connectionString }));\n" +
  '  const users = new AsyncDatabaseManager({ pool, schema: "users" });';

/** Lets the migration and test helpers reach a manager's pool without making it public API. */
export const MANAGER_POOL = Symbol.for("pgdbm.managerPool");

/**
 * Runs queries with templates expanded, on a pool it owns (built from a `DatabaseConfig`,
 * opened by `connect()`, closed by `disconnect()`) or on a shared pool it borrows
 * (`{ pool, schema }`: ready at once, never connected or closed by the manager).
 */
export class AsyncDatabaseManager extends QueryMethods {
  readonly #config: DatabaseConfig | undefined;
  readonly #schema: string | undefined;
  readonly #owned: boolean;
  #pool: SharedPool | undefined;
  #connecting: Promise<void> | undefined;
  readonly #expanded = new Map<string, string>();

  /** Opens a pool for many managers to borrow: `new AsyncDatabaseManager({ pool, schema })`. The caller closes it. */
  static async createSharedPool(config: DatabaseConfig): Promise<SharedPool> {
    if (!(config instanceof DatabaseConfig)) {
      throw new ConfigurationError(
        `createSharedPool(config) takes a DatabaseConfig:\n${SHARED_POOL_PATTERN}`,
        { field: "config" },
      );
    }
    return openPool(config, "a shared pool");
  }

  constructor(config: DatabaseConfig);
  constructor(options: SharedPoolManagerOptions);
  constructor(arg: DatabaseConfig | SharedPoolManagerOptions, ...extra: unknown[]) {
    super();
    const input = arg as unknown;
    const second = extra[0] as { pool?: unknown; schema?: unknown } | undefined;
    if (input instanceof DatabaseConfig) {
      if (second !== undefined && typeof second === "object" && second !== null && "pool" in second) {
        throw bothError();
      }
      if (second !== undefined) {
        throw new ConfigurationError(
          "A manager that owns its pool takes its schema from the config, not from a second argument:\n" +
            OWN_POOL_PATTERN +
            "\nTo give a schema to a manager on a shared pool, borrow the pool:\n" +
            SHARED_POOL_PATTERN,
          { field: "schema" },
        );
      }
      this.#config = input;
      this.#schema = input.schema;
      this.#owned = true;
      return;
    }
    if (typeof input !== "object" || input === null) {
      throw new ConfigurationError(
        "new AsyncDatabaseManager() needs a DatabaseConfig (it then owns a pool) or { pool, schema } (it borrows a shared pool).\n" +
          "Own a pool:\n" +
          OWN_POOL_PATTERN +
          "\nor borrow a shared one:\n" +
          SHARED_POOL_PATTERN,
      );
    }
    const options = input as { pool?: unknown; schema?: unknown; config?: unknown };
    if (options.config !== undefined && options.pool !== undefined) throw bothError();
    if (options.pool === undefined && ["connectionString", "host", "database"].some((key) => key in options)) {
      throw new ConfigurationError(
        "Connection options go in a DatabaseConfig: new AsyncDatabaseManager(new DatabaseConfig({ connectionString, schema })), " +
          "then await db.connect().",
      );
    }
    if (options.pool === undefined) {
      if (options.schema !== undefined) {
        throw new ConfigurationError(
          "A schema without a pool: put the schema in the DatabaseConfig when the manager owns its pool,\n" +
            OWN_POOL_PATTERN +
            "\nor pass the shared pool with it:\n" +
            SHARED_POOL_PATTERN,
          { field: "schema" },
        );
      }
      throw new ConfigurationError(
        "new AsyncDatabaseManager() needs a DatabaseConfig or { pool, schema }; got neither.\n" +
          "Own a pool:\n" +
          OWN_POOL_PATTERN +
          "\nor borrow a shared one:\n" +
          SHARED_POOL_PATTERN,
      );
    }
    if (!isSharedPool(options.pool)) {
      throw new ConfigurationError(
        "{ pool } must be a pool from AsyncDatabaseManager.createSharedPool(config), not a node-postgres Pool:\n" +
          SHARED_POOL_PATTERN,
        { field: "pool" },
      );
    }
    if (options.schema !== undefined) assertSafeIdentifier(options.schema, "schema");
    this.#config = undefined;
    this.#schema = options.schema as string | undefined;
    this.#owned = false;
    this.#pool = options.pool;
  }

  /** The schema `{{tables.x}}` resolves to. Fixed for the manager's life: make another manager for another schema. */
  get schema(): string | undefined {
    return this.#schema;
  }

  /** True when this manager opened its pool (from a DatabaseConfig) and so is the one to close it. */
  get ownsPool(): boolean {
    return this.#owned;
  }

  get isConnected(): boolean {
    return this.#pool !== undefined && !this.#pool.closed;
  }

  /** Opens the manager's own pool. A manager on a shared pool must not: PoolError. */
  async connect(): Promise<void> {
    if (!this.#owned) {
      throw new PoolError(
        "connect() on a manager that borrows a shared pool: the pool is already open, and only its creator " +
          "manages it. Remove the connect() call; the manager is ready to use.",
        { dsn: this.#pool?.dsn },
      );
    }
    if (this.#pool !== undefined && !this.#pool.closed) {
      log.debug(`connect() on ${this.#config?.dsn ?? "a manager"} that is already connected: nothing to do`);
      return;
    }
    const config = this.#config as DatabaseConfig;
    this.#connecting ??= openPool(config, "a pool")
      .then((pool) => {
        this.#pool = pool;
      })
      .finally(() => {
        this.#connecting = undefined;
      });
    await this.#connecting;
  }

  /** Closes the manager's own pool. On a borrowed pool it does nothing: the pool's creator closes it. */
  async disconnect(): Promise<void> {
    if (!this.#owned) {
      log.debug(
        `disconnect() on a manager that borrows the shared pool to ${this.#pool?.dsn ?? "the database"}: ` +
          "nothing to do, the pool stays open for the other managers (its creator calls pool.close())",
      );
      return;
    }
    const pool = this.#pool;
    this.#pool = undefined;
    if (pool === undefined) {
      log.debug("disconnect() on a manager that is not connected: nothing to do");
      return;
    }
    await pool.close();
  }

  prepareQuery(sql: string): string {
    const cached = this.#expanded.get(sql);
    if (cached !== undefined) return cached;
    if (typeof sql !== "string") throw new TypeError("SQL must be a string");
    const expanded = expandTemplates(sql, this.#schema);
    if (this.#expanded.size >= EXPANDED_SQL_CACHE_LIMIT) {
      // Drop the oldest entry: SQL built at run time must not grow the cache without bound.
      const oldest = this.#expanded.keys().next();
      if (!oldest.done) this.#expanded.delete(oldest.value);
    }
    this.#expanded.set(sql, expanded);
    return expanded;
  }

  async executeMany(sql: string, argsList: unknown[][]): Promise<void> {
    checkArgsList(argsList);
    this.prepareQuery(sql);
    if (argsList.length === 0) return;
    await this.transaction((tx) => tx.executeMany(sql, argsList));
  }

  /**
   * Runs `fn` in a transaction on one connection: committed when `fn` resolves, rolled back when
   * it throws. `tx` has the query methods; `tx.transaction()` nests as a savepoint.
   */
  async transaction<T>(fn: (tx: TransactionManager) => Promise<T>): Promise<T> {
    const pool = this.queryTarget();
    const client = await this.checkOut(pool);
    let broken: Error | undefined;
    const onError = (error: Error): void => {
      broken = error;
    };
    client.on("error", onError);
    try {
      return await runTransaction(client, this, fn, 0, { savepoints: 0, dsn: this.errorDsn() });
    } catch (error) {
      if (isConnectionFailure(error)) broken ??= error as Error;
      throw error;
    } finally {
      client.off("error", onError);
      // A client whose connection failed is destroyed rather than returned to the pool.
      client.release(broken);
    }
  }

  async getPoolStats(): Promise<ManagerPoolStats> {
    const pool = this.#pool;
    const base: PoolStats = pool?.stats() ?? {
      total: 0,
      idle: 0,
      waiting: 0,
      max: this.#config?.maxConnections ?? 0,
      min: this.#config?.minConnections ?? 0,
      closed: true,
    };
    return {
      ...base,
      connected: this.isConnected,
      owned: this.#owned,
      schema: this.#schema,
      dsn: pool?.dsn ?? this.#config?.dsn,
    };
  }

  /** @internal the pool, for the migration manager and the test helpers */
  [MANAGER_POOL](): SharedPool {
    this.queryTarget();
    return this.#pool as SharedPool;
  }

  protected queryTarget(): pg.Pool {
    const pool = this.#pool;
    if (pool === undefined) {
      throw new PoolError(
        this.#owned
          ? `Not connected to ${this.#config?.dsn ?? "the database"}: call await db.connect() first.`
          : "The manager has no pool.",
        { dsn: this.#config?.dsn },
      );
    }
    if (pool.closed) throw closedPoolError(pool.dsn);
    return pool.pgPool;
  }

  protected errorDsn(): string | undefined {
    return this.#pool?.dsn ?? this.#config?.dsn;
  }

  private async checkOut(pool: pg.Pool): Promise<pg.PoolClient> {
    try {
      return await pool.connect();
    } catch (error) {
      throw this.queryFailure(error, "-- connect", 0, pool);
    }
  }

  toJSON(): Record<string, unknown> {
    return { schema: this.#schema, ownsPool: this.#owned, dsn: this.errorDsn(), connected: this.isConnected };
  }
}

/** Shared state of a transaction and its savepoints. */
interface TransactionState {
  savepoints: number;
  dsn: string | undefined;
}

/** Transaction managers whose callback has returned. */
const ended = new WeakSet<TransactionManager>();

/**
 * The query methods inside `db.transaction()`, all on the transaction's connection, with the
 * manager's templates. Usable only while the callback runs.
 */
export class TransactionManager extends QueryMethods {
  readonly #client: pg.PoolClient;
  readonly #db: AsyncDatabaseManager;
  readonly #state: TransactionState;
  readonly #depth: number;

  /** @internal made by db.transaction() */
  constructor(client: pg.PoolClient, db: AsyncDatabaseManager, state: TransactionState, depth: number) {
    super();
    this.#client = client;
    this.#db = db;
    this.#state = state;
    this.#depth = depth;
  }

  get schema(): string | undefined {
    return this.#db.schema;
  }

  /** 0 for the transaction, 1 for a savepoint in it, and so on. */
  get depth(): number {
    return this.#depth;
  }

  get isActive(): boolean {
    return !ended.has(this);
  }

  prepareQuery(sql: string): string {
    return this.#db.prepareQuery(sql);
  }

  async executeMany(sql: string, argsList: unknown[][]): Promise<void> {
    checkArgsList(argsList);
    for (const args of argsList) await this.execute(sql, ...args);
  }

  /** A savepoint: rolled back to when `fn` throws (the outer transaction goes on), released when it resolves. */
  async transaction<T>(fn: (tx: TransactionManager) => Promise<T>): Promise<T> {
    this.queryTarget();
    return runTransaction(this.#client, this.#db, fn, this.#depth + 1, this.#state);
  }

  protected queryTarget(): QueryTarget {
    if (ended.has(this)) {
      throw new PoolError(
        "This transaction has ended: run its queries inside the transaction() callback, and await them there.",
      );
    }
    return this.#client;
  }

  protected errorDsn(): string | undefined {
    return this.#state.dsn;
  }

  toJSON(): Record<string, unknown> {
    return { schema: this.schema, depth: this.#depth, active: this.isActive };
  }
}

async function runTransaction<T>(
  client: pg.PoolClient,
  db: AsyncDatabaseManager,
  fn: (tx: TransactionManager) => Promise<T>,
  depth: number,
  state: TransactionState,
): Promise<T> {
  const savepoint = depth === 0 ? undefined : `pgdbm_savepoint_${++state.savepoints}`;
  const begin = savepoint === undefined ? "BEGIN" : `SAVEPOINT ${savepoint}`;
  await control(client, state, begin);
  const tx = new TransactionManager(client, db, state, depth);
  let result: T;
  try {
    result = await fn(tx);
  } catch (error) {
    ended.add(tx);
    const rollback = savepoint === undefined ? "ROLLBACK" : `ROLLBACK TO SAVEPOINT ${savepoint}`;
    try {
      await control(client, state, rollback);
      if (savepoint !== undefined) await control(client, state, `RELEASE SAVEPOINT ${savepoint}`);
    } catch (rollbackError) {
      // The callback's error is the one to see; the connection is destroyed by the caller.
      log.warn(`${rollback} failed after an error in the transaction: ${String(rollbackError)}`);
      if (isConnectionFailure(rollbackError)) throw rollbackError;
    }
    throw error;
  }
  ended.add(tx);
  if (savepoint !== undefined) {
    await control(client, state, `RELEASE SAVEPOINT ${savepoint}`);
    return result;
  }
  const commit = await control(client, state, "COMMIT");
  if (commit.command === "ROLLBACK") {
    // COMMIT of a transaction in which a statement failed (and the error was caught) rolls back.
    throw new QueryError(
      "The transaction was rolled back, not committed: a statement in it failed and its error was caught inside " +
        "the callback. Use tx.transaction() (a savepoint) around statements that may fail.",
      { sql: "COMMIT", paramsCount: 0, dsn: state.dsn },
    );
  }
  return result;
}

async function control(client: pg.PoolClient, state: TransactionState, sql: string): Promise<pg.QueryResult> {
  try {
    return await client.query(sql);
  } catch (error) {
    throw new QueryError(`${sql} failed: ${errorText(error)}`, {
      sql,
      paramsCount: 0,
      dsn: state.dsn,
      cause: error,
    });
  }
}

function isConnectionFailure(error: unknown): boolean {
  const cause = error instanceof QueryError ? error.cause : error;
  const code = (cause as { code?: unknown } | null | undefined)?.code;
  if (typeof code === "string" && /^(08|57P0)/.test(code)) return true;
  const message = cause instanceof Error ? cause.message : "";
  return /Connection terminated|ECONNRESET|EPIPE|not queryable/i.test(message);
}

function bothError(): ConfigurationError {
  return new ConfigurationError(
    "Give an AsyncDatabaseManager a DatabaseConfig or a shared pool, not both.\n" +
      "Own a pool (one service, one process):\n" +
      OWN_POOL_PATTERN +
      "\nor borrow a shared one (many services on one database):\n" +
      SHARED_POOL_PATTERN,
  );
}
