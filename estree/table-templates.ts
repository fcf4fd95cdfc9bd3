import type { TemplateStyle, TextEdit } from "../sql/index.js";

/** How the message spells the template to write: the exact one, or the generic shape when none fits. */
export function templateText(edit: TextEdit | undefined, style: TemplateStyle): string {
  return edit?.text ?? (style === "angle" ? "<<tables.…>>" : "{{tables.…}}");
}
