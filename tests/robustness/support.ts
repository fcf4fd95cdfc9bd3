import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { Linter } from "eslint";
import tseslint from "typescript-eslint";
import plugin from "../../index.js";
import { corpusDir, corpusPresent, corpusSqlFiles } from "../support/corpus.js";

export interface CorpusFile {
  name: string;
  text: string;
}

/** The corpus's files by name; none when it is missing (the tests that need it skip, with the reason). */
export function readCorpus(): CorpusFile[] {
  if (!corpusPresent) return [];
  return corpusSqlFiles()
    .map((path) => ({ name: relative(corpusDir, path), text: readFileSync(path, "utf8") }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export const SQL_FILE_RULES = {
  "pgdbm/no-bare-table-name": "error",
  "pgdbm/no-hardcoded-schema": "error",
  "pgdbm/no-search-path": "error",
} as const;

export const ALL_RULES = { ...SQL_FILE_RULES, "pgdbm/no-sql-interpolation": "error" } as const;

export const linterConfig: Linter.Config[] = [
  { plugins: { pgdbm: plugin as never } },
  { files: ["**/*.ts"], languageOptions: { parser: tseslint.parser as never }, rules: ALL_RULES },
  { files: ["**/*.sql"], language: "pgdbm/sql", rules: SQL_FILE_RULES },
];

/** SQL as the body of a template literal that evaluates back to the same text. */
export function asTemplateBody(sql: string): string {
  return sql.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${");
}

/** Messages that say ESLint or a rule failed, rather than reporting a problem in the code. */
export function failures(messages: Linter.LintMessage[]): Linter.LintMessage[] {
  return messages.filter((message) => message.fatal === true || message.ruleId === null && message.severity === 2);
}
