import { describe, expect, it, vi } from "vitest";
import {
  AsyncDatabaseManager,
  AsyncMigrationManager,
  DatabaseConfig,
  expandTemplates,
  MigrationError,
  SchemaError,
} from "../../runtime/index.js";
import { scratchSchema, testConfig } from "../support/test-database.js";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

const withSchema = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: "postgres://h/db", schema: "app" }));
const withoutSchema = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: "postgres://h/db" }));

describe("templates (SPEC §3)", () => {
  it.each([
    ["{{tables.users}}", '"app".users', "users"],
    ["<<tables.users>>", '"app".users', "users"],
    ["{{tables.audit.events}}", '"audit".events', '"audit".events'],
    ["<<tables.audit.events>>", '"audit".events', '"audit".events'],
    ["{{schema}}", '"app"', "public"],
    ["<<schema>>", '"app"', "public"],
  ])("%s → %s with schema app, %s with none", (template, expectedWithSchema, expectedWithout) => {
    expect(withSchema.prepareQuery(template)).toBe(expectedWithSchema);
    expect(withoutSchema.prepareQuery(template)).toBe(expectedWithout);
  });

  it("expands every template in a statement and leaves the rest byte for byte", () => {
    const sql =
      "SELECT u.id, e.kind FROM {{tables.users}} u JOIN <<tables.audit.events>> e ON e.user_id = u.id " +
      "WHERE u.flags << 2 > 0 AND u.tags = '{{1,2},{3,4}}'::int[] AND {{schema}} IS NOT NULL";
    expect(withSchema.prepareQuery(sql)).toBe(
      'SELECT u.id, e.kind FROM "app".users u JOIN "audit".events e ON e.user_id = u.id ' +
        "WHERE u.flags << 2 > 0 AND u.tags = '{{1,2},{3,4}}'::int[] AND \"app\" IS NOT NULL",
    );
  });

  it("caches expanded SQL per manager: a second call does no expansion work", () => {
    const db = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: "postgres://h/db", schema: "cache_probe" }));
    const other = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: "postgres://h/db", schema: "cache_probe" }));
    const sql = "SELECT * FROM {{tables.things}}";
    const replace = vi.spyOn(String.prototype, "replace");
    try {
      const first = db.prepareQuery(sql);
      expect(replace).toHaveBeenCalledTimes(1);
      expect(db.prepareQuery(sql)).toBe(first);
      expect(replace).toHaveBeenCalledTimes(1);
      // The cache is per manager: another manager expands on its own.
      expect(other.prepareQuery(sql)).toBe(first);
      expect(replace).toHaveBeenCalledTimes(2);
    } finally {
      replace.mockRestore();
    }
    expect(expandTemplates(sql, "cache_probe")).toBe('SELECT * FROM "cache_probe".things');
  });

  it.each([
    "{{tables.my-table}}",
    "{{tables.}}",
    '{{tables.users"; DROP TABLE x; --}}',
    "<<tables.a.b.c>>",
    "{{tables.bad schema.t}}",
    `{{tables.${"x".repeat(64)}}}`,
    "{{tables.1users}}",
  ])("refuses %s with a SchemaError", (template) => {
    expect(() => withSchema.prepareQuery(`SELECT * FROM ${template}`)).toThrow(SchemaError);
  });

  it.each(['app"; DROP SCHEMA public; --', "my-schema", "", "1app", "a".repeat(64)])(
    "refuses the schema %j in a config and on a shared pool",
    (schema) => {
      expect(() => new DatabaseConfig({ connectionString: "postgres://h/db", schema })).toThrow(SchemaError);
      const pool = { [Symbol.for("pgdbm.SharedPool")]: true } as never;
      expect(() => new AsyncDatabaseManager({ pool, schema })).toThrow(SchemaError);
    },
  );

  it("sends no SQL at all when a name is unsafe", async () => {
    const pool = await AsyncDatabaseManager.createSharedPool(testConfig());
    const query = vi.spyOn(pool.pgPool, "query");
    const connect = vi.spyOn(pool.pgPool, "connect");
    try {
      const db = new AsyncDatabaseManager({ pool, schema: "safe_schema" });
      const attempts: (() => Promise<unknown>)[] = [
        () => db.fetchAll("SELECT * FROM {{tables.users; DROP TABLE users}}"),
        () => db.execute("DELETE FROM <<tables.my-table>>"),
        () => db.fetchOne("SELECT * FROM {{tables.x.y.z}}"),
        () => db.fetchValue("SELECT count(*) FROM {{tables.}}"),
        () => db.executeAndReturnId("INSERT INTO {{tables.a-b}} DEFAULT VALUES"),
        () => db.executeMany("INSERT INTO {{tables.a b}} VALUES ($1)", [[1]]),
        () => db.tableExists('users"; DROP TABLE users; --'),
        () => db.tableExists("a.b.c"),
      ];
      for (const attempt of attempts) {
        await expect(attempt()).rejects.toThrow(SchemaError);
      }
      expect(query).not.toHaveBeenCalled();
      expect(connect).not.toHaveBeenCalled();

      const dir = await mkdtemp(path.join(tmpdir(), "pgdbm-unsafe-"));
      await writeFile(path.join(dir, "001_ok.sql"), "CREATE TABLE {{tables.fine}} (id int);");
      await writeFile(path.join(dir, "002_bad.sql"), "CREATE TABLE {{tables.not-fine}} (id int);");
      const migrations = new AsyncMigrationManager(db, dir, { moduleName: "unsafe_probe" });
      const error = await migrations.applyPendingMigrations().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(MigrationError);
      expect((error as MigrationError).file).toBe("002_bad.sql");
      expect((error as MigrationError).cause).toMatchObject({ name: "SchemaError" });
      expect(query).not.toHaveBeenCalled();
      expect(connect).not.toHaveBeenCalled();
    } finally {
      await pool.close();
    }
  });

  it("lands templated tables in the manager's schema on the server, and in the explicit one with {{tables.other.t}}", async () => {
    const main = scratchSchema("main");
    const other = scratchSchema("other");
    const pool = await AsyncDatabaseManager.createSharedPool(testConfig());
    try {
      const otherDb = new AsyncDatabaseManager({ pool, schema: other });
      await otherDb.execute("CREATE SCHEMA {{schema}}");
      await otherDb.execute("CREATE TABLE {{tables.shared}} (v text)");
      const db = new AsyncDatabaseManager({ pool, schema: main });
      await db.execute("CREATE SCHEMA <<schema>>");
      await db.execute("CREATE TABLE <<tables.local>> (v text)");
      await db.execute(`INSERT INTO {{tables.${other}.shared}} (v) VALUES ('cross-schema write')`);
      expect(await otherDb.fetchValue("SELECT v FROM {{tables.shared}}")).toBe("cross-schema write");
      expect(await db.tableExists("local")).toBe(true);
      expect(await db.tableExists("shared")).toBe(false);
      expect(await db.tableExists(`${other}.shared`)).toBe(true);
      await db.execute("INSERT INTO {{schema}}.local (v) VALUES ('via schema')");
      expect(await db.fetchValue("SELECT v FROM {{tables.local}}")).toBe("via schema");
    } finally {
      await pool.close();
    }
  });
});
