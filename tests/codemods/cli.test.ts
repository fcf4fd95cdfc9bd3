import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { cliPath, ensureBuilt, runBuiltCli } from "./built-cli.js";
import { fixturesRoot } from "./support.js";

const require = createRequire(import.meta.url);
const Runner = require("jscodeshift/src/Runner.js") as {
  run(transformFile: string, paths: string[], options: Record<string, unknown>): Promise<{ ok: number; skip: number; error: number }>;
};

const BARE_TS = `import type { AsyncDatabaseManager } from "eslint-plugin-pgdbm/runtime";

export function count(db: AsyncDatabaseManager) {
  return db.fetchValue('SELECT count(*) FROM users');
}
`;
const BARE_TS_FIXED = BARE_TS.replace("FROM users", "FROM {{tables.users}}");
const BARE_SQL = "CREATE TABLE users (id bigserial PRIMARY KEY);\n";
const CLEAN_TS = `export const answer = 42;\n`;
const BROKEN_TS = `export function broken(db) {\n  return db.fetchAll("SELECT * FROM users";\n}\n`;
const UNNAMEABLE_TS = `import { AsyncMigrationManager, AsyncDatabaseManager, DatabaseConfig } from "eslint-plugin-pgdbm/runtime";

export function make(schema: string) {
  const db = new AsyncDatabaseManager(new DatabaseConfig({ schema }));
  return new AsyncMigrationManager(db, "migrations");
}
`;

const roots: string[] = [];

async function tree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), "pgdbm-codemod-cli-"));
  roots.push(root);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), text);
  }
  return root;
}

const read = (root: string, name: string): Promise<string> => readFile(path.join(root, name), "utf8");

function git(root: string, ...args: string[]): void {
  execFileSync("git", ["-c", "user.name=codemod-test", "-c", "user.email=codemod@test.invalid", ...args], { cwd: root, stdio: "pipe" });
}

beforeAll(() => {
  ensureBuilt();
}, 300_000);

afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
});

describe("pgdbm-codemod", () => {
  it("--dry prints a unified diff and writes nothing", async () => {
    const root = await tree({ "src/count.ts": BARE_TS, "migrations/001_init.sql": BARE_SQL, "src/clean.ts": CLEAN_TS });
    const run = await runBuiltCli(["all", "--dry", "."], root);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("--- a/src/count.ts\n+++ b/src/count.ts\n");
    expect(run.stdout).toContain("-  return db.fetchValue('SELECT count(*) FROM users');\n+  return db.fetchValue('SELECT count(*) FROM {{tables.users}}');\n");
    expect(run.stdout).toContain("--- a/migrations/001_init.sql\n+++ b/migrations/001_init.sql\n");
    expect(run.stdout).toContain("+CREATE TABLE {{tables.users}} (id bigserial PRIMARY KEY);\n");
    expect(run.stdout).not.toContain("clean.ts");
    expect(run.stderr).toContain("pgdbm-codemod all: 3 files (dry run: nothing written)");
    expect(await read(root, "src/count.ts")).toBe(BARE_TS);
    expect(await read(root, "migrations/001_init.sql")).toBe(BARE_SQL);
  });

  it("rewrites the files, prints a summary, and exits 0", async () => {
    const root = await tree({ "src/count.ts": BARE_TS, "src/clean.ts": CLEAN_TS, "src/unnameable.ts": UNNAMEABLE_TS });
    const run = await runBuiltCli(["all", "src"], root);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("");
    expect(await read(root, "src/count.ts")).toBe(BARE_TS_FIXED);
    expect(await read(root, "src/clean.ts")).toBe(CLEAN_TS);
    expect(await read(root, "src/unnameable.ts")).toBe(UNNAMEABLE_TS);
    expect(run.stderr).toContain("pgdbm-codemod all: 3 files\n  changed    1\n  unchanged  1\n  skipped    1\n  failed     0\n");
    expect(run.stderr).toContain("Left unchanged (1 place):\n  src/unnameable.ts: line 5: add-module-name: pgdbm/require-module-name:");
  });

  it("matches the fixtures when it writes: every `all` fixture input becomes its output", async () => {
    const directory = path.join(fixturesRoot, "all");
    const root = await tree({});
    await cp(directory, root, { recursive: true });
    const run = await runBuiltCli(["all", "."], root);
    expect(run.code, run.stderr).toBe(0);
    for (const name of ["service", "library", "test-helper", "clean"]) {
      expect(await read(root, `${name}.input.ts`), name).toBe(await readFile(path.join(directory, `${name}.output.ts`), "utf8"));
    }
    expect(await read(root, "001_init.input.sql")).toBe(await readFile(path.join(directory, "001_init.output.sql"), "utf8"));
  });

  it("exits 1 and names the file when one cannot be parsed; the others are still done", async () => {
    const root = await tree({ "a/broken.ts": BROKEN_TS, "a/count.ts": BARE_TS });
    const run = await runBuiltCli(["tables-template", "a"], root);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("  changed    1\n  unchanged  0\n  skipped    0\n  failed     1\n");
    expect(run.stderr).toContain("Failed (1):\n  a/broken.ts: cannot parse (line 2): Parsing error: ')' expected.\n");
    expect(await read(root, "a/count.ts")).toBe(BARE_TS_FIXED);
    expect(await read(root, "a/broken.ts")).toBe(BROKEN_TS);
  });

  it("--print prints the new source; --template-style angle writes <<tables.…>>", async () => {
    const root = await tree({ "count.ts": BARE_TS });
    const run = await runBuiltCli(["tables-template", "count.ts", "--print", "--dry", "--template-style", "angle"], root);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(BARE_TS.replace("FROM users", "FROM <<tables.users>>"));
    expect(await read(root, "count.ts")).toBe(BARE_TS);
  });

  it("takes settings.pgdbm from the project's ESLint config", async () => {
    const root = await tree({
      "eslint.config.js": `export default [{ files: ["**/*.ts"], settings: { pgdbm: { templateStyle: "angle", ignoreTables: ["legacy_users"] } } }];\n`,
      "package.json": `{ "type": "module" }\n`,
      "src/count.ts": BARE_TS.replace("FROM users", "FROM users JOIN legacy_users USING (id)"),
    });
    const run = await runBuiltCli(["tables-template", "src"], root);
    expect(run.code, run.stderr).toBe(0);
    expect(await read(root, "src/count.ts")).toContain("'SELECT count(*) FROM <<tables.users>> JOIN legacy_users USING (id)'");
  });

  it("honours .gitignore and never enters node_modules", async () => {
    const root = await tree({
      ".gitignore": "generated/\n",
      "src/count.ts": BARE_TS,
      "generated/count.ts": BARE_TS,
      "node_modules/lib/count.ts": BARE_TS,
      "src/types.d.ts": "declare const users: string;\n",
    });
    git(root, "init", "-q");
    const run = await runBuiltCli(["tables-template", ".", "--force"], root);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("pgdbm-codemod tables-template: 1 file\n");
    expect(await read(root, "generated/count.ts")).toBe(BARE_TS);
    expect(await read(root, "node_modules/lib/count.ts")).toBe(BARE_TS);
  });

  describe("on a git work tree", () => {
    async function repository(): Promise<string> {
      const root = await tree({ "src/count.ts": BARE_TS, "README.md": "# app\n" });
      git(root, "init", "-q");
      git(root, "add", ".");
      git(root, "commit", "-q", "-m", "initial");
      return root;
    }

    it("refuses to run over uncommitted changes (exit 2) and changes nothing", async () => {
      const root = await repository();
      const edited = `${BARE_TS}// work in progress\n`;
      await writeFile(path.join(root, "src/count.ts"), edited);
      const run = await runBuiltCli(["all", "src"], root);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("the git working tree has uncommitted changes under these paths:\n   M src/count.ts\n");
      expect(run.stderr).toContain("--force");
      expect(await read(root, "src/count.ts")).toBe(edited);
    });

    it("counts untracked files as uncommitted", async () => {
      const root = await repository();
      await writeFile(path.join(root, "src/new.ts"), BARE_TS);
      const run = await runBuiltCli(["all", "src"], root);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("?? src/new.ts");
    });

    it("runs with --force, and with --dry (which writes nothing)", async () => {
      const root = await repository();
      const edited = `${BARE_TS}// work in progress\n`;
      await writeFile(path.join(root, "src/count.ts"), edited);
      const dry = await runBuiltCli(["all", "--dry", "src"], root);
      expect(dry.code, dry.stderr).toBe(0);
      expect(await read(root, "src/count.ts")).toBe(edited);
      const forced = await runBuiltCli(["all", "--force", "src"], root);
      expect(forced.code, forced.stderr).toBe(0);
      expect(await read(root, "src/count.ts")).toBe(edited.replace("FROM users", "FROM {{tables.users}}"));
    });

    it("runs on a clean tree; changes elsewhere in the repository do not count", async () => {
      const root = await repository();
      await writeFile(path.join(root, "README.md"), "# app, edited\n");
      const run = await runBuiltCli(["all", "src"], root);
      expect(run.code, run.stderr).toBe(0);
      expect(await read(root, "src/count.ts")).toBe(BARE_TS_FIXED);
    });
  });

  it("rejects an unknown transform and a missing path with exit 2", async () => {
    const root = await tree({ "count.ts": BARE_TS });
    const unknown = await runBuiltCli(["no-such-transform", "."], root);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown transform "no-such-transform"');
    const missing = await runBuiltCli(["all", "nowhere"], root);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no such file or directory: nowhere");
    const usage = await runBuiltCli(["all"], root);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("missing required argument");
  });

  it("runs under jscodeshift's own runner through the CommonJS entry (--codemod picks the transform)", async () => {
    const root = await tree({ "src/count.ts": BARE_TS, "src/clean.ts": CLEAN_TS });
    const entry = path.join(path.dirname(cliPath), "jscodeshift.cjs");
    const stats = await Runner.run(entry, [path.join(root, "src")], {
      codemod: "tables-template",
      babel: false,
      runInBand: true,
      silent: true,
      extensions: "ts",
      parser: "ts",
    });
    // jscodeshift counts a transform that returns `undefined` as "skipped".
    expect(stats).toMatchObject({ ok: 1, skip: 1, error: 0 });
    expect(await read(root, "src/count.ts")).toBe(BARE_TS_FIXED);
  });
});
