// `npm run demo`: what eslint-plugin-pgdbm finds in examples/app (a shop written the wrong way) and
// the diff its codemods would apply. Runs the built CLIs exactly as `npx` would; `npm ci` builds them.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";

const root = path.resolve(import.meta.dirname, "..");
const app = "examples/app";
const lintCli = path.join(root, "dist/lint/cli.js");
const codemodCli = path.join(root, "dist/codemods/cli.js");
const color = process.stdout.isTTY === true && !process.env.NO_COLOR;

for (const cli of [lintCli, codemodCli]) {
  if (!existsSync(cli)) {
    console.error(`${path.relative(root, cli)} is missing: run \`npm run build\` first (\`npm ci\` runs it).`);
    process.exit(1);
  }
}

/** Runs one CLI the way the README shows it, echoing its output; returns the output without colours. */
function show(command, cli, args) {
  console.log(`\n$ ${command} ${args.join(" ")}`);
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, ...(color ? { FORCE_COLOR: "1" } : { NO_COLOR: "1" }) },
    maxBuffer: 64 * 1024 * 1024,
  });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  return { status: result.status, output: stripVTControlCharacters(result.stdout) };
}

function sourceFiles(folder) {
  return readdirSync(path.join(root, folder), { recursive: true, withFileTypes: true }).filter(
    (entry) => entry.isFile() && /\.(?:[cm]?[jt]s|tsx|sql)$/u.test(entry.name),
  ).length;
}

console.log(`eslint-plugin-pgdbm demo: ${app}, a small shop (TS services, a dual-mode library, vitest tests, .sql migrations) written the wrong way.`);

const lint = show("pgdbm-lint", lintCli, ["--config", "recommended", app]);
if (lint.status !== 0 && lint.status !== 1) {
  console.error(`\npgdbm-lint failed (exit code ${lint.status}).`);
  process.exit(1);
}
const totals = /✖ (\d+) problems? \((\d+) errors?, (\d+) warnings?\)/u.exec(lint.output);
const problems = Number(totals?.[1] ?? 0);
const filesWithProblems = lint.output.split("\n").filter((line) => /^\S/u.test(line) && !line.startsWith("✖")).length;

const codemod = show("pgdbm-codemod", codemodCli, ["all", app, "--dry"]);
if (codemod.status !== 0) {
  console.error(`\npgdbm-codemod failed (exit code ${codemod.status}).`);
  process.exit(1);
}
const changedFiles = new Set(
  codemod.output
    .split("\n")
    .filter((line) => line.startsWith("+++ "))
    .map((line) => line.slice(4).split("\t")[0]),
).size;

console.log(
  `\nSummary: pgdbm-lint found ${problems} problem${problems === 1 ? "" : "s"} in ${filesWithProblems} of ${sourceFiles(app)} files; ` +
    `pgdbm-codemod all would change ${changedFiles} file${changedFiles === 1 ? "" : "s"} (nothing was written: --dry).`,
);
