import all, { recipes } from "./all.js";
import type { Recipe, TransformName } from "./support/rule-runner.js";
import type { Transform } from "./support/transform.js";
import addModuleName from "./add-module-name.js";
import cleanupInFinally from "./cleanup-in-finally.js";
import conditionalClose from "./conditional-close.js";
import removeMigrationSchemaOption from "./remove-migration-schema-option.js";
import removePooledConnect from "./remove-pooled-connect.js";
import sharedPool from "./shared-pool.js";
import tablesTemplate from "./tables-template.js";

/** Every transform by the name the CLI takes (SPEC §6), `all` last. */
export const transforms: Readonly<Record<TransformName | "all", Transform>> = {
  "tables-template": tablesTemplate,
  "add-module-name": addModuleName,
  "remove-migration-schema-option": removeMigrationSchemaOption,
  "remove-pooled-connect": removePooledConnect,
  "cleanup-in-finally": cleanupInFinally,
  "shared-pool": sharedPool,
  "conditional-close": conditionalClose,
  all,
};

export const recipeOf: Readonly<Record<TransformName, Recipe>> = Object.fromEntries(
  recipes.map((recipe) => [recipe.transform, recipe]),
) as Record<TransformName, Recipe>;

export type TransformChoice = keyof typeof transforms;

export function isTransformName(name: string): name is TransformChoice {
  return Object.hasOwn(transforms, name);
}
