// This file must not load the parser before its first tests: vitest runs each test file in its own
// module graph, so the engine starts here on its tokenizer-level fallback.
import { describe, expect, it } from "vitest";
import { analyzeSql, isSqlParserLoaded, loadSqlParser } from "../../sql/index.js";

describe("before the parser is loaded", () => {
  it("scans FROM/JOIN/INTO/UPDATE/TABLE … names and marks them fromScan", () => {
    expect(isSqlParserLoaded()).toBe(false);
    const sql = [
      "WITH recent AS (SELECT * FROM orders) SELECT extract(year FROM u.created), x IS DISTINCT FROM y FROM users u JOIN recent r ON true, app.teams t, generate_series(1, 2) g",
      "INSERT INTO {{tables.logs}} (a) SELECT a FROM pg_class",
      "UPDATE ONLY accounts SET x = 1 FROM totals",
      "DELETE FROM sessions USING users",
      "CREATE TEMP TABLE scratch (id int REFERENCES owners(id))",
      "SELECT * FROM scratch",
      "CREATE INDEX i ON events (at)",
      "TRUNCATE TABLE a, b",
      "COPY (SELECT * FROM exported) TO STDOUT",
      "GRANT SELECT ON secrets TO x",
    ].join(";\n");
    const analysis = analyzeSql(sql, { ignoreTables: ["b"] });
    expect(analysis.parsed).toBe(false);
    expect(analysis.errors).toEqual([]);
    expect(analysis.statements).toHaveLength(10);
    expect(analysis.relations.map((ref) => `${ref.kind} ${sql.slice(ref.start, ref.end)} ${ref.statement}`)).toEqual([
      "bare orders SelectStmt", "bare users SelectStmt", "cte recent SelectStmt", "qualified app.teams SelectStmt",
      "templated {{tables.logs}} InsertStmt", "catalog pg_class InsertStmt",
      "bare accounts UpdateStmt", "bare totals UpdateStmt",
      "bare sessions DeleteStmt", "bare users DeleteStmt",
      "temporary scratch CreateStmt", "bare owners CreateStmt",
      "temporary scratch SelectStmt",
      "bare events IndexStmt",
      "bare a TruncateStmt", "ignored b TruncateStmt",
      "bare exported CopyStmt",
      "bare secrets GrantStmt",
    ]);
    expect(analysis.relations.every((ref) => ref.fromScan === true)).toBe(true);
  });

  it("finds search_path changes and templates without the parser", () => {
    const sql = "SET LOCAL search_path TO app; SELECT set_config('search_path', 'x', true); SELECT * FROM {{tables.}}";
    const analysis = analyzeSql(sql);
    expect(analysis.searchPath.map((change) => `${change.form} ${sql.slice(change.start, change.end)}`)).toEqual([
      "set SET LOCAL search_path TO app",
      "set_config set_config('search_path', 'x', true)",
    ]);
    expect(analysis.templateProblems.map((problem) => sql.slice(problem.start, problem.end))).toEqual(["{{tables.}}"]);
  });

  it("switches to the grammar once loaded, without serving the scanned result from the cache", async () => {
    const sql = "SELECT * FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id)";
    expect(analyzeSql(sql).relations.every((ref) => ref.fromScan === true)).toBe(true);
    await Promise.all([loadSqlParser(), loadSqlParser()]);
    expect(isSqlParserLoaded()).toBe(true);
    const analysis = analyzeSql(sql);
    expect(analysis.parsed).toBe(true);
    expect(analysis.relations.map((ref) => [sql.slice(ref.start, ref.end), ref.fromScan])).toEqual([["users", undefined], ["orders", undefined]]);
  });
});
