// Flat configs of every variant the suite lints with. A variant is measured against the floor of
// its own parser setup: the same parser and parser options, no rules.
//   setup "syntactic": typescript-eslint's parser, no type information (what most projects run);
//   setup "typed":     the same parser with `projectService`, so rules get a TypeScript program.
import { resolve } from "node:path";

export const VARIANTS = ["floor", "noop", "recommended", "all", "eslint-plugin-sql", "safeql"];

/**
 * One rule that listens where the plugin's SQL rules listen and does nothing: what turning on any
 * rule costs (ESLint then runs its rule machinery for every file), the part of a plugin's ratio
 * that is ESLint's and not the plugin's.
 */
const noopPlugin = {
  meta: { name: "noop" },
  rules: { noop: { meta: { type: "problem", schema: [] }, create: () => ({ CallExpression() {}, TaggedTemplateExpression() {} }) } },
};

async function pgdbmConfig(name) {
  const plugin = (await import(resolve("dist/index.js"))).default;
  // A config is one flat-config object (or, in earlier builds, an array of them). Only the source
  // entries count: the corpora hold no .sql files, and the suite times source linting.
  const entries = [plugin.configs[name]].flat().filter((entry) => entry && entry.language === undefined);
  if (entries.length === 0) throw new Error(`the built plugin has no \`${name}\` config`);
  return entries.map((entry) => ({ ...entry, files: ["**/*.ts"] }));
}

/** The flat config for one variant; `databaseUrl` is needed by the safeql variant only. */
export async function variantConfig({ setup, variant, corpus, databaseUrl }) {
  const parser = (await import("@typescript-eslint/parser")).default;
  const parserOptions = setup === "typed" ? { projectService: true, tsconfigRootDir: resolve(corpus) } : {};
  const config = [{ files: ["**/*.ts"], languageOptions: { parser, parserOptions } }];
  switch (variant) {
    case "floor":
      break;
    case "noop":
      config.push({ files: ["**/*.ts"], plugins: { noop: noopPlugin }, rules: { "noop/noop": "error" } });
      break;
    case "recommended":
    case "all":
      config.push(...(await pgdbmConfig(variant)));
      break;
    case "eslint-plugin-sql":
      config.push(...(await import("../peers/eslint-plugin-sql.mjs")).peerConfig());
      break;
    case "safeql":
      if (setup !== "typed") throw new Error("safeql's check-sql needs type information: use the typed setup");
      config.push(...(await import("../peers/safeql.mjs")).peerConfig({ databaseUrl }));
      break;
    default:
      throw new Error(`unknown variant ${variant}`);
  }
  return config;
}
