import { Linter } from "eslint";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { skipWithoutCorpus } from "../support/corpus.js";
import { asTemplateBody, failures, linterConfig, readCorpus, type CorpusFile } from "./support.js";

/** What the rules reported about one corpus file, by message. */
type Counts = Record<string, number>;

const COMPARED = ["bareTable", "hardcodedSchema", "searchPathChange"];
const FILES_PER_MODULE = 25;

function count(messages: Linter.LintMessage[]): Counts {
  const counts: Counts = {};
  for (const message of messages) {
    if (message.messageId && COMPARED.includes(message.messageId)) counts[message.messageId] = (counts[message.messageId] ?? 0) + 1;
  }
  return counts;
}

// Each test lints the whole corpus; on a shared 2-core machine it may need more than the default.
const SLOW = 120_000;

describe("the SQL rules over the PostgreSQL corpus (../shared/corpus/pg-sql)", () => {
  let corpus: CorpusFile[] = [];
  const asSqlFile = new Map<string, Counts>();
  const linter = new Linter({ configType: "flat" });

  beforeAll(() => {
    corpus = readCorpus();
  });
  beforeEach(skipWithoutCorpus);

  it("reads all 506 files of the corpus", () => {
    expect(corpus).toHaveLength(506);
  });

  it("lints every file as a .sql migration without a crash", () => {
    const crashes: string[] = [];
    const totals: Counts = {};
    for (const file of corpus) {
      try {
        const messages = linter.verify(file.text, linterConfig, `corpus/${file.name}`);
        const failed = failures(messages);
        if (failed.length > 0) crashes.push(`${file.name}: ${failed[0]?.message}`);
        asSqlFile.set(file.name, count(messages));
        for (const message of messages) totals[message.messageId ?? "?"] = (totals[message.messageId ?? "?"] ?? 0) + 1;
      } catch (error) {
        crashes.push(`${file.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    console.info(`corpus as .sql: ${corpus.length} files, reports ${JSON.stringify(totals)}`);
    expect(crashes).toEqual([]);
  }, SLOW);

  it("lints every file wrapped as db.execute(`…`) in TypeScript without a crash, reporting what the .sql file got", () => {
    const crashes: string[] = [];
    const mismatches: string[] = [];
    let reports = 0;
    for (let first = 0; first < corpus.length; first += FILES_PER_MODULE) {
      const batch = corpus.slice(first, first + FILES_PER_MODULE);
      // Each file's call starts on a known line, so every report can be traced back to its file.
      const lines: number[] = [];
      let code = "export async function run(db: Db): Promise<void> {\n";
      for (const file of batch) {
        lines.push(code.split("\n").length);
        code += `  await db.execute(\`${asTemplateBody(file.text)}\`);\n`;
      }
      code += "}\n";
      let messages: Linter.LintMessage[];
      try {
        messages = linter.verify(code, linterConfig, `batch-${first}.ts`);
      } catch (error) {
        crashes.push(`${batch.map((file) => file.name).join(", ")}: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      const failed = failures(messages);
      if (failed.length > 0) crashes.push(`batch ${first}: ${failed[0]?.message}`);
      reports += messages.length;
      batch.forEach((file, index) => {
        const from = lines[index] as number;
        const to = lines[index + 1] ?? Number.POSITIVE_INFINITY;
        const counts = count(messages.filter((message) => message.line >= from && message.line < to));
        const expected = asSqlFile.get(file.name) ?? {};
        if (JSON.stringify(counts, COMPARED) !== JSON.stringify(expected, COMPARED)) {
          mismatches.push(`${file.name}: ts ${JSON.stringify(counts)} vs sql ${JSON.stringify(expected)}`);
        }
      });
    }
    console.info(`corpus as TypeScript: ${corpus.length} files in ${Math.ceil(corpus.length / FILES_PER_MODULE)} modules, ${reports} reports`);
    expect(crashes).toEqual([]);
    expect(mismatches).toEqual([]);
  }, SLOW);
});
