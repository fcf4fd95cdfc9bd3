import { createRequire } from "node:module";
import type { TSESLint } from "@typescript-eslint/utils";
import type { ESLint, Linter } from "eslint";
import { rules } from "./rules/index.js";
import { sqlLanguage } from "./language/sql-language.js";

const require = createRequire(import.meta.url);

/** The package's own package.json: next to this file in the sources, one folder up once built into dist/. */
function ownPackage(): { name: string; version: string } {
  for (const candidate of ["./package.json", "../package.json"]) {
    try {
      const found = require(candidate) as { name?: unknown; version?: unknown };
      if (found.name === "eslint-plugin-pgdbm" && typeof found.version === "string") return { name: found.name, version: found.version };
    } catch {
      // not this one
    }
  }
  throw new Error("eslint-plugin-pgdbm: its package.json was not found next to the plugin or one folder up");
}

const { name, version } = ownPackage();

type Severity = "error" | "warn";
type RuleName = keyof typeof rules;
type Preset = "recommended" | "strict" | "all";

/** A flat-config object, typed as ESLint's own so that `[pgdbm.configs.recommended]` type-checks in a user's config. */
type FlatConfig = Linter.Config & { name: string; rules: Record<string, Severity> };

const ruleEntries = Object.entries(rules) as [RuleName, TSESLint.RuleModule<string, readonly unknown[]>][];

function level(rule: TSESLint.RuleModule<string, readonly unknown[]>): "recommended" | "strict" | undefined {
  return (rule.meta.docs as { recommended?: "recommended" | "strict" } | undefined)?.recommended;
}

function rulesFor(preset: Preset, language: "js/js" | "pgdbm/sql"): Record<string, Severity> {
  const enabled: Record<string, Severity> = {};
  for (const [ruleName, rule] of ruleEntries) {
    const ruleLevel = level(rule);
    const inPreset = preset === "all" || ruleLevel === "recommended" || (preset === "strict" && ruleLevel === "strict");
    if (inPreset && (rule.meta.languages ?? ["js/js"]).includes(language)) enabled[`pgdbm/${ruleName}`] = "error";
  }
  return enabled;
}

const plugin = {
  meta: { name, version, namespace: "pgdbm" },
  rules,
  // Config objects, not arrays: ESLint 10 refuses an array nested in a config array, and
  // `export default [pgdbm.configs.recommended]` is what users write. One object carries one
  // language, so `.sql` migrations have their own config.
  configs: {} as Record<Preset | "sql", FlatConfig>,
  languages: { sql: sqlLanguage } as Record<string, unknown>,
};

// typescript-eslint's rule type asks more of `context` than ESLint's, so the two plugin types do
// not match structurally; the object is the same either way.
const self = plugin as unknown as ESLint.Plugin;

for (const preset of ["recommended", "strict", "all"] as const) {
  plugin.configs[preset] = {
    name: `pgdbm/${preset}`,
    files: ["**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}"],
    plugins: { pgdbm: self },
    rules: rulesFor(preset, "js/js"),
  };
}
// Every rule that reads `.sql` files is in `recommended`, so one SQL config serves all presets.
plugin.configs.sql = {
  name: "pgdbm/sql",
  files: ["**/*.sql"],
  plugins: { pgdbm: self },
  language: "pgdbm/sql",
  rules: rulesFor("all", "pgdbm/sql"),
};

export default plugin;
