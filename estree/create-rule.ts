import { ESLintUtils } from "@typescript-eslint/utils";

export const docsUrl = (name: string): string =>
  `https://github.com/pgdbm/eslint-plugin-pgdbm/blob/main/docs/rules/${name}.md`;

export interface PgdbmRuleDocs {
  /** The config that first enables the rule: `recommended` (also in `strict` and `all`), `strict` (also in `all`), or absent (only `all`). */
  recommended?: "recommended" | "strict";
  requiresTypeChecking?: boolean;
}

export const createRule = ESLintUtils.RuleCreator<PgdbmRuleDocs>(docsUrl);
