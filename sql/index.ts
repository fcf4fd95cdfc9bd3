// The SQL engine: pure functions on SQL text and string offsets (contract: sql/README.md).
// Nothing here imports ESLint, typescript-eslint or jscodeshift, and no exported function throws.
import { analyzeUncached } from "./analyze.js";
import { LruCache } from "./cache.js";
import type { AnalyzeOptions, SqlAnalysis } from "./types.js";
import { isSqlParserLoaded } from "./parser.js";

export type {
  AnalyzeOptions,
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

const cache = new LruCache<SqlAnalysis>(4000);
/** Longer texts (whole migration files) are analysed once per lint run anyway; keep them out of memory. */
const maxCachedLength = 200_000;

/**
 * Templates, relations, search_path changes and splice positions of `sql`. Results are cached by
 * (sql, options) and shared between callers: treat them as read-only.
 */
export function analyzeSql(sql: string, options: AnalyzeOptions = {}): SqlAnalysis {
  const text = typeof sql === "string" ? sql : "";
  const key = cacheKey(text, options ?? {});
  const cached = key === undefined ? undefined : cache.get(key);
  if (cached) return cached;
  let analysis: SqlAnalysis;
  try {
    analysis = analyzeUncached(text, options ?? {});
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
  if (key !== undefined) cache.set(key, analysis);
  return analysis;
}

function cacheKey(sql: string, options: AnalyzeOptions): string | undefined {
  if (sql.length > maxCachedLength) return undefined;
  // Fallback results (before the parser loads) must not outlive the load.
  const holes = Array.isArray(options.holes) ? options.holes.map((hole) => `${hole?.start},${hole?.end}`).join(";") : "";
  const ignore = Array.isArray(options.ignoreTables) ? options.ignoreTables.join(",") : "";
  const allowed = Array.isArray(options.allowedSchemas) ? options.allowedSchemas.join(",") : "-";
  return `${isSqlParserLoaded() ? 1 : 0}\u0000${holes}\u0000${ignore}\u0000${allowed}\u0000${sql}`;
}

/** Empties the analysis cache (tests that measure uncached cost). */
export function clearSqlCache(): void {
  cache.clear();
}
