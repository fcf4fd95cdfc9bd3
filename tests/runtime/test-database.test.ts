import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect } from "vitest";
import { AsyncDatabaseManager, AsyncTestDatabase, PoolError, SchemaError, setLogger } from "../../runtime/index.js";
import { createPgdbmFixtures } from "../../runtime/vitest.js";
import { databasesLike, itOnServer, target } from "../support/test-database.js";

const NEEDS_CREATE_DATABASE = "PGlite cannot connect to a database made by CREATE DATABASE";
const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

const exists = async (name: string): Promise<boolean> => (await databasesLike(name)).includes(name);

describe("AsyncTestDatabase", () => {
  itOnServer("makes test_<8 hex>, hands out connected managers on one pool, and drops it WITH (FORCE)", NEEDS_CREATE_DATABASE, async () => {
    const testDatabase = new AsyncTestDatabase();
    let name: string | undefined;
    try {
      name = await testDatabase.createTestDatabase();
      expect(name).toMatch(/^test_[0-9a-f]{8}$/);
      expect(testDatabase.databaseName).toBe(name);
      expect(await exists(name)).toBe(true);

      const plain = await testDatabase.getTestDbManager();
      const scoped = await testDatabase.getTestDbManager({ schema: "inventory" });
      expect(plain.isConnected && scoped.isConnected).toBe(true);
      expect(plain.ownsPool).toBe(false);
      expect(await plain.fetchValue("SELECT current_database()")).toBe(name);
      await scoped.execute("CREATE TABLE {{tables.items}} (id int)");
      expect(await plain.tableExists("inventory.items")).toBe(true);
      expect((await plain.getPoolStats()).dsn).toBe((await scoped.getPoolStats()).dsn);

      // A connection the test database did not hand out: FORCE ends it, and its pool survives that.
      const warnings: string[] = [];
      setLogger({ warn: (line) => warnings.push(line) });
      const outsider = new AsyncDatabaseManager(testDatabase.getTestDbConfig());
      await outsider.connect();
      await testDatabase.dropTestDatabase();
      await new Promise((resolve) => setTimeout(resolve, 100));
      setLogger(undefined);
      expect(warnings.some((line) => line.includes("idle connection") && line.includes(name as string))).toBe(true);
      expect(await exists(name)).toBe(false);
      expect(testDatabase.databaseName).toBeUndefined();
      await expect(plain.fetchValue("SELECT 1")).rejects.toThrow(PoolError);
      await expect(scoped.fetchValue("SELECT 1")).rejects.toThrow(PoolError);
      await outsider.disconnect();
      await testDatabase.dropTestDatabase();
    } finally {
      await testDatabase.dropTestDatabase();
    }
  });

  itOnServer("takes a suffix, refuses an unsafe one before any SQL, and refuses a second database", NEEDS_CREATE_DATABASE, async () => {
    const testDatabase = new AsyncTestDatabase();
    try {
      const name = await testDatabase.createTestDatabase("orders");
      expect(name).toMatch(/^test_[0-9a-f]{8}_orders$/);
      await expect(testDatabase.createTestDatabase()).rejects.toThrow(/already made/);
    } finally {
      await testDatabase.dropTestDatabase();
    }
    const before = await databasesLike("test\\_%\\_x%");
    await expect(new AsyncTestDatabase().createTestDatabase('x"; DROP DATABASE postgres; --')).rejects.toThrow(SchemaError);
    expect(await databasesLike("test\\_%\\_x%")).toEqual(before);
    await expect(new AsyncTestDatabase().getTestDbManager()).rejects.toThrow(/before createTestDatabase/);
  });
});

describe("vitest fixtures", () => {
  const fixtures = createPgdbmFixtures();

  itOnServer("testDbIsolated rolls its transaction back when the test ends", NEEDS_CREATE_DATABASE, async () => {
    let rowsAfter: unknown;
    let rowsInside: unknown;
    await fixtures.testDb({}, async (testDb) => {
      await testDb.execute("CREATE TABLE notes (body text)");
      await fixtures.testDbIsolated({ testDb }, async (tx) => {
        expect(tx.isActive).toBe(true);
        await tx.execute("INSERT INTO notes VALUES ('rolled back')");
        rowsInside = await tx.fetchValue("SELECT count(*)::int FROM notes");
      });
      rowsAfter = await testDb.fetchValue("SELECT count(*)::int FROM notes");
    });
    expect(rowsInside).toBe(1);
    expect(rowsAfter).toBe(0);
  });

  itOnServer("testDb and testDbWithSchema drop their database even when the test throws", NEEDS_CREATE_DATABASE, async () => {
    const made: string[] = [];
    for (const fixture of [fixtures.testDb, fixtures.testDbWithSchema]) {
      const run = fixture({}, async (db) => {
        made.push(String(await db.fetchValue("SELECT current_database()")));
        throw new Error("the test failed");
      });
      await expect(run).rejects.toThrow("the test failed");
    }
    expect(made).toHaveLength(2);
    for (const name of made) expect(await exists(name)).toBe(false);
  });

  itOnServer(
    "a vitest run whose tests fail (assertion, throw, failed query, timeout) leaves no test_ database behind",
    NEEDS_CREATE_DATABASE,
    async () => {
      const scratch = await mkdtemp(path.join(tmpdir(), "pgdbm-child-"));
      const out = path.join(scratch, "databases.txt");
      try {
        const child = spawn(
          process.execPath,
          [
            path.join(repoRoot, "node_modules/vitest/vitest.mjs"),
            "run",
            "--config",
            path.join(repoRoot, "tests/runtime/fixtures/vitest-child/vitest.config.mjs"),
            "--reporter",
            "verbose",
          ],
          {
            cwd: repoRoot,
            env: {
              ...process.env,
              PGDBM_TEST_URL: target.url,
              PGDBM_CHILD_OUT: out,
              // The runtime's debug log names every database it creates, also those of a test that
              // timed out during its fixture's setup (whose body never ran to record it).
              NODE_DEBUG: "pgdbm",
              NO_COLOR: "1",
              FORCE_COLOR: "0",
            },
          },
        );
        let output = "";
        child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
        const code = await new Promise<number | null>((resolve) => child.on("close", resolve));

        expect(code, output).toBe(1);
        expect(output).toMatch(/Tests\s+4 failed \| 1 passed/);
        expect(output).toContain("deliberate failure");
        expect(output).toContain("division by zero");
        expect(output).toMatch(/timed out in 500ms/);
        const made = [...output.matchAll(/created test database (\S+)/g)].map((match) => match[1] as string);
        expect(made).toHaveLength(5);
        const seenByTests = (await readFile(out, "utf8")).trim().split("\n");
        expect(made).toEqual(expect.arrayContaining(seenByTests));
        for (const name of made) expect(name).toMatch(/^test_[0-9a-f]{8}$/);
        const left = await databasesLike("test\\_%");
        expect(made.filter((name) => left.includes(name))).toEqual([]);
      } finally {
        await rm(scratch, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
