import { beforeAll, describe, expect, it } from "vitest";
import { analyzeSql, isValidTemplateName, loadSqlParser, readTemplates } from "../../sql/index.js";
import { relations, slices } from "./helpers.js";

beforeAll(async () => {
  await loadSqlParser();
});

describe("readTemplates", () => {
  it("reads both spellings, with and without an explicit schema", () => {
    const sql = "SELECT * FROM {{tables.users}} JOIN <<tables.orders>> ON true JOIN {{tables.audit.events}} ON true, <<tables.a_1.B_2>>, {{schema}}.x, <<schema>>.y";
    const { tokens, problems } = readTemplates(sql);
    expect(problems).toEqual([]);
    expect(tokens.map((token) => ({ text: sql.slice(token.start, token.end), ...token, start: undefined, end: undefined }))).toEqual([
      { text: "{{tables.users}}", spelling: "braces", kind: "table", table: "users" },
      { text: "<<tables.orders>>", spelling: "angle", kind: "table", table: "orders" },
      { text: "{{tables.audit.events}}", spelling: "braces", kind: "table", schema: "audit", table: "events" },
      { text: "<<tables.a_1.B_2>>", spelling: "angle", kind: "table", schema: "a_1", table: "B_2" },
      { text: "{{schema}}", spelling: "braces", kind: "schema" },
      { text: "<<schema>>", spelling: "angle", kind: "schema" },
    ].map((token) => ({ ...token, start: undefined, end: undefined })));
  });

  it("reports malformed templates with their spans", () => {
    const sql = "SELECT * FROM {{tables.}} JOIN {{tables.my-table}} ON true JOIN <<tables.>> ON true JOIN {{ tables.users }} ON true JOIN {{table.users}} ON true JOIN {{tables.a.b.c}} ON true";
    const { tokens, problems } = readTemplates(sql);
    expect(tokens).toEqual([]);
    expect(slices(sql, problems)).toEqual([
      "{{tables.}}", "{{tables.my-table}}", "<<tables.>>", "{{ tables.users }}", "{{table.users}}", "{{tables.a.b.c}}",
    ]);
    expect(problems.map((problem) => problem.message)).toEqual([
      "Template `{{tables.}}` names no table",
      "`my-table` in template `{{tables.my-table}}` is not a valid name (letters, digits and _, not starting with a digit, at most 63 characters)",
      "Template `<<tables.>>` names no table",
      "Template `{{ tables.users }}` must not contain spaces: write `{{tables.users}}`",
      "Unknown template `{{table.users}}`: write `{{tables.<table>}}`, `{{tables.<schema>.<table>}}` or `{{schema}}`",
      "Template `{{tables.a.b.c}}` has too many parts: write `{{tables.<table>}}` or `{{tables.<schema>.<table>}}`",
    ]);
  });

  it("reports an unclosed template up to the end of its name", () => {
    const sql = "SELECT * FROM {{tables.users WHERE id = 1";
    const { problems } = readTemplates(sql);
    expect(slices(sql, problems)).toEqual(["{{tables.users"]);
    expect(problems[0]!.message).toBe("Template `{{tables.users` is not closed: write `{{tables.<table>}}` or `{{schema}}`");
    expect(slices("x <<tables.users", readTemplates("x <<tables.users").problems)).toEqual(["<<tables.users"]);
  });

  it("rejects names PostgreSQL identifiers or the runtime would not accept", () => {
    expect(readTemplates(`{{tables.${"a".repeat(63)}}}`).tokens).toHaveLength(1);
    expect(readTemplates(`{{tables.${"a".repeat(64)}}}`).problems).toHaveLength(1);
    expect(readTemplates("{{tables.1users}}").problems).toHaveLength(1);
    expect(isValidTemplateName("users_2")).toBe(true);
    expect(isValidTemplateName("Users")).toBe(true);
    expect(isValidTemplateName("my-table")).toBe(false);
    expect(isValidTemplateName("")).toBe(false);
  });

  it("leaves shift operators, PL/pgSQL labels and array literals alone", () => {
    const sql = "SELECT 1 << 2, flags >> 1, '{{1,2},{3,4}}'::int[], '<<a>>'; DO $$ <<block>> BEGIN NULL; END block $$";
    expect(readTemplates(sql)).toEqual({ tokens: [], problems: [] });
  });
});

describe("templates in analyzeSql", () => {
  it("classifies templated relations and names them after the template", () => {
    const sql = "INSERT INTO {{tables.users}} SELECT * FROM <<tables.audit.events>> e JOIN {{schema}}.teams t ON true JOIN \"{{schema}}\".x ON true";
    const refs = analyzeSql(sql).relations;
    expect(refs.map((ref) => [ref.kind, sql.slice(ref.start, ref.end), ref.schema, ref.name])).toEqual([
      ["templated", "{{tables.users}}", undefined, "users"],
      ["templated", "<<tables.audit.events>>", "audit", "events"],
      ["templated", "{{schema}}.teams", undefined, "teams"],
      ["templated", '"{{schema}}".x', undefined, "x"],
    ]);
    expect(slices(sql, [refs[2]!.schemaSpan!, refs[2]!.nameSpan])).toEqual(["{{schema}}", "teams"]);
  });

  it("parses templates wherever a name can stand", () => {
    const sql = [
      "CREATE TABLE IF NOT EXISTS {{tables.users}} (id serial PRIMARY KEY, team int REFERENCES {{tables.teams}}(id))",
      "CREATE INDEX users_team ON {{tables.users}} (team)",
      "CREATE TRIGGER t BEFORE UPDATE ON {{tables.users}} FOR EACH ROW EXECUTE FUNCTION {{schema}}.touch()",
      "COMMENT ON TABLE {{tables.users}} IS 'people'",
      "DROP TABLE {{tables.old}}",
      "CREATE SCHEMA IF NOT EXISTS {{schema}}",
    ].join(";\n");
    const analysis = analyzeSql(sql);
    expect(analysis.parsed).toBe(true);
    expect(relations(sql)).toEqual([
      "templated {{tables.users}}", "templated {{tables.teams}}", "templated {{tables.users}}", "templated {{tables.users}}",
      "templated {{tables.users}}", "templated {{tables.old}}",
    ]);
    expect(analysis.templates).toHaveLength(8);
  });

  it("treats a malformed template in table position as templated and reports the problem", () => {
    const sql = "SELECT * FROM {{tables.my-table}} JOIN users ON true";
    const analysis = analyzeSql(sql);
    expect(analysis.parsed).toBe(true);
    expect(relations(sql)).toEqual(["templated {{tables.my-table}}", "bare users"]);
    expect(slices(sql, analysis.templateProblems)).toEqual(["{{tables.my-table}}"]);
  });

  it("says in a parse error what was written, not the stand-in identifier", () => {
    const sql = "SELECT * FROM users {{tables.orders}} {{tables.teams}}";
    const [error] = analyzeSql(sql).errors;
    expect(error).toEqual({ message: 'syntax error at or near "{{tables.teams}}"', offset: sql.indexOf("{{tables.teams}}") });
  });
});
