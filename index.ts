import { createRequire } from "node:module";
import type { TSESLint } from "@typescript-eslint/utils";
import { rules } from "./rules/index.js";

const require = createRequire(import.meta.url);
const { name, version } = require("./package.json") as { name: string; version: string };

type Severity = "error" | "warn";
type RuleName = keyof typeof rules;
type ConfigName = "recommended" | "strict" | "all";

interface FlatConfig {
  name: string;
  files?: string[];
  plugins?: Record<string, unknown>;
  language?: string;
  rules: Record<string, Severity>;
}

const ruleEntries = Object.entries(rules) as [RuleName, TSESLint.RuleModule<string, readonly unknown[]>][];

function rulesFor(config: ConfigName): Record<string, Severity> {
  const enabled: Record<string, Severity> = {};
  for (const [ruleName, rule] of ruleEntries) {
    const level = (rule.meta.docs as { recommended?: "recommended" | "strict" } | undefined)?.recommended;
    const on =
      config === "all" || level === "recommended" || (config === "strict" && level === "strict");
    if (on) enabled[`pgdbm/${ruleName}`] = "error";
  }
  return enabled;
}

const plugin = {
  meta: { name, version, namespace: "pgdbm" },
  rules,
  configs: {} as Record<ConfigName, FlatConfig[]>,
  languages: {} as Record<string, unknown>,
};

for (const config of ["recommended", "strict", "all"] as const) {
  plugin.configs[config] = [
    {
      name: `pgdbm/${config}`,
      files: ["**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}"],
      plugins: { pgdbm: plugin },
      rules: rulesFor(config),
    },
  ];
}

export default plugin;
