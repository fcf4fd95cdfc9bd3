// Robustness over ../shared/corpus/pg-sql (PostgreSQL's regression SQL, the PL/pgSQL tests and the
// pgsql-parser kitchen sink), read where it lies: every file, then every statement on its own.
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { analyzeSql, clearSqlCache, loadSqlParser, type SqlAnalysis } from "../../sql/index.js";
import { spanProblems } from "./helpers.js";
import { corpusDir, corpusPresent, corpusSqlFiles, skipWithoutCorpus } from "../support/corpus.js";

const corpus = corpusDir;
const present = corpusPresent;

/** Statements that use psql (`\d`, `\gset`, `:var`, COPY data lines), not SQL: expected to fail. */
function usesPsql(statement: string): boolean {
  return /(^|\n)\s*\\|\\(g|gset|gexec|gdesc|;|\.)|:'?"?[A-Za-z_]/.test(statement);
}

beforeAll(async () => {
  await loadSqlParser();
});

describe(`corpus ${corpus}`, () => {
  beforeEach(skipWithoutCorpus);
  const files = present ? corpusSqlFiles() : [];
  const analyses = new Map<string, { sql: string; analysis: SqlAnalysis }>();

  it("analyses every file without throwing, with every span in range", () => {
    const thrown: string[] = [];
    const badSpans: string[] = [];
    for (const file of files) {
      const sql = readFileSync(file, "utf8");
      try {
        const analysis = analyzeSql(sql);
        analyses.set(file, { sql, analysis });
        badSpans.push(...spanProblems(sql, analysis).map((problem) => `${relative(corpus, file)}: ${problem}`));
        if (analysis.errors.some((error) => error.message.startsWith("internal error"))) thrown.push(relative(corpus, file));
      } catch (error) {
        thrown.push(`${relative(corpus, file)}: ${String(error)}`);
      }
    }
    expect(thrown).toEqual([]);
    expect(badSpans).toEqual([]);
    expect(files.length).toBeGreaterThanOrEqual(500);

    const totals = { statements: 0, errors: 0, relations: 0, templated: 0, fromScan: 0 };
    const kinds = new Map<string, number>();
    for (const { analysis } of analyses.values()) {
      totals.statements += analysis.statements.length;
      totals.errors += analysis.errors.length;
      totals.relations += analysis.relations.length;
      for (const ref of analysis.relations) {
        kinds.set(ref.kind, (kinds.get(ref.kind) ?? 0) + 1);
        if (ref.fromScan) totals.fromScan++;
      }
    }
    console.info(`corpus: ${files.length} files, ${totals.statements} statements, ${totals.errors} parse errors, ${totals.relations} relations (${totals.fromScan} from the fallback scan)`, Object.fromEntries(kinds));
    expect(totals.statements).toBeGreaterThan(60_000);
    expect(totals.relations).toBeGreaterThan(40_000);
    for (const kind of ["bare", "qualified", "cte", "catalog", "temporary"]) expect(kinds.get(kind) ?? 0, kind).toBeGreaterThan(100);
  });

  it("parses every kitchen-sink statement, and fails elsewhere only on psql syntax and deliberate errors", () => {
    const failures: string[] = [];
    let sqlFailures = 0;
    let statements = 0;
    for (const [file, { sql, analysis }] of analyses) {
      statements += analysis.statements.length;
      for (const error of analysis.errors) {
        const statement = analysis.statements.find((span) => span.start <= error.offset && error.offset <= span.end);
        const text = statement ? sql.slice(statement.start, statement.end) : "";
        if (usesPsql(text)) continue;
        sqlFailures++;
        failures.push(`${relative(corpus, file)}@${error.offset}: ${error.message}: ${text.slice(0, 80).replace(/\s+/g, " ")}`);
      }
    }
    console.info(`corpus: ${sqlFailures} of ${statements} statements fail without psql syntax (PostgreSQL's own error tests)`);
    expect(failures.filter((failure) => failure.startsWith("kitchen-sink"))).toEqual([]);
    // The regression suite tests its own syntax errors; more than 1% failing would mean the engine splits or masks wrongly.
    if (sqlFailures > statements * 0.01) expect(failures).toEqual([]);
  });

  it("finds the same relations in each statement on its own as in its file, at the same offsets", () => {
    clearSqlCache();
    const mismatches: string[] = [];
    const thrown: string[] = [];
    let analysed = 0;
    for (const [file, { sql, analysis }] of analyses) {
      for (const statement of analysis.statements) {
        const text = sql.slice(statement.start, statement.end);
        let alone: SqlAnalysis;
        try {
          alone = analyzeSql(text);
        } catch (error) {
          thrown.push(`${relative(corpus, file)}@${statement.start}: ${String(error)}`);
          continue;
        }
        analysed++;
        const inFile = analysis.relations
          .filter((ref) => ref.start >= statement.start && ref.end <= statement.end)
          .map((ref) => `${ref.start - statement.start}-${ref.end - statement.start} ${ref.name}`);
        const own = alone.relations.map((ref) => `${ref.start}-${ref.end} ${ref.name}`);
        if (inFile.join() !== own.join() && mismatches.length < 20) {
          mismatches.push(`${relative(corpus, file)}@${statement.start}: file [${inFile.join(", ")}] alone [${own.join(", ")}]`);
        }
      }
    }
    expect(thrown).toEqual([]);
    expect(mismatches).toEqual([]);
    expect(analysed).toBeGreaterThan(60_000);
  });
});
