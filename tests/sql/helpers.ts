import { analyzeSql, type AnalyzeOptions, type SqlAnalysis } from "../../sql/index.js";

/** Each relation as `kind text-of-its-span`, in source order. */
export function relations(sql: string, options?: AnalyzeOptions): string[] {
  return analyzeSql(sql, options).relations.map((ref) => `${ref.kind} ${sql.slice(ref.start, ref.end)}`);
}

/** `${…}` splices of a JavaScript-like template as hole spans. */
export function holesOf(sql: string): { start: number; end: number }[] {
  return [...sql.matchAll(/\$\{[^}]*\}/g)].map((match) => ({ start: match.index, end: match.index + match[0].length }));
}

export function slices(sql: string, spans: readonly { start: number; end: number }[]): string[] {
  return spans.map((span) => sql.slice(span.start, span.end));
}

/** Every span of an analysis lies inside the text, starts before it ends, and lists are sorted. */
export function spanProblems(sql: string, analysis: SqlAnalysis): string[] {
  const problems: string[] = [];
  const check = (label: string, spans: readonly { start: number; end: number }[], sorted = true): void => {
    spans.forEach((span, index) => {
      if (!(Number.isInteger(span.start) && Number.isInteger(span.end) && 0 <= span.start && span.start <= span.end && span.end <= sql.length)) {
        problems.push(`${label}[${index}] out of bounds: ${span.start}..${span.end} of ${sql.length}`);
      }
      const previous = spans[index - 1];
      if (sorted && previous && previous.start > span.start) problems.push(`${label}[${index}] not sorted`);
    });
  };
  check("statements", analysis.statements);
  check("relations", analysis.relations);
  check("relations.nameSpan", analysis.relations.map((ref) => ref.nameSpan), false);
  check("relations.schemaSpan", analysis.relations.flatMap((ref) => (ref.schemaSpan ? [ref.schemaSpan] : [])), false);
  for (const ref of analysis.relations) {
    if (ref.nameSpan.start < ref.start || ref.nameSpan.end > ref.end) problems.push(`nameSpan outside its relation at ${ref.start}`);
  }
  check("searchPath", analysis.searchPath);
  check("holes", analysis.holes);
  check("templates", analysis.templates);
  check("templateProblems", analysis.templateProblems);
  check("errors", analysis.errors.map((error) => ({ start: error.offset, end: error.offset })));
  return problems;
}
