import { describe, expect, it } from "vitest";
import { splitSqlStatements } from "../../runtime/index.js";

const texts = (sql: string): string[] => splitSqlStatements(sql).map((statement) => statement.text);

describe("splitSqlStatements", () => {
  it("splits on semicolons and drops empty statements and trailing whitespace", () => {
    expect(texts("SELECT 1;\n\n  SELECT 2 ;;\nSELECT 3")).toEqual(["SELECT 1", "SELECT 2", "SELECT 3"]);
    expect(texts("")).toEqual([]);
    expect(texts(" ;\n; ")).toEqual([]);
  });

  it("keeps a semicolon inside a string, with '' escapes", () => {
    expect(texts("INSERT INTO t VALUES ('a;b', 'it''s; fine');SELECT 2")).toEqual([
      "INSERT INTO t VALUES ('a;b', 'it''s; fine')",
      "SELECT 2",
    ]);
  });

  it("honours backslash escapes in E'' strings only", () => {
    expect(texts("SELECT E'it\\'s; still a string';SELECT 2")).toEqual(["SELECT E'it\\'s; still a string'", "SELECT 2"]);
    expect(texts("SELECT e'a\\\\';SELECT 'b'")).toEqual(["SELECT e'a\\\\'", "SELECT 'b'"]);
    // In a standard string a backslash is an ordinary character: the string ends at the next quote.
    expect(texts("SELECT 'C:\\';SELECT 2")).toEqual(["SELECT 'C:\\'", "SELECT 2"]);
    // A name ending in e is not an E'' prefix.
    expect(texts("SELECT name 'x;y' FROM t")).toEqual(["SELECT name 'x;y' FROM t"]);
  });

  it("keeps dollar-quoted bodies whole, with or without a tag", () => {
    const fn = `CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE NOTICE 'a;b';
  PERFORM $$ inner; $$;
  RETURN NEW;
END;
$fn$`;
    expect(texts(`${fn};\nSELECT $$x;y$$;SELECT 3`)).toEqual([fn, "SELECT $$x;y$$", "SELECT 3"]);
  });

  it("does not take parameters or identifiers with $ for dollar quotes", () => {
    expect(texts("SELECT $1;SELECT a$b$ FROM t; SELECT 3")).toEqual(["SELECT $1", "SELECT a$b$ FROM t", "SELECT 3"]);
  });

  it("keeps semicolons inside quoted identifiers", () => {
    expect(texts('CREATE TABLE "we;ird""name" (id int);SELECT 2')).toEqual(['CREATE TABLE "we;ird""name" (id int)', "SELECT 2"]);
  });

  it("ignores semicolons in -- and nested /* */ comments, and drops comment-only statements", () => {
    const sql = `-- header; not a statement
SELECT 1; -- trailing; comment
/* outer; /* nested; */ still comment; */
SELECT 2;
/* only a comment */;
-- last line, no newline`;
    expect(texts(sql)).toEqual(["SELECT 1", "SELECT 2"]);
  });

  it("keeps semicolons inside parentheses (multi-action rules)", () => {
    const rule = "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO log VALUES (1); UPDATE c SET n = n + 1)";
    expect(texts(`${rule};SELECT 1`)).toEqual([rule, "SELECT 1"]);
  });

  it("keeps a BEGIN ATOMIC function body whole", () => {
    const fn = `CREATE OR REPLACE FUNCTION add(a int, b int) RETURNS int LANGUAGE sql
BEGIN ATOMIC
  SELECT CASE WHEN a > 0 THEN a ELSE 0 END + b;
  SELECT a + b;
END`;
    expect(texts(`${fn};\nCREATE INDEX i ON t (begin_at);BEGIN;COMMIT`)).toEqual([
      fn,
      "CREATE INDEX i ON t (begin_at)",
      "BEGIN",
      "COMMIT",
    ]);
  });

  it("runs an unterminated string or comment to the end instead of splitting inside it", () => {
    expect(texts("SELECT 1; SELECT 'open; string")).toEqual(["SELECT 1", "SELECT 'open; string"]);
    expect(texts("SELECT 1; /* open; comment")).toEqual(["SELECT 1"]);
  });

  it("reports where each statement starts", () => {
    const sql = "-- intro\nSELECT 1;\n\n  SELECT\n  2;";
    expect(splitSqlStatements(sql)).toEqual([
      { text: "SELECT 1", start: 9, end: 17, line: 2 },
      { text: "SELECT\n  2", start: 22, end: 32, line: 4 },
    ]);
  });
});
