import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ESLint, Linter } from "eslint";
import { afterAll, describe, expect, it } from "vitest";
import plugin from "../../index.js";
import { sqlLanguage } from "../../language/sql-language.js";
import type { SqlDocument } from "../../language/sql-ast.js";

const workDir = mkdtempSync(join(tmpdir(), "pgdbm-sql-language-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const SQL_RULES = {
  "pgdbm/no-bare-table-name": "error",
  "pgdbm/no-hardcoded-schema": "error",
  "pgdbm/no-search-path": "error",
} as const;

function eslintFor(settings: Record<string, unknown> = {}, fix = false): ESLint {
  return new ESLint({
    cwd: workDir,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ["**/*.sql"], plugins: { pgdbm: plugin as never }, language: "pgdbm/sql", rules: SQL_RULES, settings },
    ],
    fix,
  });
}

async function lintSql(text: string, settings?: Record<string, unknown>) {
  const [result] = await eslintFor(settings).lintText(text, { filePath: join(workDir, "migrations/001_init.sql") });
  return (result?.messages ?? []).map(({ ruleId, messageId, line, column, endLine, endColumn, fatal }) => ({
    ruleId,
    ...(messageId ? { messageId } : {}),
    line,
    column,
    ...(endLine !== undefined ? { endLine, endColumn } : {}),
    ...(fatal ? { fatal } : {}),
  }));
}

describe("pgdbm/sql language: the language object", () => {
  it("is registered as languages.sql and declares 1-based lines and columns", () => {
    expect(plugin.languages.sql).toBe(sqlLanguage);
    expect(sqlLanguage).toMatchObject({ fileType: "text", lineStart: 1, columnStart: 1, nodeTypeKey: "type" });
  });

  it("parses every file, even one PostgreSQL cannot parse, into statements with their analysis", () => {
    const text = "CREATE TABLE {{tables.a}} (id int);\nSELEC oops;\nINSERT INTO b VALUES (1);\n";
    const result = sqlLanguage.parse({ path: "x.sql", physicalPath: "x.sql", bom: false, body: text }, { languageOptions: {} });
    expect(result.ok).toBe(true);
    const ast = (result as { ast: SqlDocument }).ast;
    expect(ast.type).toBe("SqlDocument");
    expect(ast.loc.start).toEqual({ line: 1, column: 1 });
    expect(ast.body.map((statement) => text.slice(...statement.range).trim())).toEqual([
      "CREATE TABLE {{tables.a}} (id int)",
      "SELEC oops",
      "INSERT INTO b VALUES (1)",
    ]);
    expect(ast.body.map((statement) => statement.error !== undefined)).toEqual([false, true, false]);
    const endOfInput = sqlLanguage.parse({ path: "y.sql", physicalPath: "y.sql", bom: false, body: "SELECT 1;\nSELECT 1 FROM" }, { languageOptions: {} });
    expect((endOfInput as { ast: SqlDocument }).ast.body.map((statement) => statement.error?.message)).toEqual([
      undefined,
      "syntax error at end of input",
    ]);
    expect(ast.body[2]?.relations.map((relation) => [relation.name, relation.kind])).toEqual([["b", "bare"]]);
  });

  it("visits statements with selectors, as any ESLint language does", () => {
    const seen: string[] = [];
    const probe = {
      rules: {
        statements: {
          meta: { languages: ["pgdbm/sql"] },
          create: (context: { sourceCode: { getText(node: unknown): string } }) => ({
            SqlStatement(node: unknown) {
              seen.push(context.sourceCode.getText(node).trim());
            },
            "SqlDocument:exit"() {
              seen.push("<end>");
            },
          }),
        },
      },
    };
    const messages = new Linter({ configType: "flat" }).verify(
      "select 1; select 2;",
      [
        { plugins: { pgdbm: plugin as never, probe: probe as never } },
        { files: ["**/*.sql"], language: "pgdbm/sql", rules: { "probe/statements": "error" } },
      ],
      "a.sql",
    );
    expect(messages).toEqual([]);
    expect(seen).toEqual(["select 1", "select 2", "<end>"]);
  });
});

describe("pgdbm/sql language: linting .sql files with ESLint", () => {
  it("reports a bare table and a hardcoded schema at their 1-based line and column", async () => {
    expect(await lintSql("CREATE TABLE {{tables.users}} (id int);\n\nINSERT INTO audit.events SELECT * FROM users;\n")).toEqual([
      { ruleId: "pgdbm/no-hardcoded-schema", messageId: "hardcodedSchema", line: 3, column: 13, endLine: 3, endColumn: 25 },
      { ruleId: "pgdbm/no-bare-table-name", messageId: "bareTable", line: 3, column: 40, endLine: 3, endColumn: 45 },
    ]);
  });

  it("counts columns in UTF-16 units after non-ASCII text and lines after CR LF", async () => {
    expect(await lintSql("-- café ☕\r\nSELECT 'é' AS x FROM users;")).toEqual([
      { ruleId: "pgdbm/no-bare-table-name", messageId: "bareTable", line: 2, column: 22, endLine: 2, endColumn: 27 },
    ]);
  });

  it("reports SET search_path and keeps function-level SET search_path", async () => {
    const text = [
      "SET search_path TO app;",
      "CREATE FUNCTION {{schema}}.f() RETURNS int LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS 'SELECT 1';",
    ].join("\n");
    expect(await lintSql(text)).toEqual([
      { ruleId: "pgdbm/no-search-path", messageId: "searchPathChange", line: 1, column: 1, endLine: 1, endColumn: 23 },
    ]);
  });

  it("reports a statement PostgreSQL cannot parse where PostgreSQL says, and still checks the others", async () => {
    const messages = await lintSql("SELECT 1 FROM {{tables.a}};\nSELECT FROM WHERE;\nDELETE FROM b;\n");
    expect(messages).toEqual([
      { ruleId: "pgdbm/no-bare-table-name", messageId: "unparseable", line: 2, column: 13, endLine: 2, endColumn: 13 },
      { ruleId: "pgdbm/no-bare-table-name", messageId: "bareTable", line: 3, column: 13, endLine: 3, endColumn: 14 },
    ]);
  });

  it("never fails on empty, blank or comment-only files", async () => {
    expect(await lintSql("")).toEqual([]);
    expect(await lintSql("\n  \n")).toEqual([]);
    expect(await lintSql("-- nothing here\n/* nor /* here */ */")).toEqual([]);
  });
});

describe("pgdbm/sql language: inline configuration comments", () => {
  it("honours -- eslint-disable-next-line for the named rule only, on the next line only", async () => {
    const text = [
      "-- eslint-disable-next-line pgdbm/no-bare-table-name",
      "INSERT INTO users SELECT * FROM app.accounts;",
      "INSERT INTO users VALUES (1);",
    ].join("\n");
    expect(await lintSql(text)).toEqual([
      { ruleId: "pgdbm/no-hardcoded-schema", messageId: "hardcodedSchema", line: 2, column: 33, endLine: 2, endColumn: 45 },
      { ruleId: "pgdbm/no-bare-table-name", messageId: "bareTable", line: 3, column: 13, endLine: 3, endColumn: 18 },
    ]);
  });

  it("honours /* eslint-disable */ … /* eslint-enable */ regions and -- eslint-disable-line", async () => {
    const text = [
      "/* eslint-disable */",
      "DELETE FROM a;",
      "/* eslint-enable */",
      "DELETE FROM b; -- eslint-disable-line pgdbm/no-bare-table-name -- seeded by hand",
      "DELETE FROM c;",
    ].join("\n");
    expect(await lintSql(text)).toEqual([
      { ruleId: "pgdbm/no-bare-table-name", messageId: "bareTable", line: 5, column: 13, endLine: 5, endColumn: 14 },
    ]);
  });

  it("applies /* eslint rule: off */ configuration comments", async () => {
    expect(await lintSql('/* eslint pgdbm/no-bare-table-name: "off" */\nDELETE FROM a;')).toEqual([]);
  });

  it("does not read directives inside string literals or dollar quotes", async () => {
    const text = [
      "INSERT INTO {{tables.notes}} VALUES ('-- eslint-disable-next-line pgdbm/no-bare-table-name');",
      "DELETE FROM a;",
      "DO $$ BEGIN RAISE NOTICE '/* eslint-disable */'; END $$;",
      "DELETE FROM b;",
    ].join("\n");
    expect((await lintSql(text)).map((message) => [message.ruleId, message.line])).toEqual([
      ["pgdbm/no-bare-table-name", 2],
      ["pgdbm/no-bare-table-name", 4],
    ]);
  });

  it("keeps the directives of a file whose other statement has an unterminated quote", async () => {
    const statements = ["SET search_path TO app;", "SELECT 'unterminated"];
    const searchPathReports = async (text: string) =>
      (await lintSql(text)).filter((message) => message.ruleId === "pgdbm/no-search-path");
    expect(await searchPathReports(statements.join("\n"))).toHaveLength(1);
    expect(await searchPathReports(["-- eslint-disable-next-line pgdbm/no-search-path", ...statements].join("\n"))).toEqual([]);
  });

  it("exposes the comments, lexed by PostgreSQL's scanner, on the SourceCode", () => {
    const text = "SELECT '-- no' AS a; -- one\n/* two /* nested */ */ SELECT 1;";
    const file = { path: "x.sql", physicalPath: "x.sql", bom: false, body: text };
    const parsed = sqlLanguage.parse(file, { languageOptions: {} });
    if (!parsed.ok) throw new Error("the SQL language never fails to parse");
    const sourceCode = sqlLanguage.createSourceCode(file, parsed, { languageOptions: {} });
    expect(sourceCode.comments.map(({ type, value, loc }) => [type, value, loc.start.column, loc.end.column])).toEqual([
      ["LineComment", " one", 22, 28],
      ["BlockComment", " two /* nested */ ", 1, 23],
    ]);
  });
});

describe("pgdbm/sql language: --fix", () => {
  it("writes the templates into the file, in the configured style", async () => {
    const file = join(workDir, "002_orders.sql");
    const original = [
      "CREATE TABLE orders (id bigserial PRIMARY KEY, user_id bigint REFERENCES app.users (id));",
      "-- eslint-disable-next-line pgdbm/no-bare-table-name",
      "CREATE INDEX orders_user_idx ON orders (user_id);",
      "SELECT x FROM; -- broken",
      "",
    ].join("\n");
    writeFileSync(file, original);
    const results = await eslintFor({ pgdbm: { templateStyle: "angle" } }, true).lintFiles([file]);
    await ESLint.outputFixes(results);
    expect(readFileSync(file, "utf8")).toBe(
      [
        "CREATE TABLE <<tables.orders>> (id bigserial PRIMARY KEY, user_id bigint REFERENCES <<tables.users>> (id));",
        "-- eslint-disable-next-line pgdbm/no-bare-table-name",
        "CREATE INDEX orders_user_idx ON orders (user_id);",
        "SELECT x FROM; -- broken",
        "",
      ].join("\n"),
    );
    expect(results[0]?.messages.map((message) => message.messageId)).toEqual(["unparseable"]);
  });
});

describe("pgdbm/sql language: the plugin's configs", () => {
  it("lint .sql files with the SQL rules only", async () => {
    const eslint = new ESLint({ cwd: workDir, overrideConfigFile: true, overrideConfig: [plugin.configs.recommended, plugin.configs.sql] as never });
    const [result] = await eslint.lintText("DELETE FROM users;", { filePath: join(workDir, "003.sql") });
    expect(result?.messages.map((message) => message.ruleId)).toEqual(["pgdbm/no-bare-table-name"]);
    expect(plugin.configs.sql.language).toBe("pgdbm/sql");
    expect(Object.keys(plugin.configs.sql.rules).sort()).toEqual([
      "pgdbm/no-bare-table-name",
      "pgdbm/no-hardcoded-schema",
      "pgdbm/no-search-path",
    ]);
  });

  it("refuses a JavaScript-only rule on .sql files instead of running it", async () => {
    const eslint = new ESLint({
      cwd: workDir,
      overrideConfigFile: true,
      overrideConfig: [
        {
          files: ["**/*.sql"],
          plugins: { pgdbm: plugin as never },
          language: "pgdbm/sql",
          rules: { "pgdbm/no-sql-interpolation": "error" },
        },
      ],
    });
    await expect(eslint.lintText("SELECT 1;", { filePath: join(workDir, "004.sql") })).rejects.toThrow(/no-sql-interpolation/);
  });
});
