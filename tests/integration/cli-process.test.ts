import { execFile } from "node:child_process";
import { chmod } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempTree, removeTree } from "../lint/support/temp-tree.js";
import { BUILD_TIMEOUT_MS, ensureFreshBuild, REPO_ROOT } from "./support/built-package.js";

const exec = promisify(execFile);
const CLI = path.join(REPO_ROOT, "dist/lint/cli.js");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** As root every file is readable: the unreadable-file case runs the CLI as `nobody`. */
const NOBODY = process.getuid?.() === 0 ? 65534 : undefined;

async function pgdbmLint(args: string[], cwd: string, asUser?: number): Promise<Run> {
  const [command, argv] =
    asUser === undefined
      ? [process.execPath, [CLI, ...args]]
      : ["setpriv", [`--reuid=${asUser}`, `--regid=${asUser}`, "--clear-groups", process.execPath, CLI, ...args]];
  return exec(command, argv, { cwd, env: { ...process.env, NO_COLOR: "1" } }).then(
    (done) => ({ code: 0, ...done }),
    (failed: Run) => failed,
  );
}

describe("the built pgdbm-lint, as a process", () => {
  let root: string;

  beforeAll(async () => {
    ensureFreshBuild();
    root = await makeTempTree({
      "src/orders.js": 'export const all = (db) => db.fetchAll("SELECT * FROM orders");\n',
      "src/secret.sql": "CREATE TABLE {{tables.secrets}} (id int);\n",
    });
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    if (root) await removeTree(root);
  });

  it("exits 1 with the findings, 0 when clean", async () => {
    const dirty = await pgdbmLint(["src/orders.js"], root);
    const clean = await pgdbmLint(["src/secret.sql"], root);

    expect(dirty.code).toBe(1);
    expect(dirty.stdout).toMatch(/1:55 +error +Table 'orders' is named without a template/u);
    expect(clean).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("prints its version and help, exit 0", async () => {
    const version = await pgdbmLint(["--version"], root);
    const help = await pgdbmLint(["--help"], root);

    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/u);
    expect(help.stdout).toContain("Usage: pgdbm-lint [options] [paths...]");
    expect([version.code, help.code]).toEqual([0, 0]);
  });

  it("names a missing path in one line, exit 2", async () => {
    const missing = await pgdbmLint(["src", "lib"], root);

    expect(missing).toMatchObject({ code: 2, stdout: "", stderr: "pgdbm-lint: no such file or directory: lib\n" });
  });

  it("names a file it may not read in one line, exit 2, given or found in a folder", async (context) => {
    if (process.getuid?.() === 0) {
      const probe = await pgdbmLint(["--version"], root, NOBODY);
      if (probe.code !== 0) context.skip(`user nobody cannot run ${CLI} (a checkout it may not read): ${probe.stderr.split("\n")[0]}`);
    }
    await chmod(root, 0o755);
    await chmod(path.join(root, "src"), 0o755);
    await chmod(path.join(root, "src/orders.js"), 0o644);
    await chmod(path.join(root, "src/secret.sql"), 0o000);

    const given = await pgdbmLint(["src/secret.sql"], root, NOBODY);
    const found = await pgdbmLint(["src"], root, NOBODY);

    expect(given).toMatchObject({ code: 2, stdout: "", stderr: "pgdbm-lint: cannot read src/secret.sql: permission denied\n" });
    expect(found).toMatchObject({ code: 2, stdout: "", stderr: "pgdbm-lint: cannot read src/secret.sql: permission denied\n" });
  });
});

describe("the package's bins in a checkout", () => {
  it("run as files, the way `npx pgdbm-lint` and `npx pgdbm-codemod` start them after `npm ci`", async () => {
    ensureFreshBuild();
    for (const bin of ["dist/lint/cli.js", "dist/codemods/cli.js"]) {
      // Executed directly: without the executable bit and the shebang this fails with EACCES / ENOEXEC.
      const { stdout } = await exec(path.join(REPO_ROOT, bin), ["--help"], { env: { ...process.env, NO_COLOR: "1" } });
      expect(stdout, bin).toMatch(/^Usage: pgdbm-(lint|codemod)/m);
    }
  });
});
