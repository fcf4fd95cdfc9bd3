import { templateEdit, type RelationRef, type TemplateStyle, type TextEdit } from "../sql/index.js";

/**
 * The template edit for a reference, or `undefined` when no template names the same table (the
 * engine decides: `"Users"`, `"order-items"`, a cross-schema form whose schema a template cannot hold).
 */
export function safeTemplateEdit(ref: RelationRef, style: TemplateStyle, keepSchema = false): TextEdit | undefined {
  return templateEdit(ref, style, { keepSchema });
}

/** How the message spells the template to write: the exact one, or the generic shape when none fits. */
export function templateText(edit: TextEdit | undefined, style: TemplateStyle): string {
  return edit?.text ?? (style === "angle" ? "<<tables.…>>" : "{{tables.…}}");
}
