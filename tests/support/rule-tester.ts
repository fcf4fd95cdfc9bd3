import * as vitest from "vitest";
import { RuleTester } from "@typescript-eslint/rule-tester";

RuleTester.afterAll = vitest.afterAll;
RuleTester.describe = vitest.describe;
RuleTester.it = vitest.it;
RuleTester.itOnly = vitest.it.only;

/** The one RuleTester every rule test uses: TypeScript parser, ESM, no type information. */
export const ruleTester = new RuleTester({
  languageOptions: {
    parserOptions: { ecmaVersion: "latest", sourceType: "module" },
  },
});
