import { beforeAll, describe, expect, it } from "vitest";
import { analyzeSql, clearSqlCache, loadSqlParser, isSqlParserLoaded } from "../../sql/index.js";
import { relations, slices, spanProblems } from "./helpers.js";

beforeAll(async () => {
  await loadSqlParser();
});

describe("statements", () => {
  it("splits a script into statements without the `;` and the comments around them", () => {
    const sql = "-- create\nCREATE TABLE a (id int);\n\n/* fill */ INSERT INTO a VALUES (1) ;\nSELECT ';' FROM a -- trailing\n;;";
    const analysis = analyzeSql(sql);
    expect(analysis.parsed).toBe(true);
    expect(slices(sql, analysis.statements)).toEqual(["CREATE TABLE a (id int)", "INSERT INTO a VALUES (1)", "SELECT ';' FROM a"]);
  });

  it("gives no statements for empty text or comments only", () => {
    expect(analyzeSql("")).toMatchObject({ parsed: true, statements: [], relations: [], errors: [] });
    expect(analyzeSql("  -- nothing\n/* at /* all */ */ ")).toMatchObject({ parsed: true, statements: [], errors: [] });
  });
});

describe("parse errors", () => {
  it("reports the failing statement at PostgreSQL's position and still analyses the others", () => {
    const sql = "INSERT INTO logs VALUES (1);\nSELEC * FROM broken;\nUPDATE users SET a = 1;\nSELECT * FROM teams WHERE";
    const analysis = analyzeSql(sql);
    expect(analysis.parsed).toBe(false);
    expect(analysis.errors).toEqual([
      { message: 'syntax error at or near "SELEC"', offset: sql.indexOf("SELEC ") },
      { message: "syntax error at end of input", offset: sql.length },
    ]);
    expect(slices(sql, analysis.statements)).toEqual(["INSERT INTO logs VALUES (1)", "SELEC * FROM broken", "UPDATE users SET a = 1", "SELECT * FROM teams WHERE"]);
    expect(analysis.relations.map((ref) => [sql.slice(ref.start, ref.end), ref.kind, ref.fromScan ?? false])).toEqual([
      ["logs", "bare", false], ["broken", "bare", true], ["users", "bare", false], ["teams", "bare", true],
    ]);
  });

  it("maps the error position past non-ASCII text", () => {
    const sql = "SELECT 'é✓😀' FROM users WHERE name = 'ü' AND AND x";
    expect(analyzeSql(sql).errors).toEqual([{ message: 'syntax error at or near "AND"', offset: sql.lastIndexOf("AND AND") + 4 }]);
  });

  it("reads unterminated strings and dollar quotes as errors, not crashes", () => {
    const sql = "SELECT 1 FROM a; SELECT 'oops FROM b";
    expect(analyzeSql(sql).errors).toEqual([{ message: "unterminated quoted string at or near \"'oops FROM b\"", offset: sql.indexOf("'oops") }]);
    expect(relations(sql)).toEqual(["bare a"]);
    expect(analyzeSql("DO $$ BEGIN DELETE FROM x; END").errors).toHaveLength(1);
  });

  it("keeps $tag$ bodies, BEGIN ATOMIC bodies and rule actions in one statement while splitting around an error", () => {
    const sql = [
      "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$ BEGIN DELETE FROM a; RETURN 1; END $body$",
      "CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END FROM b; SELECT 2 FROM c; END",
      "CREATE RULE r AS ON INSERT TO d DO ALSO (INSERT INTO e VALUES (1); INSERT INTO f VALUES (2))",
      "BROKEN",
      "SELECT 1 FROM g",
    ].join(";\n");
    const analysis = analyzeSql(sql);
    expect(analysis.statements).toHaveLength(5);
    expect(analysis.errors).toEqual([{ message: 'syntax error at or near "BROKEN"', offset: sql.indexOf("BROKEN") }]);
    expect(relations(sql)).toEqual(["bare a", "bare b", "bare c", "bare d", "bare e", "bare f", "bare g"]);
  });

  it("never throws and keeps every span in range on hostile input", () => {
    const inputs = [
      "\u0000SELECT * FROM users\u0000",
      "SELECT '\ud800' FROM users, \"\udc00x\"",
      "SELECT " + "(".repeat(3000) + "1" + ")".repeat(3000) + " FROM deep",
      "SELECT " + Array.from({ length: 6000 }, () => "1").join("+") + " FROM wide",
      "SELECT * FROM " + "x.".repeat(500) + "y",
      "$$",
      "'",
      "\"",
      "/*",
      "{{",
      "<<tables.",
      "E'\\",
      "U&\"",
      ";;;;",
    ];
    for (const sql of inputs) {
      const analysis = analyzeSql(sql);
      expect(spanProblems(sql, analysis), sql.slice(0, 40)).toEqual([]);
    }
    expect(relations("\u0000SELECT * FROM users\u0000")).toEqual(["bare users"]);
    expect(relations("SELECT " + Array.from({ length: 6000 }, () => "1").join("+") + " FROM wide")).toEqual(["bare wide"]);
  });

  it("accepts inputs that are not what the types say", () => {
    const untyped = analyzeSql as (sql: unknown, options?: unknown) => ReturnType<typeof analyzeSql>;
    expect(untyped(undefined).statements).toEqual([]);
    expect(untyped(42, { holes: "x", ignoreTables: null, allowedSchemas: [1] }).relations).toEqual([]);
    expect(untyped("SELECT * FROM t", { holes: [null, { start: "a" }] }).relations).toHaveLength(1);
  });
});

describe("cache", () => {
  it("returns the same analysis for the same text and options, a new one for other options", () => {
    clearSqlCache();
    const sql = "SELECT * FROM users";
    const first = analyzeSql(sql);
    expect(analyzeSql(sql)).toBe(first);
    expect(analyzeSql(sql, { ignoreTables: ["users"] })).not.toBe(first);
    expect(analyzeSql(sql, { ignoreTables: ["users"] }).relations[0]!.kind).toBe("ignored");
    expect(analyzeSql(sql, { holes: [{ start: 14, end: 19 }] }).relations[0]!.kind).toBe("hole");
    expect(isSqlParserLoaded()).toBe(true);
  });
});
