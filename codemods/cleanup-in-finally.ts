import type { Recipe } from "./support/rule-runner.js";
import { createTransform } from "./support/transform.js";

/**
 * Moves `dropTestDatabase()` into a `finally` that covers the work after `createTestDatabase()`:
 * the suggestion of `require-cleanup-in-finally`. Where the statements in between declare names
 * used after the drop, or the drop is not a statement of its own, the code is left alone and
 * reported.
 */
export const recipe: Recipe = {
  transform: "cleanup-in-finally",
  languages: ["js"],
  uses: [{ rule: "pgdbm/require-cleanup-in-finally", suggestion: "wrapInTryFinally" }],
  mayApply: (text) => text.includes("dropTestDatabase"),
};

export default createTransform([recipe]);
