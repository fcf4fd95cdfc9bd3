import path from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
import pgdbm from "../../index.js";

// Acceptance for the pattern rules (issue 4): a realistic app written the wrong way, and its
// corrected twin, linted by real ESLint with the recommended config as a user's eslint.config.js
// would have it:
//
//   import { defineConfig } from "eslint/config";
//   import tseslint from "typescript-eslint";
//   import pgdbm from "eslint-plugin-pgdbm";
//   export default defineConfig([{ files: ["**/*.ts"], languageOptions: { parser: tseslint.parser } }, pgdbm.configs.recommended, pgdbm.configs.sql]);

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "../fixtures");

async function lintApp(app: string): Promise<{ files: number; findings: string[] }> {
  const cwd = path.join(fixtures, app);
  const eslint = new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: defineConfig([
      { files: ["**/*.ts"], languageOptions: { parser: tseslint.parser } },
      pgdbm.configs.recommended,
      pgdbm.configs.sql,
    ]),
  });
  const results = await eslint.lintFiles(["."]);
  const findings = results
    .flatMap((result) =>
      result.messages.map((message) => `${path.relative(cwd, result.filePath)}:${message.line} ${message.ruleId ?? message.message}`),
    )
    .sort();
  return { files: results.length, findings };
}

describe("the sample app", () => {
  it("written the wrong way: every seed mistake is reported, where it is, and nothing else", async () => {
    const { files, findings } = await lintApp("sample-app");
    expect(files).toBe(10);
    expect(findings).toEqual(
      [
        // Each service with "its own pool" to one database.
        "src/db.ts:8 pgdbm/no-multiple-pools",
        // A migration manager without moduleName, one with a schema option.
        "src/db.ts:15 pgdbm/require-module-name",
        "src/db.ts:19 pgdbm/no-migration-schema-option",
        // connect() on a manager that borrows the shared pool.
        "src/services/billing.ts:5 pgdbm/no-connect-on-pooled-manager",
        // One manager re-pointed per tenant.
        "src/tenants.ts:5 pgdbm/no-schema-mutation",
        // A pool per request.
        "src/routes.ts:10 pgdbm/no-multiple-pools",
        // The library closes a manager its caller may own; its per-tenant migrations share one name.
        "src/lib/audit-log/index.ts:32 pgdbm/no-external-manager-close",
        "src/lib/audit-log/index.ts:39 pgdbm/unique-module-name",
        "src/lib/audit-log/index.ts:39 pgdbm/unique-module-name",
        // Test cleanup outside finally, and its errors swallowed.
        "tests/orders.test.ts:13 pgdbm/require-cleanup-in-finally",
        "tests/orders.test.ts:24 pgdbm/no-swallowed-cleanup-errors",
        // The SQL rules: bare and schema-qualified table names, in code and in a migration file.
        "src/services/orders.ts:14 pgdbm/no-bare-table-name",
        "src/services/orders.ts:23 pgdbm/no-bare-table-name",
        "src/services/orders.ts:23 pgdbm/no-hardcoded-schema",
        "migrations/orders/001_orders.sql:1 pgdbm/no-bare-table-name",
        "migrations/orders/001_orders.sql:6 pgdbm/no-bare-table-name",
      ].sort(),
    );
  });

  it("its corrected twin: the same app, nothing reported", async () => {
    const { files, findings } = await lintApp("sample-app-fixed");
    expect(files).toBe(10);
    expect(findings).toEqual([]);
  });

  it("the autofixes applied to the wrong app leave code the rules accept at those places", async () => {
    const cwd = path.join(fixtures, "sample-app");
    const eslint = new ESLint({
      cwd,
      fix: true,
      overrideConfigFile: true,
      overrideConfig: defineConfig([{ files: ["**/*.ts"], languageOptions: { parser: tseslint.parser } }, pgdbm.configs.recommended, pgdbm.configs.sql]),
    });
    // `fix: true` fixes in memory; nothing is written unless ESLint.outputFixes is called.
    const results = await eslint.lintFiles(["src/db.ts", "src/services/billing.ts"]);
    const fixed = Object.fromEntries(results.map((result) => [path.relative(cwd, result.filePath), result.output ?? ""]));
    expect(fixed["src/db.ts"]).toContain(`new AsyncMigrationManager(ordersDb, "migrations/orders", {\n    moduleName: "orders",\n  });`);
    expect(fixed["src/services/billing.ts"]).not.toContain("connect()");
    const remaining = results.flatMap((result) => result.messages.map((message) => `${path.relative(cwd, result.filePath)}:${message.line} ${message.ruleId}`));
    expect(remaining.sort()).toEqual(["src/db.ts:15 pgdbm/require-module-name", "src/db.ts:8 pgdbm/no-multiple-pools"]);
  });
});
