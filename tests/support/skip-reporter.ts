import path from "node:path";
import type { Reporter, TestModule } from "vitest/node";
import { SERVER_SKIP_PREFIX } from "./test-target.js";

/**
 * Lists every skipped test and why at the end of the run. With PGDBM_REQUIRE_SERVER=1 a test
 * skipped for want of a real server fails the run.
 */
export default class SkipReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const skipped: { where: string; note: string }[] = [];
    let withoutReason = 0;
    for (const testModule of testModules) {
      const file = path.relative(process.cwd(), testModule.moduleId);
      for (const testCase of testModule.children.allTests()) {
        const result = testCase.result();
        if (result.state !== "skipped") continue;
        // .skip, .todo and tests left out by a -t filter carry no note: counted, not listed.
        if (result.note === undefined) withoutReason++;
        else skipped.push({ where: `${file} > ${testCase.fullName}`, note: result.note });
      }
    }
    if (skipped.length > 0) {
      const lines = skipped.map(({ where, note }) => `  - ${where}\n      ${note}`);
      process.stdout.write(`\nSkipped tests (${skipped.length}), and why:\n${lines.join("\n")}\n`);
    }
    if (withoutReason > 0) {
      process.stdout.write(`${withoutReason} more test(s) skipped without a reason (.skip, .todo or filtered out).\n`);
    }
    const needServer = skipped.filter(({ note }) => note.startsWith(SERVER_SKIP_PREFIX));
    if (process.env.PGDBM_REQUIRE_SERVER === "1" && needServer.length > 0) {
      process.stdout.write(`\nPGDBM_REQUIRE_SERVER=1: ${needServer.length} real-server test(s) were skipped: failing the run.\n`);
      process.exitCode = 1;
    }
  }
}
