import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Linter } from "eslint";
import { describe, expect, it } from "vitest";
import { linterConfig } from "./support.js";

const docsDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../docs/rules");
const RULES = ["no-bare-table-name", "no-hardcoded-schema", "no-search-path", "no-sql-interpolation"];

/** The fenced ts/sql blocks of a section (`## ❌ Fail`, `## ✅ Pass`) of a rule's page. */
function examples(markdown: string, section: "❌ Fail" | "✅ Pass"): { language: "ts" | "sql"; code: string }[] {
  const start = markdown.indexOf(`## ${section}\n`);
  if (start < 0) return [];
  const end = markdown.indexOf("\n## ", start + 1);
  const body = markdown.slice(start, end < 0 ? undefined : end);
  return [...body.matchAll(/```(ts|sql)\n([\s\S]*?)```/g)].map((match) => ({ language: match[1] as "ts" | "sql", code: match[2] ?? "" }));
}

describe.each(RULES)("docs/rules/%s.md examples", (rule) => {
  const markdown = readFileSync(resolve(docsDir, `${rule}.md`), "utf8");
  const linter = new Linter({ configType: "flat" });
  const reportsOf = (example: { language: "ts" | "sql"; code: string }) =>
    linter
      .verify(example.code, linterConfig, example.language === "ts" ? "example.ts" : "example.sql")
      .filter((message) => message.ruleId === `pgdbm/${rule}` || message.fatal);

  it("keeps the generated header marker", () => {
    expect(markdown).toContain("<!-- end auto-generated rule header -->");
  });

  it("reports every ❌ example", () => {
    const fail = examples(markdown, "❌ Fail");
    expect(fail.length).toBeGreaterThan(0);
    for (const example of fail) expect(reportsOf(example), example.code).not.toEqual([]);
  });

  it("reports no ✅ example", () => {
    const pass = examples(markdown, "✅ Pass");
    expect(pass.length).toBeGreaterThan(0);
    for (const example of pass) expect(reportsOf(example), example.code).toEqual([]);
  });
});
