import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import type { SqlDocument } from "../language/sql-ast.js";
import {
  analyzeSql,
  loadSqlParser,
  looksLikeSql,
  type AnalyzeOptions,
  type Span,
  type SqlAnalysis,
  type TextEdit,
} from "../sql/index.js";
import { DEFAULT_ALLOWED_SCHEMAS, getPgdbmSettings, type PgdbmSettings } from "./settings.js";
import { calledMethodName, concatenationRoot, isSqlTag, sourceEditFor, sourceRangeOf, sqlSourceOf, type SqlSource } from "./sql-sources.js";

// Rules analyse synchronously; the grammar's WASM is loaded once, before any rule runs.
await loadSqlParser();

/** How a piece of SQL was found; the weaker the evidence that it is SQL, the less a rule says. */
export type SqlOrigin = "sqlFile" | "queryMethod" | "sqlTag" | "keywords";

/** SQL to lint: a whole `.sql` file, or one SQL string of a JavaScript/TypeScript file. */
export interface SqlTarget {
  origin: SqlOrigin;
  sql: string;
  analysis: SqlAnalysis;
  /** JavaScript only: where the SQL is written. */
  source?: SqlSource;
  /** JavaScript only: the query-method call that receives the SQL (the first one met). */
  call?: TSESTree.CallExpression;
  /** The source range a span of the SQL is written at. */
  rangeOf(span: Span): [number, number];
  /** The source edit for an edit of the SQL, or `undefined` where no fix may be offered. */
  editFor(edit: TextEdit): { range: [number, number]; text: string } | undefined;
}

export interface SqlTargetOptions {
  /** Added to `settings.pgdbm.ignoreTables`. */
  ignoreTables?: readonly string[];
  /** Added to `settings.pgdbm.allowedSchemas`. */
  allowedSchemas?: readonly string[];
  /** Only SQL handed to a query method (no `sql` tags, no keyword detection). */
  queryMethodsOnly?: boolean;
}

type AnyRuleContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

const ORIGIN_STRENGTH: Record<SqlOrigin, number> = { keywords: 0, sqlTag: 1, queryMethod: 2, sqlFile: 3 };

/**
 * The engine's options for the settings and the rule's options, with the engine's defaults left
 * out: default options are then one cache entry for every rule, and the `.sql` language's own.
 */
function analysisOptions(settings: PgdbmSettings, options: SqlTargetOptions): AnalyzeOptions {
  const ignoreTables = [...new Set([...settings.ignoreTables, ...(options.ignoreTables ?? [])])];
  const allowedSchemas = [...new Set([...settings.allowedSchemas, ...(options.allowedSchemas ?? [])])];
  const moreSchemas = allowedSchemas.some((schema) => !DEFAULT_ALLOWED_SCHEMAS.includes(schema));
  return { ...(ignoreTables.length > 0 ? { ignoreTables } : {}), ...(moreSchemas ? { allowedSchemas } : {}) };
}

/** SQL of a JavaScript source; one object serves every rule that reaches the string the same way. */
class SourceTarget implements SqlTarget {
  constructor(
    readonly origin: SqlOrigin,
    readonly analysis: SqlAnalysis,
    readonly source: SqlSource,
    readonly call: TSESTree.CallExpression | undefined,
    private readonly sourceText: string,
  ) {}

  get sql(): string {
    return this.source.sql;
  }

  rangeOf(span: Span): [number, number] {
    return sourceRangeOf(this.source, span);
  }

  editFor(edit: TextEdit): { range: [number, number]; text: string } | undefined {
    return sourceEditFor(this.source, this.sourceText, edit);
  }
}

/** The analyses of one source, one per set of options (a short list: rules mostly share their options). */
interface SourceAnalysis {
  optionsKey: string;
  analysis: SqlAnalysis;
  /** the target last handed to a rule, for the next rule that reaches the source the same way */
  target: SourceTarget | undefined;
  next: SourceAnalysis | undefined;
}

const analyses = new WeakMap<SqlSource, SourceAnalysis>();

/** The engine's analysis of a source, shared by every rule that asks with the same options. */
function analysisOf(source: SqlSource, options: AnalyzeOptions, optionsKey: string): SourceAnalysis {
  const first = analyses.get(source);
  for (let known = first; known !== undefined; known = known.next) {
    if (known.optionsKey === optionsKey) return known;
  }
  const analysis = analyzeSql(source.sql, source.holes.length > 0 ? withHoles(options, source.holes) : options);
  const entry: SourceAnalysis = { optionsKey, analysis, target: undefined, next: first };
  analyses.set(source, entry);
  return entry;
}

/** `options` and the holes' spans (written out: a spread followed by more properties is slow on Node 20). */
function withHoles(options: AnalyzeOptions, holes: readonly Span[]): AnalyzeOptions {
  const result: AnalyzeOptions = { holes: holes.map(({ start, end }) => ({ start, end })) };
  if (options.ignoreTables !== undefined) result.ignoreTables = options.ignoreTables;
  if (options.allowedSchemas !== undefined) result.allowedSchemas = options.allowedSchemas;
  return result;
}

/** Literals whose text is a name or a type, never a runtime string. */
function isNonValueString(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (!parent) return true;
  switch (parent.type) {
    case AST_NODE_TYPES.ImportDeclaration:
    case AST_NODE_TYPES.ExportAllDeclaration:
    case AST_NODE_TYPES.ExportNamedDeclaration:
    case AST_NODE_TYPES.ImportExpression:
    case AST_NODE_TYPES.ImportAttribute:
    case AST_NODE_TYPES.TSLiteralType:
    case AST_NODE_TYPES.TSExternalModuleReference:
    case AST_NODE_TYPES.TSModuleDeclaration:
    case AST_NODE_TYPES.TSEnumMember:
    case AST_NODE_TYPES.TSPropertySignature:
      return true;
    case AST_NODE_TYPES.Property:
    case AST_NODE_TYPES.PropertyDefinition:
    case AST_NODE_TYPES.MethodDefinition:
      return parent.key === node;
    default:
      return false;
  }
}

/**
 * Rule listeners that hand every SQL target of the file to `onTarget`, for JavaScript/TypeScript
 * and for the `pgdbm/sql` language alike: the first argument of query methods (any receiver,
 * optional chaining, through `const` bindings and `+`), `sql` tagged templates, and with
 * `sqlDetection: "keywords"` any string that starts like a statement. A string reached twice (a
 * constant used by two calls) is handed over once.
 */
export function sqlTargetListeners(
  context: AnyRuleContext,
  options: SqlTargetOptions,
  onTarget: (target: SqlTarget) => void,
): TSESLint.RuleListener {
  const settings = getPgdbmSettings(context);
  const queryMethods = new Set(settings.queryMethods);
  const seen = new Map<TSESTree.Node, SqlOrigin>();
  const sourceCode = context.sourceCode;

  const baseOptions = analysisOptions(settings, options);
  const optionsKey = JSON.stringify(baseOptions);

  const handleSource = (source: SqlSource, origin: SqlOrigin, call?: TSESTree.CallExpression): void => {
    const previous = seen.get(source.node);
    if (previous !== undefined && ORIGIN_STRENGTH[previous] >= ORIGIN_STRENGTH[origin]) return;
    seen.set(source.node, origin);
    if (origin === "keywords" && !looksLikeSql(source.sql)) return;
    const entry = analysisOf(source, baseOptions, optionsKey);
    let target = entry.target;
    if (target === undefined || target.origin !== origin || target.call !== call) {
      target = new SourceTarget(origin, entry.analysis, source, call, sourceCode.text);
      entry.target = target;
    }
    onTarget(target);
  };

  const fromKeywords = (node: TSESTree.Node): void => {
    if (concatenationRoot(node) !== node || isNonValueString(node)) return;
    const source = sqlSourceOf(node, sourceCode);
    if (source) handleSource(source, "keywords");
  };

  const listeners: TSESLint.RuleListener = {
    CallExpression(node) {
      const name = calledMethodName(node);
      const first = node.arguments[0];
      if (name === undefined || !queryMethods.has(name) || !first || first.type === AST_NODE_TYPES.SpreadElement) return;
      const source = sqlSourceOf(first, sourceCode);
      if (source) handleSource(source, "queryMethod", node);
    },
  };
  if (!options.queryMethodsOnly) {
    listeners.TaggedTemplateExpression = (node) => {
      if (!isSqlTag(node.tag)) return;
      const source = sqlSourceOf(node, sourceCode);
      if (source) handleSource(source, "sqlTag");
    };
    if (settings.sqlDetection === "keywords") {
      listeners.Literal = (node) => {
        if (typeof node.value === "string" && looksLikeSql(node.value)) fromKeywords(node);
      };
      listeners.TemplateLiteral = (node) => {
        if (node.parent.type !== AST_NODE_TYPES.TaggedTemplateExpression) fromKeywords(node);
      };
      listeners['BinaryExpression[operator="+"]'] = (node: TSESTree.BinaryExpression) => fromKeywords(node);
    }
    // The `pgdbm/sql` language's root: the whole file is SQL, written as it reads.
    listeners.SqlDocument = ((document: SqlDocument) => {
      const text = sourceCode.text;
      onTarget({
        origin: "sqlFile",
        sql: text,
        // The language analysed the file with the default options when it parsed it.
        analysis: Object.keys(baseOptions).length === 0 ? document.analysis : analyzeSql(text, baseOptions),
        rangeOf: (span) => [span.start, Math.max(span.start, span.end)],
        editFor: (edit) =>
          edit.start <= edit.end && edit.end <= text.length ? { range: [edit.start, edit.end], text: edit.text } : undefined,
      });
    }) as unknown as TSESLint.RuleFunction<TSESTree.Node>;
  }
  return listeners;
}

export interface SqlReport<MessageIds extends string> {
  messageId: MessageIds;
  data?: Record<string, string>;
  /** The edit of the SQL that fixes the problem; offered only where `target.editFor` allows it. */
  fix?: TextEdit;
  /** Suggestions: an edit of the SQL (offered only where `target.editFor` allows it), or a fixer of their own. */
  suggest?: (
    | { messageId: MessageIds; data?: Record<string, string>; edit: TextEdit }
    | { messageId: MessageIds; data?: Record<string, string>; fix: TSESLint.ReportFixFunction }
  )[];
}

/**
 * Reports a span of a SQL target at the place it is written. The same place is reported once per
 * message, however many calls reach it.
 */
export function createSqlReporter<MessageIds extends string>(
  context: Readonly<TSESLint.RuleContext<MessageIds, readonly unknown[]>>,
): (target: SqlTarget, span: Span, report: SqlReport<MessageIds>) => void {
  const reported = new Set<string>();
  const sourceCode = context.sourceCode;
  return (target, span, report) => {
    const [start, end] = target.rangeOf(span);
    const key = `${start}:${end}:${report.messageId}`;
    if (reported.has(key)) return;
    reported.add(key);

    const fix = report.fix && target.editFor(report.fix);
    const suggest = (report.suggest ?? []).flatMap((suggestion) => {
      const data = suggestion.data ? { data: suggestion.data } : {};
      if ("fix" in suggestion) return [{ messageId: suggestion.messageId, ...data, fix: suggestion.fix }];
      const edit = target.editFor(suggestion.edit);
      return edit
        ? [
            {
              messageId: suggestion.messageId,
              ...data,
              fix: (fixer: TSESLint.RuleFixer) => fixer.replaceTextRange(edit.range, edit.text),
            },
          ]
        : [];
    });
    context.report({
      loc: { start: sourceCode.getLocFromIndex(start), end: sourceCode.getLocFromIndex(end) },
      messageId: report.messageId,
      ...(report.data ? { data: report.data } : {}),
      ...(fix ? { fix: (fixer: TSESLint.RuleFixer) => fixer.replaceTextRange(fix.range, fix.text) } : {}),
      ...(suggest.length > 0 ? { suggest } : {}),
    });
  };
}
