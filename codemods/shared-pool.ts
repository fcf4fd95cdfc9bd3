import type { Recipe } from "./support/rule-runner.js";
import { createTransform } from "./support/transform.js";

/**
 * Several pool-owning managers to one database → one `AsyncDatabaseManager.createSharedPool(config)`
 * and a `new AsyncDatabaseManager({ pool, schema })` per service: the suggestion of
 * `no-multiple-pools`, which also deletes the managers' `connect()` calls and turns their
 * `disconnect()` calls into one `close()` of the pool. The rule offers it only where the result
 * is safe; where it is not (a manager without a schema, an exported one, a top-level `await` in a
 * file Node runs as CommonJS, a shutdown it cannot follow) its message says why, and the file is
 * left as it was with that reason in the summary.
 */
export const recipe: Recipe = {
  transform: "shared-pool",
  languages: ["js"],
  uses: [{ rule: "pgdbm/no-multiple-pools", suggestion: "useSharedPool" }],
  mayApply: (text) => text.includes("AsyncDatabaseManager"),
};

export default createTransform([recipe]);
