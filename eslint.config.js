import { existsSync } from "node:fs";
import tseslint from "typescript-eslint";
import eslintPlugin from "eslint-plugin-eslint-plugin";

// The plugin lints this repository too, from its build (`npm ci` builds dist/; so does `npm run build`).
const built = new URL("./dist/index.js", import.meta.url);
if (!existsSync(built)) throw new Error("eslint.config.js: dist/ is missing: run `npm run build` first");
const { default: pgdbm } = await import(built.href);

const ownCode = ["runtime/**/*.ts", "lint/**/*.ts", "codemods/**/*.ts", "examples/runtime-demo/**/*.mjs", "bench/**/*.mjs"];

export default tseslint.config(
  {
    ignores: [
      "dist/",
      "node_modules/",
      "tests/fixtures/",
      "coverage/",
      "bench/.out/",
      "tmp/",
      "examples/**/node_modules/",
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ["rules/**/*.ts"],
    ...eslintPlugin.configs.recommended,
  },
  { ...pgdbm.configs.recommended, files: ownCode },
  { ...pgdbm.configs.sql, files: ["examples/runtime-demo/**/*.sql", "tests/runtime/**/*.sql"] },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
);
