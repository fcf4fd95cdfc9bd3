import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { AsyncDatabaseManager, AsyncMigrationManager, MigrationError, type SharedPool } from "../../runtime/index.js";
import { adminQuery, itOnServer, scratchSchema, target, testConfig, uniqueName } from "../support/test-database.js";

const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

async function migrationsFolder(files: Record<string, string>): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), "pgdbm-migrations-"));
  folders.push(folder);
  for (const [name, sql] of Object.entries(files)) await writeFile(path.join(folder, name), sql);
  return folder;
}

/** A shared pool and a manager on a fresh scratch schema (not created: the migration manager must create it). */
async function withDb(fn: (db: AsyncDatabaseManager, pool: SharedPool) => Promise<void>): Promise<void> {
  const schema = scratchSchema("mig");
  const pool = await AsyncDatabaseManager.createSharedPool(testConfig());
  try {
    await fn(new AsyncDatabaseManager({ pool, schema }), pool);
  } finally {
    await pool.close();
  }
}

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

describe("AsyncMigrationManager", () => {
  it("applies files in numeric version order, expands templates, records checksums, and applies nothing twice", async () => {
    const files = {
      "V10__third.sql": "INSERT INTO {{tables.log}} (step) VALUES ('V10');",
      "20240101120000_fourth.sql": "INSERT INTO {{tables.log}} (step) VALUES ('timestamp');",
      "V2__second.sql": "INSERT INTO <<tables.log>> (step) VALUES ('V2');",
      "001_first.sql": "CREATE TABLE {{tables.log}} (id serial PRIMARY KEY, step text NOT NULL);\n",
    };
    const folder = await migrationsFolder(files);
    await withDb(async (db) => {
      const migrations = new AsyncMigrationManager(db, folder, { moduleName: "orders" });
      expect((await migrations.getPendingMigrations()).map((m) => [m.filename, m.version])).toEqual([
        ["001_first.sql", "001"],
        ["V2__second.sql", "2"],
        ["V10__third.sql", "10"],
        ["20240101120000_fourth.sql", "20240101120000"],
      ]);
      const applied = await migrations.applyPendingMigrations();
      expect(applied).toEqual(["001_first.sql", "V2__second.sql", "V10__third.sql", "20240101120000_fourth.sql"]);

      const steps = await adminQuery<{ step: string }>(`SELECT step FROM "${db.schema}".log ORDER BY id`);
      expect(steps.map((row) => row.step)).toEqual(["V2", "V10", "timestamp"]);
      const recorded = await adminQuery<{ filename: string; checksum: string; module_name: string }>(
        `SELECT filename, checksum, module_name FROM "${db.schema}".schema_migrations ORDER BY id`,
      );
      expect(recorded).toEqual(
        applied.map((filename) => ({ filename, checksum: sha256(files[filename as keyof typeof files]), module_name: "orders" })),
      );

      expect(await migrations.applyPendingMigrations()).toEqual([]);
      expect(await migrations.getPendingMigrations()).toEqual([]);
      const listed = await migrations.getAppliedMigrations();
      expect(listed.map((m) => m.filename)).toEqual(applied);
      expect(listed[0]).toMatchObject({ moduleName: "orders", version: "001", checksum: sha256(files["001_first.sql"]) });
      expect(listed[0]?.appliedAt).toBeInstanceOf(Date);
      expect(await adminQuery(`SELECT count(*)::int AS n FROM "${db.schema}".log`)).toEqual([{ n: 3 }]);
    });
  });

  it("creates the manager's schema and keeps the migrations table there, unique on (filename, module_name)", async () => {
    const folder = await migrationsFolder({ "001_t.sql": "CREATE TABLE IF NOT EXISTS {{tables.t}} (id int);" });
    await withDb(async (db) => {
      expect(await adminQuery("SELECT 1 FROM pg_namespace WHERE nspname = $1", [db.schema])).toEqual([]);
      await new AsyncMigrationManager(db, folder, { moduleName: "first_module" }).applyPendingMigrations();
      // Another module with a file of the same name in the same schema is a different migration.
      expect(await new AsyncMigrationManager(db, folder, { moduleName: "second_module" }).applyPendingMigrations()).toEqual([
        "001_t.sql",
      ]);
      const tables = await adminQuery<{ table_schema: string }>(
        "SELECT table_schema FROM information_schema.tables WHERE table_name = 'schema_migrations' AND table_schema = $1",
        [db.schema],
      );
      expect(tables).toEqual([{ table_schema: db.schema }]);
      const unique = await adminQuery<{ definition: string }>(
        "SELECT pg_get_constraintdef(c.oid) AS definition FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace " +
          "WHERE n.nspname = $1 AND c.contype = 'u'",
        [db.schema],
      );
      expect(unique).toEqual([{ definition: "UNIQUE (filename, module_name)" }]);
      const rows = await adminQuery(`SELECT filename, module_name FROM "${db.schema}".schema_migrations ORDER BY id`);
      expect(rows).toEqual([
        { filename: "001_t.sql", module_name: "first_module" },
        { filename: "001_t.sql", module_name: "second_module" },
      ]);
    });
  });

  it("detects a changed applied file (checksum drift) but not a change of line endings", async () => {
    const original = "CREATE TABLE {{tables.drift}} (id int);\nCREATE INDEX ON {{tables.drift}} (id);\n";
    const folder = await migrationsFolder({ "001_drift.sql": original });
    await withDb(async (db) => {
      const migrations = new AsyncMigrationManager(db, folder, { moduleName: "drift" });
      await migrations.applyPendingMigrations();
      await writeFile(path.join(folder, "001_drift.sql"), original.replaceAll("\n", "\r\n"));
      expect(await migrations.applyPendingMigrations()).toEqual([]);

      await writeFile(path.join(folder, "001_drift.sql"), original.replace("(id int)", "(id bigint)"));
      await writeFile(path.join(folder, "002_next.sql"), "SELECT 1;");
      for (const run of [() => migrations.applyPendingMigrations(), () => migrations.getPendingMigrations()]) {
        const error = await run().catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(MigrationError);
        expect(error).toMatchObject({ file: "001_drift.sql", moduleName: "drift" });
        expect((error as Error).message).toMatch(/001_drift\.sql \(module drift\) changed after it was applied/);
        expect((error as Error).message).toContain(sha256(original));
      }
      // Nothing after the drifted file ran.
      expect((await migrations.getAppliedMigrations()).map((m) => m.filename)).toEqual(["001_drift.sql"]);
    });
  });

  it("names the failing file and statement, rolls that file back and keeps the files before it", async () => {
    const folder = await migrationsFolder({
      "001_ok.sql": "CREATE TABLE {{tables.accounts}} (id int PRIMARY KEY);",
      "002_broken.sql": [
        "-- creates a table, then fails",
        "CREATE TABLE {{tables.half_done}} (id int);",
        "",
        "INSERT INTO {{tables.accounts}} (id) VALUES (1), (1);",
        "CREATE TABLE {{tables.never}} (id int);",
      ].join("\n"),
      "003_later.sql": "CREATE TABLE {{tables.later}} (id int);",
    });
    await withDb(async (db) => {
      const migrations = new AsyncMigrationManager(db, folder, { moduleName: "failing" });
      const error = (await migrations.applyPendingMigrations().catch((caught: unknown) => caught)) as MigrationError;
      expect(error).toBeInstanceOf(MigrationError);
      expect(error).toMatchObject({
        file: "002_broken.sql",
        moduleName: "failing",
        statementIndex: 2,
        line: 4,
        statement: `INSERT INTO "${db.schema}".accounts (id) VALUES (1), (1)`,
        code: "23505",
      });
      expect(error.message).toContain("Migration 002_broken.sql (module failing) failed at statement 2 of 3 (line 4)");
      expect(error.message).toContain("duplicate key value");
      expect(error.message).toContain(`Statement: INSERT INTO "${db.schema}".accounts`);
      expect(error.message).toContain("rolled back");

      expect((await migrations.getAppliedMigrations()).map((m) => m.filename)).toEqual(["001_ok.sql"]);
      expect(await db.tableExists("accounts")).toBe(true);
      expect(await db.tableExists("half_done")).toBe(false);
      expect(await db.tableExists("later")).toBe(false);
      expect((await migrations.getPendingMigrations()).map((m) => m.filename)).toEqual(["002_broken.sql", "003_later.sql"]);
    });
  });

  it("runs a -- pgdbm:no-transaction file statement by statement: CREATE INDEX CONCURRENTLY works", async () => {
    const folder = await migrationsFolder({
      "001_table.sql": "CREATE TABLE {{tables.big}} (id int, note text);\nINSERT INTO {{tables.big}} SELECT g, 'n;' || g FROM generate_series(1, 500) g;",
      "002_index.sql": [
        "-- pgdbm:no-transaction",
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS big_id_idx ON {{tables.big}} (id);",
        "/* a comment; with a semicolon */",
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS big_note_idx ON {{tables.big}} (note) WHERE note <> 'x;y';",
      ].join("\n"),
    });
    await withDb(async (db) => {
      const migrations = new AsyncMigrationManager(db, folder, { moduleName: "concurrent_index" });
      expect(await migrations.applyPendingMigrations()).toEqual(["001_table.sql", "002_index.sql"]);
      const indexes = await adminQuery<{ name: string; valid: boolean }>(
        "SELECT c.relname AS name, i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid " +
          "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 ORDER BY 1",
        [db.schema],
      );
      expect(indexes.filter((index) => index.name.startsWith("big_"))).toEqual([
        { name: "big_id_idx", valid: true },
        { name: "big_note_idx", valid: true },
      ]);
    });
  });

  itOnServer(
    "refuses CREATE INDEX CONCURRENTLY in a file without the marker (it runs in a transaction)",
    "PGlite does not refuse CREATE INDEX CONCURRENTLY inside a transaction block",
    async () => {
      const folder = await migrationsFolder({
        "001_table.sql": "CREATE TABLE {{tables.t}} (id int);",
        "002_index.sql": "CREATE INDEX CONCURRENTLY t_id_idx ON {{tables.t}} (id);",
      });
      await withDb(async (db) => {
        const migrations = new AsyncMigrationManager(db, folder, { moduleName: "no_marker" });
        const error = await migrations.applyPendingMigrations().catch((caught: unknown) => caught);
        expect(error).toMatchObject({ name: "MigrationError", file: "002_index.sql", code: "25001" });
        expect((error as Error).message).toContain("cannot run inside a transaction block");
      });
    },
  );

  itOnServer(
    "waits for another session's migration lock by polling, without a blocked pg_advisory_lock",
    "PGlite's advisory locks are not exclusive between connections",
    async () => {
      const folder = await migrationsFolder({
        "001_a.sql": "CREATE TABLE {{tables.a}} (id int);",
        "002_idx.sql": "-- pgdbm:no-transaction\nCREATE INDEX CONCURRENTLY a_idx ON {{tables.a}} (id);",
      });
      const moduleName = uniqueName("locked");
      const holder = new pg.Client({ connectionString: target.url });
      await holder.connect();
      try {
        await holder.query("SELECT pg_advisory_lock(hashtext('pgdbm_migration_' || $1::text))", [moduleName]);
        await withDb(async (db) => {
          const migrations = new AsyncMigrationManager(db, folder, { moduleName });
          let settled = false;
          const run = migrations.applyPendingMigrations().finally(() => {
            settled = true;
          });
          await new Promise((resolve) => setTimeout(resolve, 400));
          expect(settled).toBe(false);
          // Polling: nobody sits in a lock queue (a blocked pg_advisory_lock would show granted = false).
          const waiting = await adminQuery(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND NOT granted " +
              "AND objid::bigint = (hashtext('pgdbm_migration_' || $1::text)::bigint & 4294967295)",
            [moduleName],
          );
          expect(waiting).toEqual([]);
          expect(await adminQuery("SELECT 1 FROM pg_namespace WHERE nspname = $1", [db.schema])).toEqual([]);
          await holder.query("SELECT pg_advisory_unlock(hashtext('pgdbm_migration_' || $1::text))", [moduleName]);
          expect(await run).toEqual(["001_a.sql", "002_idx.sql"]);
        });
      } finally {
        await holder.end();
      }
    },
  );

  itOnServer(
    "releases the lock when a run fails, and gives up after lockWaitTimeoutMs",
    "PGlite's advisory locks are not exclusive between connections",
    async () => {
      const folder = await migrationsFolder({ "001_bad.sql": "SELECT * FROM no_such_table_at_all;" });
      const moduleName = uniqueName("released");
      await withDb(async (db) => {
        const failing = new AsyncMigrationManager(db, folder, { moduleName });
        await expect(failing.applyPendingMigrations()).rejects.toThrow(MigrationError);
        const probe = new pg.Client({ connectionString: target.url });
        await probe.connect();
        try {
          const key = "hashtext('pgdbm_migration_' || $1::text)";
          expect((await probe.query(`SELECT pg_try_advisory_lock(${key}) AS ok`, [moduleName])).rows).toEqual([{ ok: true }]);
          const impatient = new AsyncMigrationManager(db, folder, { moduleName, lockWaitTimeoutMs: 200 });
          const error = await impatient.applyPendingMigrations().catch((caught: unknown) => caught);
          expect(error).toBeInstanceOf(MigrationError);
          expect((error as Error).message).toContain("gave up waiting for its lock");
          await probe.query(`SELECT pg_advisory_unlock(${key})`, [moduleName]);
        } finally {
          await probe.end();
        }
      });
    },
  );

  it("refuses files that resolve outside the migrations folder, unversioned names and a missing folder", async () => {
    const outside = await migrationsFolder({ "001_secret.sql": "DROP SCHEMA public CASCADE;" });
    const folder = await migrationsFolder({ "001_ok.sql": "SELECT 1;" });
    await symlink(path.join(outside, "001_secret.sql"), path.join(folder, "002_link.sql"));
    await mkdir(path.join(folder, "003_directory.sql"));
    await withDb(async (db) => {
      const linked = new AsyncMigrationManager(db, folder, { moduleName: "paths" });
      const error = await linked.applyPendingMigrations().catch((caught: unknown) => caught);
      expect(error).toMatchObject({ name: "MigrationError", file: "002_link.sql" });
      expect((error as Error).message).toMatch(/outside the migrations folder/);
      expect(await adminQuery("SELECT 1 FROM pg_namespace WHERE nspname = $1", [db.schema])).toEqual([]);

      const unversioned = await migrationsFolder({ "seed.sql": "SELECT 1;" });
      await expect(new AsyncMigrationManager(db, unversioned, { moduleName: "paths" }).getPendingMigrations()).rejects.toThrow(
        /Cannot tell the version of migration seed\.sql/,
      );
      const missing = new AsyncMigrationManager(db, path.join(folder, "nope"), { moduleName: "paths" });
      await expect(missing.applyPendingMigrations()).rejects.toThrow(/Cannot read the migrations folder/);
      const empty = await migrationsFolder({ "001_empty.sql": "-- nothing here\n" });
      await expect(new AsyncMigrationManager(db, empty, { moduleName: "paths" }).applyPendingMigrations()).rejects.toThrow(
        /001_empty\.sql has no statements/,
      );
    });
    expect(await readFile(path.join(outside, "001_secret.sql"), "utf8")).toContain("DROP");
  });

  it("refuses a schema option with a TypeError saying the schema comes from the manager, and requires moduleName", async () => {
    const db = new AsyncDatabaseManager({ pool: { [Symbol.for("pgdbm.SharedPool")]: true } as never, schema: "billing" });
    const withSchema = () =>
      // @ts-expect-error the schema comes from the manager
      new AsyncMigrationManager(db, "migrations", { moduleName: "billing", schema: "billing" });
    expect(withSchema).toThrow(TypeError);
    expect(withSchema).toThrow(/the schema comes from the database manager/);

    // @ts-expect-error moduleName is required
    const withoutModule = () => new AsyncMigrationManager(db, "migrations", {});
    expect(withoutModule).toThrow(TypeError);
    expect(withoutModule).toThrow(/needs \{ moduleName/);
    // @ts-expect-error options are required
    expect(() => new AsyncMigrationManager(db, "migrations")).toThrow(/moduleName is required/);
    expect(() => new AsyncMigrationManager(db, "migrations", { moduleName: "  " })).toThrow(TypeError);
    expect(() => new AsyncMigrationManager(db, "migrations", { moduleName: "x", migrationsTable: "bad-name" })).toThrow(
      /Unsafe migrations table name/,
    );
  });
});
