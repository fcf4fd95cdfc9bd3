import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Recipe } from "../../codemods/support/rule-runner.js";
import { recipeOf, transforms } from "../../codemods/index.js";
import type { Transform } from "../../codemods/support/transform.js";
import { configWithRules, fixtureCases, lintText, recommendedConfig, type FixtureCase } from "./support.js";

const require = createRequire(import.meta.url);
const { applyTransform } = require("jscodeshift/dist/testUtils.js") as {
  applyTransform: (module: { default: Transform }, options: object, input: { path: string; source: string }) => string;
};

const SPEC_TRANSFORMS = [
  "tables-template",
  "add-module-name",
  "remove-migration-schema-option",
  "remove-pooled-connect",
  "cleanup-in-finally",
  "shared-pool",
  "conditional-close",
  "all",
] as const;

function run(transform: Transform, source: string, fixture: FixtureCase): { result: string | undefined; reports: string[] } {
  const reports: string[] = [];
  const result = transform({ path: fixture.inputPath, source }, { report: (message: string) => reports.push(message) }, fixture.options);
  return { result, reports };
}

/** Each expected substring is found in a report of its own, and there are no other reports. */
function expectReports(reports: readonly string[], expected: readonly string[]): void {
  const left = [...reports];
  for (const fragment of expected) {
    const index = left.findIndex((report) => report.includes(fragment));
    expect(index, `no report contains: ${fragment}\nreports:\n${reports.join("\n")}`).toBeGreaterThanOrEqual(0);
    left.splice(index, 1);
  }
  expect(left, "reports the fixture does not expect").toEqual([]);
}

/** The rules a recipe applies and the suggestion each one's reports are fixed with. */
function designated(recipes: readonly Recipe[]): Map<string, string | undefined> {
  const uses = new Map<string, string | undefined>();
  for (const recipe of recipes) {
    for (const use of recipe.uses) if (use.rule.startsWith("pgdbm/")) uses.set(use.rule, use.suggestion);
  }
  return uses;
}

it("offers exactly the transforms of SPEC §6", () => {
  expect(Object.keys(transforms).sort()).toEqual([...SPEC_TRANSFORMS].sort());
});

for (const name of SPEC_TRANSFORMS) {
  const transform = transforms[name];
  const cases = fixtureCases(name);
  const recipes = name === "all" ? Object.values(recipeOf) : [recipeOf[name]];
  const uses = designated(recipes);

  describe(name, () => {
    it("has fixtures, among them one it changes and one it must leave alone", () => {
      expect(cases.some((fixture) => fixture.input !== fixture.output)).toBe(true);
      expect(cases.some((fixture) => fixture.input === fixture.output)).toBe(true);
    });

    for (const fixture of cases) {
      describe(fixture.name, () => {
        it("input → output, byte for byte, with the expected reports", () => {
          const { result, reports } = run(transform, fixture.input, fixture);
          if (fixture.input === fixture.output) expect(result).toBeUndefined();
          else expect(result).toBe(fixture.output);
          expectReports(reports, fixture.reports);
        });

        it("output → output: a second run changes nothing", () => {
          const { result, reports } = run(transform, fixture.output, fixture);
          expect(result).toBeUndefined();
          expectReports(reports, fixture.reports);
        });

        it("the output passes the transform's rules (real ESLint), except where the transform said why not", async () => {
          const { reports } = run(transform, fixture.output, fixture);
          const messages = await lintText(fixture.output, fixture.inputPath, configWithRules([...uses.keys()], fixture.options));
          expect(messages.filter((message) => message.fatal)).toEqual([]);
          const fixable = messages.filter((message) => {
            const suggestion = message.ruleId ? uses.get(message.ruleId) : undefined;
            return message.fix !== undefined || message.suggestions?.some((candidate) => candidate.messageId === suggestion);
          });
          // A rewrite the rule offers is left undone only where the transform checked it and said why.
          const unexplained = fixable.filter(
            (message) => !reports.some((report) => report.startsWith(`line ${message.line}: `) && report.includes("left unchanged: ")),
          );
          expect(unexplained.map((message) => `${message.line}:${message.column} ${message.ruleId}: ${message.message}`)).toEqual([]);
          // Everything the rules still report is what the transform reported as left alone, one for one.
          const said = [...reports];
          for (const message of messages) {
            const index = said.findIndex(
              (report) => report.startsWith(`line ${message.line}: `) && report.includes(`${message.ruleId}: ${message.message}`),
            );
            expect(index, `not reported by the transform: ${message.line}:${message.column} ${message.message}`).toBeGreaterThanOrEqual(0);
            said.splice(index, 1);
          }
          expect(said).toEqual([]);
        });
      });
    }
  });
}

describe("all: the recommended config on the outputs", () => {
  for (const fixture of fixtureCases("all")) {
    it(`${fixture.name}: no fixable violation left`, async () => {
      const messages = await lintText(fixture.output, fixture.inputPath, recommendedConfig());
      expect(messages.filter((message) => message.fatal)).toEqual([]);
      expect(messages.filter((message) => message.fix).map((message) => `${message.ruleId}: ${message.message}`)).toEqual([]);
    });
  }
});

describe("jscodeshift's own test harness", () => {
  // `applyTransform` trims the result (and gives "" for an unchanged file): compare trimmed.
  for (const name of SPEC_TRANSFORMS) {
    const fixture = fixtureCases(name).find((candidate) => candidate.input !== candidate.output);
    if (!fixture) continue;
    it(`${name}: runs as a jscodeshift module (${path.basename(fixture.inputPath)})`, () => {
      const output = applyTransform({ default: transforms[name] }, fixture.options, { path: fixture.inputPath, source: fixture.input });
      expect(output).toBe(fixture.output.trim());
    });
  }
});
