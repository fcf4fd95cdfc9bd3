// Per-file cost of each layer, in one warm process (after a JIT warm-up), to read next to a
// profile: what the floor itself is made of, and what the plugin adds on top of it.
//   node bench/suite/breakdown.mjs codemod [--files 120]   jscodeshift parse / parse + print, typescript-estree
//                                                          parse, ESLint verify with no rules, the `all` transform
//   node bench/suite/breakdown.mjs lint [--files 120]      ESLint verify with no rules, with a rule that only parses
//                                                          each query with libpg-query (the least a grammar-based
//                                                          rule can cost), with `recommended`; each rule's share from
//                                                          ESLint's stats; the SQL engine per statement (libpg-query
//                                                          parse vs analyzeSql)
// Needs the built dist/. Absolute figures depend on the machine's load; compare within one run.
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { Linter } from "eslint";
import * as tsParser from "@typescript-eslint/parser";
import { generateCorpus } from "../lint/generate.mjs";

const { values: options, positionals } = parseArgs({ allowPositionals: true, options: { files: { type: "string", default: "120" } } });
const [mode] = positionals;
const count = Number(options.files);
const corpus = resolve(generateCorpus(join("bench", ".out", "suite", "breakdown-corpus"), { files: count, queries: 20 }));
const files = readdirSync(join(corpus, "src")).map((name) => {
  const path = join(corpus, "src", name);
  return { path, source: readFileSync(path, "utf8") };
});
const half = files.length >> 1;

/**
 * ms per file of each variant: all variants warmed up on the first half of the corpus, then timed
 * on the second half in five rounds that alternate them; the median round counts.
 */
function perFile(variants) {
  for (const work of Object.values(variants)) for (const file of files.slice(0, half)) work(file);
  const rounds = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  for (let round = 0; round < 5; round += 1) {
    const names = Object.keys(variants);
    for (const name of round % 2 === 0 ? names : names.reverse()) {
      const started = performance.now();
      for (const file of files.slice(half)) variants[name](file);
      rounds[name].push((performance.now() - started) / (files.length - half));
    }
  }
  return Object.fromEntries(Object.entries(rounds).map(([name, list]) => [name, list.sort((a, b) => a - b)[2]]));
}

function print(label, ms, base) {
  console.log(`${label.padEnd(58)} ${ms.toFixed(2).padStart(7)} ms/file${base ? `  ${(ms / base).toFixed(2)}×` : ""}`);
}

function printAll(results) {
  const [base] = Object.values(results);
  for (const [label, ms] of Object.entries(results)) print(label, ms, base);
}

// Linter.verify normalizes a plain config array on every call; the ESLint class normalizes once per
// run. Normalize once here too (ESLint's own FlatConfigArray, reached by path: it is not exported),
// so the figures hold what a lint run pays per file and not config set-up.
const { FlatConfigArray } = createRequire(import.meta.url)(resolve("node_modules/eslint/lib/config/flat-config-array.js"));
const normalized = (config) => {
  const array = new FlatConfigArray(config, { basePath: resolve("bench", ".out", "suite") });
  array.normalizeSync();
  return array;
};
const plugin = (await import(resolve("dist/index.js"))).default;
// One cwd above both corpora: a file outside the cwd matches no config.
const linter = new Linter({ configType: "flat", cwd: resolve("bench", ".out", "suite") });
const floorEntries = [{ files: ["**/*.ts"], languageOptions: { parser: tsParser } }];
const floorConfig = normalized(floorEntries);
const recommendedConfig = normalized([
  ...floorEntries,
  ...[plugin.configs.recommended].flat().filter((entry) => entry.language === undefined).map((entry) => ({ ...entry, files: ["**/*.ts"] })),
]);

if (mode === "codemod") {
  const jscodeshift = createRequire(import.meta.url)("jscodeshift").withParser("ts");
  const { transforms } = await import(resolve("dist/codemods/index.js"));
  printAll(
    perFile({
      "jscodeshift parse + print (the floor)": (file) => jscodeshift(file.source).toSource(),
      "jscodeshift parse only": (file) => jscodeshift(file.source),
      "typescript-estree parse (tokens, comments, loc)": (file) =>
        tsParser.parseForESLint(file.source, { filePath: file.path, range: true, loc: true, tokens: true, comment: true }),
      "ESLint Linter.verify, no rules": (file) => linter.verify(file.source, floorConfig, { filename: file.path }),
      "`all` transform (pgdbm-codemod all)": (file) => transforms.all(file, { report: () => {} }, {}),
    }),
  );
} else if (mode === "lint") {
  // The least any rule built on the grammar can cost: one libpg-query parse of each query-method
  // string or template (templates and splices masked), nothing else — no offsets, no reports.
  const { parseSync } = await import("libpg-query");
  const QUERY_METHODS = new Set(["execute", "executeMany", "fetchOne", "fetchAll", "fetchValue", "executeAndReturnId", "prepareQuery"]);
  const grammarOnly = (withParse) => ({
    meta: { name: "grammar-only" },
    rules: {
      parse: {
        meta: { type: "problem", schema: [] },
        create(context) {
          const parse = (text) => {
            if (!withParse) return;
            try {
              parseSync(text.replace(/\{\{[^}]*\}\}/g, (template) => "t".repeat(template.length)));
            } catch {
              // not SQL on its own (a piece of a concatenation)
            }
          };
          return {
            CallExpression(node) {
              const first = node.arguments[0];
              if (node.callee.type !== "MemberExpression" || !QUERY_METHODS.has(node.callee.property.name) || !first) return;
              if (first.type === "Literal" && typeof first.value === "string") parse(first.value);
              else if (first.type === "TemplateLiteral") parse(first.quasis.map((quasi) => quasi.value.cooked ?? "").join("h1"));
              else if (first.type === "TaggedTemplateExpression") parse(first.quasi.quasis.map((quasi) => quasi.value.cooked ?? "").join("h1"));
              else if (first.type === "Identifier") {
                const variable = context.sourceCode.getScope(node).references.find((reference) => reference.identifier === first)?.resolved;
                const init = variable?.defs[0]?.node.init;
                if (init?.type === "Literal" && typeof init.value === "string") parse(init.value);
              }
            },
          };
        },
      },
    },
  });
  const withRule = (rulePlugin) => normalized([...floorEntries, { files: ["**/*.ts"], plugins: { grammar: rulePlugin }, rules: { "grammar/parse": "error" } }]);
  const discoveryConfig = withRule(grammarOnly(false));
  const grammarConfig = withRule(grammarOnly(true));
  const results = perFile({
    "ESLint Linter.verify, no rules (the floor)": (file) => linter.verify(file.source, floorConfig, { filename: file.path }),
    "a rule that finds each query's text, and does nothing": (file) => linter.verify(file.source, discoveryConfig, { filename: file.path }),
    "… and parses it with libpg-query (no cache, no reports)": (file) => linter.verify(file.source, grammarConfig, { filename: file.path }),
    "ESLint Linter.verify, recommended (SQL parse cache warm)": (file) => linter.verify(file.source, recommendedConfig, { filename: file.path }),
  });
  printAll(results);
  const [floor] = Object.values(results);
  // Rule by rule, on files whose SQL the process has not seen (a fresh corpus, same shapes).
  const fresh = resolve(generateCorpus(join("bench", ".out", "suite", "breakdown-corpus-fresh"), { files: count, queries: 20, seed: 7 }));
  const times = {};
  let parse = 0;
  for (const name of readdirSync(join(fresh, "src"))) {
    const path = join(fresh, "src", name);
    // verifyAndFix (with fixing off) is the entry that resets and fills ESLint's per-lint times.
    linter.verifyAndFix(readFileSync(path, "utf8"), recommendedConfig, { filename: path, fix: false, stats: true });
    for (const pass of linter.getTimes().passes) {
      parse += pass.parse?.total ?? 0;
      for (const [rule, time] of Object.entries(pass.rules ?? {})) times[rule] = (times[rule] ?? 0) + time.total;
    }
  }
  print("parser (stats), SQL new to the process", parse / count, floor);
  for (const [rule, ms] of Object.entries(times).sort((a, b) => b[1] - a[1])) print(`  ${rule}`, ms / count, floor);
  // The SQL engine alone, per statement: the grammar against the whole analysis.
  const engine = await import(resolve("dist/sql/index.js"));
  const statements = [];
  for (const file of files) {
    for (const match of file.source.matchAll(/"((?:SELECT|INSERT|UPDATE|DELETE|WITH)[^"]*)"|'((?:SELECT|INSERT|UPDATE|DELETE|WITH)[^']*)'/g)) {
      const text = match[1] ?? match[2];
      const masked = text.replace(/\{\{tables\.\w+\}\}/g, (template) => "t".repeat(template.length));
      try {
        parseSync(masked);
        statements.push({ text, masked });
      } catch {
        // a piece of a concatenation, not a statement
      }
    }
  }
  const perStatement = (work) => {
    const started = performance.now();
    statements.forEach(work);
    return ((performance.now() - started) * 1000) / statements.length;
  };
  statements.slice(0, 200).forEach((statement) => parseSync(statement.masked));
  const grammar = perStatement((statement) => parseSync(statement.masked));
  engine.clearSqlCache();
  const analysis = perStatement((statement, index) => engine.analyzeSql(`${statement.text} /* ${index} */`));
  const cached = perStatement((statement, index) => engine.analyzeSql(`${statement.text} /* ${index} */`));
  console.log(`SQL engine on ${statements.length} statements: libpg-query parseSync ${grammar.toFixed(1)} µs, analyzeSql ${analysis.toFixed(1)} µs (${(analysis / grammar).toFixed(2)}× the grammar), cached ${cached.toFixed(1)} µs`);
} else {
  console.error("usage: node bench/suite/breakdown.mjs codemod|lint [--files N]");
  process.exitCode = 2;
}
