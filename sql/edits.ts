import type { RelationRef, TemplateStyle, TextEdit } from "./types.js";

/**
 * The template that replaces `ref` (its whole span): {{tables.users}} / <<tables.users>>;
 * keepSchema: {{tables.myschema.users}}, the deliberate cross-schema form.
 */
export function templateEdit(ref: RelationRef, style: TemplateStyle, options: { keepSchema?: boolean } = {}): TextEdit {
  const start = Number.isInteger(ref?.start) ? ref.start : 0;
  const end = Number.isInteger(ref?.end) ? Math.max(ref.end, start) : start;
  const keepSchema = options?.keepSchema === true && typeof ref?.schema === "string" && ref.schema !== "";
  const path = keepSchema ? `tables.${ref.schema}.${ref?.name}` : `tables.${ref?.name}`;
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
