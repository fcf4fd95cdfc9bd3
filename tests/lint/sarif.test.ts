import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import Ajv from "ajv";
import { ESLint } from "eslint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/run-cli.js";
import { makeTempTree, removeTree } from "./support/temp-tree.js";

const require = createRequire(import.meta.url);

interface SarifResult {
  ruleId: string;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[];
}

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; version?: string; rules: { id: string; helpUri?: string }[] } };
    results: SarifResult[];
    invocations?: { executionSuccessful: boolean; toolConfigurationNotifications: { message: { text: string } }[] }[];
  }[];
}

async function sarifValidator(): Promise<Ajv.ValidateFunction> {
  const schema: unknown = JSON.parse(await readFile(new URL("fixtures/sarif-2.1.0-rtm.5.json", import.meta.url), "utf8"));
  const ajv = new Ajv({ schemaId: "id", allErrors: true });
  ajv.addMetaSchema(require("ajv/lib/refs/json-schema-draft-04.json") as object);
  return ajv.compile(schema as object);
}

describe("pgdbm-lint --format sarif", () => {
  let root: string;
  let validate: Ajv.ValidateFunction;

  beforeAll(async () => {
    validate = await sarifValidator();
    root = await makeTempTree({
      "src/users.ts": 'export const count = (db) => db.fetchValue("SELECT count(*) FROM users JOIN audit.events ON true");\n',
      "src/broken.ts": "export const = ;\n",
      "migrations/001_init.sql": "CREATE TABLE users (id int);\nSET search_path TO app;\n",
    });
  });

  afterAll(async () => {
    await removeTree(root);
  });

  it("writes a SARIF 2.1.0 log that the schema accepts", async () => {
    const run = await runCli(["--format", "sarif"], root);

    const log = JSON.parse(run.stdout) as SarifLog;
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(log.version).toBe("2.1.0");
    expect(run.code).toBe(1);
  });

  it("has one result per rule finding, where ESLint puts it, and the parse error as a notification", async () => {
    const json = await runCli(["--format", "json"], root);
    const sarif = await runCli(["--format", "sarif"], root);

    const lintResults = JSON.parse(json.stdout) as ESLint.LintResult[];
    const expected = lintResults.flatMap((result) =>
      result.messages
        .filter((message) => message.ruleId !== null)
        .map((message) => ({
          ruleId: message.ruleId,
          level: "error",
          text: message.message,
          uri: pathToFileURL(result.filePath).href,
          line: message.line,
          column: message.column,
        })),
    );
    const [run] = (JSON.parse(sarif.stdout) as SarifLog).runs;
    const actual = run!.results.map((result) => ({
      ruleId: result.ruleId,
      level: result.level,
      text: result.message.text,
      uri: result.locations[0]!.physicalLocation.artifactLocation.uri,
      line: result.locations[0]!.physicalLocation.region.startLine,
      column: result.locations[0]!.physicalLocation.region.startColumn,
    }));

    expect(actual).toEqual(expected);
    expect(actual.map((result) => [path.basename(result.uri), result.ruleId, result.line, result.column])).toEqual([
      ["001_init.sql", "pgdbm/no-bare-table-name", 1, 14],
      ["001_init.sql", "pgdbm/no-search-path", 2, 1],
      ["users.ts", "pgdbm/no-bare-table-name", 1, 66],
      ["users.ts", "pgdbm/no-hardcoded-schema", 1, 77],
    ]);
    expect(run!.invocations?.[0]?.executionSuccessful).toBe(false);
    expect(run!.invocations?.[0]?.toolConfigurationNotifications.map((notification) => notification.message.text)).toEqual([
      "Parsing error: Variable declaration expected.",
    ]);
  });

  it("describes the rules with their docs and names ESLint's version", async () => {
    const sarif = await runCli(["--format", "sarif", "migrations"], root);

    const driver = (JSON.parse(sarif.stdout) as SarifLog).runs[0]!.tool.driver;
    expect(driver.name).toBe("ESLint");
    expect(driver.version).toBe(ESLint.version);
    expect(driver.rules.map((rule) => [rule.id, rule.helpUri])).toEqual([
      ["pgdbm/no-bare-table-name", "https://github.com/pgdbm/eslint-plugin-pgdbm/blob/main/docs/rules/no-bare-table-name.md"],
      ["pgdbm/no-search-path", "https://github.com/pgdbm/eslint-plugin-pgdbm/blob/main/docs/rules/no-search-path.md"],
    ]);
  });

  it("rejects a log that breaks the schema, so the validation above can fail", async () => {
    expect(validate({ version: "2.1.0", runs: [{ tool: { driver: {} }, results: [] }] })).toBe(false);
    expect(validate({ version: "2.0.0", runs: [] })).toBe(false);
  });
});
