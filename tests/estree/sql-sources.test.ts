import { Linter } from "eslint";
import tseslint from "typescript-eslint";
import type { TSESTree } from "@typescript-eslint/utils";
import { describe, expect, it } from "vitest";
import { calledMethodName, sourceEditFor, sourceRangeOf, sqlSourceOf, type SqlSource } from "../../estree/sql-sources.js";

type Parser = "typescript" | "espree";

/** Every SQL source handed to `db.<method>(…)` in `code`, with the source text for checks. */
function sourcesOf(code: string, parser: Parser = "typescript"): SqlSource[] {
  const found: SqlSource[] = [];
  const plugin = {
    rules: {
      collect: {
        create(context: { sourceCode: never }) {
          return {
            CallExpression(node: TSESTree.CallExpression) {
              const first = node.arguments[0];
              if (calledMethodName(node) === undefined || !first) return;
              const source = sqlSourceOf(first, context.sourceCode);
              if (source) found.push(source);
            },
          };
        },
      },
    },
  };
  const messages = new Linter({ configType: "flat" }).verify(
    code,
    [
      {
        files: ["**/*.ts"],
        ...(parser === "typescript" ? { languageOptions: { parser: tseslint.parser } } : {}),
        plugins: { test: plugin as never },
        rules: { "test/collect": "error" },
      },
    ],
    "file.ts",
  );
  expect(messages.filter((message) => message.fatal)).toEqual([]);
  return found;
}

const textAt = (code: string, range: readonly [number, number]): string => code.slice(range[0], range[1]);

describe.each<Parser>(["typescript", "espree"])("sqlSourceOf with %s", (parser) => {
  it("maps a string literal character by character, escapes included", () => {
    const code = 'db.execute("SELECT * FROM \\"Users\\" WHERE a = \'x\'");';
    const [source] = sourcesOf(code, parser);
    expect(source?.sql).toBe(`SELECT * FROM "Users" WHERE a = 'x'`);
    const users = source!.sql.indexOf('"Users"');
    expect(textAt(code, sourceRangeOf(source!, { start: users, end: users + 7 }))).toBe('\\"Users\\"');
    const where = source!.sql.indexOf("WHERE");
    expect(textAt(code, sourceRangeOf(source!, { start: where, end: where + 5 }))).toBe("WHERE");
  });

  it("strips template delimiters and turns `${}` into holes at their source range", () => {
    const code = "await db.fetchOne(`SELECT *\n  FROM users\n  WHERE id = ${userId} AND n = ${ n + 1 }`, 1);";
    const [source] = sourcesOf(code, parser);
    expect(source?.sql).toBe("SELECT *\n  FROM users\n  WHERE id = ${userId} AND n = ${ n + 1 }");
    expect(source?.holes.map((hole) => [hole.kind, source.sql.slice(hole.start, hole.end), textAt(code, hole.range)])).toEqual([
      ["template", "${userId}", "${userId}"],
      ["template", "${ n + 1 }", "${ n + 1 }"],
    ]);
    const users = source!.sql.indexOf("users");
    expect(textAt(code, sourceRangeOf(source!, { start: users, end: users + 5 }))).toBe("users");
  });

  it("follows a module-level const into a function and reports one source object for two calls", () => {
    const code = [
      "const INSERT_USER = 'INSERT INTO users (email) VALUES ($1)';",
      "export async function a(db) { await db.execute(INSERT_USER, 'a'); }",
      "export async function b(tx) { await tx.execute(INSERT_USER, 'b'); }",
    ].join("\n");
    const [first, second] = sourcesOf(code, parser);
    expect(first?.sql).toBe("INSERT INTO users (email) VALUES ($1)");
    expect(second).toBe(first);
    expect(first?.node.type).toBe("Literal");
  });

  it("resolves through scope analysis, not names: a shadowing binding wins", () => {
    const code = [
      "const q = 'SELECT 1 FROM outer_table';",
      "function f(db) { const q = 'SELECT 1 FROM inner_table'; return db.fetchAll(q); }",
      "function g(db, q) { return db.fetchAll(q); }",
    ].join("\n");
    const sources = sourcesOf(code, parser);
    expect(sources.map((source) => source.sql)).toEqual(["SELECT 1 FROM inner_table"]);
  });

  it("concatenates constants and literals, keeps non-constant operands as holes", () => {
    const code = [
      "const TABLE = '{{tables.users}}';",
      "let where = 'x';",
      "db.execute('SELECT * FROM ' + TABLE + ' WHERE ' + where + ` LIMIT ${10}`);",
    ].join("\n");
    const [source] = sourcesOf(code, parser);
    expect(source?.sql).toBe("SELECT * FROM {{tables.users}} WHERE where LIMIT 10");
    expect(source?.holes.map((hole) => [hole.kind, textAt(code, hole.range)])).toEqual([["concatenation", "where"]]);
    const template = source!.sql.indexOf("{{");
    expect(textAt(code, sourceRangeOf(source!, { start: template, end: template + 16 }))).toBe("{{tables.users}}");
  });

  it("inlines constants spliced into a template instead of treating them as holes", () => {
    const code = "const COLUMNS = 'id, email'; db.fetchAll(`SELECT ${COLUMNS} FROM users WHERE id = ${id}`);";
    const [source] = sourcesOf(code, parser);
    expect(source?.sql).toBe("SELECT id, email FROM users WHERE id = ${id}");
    expect(source?.holes).toHaveLength(1);
    const email = source!.sql.indexOf("email");
    expect(textAt(code, sourceRangeOf(source!, { start: email, end: email + 5 }))).toBe("email");
  });

  it("reads properties of a const object literal and sql tagged templates", () => {
    const code = [
      "const Q = { byId: 'SELECT * FROM users WHERE id = $1' } as const;",
      "db.fetchOne(Q.byId, 1);",
      "db.fetchOne(sql`SELECT * FROM orders WHERE id = ${id}`);",
    ].join("\n");
    const sources = sourcesOf(code, parser === "espree" ? "typescript" : parser);
    expect(sources.map((source) => [source.sql, source.tagged])).toEqual([
      ["SELECT * FROM users WHERE id = $1", false],
      ["SELECT * FROM orders WHERE id = ${id}", true],
    ]);
  });

  it("finds nothing in values that are not built from literals, and survives cycles", () => {
    const code = [
      "function f(db, query) { db.execute(query); db.execute(build()); }",
      "const a = b; const b = a; db.execute(a);",
      "db.execute(`${x}`);",
    ].join("\n");
    const sources = sourcesOf(code, parser);
    expect(sources.map((source) => source.sql)).toEqual(["${x}"]);
  });
});

describe("sourceEditFor", () => {
  const editOf = (code: string, needle: string, text: string) => {
    const [source] = sourcesOf(code);
    const start = source!.sql.indexOf(needle);
    return sourceEditFor(source!, code, { start, end: start + needle.length, text });
  };

  it("replaces a name inside a literal, escaped for the literal", () => {
    expect(editOf("db.execute('SELECT * FROM users');", "users", "{{tables.users}}")).toEqual({
      range: [26, 31],
      text: "{{tables.users}}",
    });
    expect(editOf("db.execute('SELECT 1 FROM t');", "t", "it's")?.text).toBe("it\\'s");
    expect(editOf("db.execute(`SELECT 1 FROM t`);", "t", "${x}")?.text).toBe("\\${x}");
  });

  it("offers nothing where the source differs from the SQL or the span meets a hole", () => {
    expect(editOf('db.execute("SELECT * FROM \\"Users\\"");', '"Users"', "{{tables.Users}}")).toBeUndefined();
    expect(editOf("db.execute('SELECT * FROM \\u0075sers');", "users", "{{tables.users}}")).toBeUndefined();
    expect(editOf("db.execute(`SELECT * FROM ${schema}.users`);", "${schema}.users", "{{tables.users}}")).toBeUndefined();
    expect(editOf("db.execute('SELECT * FROM us' + 'ers');", "users", "{{tables.users}}")).toBeUndefined();
  });
});
