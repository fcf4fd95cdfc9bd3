import type { File, Language, OkParseResult } from "@eslint/core";
import { analyzeSql, loadSqlParser, type Span } from "../sql/index.js";
import { visitorKeys, type SqlDocument, type SqlLocation, type SqlNode, type SqlPosition, type SqlStatement } from "./sql-ast.js";
import { SQL_LINE_ENDING, SqlSourceCode, type SqlLanguageOptions } from "./sql-source-code.js";

// `parse` is synchronous; the grammar's WASM must be ready before ESLint calls it.
await loadSqlParser();

/** Maps string indices to 1-based line/column positions, lines broken as `SqlSourceCode` breaks them. */
function positionFinder(text: string): (index: number) => SqlPosition {
  const lineStarts = [0];
  const pattern = new RegExp(SQL_LINE_ENDING.source, "gu");
  for (const match of text.matchAll(pattern)) lineStarts.push(match.index + match[0].length);
  return (index) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((lineStarts[middle] as number) <= index) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: index - (lineStarts[low] as number) + 1 };
  };
}

/** `items` grouped by the statement whose span holds their position (one pass: both are in text order). */
function inStatements<T>(statements: readonly Span[], items: readonly T[], positionOf: (item: T) => number): T[][] {
  const groups: T[][] = statements.map(() => []);
  const sorted = [...items].sort((a, b) => positionOf(a) - positionOf(b));
  let index = 0;
  for (const item of sorted) {
    const position = positionOf(item);
    // A statement's end belongs to it: PostgreSQL reports "syntax error at end of input" there.
    while (index < statements.length && (statements[index] as Span).end < position) index += 1;
    const statement = statements[index];
    if (statement && position >= statement.start) groups[index]?.push(item);
  }
  return groups;
}

function bodyText(file: File): string {
  return typeof file.body === "string" ? file.body : new TextDecoder().decode(file.body);
}

/**
 * The `pgdbm/sql` language: `.sql` migration files as a document of statements. Parsing never
 * fails: a statement PostgreSQL cannot parse keeps its error on its node for rules to report, and
 * the other statements of the file are still analysed and linted.
 */
export const sqlLanguage: Language<{
  LangOptions: SqlLanguageOptions;
  Code: SqlSourceCode;
  RootNode: SqlDocument;
  Node: SqlNode;
}> = {
  fileType: "text",
  lineStart: 1,
  columnStart: 1,
  nodeTypeKey: "type",
  visitorKeys,
  defaultLanguageOptions: {},

  validateLanguageOptions(languageOptions) {
    if (typeof languageOptions !== "object" || languageOptions === null) {
      throw new TypeError("pgdbm/sql: languageOptions must be an object.");
    }
  },

  parse(file) {
    const text = bodyText(file);
    const analysis = analyzeSql(text);
    const position = positionFinder(text);
    const locate = (span: Span): { range: [number, number]; loc: SqlLocation } => ({
      range: [span.start, span.end],
      loc: { start: position(span.start), end: position(span.end) },
    });
    const relations = inStatements(analysis.statements, analysis.relations, (relation) => relation.start);
    const searchPath = inStatements(analysis.statements, analysis.searchPath, (change) => change.start);
    const errors = inStatements(analysis.statements, analysis.errors, (error) => error.offset);

    const body: SqlStatement[] = analysis.statements.map((statement, index) => {
      const error = errors[index]?.[0];
      return {
        type: "SqlStatement",
        ...locate(statement),
        relations: relations[index] ?? [],
        searchPath: searchPath[index] ?? [],
        ...(error ? { error } : {}),
      };
    });
    const ast: SqlDocument = {
      type: "SqlDocument",
      ...locate({ start: 0, end: text.length }),
      body,
      analysis,
    };
    return { ok: true, ast } satisfies OkParseResult<SqlDocument>;
  },

  createSourceCode(file, parseResult) {
    return new SqlSourceCode({ text: bodyText(file), ast: parseResult.ast });
  },
};
