import type { API, FileInfo, Options } from "jscodeshift";
import type { TemplateStyle } from "../../sql/index.js";
import { runRecipes, type CodemodSettings, type Recipe } from "./rule-runner.js";

/**
 * A jscodeshift transform: the new source when it changed something, `undefined` when not.
 * Skipped code is reported through `api.report` (jscodeshift's reporter; the CLI collects it),
 * one line per place: `line 12: add-module-name: <why>`.
 */
export type Transform = (file: FileInfo, api: Pick<API, "report"> & Partial<API>, options?: Options) => string | undefined;

/** Where the parser comes from when a caller gives no path (an inline test): jscodeshift's `parser` option. */
const PATH_FOR_PARSER: Record<string, string> = {
  ts: "input.ts",
  tsx: "input.tsx",
  babel: "input.js",
  babylon: "input.js",
  flow: "input.js",
};

function templateStyleOf(options: Options): TemplateStyle | undefined {
  const value: unknown = options.templateStyle ?? options["template-style"];
  return value === "angle" || value === "braces" ? value : undefined;
}

/**
 * `settings.pgdbm` for the rules: `options.settings` (an object, or JSON as jscodeshift's command
 * line passes it), with `--template-style` on top.
 */
export function settingsFromOptions(options: Options = {}): CodemodSettings {
  let settings: CodemodSettings = {};
  const raw: unknown = options.settings;
  if (typeof raw === "string" && raw.trim() !== "") {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed === "object" && parsed !== null) settings = parsed as CodemodSettings;
    } catch {
      throw new Error("--settings must be JSON: the `settings.pgdbm` object of the ESLint config");
    }
  } else if (typeof raw === "object" && raw !== null) {
    settings = { ...(raw as CodemodSettings) };
  }
  const style = templateStyleOf(options);
  return style ? { ...settings, templateStyle: style } : settings;
}

export function createTransform(recipes: readonly Recipe[]): Transform {
  return (file, api, options = {}) => {
    const parser = typeof options.parser === "string" ? options.parser : "ts";
    const filePath = file.path || (PATH_FOR_PARSER[parser] ?? "input.ts");
    const result = runRecipes(filePath, file.source, recipes, { settings: settingsFromOptions(options) });
    for (const skip of result.skips) api.report?.(`line ${skip.line}: ${skip.transform}: ${skip.reason}`);
    return result.output;
  };
}
