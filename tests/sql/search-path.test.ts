import { beforeAll, describe, expect, it } from "vitest";
import { analyzeSql, loadSqlParser } from "../../sql/index.js";

beforeAll(async () => {
  await loadSqlParser();
});

function changes(sql: string): string[] {
  return analyzeSql(sql).searchPath.map((change) => `${change.form} ${sql.slice(change.start, change.end)}`);
}

describe("search_path changes", () => {
  it("finds SET, SET LOCAL, SET SESSION, SET SCHEMA and RESET", () => {
    const sql = "SET search_path TO app, public; SET LOCAL search_path = app; SET SESSION search_path TO DEFAULT; SET SCHEMA 'app'; RESET search_path; RESET ALL; SET statement_timeout = 5";
    expect(changes(sql)).toEqual([
      "set SET search_path TO app, public",
      "set SET LOCAL search_path = app",
      "set SET SESSION search_path TO DEFAULT",
      "set SET SCHEMA 'app'",
      "reset RESET search_path",
    ]);
  });

  it("finds set_config('search_path', …) anywhere, qualified or not, in any case", () => {
    const sql = "SELECT set_config('search_path', 'app', false); SELECT id FROM users WHERE pg_catalog.set_config('SEARCH_PATH', $1, true) IS NOT NULL; SELECT set_config('work_mem', '1MB', true)";
    expect(changes(sql)).toEqual([
      "set_config set_config('search_path', 'app', false)",
      "set_config pg_catalog.set_config('SEARCH_PATH', $1, true)",
    ]);
  });

  it("finds ALTER ROLE, ALTER USER, ALTER DATABASE and ALTER SYSTEM", () => {
    const sql = "ALTER ROLE app SET search_path = app; ALTER USER app IN DATABASE db RESET search_path; ALTER DATABASE db SET search_path TO app; ALTER SYSTEM SET search_path = app; ALTER ROLE app SET work_mem = '1MB'";
    expect(changes(sql)).toEqual([
      "alter_role ALTER ROLE app SET search_path = app",
      "alter_role ALTER USER app IN DATABASE db RESET search_path",
      "alter_database ALTER DATABASE db SET search_path TO app",
      "set ALTER SYSTEM SET search_path = app",
    ]);
  });

  it("ignores the function-level SET search_path of CREATE/ALTER FUNCTION", () => {
    const sql = "CREATE FUNCTION f() RETURNS int LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ SELECT 1 $$; ALTER FUNCTION f() SET search_path = app; ALTER PROCEDURE p() RESET search_path";
    expect(changes(sql)).toEqual([]);
  });

  it("finds changes inside function bodies, at their place in the outer text", () => {
    const sql = "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN SET LOCAL search_path TO app; PERFORM set_config('search_path', 'x', true); END $$; DO $$ BEGIN EXECUTE 'x'; RESET search_path; END $$";
    expect(changes(sql)).toEqual([
      "set SET LOCAL search_path TO app",
      "set_config set_config('search_path', 'x', true)",
      "reset RESET search_path",
    ]);
  });

  it("finds changes in a statement that does not parse", () => {
    const sql = "SET search_path TO app,; SELECT set_config('search_path', 'x' false)";
    const analysis = analyzeSql(sql);
    expect(analysis.errors).toHaveLength(2);
    expect(changes(sql)).toEqual(["set SET search_path TO app,", "set_config set_config('search_path', 'x' false)"]);
  });
});
