import { beforeAll, describe, expect, it } from "vitest";
import { analyzeSql, applyEdits, loadSqlParser, templateEdit, type RelationRef } from "../../sql/index.js";

beforeAll(async () => {
  await loadSqlParser();
});

function fixAll(sql: string, style: "braces" | "angle", keepSchema = false): string {
  const edits = analyzeSql(sql)
    .relations.filter((ref) => ref.kind === "bare" || ref.kind === "qualified")
    .flatMap((ref) => templateEdit(ref, style, { keepSchema }) ?? []);
  return applyEdits(sql, edits);
}

describe("templateEdit", () => {
  it("writes the template over the whole name in either spelling", () => {
    const sql = 'SELECT * FROM users u JOIN "myschema".orders o ON true JOIN app . "teams" ON true';
    expect(fixAll(sql, "braces")).toBe("SELECT * FROM {{tables.users}} u JOIN {{tables.orders}} o ON true JOIN {{tables.teams}} ON true");
    expect(fixAll(sql, "angle")).toBe("SELECT * FROM <<tables.users>> u JOIN <<tables.orders>> o ON true JOIN <<tables.teams>> ON true");
  });

  it("keeps the schema on request, for the deliberate cross-schema form", () => {
    const sql = 'INSERT INTO audit.events SELECT * FROM "Billing".invoices, users';
    expect(fixAll(sql, "braces", true)).toBe("INSERT INTO {{tables.audit.events}} SELECT * FROM {{tables.Billing.invoices}}, {{tables.users}}");
    expect(fixAll(sql, "angle", true)).toBe("INSERT INTO <<tables.audit.events>> SELECT * FROM <<tables.Billing.invoices>>, <<tables.users>>");
  });

  it("edits names inside function bodies and after non-ASCII text in place", () => {
    const sql = "SELECT 'ü😀'; DO $$ BEGIN UPDATE counters SET n = n + 1; END $$";
    expect(fixAll(sql, "braces")).toBe("SELECT 'ü😀'; DO $$ BEGIN UPDATE {{tables.counters}} SET n = n + 1; END $$");
  });

  it("returns the span of the reference with the text to write", () => {
    const ref: RelationRef = { start: 4, end: 13, kind: "qualified", name: "users", schema: "app", nameSpan: { start: 8, end: 13 }, schemaSpan: { start: 4, end: 7 }, statement: "SelectStmt" };
    expect(templateEdit(ref, "braces")).toEqual({ start: 4, end: 13, text: "{{tables.users}}" });
    expect(templateEdit(ref, "angle", { keepSchema: true })).toEqual({ start: 4, end: 13, text: "<<tables.app.users>>" });
    expect(templateEdit({ ...ref, schema: undefined }, "braces", { keepSchema: true })).toEqual({ start: 4, end: 13, text: "{{tables.users}}" });
  });

  it("refuses names no template can express, so callers offer no fix", () => {
    const sql = 'SELECT * FROM "Users", "order-items", "my schema".t, "Audit".events, "a"';
    const { parsed, relations: refs } = analyzeSql(sql);
    expect(parsed).toBe(true);
    const written = (keepSchema: boolean): (string | undefined)[] => refs.map((ref) => templateEdit(ref, "braces", { keepSchema })?.text);
    // "Users" keeps its case only quoted, and a template's table is written unquoted.
    expect(written(false)).toEqual([undefined, undefined, "{{tables.t}}", "{{tables.events}}", "{{tables.a}}"]);
    // The schema of the cross-schema form is written quoted, but must still be a template name.
    expect(written(true)).toEqual([undefined, undefined, undefined, "{{tables.Audit.events}}", "{{tables.a}}"]);
    const long = "t".repeat(63);
    const ref = (name: string, schema?: string): RelationRef => ({ ...refs[0]!, name, ...(schema === undefined ? {} : { schema }) });
    expect(templateEdit(ref(long), "angle")?.text).toBe(`<<tables.${long}>>`);
    expect(templateEdit(ref(`${long}t`), "angle")).toBeUndefined();
    expect(templateEdit(ref("_x1"), "braces")?.text).toBe("{{tables._x1}}");
    expect(templateEdit(ref("1x"), "braces")).toBeUndefined();
    expect(templateEdit(ref("é"), "braces")).toBeUndefined();
    expect(templateEdit(ref("users", "my-app"), "braces", { keepSchema: true })).toBeUndefined();
    expect(templateEdit(ref("users", "my-app"), "braces")?.text).toBe("{{tables.users}}");
    expect(templateEdit(ref("users", ""), "braces", { keepSchema: true })).toBeUndefined();
    expect(templateEdit(undefined as unknown as RelationRef, "braces")).toBeUndefined();
  });
});

describe("applyEdits", () => {
  it("applies edits given in any order", () => {
    const edits = [
      { start: 10, end: 11, text: "C" },
      { start: 0, end: 1, text: "A" },
      { start: 5, end: 5, text: "+" },
    ];
    expect(applyEdits("0123456789x", edits)).toBe("A1234+56789C");
  });

  it("skips edits that overlap an earlier one or lie outside the text", () => {
    const edits = [
      { start: 2, end: 6, text: "X" },
      { start: 4, end: 8, text: "Y" },
      { start: 9, end: 50, text: "Z" },
      { start: -1, end: 1, text: "W" },
    ];
    expect(applyEdits("0123456789", edits)).toBe("01X6789");
    expect(applyEdits("abc", [])).toBe("abc");
  });
});
