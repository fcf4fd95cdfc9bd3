import { readFile, symlink } from "node:fs/promises";
import path from "node:path";
import type { ESLint } from "eslint";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "./support/run-cli.js";
import { makeTempTree, removeTree } from "./support/temp-tree.js";

const USERS_TS = `import { AsyncDatabaseManager } from "eslint-plugin-pgdbm/runtime";

export async function countUsers(db: AsyncDatabaseManager): Promise<number | null> {
  return db.fetchValue<number>("SELECT count(*) FROM users");
}
`;

const ORDERS_JS = `export async function load(db, id) {
  return db.fetchAll("SELECT id FROM orders WHERE id = $1", [id]);
}
`;

const INIT_SQL = `CREATE TABLE users (id serial PRIMARY KEY);
SET search_path TO app;
`;

const CLEAN_TS = `import { AsyncDatabaseManager } from "eslint-plugin-pgdbm/runtime";

export async function countUsers(db: AsyncDatabaseManager): Promise<number | null> {
  return db.fetchValue<number>("SELECT count(*) FROM {{tables.users}}");
}
`;

const CLEAN_SQL = "CREATE TABLE {{tables.users}} (id serial PRIMARY KEY);\n";

const TEST_FILE = `import { afterAll, beforeAll, expect, test } from "vitest";
import { AsyncTestDatabase } from "eslint-plugin-pgdbm/runtime";

const testDatabase = new AsyncTestDatabase();
beforeAll(async () => {
  await testDatabase.createTestDatabase();
});
afterAll(async () => {
  await testDatabase.dropTestDatabase();
});

test("runs", () => {
  expect(1).toBe(1);
});
`;

/** A config in the repository that runs a stand-in `pgdbm/` rule, so the CLI's choice of config shows in the output. */
const REPO_CONFIG_WITH_PLUGIN = `const pgdbm = {
  meta: { name: "stand-in-pgdbm", version: "1.0.0" },
  rules: {
    "no-todo": {
      meta: { type: "suggestion", messages: { todo: "A TODO from the repository's own config." }, schema: [] },
      create(context) {
        return {
          Program() {
            for (const comment of context.sourceCode.getAllComments()) {
              if (comment.value.includes("TODO")) context.report({ loc: comment.loc, messageId: "todo" });
            }
          },
        };
      },
    },
  },
};
export default [{ files: ["**/*.js"], plugins: { pgdbm }, rules: { "pgdbm/no-todo": "warn" } }];
`;

interface Finding {
  file: string;
  ruleId: string | null;
  line: number;
  column: number;
}

function findings(stdout: string, root: string): Finding[] {
  const results = JSON.parse(stdout) as ESLint.LintResult[];
  return results.flatMap((result) =>
    result.messages.map((message) => ({
      file: path.relative(root, result.filePath).split(path.sep).join("/"),
      ruleId: message.ruleId,
      line: message.line,
      column: message.column,
    })),
  );
}

const roots: string[] = [];
async function tree(files: Record<string, string>): Promise<string> {
  const root = await makeTempTree(files);
  roots.push(root);
  return root;
}

afterEach(async () => {
  await Promise.all(roots.splice(0).map(removeTree));
});

describe("pgdbm-lint with no ESLint config in the repository", () => {
  it("lints .ts, .js and .sql files with the recommended config and exits 1", async () => {
    const root = await tree({ "src/users.ts": USERS_TS, "src/orders.js": ORDERS_JS, "migrations/001_init.sql": INIT_SQL });

    const run = await runCli(["--format", "json"], root);

    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    expect(findings(run.stdout, root)).toEqual([
      { file: "migrations/001_init.sql", ruleId: "pgdbm/no-bare-table-name", line: 1, column: 14 },
      { file: "migrations/001_init.sql", ruleId: "pgdbm/no-search-path", line: 2, column: 1 },
      { file: "src/orders.js", ruleId: "pgdbm/no-bare-table-name", line: 2, column: 38 },
      { file: "src/users.ts", ruleId: "pgdbm/no-bare-table-name", line: 4, column: 54 },
    ]);
  });

  it("prints ESLint's stylish report by default", async () => {
    const root = await tree({ "src/users.ts": USERS_TS });

    const run = await runCli(["src"], root);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain(path.join(root, "src/users.ts"));
    expect(run.stdout).toMatch(/4:54 +error +Table 'users' is named without a template.* +pgdbm\/no-bare-table-name/u);
    expect(run.stdout).toContain("✖ 1 problem (1 error, 0 warnings)");
  });

  it("exits 0 and prints nothing for a clean tree", async () => {
    const root = await tree({ "src/users.ts": CLEAN_TS, "migrations/001_init.sql": CLEAN_SQL });

    const run = await runCli([], root);

    expect(run).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("lints only the paths it is given", async () => {
    const root = await tree({ "src/users.ts": USERS_TS, "migrations/001_init.sql": INIT_SQL });

    const run = await runCli(["--format", "json", "migrations/001_init.sql"], root);

    expect(findings(run.stdout, root).map((finding) => finding.file)).toEqual([
      "migrations/001_init.sql",
      "migrations/001_init.sql",
    ]);
  });

  it("writes the autofixes with --fix and reports only what is left", async () => {
    const root = await tree({ "src/users.ts": USERS_TS, "migrations/001_init.sql": INIT_SQL });

    const run = await runCli(["--fix", "--format", "json"], root);

    expect(run.code).toBe(1);
    expect(findings(run.stdout, root)).toEqual([
      { file: "migrations/001_init.sql", ruleId: "pgdbm/no-search-path", line: 2, column: 1 },
    ]);
    expect(await readFile(path.join(root, "src/users.ts"), "utf8")).toBe(USERS_TS.replace("FROM users", "FROM {{tables.users}}"));
    expect(await readFile(path.join(root, "migrations/001_init.sql"), "utf8")).toBe(
      "CREATE TABLE {{tables.users}} (id serial PRIMARY KEY);\nSET search_path TO app;\n",
    );
  });

  it("adds the strict-only rules with --config strict", async () => {
    const root = await tree({ "tests/users.test.ts": TEST_FILE });

    const recommended = await runCli(["--format", "json"], root);
    const strict = await runCli(["--format", "json", "--config", "strict"], root);

    expect(findings(recommended.stdout, root)).toEqual([]);
    expect(recommended.code).toBe(0);
    expect(findings(strict.stdout, root)).toEqual([
      { file: "tests/users.test.ts", ruleId: "pgdbm/prefer-test-fixtures", line: 4, column: 22 },
    ]);
    expect(strict.code).toBe(1);
  });

  it("ignores what .gitignore ignores, at any depth and from the repository root above the working folder", async () => {
    const root = await tree({
      ".git/HEAD": "ref: refs/heads/main\n",
      ".gitignore": "generated/\n/service/legacy.js\n*.tmp.sql\n",
      "service/.gitignore": "fixtures/**\n!fixtures/keep.sql\n",
      "service/src/orders.js": ORDERS_JS,
      "service/legacy.js": ORDERS_JS,
      "service/generated/orders.js": ORDERS_JS,
      "service/migrations/002_scratch.tmp.sql": INIT_SQL,
      "service/fixtures/drop.sql": INIT_SQL,
      "service/fixtures/keep.sql": "CREATE TABLE keep (id int);\n",
    });

    const run = await runCli(["--format", "json"], path.join(root, "service"));

    expect([...new Set(findings(run.stdout, path.join(root, "service")).map((finding) => finding.file))]).toEqual([
      "fixtures/keep.sql",
      "src/orders.js",
    ]);
  });

  it("does not report eslint-disable comments written for the repository's other rules", async () => {
    const root = await tree({
      "src/orders.js": `// eslint-disable-next-line no-console\nconsole.log("orders");\n${ORDERS_JS}`,
    });

    const run = await runCli(["--format", "json"], root);

    expect(findings(run.stdout, root)).toEqual([{ file: "src/orders.js", ruleId: "pgdbm/no-bare-table-name", line: 4, column: 38 }]);
  });
});

describe("pgdbm-lint in a repository with its own ESLint config", () => {
  it("uses that config when it enables pgdbm rules", async () => {
    const root = await tree({ "eslint.config.js": REPO_CONFIG_WITH_PLUGIN, "src/orders.js": `// TODO: page\n${ORDERS_JS}` });

    const run = await runCli(["--format", "json"], root);

    expect(run.stderr).toBe("");
    expect(findings(run.stdout, root)).toEqual([{ file: "src/orders.js", ruleId: "pgdbm/no-todo", line: 1, column: 1 }]);
    expect(run.code).toBe(0);
  });

  it("uses the preset instead when --config names one", async () => {
    const root = await tree({ "eslint.config.js": REPO_CONFIG_WITH_PLUGIN, "src/orders.js": `// TODO: page\n${ORDERS_JS}` });

    const run = await runCli(["--format", "json", "--config", "recommended"], root);

    expect(findings(run.stdout, root)).toEqual([{ file: "src/orders.js", ruleId: "pgdbm/no-bare-table-name", line: 3, column: 38 }]);
  });

  it("falls back to the preset, and says so, when the config does not enable the plugin", async () => {
    const root = await tree({
      "eslint.config.mjs": 'export default [{ rules: { "no-debugger": "error" } }];\n',
      "src/orders.js": `debugger;\n${ORDERS_JS}`,
    });

    const run = await runCli(["--format", "json"], root);

    expect(run.stderr).toBe(
      "pgdbm-lint: eslint.config.mjs does not enable eslint-plugin-pgdbm for these files; linting them with its recommended " +
        "config (add pgdbm.configs.recommended to that config to lint with your settings).\n",
    );
    expect(findings(run.stdout, root)).toEqual([{ file: "src/orders.js", ruleId: "pgdbm/no-bare-table-name", line: 3, column: 38 }]);
  });

  it("fails --max-warnings when there are more warnings than allowed", async () => {
    const root = await tree({ "eslint.config.js": REPO_CONFIG_WITH_PLUGIN, "src/a.js": "// TODO one\n// TODO two\n" });

    const unlimited = await runCli([], root);
    const two = await runCli(["--max-warnings", "2"], root);
    const one = await runCli(["--max-warnings", "1"], root);
    const oneAsJson = await runCli(["--max-warnings", "1", "--format", "json"], root);

    expect(unlimited.code).toBe(0);
    expect(two.code).toBe(0);
    expect(one.code).toBe(1);
    expect(one.stderr).toBe("pgdbm-lint: too many warnings (2; maximum: 1).\n");
    expect(oneAsJson.code).toBe(1);
    expect(oneAsJson.stderr).toBe("pgdbm-lint: too many warnings (2; maximum: 1).\n");
  });
});

describe("pgdbm-lint errors", () => {
  it("names a missing path in one line and exits 2", async () => {
    const root = await tree({ "src/users.ts": CLEAN_TS });

    const run = await runCli(["src", "no/such/dir"], root);

    expect(run).toEqual({ code: 2, stdout: "", stderr: "pgdbm-lint: no such file or directory: no/such/dir\n" });
  });

  it("names a file it cannot read in one line and exits 2", async () => {
    const root = await tree({ "src/users.ts": CLEAN_TS });
    await symlink(path.join(root, "src/gone.ts"), path.join(root, "src/dangling.ts"));

    const run = await runCli(["src/dangling.ts"], root);

    expect(run).toEqual({ code: 2, stdout: "", stderr: "pgdbm-lint: no such file or directory: src/dangling.ts\n" });
  });

  it("reports a broken repository config without a stack trace and exits 2", async () => {
    const root = await tree({ "eslint.config.js": "export default [{ rules: { \"no-debugger\": \"sometimes\" } }];\n", "a.js": "debugger;\n" });

    const run = await runCli([], root);

    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^pgdbm-lint: .*no-debugger/u);
    expect(run.stderr).not.toMatch(/\n\s+at /u);
  });

  it("explains the nested-array config mistake array presets invite", async () => {
    const root = await tree({ "eslint.config.js": 'export default [[{ rules: { "no-debugger": "error" } }]];\n', "a.js": "debugger;\n" });

    const run = await runCli([], root);

    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "pgdbm-lint: the ESLint config holds an array inside its exported array (ESLint does not flatten it): spread that preset " +
        '(...tseslint.configs.recommended) or wrap the config in defineConfig() from "eslint/config"\n',
    });
  });

  it("rejects an unknown format or option in one line and exits 2", async () => {
    const root = await tree({ "a.js": "" });

    const format = await runCli(["--format", "xml"], root);
    const option = await runCli(["--colour"], root);

    expect(format.code).toBe(2);
    expect(format.stderr).toBe(
      "pgdbm-lint: option '-f, --format <name>' argument 'xml' is invalid. Allowed choices are stylish, json, sarif.\n",
    );
    expect(option.code).toBe(2);
    expect(option.stderr.split("\n")[0]).toBe("pgdbm-lint: unknown option '--colour'");
  });

  it("says when a folder holds nothing to lint, and exits 2 as ESLint does", async () => {
    const root = await tree({ "docs/readme.md": "# nothing here\n" });

    const run = await runCli(["docs"], root);

    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr: "pgdbm-lint: nothing to lint in docs: no file there is covered by the config and not ignored\n",
    });
  });
});

describe("pgdbm-lint --output-file", () => {
  it("writes the report to the file and nothing to stdout", async () => {
    const root = await tree({ "src/users.ts": USERS_TS });

    const run = await runCli(["--format", "json", "--output-file", "report.json"], root);

    expect(run.stdout).toBe("");
    expect(run.code).toBe(1);
    expect(findings(await readFile(path.join(root, "report.json"), "utf8"), root)).toHaveLength(1);
  });
});
