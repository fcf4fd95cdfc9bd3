#!/usr/bin/env node
/**
 * `pgdbm-codemod <transform|all> <paths…> [--dry] [--print] [--template-style braces|angle] [--force]`
 *
 * Runs the transforms in-process, file after file: on two cores, jscodeshift's worker processes
 * cost more in start-up than they save, and every file shares one loaded SQL grammar. Each file
 * gets `settings.pgdbm` from the project's ESLint config when it has one, so the codemod and the
 * lint agree on runtime modules, ignored tables and template style.
 *
 * Exit codes: 0 done (places left unchanged are listed, not errors), 1 a file failed, 2 refused
 * (uncommitted changes under the paths, without `--force` or `--dry`) or a usage error.
 */
import { execFileSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { SingleBar } from "cli-progress";
import { Command, Option } from "commander";
import { createTwoFilesPatch } from "diff";
import { ESLint } from "eslint";
import { globby } from "globby";
import pc from "picocolors";
import { SOURCE_EXTENSIONS } from "./support/source-kind.js";
import { settingsFromOptions } from "./support/transform.js";
import { isTransformName, transforms, type TransformChoice } from "./index.js";
import type { CodemodSettings } from "./support/rule-runner.js";

interface CliOptions {
  dry?: boolean;
  print?: boolean;
  templateStyle?: "braces" | "angle";
  force?: boolean;
}

interface FileOutcome {
  file: string;
  status: "changed" | "unchanged" | "skipped" | "failed";
  reports: string[];
  error?: string;
  before?: string;
  after?: string;
}

const EXTENSION_GLOB = `**/*.{${SOURCE_EXTENSIONS.join(",")}}`;
const IGNORED = ["**/node_modules/**", "**/*.d.ts", "**/*.d.mts", "**/*.d.cts"];

function display(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith("..") ? file : relative;
}

/** Files under the paths: directories globbed (`.gitignore` honoured, `node_modules` never), files named directly taken as they are. */
async function collectFiles(paths: readonly string[]): Promise<{ files: string[]; missing: string[] }> {
  const files = new Set<string>();
  const missing: string[] = [];
  const supported = new Set<string>(SOURCE_EXTENSIONS);
  for (const given of paths) {
    const absolute = path.resolve(given);
    if (!existsSync(absolute)) {
      missing.push(given);
      continue;
    }
    if (statSync(absolute).isDirectory()) {
      const found = await globby(EXTENSION_GLOB, { cwd: absolute, gitignore: true, ignore: IGNORED, absolute: true });
      for (const file of found) files.add(path.normalize(file));
    } else if (supported.has(path.extname(absolute).slice(1).toLowerCase()) && !/\.d\.[cm]?ts$/.test(absolute)) {
      files.add(absolute);
    }
  }
  return { files: [...files].sort(), missing };
}

/** Uncommitted changes (untracked files included) under the paths, as `git status --porcelain` lists them; `[]` outside a git work tree. */
function uncommittedChanges(paths: readonly string[]): string[] {
  const first = paths[0];
  if (first === undefined) return [];
  const absolute = path.resolve(first);
  const directory = existsSync(absolute) && statSync(absolute).isDirectory() ? absolute : path.dirname(absolute);
  try {
    const output = execFileSync("git", ["status", "--porcelain", "--", ...paths.map((given) => path.resolve(given))], {
      cwd: directory,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    return output.split("\n").filter((line) => line.trim() !== "");
  } catch {
    // Not a git work tree, or no git at all: nothing to protect.
    return [];
  }
}

/** `settings.pgdbm` of the project's ESLint config for a file; `{}` when there is no config or it cannot be loaded. */
function projectSettings(): (file: string) => Promise<CodemodSettings> {
  let eslint: ESLint | undefined;
  let unavailable = false;
  return async (file) => {
    if (unavailable) return {};
    try {
      eslint ??= new ESLint({ cwd: process.cwd() });
      const config = (await eslint.calculateConfigForFile(file)) as { settings?: { pgdbm?: unknown } } | undefined;
      const pgdbm = config?.settings?.pgdbm;
      return typeof pgdbm === "object" && pgdbm !== null ? (pgdbm as CodemodSettings) : {};
    } catch (error) {
      unavailable = true;
      const message = error instanceof Error ? error.message : String(error);
      // No config at all is common and fine; a config that fails to load deserves a word.
      if (!/could not find config file/i.test(message)) {
        process.stderr.write(`pgdbm-codemod: the ESLint config could not be read (${message.split("\n")[0]}); using the default settings.\n`);
      }
      return {};
    }
  };
}

function colorDiff(patch: string): string {
  if (!pc.isColorSupported) return patch;
  return patch
    .split("\n")
    .map((line) => {
      if (line.startsWith("+++") || line.startsWith("---")) return pc.bold(line);
      if (line.startsWith("+")) return pc.green(line);
      if (line.startsWith("-")) return pc.red(line);
      if (line.startsWith("@@")) return pc.cyan(line);
      return line;
    })
    .join("\n");
}

async function processFile(
  file: string,
  transformName: TransformChoice,
  options: CliOptions,
  settingsFor: (file: string) => Promise<CodemodSettings>,
): Promise<FileOutcome> {
  const reports: string[] = [];
  try {
    const source = await readFile(file, "utf8");
    const settings = await settingsFor(file);
    const transformOptions = { ...settingsFromOptions({ settings, templateStyle: options.templateStyle }) };
    const output = transforms[transformName](
      { path: file, source },
      { report: (message: string) => reports.push(message) },
      { settings: transformOptions },
    );
    if (output === undefined || output === source) {
      return { file, status: reports.length > 0 ? "skipped" : "unchanged", reports };
    }
    if (!options.dry) await writeFile(file, output);
    return { file, status: "changed", reports, before: source, after: output };
  } catch (error) {
    return { file, status: "failed", reports, error: error instanceof Error ? error.message : String(error) };
  }
}

function summary(transformName: string, outcomes: readonly FileOutcome[], dry: boolean): string {
  const count = (status: FileOutcome["status"]): number => outcomes.filter((outcome) => outcome.status === status).length;
  const lines = [
    "",
    pc.bold(`pgdbm-codemod ${transformName}: ${outcomes.length} file${outcomes.length === 1 ? "" : "s"}${dry ? " (dry run: nothing written)" : ""}`),
    `  changed    ${count("changed")}`,
    `  unchanged  ${count("unchanged")}`,
    `  skipped    ${count("skipped")}`,
    `  failed     ${count("failed")}`,
  ];
  const left = outcomes.flatMap((outcome) => outcome.reports.map((report) => `  ${display(outcome.file)}: ${report}`));
  if (left.length > 0) {
    lines.push("", pc.yellow(`Left unchanged (${left.length} place${left.length === 1 ? "" : "s"}):`), ...left);
  }
  const failed = outcomes.filter((outcome) => outcome.status === "failed");
  if (failed.length > 0) {
    lines.push("", pc.red(`Failed (${failed.length}):`), ...failed.map((outcome) => `  ${display(outcome.file)}: ${outcome.error ?? ""}`));
  }
  return `${lines.join("\n")}\n`;
}

async function run(transformName: string, paths: string[], options: CliOptions): Promise<number> {
  if (!isTransformName(transformName)) {
    process.stderr.write(`pgdbm-codemod: unknown transform "${transformName}"; one of: ${Object.keys(transforms).join(", ")}\n`);
    return 2;
  }
  if (!options.force && !options.dry) {
    const dirty = uncommittedChanges(paths);
    if (dirty.length > 0) {
      process.stderr.write(
        `${pc.red("pgdbm-codemod: the git working tree has uncommitted changes under these paths:")}\n` +
          `${dirty.slice(0, 20).map((line) => `  ${line}`).join("\n")}${dirty.length > 20 ? `\n  … and ${dirty.length - 20} more` : ""}\n` +
          "Commit or stash them first, so that the codemod's changes can be reviewed and undone on their own.\n" +
          "Run with --dry to see the changes without writing them, or --force to run anyway.\n",
      );
      return 2;
    }
  }

  const { files, missing } = await collectFiles(paths);
  if (missing.length > 0) {
    process.stderr.write(`pgdbm-codemod: no such file or directory: ${missing.join(", ")}\n`);
    return 2;
  }

  const settingsFor = projectSettings();
  const bar =
    process.stderr.isTTY && files.length > 1
      ? new SingleBar({ format: "pgdbm-codemod [{bar}] {value}/{total} {file}", stream: process.stderr, hideCursor: true, clearOnComplete: true })
      : undefined;
  bar?.start(files.length, 0, { file: "" });
  const outcomes: FileOutcome[] = [];
  for (const file of files) {
    bar?.update({ file: display(file) });
    outcomes.push(await processFile(file, transformName, options, settingsFor));
    bar?.increment();
  }
  bar?.stop();

  for (const outcome of outcomes) {
    if (outcome.status !== "changed" || outcome.before === undefined || outcome.after === undefined) continue;
    const name = display(outcome.file).split(path.sep).join("/");
    if (options.dry) {
      process.stdout.write(colorDiff(createTwoFilesPatch(`a/${name}`, `b/${name}`, outcome.before, outcome.after, undefined, undefined, { context: 3 })));
    }
    if (options.print) process.stdout.write(outcome.after);
  }
  process.stderr.write(summary(transformName, outcomes, options.dry === true));
  return outcomes.some((outcome) => outcome.status === "failed") ? 1 : 0;
}

const program = new Command()
  .name("pgdbm-codemod")
  .description("One-shot migrations of a code base to the pgdbm patterns (jscodeshift transforms on the plugin's rules).")
  .argument("<transform>", `the transform to run: ${Object.keys(transforms).join(", ")}`)
  .argument("<paths...>", "files and directories (.ts .tsx .mts .cts .js .jsx .mjs .cjs, and .sql migrations)")
  .option("--dry", "write nothing; print a unified diff of what would change")
  .option("--print", "print the new source of every changed file")
  .addOption(new Option("--template-style <style>", "how table templates are written (default: the ESLint config's, else braces)").choices(["braces", "angle"]))
  .option("--force", "run even when the git working tree has uncommitted changes under the paths")
  .showHelpAfterError()
  .exitOverride((error) => {
    process.exit(error.exitCode === 0 ? 0 : 2);
  })
  .action(async (transformName: string, paths: string[], options: CliOptions) => {
    process.exitCode = await run(transformName, paths, options);
  });

await program.parseAsync(process.argv);
