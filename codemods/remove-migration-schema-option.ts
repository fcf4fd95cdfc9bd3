import type { Recipe } from "./support/rule-runner.js";
import { createTransform } from "./support/transform.js";

/**
 * Drops the `schema` option of `AsyncMigrationManager` (the runtime throws on it: migrations run in
 * the schema of the database manager): the autofix of `no-migration-schema-option`. An option whose
 * value calls something, or an options object other code also reads, is left alone and reported.
 */
export const recipe: Recipe = {
  transform: "remove-migration-schema-option",
  languages: ["js"],
  uses: [{ rule: "pgdbm/no-migration-schema-option" }],
  mayApply: (text) => text.includes("AsyncMigrationManager") && /\bschema\b/.test(text),
};

export default createTransform([recipe]);
