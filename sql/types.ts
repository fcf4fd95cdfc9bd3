// The engine's public types (contract: sql/README.md). All offsets are string indices into the
// SQL text handed in, `end` exclusive.

export interface Span {
  start: number;
  end: number;
}

export type TemplateStyle = "braces" | "angle";

/** {{tables.users}} <<tables.users>> {{tables.audit.events}} {{schema}} */
export interface TemplateToken extends Span {
  spelling: TemplateStyle;
  kind: "table" | "schema";
  /** explicit schema of {{tables.audit.events}} */
  schema?: string;
  /** kind "table" */
  table?: string;
}

/** {{tables.}}, {{tables.my-table}}, an unclosed {{ … */
export interface TemplateProblem extends Span {
  message: string;
}

export interface AnalyzeOptions {
  /** `${…}` splices as they stand in `sql`; masked with same-width identifiers before parsing */
  holes?: readonly Span[];
  /** settings.pgdbm.ignoreTables (case-insensitive match on the unqualified name) */
  ignoreTables?: readonly string[];
  /** default ["pg_catalog", "information_schema"] */
  allowedSchemas?: readonly string[];
}

export type RelationKind =
  | "templated" // written through a template ({{tables.x}}, <<tables.x>>, {{schema}}.x)
  | "bare" // users, "Users"
  | "qualified" // myschema.users, "myschema".users (schema not in allowedSchemas)
  | "cte" // a WITH name in scope
  | "catalog" // pg_catalog.*, information_schema.*, pg_* names, allowedSchemas
  | "temporary" // a temp table created in the same SQL text (CREATE TEMP TABLE t …)
  | "ignored" // in ignoreTables
  | "hole"; // the name is (part of) a ${…} splice: the engine cannot know it

/** Span = the whole name as written: `"app".users`, `users` */
export interface RelationRef extends Span {
  kind: RelationKind;
  /** unquoted relation name as PostgreSQL sees it */
  name: string;
  /** unquoted schema, when one is written */
  schema?: string;
  nameSpan: Span;
  schemaSpan?: Span;
  /** libpg-query node type of the enclosing statement, e.g. "InsertStmt"; "plpgsql" inside PL/pgSQL bodies */
  statement: string;
  /** found by the tokenizer-level fallback, not by the grammar */
  fromScan?: true;
}

export interface SearchPathChange extends Span {
  form: "set" | "set_config" | "alter_role" | "alter_database" | "reset";
}

/**
 * value: where a $n parameter could stand (expressions, IN lists, LIMIT/OFFSET);
 * relation: a table name; identifier: a column/other name;
 * other: anything else (ORDER BY dir, VALUES list, SET pairs, unparseable)
 */
export interface HoleUse extends Span {
  position: "value" | "relation" | "identifier" | "other";
}

/** offset: the position PostgreSQL reports, as a string index */
export interface SqlError {
  message: string;
  offset: number;
}

export interface SqlAnalysis {
  /** every statement parsed by the grammar */
  parsed: boolean;
  /** one per statement that failed to parse (others are still analysed) */
  errors: SqlError[];
  statements: Span[];
  /** in source order */
  relations: RelationRef[];
  searchPath: SearchPathChange[];
  holes: HoleUse[];
  templates: TemplateToken[];
  templateProblems: TemplateProblem[];
}

export interface TextEdit extends Span {
  text: string;
}

/** A `--` or `/* *\/` comment; `value` is its text without the delimiters. */
export interface CommentSpan extends Span {
  kind: "line" | "block";
  value: string;
}
