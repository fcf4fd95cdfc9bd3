import { templateEdit, type RelationRef, type TemplateStyle, type TextEdit } from "../sql/index.js";

/**
 * The runtime writes a template's table unquoted (`"app".users`) and its explicit schema quoted, and
 * takes only names of `^[A-Za-z_][A-Za-z0-9_]{0,62}$`. A table that needs quotes to keep its
 * meaning (`"Users"`, `"order-items"`) therefore has no template that names the same table.
 */
const UNQUOTED_TABLE = /^[a-z_][a-z0-9_]{0,62}$/;
const SCHEMA = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** The template edit for a reference, or `undefined` when no template names the same table. */
export function safeTemplateEdit(ref: RelationRef, style: TemplateStyle, keepSchema = false): TextEdit | undefined {
  if (!UNQUOTED_TABLE.test(ref.name)) return undefined;
  if (keepSchema && (ref.schema === undefined || !SCHEMA.test(ref.schema))) return undefined;
  return templateEdit(ref, style, { keepSchema });
}

/** How the message spells the template to write: the exact one, or the generic shape when none fits. */
export function templateText(edit: TextEdit | undefined, style: TemplateStyle): string {
  return edit?.text ?? (style === "angle" ? "<<tables.…>>" : "{{tables.…}}");
}
