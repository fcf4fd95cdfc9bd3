import type { Recipe } from "./support/rule-runner.js";
import { createTransform } from "./support/transform.js";

/**
 * Guards `disconnect()` (and a shared pool's `close()`) of a manager a class was given from outside
 * with an ownership flag: the suggestion of `no-external-manager-close`, which reuses a flag the
 * class already keeps (`this.external`, `this.ownsPool`) or adds `ownsDb` set in the constructor.
 */
export const recipe: Recipe = {
  transform: "conditional-close",
  languages: ["js"],
  uses: [{ rule: "pgdbm/no-external-manager-close", suggestion: "guardClose" }],
  mayApply: (text) => /\b(?:disconnect|close)\b/.test(text) && /\b(?:AsyncDatabaseManager|SharedPool)\b/.test(text),
};

export default createTransform([recipe]);
