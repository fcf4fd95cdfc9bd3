import type { Linter } from "eslint";
import plugin from "../index.js";

export type PresetName = "recommended" | "strict";

export const PRESET_NAMES: readonly PresetName[] = ["recommended", "strict"];

/** The extensions a preset lints, as the brief for a zero-config audit lists them (plus their JSX/module variants). */
export const LINTED_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs", ".sql"] as const;

/**
 * Loads typescript-eslint's parser only when a preset needs it, so a JavaScript-only project
 * without `typescript` installed still gets its `.js` and `.sql` files linted.
 */
async function loadTypeScriptParser(): Promise<Linter.Parser | undefined> {
  try {
    return (await import("@typescript-eslint/parser")) as Linter.Parser;
  } catch {
    return undefined;
  }
}

export interface Preset {
  config: Linter.Config[];
  /** False when `@typescript-eslint/parser` (or `typescript`) could not be loaded: TypeScript files are then skipped. */
  typescript: boolean;
}

/**
 * The flat config `pgdbm-lint` uses when the repository has no ESLint config for the plugin:
 * the plugin's preset, typescript-eslint's parser for TypeScript, and no reports about
 * `eslint-disable` comments aimed at the repository's other rules, which are not loaded here.
 */
export async function presetConfig(name: PresetName): Promise<Preset> {
  const parser = await loadTypeScriptParser();
  const config: Linter.Config[] = [
    {
      name: "pgdbm-lint/linter-options",
      linterOptions: { reportUnusedDisableDirectives: "off", reportUnusedInlineConfigs: "off" },
    },
    {
      name: "pgdbm-lint/jsx",
      files: ["**/*.jsx"],
      languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
    },
    ...(parser
      ? [{ name: "pgdbm-lint/typescript", files: ["**/*.{ts,tsx,mts,cts}"], languageOptions: { parser } }]
      : [{ name: "pgdbm-lint/typescript-unavailable", ignores: ["**/*.{ts,tsx,mts,cts}"] }]),
    plugin.configs[name],
    plugin.configs.sql,
  ];
  return { config, typescript: parser !== undefined };
}

/** Whether a computed per-file config turns on at least one of the plugin's rules. */
export function enablesPgdbm(config: Linter.Config | undefined): boolean {
  if (!config?.rules) return false;
  return Object.entries(config.rules).some(([id, entry]) => {
    if (!id.startsWith("pgdbm/")) return false;
    const severity = Array.isArray(entry) ? entry[0] : entry;
    return severity !== 0 && severity !== "off" && severity !== undefined;
  });
}
