import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import Ajv from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runCli } from "./support/run-cli.js";
import { makeTempTree, removeTree } from "./support/temp-tree.js";

const require = createRequire(import.meta.url);
const repository = new URL("../../", import.meta.url);

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string | number | boolean>;
  "continue-on-error"?: boolean;
}

interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { "runs-on": string; permissions: Record<string, string>; steps: Step[] }>;
}

describe("the GitHub Actions recipe (docs/examples/pgdbm-lint.yml)", () => {
  let text: string;
  let steps: Step[];
  let permissions: Record<string, string>;
  let workflow: Workflow;

  beforeAll(async () => {
    text = await readFile(new URL("docs/examples/pgdbm-lint.yml", repository), "utf8");
    workflow = parse(text) as Workflow;
    const job = Object.values(workflow.jobs)[0]!;
    steps = job.steps;
    permissions = job.permissions;
  });

  it("is the workflow docs/ci.md shows", async () => {
    const doc = await readFile(new URL("docs/ci.md", repository), "utf8");
    const block = /```yaml\n(# \.github\/workflows\/pgdbm-lint\.yml[\s\S]*?)```/u.exec(doc)?.[1];
    expect(block).toBe(text);
  });

  it("runs on pushes and pull requests, with the permission to upload to code scanning", () => {
    expect(Object.keys(workflow.on).sort()).toEqual(["pull_request", "push"]);
    expect(workflow.permissions).toEqual({ contents: "read" });
    expect(permissions).toMatchObject({ contents: "read", "security-events": "write" });
  });

  it("checks out, installs, lints to a SARIF file, then uploads that file", () => {
    const kinds = steps.map((step) => step.uses?.replace(/@.*$/u, "") ?? step.run?.split(" ").slice(0, 2).join(" "));
    expect(kinds).toEqual([
      "actions/checkout",
      "actions/setup-node",
      "npm ci",
      "npm install",
      "npx pgdbm-lint",
      "github/codeql-action/upload-sarif",
    ]);
    const lint = steps[4]!;
    const upload = steps[5]!;
    const outputFile = /--output-file (\S+)/u.exec(lint.run ?? "")?.[1];
    expect(lint.run).toContain("--format sarif");
    expect(lint["continue-on-error"]).toBe(true);
    expect(upload.uses).toMatch(/^github\/codeql-action\/upload-sarif@v\d+$/u);
    expect(upload.with?.sarif_file).toBe(outputFile);
    expect(steps[3]!.run).toMatch(/^npm install --no-save @microsoft\/eslint-formatter-sarif@\d+\.\d+\.\d+$/u);
  });

  describe("its lint step, run on a sample repository", () => {
    let root: string;
    beforeAll(async () => {
      root = await makeTempTree({
        "src/orders.ts": 'export const latest = (db) => db.fetchAll("SELECT * FROM orders ORDER BY id DESC LIMIT 10");\n',
        "migrations/001_orders.sql": "CREATE TABLE orders (id bigserial PRIMARY KEY);\n",
      });
    });
    afterAll(async () => {
      await removeTree(root);
    });

    it("writes the SARIF report the upload step reads, valid against SARIF 2.1.0", async () => {
      const lint = steps.find((step) => step.run?.startsWith("npx pgdbm-lint"))!;
      const args = lint.run!.replace(/^npx pgdbm-lint /u, "").split(/\s+/u);

      const run = await runCli(args, root);

      expect(run.code).toBe(1);
      expect(run.stdout).toBe("");
      const report = JSON.parse(await readFile(path.join(root, "pgdbm-lint.sarif"), "utf8")) as {
        runs: { results: { ruleId: string }[] }[];
      };
      const ajv = new Ajv({ schemaId: "id" });
      ajv.addMetaSchema(require("ajv/lib/refs/json-schema-draft-04.json") as object);
      const schema = JSON.parse(await readFile(new URL("fixtures/sarif-2.1.0-rtm.5.json", import.meta.url), "utf8")) as object;
      expect(ajv.validate(schema, report), ajv.errorsText()).toBe(true);
      expect(report.runs[0]!.results.map((result) => result.ruleId)).toEqual([
        "pgdbm/no-bare-table-name",
        "pgdbm/no-bare-table-name",
      ]);
    });
  });
});
