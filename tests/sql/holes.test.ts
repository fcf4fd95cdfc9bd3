import { beforeAll, describe, expect, it } from "vitest";
import { analyzeSql, loadSqlParser } from "../../sql/index.js";
import { holesOf } from "./helpers.js";

beforeAll(async () => {
  await loadSqlParser();
});

/** Each splice as `position text`. */
function positions(sql: string): string[] {
  return analyzeSql(sql, { holes: holesOf(sql) }).holes.map((hole) => `${hole.position} ${sql.slice(hole.start, hole.end)}`);
}

describe("hole positions", () => {
  it("finds values: comparisons, IN lists, LIMIT/OFFSET, function arguments, SET values", () => {
    expect(positions("SELECT * FROM users WHERE id = ${id} AND team IN (${teams}) AND coalesce(${a}, 0) > 1 LIMIT ${n} OFFSET ${skip}")).toEqual([
      "value ${id}", "value ${teams}", "value ${a}", "value ${n}", "value ${skip}",
    ]);
    expect(positions("UPDATE users SET name = ${name} WHERE id = ${id}")).toEqual(["value ${name}", "value ${id}"]);
    expect(positions("INSERT INTO users (a, b) VALUES (${a}, lower(${b}))")).toEqual(["value ${a}", "value ${b}"]);
  });

  it("takes a splice that fills a whole string literal for a value, one inside a literal for other", () => {
    expect(positions("SELECT * FROM users WHERE name = '${name}' AND note LIKE '%${q}%'")).toEqual(["value ${name}", "other ${q}"]);
  });

  it("finds relations, also when the splice is part of the name", () => {
    const sql = "SELECT * FROM ${table} JOIN ${schema}.orders ON true JOIN events_${month} ON true JOIN {{tables.${name}}} ON true";
    const analysis = analyzeSql(sql, { holes: holesOf(sql) });
    expect(analysis.holes.map((hole) => hole.position)).toEqual(["relation", "relation", "relation", "relation"]);
    expect(analysis.relations.map((ref) => [ref.kind, sql.slice(ref.start, ref.end), ref.schema, ref.name])).toEqual([
      ["hole", "${table}", undefined, "${table}"],
      ["hole", "${schema}.orders", "${schema}", "orders"],
      ["hole", "events_${month}", undefined, "events_${month}"],
      ["hole", "{{tables.${name}}}", undefined, "{{tables.${name}}}"],
    ]);
    expect(analysis.templates).toEqual([]);
    expect(analysis.templateProblems).toEqual([]);
  });

  it("finds identifiers: selected and sorted columns, qualified columns, functions, types, aliases, column lists", () => {
    expect(positions("SELECT ${cols} FROM users u WHERE u.${col} = 1 AND ${fn}(x) AND y::${type} = 2 GROUP BY ${g} ORDER BY ${sort}")).toEqual([
      "identifier ${cols}", "identifier ${col}", "identifier ${fn}", "identifier ${type}", "identifier ${g}", "identifier ${sort}",
    ]);
    expect(positions("INSERT INTO users (id, ${column}) VALUES (1, 2)")).toEqual(["identifier ${column}"]);
    expect(positions("SELECT * FROM users ${alias}")).toEqual(["identifier ${alias}"]);
  });

  it("parses the rest of a statement whose splice the grammar rejects, and calls that splice other", () => {
    const cases: [string, string[], string[]][] = [
      ["SELECT * FROM users ORDER BY ${col} ${dir} LIMIT ${n}", ["identifier ${col}", "other ${dir}", "value ${n}"], ["bare users"]],
      ["INSERT INTO users (a, b) VALUES ${rows}", ["other ${rows}"], ["bare users"]],
      ["UPDATE users SET ${pairs} WHERE id = ${id}", ["other ${pairs}", "value ${id}"], ["bare users"]],
      ["SELECT * FROM users WHERE ${where}", ["value ${where}"], ["bare users"]],
      ["SELECT * FROM users ${whereClause} ORDER BY id", ["identifier ${whereClause}"], ["bare users"]],
    ];
    for (const [sql, holes, refs] of cases) {
      const analysis = analyzeSql(sql, { holes: holesOf(sql) });
      expect(analysis.holes.map((hole) => `${hole.position} ${sql.slice(hole.start, hole.end)}`), sql).toEqual(holes);
      expect(analysis.relations.map((ref) => `${ref.kind} ${sql.slice(ref.start, ref.end)}`), sql).toEqual(refs);
      expect(analysis.relations.every((ref) => ref.fromScan === undefined), sql).toBe(true);
      expect(analysis.parsed, sql).toBe(true);
    }
  });

  it("falls back to the tokenizer when nothing makes the statement parse", () => {
    const sql = "SELECT * FROM users JOIN orders ON ${cond} WHERE AND ${x}";
    const analysis = analyzeSql(sql, { holes: holesOf(sql) });
    expect(analysis.parsed).toBe(false);
    expect(analysis.errors).toHaveLength(1);
    expect(analysis.holes.map((hole) => hole.position)).toEqual(["other", "other"]);
    expect(analysis.relations.map((ref) => [sql.slice(ref.start, ref.end), ref.fromScan])).toEqual([["users", true], ["orders", true]]);
  });

  it("finds splices inside function bodies", () => {
    const sql = "DO $$ BEGIN DELETE FROM ${table} WHERE id = ${id}; END $$";
    expect(positions(sql)).toEqual(["relation ${table}", "value ${id}"]);
  });

  it("keeps holes that are empty, overlapping or out of range without throwing", () => {
    const sql = "SELECT * FROM users WHERE id = 1";
    const analysis = analyzeSql(sql, {
      holes: [{ start: 31, end: 31 }, { start: 14, end: 19 }, { start: 15, end: 17 }, { start: 25, end: 900 }, { start: 5, end: 2 }],
    });
    expect(analysis.holes).toEqual([
      { start: 14, end: 19, position: "relation" },
      { start: 15, end: 17, position: "other" },
      { start: 25, end: 32, position: "other" },
      { start: 31, end: 31, position: "other" },
    ]);
  });
});
