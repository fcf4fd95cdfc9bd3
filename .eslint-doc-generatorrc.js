import { existsSync } from "node:fs";
import { Module, createRequire } from "node:module";

// eslint-doc-generator loads the plugin with `require(<package root>)`. Ours is ESM with a
// top-level await (the SQL parser's WASM loads at import), which `require` refuses, and the
// fallback it then tries cannot read an `exports` map of conditions. So load the built plugin
// here, where `await import()` works, and hand it to that `require` through its module cache.
const require = createRequire(import.meta.url);
const entry = require.resolve("./");
if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first (\`npm run docs\` does).`);
const cached = new Module(entry);
cached.filename = entry;
cached.loaded = true;
cached.exports = (await import(entry)).default;
require.cache[entry] = cached;

/** @type {import('eslint-doc-generator').GenerateOptions} */
const config = {
  configEmoji: [
    ["recommended", "✅"],
    ["strict", "🔒"],
    ["sql", "🗃️"],
  ],
  // `all` is every rule: listing it on each says nothing.
  ignoreConfig: ["all"],
  ruleDocTitleFormat: "desc-parens-prefix-name",
  ruleDocNotices: ["deprecated", "configs", "fixableAndHasSuggestions", "requiresTypeChecking"],
  ruleDocSectionInclude: ["Fail", "Pass", "When not to use it"],
  // Rules without options still document \`settings.pgdbm\` under "Options"; that rules with options
  // document each of them is checked by tests/meta instead.
  ruleDocSectionOptions: false,
  ruleListColumns: ["name", "description", "configsError", "fixable", "hasSuggestions", "requiresTypeChecking"],
  pathRuleList: "README.md",
};

export default config;
