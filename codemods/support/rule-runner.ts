/**
 * The engine every transform runs on: the plugin's own rules, run through ESLint's `Linter`, and
 * their edits spliced into the source text.
 *
 * Why rules and not a jscodeshift/recast tree: what is a runtime object (imports, renames,
 * `require`, values flowing through variables, fields and returns), where SQL sits in a file
 * (bindings, concatenations, escapes mapped back to source offsets) and how to rewrite each case
 * is written once, in `estree/` and the rules. A transform that walked recast's tree would write
 * that knowledge a second time, on a second AST dialect, and drift from the rules it must
 * satisfy. Running the rules instead means a transform's output passes its rule by construction
 * (the loop below runs until the rule has nothing left to fix) and every edit is an offset edit
 * of the original text: everything outside the edited spans stays byte-identical (recast's
 * reprint would re-quote strings). The cost is typescript-estree's parse plus ESLint's traversal
 * instead of babel's parse plus recast's print; `npm run bench:codemod` measures the difference.
 *
 * The loop: lint, take each report's autofix (or the one suggestion the transform designates),
 * apply the edits that do not overlap (the rest wait for the next pass, recomputed on the new
 * text), repeat until nothing changes. Reports left without an edit are what the transform did
 * not understand: they come back as skip reasons. Edits that need a check of their result (an
 * inferred module name must stay unique) are applied one per pass and undone when the next pass
 * finds a problem with them.
 */
import path from "node:path";
import * as tsParser from "@typescript-eslint/parser";
import { Linter, type ESLint } from "eslint";
import { rules } from "../../rules/index.js";
import { sqlLanguage } from "../../language/sql-language.js";
import type { TemplateStyle } from "../../sql/index.js";
import { sourceKindOf, type SourceKind } from "./source-kind.js";

export type TransformName =
  | "tables-template"
  | "add-module-name"
  | "remove-migration-schema-option"
  | "remove-pooled-connect"
  | "cleanup-in-finally"
  | "shared-pool"
  | "conditional-close";

/** A rule of the plugin whose edits a transform applies. */
export interface RuleUse {
  /** `pgdbm/<rule>`. */
  rule: string;
  /** The suggestion (by message ID) applied where a report has no autofix. */
  suggestion?: string;
  /** Its edits never give any rule new work (a table name turned into a template): no confirming pass. */
  final?: boolean;
  /** Its edits are applied one per pass and kept only if the next pass accepts them. */
  confirm?: {
    /** Rules whose reports must not grow (an inferred `moduleName` must not collide with another). */
    noNewReportsFrom?: readonly string[];
  };
}

export interface Recipe {
  transform: TransformName;
  languages: readonly SourceKind["language"][];
  uses: readonly RuleUse[];
  /** A text test: `false` when no rule of the recipe can report on the file, which is then not parsed. */
  mayApply(text: string, settings: CodemodSettings, kind: SourceKind): boolean;
}

/** `settings.pgdbm` as the rules read it (see estree/settings.ts), templateStyle included. */
export type CodemodSettings = Record<string, unknown> & { templateStyle?: TemplateStyle; queryMethods?: string[]; sqlDetection?: string };

export interface Skip {
  transform: TransformName;
  line: number;
  column: number;
  reason: string;
}

export interface RunResult {
  /** The new text, or `undefined` when nothing changed. */
  output: string | undefined;
  skips: Skip[];
  passes: number;
}

const MAX_PASSES = 30;

const plugin = {
  meta: { name: "eslint-plugin-pgdbm" },
  rules: rules as unknown as NonNullable<ESLint.Plugin["rules"]>,
  languages: { sql: sqlLanguage } as unknown as NonNullable<ESLint.Plugin["languages"]>,
} satisfies ESLint.Plugin;

const linters = new Map<string, Linter>();

/** One Linter per file-system root, whose `cwd` contains every absolute path handed to it. */
function linterFor(filename: string): Linter {
  const root = path.parse(filename).root;
  let linter = linters.get(root);
  if (!linter) {
    linter = new Linter({ configType: "flat", cwd: root });
    linters.set(root, linter);
  }
  return linter;
}

interface PlannedEdit {
  range: [number, number];
  text: string;
  use: RuleUse;
  recipe: Recipe;
  priority: number;
  message: Linter.LintMessage;
  key: string;
}

interface Pending {
  /** The text before the edit, restored when the edit is undone. */
  before: string;
  edit: PlannedEdit;
  counts: Map<string, number>;
}

function editKey(ruleId: string, range: readonly [number, number], text: string): string {
  return `${ruleId}\u0000${range[0]}\u0000${range[1]}\u0000${text}`;
}

/** Two edits that cannot both be applied to one text: they overlap, or insert at the same place. */
function conflicts(a: readonly [number, number], b: readonly [number, number]): boolean {
  if (a[0] < b[1] && b[0] < a[1]) return true;
  const aInsert = a[0] === a[1];
  const bInsert = b[0] === b[1];
  if (aInsert && (a[0] === b[0] || a[0] === b[1])) return true;
  if (bInsert && (b[0] === a[0] || b[0] === a[1])) return true;
  return false;
}

function splice(text: string, edits: readonly { range: readonly [number, number]; text: string }[]): string {
  let result = "";
  let cursor = 0;
  for (const edit of [...edits].sort((a, b) => a.range[0] - b.range[0])) {
    result += text.slice(cursor, edit.range[0]) + edit.text;
    cursor = edit.range[1];
  }
  return result + text.slice(cursor);
}

export interface RunOptions {
  settings?: CodemodSettings;
}

/**
 * Applies the recipes' rule edits to `source` until the rules have nothing left they can fix.
 * Throws when the file cannot be parsed (the caller reports it as failed).
 */
export function runRecipes(filePath: string, source: string, recipes: readonly Recipe[], options: RunOptions = {}): RunResult {
  const filename = path.resolve(filePath);
  const settings: CodemodSettings = options.settings ?? {};
  const bom = source.startsWith("\uFEFF") ? "\uFEFF" : "";
  const original = bom ? source.slice(1) : source;
  const kind = sourceKindOf(filename, original);
  if (!kind) return { output: undefined, skips: [], passes: 0 };
  const active = recipes.filter((recipe) => recipe.languages.includes(kind.language) && recipe.mayApply(original, settings, kind));
  if (active.length === 0) return { output: undefined, skips: [], passes: 0 };

  const crlf = /\r\n/.test(original) && !/(^|[^\r])\n/.test(original);
  const uses = new Map<string, { use: RuleUse; recipe: Recipe; priority: number }>();
  const observers = new Set<string>();
  active.forEach((recipe, priority) => {
    for (const use of recipe.uses) {
      if (!uses.has(use.rule)) uses.set(use.rule, { use, recipe, priority });
      for (const observed of use.confirm?.noNewReportsFrom ?? []) observers.add(observed);
    }
  });
  for (const ruleId of uses.keys()) observers.delete(ruleId);

  const linter = linterFor(filename);
  const plugins = { pgdbm: plugin };
  const baseRules: Linter.RulesRecord = Object.fromEntries([...uses.keys(), ...observers].map((ruleId) => [ruleId, "error"]));
  const baseConfig: Linter.Config =
    kind.language === "sql"
      ? { files: ["**/*.sql"], plugins, language: "pgdbm/sql", settings: { pgdbm: settings } }
      : {
          files: ["**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"],
          plugins,
          languageOptions: {
            parser: tsParser,
            ecmaVersion: "latest",
            sourceType: kind.sourceType,
            parserOptions: { ecmaFeatures: { jsx: kind.jsx } },
          },
          settings: { pgdbm: settings },
        };
  const config: Linter.Config = { ...baseConfig, rules: baseRules };
  const verify = (text: string): Linter.LintMessage[] => {
    const messages = linter.verify(text, [{ linterOptions: { reportUnusedDisableDirectives: "off" } }, config], { filename });
    const fatal = messages.find((message) => message.fatal);
    if (fatal) throw new Error(`cannot parse (line ${fatal.line}): ${fatal.message}`);
    return messages;
  };

  const rejected = new Map<string, string>();
  const reasonsByKey = new Map<string, string>();
  let text = original;
  let pending: Pending | undefined;
  let lastMessages: Linter.LintMessage[] = [];
  let lastUsable = new Set<Linter.LintMessage>();
  let passes = 0;

  const countReports = (messages: readonly Linter.LintMessage[], ruleIds: readonly string[]): Map<string, number> => {
    const counts = new Map<string, number>(ruleIds.map((id) => [id, 0]));
    for (const message of messages) {
      if (message.ruleId && counts.has(message.ruleId)) counts.set(message.ruleId, (counts.get(message.ruleId) ?? 0) + 1);
    }
    return counts;
  };

  for (;;) {
    passes += 1;
    if (passes > MAX_PASSES) throw new Error(`the rules' edits did not settle after ${MAX_PASSES} passes`);
    const messages = verify(text);

    if (pending) {
      const confirm = pending.edit.use.confirm ?? {};
      const problems: string[] = [];
      const observed = confirm.noNewReportsFrom ?? [];
      const after = countReports(messages, observed);
      for (const ruleId of observed) {
        if ((after.get(ruleId) ?? 0) > (pending.counts.get(ruleId) ?? 0)) {
          const newest = messages.filter((message) => message.ruleId === ruleId).map((message) => message.message);
          problems.push(`it would make ${ruleId} report: ${[...new Set(newest)].join(" ")}`);
        }
      }
      if (problems.length > 0) {
        rejected.set(pending.edit.key, [...new Set(problems)].join(" "));
        text = pending.before;
        pending = undefined;
        continue;
      }
      pending = undefined;
    }

    const planned: PlannedEdit[] = [];
    const usable = new Set<Linter.LintMessage>();
    for (const message of messages) {
      const entry = message.ruleId ? uses.get(message.ruleId) : undefined;
      if (!entry) continue;
      const suggestion = entry.use.suggestion
        ? message.suggestions?.find((candidate) => candidate.messageId === entry.use.suggestion)
        : undefined;
      const fix = message.fix ?? suggestion?.fix;
      if (!fix) continue;
      const key = editKey(entry.use.rule, fix.range, fix.text);
      const rejection = rejected.get(key);
      if (rejection !== undefined) {
        reasonsByKey.set(`${message.line}:${message.column}:${message.ruleId}`, rejection);
        continue;
      }
      usable.add(message);
      planned.push({
        range: [fix.range[0], fix.range[1]],
        text: crlf ? fix.text.replace(/\r?\n/g, "\r\n") : fix.text,
        use: entry.use,
        recipe: entry.recipe,
        priority: entry.priority,
        message,
        key,
      });
    }
    lastMessages = messages;
    lastUsable = usable;
    if (planned.length === 0) break;

    const unique = new Map<string, PlannedEdit>();
    for (const edit of planned.sort((a, b) => a.priority - b.priority || a.range[0] - b.range[0])) {
      if (!unique.has(edit.key)) unique.set(edit.key, edit);
    }
    const ordered = [...unique.values()];
    const confirmed = ordered.filter((edit) => edit.use.confirm);
    // A plain edit waits for a checked edit of an earlier transform that touches the same text,
    // which reads that text (an inferred module name reads the `schema` option its removal takes).
    const plain = ordered.filter(
      (edit) => !edit.use.confirm && !confirmed.some((other) => other.priority < edit.priority && conflicts(edit.range, other.range)),
    );
    if (plain.length > 0) {
      const accepted: PlannedEdit[] = [];
      for (const edit of plain) {
        if (accepted.every((other) => !conflicts(edit.range, other.range))) accepted.push(edit);
      }
      text = splice(text, accepted);
      const settled = accepted.length === ordered.length && accepted.every((edit) => edit.use.final);
      if (settled) {
        lastMessages = messages.filter((message) => !usable.has(message));
        lastUsable = new Set();
        break;
      }
      continue;
    }

    const [edit] = confirmed as [PlannedEdit];
    const observed = edit.use.confirm?.noNewReportsFrom ?? [];
    pending = {
      before: text,
      edit,
      counts: countReports(messages, observed),
    };
    text = splice(text, [edit]);
  }

  const skips: Skip[] = [];
  for (const message of lastMessages) {
    if (!message.ruleId || lastUsable.has(message)) continue;
    const entry = uses.get(message.ruleId);
    if (!entry) continue;
    const rejection = reasonsByKey.get(`${message.line}:${message.column}:${message.ruleId}`);
    const offered = message.suggestions?.map((suggestion) => suggestion.desc) ?? [];
    const why =
      rejection !== undefined
        ? `left unchanged: ${rejection}`
        : offered.length > 0
          ? `left unchanged: the rule only offers an editor suggestion here (${offered.join(" / ")})`
          : "left unchanged: no safe rewrite is known for this code";
    skips.push({
      transform: entry.recipe.transform,
      line: message.line,
      column: message.column,
      reason: `${message.ruleId}: ${message.message} (${why})`,
    });
  }
  const output = text === original ? undefined : bom + text;
  return { output, skips, passes };
}
