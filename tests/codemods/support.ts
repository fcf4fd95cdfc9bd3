import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as tsParser from "@typescript-eslint/parser";
import { ESLint, type Linter } from "eslint";
import plugin from "../../index.js";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
export const fixturesRoot = path.join(repoRoot, "tests", "fixtures");

export interface FixtureCase {
  /** `shared-pool/cjs-package/bootstrap`, for test names. */
  name: string;
  inputPath: string;
  outputPath: string;
  input: string;
  output: string;
  options: Record<string, unknown>;
  /** One substring per report the transform must make, each matched by its own report. */
  reports: string[];
}

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** `<case>.input.<ext>` with its `<case>.output.<ext>`, optional `<case>.options.json` and `<case>.reports.txt`. */
export function fixtureCases(transform: string): FixtureCase[] {
  const directory = path.join(fixturesRoot, transform);
  if (!existsSync(directory)) return [];
  return filesUnder(directory)
    .filter((file) => /\.input\.[a-z]+$/.test(file))
    .sort()
    .map((inputPath) => {
      const base = inputPath.replace(/\.input\.[a-z]+$/, "");
      const outputPath = inputPath.replace(/\.input\.([a-z]+)$/, ".output.$1");
      const optionsPath = `${base}.options.json`;
      const reportsPath = `${base}.reports.txt`;
      return {
        name: path.relative(fixturesRoot, base).split(path.sep).join("/"),
        inputPath,
        outputPath,
        input: readFileSync(inputPath, "utf8"),
        output: readFileSync(outputPath, "utf8"),
        options: existsSync(optionsPath) ? (JSON.parse(readFileSync(optionsPath, "utf8")) as Record<string, unknown>) : {},
        reports: existsSync(reportsPath) ? readFileSync(reportsPath, "utf8").split("\n").filter((line) => line !== "") : [],
      };
    });
}

const JS_FILES = ["**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"];

/** Flat config with the given plugin rules (`pgdbm/<name>`), for JavaScript/TypeScript and `.sql` files. */
export function configWithRules(ruleIds: readonly string[], settings: Record<string, unknown> = {}): Linter.Config[] {
  const rules = Object.fromEntries(ruleIds.map((id) => [id, "error" as const]));
  const sqlRules = Object.fromEntries(
    ruleIds
      .filter((id) => plugin.rules[id.replace(/^pgdbm\//, "") as keyof typeof plugin.rules]?.meta.languages?.includes("pgdbm/sql"))
      .map((id) => [id, "error" as const]),
  );
  return [
    { files: JS_FILES, languageOptions: { parser: tsParser }, plugins: { pgdbm: plugin as unknown as ESLint.Plugin }, settings: { pgdbm: settings }, rules },
    { files: ["**/*.sql"], plugins: { pgdbm: plugin as unknown as ESLint.Plugin }, language: "pgdbm/sql", settings: { pgdbm: settings }, rules: sqlRules },
  ];
}

/** The plugin's `recommended` config as a user writes it, with the TypeScript parser for source files. */
export function recommendedConfig(): Linter.Config[] {
  return [
    { files: JS_FILES, languageOptions: { parser: tsParser } },
    plugin.configs.recommended as Linter.Config,
    plugin.configs.sql as Linter.Config,
  ];
}

/** Lints `text` as if it were the file at `filePath`, with real ESLint and no config file. */
export async function lintText(text: string, filePath: string, config: Linter.Config[]): Promise<Linter.LintMessage[]> {
  const eslint = new ESLint({ cwd: repoRoot, overrideConfigFile: true, overrideConfig: config, ignore: false });
  const [result] = await eslint.lintText(text, { filePath });
  return result?.messages ?? [];
}
