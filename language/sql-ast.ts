import type { RelationRef, SearchPathChange, SqlAnalysis, SqlError } from "../sql/index.js";

export interface SqlPosition {
  line: number;
  column: number;
}

export interface SqlLocation {
  start: SqlPosition;
  end: SqlPosition;
}

interface SqlNodeBase {
  range: [number, number];
  /** 1-based lines and columns, as the language declares (`lineStart: 1`, `columnStart: 1`). */
  loc: SqlLocation;
}

/** One statement of the file, with what the engine found in it (default options). */
export interface SqlStatement extends SqlNodeBase {
  type: "SqlStatement";
  relations: RelationRef[];
  searchPath: SearchPathChange[];
  /** The parse error of this statement, when PostgreSQL could not parse it. */
  error?: SqlError;
}

export interface SqlComment extends SqlNodeBase {
  type: "LineComment" | "BlockComment";
  /** The text without its delimiters (`--`, `/*` and `*\/`). */
  value: string;
}

/**
 * The root: the whole file. Rules that need their own analysis options run `analyzeSql` on
 * `sourceCode.text`; comments are on `sourceCode.comments`.
 */
export interface SqlDocument extends SqlNodeBase {
  type: "SqlDocument";
  body: SqlStatement[];
  analysis: SqlAnalysis;
}

export type SqlNode = SqlDocument | SqlStatement | SqlComment;

export const visitorKeys: Record<SqlNode["type"], string[]> = {
  SqlDocument: ["body"],
  SqlStatement: [],
  LineComment: [],
  BlockComment: [],
};
