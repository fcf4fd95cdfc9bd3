import { recipe as addModuleName } from "./add-module-name.js";
import { recipe as cleanupInFinally } from "./cleanup-in-finally.js";
import { recipe as conditionalClose } from "./conditional-close.js";
import { recipe as removeMigrationSchemaOption } from "./remove-migration-schema-option.js";
import { recipe as removePooledConnect } from "./remove-pooled-connect.js";
import type { Recipe } from "./support/rule-runner.js";
import { recipe as sharedPool } from "./shared-pool.js";
import { recipe as tablesTemplate } from "./tables-template.js";
import { createTransform } from "./support/transform.js";

/**
 * Every transform, in one loop over the file: one parse per pass serves all of them, and each pass
 * lints again what the previous one wrote, so a transform always sees the others' results. The
 * order is the priority when two edits touch the same text (the later one waits for the next
 * pass, recomputed on the new text) and the order in which edits that need a check of their own
 * are tried:
 *
 * 1. `tables-template`: edits inside SQL text only, never another transform's concern.
 * 2. `shared-pool`: rebuilds managers on one pool and deletes their `connect()` calls itself;
 *    it must come before `remove-pooled-connect`, which only ever sees managers that already
 *    borrowed a pool, and before `add-module-name`, whose names come from the managers' schemas
 *    (kept by the rewrite either way) and are checked for uniqueness on the final managers.
 * 3. `remove-pooled-connect`: `connect()` on managers that borrowed a pool before the run.
 * 4. `add-module-name`: names inferred on the settled managers, each kept only if unique; it reads
 *    a `schema` option of the migration manager as a hint, so it comes before
 * 5. `remove-migration-schema-option`, whose edit of the same options object waits for it.
 * 6. `cleanup-in-finally` and 7. `conditional-close`: wrap whole statements in `try`/`if`; the
 *    small edits above go first so that they are not held back by these large spans.
 */
export const recipes: readonly Recipe[] = [
  tablesTemplate,
  sharedPool,
  removePooledConnect,
  addModuleName,
  removeMigrationSchemaOption,
  cleanupInFinally,
  conditionalClose,
];

export default createTransform(recipes);
