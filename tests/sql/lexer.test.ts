import { readFileSync } from "node:fs";
import fc from "fast-check";
import { loadModule, scanSync } from "libpg-query";
import { beforeAll, describe, expect, it } from "vitest";
import { sqlComments } from "../../sql/index.js";
import { lex } from "../../sql/lexer.js";
import { ByteOffsets, codePointToIndex } from "../../sql/text.js";
import { corpusSqlFiles, skipWithoutCorpus } from "../support/corpus.js";


/**
 * Spans of PostgreSQL's own scanner as string indices, only comments (`comments: true`) or all but
 * comments; undefined when it cannot scan the text.
 */
function postgresSpans(sql: string, comments: boolean): [number, number][] | undefined {
  let tokens;
  try {
    tokens = scanSync(sql).tokens;
  } catch {
    return undefined;
  }
  const bytes = new ByteOffsets(sql);
  return tokens
    .filter((token) => (token.tokenName === "SQL_COMMENT" || token.tokenName === "C_COMMENT") === comments)
    .map((token) => [bytes.toIndex(token.start), bytes.toIndex(token.end)]);
}

const postgresTokens = (sql: string): [number, number][] | undefined => postgresSpans(sql, false);
const postgresComments = (sql: string): [number, number][] | undefined => postgresSpans(sql, true);
const commentSpans = (sql: string): [number, number][] => sqlComments(sql).map((comment) => [comment.start, comment.end]);

/** Spans by the engine against spans by PostgreSQL's scanner on every corpus file the scanner takes. */
function compareOnCorpus(
  expectedOf: (sql: string) => [number, number][] | undefined,
  actualOf: (sql: string) => [number, number][],
): { files: number; spans: number; disagreements: string[] } {
  let files = 0;
  let spans = 0;
  const disagreements: string[] = [];
  for (const file of corpusSqlFiles()) {
    const sql = readFileSync(file, "utf8");
    const expected = expectedOf(sql);
    if (expected === undefined) continue;
    files++;
    spans += expected.length;
    const actual = actualOf(sql);
    const at = expected.findIndex((span, index) => span[0] !== actual[index]?.[0] || span[1] !== actual[index]?.[1]);
    if (at !== -1 || actual.length !== expected.length) disagreements.push(`${file} at span ${at}`);
  }
  return { files, spans, disagreements };
}

beforeAll(async () => {
  await loadModule();
});

describe("lexer", () => {
  it("splits like PostgreSQL's scanner on tricky tokens", () => {
    const samples = [
      "SELECT 'it''s', E'a\\'b', $$x$$, $tag$ $$ $tag$, \"q\"\"i\", U&\"d\\0061t\", B'01', X'ff', N'n', a$b, $1, 1.5e3, .5, 1..2, 0x1F, 1_000",
      "SELECT a::int, b := 1, c => 2, x=-1, y<>-1, z @> w, p ->> 'k', /* nested /* comment */ */ 1 -- tail",
      "SELECT 'first'\n  'second' -- continued\n'third', 'no' 'continuation'",
      "SELECT 'é✓😀', \"ünï\" FROM ü",
      "SELECT 1 -- a lone CR ends a comment\rFROM t",
    ];
    for (const sql of samples) {
      expect(lex(sql).map((token) => [token.start, token.end]), sql).toEqual(postgresTokens(sql));
    }
  });

  it("marks unterminated strings, identifiers and dollar quotes and runs them to the end", () => {
    for (const sql of ["SELECT 'abc", 'SELECT "abc', "SELECT $x$abc", "SELECT E'\\"]) {
      const last = lex(sql).at(-1)!;
      expect(last).toMatchObject({ end: sql.length, unterminated: true });
    }
  });

  it("agrees with scanSync on every corpus file it can scan", (context) => {
    skipWithoutCorpus(context);
    const { files, spans, disagreements } = compareOnCorpus(postgresTokens, (sql) => lex(sql).map((token) => [token.start, token.end]));
    expect(disagreements).toEqual([]);
    expect(files).toBeGreaterThan(480);
    expect(spans).toBeGreaterThan(900_000);
  });
});

describe("sqlComments", () => {
  it("finds line and block comments with their text, nested block comments as one", () => {
    const sql = "SELECT 1; -- one\n/* two /* nested */ */ SELECT 2 /**/; --";
    expect(sqlComments(sql)).toEqual([
      { kind: "line", start: 10, end: 16, value: " one" },
      { kind: "block", start: 17, end: 39, value: " two /* nested */ " },
      { kind: "block", start: 49, end: 53, value: "" },
      { kind: "line", start: 55, end: 57, value: "" },
    ]);
    expect(commentSpans(sql)).toEqual(postgresComments(sql));
  });

  it("ends a -- comment at LF or CR, and finds comments inside operators like PostgreSQL", () => {
    for (const sql of ["SELECT 1 -- a\rFROM x", "SELECT 1 -- a\r\nFROM x", "SELECT 1+-- c\n2", "SELECT 1*/* c */2, a--b\n", "SELECT 1 /*/ x */"]) {
      expect(commentSpans(sql), JSON.stringify(sql)).toEqual(postgresComments(sql));
    }
    expect(sqlComments("SELECT 1 -- a\rFROM x")[0]).toMatchObject({ value: " a" });
  });

  it("does not find comments inside strings, dollar quotes or quoted names", () => {
    const sql = "SELECT '-- no', E'\\' /* no', $$ /* no */ $$, $t$ -- no $t$, \"a--b\", U&'/*' /* yes */";
    expect(sqlComments(sql).map((comment) => comment.value)).toEqual([" yes "]);
    expect(commentSpans(sql)).toEqual(postgresComments(sql));
  });

  it("is total: unterminated comments run to the end, and text after an unterminated quote has none", () => {
    expect(sqlComments("SELECT 1 /* open /* nested */ still open")).toEqual([
      { kind: "block", start: 9, end: 40, value: " open /* nested */ still open" },
    ]);
    expect(sqlComments("SELECT 'open -- not a comment")).toEqual([]);
    expect(sqlComments("-- only\r\n-- comments")).toEqual([
      { kind: "line", start: 0, end: 7, value: " only" },
      { kind: "line", start: 9, end: 20, value: " comments" },
    ]);
    expect(sqlComments("")).toEqual([]);
    expect(sqlComments(undefined as unknown as string)).toEqual([]);
  });

  it("never throws, keeps its comments in the text in order, and agrees with scanSync wherever it can scan", () => {
    const unit = fc.constantFrom(..."-/*'\"$\\\n\r eE&uU;a1".split(""), "$$", "$t$", "--", "/*", "*/");
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80, unit: "binary" }), fc.array(unit, { maxLength: 60 }).map((parts) => parts.join(""))), (sql) => {
        let at = 0;
        for (const comment of sqlComments(sql)) {
          expect(comment.start).toBeGreaterThanOrEqual(at);
          expect(comment.end).toBeLessThanOrEqual(sql.length);
          expect(sql.startsWith(comment.kind === "line" ? "--" : "/*", comment.start)).toBe(true);
          at = comment.end;
        }
        // NUL ends the C string and a lone surrogate is not UTF-8: scanSync sees another text there.
        const expected = /[\u0000\ud800-\udfff]/.test(sql) ? undefined : postgresComments(sql);
        if (expected !== undefined) expect(commentSpans(sql)).toEqual(expected);
      }),
      { numRuns: 3_000, seed: 7 },
    );
  });

  it("agrees with scanSync on every corpus file it can scan", (context) => {
    skipWithoutCorpus(context);
    const { files, spans, disagreements } = compareOnCorpus(postgresComments, commentSpans);
    expect(disagreements).toEqual([]);
    expect(files).toBeGreaterThan(480);
    expect(spans).toBeGreaterThan(10_000);
  });
});

describe("codePointToIndex", () => {
  it("counts a surrogate pair as one character", () => {
    expect(codePointToIndex("a😀b", 2)).toBe(3);
    expect(codePointToIndex("a😀b", 0)).toBe(0);
    expect(codePointToIndex("ab", 9)).toBe(2);
  });
});
