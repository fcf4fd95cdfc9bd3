import path from "node:path";
import * as eslintApi from "eslint";
import type { ESLint, Rule } from "eslint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempTree, removeTree } from "../lint/support/temp-tree.js";
import { BUILD_TIMEOUT_MS, ensureFreshBuild, installLinks, USER_CONFIG } from "./support/built-package.js";

/**
 * What the VS Code ESLint extension does with the workspace's own `eslint` package: ask it for
 * the flat-config `ESLint` class, make one per workspace folder, and lint each editor buffer
 * (saved or not) with `lintText`. Its quick-fixes are each message's `fix` ("Fix this … problem")
 * and `suggestions` (one code action each, titled with the suggestion's `desc`).
 */
const loadESLint = eslintApi.loadESLint as (options: { useFlatConfig: boolean; cwd: string }) => Promise<typeof ESLint>;

function apply(text: string, fix: Rule.Fix): string {
  return text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]);
}

describe("the plugin in an editor (loadESLint + lintText, as VS Code's ESLint extension)", () => {
  let workspace: string;
  let eslint: ESLint;

  beforeAll(async () => {
    ensureFreshBuild();
    workspace = await makeTempTree({ "eslint.config.js": USER_CONFIG, "package.json": '{ "type": "module" }\n' });
    await installLinks(workspace);
    const ESLintClass = await loadESLint({ useFlatConfig: true, cwd: workspace });
    eslint = new ESLintClass({ cwd: workspace });
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    if (workspace) await removeTree(workspace);
  });

  it("flags SQL built with ${} in an unsaved .ts buffer and offers the $n-parameter quick-fix", async () => {
    const text = [
      'import type { AsyncDatabaseManager } from "eslint-plugin-pgdbm/runtime";',
      "",
      "export function findUser(db: AsyncDatabaseManager, email: string) {",
      "  return db.fetchOne(`SELECT id FROM {{tables.users}} WHERE email = '${email}'`);",
      "}",
      "",
    ].join("\n");

    const [result] = await eslint.lintText(text, { filePath: path.join(workspace, "src/users.ts") });

    expect(result!.messages).toHaveLength(1);
    const [message] = result!.messages;
    expect(message).toMatchObject({ ruleId: "pgdbm/no-sql-interpolation", line: 4, column: 70, endLine: 4, endColumn: 78 });
    expect(message!.fix).toBeUndefined();
    expect(message!.suggestions?.map((suggestion) => suggestion.desc)).toEqual([
      "Replace it with $1 and pass the value as an argument.",
    ]);
    expect(apply(text, message!.suggestions![0]!.fix).split("\n")[3]).toBe(
      "  return db.fetchOne(`SELECT id FROM {{tables.users}} WHERE email = $1`, email);",
    );
  });

  it("flags a schema written into a .sql migration, with the autofix and the cross-schema suggestion", async () => {
    const text = "CREATE VIEW {{tables.recent_events}} AS\n  SELECT * FROM audit.events WHERE at > now() - interval '1 day';\n";

    const [result] = await eslint.lintText(text, { filePath: path.join(workspace, "migrations/004_recent_events.sql") });

    expect(result!.messages).toHaveLength(1);
    const [message] = result!.messages;
    expect(message).toMatchObject({ ruleId: "pgdbm/no-hardcoded-schema", line: 2, column: 17, endLine: 2, endColumn: 29 });
    expect(apply(text, message!.fix!).split("\n")[1]).toBe("  SELECT * FROM {{tables.events}} WHERE at > now() - interval '1 day';");
    expect(message!.suggestions?.map((suggestion) => suggestion.desc)).toEqual([
      "Read 'audit' on purpose (a cross-schema read): write {{tables.audit.events}}.",
    ]);
    expect(apply(text, message!.suggestions![0]!.fix).split("\n")[1]).toBe(
      "  SELECT * FROM {{tables.audit.events}} WHERE at > now() - interval '1 day';",
    );
  });

  it("says nothing about a buffer that follows the patterns", async () => {
    const [ts] = await eslint.lintText('export const q = (db) => db.fetchAll("SELECT * FROM {{tables.users}}");\n', {
      filePath: path.join(workspace, "src/ok.ts"),
    });
    const [sql] = await eslint.lintText("CREATE TABLE {{tables.users}} (id bigserial PRIMARY KEY);\n", {
      filePath: path.join(workspace, "migrations/001_users.sql"),
    });

    expect([ts!.messages, sql!.messages]).toEqual([[], []]);
  });

  it("honours a disable comment in a .sql buffer, as the quick-fix menu writes it", async () => {
    const text = "-- eslint-disable-next-line pgdbm/no-hardcoded-schema\nSELECT * FROM audit.events;\nSELECT * FROM audit.logins;\n";

    const [result] = await eslint.lintText(text, { filePath: path.join(workspace, "migrations/005_read.sql") });

    expect(result!.messages.map((message) => [message.ruleId, message.line])).toEqual([["pgdbm/no-hardcoded-schema", 3]]);
  });
});
