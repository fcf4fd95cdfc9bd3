import { createRequire } from "node:module";
import type { ESLint } from "eslint";
import { UsageError } from "./errors.js";

export type FormatName = "stylish" | "json" | "sarif";

export const FORMAT_NAMES: readonly FormatName[] = ["stylish", "json", "sarif"];

const SARIF_FORMATTER = "@microsoft/eslint-formatter-sarif";
// The formatter is CommonJS, and an optional peer: loaded only for `--format sarif`.
const require = createRequire(import.meta.url);

interface SarifLog {
  runs: { tool: { driver: { version?: string } } }[];
}

/** Fails before any linting when the chosen format cannot be produced here. */
export function assertFormatAvailable(format: FormatName): void {
  if (format === "sarif") loadSarifFormatter();
}

function loadSarifFormatter(): ESLint.FormatterFunction {
  try {
    return require("@microsoft/eslint-formatter-sarif") as ESLint.FormatterFunction;
  } catch {
    throw new UsageError(`--format sarif needs ${SARIF_FORMATTER}: npm install --save-dev ${SARIF_FORMATTER}`);
  }
}

/**
 * Renders results as ESLint's `stylish` or `json` formatter would, or as SARIF 2.1.0 through
 * Microsoft's formatter (the one GitHub's code-scanning starter workflow uses).
 */
export async function formatResults(
  eslint: ESLint,
  eslintVersion: string,
  results: ESLint.LintResult[],
  format: FormatName,
  meta: { cwd: string; color: boolean; maxWarningsExceeded?: ESLint.MaxWarningsExceeded },
): Promise<string> {
  if (format !== "sarif") {
    const formatter = await eslint.loadFormatter(format);
    return formatter.format(results, {
      color: meta.color,
      ...(meta.maxWarningsExceeded ? { maxWarningsExceeded: meta.maxWarningsExceeded } : {}),
    });
  }
  const sarif = loadSarifFormatter();
  const text = await sarif(results, { cwd: meta.cwd, rulesMeta: eslint.getRulesMetaForResults(results) });
  // The formatter finds ESLint's version through `require.main`, which an ESM entry point lacks.
  const log = JSON.parse(text) as SarifLog;
  for (const run of log.runs) run.tool.driver.version ??= eslintVersion;
  return `${JSON.stringify(log, null, 2)}\n`;
}
