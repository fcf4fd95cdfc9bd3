// The keyword set of sql/keywords.ts against the grammar libpg-query is built from: the keyword
// list stored in its WASM (PostgreSQL's ScanKeywords string) and the category its scanner reports
// for each word. A libpg-query upgrade that adds or moves a keyword fails here, not in a rule.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { loadModule, scanSync } from "libpg-query";
import { beforeAll, describe, expect, it } from "vitest";
import { notRelationName } from "../../sql/keywords.js";

/** PostgreSQL's keywords as the WASM stores them: one NUL-separated run, "abort" to "zone". */
function wasmKeywords(): string[] {
  const wasm = readFileSync(join(dirname(createRequire(import.meta.url).resolve("libpg-query")), "libpg-query.wasm"));
  const start = wasm.indexOf("abort\0absent\0absolute\0");
  expect(start).toBeGreaterThan(0);
  const words: string[] = [];
  for (let at = start; ; ) {
    const end = wasm.indexOf(0, at);
    const word = wasm.toString("latin1", at, end);
    if (!/^[a-z_]+$/.test(word)) break;
    words.push(word);
    at = end + 1;
  }
  return words;
}

beforeAll(async () => {
  await loadModule();
});

describe("keyword table", () => {
  it("holds exactly the keywords the scanner marks reserved or type/function names", () => {
    const words = wasmKeywords();
    expect(words.length).toBeGreaterThan(480);
    expect(words.at(-1)).toBe("zone");
    // keywordKind: 0 none, 1 UNRESERVED_KEYWORD, 2 COL_NAME_KEYWORD, 3 TYPE_FUNC_NAME_KEYWORD, 4 RESERVED_KEYWORD
    const neverNames = words.filter((word) => (scanSync(word).tokens[0]?.keywordKind ?? 0) >= 3);
    expect([...notRelationName].sort()).toEqual(neverNames.sort());
  });
});
