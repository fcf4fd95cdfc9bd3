import { isValidTemplateName } from "./templates.js";
import type { RelationRef, TemplateStyle, TextEdit } from "./types.js";

/**
 * The runtime writes a template's table unquoted (`"app".users`), so PostgreSQL folds it to lower
 * case, and its explicit schema quoted; both must be names a template can hold
 * (`isValidTemplateName`). A table that needs quotes to keep its meaning (`"Users"`, `"order-items"`)
 * therefore has no template that names the same table.
 */
const templateTable = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The template that replaces `ref` (its whole span): {{tables.users}} / <<tables.users>>;
 * keepSchema: {{tables.myschema.users}}, the deliberate cross-schema form. `undefined` when no
 * template names the same table (`"Users"`, `"order-items"`, with keepSchema a schema such as
 * `"my schema"`): then there is nothing to write.
 */
export function templateEdit(ref: RelationRef, style: TemplateStyle, options: { keepSchema?: boolean } = {}): TextEdit | undefined {
  const name = ref?.name;
  if (typeof name !== "string" || !templateTable.test(name)) return undefined;
  // keepSchema on a reference written without a schema keeps nothing: the plain template.
  const schema = options?.keepSchema === true && typeof ref.schema === "string" ? ref.schema : undefined;
  if (schema !== undefined && !isValidTemplateName(schema)) return undefined;
  const start = Number.isInteger(ref.start) ? ref.start : 0;
  const end = Number.isInteger(ref.end) ? Math.max(ref.end, start) : start;
  const path = schema !== undefined ? `tables.${schema}.${name}` : `tables.${name}`;
  return { start, end, text: style === "angle" ? `<<${path}>>` : `{{${path}}}` };
}

/** Applies non-overlapping edits given in any order; an edit that overlaps an earlier one is skipped. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  if (typeof text !== "string" || !Array.isArray(edits) || edits.length === 0) return typeof text === "string" ? text : "";
  const sorted = edits
    .filter((edit) => edit && Number.isInteger(edit.start) && Number.isInteger(edit.end) && edit.start >= 0 && edit.start <= edit.end && edit.end <= text.length)
    .sort((a, b) => a.start - b.start || a.end - b.end);
  let out = "";
  let at = 0;
  for (const edit of sorted) {
    if (edit.start < at) continue;
    out += text.slice(at, edit.start) + String(edit.text ?? "");
    at = edit.end;
  }
  return out + text.slice(at);
}
