import pg from "pg";
import { poolOptionsFor, type DatabaseConfig } from "./config.js";
import { ConnectionError, errorText, PoolError } from "./errors.js";
import { log } from "./log.js";
import { redact } from "./redact.js";

export const DUPLICATE_POOL_WARNING_CODE = "PGDBM_DUPLICATE_POOL";

/**
 * Pools this process holds open, per host:port/database. On globalThis so that two copies of the
 * runtime loaded in one process (a bundled and an installed one) still count together.
 */
const OPEN_POOLS = Symbol.for("pgdbm.openPools");

function openPools(): Map<string, number> {
  const holder = globalThis as { [OPEN_POOLS]?: Map<string, number> };
  holder[OPEN_POOLS] ??= new Map();
  return holder[OPEN_POOLS];
}

function poolKey(config: DatabaseConfig): string {
  const host = config.host.includes(":") && !config.host.startsWith("/") ? `[${config.host}]` : config.host;
  return `${host}:${config.port}/${config.database}`;
}

/** Counts the pool as open now (so two racing connects both see each other) and returns its release. */
function reservePool(key: string): () => void {
  const pools = openPools();
  const open = pools.get(key) ?? 0;
  if (open > 0) {
    process.emitWarning(
      `Creating another connection pool to ${key}: this process already has ${open} open pool${open === 1 ? "" : "s"} ` +
        "to that database, and each one holds its own connections. Open one shared pool and give every service " +
        "its own schema on it:\n" +
        "  const pool = await AsyncDatabaseManager.createSharedPool(config);\n" +
        '  const users = new AsyncDatabaseManager({ pool, schema: "users" });\n' +
        '  const orders = new AsyncDatabaseManager({ pool, schema: "orders" });',
      { code: DUPLICATE_POOL_WARNING_CODE },
    );
  }
  pools.set(key, open + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const now = (pools.get(key) ?? 1) - 1;
    if (now <= 0) pools.delete(key);
    else pools.set(key, now);
  };
}

const SHARED_POOL = Symbol.for("pgdbm.SharedPool");

export interface PoolStats {
  /** Connections open (idle + in use). */
  total: number;
  idle: number;
  /** Callers waiting for a connection. */
  waiting: number;
  max: number;
  min: number;
  closed: boolean;
}

/**
 * One node-postgres pool that many schema-isolated managers borrow. Made by
 * `AsyncDatabaseManager.createSharedPool(config)`; its creator closes it with `close()`.
 */
export class SharedPool {
  readonly [SHARED_POOL] = true;
  /** Masked connection string. */
  readonly dsn: string;
  readonly host: string;
  readonly port: number;
  readonly database: string;
  /** The underlying node-postgres pool, for code that needs raw `pg` (a borrowed manager never closes it). */
  readonly pgPool: pg.Pool;
  readonly #release: () => void;
  #closing: Promise<void> | undefined;

  /** @internal use AsyncDatabaseManager.createSharedPool(config) */
  constructor(pgPool: pg.Pool, config: DatabaseConfig, release: () => void) {
    this.pgPool = pgPool;
    this.dsn = config.dsn;
    this.host = config.host;
    this.port = config.port;
    this.database = config.database;
    this.#release = release;
  }

  get closed(): boolean {
    return this.#closing !== undefined;
  }

  stats(): PoolStats {
    const options = this.pgPool.options as { max?: number; min?: number };
    return {
      total: this.pgPool.totalCount,
      idle: this.pgPool.idleCount,
      waiting: this.pgPool.waitingCount,
      max: options.max ?? 10,
      min: options.min ?? 0,
      closed: this.closed,
    };
  }

  /** Closes every connection; managers on this pool fail with PoolError afterwards. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      try {
        await this.pgPool.end();
      } finally {
        this.#release();
        log.debug(`closed pool to ${this.dsn}`);
      }
    })();
    return this.#closing;
  }

  toJSON(): Record<string, unknown> {
    return { dsn: this.dsn, ...this.stats() };
  }
}

export function isSharedPool(value: unknown): value is SharedPool {
  return typeof value === "object" && value !== null && (value as { [SHARED_POOL]?: unknown })[SHARED_POOL] === true;
}

/** SQLSTATEs that another attempt cannot fix: bad credentials, missing database. */
function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return true;
  return !(code.startsWith("28") || code === "3D000");
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Opens a pool: warns when the process already has one to the same database, opens
 * `minConnections` connections (at least one, so a bad config fails here and not at the first
 * query), retrying with exponential backoff, and counts it open until `close()`.
 */
export async function openPool(config: DatabaseConfig, purpose: string): Promise<SharedPool> {
  const release = reservePool(poolKey(config));
  const pgPool = new pg.Pool(poolOptionsFor(config));
  pgPool.on("error", (error) => {
    // An idle connection died (server restart, a terminated backend): the pool replaces it.
    log.warn(`an idle connection to ${config.dsn} failed and was dropped: ${redact(error.message)}`);
  });
  try {
    await warmUp(pgPool, config, purpose);
  } catch (error) {
    release();
    await pgPool.end().catch((endError: unknown) => {
      log.debug(`closing the failed pool to ${config.dsn} failed too: ${String(endError)}`);
    });
    throw error;
  }
  log.info(`opened ${purpose} to ${config.dsn} (${config.minConnections}-${config.maxConnections} connections)`);
  return new SharedPool(pgPool, config, release);
}

async function warmUp(pgPool: pg.Pool, config: DatabaseConfig, purpose: string): Promise<void> {
  const wanted = Math.max(1, config.minConnections);
  let delay = config.retryDelayMs;
  for (let attempt = 1; ; attempt++) {
    const results = await Promise.allSettled(Array.from({ length: wanted }, () => pgPool.connect()));
    let failure: unknown;
    for (const result of results) {
      if (result.status === "fulfilled") result.value.release();
      else failure ??= result.reason;
    }
    if (failure === undefined) return;
    const reason = errorText(failure);
    if (attempt >= config.retryAttempts || !isRetryable(failure)) {
      throw new ConnectionError(
        `Could not open ${purpose} to ${config.dsn} (${attempt} attempt${attempt === 1 ? "" : "s"}): ${reason}`,
        {
          dsn: config.dsn,
          host: config.host,
          port: config.port,
          database: config.database,
          attempts: attempt,
          cause: failure,
        },
      );
    }
    log.warn(
      `connecting to ${config.dsn} failed (attempt ${attempt}/${config.retryAttempts}): ${reason}; retrying in ${delay} ms`,
    );
    await sleep(delay);
    delay *= 2;
  }
}

export function closedPoolError(dsn: string): PoolError {
  return new PoolError(`The pool to ${dsn} is closed: its owner called close() or disconnect().`, { dsn });
}
