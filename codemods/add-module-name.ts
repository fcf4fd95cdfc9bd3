import type { Recipe } from "./support/rule-runner.js";
import { createTransform } from "./support/transform.js";

/**
 * Adds `moduleName` to every `AsyncMigrationManager` made without one: the suggestion of
 * `require-module-name`, with the name it infers from the manager's schema, else the file's or the
 * package's name. A name is kept only if `unique-module-name` accepts it (no second manager in the
 * file uses it, and it does not pin a name on a manager whose schema is dynamic); otherwise, and
 * where no name can be inferred, the manager is left alone and reported.
 */
export const recipe: Recipe = {
  transform: "add-module-name",
  languages: ["js"],
  uses: [
    {
      rule: "pgdbm/require-module-name",
      suggestion: "addModuleName",
      confirm: { noNewReportsFrom: ["pgdbm/unique-module-name"] },
    },
  ],
  mayApply: (text) => text.includes("AsyncMigrationManager"),
};

export default createTransform([recipe]);
