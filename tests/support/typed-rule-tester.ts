import path from "node:path";
import { fileURLToPath } from "node:url";
import { RuleTester } from "@typescript-eslint/rule-tester";
import "./rule-tester.js";

/** The fixture project the typed tests lint in: its own tsconfig, a stub of the runtime's types, a helper module. */
export const typedFixtureDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/typed");

/** The file every typed case is linted as, relative to the fixture project (its text is replaced by the case's code). */
export const typedFile = "file.ts";

/** A RuleTester with full typescript-eslint type information (`parserServices.program`). */
export const typedRuleTester = new RuleTester({
  languageOptions: {
    parserOptions: {
      ecmaVersion: "latest",
      sourceType: "module",
      project: "./tsconfig.json",
      tsconfigRootDir: typedFixtureDir,
    },
  },
});
