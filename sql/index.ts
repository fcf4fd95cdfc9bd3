// The SQL engine: pure functions on SQL text and string offsets (contract: sql/README.md).
// Nothing here imports ESLint, typescript-eslint or jscodeshift, and no exported function throws.
import { analyzeUncached } from "./analyze.js";
import { LruCache } from "./cache.js";
import type { AnalyzeOptions, SqlAnalysis } from "./types.js";
import { isSqlParserLoaded } from "./parser.js";

export type {
  AnalyzeOptions,
  CommentSpan,
  HoleUse,
  RelationKind,
  RelationRef,
  SearchPathChange,
  Span,
  SqlAnalysis,
  SqlError,
  TemplateProblem,
  TemplateStyle,
  TemplateToken,
  TextEdit,
} from "./types.js";
export { loadSqlParser, isSqlParserLoaded } from "./parser.js";
export { readTemplates, isValidTemplateName } from "./templates.js";
export { templateEdit, applyEdits } from "./edits.js";
export { looksLikeSql } from "./detect.js";
export { sqlComments } from "./lexer.js";

/** Analyses of one text, one per distinct set of options (rules that share options share one). */
interface CacheEntry {
  options: string;
  analysis: SqlAnalysis;
  next: CacheEntry | undefined;
}

/** Keyed by the SQL text itself: hashing the text once is cheaper than building a key that holds it. */
const cache = new LruCache<CacheEntry>(4000);
/** Longer texts (whole migration files) are analysed once per lint run anyway; keep them out of memory. */
const maxCachedLength = 200_000;
const maxOptionsPerText = 8;
/** Fallback results (before the parser loads) must not outlive the load. */
let cacheHasParser = false;

/**
 * Templates, relations, search_path changes and splice positions of `sql`. Results are cached by
 * (sql, options) and shared between callers: treat them as read-only.
 */
export function analyzeSql(sql: string, options: AnalyzeOptions = {}): SqlAnalysis {
  const text = typeof sql === "string" ? sql : "";
  const settings = options ?? {};
  if (cacheHasParser !== isSqlParserLoaded()) {
    cache.clear();
    cacheHasParser = isSqlParserLoaded();
  }
  const cacheable = text.length <= maxCachedLength;
  const optionsKey = cacheable ? cacheKey(settings) : "";
  const first = cacheable ? cache.get(text) : undefined;
  let count = 0;
  for (let entry = first; entry !== undefined; entry = entry.next, count++) {
    if (entry.options === optionsKey) return entry.analysis;
  }
  let analysis: SqlAnalysis;
  try {
    analysis = analyzeUncached(text, settings);
  } catch (error) {
    // The analyzer guards every step; this is the last line that keeps the promise of never throwing.
    analysis = {
      parsed: false,
      errors: [{ message: `internal error: ${error instanceof Error ? error.message : String(error)}`, offset: 0 }],
      statements: [],
      relations: [],
      searchPath: [],
      holes: [],
      templates: [],
      templateProblems: [],
    };
  }
  if (cacheable) cache.set(text, { options: optionsKey, analysis, next: count < maxOptionsPerText ? first : undefined });
  return analysis;
}

/** The options as a short string, "" for the defaults (no holes, no ignored tables, default schemas). */
function cacheKey(options: AnalyzeOptions): string {
  const { holes, ignoreTables, allowedSchemas } = options;
  if (holes === undefined && ignoreTables === undefined && allowedSchemas === undefined) return "";
  let key = "";
  if (Array.isArray(holes)) for (const hole of holes) key += `${hole?.start},${hole?.end};`;
  key += "\u0001";
  if (Array.isArray(ignoreTables)) key += ignoreTables.join("\u0002");
  key += "\u0001";
  key += Array.isArray(allowedSchemas) ? allowedSchemas.join("\u0002") : "-";
  return key === "\u0001\u0001-" ? "" : key;
}

/** Empties the analysis cache (tests that measure uncached cost). */
export function clearSqlCache(): void {
  cache.clear();
}
