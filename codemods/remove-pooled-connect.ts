import type { Recipe } from "./support/rule-runner.js";
import { createTransform } from "./support/transform.js";

/**
 * Deletes `connect()` on a manager built on a shared pool (it throws a PoolError there: the pool's
 * owner opens it): the autofix of `no-connect-on-pooled-manager`. A call that is not a statement of
 * its own (`await db.connect().then(…)`) is left alone and reported.
 */
export const recipe: Recipe = {
  transform: "remove-pooled-connect",
  languages: ["js"],
  uses: [{ rule: "pgdbm/no-connect-on-pooled-manager" }],
  mayApply: (text) => text.includes("AsyncDatabaseManager") && /\bconnect\b/.test(text),
};

export default createTransform([recipe]);
