import path from "node:path";
import { describe, expect, it } from "vitest";
import addModuleName from "../../codemods/add-module-name.js";
import { recipes } from "../../codemods/all.js";
import { runRecipes } from "../../codemods/support/rule-runner.js";
import tablesTemplate from "../../codemods/tables-template.js";
import type { Transform } from "../../codemods/support/transform.js";
import { fixturesRoot } from "./support.js";

const QUERY = `export const count = (db: { fetchValue(sql: string): unknown }) => db.fetchValue('SELECT count(*) FROM users');\n`;
const TEMPLATED = QUERY.replace("FROM users", "FROM {{tables.users}}");

function apply(transform: Transform, source: string, filePath: string | undefined, options: Record<string, unknown> = {}) {
  const reports: string[] = [];
  const output = transform({ path: filePath ?? "", source }, { report: (message: string) => reports.push(message) }, options);
  return { output, reports };
}

const at = (name: string): string => path.join(fixturesRoot, "tables-template", name);

describe("the rule runner", () => {
  it("keeps a byte-order mark where it was", () => {
    expect(apply(tablesTemplate, `\uFEFF${QUERY}`, at("bom.ts")).output).toBe(`\uFEFF${TEMPLATED}`);
  });

  it("does not parse a file none of its rules can report on", () => {
    const result = runRecipes(at("plain.ts"), "export const answer = 42;\n", recipes);
    expect(result).toEqual({ output: undefined, skips: [], passes: 0 });
  });

  it("runs to a fixed point in one pass when only final edits were made", () => {
    expect(runRecipes(at("one.ts"), QUERY, recipes).passes).toBe(1);
  });

  it("leaves files of other kinds alone, and .sql files to the SQL transform only", () => {
    expect(apply(tablesTemplate, "users", at("notes.txt")).output).toBeUndefined();
    expect(apply(addModuleName, "CREATE TABLE users (id int);\n", at("001.sql")).output).toBeUndefined();
    expect(apply(tablesTemplate, "CREATE TABLE users (id int);\n", at("001.sql")).output).toBe("CREATE TABLE {{tables.users}} (id int);\n");
  });

  it("throws, with the position, on a file it cannot parse", () => {
    expect(() => apply(tablesTemplate, "db.fetchAll('SELECT 1 FROM users'\n", at("broken.ts"))).toThrow(
      /^cannot parse \(line 2\): Parsing error: /,
    );
  });

  it("takes settings.pgdbm as an object or as JSON (jscodeshift's command line), and --template-style on top", () => {
    expect(apply(tablesTemplate, QUERY, at("a.ts"), { settings: { ignoreTables: ["users"] } }).output).toBeUndefined();
    expect(apply(tablesTemplate, QUERY, at("a.ts"), { settings: '{"ignoreTables":["users"]}' }).output).toBeUndefined();
    expect(apply(tablesTemplate, QUERY, at("a.ts"), { settings: '{"templateStyle":"angle"}' }).output).toContain("<<tables.users>>");
    expect(apply(tablesTemplate, QUERY, at("a.ts"), { settings: '{"templateStyle":"angle"}', templateStyle: "braces" }).output).toBe(TEMPLATED);
    expect(() => apply(tablesTemplate, QUERY, at("a.ts"), { settings: "{not json" })).toThrow(/--settings must be JSON/);
  });

  it("honours eslint-disable comments: what a person marked as deliberate stays", () => {
    const source = `// eslint-disable-next-line pgdbm/no-bare-table-name -- a view another team owns\n${QUERY}`;
    expect(apply(tablesTemplate, source, at("disabled.ts"))).toEqual({ output: undefined, reports: [] });
  });

  it("picks the parser from jscodeshift's `parser` option when there is no path", () => {
    const jsx = `export const List = ({ db }) => <ul>{db.fetchAll("SELECT name FROM items")}</ul>;\n`;
    expect(apply(tablesTemplate, jsx, undefined, { parser: "tsx" }).output).toContain("{{tables.items}}");
    const assertion = `const db = <any>handle;\nexport const rows = db.fetchAll("SELECT name FROM items");\n`;
    expect(apply(tablesTemplate, assertion, undefined, { parser: "ts" }).output).toContain("{{tables.items}}");
    expect(() => apply(tablesTemplate, assertion, undefined, { parser: "tsx" })).toThrow(/cannot parse/);
  });

  it("writes the file's own line endings into the text it inserts", () => {
    const source = [
      `import { AsyncTestDatabase } from "eslint-plugin-pgdbm/runtime";`,
      `test("t", async () => {`,
      `  const testDb = new AsyncTestDatabase();`,
      `  await testDb.createTestDatabase();`,
      `  await work();`,
      `  await testDb.dropTestDatabase();`,
      `});`,
      ``,
    ].join("\r\n");
    const { output } = runRecipes(at("crlf.test.ts"), source, recipes);
    expect(output).toContain("try {\r\n");
    expect(output?.replace(/\r\n/g, "")).not.toContain("\n");
  });
});
