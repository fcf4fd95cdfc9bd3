import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
import plugin from "../../index.js";
import { docsUrl } from "../../estree/create-rule.js";

// Meta-tests in the spirit of eslint-plugin-unicorn's test/package.js: every file in rules/ is a
// complete rule (index entry, doc, test, metadata), and the configs are what the metadata says.

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "../..");
const read = (file: string): string => readFileSync(path.join(root, file), "utf8");

interface RuleMeta {
  type?: string;
  docs?: { description?: string; url?: string; recommended?: unknown; requiresTypeChecking?: boolean };
  messages?: Record<string, string>;
  schema?: unknown;
  fixable?: string;
  hasSuggestions?: boolean;
  languages?: unknown;
}
type Rule = { name?: string; meta: RuleMeta; create: unknown };

const rules = plugin.rules as unknown as Record<string, Rule>;
const ruleNames = readdirSync(path.join(root, "rules"))
  .filter((file) => file.endsWith(".ts") && file !== "index.ts")
  .map((file) => file.slice(0, -".ts".length))
  .sort();
const KNOWN_LANGUAGES = ["js/js", "pgdbm/sql"];

/** The option names a rule's schema declares (object options, any depth of `items`). */
function optionNames(schema: unknown): string[] {
  const names: string[] = [];
  const visit = (node: unknown): void => {
    if (typeof node !== "object" || node === null) return;
    const record = node as Record<string, unknown>;
    if (typeof record.properties === "object" && record.properties !== null) names.push(...Object.keys(record.properties));
    if (Array.isArray(node)) node.forEach(visit);
    if (record.items) visit(record.items);
  };
  visit(schema);
  return names;
}

/** The JS block and the `.sql` block of a config, by the file patterns they apply to. */

describe("every rule file", () => {
  it("finds the rules", () => {
    expect(ruleNames.length).toBeGreaterThanOrEqual(14);
  });

  it.each(ruleNames)("%s is exported from rules/index.ts under its file name, and nothing else is", (name) => {
    expect(rules[name], `'${name}' is not in rules/index.ts`).toBeDefined();
    expect(rules[name]?.name).toBe(name);
  });

  it("rules/index.ts exports no rule without a file", () => {
    expect(Object.keys(rules).sort()).toEqual(ruleNames);
  });

  it.each(ruleNames)("%s has a doc page and a test file", (name) => {
    expect(existsSync(path.join(root, "docs/rules", `${name}.md`)), `docs/rules/${name}.md`).toBe(true);
    expect(existsSync(path.join(root, "tests/rules", `${name}.test.ts`)), `tests/rules/${name}.test.ts`).toBe(true);
  });

  it.each(ruleNames)("%s has complete metadata", (name) => {
    const meta = rules[name]?.meta;
    expect(meta).toBeDefined();
    if (!meta) return;
    expect(["problem", "suggestion", "layout"]).toContain(meta.type);
    expect(meta.docs?.description).toMatch(/^(Enforce|Require|Disallow) /);
    expect(meta.docs?.description).not.toMatch(/\.$/);
    expect(meta.docs?.url).toBe(docsUrl(name));
    expect(meta.docs?.url).toMatch(new RegExp(`/docs/rules/${name}\\.md$`));
    expect([undefined, "recommended", "strict"]).toContain(meta.docs?.recommended);
    expect(meta.schema, "an options schema ([] when there are no options)").toBeDefined();
    expect(Object.keys(meta.messages ?? {}).length).toBeGreaterThan(0);
  });

  it.each(ruleNames)("%s declares the languages it lints (meta.languages)", (name) => {
    const languages = rules[name]?.meta.languages;
    expect(Array.isArray(languages) && languages.length > 0, "meta.languages is a non-empty array").toBe(true);
    for (const language of languages as unknown[]) expect(KNOWN_LANGUAGES).toContain(language);
    expect(languages).toContain("js/js");
  });

  it.each(ruleNames)("%s uses every message ID it declares, with camelCase IDs, and its tests check each", (name) => {
    const source = read(`rules/${name}.ts`);
    const tests = existsSync(path.join(root, "tests/rules", `${name}.test.ts`)) ? read(`tests/rules/${name}.test.ts`) : "";
    for (const id of Object.keys(rules[name]?.meta.messages ?? {})) {
      expect(id).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      expect(source, `rules/${name}.ts never uses "${id}"`).toMatch(new RegExp(`["'\`]${id}["'\`]`));
      expect(tests, `tests/rules/${name}.test.ts never checks "${id}"`).toMatch(new RegExp(`messageId: ["'\`]${id}["'\`]`));
    }
  });

  it.each(ruleNames)("%s declares fixes and suggestions exactly when it makes them", (name) => {
    const meta = rules[name]?.meta ?? {};
    const source = read(`rules/${name}.ts`);
    const tests = read(`tests/rules/${name}.test.ts`);
    if (meta.fixable) expect(tests, "a fixable rule's tests show a fixed output").toMatch(/output: (?!null)/);
    if (meta.hasSuggestions) {
      expect(source).toMatch(/suggest/);
      expect(tests, "a rule with suggestions tests their output").toMatch(/suggestions: \[\s*\{/);
    }
  });
});

describe("every rule doc", () => {
  it.each(ruleNames)("%s has the generated header, ❌/✅ examples and when not to use it", (name) => {
    const file = path.join(root, "docs/rules", `${name}.md`);
    if (!existsSync(file)) return expect.fail(`docs/rules/${name}.md is missing`);
    const doc = readFileSync(file, "utf8");
    expect(doc.split("\n")[0]).toContain(`(\`pgdbm/${name}\`)`);
    expect(doc).toContain("<!-- end auto-generated rule header -->");
    expect(doc).toMatch(/^## ❌ Fail$/m);
    expect(doc).toMatch(/^## ✅ Pass$/m);
    expect(doc).toMatch(/^## When not to use it$/m);
  });

  it.each(ruleNames)("%s documents each of its options", (name) => {
    const options = optionNames(rules[name]?.meta.schema);
    if (options.length === 0) return;
    const doc = read(`docs/rules/${name}.md`);
    const section = doc.slice(doc.search(/^## Options$/m));
    expect(doc).toMatch(/^## Options$/m);
    for (const option of options) expect(section, `option ${option}`).toContain(option);
  });

  it("README lists every rule (generated by eslint-doc-generator)", () => {
    const readme = read("README.md");
    const list = readme.slice(readme.indexOf("<!-- begin auto-generated rules list -->"), readme.indexOf("<!-- end auto-generated rules list -->"));
    for (const name of ruleNames) expect(list).toContain(`[${name}](docs/rules/${name}.md)`);
  });

  it("the generator's configuration is checked in and `docs:check` is a script", () => {
    expect(existsSync(path.join(root, ".eslint-doc-generatorrc.js"))).toBe(true);
    const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;
    expect(scripts.docs).toMatch(/eslint-doc-generator$/);
    expect(scripts["docs:check"]).toMatch(/eslint-doc-generator --check$/);
  });
});

describe("the configs", () => {
  const level = (name: string): unknown => rules[name]?.meta.docs?.recommended;
  const expected = {
    recommended: ruleNames.filter((name) => level(name) === "recommended"),
    strict: ruleNames.filter((name) => level(name) === "recommended" || level(name) === "strict"),
    all: ruleNames,
  };

  it.each(["recommended", "strict", "all"] as const)("%s enables exactly the rules its metadata says, as errors", (config) => {
    const { rules: js, files } = plugin.configs[config];
    expect(files).toEqual(["**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}"]);
    const jsRules = expected[config].filter((name) => (rules[name]?.meta.languages as string[]).includes("js/js"));
    expect(Object.keys(js).sort()).toEqual(jsRules.map((name) => `pgdbm/${name}`));
    expect(new Set(Object.values(js))).toEqual(new Set(["error"]));
  });

  it("sql holds every rule that reads .sql files, for **/*.sql through the pgdbm/sql language", () => {
    const { rules: sql, files, language } = plugin.configs.sql;
    expect(files).toEqual(["**/*.sql"]);
    expect(language).toBe("pgdbm/sql");
    const sqlRules = ruleNames.filter((name) => (rules[name]?.meta.languages as string[]).includes("pgdbm/sql"));
    expect(sqlRules.length).toBeGreaterThanOrEqual(3);
    expect(sqlRules.every((name) => level(name) === "recommended")).toBe(true);
    expect(Object.keys(sql).sort()).toEqual(sqlRules.map((name) => `pgdbm/${name}`));
    expect(new Set(Object.values(sql))).toEqual(new Set(["error"]));
  });

  it("strict is recommended plus the strict-only rules; recommended is not everything", () => {
    expect(expected.strict).toEqual(expect.arrayContaining(expected.recommended));
    expect(expected.strict.length).toBeGreaterThan(expected.recommended.length);
    expect(expected.all.length).toBeGreaterThanOrEqual(expected.strict.length);
    expect(expected.strict).toContain("prefer-test-fixtures");
    expect(expected.recommended).not.toContain("prefer-test-fixtures");
  });

  it.each(["recommended", "strict", "all", "sql"] as const)("%s registers the plugin itself (flat-config ready)", (config) => {
    expect(plugin.configs[config].plugins?.pgdbm).toBe(plugin);
  });

  it.each(["recommended", "strict", "all"] as const)("%s is a valid flat config, as ESLint resolves it for a .ts file", async (config) => {
    const eslint = new ESLint({
      cwd: root,
      overrideConfigFile: true,
      overrideConfig: [{ files: ["**/*.ts"], languageOptions: { parser: tseslint.parser } }, plugin.configs[config]],
    });
    const resolved = (await eslint.calculateConfigForFile("src/service.ts")) as { rules: Record<string, unknown> };
    const pgdbmRules = Object.keys(resolved.rules).filter((id) => id.startsWith("pgdbm/"));
    expect(pgdbmRules.sort()).toEqual(expected[config].map((name) => `pgdbm/${name}`));
  });

  // The configs are objects, so each of the ways users write a flat config works.
  const userConfigs = {
    "export default [pgdbm.configs.recommended]": [
      { files: ["**/*.ts"], languageOptions: { parser: tseslint.parser } },
      plugin.configs.recommended,
    ],
    "export default defineConfig([pgdbm.configs.recommended])": defineConfig([
      { files: ["**/*.ts"], languageOptions: { parser: tseslint.parser } },
      plugin.configs.recommended,
    ]),
    "export default defineConfig({ extends: [pgdbm.configs.recommended] })": defineConfig({
      files: ["**/*.ts"],
      languageOptions: { parser: tseslint.parser },
      extends: [plugin.configs.recommended],
    }),
  };

  it.each(Object.keys(userConfigs))("works written as a user writes it: %s", async (written) => {
    const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: userConfigs[written as keyof typeof userConfigs] });
    const [result] = await eslint.lintText(
      `import { AsyncMigrationManager } from "eslint-plugin-pgdbm/runtime";\nnew AsyncMigrationManager(db, "migrations");\n`,
      { filePath: path.join(root, "src/users.ts") },
    );
    expect(result?.messages.map((message) => [message.ruleId, message.line])).toEqual([["pgdbm/require-module-name", 2]]);
  });
});
