import { DEFAULT_QUERY_METHODS } from "../estree/settings.js";
import type { Recipe } from "./support/rule-runner.js";
import { createTransform } from "./support/transform.js";

const escape = (word: string): string => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Bare (`users`) and schema-qualified (`"app".users`) table names in SQL → `{{tables.users}}`
 * (or `<<tables.users>>` with `--template-style angle`), in the SQL handed to the runtime's query
 * methods and `sql` templates, and in `.sql` migration files. The edits are the autofixes of
 * `no-bare-table-name` and `no-hardcoded-schema`, computed by the SQL engine (`analyzeSql`,
 * `templateEdit`); a statement PostgreSQL cannot parse, a name in a `${…}`, or a table whose name
 * needs quotes is left alone and reported.
 */
export const recipe: Recipe = {
  transform: "tables-template",
  languages: ["js", "sql"],
  uses: [
    { rule: "pgdbm/no-bare-table-name", final: true },
    { rule: "pgdbm/no-hardcoded-schema", final: true },
  ],
  mayApply(text, settings, kind) {
    if (kind.language === "sql" || settings.sqlDetection === "keywords") return true;
    const methods = Array.isArray(settings.queryMethods) ? settings.queryMethods : DEFAULT_QUERY_METHODS;
    return new RegExp(`\\b(?:${[...methods, "sql"].map(escape).join("|")})\\b`).test(text);
  },
};

export default createTransform([recipe]);
