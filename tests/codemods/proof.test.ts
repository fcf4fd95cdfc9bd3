/**
 * Issue 5, item 4: the codemod proven on a real server. The sample app in
 * tests/fixtures/apps/shop is written the wrong way; its scenario runs, `pgdbm-codemod all` rewrites
 * a copy, the scenario runs again, and the two runs must agree on everything a user observes while
 * the rewritten app keeps each service in its own schema on one pool.
 */
import { execFile, spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ESLint } from "eslint";
import pg from "pg";
import ts from "typescript";
import { beforeAll, expect } from "vitest";
import { AsyncTestDatabase, DatabaseConfig } from "../../runtime/index.js";
import { adminQuery, databasesLike, itOnServer, target } from "../support/test-database.js";
import { ensureBuilt, runBuiltCli } from "./built-cli.js";
import { fixturesRoot, recommendedConfig, repoRoot } from "./support.js";

const APP = path.join(fixturesRoot, "apps", "shop");

interface Step {
  step: string;
  data: unknown;
}

interface NodeRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A copy of the app, with the package itself where `eslint-plugin-pgdbm/runtime` is imported from. */
async function copyApp(root: string, name: string): Promise<string> {
  const directory = path.join(root, name);
  await cp(APP, directory, { recursive: true });
  await mkdir(path.join(directory, "node_modules"), { recursive: true });
  await symlink(repoRoot, path.join(directory, "node_modules", "eslint-plugin-pgdbm"), "dir");
  return directory;
}

async function sourceFiles(directory: string, extension: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(extension) && !entry.parentPath.includes("node_modules"))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** What `tsc` would emit, next to each source: Node 20 runs no TypeScript. */
async function transpile(directory: string): Promise<void> {
  for (const file of await sourceFiles(directory, ".ts")) {
    const { outputText } = ts.transpileModule(await readFile(file, "utf8"), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      fileName: file,
    });
    await writeFile(file.replace(/\.ts$/, ".js"), outputText);
  }
}

function steps(stdout: string): Step[] {
  return stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Step);
}

function runNode(directory: string, script: string, env: NodeJS.ProcessEnv): Promise<NodeRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script], { cwd: directory, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Runs the scenario, holding it at its busiest moment to count the database's server connections. */
function runScenario(directory: string, url: string, database: string): Promise<NodeRun & { connections: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["scripts/scenario.js"], {
      cwd: directory,
      env: { ...process.env, DATABASE_URL: url, SCENARIO_HOLD_AT_PEAK: "1" },
    });
    let stdout = "";
    let stderr = "";
    let connections = -1;
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (connections === -1 && stdout.includes('{"step":"peak"')) {
        connections = 0;
        adminQuery<{ count: number }>("SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = $1", [database])
          .then(([row]) => {
            connections = row?.count ?? 0;
            child.stdin.write("go on\n");
          })
          .catch(reject);
      }
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr, connections }));
  });
}

async function lintApp(directory: string): Promise<ESLint.LintResult[]> {
  const eslint = new ESLint({ cwd: directory, overrideConfigFile: true, overrideConfig: recommendedConfig() });
  return eslint.lintFiles(["."]);
}

function problems(results: readonly ESLint.LintResult[], directory: string): string[] {
  return results.flatMap((result) =>
    result.messages.map((message) => `${path.relative(directory, result.filePath)}:${message.line} ${message.ruleId}: ${message.message}`),
  );
}

/** Which schema each of the app's tables is in, in one database. */
async function tablesBySchema(url: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ table_schema: string; table_name: string }>(
      `SELECT table_schema, table_name FROM information_schema.tables
        WHERE table_name IN ('users', 'orders', 'daily_totals') ORDER BY table_name`,
    );
    return Object.fromEntries(rows.map((row) => [row.table_name, row.table_schema]));
  } finally {
    await client.end();
  }
}

function urlOf(database: string): string {
  const url = new URL(target.url);
  url.pathname = `/${database}`;
  return url.toString();
}

beforeAll(() => {
  ensureBuilt();
}, 300_000);

itOnServer(
  "shop: the codemod keeps every observable result, puts each service in its own schema on one pool, and lints clean",
  "the scenario opens several pools, creates databases and counts server connections",
  async () => {
    const admin = new DatabaseConfig({ connectionString: target.url });
    const beforeDb = new AsyncTestDatabase(admin);
    const afterDb = new AsyncTestDatabase(admin);
    const root = await mkdtemp(path.join(os.tmpdir(), "pgdbm-proof-"));
    try {
      const beforeName = await beforeDb.createTestDatabase("before");
      const afterName = await afterDb.createTestDatabase("after");
      const wrong = await copyApp(root, "wrong");
      const migrated = await copyApp(root, "migrated");

      // The app as written breaks the rules the codemod repairs.
      const lintBefore = await lintApp(wrong);
      const rulesBefore = new Set(lintBefore.flatMap((result) => result.messages.map((message) => message.ruleId)));
      for (const rule of [
        "pgdbm/no-bare-table-name",
        "pgdbm/no-multiple-pools",
        "pgdbm/require-module-name",
        "pgdbm/no-connect-on-pooled-manager",
        "pgdbm/require-cleanup-in-finally",
      ]) {
        expect(rulesBefore, rule).toContain(rule);
      }

      await transpile(wrong);
      const before = await runScenario(wrong, urlOf(beforeName), beforeName);
      expect(before.code, before.stderr).toBe(0);
      expect(before.stderr).toContain("Creating another connection pool to");
      // The nightly job cannot run at all: connect() on a borrowed manager.
      const reportBefore = await runNode(wrong, "jobs/daily-report.js", { DATABASE_URL: urlOf(beforeName) });
      expect(reportBefore.code).not.toBe(0);
      expect(reportBefore.stderr).toContain("PoolError");
      const smokeBefore = await runNode(wrong, "test/smoke.js", { PGDBM_TEST_URL: target.url });
      expect(smokeBefore.code, smokeBefore.stderr).toBe(0);

      const codemod = await runBuiltCli(["all", migrated], repoRoot);
      expect(codemod.code, codemod.stderr).toBe(0);
      expect(codemod.stderr).toMatch(/10 files\n\s+changed\s+9\n\s+unchanged\s+1\n\s+skipped\s+0\n\s+failed\s+0/);
      expect(problems(await lintApp(migrated), migrated)).toEqual([]);

      await transpile(migrated);
      const after = await runScenario(migrated, urlOf(afterName), afterName);
      expect(after.code, after.stderr).toBe(0);
      expect(after.stderr).not.toContain("Creating another connection pool to");

      // Same observable results, step by step.
      const beforeSteps = steps(before.stdout);
      expect(beforeSteps.map((step) => step.step)).toEqual(["migrate", "users", "lookup", "totals", "peak", "done"]);
      expect(steps(after.stdout)).toEqual(beforeSteps);
      expect(beforeSteps.find((step) => step.step === "totals")?.data).toEqual([
        { user_id: "1", orders: 2, total: "19.75" },
        { user_id: "2", orders: 1, total: "30.00" },
      ]);

      // One pool instead of two: fewer server connections at the busiest moment.
      expect(before.connections).toBeGreaterThan(0);
      expect(after.connections).toBeGreaterThan(0);
      expect(after.connections).toBeLessThan(before.connections);
      process.stdout.write(`[proof] server connections at the busiest moment: ${before.connections} before, ${after.connections} after\n`);

      // Before, every table sat in public; after, each service's tables in its own schema.
      expect(await tablesBySchema(urlOf(beforeName))).toEqual({ orders: "public", users: "public" });

      const reportAfter = await runNode(migrated, "jobs/daily-report.js", { DATABASE_URL: urlOf(afterName) });
      expect(reportAfter.code, reportAfter.stderr).toBe(0);
      expect(steps(reportAfter.stdout)).toEqual([{ step: "report", data: [{ orders: 3, total: "49.75" }] }]);
      expect(await tablesBySchema(urlOf(afterName))).toEqual({ daily_totals: "reports", orders: "orders", users: "users" });

      const smokeAfter = await runNode(migrated, "test/smoke.js", { PGDBM_TEST_URL: target.url });
      expect(smokeAfter.code, smokeAfter.stderr).toBe(0);
      for (const run of [smokeBefore, smokeAfter]) {
        const [smoke] = steps(run.stdout);
        const { database, users } = smoke?.data as { database: string; users: number };
        expect(users).toBe(1);
        expect(await databasesLike(database)).toEqual([]);
      }
    } finally {
      await beforeDb.dropTestDatabase();
      await afterDb.dropTestDatabase();
      await rm(root, { recursive: true, force: true });
    }
  },
  180_000,
);
