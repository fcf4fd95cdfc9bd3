import { readFileSync } from "node:fs";
import { loadModule, scanSync } from "libpg-query";
import { beforeAll, describe, expect, it } from "vitest";
import { lex } from "../../sql/lexer.js";
import { ByteOffsets, codePointToIndex } from "../../sql/text.js";
import { corpusPresent, corpusSqlFiles } from "../support/corpus.js";


/** Token boundaries from PostgreSQL's own scanner, as string indices, comments left out. */
function postgresTokens(sql: string): [number, number][] | undefined {
  let tokens;
  try {
    tokens = scanSync(sql).tokens;
  } catch {
    return undefined;
  }
  const bytes = new ByteOffsets(sql);
  return tokens
    .filter((token) => token.tokenName !== "SQL_COMMENT" && token.tokenName !== "C_COMMENT")
    .map((token) => [bytes.toIndex(token.start), bytes.toIndex(token.end)]);
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

  it.skipIf(!corpusPresent)("agrees with scanSync on every corpus file it can scan", () => {
    let files = 0;
    let tokens = 0;
    const disagreements: string[] = [];
    for (const file of corpusSqlFiles()) {
      const sql = readFileSync(file, "utf8");
      const expected = postgresTokens(sql);
      if (expected === undefined) continue;
      files++;
      tokens += expected.length;
      const actual = lex(sql).map((token) => [token.start, token.end]);
      const at = expected.findIndex((token, index) => token[0] !== actual[index]?.[0] || token[1] !== actual[index]?.[1]);
      if (at !== -1 || actual.length !== expected.length) disagreements.push(`${file} at token ${at}`);
    }
    expect(disagreements).toEqual([]);
    expect(files).toBeGreaterThan(480);
    expect(tokens).toBeGreaterThan(900_000);
  });
});

describe("codePointToIndex", () => {
  it("counts a surrogate pair as one character", () => {
    expect(codePointToIndex("a😀b", 2)).toBe(3);
    expect(codePointToIndex("a😀b", 0)).toBe(0);
    expect(codePointToIndex("ab", 9)).toBe(2);
  });
});
