import { execFile } from "node:child_process";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { ESLint } from "eslint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeTree, writeTree } from "../lint/support/temp-tree.js";
import { ensureFreshBuild, REPO_ROOT } from "./support/built-package.js";

const exec = promisify(execFile);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(command: string, args: string[], cwd: string, timeout = 60_000): Promise<Run> {
  return exec(command, args, { cwd, timeout, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1" } }).then(
    (done) => ({ code: 0, ...done }),
    (failed: Run & { code: number | string }) => ({ ...failed, code: typeof failed.code === "number" ? failed.code : -1 }),
  );
}

/** `file:line:column rule` for each finding, files relative to `root`. */
function findings(stdout: string, root: string): string[] {
  return (JSON.parse(stdout) as ESLint.LintResult[]).flatMap((result) =>
    result.messages.map((message) => `${path.relative(root, result.filePath)}:${message.line}:${message.column} ${message.ruleId}`),
  );
}

/** The config of issue 6, word for word: source files only. */
const ISSUE_CONFIG = 'import pgdbm from "eslint-plugin-pgdbm"; export default [pgdbm.configs.recommended]\n';
/** The README's config: source files and `.sql` migrations. */
const README_CONFIG =
  'import pgdbm from "eslint-plugin-pgdbm";\n\nexport default [pgdbm.configs.recommended, pgdbm.configs.sql];\n';
const DEFINE_CONFIG =
  'import { defineConfig } from "eslint/config";\nimport pgdbm from "eslint-plugin-pgdbm";\n\nexport default defineConfig([pgdbm.configs.recommended, pgdbm.configs.sql]);\n';

const EXPECTED = [
  "app.js:4:38 pgdbm/no-bare-table-name",
  "migrations/001_users.sql:1:14 pgdbm/no-bare-table-name",
  "migrations/001_users.sql:4:1 pgdbm/no-search-path",
];

describe("the packed tarball, installed in a scratch project", () => {
  let scratchRoot: string;
  let project: string;
  let packedFiles: string[];

  beforeAll(async () => {
    ensureFreshBuild();
    scratchRoot = await mkdtemp(path.join(os.tmpdir(), "pgdbm-packed-"));
    // The tarball as `npm publish` would upload it (dist/ is built and checked fresh above).
    const pack = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", scratchRoot], REPO_ROOT);
    expect(pack.code, pack.stderr).toBe(0);
    const [packed] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    packedFiles = packed!.files.map((file) => file.path);

    project = path.join(scratchRoot, "scratch");
    await mkdir(project);
    await writeTree(project, {
      "package.json": '{ "name": "scratch", "private": true, "type": "module" }\n',
      "eslint.config.js": README_CONFIG,
      "eslint.issue.config.js": ISSUE_CONFIG,
      "eslint.define.config.js": DEFINE_CONFIG,
      "app.js": [
        "export async function addUser(db, email) {",
        '  await db.execute("INSERT INTO {{tables.users}} (email) VALUES ($1)", email);',
        "  // and the same table once more, written bare:",
        '  return db.fetchOne("SELECT id FROM users WHERE email = $1", email);',
        "}",
        "",
      ].join("\n"),
      "migrations/001_users.sql": [
        "CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL);",
        "CREATE TABLE {{tables.sessions}} (id bigserial PRIMARY KEY);",
        "",
        "SET search_path TO app;",
        "",
      ].join("\n"),
    });
    const install = await run(
      "npm",
      ["install", path.join(scratchRoot, packed!.filename), "eslint@10.15.0", "--prefer-offline", "--no-audit", "--no-fund"],
      project,
      240_000,
    );
    expect(install.code, install.stderr).toBe(0);
  }, 300_000);

  afterAll(async () => {
    if (scratchRoot) await removeTree(scratchRoot);
  });

  it("holds the build, the docs and the package manifest, and no sources or tests", () => {
    expect(packedFiles).toEqual(expect.arrayContaining(["package.json", "README.md", "dist/index.js", "dist/index.d.ts", "dist/lint/cli.js"]));
    expect(packedFiles).toEqual(expect.arrayContaining(["dist/runtime/index.js", "dist/runtime/vitest.js", "docs/ci.md", "docs/editor.md"]));
    expect(packedFiles.filter((file) => /\.ts$/u.test(file) && !file.endsWith(".d.ts"))).toEqual([]);
    expect(packedFiles.filter((file) => file.startsWith("tests/") || file.startsWith("examples/") || file.startsWith("node_modules/"))).toEqual(
      [],
    );
  });

  it("reports a bare table name in JS and the problems of a .sql migration: `npx eslint` with the README's config", async () => {
    const eslint = await run("npx", ["eslint", "--format", "json", "."], project);
    const lint = await run("npx", ["pgdbm-lint", "--format", "json"], project);

    expect(eslint.stderr).toBe("");
    expect(eslint.code).toBe(1);
    expect(findings(eslint.stdout, project)).toEqual(EXPECTED);
    expect(lint.stderr).toBe("");
    expect(findings(lint.stdout, project)).toEqual(EXPECTED);
  });

  it("reports the bare table name in JS with the issue's `export default [pgdbm.configs.recommended]`", async () => {
    const eslint = await run("npx", ["eslint", "--config", "eslint.issue.config.js", "--format", "json", "."], project);

    expect(eslint.stderr).toBe("");
    expect(eslint.code).toBe(1);
    expect(findings(eslint.stdout, project)).toEqual(EXPECTED.filter((finding) => finding.startsWith("app.js")));
  });

  it.each([["defineConfig([pgdbm.configs.recommended, pgdbm.configs.sql])", "eslint.define.config.js"]])(
    "reports the same through `npx eslint` with %s", async (_form, file) => {
    const eslint = await run("npx", ["eslint", "--config", file, "--format", "json", "."], project);

    expect(eslint.stderr).toBe("");
    expect(eslint.code).toBe(1);
    expect(findings(eslint.stdout, project)).toEqual(EXPECTED);
  });

  it("runs the pgdbm-lint bin from the install, TypeScript included", async () => {
    await writeFile(path.join(project, "orders.ts"), 'export const all = (db: unknown) => (db as { fetchAll(sql: string): unknown }).fetchAll("SELECT * FROM orders");\n');
    const lint = await run("npx", ["pgdbm-lint", "--config", "recommended", "--format", "json"], project);

    expect(lint.stderr).toBe("");
    expect(lint.code).toBe(1);
    expect(findings(lint.stdout, project)).toEqual([...EXPECTED.slice(0, 3), "orders.ts:1:104 pgdbm/no-bare-table-name"].sort());
  });

  it("asks for the SARIF formatter, an optional peer, in one line when it is not installed", async () => {
    const sarif = await run("npx", ["pgdbm-lint", "--format", "sarif"], project);

    expect(sarif).toMatchObject({
      code: 2,
      stdout: "",
      stderr: "pgdbm-lint: --format sarif needs @microsoft/eslint-formatter-sarif: npm install --save-dev @microsoft/eslint-formatter-sarif\n",
    });
  });

  it("serves the runtime entry points", async () => {
    const script = [
      'const runtime = await import("eslint-plugin-pgdbm/runtime");',
      // Resolved, not imported: the fixtures need vitest, an optional peer this project lacks.
      'const fixtures = import.meta.resolve("eslint-plugin-pgdbm/runtime/vitest");',
      "console.log(typeof runtime.AsyncDatabaseManager, typeof runtime.AsyncMigrationManager, fixtures.endsWith('/dist/runtime/vitest.js'));",
    ].join("\n");
    await writeFile(path.join(project, "probe.mjs"), script);

    const probe = await run(process.execPath, ["probe.mjs"], project);

    expect(probe.stderr).toBe("");
    expect(probe.stdout.trim()).toBe("function function true");
  });
});
