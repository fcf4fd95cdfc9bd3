import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import type { ESLint } from "eslint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempTree, removeTree } from "../lint/support/temp-tree.js";
import { BUILD_TIMEOUT_MS, ensureFreshBuild, installLinks, REPO_ROOT, USER_CONFIG } from "./support/built-package.js";

const run = promisify(execFile);
const ESLINT_BIN = path.join(REPO_ROOT, "node_modules/eslint/bin/eslint.js");

const SOURCES: Record<string, string> = {
  "src/users.ts": 'export const byEmail = (db, email: string) => db.fetchOne("SELECT * FROM users WHERE email = $1", email);\n',
  "src/orders.ts": "export const forUser = (db, id: number) => db.fetchAll(`SELECT * FROM orders WHERE user_id = ${id}`);\n",
  "src/report.js": 'export const daily = (db) => db.fetchAll("SELECT count(*) FROM billing.invoices");\n',
  "src/ok.ts": 'export const all = (db) => db.fetchAll("SELECT * FROM {{tables.users}}");\n',
  "migrations/001_users.sql": "CREATE TABLE users (id bigserial PRIMARY KEY, email text);\n",
  "migrations/002_orders.sql": "SET search_path TO shop;\nCREATE TABLE {{tables.orders}} (id bigserial PRIMARY KEY);\n",
};

interface Outcome {
  code: number;
  findings: string[];
  stderr: string;
}

/** ESLint's own CLI, as a CI job runs it; the findings as `file:line:column rule`, in ESLint's order. */
async function eslint(cwd: string, ...args: string[]): Promise<Outcome> {
  const { code, stdout, stderr } = await run(process.execPath, [ESLINT_BIN, "--format", "json", ...args, "."], {
    cwd,
    maxBuffer: 16 * 1024 * 1024,
  }).then(
    (done) => ({ code: 0, ...done }),
    (failed: { code: number; stdout: string; stderr: string }) => failed,
  );
  const results = JSON.parse(stdout) as ESLint.LintResult[];
  const findings = results.flatMap((result) =>
    result.messages.map(
      (message) => `${path.relative(cwd, result.filePath)}:${message.line}:${message.column} ${message.ruleId} ${message.message}`,
    ),
  );
  return { code, findings, stderr };
}

describe("ESLint --cache and --concurrency with the plugin", () => {
  let workspace: string;
  let plain: Outcome;

  beforeAll(async () => {
    ensureFreshBuild();
    workspace = await makeTempTree({ "eslint.config.js": USER_CONFIG, "package.json": '{ "type": "module" }\n', ...SOURCES });
    await installLinks(workspace);
    plain = await eslint(workspace);
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    if (workspace) await removeTree(workspace);
  });

  it("finds the same problems on a plain run as the rules promise", () => {
    expect(plain.code).toBe(1);
    expect(plain.findings.map((finding) => finding.split(" ").slice(0, 2).join(" "))).toEqual([
      "migrations/001_users.sql:1:14 pgdbm/no-bare-table-name",
      "migrations/002_orders.sql:1:1 pgdbm/no-search-path",
      "src/orders.ts:1:71 pgdbm/no-bare-table-name",
      "src/orders.ts:1:94 pgdbm/no-sql-interpolation",
      "src/report.js:1:64 pgdbm/no-hardcoded-schema",
      "src/users.ts:1:74 pgdbm/no-bare-table-name",
    ]);
  });

  it("gives the same results with --cache, cold and then warm from the cache file", async () => {
    const cacheFile = path.join(workspace, ".cache/eslint");
    const cache = ["--cache", "--cache-location", cacheFile, "--cache-strategy", "content"];
    const cold = await eslint(workspace, ...cache);
    const warm = await eslint(workspace, ...cache, "--debug");

    expect(cold).toEqual(plain);
    expect({ ...warm, stderr: "" }).toEqual(plain);
    // Every file came from the cache (whose key hashes the config, the plugin named by meta.name@meta.version).
    const skipped = [...warm.stderr.matchAll(/Skipping file since it hasn't changed: (\S+)/gu)].map((match) =>
      path.relative(workspace, match[1]!),
    );
    expect(skipped.sort()).toEqual(["eslint.config.js", ...Object.keys(SOURCES)].sort());
    expect(await readFile(cacheFile, "utf8")).toContain('"hashOfConfig"');
  }, 60_000);

  it("gives the same results with --concurrency=2 (the plugin loads in worker threads)", async () => {
    const concurrent = await eslint(workspace, "--concurrency=2");

    expect(concurrent.code).toBe(plain.code);
    expect(concurrent.findings).toEqual(plain.findings);
  }, 60_000);
});
