import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect } from "vitest";
import { compileRuntime } from "../support/compiled-runtime.js";
import { adminQuery, itOnServer, scratchSchema, target, uniqueName } from "../support/test-database.js";

const run = promisify(execFile);
const child = fileURLToPath(new URL("fixtures/migrate-child.mjs", import.meta.url));

interface ChildReport {
  pid: number;
  applied: string[];
  started: number;
  finished: number;
}

describe("migrations across processes", () => {
  itOnServer(
    "three processes applying the same migrations at once apply each file exactly once",
    "PGlite has one session: its advisory locks cannot serialise processes",
    async () => {
      const schema = scratchSchema("replicas");
      const moduleName = uniqueName("replicas");
      const folder = await mkdtemp(path.join(tmpdir(), "pgdbm-replicas-"));
      const runtime = await compileRuntime();
      try {
        const files: Record<string, string> = {
          "001_create.sql":
            "CREATE TABLE {{tables.effects}} (file text NOT NULL, backend int NOT NULL DEFAULT pg_backend_pid());\n" +
            "INSERT INTO {{tables.effects}} (file) VALUES ('001');\nSELECT pg_sleep(0.3);",
          "002_insert.sql": "INSERT INTO {{tables.effects}} (file) VALUES ('002');",
          // The deadlock case of a blocking lock: CREATE INDEX CONCURRENTLY while the other replicas wait.
          "003_index.sql":
            "-- pgdbm:no-transaction\nCREATE INDEX CONCURRENTLY effects_file_idx ON {{tables.effects}} (file);\n" +
            "INSERT INTO {{tables.effects}} (file) VALUES ('003');",
          "V4__last.sql": "INSERT INTO {{tables.effects}} (file) VALUES ('004');\nSELECT pg_sleep(0.2);",
        };
        for (const [name, sql] of Object.entries(files)) await writeFile(path.join(folder, name), sql);

        const startAt = String(Date.now() + 1_500);
        const outputs = await Promise.all(
          [1, 2, 3].map(() =>
            run(process.execPath, [child, runtime.entry, target.url, schema, moduleName, folder, startAt], {
              timeout: 60_000,
            }),
          ),
        );
        const reports = outputs.map(({ stdout }) => JSON.parse(stdout) as ChildReport);

        expect(new Set(reports.map((report) => report.pid)).size).toBe(3);
        const everyApplied = reports.flatMap((report) => report.applied).sort();
        expect(everyApplied).toEqual(["001_create.sql", "002_insert.sql", "003_index.sql", "V4__last.sql"]);
        // The runs overlapped: every replica started before the first one finished.
        const firstFinish = Math.min(...reports.map((report) => report.finished));
        expect(reports.every((report) => report.started < firstFinish)).toBe(true);

        const effects = await adminQuery<{ file: string; n: number }>(
          `SELECT file, count(*)::int AS n FROM "${schema}".effects GROUP BY file ORDER BY file`,
        );
        expect(effects).toEqual([
          { file: "001", n: 1 },
          { file: "002", n: 1 },
          { file: "003", n: 1 },
          { file: "004", n: 1 },
        ]);
        const recorded = await adminQuery<{ filename: string }>(
          `SELECT filename FROM "${schema}".schema_migrations WHERE module_name = $1 ORDER BY id`,
          [moduleName],
        );
        expect(recorded.map((row) => row.filename)).toEqual(["001_create.sql", "002_insert.sql", "003_index.sql", "V4__last.sql"]);
        const index = await adminQuery<{ valid: boolean }>(
          "SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = to_regclass($1)",
          [`"${schema}".effects_file_idx`],
        );
        expect(index).toEqual([{ valid: true }]);
      } finally {
        await runtime.remove();
        await rm(folder, { recursive: true, force: true });
      }
    },
    90_000,
  );
});
