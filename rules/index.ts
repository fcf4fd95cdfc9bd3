import type { TSESLint } from "@typescript-eslint/utils";

// Each rule adds one import and one entry here, keyed by its file name.
export const rules = {} satisfies Record<string, TSESLint.RuleModule<string, readonly unknown[]>>;
