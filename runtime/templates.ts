import { SchemaError } from "./errors.js";
import { assertSafeIdentifier, quoteIdentifier } from "./identifiers.js";

/**
 * `{{tables.x}}`, `{{tables.s.x}}`, `{{schema}}` and the same in `<<…>>`. Only those shapes are
 * templates: `'{{1,2}}'::int[]` and the `<<` operator stay untouched. Whatever follows
 * `tables.` is validated, so `{{tables.my-table}}` is an error rather than SQL sent as is.
 */
const TEMPLATE = /\{\{(tables\.[^{}]*|schema)\}\}|<<(tables\.[^<>]*|schema)>>/g;

export function hasTemplates(sql: string): boolean {
  return sql.includes("{{") || sql.includes("<<");
}

/** Expands templates for a manager whose schema is `schema` (undefined: no schema). */
export function expandTemplates(sql: string, schema: string | undefined): string {
  if (!hasTemplates(sql)) return sql;
  return sql.replace(TEMPLATE, (whole: string, braces: string | undefined, angle: string | undefined) => {
    const inner = braces ?? angle ?? "";
    if (inner === "schema") return schema === undefined ? "public" : quoteIdentifier(schema);
    const parts = inner.slice("tables.".length).split(".");
    if (parts.length === 1) {
      const [table] = parts;
      assertSafeIdentifier(table, `table (in ${whole})`);
      return schema === undefined ? table : `${quoteIdentifier(schema)}.${table}`;
    }
    if (parts.length === 2) {
      const [explicitSchema, table] = parts;
      assertSafeIdentifier(explicitSchema, `schema (in ${whole})`);
      assertSafeIdentifier(table, `table (in ${whole})`);
      return `${quoteIdentifier(explicitSchema)}.${table}`;
    }
    throw new SchemaError(
      `Malformed template ${whole}: write {{tables.name}} or {{tables.schema.name}}. No SQL was sent.`,
      inner,
    );
  });
}
