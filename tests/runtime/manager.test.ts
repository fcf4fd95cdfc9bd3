import { afterEach, describe, expect, it, vi } from "vitest";
import {
  AsyncDatabaseManager,
  ConfigurationError,
  DatabaseConfig,
  DUPLICATE_POOL_WARNING_CODE,
  PoolError,
  QueryError,
  setLogger,
  SharedPool,
  TransactionManager,
} from "../../runtime/index.js";
import { adminQuery, itOnServer, scratchSchema, target, testConfig } from "../support/test-database.js";

afterEach(() => {
  setLogger(undefined);
});

/** Collects the process warnings emitted while `fn` runs. */
async function warningsDuring(fn: () => Promise<void>): Promise<(Error & { code?: string })[]> {
  const seen: (Error & { code?: string })[] = [];
  const listener = (warning: Error & { code?: string }): void => {
    seen.push(warning);
  };
  process.on("warning", listener);
  try {
    await fn();
    // process.emitWarning delivers on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off("warning", listener);
  }
  return seen.filter((warning) => warning.code === DUPLICATE_POOL_WARNING_CODE);
}

describe("constructing a manager", () => {
  const config = new DatabaseConfig({ connectionString: "postgres://app@db.internal:5432/app", schema: "users" });

  it("refuses a config together with a pool, showing both right patterns", () => {
    const pool = Object.create(SharedPool.prototype) as SharedPool;
    const build = () => new AsyncDatabaseManager({ config, pool } as never);
    expect(build).toThrow(ConfigurationError);
    expect(build).toThrow(/not both/);
    expect(build).toThrow(/new AsyncDatabaseManager\(new DatabaseConfig\(/);
    expect(build).toThrow(/AsyncDatabaseManager\.createSharedPool\(/);
    expect(() => new (AsyncDatabaseManager as unknown as new (...args: unknown[]) => unknown)(config, { pool })).toThrow(
      /not both/,
    );
  });

  it("refuses neither a config nor a pool", () => {
    const Manager = AsyncDatabaseManager as unknown as new (...args: unknown[]) => unknown;
    expect(() => new Manager()).toThrow(ConfigurationError);
    expect(() => new Manager()).toThrow(/createSharedPool/);
    expect(() => new Manager({})).toThrow(/got neither/);
  });

  it("refuses a schema without a pool, pointing at the config's schema or a shared pool", () => {
    const build = () => new AsyncDatabaseManager({ schema: "users" } as never);
    expect(build).toThrow(ConfigurationError);
    expect(build).toThrow(/schema without a pool/);
    const Manager = AsyncDatabaseManager as unknown as new (...args: unknown[]) => unknown;
    expect(() => new Manager(config, "users")).toThrow(/takes its schema from the config/);
  });

  it("points connection options given directly at DatabaseConfig", () => {
    expect(() => new AsyncDatabaseManager({ connectionString: "postgres://h/db" } as never)).toThrow(/go in a DatabaseConfig/);
  });

  it("refuses a raw node-postgres pool", () => {
    expect(() => new AsyncDatabaseManager({ pool: { query() {} } as never })).toThrow(/createSharedPool/);
  });

  it("takes the schema from the config and never lets it be reassigned", () => {
    const db = new AsyncDatabaseManager(config);
    expect(db.schema).toBe("users");
    expect(db.ownsPool).toBe(true);
    expect(() => {
      (db as { schema: string | undefined }).schema = "other";
    }).toThrow(TypeError);
    expect(db.schema).toBe("users");
  });

  it("fails a query before connect() with a PoolError that says what to call", async () => {
    const db = new AsyncDatabaseManager(config);
    await expect(db.fetchOne("SELECT 1")).rejects.toThrow(PoolError);
    await expect(db.fetchOne("SELECT 1")).rejects.toThrow(/call await db.connect\(\) first/);
  });
});

describe("borrowed shared pool", () => {
  it("connect() on a borrowed pool throws PoolError", async () => {
    const pool = await AsyncDatabaseManager.createSharedPool(testConfig());
    try {
      const db = new AsyncDatabaseManager({ pool, schema: "anything" });
      expect(db.ownsPool).toBe(false);
      await expect(db.connect()).rejects.toThrow(PoolError);
      await expect(db.connect()).rejects.toThrow(/borrows a shared pool/);
      expect(await db.fetchValue("SELECT 41 + 1")).toBe(42);
    } finally {
      await pool.close();
    }
  });

  it("disconnect() on a borrowed pool is a no-op with a debug line, and the pool stays usable", async () => {
    const lines: string[] = [];
    setLogger({ debug: (line) => lines.push(line) });
    const pool = await AsyncDatabaseManager.createSharedPool(testConfig());
    try {
      const first = new AsyncDatabaseManager({ pool, schema: "a" });
      const second = new AsyncDatabaseManager({ pool, schema: "b" });
      await first.disconnect();
      expect(lines.some((line) => line.includes("disconnect() on a manager that borrows"))).toBe(true);
      expect(pool.closed).toBe(false);
      expect(await first.fetchValue("SELECT 1")).toBe(1);
      expect(await second.fetchValue("SELECT 2")).toBe(2);
    } finally {
      await pool.close();
    }
    const orphan = new AsyncDatabaseManager({ pool, schema: "a" });
    await expect(orphan.fetchValue("SELECT 1")).rejects.toThrow(PoolError);
    await expect(orphan.fetchValue("SELECT 1")).rejects.toThrow(/is closed/);
  });

  it("keeps two schema managers on one pool apart: same table name, rows land in their own schema", async () => {
    const billing = scratchSchema("billing");
    const shipping = scratchSchema("shipping");
    const pool = await AsyncDatabaseManager.createSharedPool(testConfig());
    try {
      const billingDb = new AsyncDatabaseManager({ pool, schema: billing });
      const shippingDb = new AsyncDatabaseManager({ pool, schema: shipping });
      for (const db of [billingDb, shippingDb]) {
        await db.execute("CREATE SCHEMA {{schema}}");
        await db.execute("CREATE TABLE {{tables.items}} (id serial PRIMARY KEY, label text NOT NULL)");
      }
      await billingDb.execute("INSERT INTO {{tables.items}} (label) VALUES ($1), ($2)", "invoice-1", "invoice-2");
      await shippingDb.execute("INSERT INTO {{tables.items}} (label) VALUES ($1)", "parcel-1");

      const direct = async (schema: string) =>
        (await adminQuery<{ label: string }>(`SELECT label FROM "${schema}".items ORDER BY id`)).map((row) => row.label);
      expect(await direct(billing)).toEqual(["invoice-1", "invoice-2"]);
      expect(await direct(shipping)).toEqual(["parcel-1"]);
      expect(await shippingDb.fetchAll("SELECT label FROM {{tables.items}}")).toEqual([{ label: "parcel-1" }]);
      // Nothing went to the default schema.
      expect(await adminQuery("SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = 'items'")).toEqual([]);
    } finally {
      await pool.close();
    }
  });
});

describe("duplicate pool warning", () => {
  it("warns on a second owned pool to the same host/port/database, naming the shared-pool fix", async () => {
    const first = new AsyncDatabaseManager(testConfig());
    const second = new AsyncDatabaseManager(testConfig({ schema: "other" }));
    try {
      await first.connect();
      const warnings = await warningsDuring(() => second.connect());
      expect(warnings).toHaveLength(1);
      const [warning] = warnings;
      expect(warning?.name).toBe("Warning");
      expect(warning?.code).toBe("PGDBM_DUPLICATE_POOL");
      const config = testConfig();
      expect(warning?.message.startsWith(`Creating another connection pool to ${config.host}:${config.port}/${config.database}`)).toBe(true);
      expect(warning?.message).toContain("already has 1 open pool");
      expect(warning?.message).toContain("AsyncDatabaseManager.createSharedPool(config)");
    } finally {
      await second.disconnect();
      await first.disconnect();
    }
  });

  it("counts shared pools too, and forgets a pool once it is closed", async () => {
    const shared = await AsyncDatabaseManager.createSharedPool(testConfig());
    const owned = new AsyncDatabaseManager(testConfig());
    try {
      const onSecond = await warningsDuring(() => owned.connect());
      expect(onSecond).toHaveLength(1);
      expect(onSecond[0]?.message).toContain("already has 1 open pool");
      await owned.disconnect();
      await shared.close();
      const again = new AsyncDatabaseManager(testConfig());
      const afterClose = await warningsDuring(() => again.connect());
      await again.disconnect();
      expect(afterClose).toEqual([]);
    } finally {
      await owned.disconnect();
      await shared.close();
    }
  });

  it("does not warn for pools to different databases", async () => {
    const db = new AsyncDatabaseManager(testConfig());
    // Not a real database (connecting to template1 would block CREATE DATABASE elsewhere): the
    // warning, if any, comes before the connection attempt.
    const otherConfig = testConfig().withOptions({ database: "pgdbm_no_such_database" });
    const other = new AsyncDatabaseManager(otherConfig);
    try {
      await db.connect();
      expect(await warningsDuring(() => other.connect().catch(() => undefined))).toEqual([]);
    } finally {
      await other.disconnect();
      await db.disconnect();
    }
  });
});

describe("query methods", () => {
  async function withSchemaDb(fn: (db: AsyncDatabaseManager) => Promise<void>): Promise<void> {
    const schema = scratchSchema("q");
    const db = new AsyncDatabaseManager(testConfig({ schema }));
    await db.connect();
    try {
      await db.execute("CREATE SCHEMA {{schema}}");
      await db.execute("CREATE TABLE {{tables.users}} (id serial PRIMARY KEY, email text UNIQUE NOT NULL, score int)");
      await fn(db);
    } finally {
      await db.disconnect();
    }
  }

  it("execute returns the server's command tag", async () => {
    await withSchemaDb(async (db) => {
      expect(await db.execute("INSERT INTO {{tables.users}} (email) VALUES ($1)", "a@x.io")).toBe("INSERT 0 1");
      expect(await db.execute("UPDATE {{tables.users}} SET score = 3")).toBe("UPDATE 1");
      expect(await db.execute("CREATE INDEX ON {{tables.users}} (score)")).toBe("CREATE INDEX");
      expect(await db.execute("DELETE FROM {{tables.users}} WHERE email = $1", "nobody")).toBe("DELETE 0");
    });
  });

  it("fetchOne, fetchAll, fetchValue and executeAndReturnId read rows", async () => {
    await withSchemaDb(async (db) => {
      const id = await db.executeAndReturnId("INSERT INTO {{tables.users}} (email, score) VALUES ($1, $2);", "a@x.io", 5);
      expect(id).toBe(1);
      expect(await db.executeAndReturnId("INSERT INTO {{tables.users}} (email) VALUES ($1) RETURNING score", "b@x.io")).toBe(
        null,
      );
      expect(await db.fetchOne<{ email: string }>("SELECT email FROM {{tables.users}} WHERE id = $1", 1)).toEqual({
        email: "a@x.io",
      });
      expect(await db.fetchOne("SELECT * FROM {{tables.users}} WHERE id = $1", 999)).toBeNull();
      expect(await db.fetchAll("SELECT email FROM {{tables.users}} ORDER BY id")).toEqual([
        { email: "a@x.io" },
        { email: "b@x.io" },
      ]);
      expect(await db.fetchValue("SELECT count(*)::int FROM {{tables.users}}")).toBe(2);
      expect(await db.fetchValue("SELECT score FROM {{tables.users}} WHERE id = 999")).toBeNull();
    });
  });

  it("executeMany runs every argument list, all or nothing", async () => {
    await withSchemaDb(async (db) => {
      await db.executeMany("INSERT INTO {{tables.users}} (email) VALUES ($1)", [["a@x.io"], ["b@x.io"], ["c@x.io"]]);
      expect(await db.fetchValue("SELECT count(*)::int FROM {{tables.users}}")).toBe(3);
      await expect(
        db.executeMany("INSERT INTO {{tables.users}} (email) VALUES ($1)", [["d@x.io"], ["a@x.io"]]),
      ).rejects.toThrow(QueryError);
      expect(await db.fetchValue("SELECT count(*)::int FROM {{tables.users}} WHERE email = 'd@x.io'")).toBe(0);
      await expect(db.executeMany("SELECT 1", [1, 2] as never)).rejects.toThrow(TypeError);
    });
  });

  it("tableExists looks in the manager's schema, or the one named", async () => {
    await withSchemaDb(async (db) => {
      expect(await db.tableExists("users")).toBe(true);
      expect(await db.tableExists("orders")).toBe(false);
      expect(await db.tableExists(`${db.schema}.users`)).toBe(true);
      expect(await db.tableExists("pg_catalog.pg_class")).toBe(true);
    });
  });

  it("wraps a failing query in QueryError with the SQL sent and the parameter count, not the values", async () => {
    await withSchemaDb(async (db) => {
      await db.execute("INSERT INTO {{tables.users}} (email) VALUES ($1)", "taken@x.io");
      const error = await db
        .execute("INSERT INTO {{tables.users}} (email, score) VALUES ($1, $2)", "taken@x.io", 7)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(QueryError);
      const queryError = error as QueryError;
      expect(queryError.sql).toBe(`INSERT INTO "${db.schema}".users (email, score) VALUES ($1, $2)`);
      expect(queryError.paramsCount).toBe(2);
      expect(queryError.code).toBe("23505");
      expect(queryError.message).toContain("duplicate key value");
      expect(queryError.message).toContain(`SQL: INSERT INTO "${db.schema}".users`);
      expect(queryError.message).not.toContain("taken@x.io");
      expect(queryError.dsn).toBe(testConfig().dsn);
    });
  });

  itOnServer(
    "applies timeouts and application_name as server settings and leaves search_path alone",
    "PGlite ignores the settings sent in the connection's startup packet",
    async () => {
      const db = new AsyncDatabaseManager(
        testConfig({
          schema: "settings_probe",
          statementTimeoutMs: 1234,
          lockTimeoutMs: 2345,
          idleInTransactionSessionTimeoutMs: 3456,
          applicationName: "pgdbm_settings_probe",
        }),
      );
      await db.connect();
      try {
        const settings = await db.fetchOne<Record<string, string>>(
          "SELECT current_setting('statement_timeout') AS statement, current_setting('lock_timeout') AS lock, " +
            "current_setting('idle_in_transaction_session_timeout') AS idle, current_setting('application_name') AS app, " +
            "current_setting('search_path') AS search_path",
        );
        expect(settings).toEqual({
          statement: "1234ms",
          lock: "2345ms",
          idle: "3456ms",
          app: "pgdbm_settings_probe",
          search_path: '"$user", public',
        });
      } finally {
        await db.disconnect();
      }
    },
  );

  itOnServer("enforces statement_timeout on the server", "PGlite does not cancel running statements", async () => {
    const db = new AsyncDatabaseManager(testConfig({ statementTimeoutMs: 150 }));
    await db.connect();
    try {
      const error = (await db.fetchValue("SELECT pg_sleep(2)").catch((caught: unknown) => caught)) as QueryError;
      expect(error).toBeInstanceOf(QueryError);
      expect(error.code).toBe("57014");
    } finally {
      await db.disconnect();
    }
  });
});

describe("transactions", () => {
  async function withTable(fn: (db: AsyncDatabaseManager) => Promise<void>): Promise<void> {
    const schema = scratchSchema("tx");
    const pool = await AsyncDatabaseManager.createSharedPool(testConfig());
    try {
      const db = new AsyncDatabaseManager({ pool, schema });
      await db.execute("CREATE SCHEMA {{schema}}");
      await db.execute("CREATE TABLE {{tables.events}} (name text PRIMARY KEY)");
      await fn(db);
    } finally {
      await pool.close();
    }
  }
  const names = async (db: AsyncDatabaseManager) =>
    (await db.fetchAll<{ name: string }>("SELECT name FROM {{tables.events}} ORDER BY name")).map((row) => row.name);

  it("commits when the callback resolves and rolls back when it throws", async () => {
    await withTable(async (db) => {
      const result = await db.transaction(async (tx) => {
        expect(tx).toBeInstanceOf(TransactionManager);
        expect(tx.schema).toBe(db.schema);
        await tx.execute("INSERT INTO {{tables.events}} VALUES ($1)", "kept");
        return "done";
      });
      expect(result).toBe("done");
      await expect(
        db.transaction(async (tx) => {
          await tx.execute("INSERT INTO {{tables.events}} VALUES ($1)", "dropped");
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(await names(db)).toEqual(["kept"]);
    });
  });

  it("nests tx.transaction() as a savepoint", async () => {
    await withTable(async (db) => {
      await db.transaction(async (tx) => {
        await tx.execute("INSERT INTO {{tables.events}} VALUES ('outer')");
        await expect(
          tx.transaction(async (inner) => {
            expect(inner.depth).toBe(1);
            await inner.execute("INSERT INTO {{tables.events}} VALUES ('inner-rolled-back')");
            await inner.execute("INSERT INTO {{tables.events}} VALUES ('outer')");
          }),
        ).rejects.toThrow(QueryError);
        await tx.transaction(async (inner) => {
          await inner.execute("INSERT INTO {{tables.events}} VALUES ('inner-kept')");
          await inner.transaction(async (deeper) => {
            await deeper.execute("INSERT INTO {{tables.events}} VALUES ('deeper')");
          });
        });
        expect(await tx.fetchValue("SELECT count(*)::int FROM {{tables.events}}")).toBe(3);
      });
      expect(await names(db)).toEqual(["deeper", "inner-kept", "outer"]);
    });
  });

  it("refuses to report success when a caught error aborted the transaction", async () => {
    await withTable(async (db) => {
      await expect(
        db.transaction(async (tx) => {
          await tx.execute("INSERT INTO {{tables.events}} VALUES ('x')");
          await tx.execute("INSERT INTO {{tables.events}} VALUES ('x')").catch(() => undefined);
        }),
      ).rejects.toThrow(/rolled back, not committed/);
      expect(await names(db)).toEqual([]);
    });
  });

  it("refuses queries on a transaction manager after its callback returned", async () => {
    await withTable(async (db) => {
      let escaped: TransactionManager | undefined;
      await db.transaction(async (tx) => {
        escaped = tx;
      });
      await expect(escaped?.fetchValue("SELECT 1")).rejects.toThrow(/transaction has ended/);
    });
  });

  it("reports pool statistics", async () => {
    const db = new AsyncDatabaseManager(testConfig({ minConnections: 2, maxConnections: 3 }));
    expect(await db.getPoolStats()).toMatchObject({ connected: false, owned: true, total: 0 });
    await db.connect();
    try {
      const stats = await db.getPoolStats();
      expect(stats).toMatchObject({ connected: true, owned: true, max: 3, min: 2, waiting: 0, dsn: testConfig().dsn });
      expect(stats.total).toBeGreaterThanOrEqual(1);
      expect(stats.idle).toBe(stats.total);
    } finally {
      await db.disconnect();
    }
    expect(target.url).toMatch(/^postgres:\/\//);
  });
});

describe("connect() retries", () => {
  it("retries with backoff and then throws ConnectionError with a masked dsn", async () => {
    const lines: string[] = [];
    setLogger({ warn: (line) => lines.push(line) });
    const db = new AsyncDatabaseManager(
      new DatabaseConfig({ host: "127.0.0.1", port: 1, user: "postgres", password: "pw", retryAttempts: 3, retryDelayMs: 5 }),
    );
    const started = Date.now();
    const error = await db.connect().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "ConnectionError", attempts: 3, host: "127.0.0.1", port: 1 });
    expect((error as { dsn: string }).dsn).toBe("postgresql://postgres:****@127.0.0.1:1/postgres");
    expect(lines.filter((line) => line.includes("retrying in"))).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
  });

  it("says why a host with several addresses refused (Node's AggregateError has no message)", async () => {
    const db = new AsyncDatabaseManager(new DatabaseConfig({ host: "localhost", port: 1, retryAttempts: 1 }));
    const error = (await db.connect().catch((caught: unknown) => caught)) as Error;
    expect(error.name).toBe("ConnectionError");
    expect(error.message).toMatch(/\(1 attempt\): connect ECONNREFUSED/);
  });

  itOnServer("does not retry a database that does not exist", "PGlite accepts any database name", async () => {
    const spy = vi.fn();
    setLogger({ warn: spy });
    const db = new AsyncDatabaseManager(testConfig().withOptions({ database: "pgdbm_no_such_db", retryAttempts: 5 }));
    const error = await db.connect().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "ConnectionError", attempts: 1 });
    expect(spy).not.toHaveBeenCalled();
  });
});
