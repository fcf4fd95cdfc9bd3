import { constants } from "node:fs";
import { access, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import type { ESLint } from "eslint";
import { globby, isDynamicPattern } from "globby";
import plugin from "../index.js";
import { describeError, UsageError } from "./errors.js";
import { assertFormatAvailable, FORMAT_NAMES, formatResults, type FormatName } from "./format.js";
import { gitignorePatterns } from "./gitignore.js";
import { enablesPgdbm, LINTED_EXTENSIONS, PRESET_NAMES, presetConfig, type PresetName } from "./preset.js";

/** Where the CLI reads and writes; the bin passes the process's, tests their own. */
export interface CliIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout shows ANSI colours (a TTY). */
  color: boolean;
}

interface CliOptions {
  fix: boolean;
  config?: PresetName;
  format: FormatName;
  maxWarnings: number;
  outputFile?: string;
}

/** ESLint's exit codes: 0 clean, 1 problems (or too many warnings), 2 a crash or a configuration error. */
const EXIT = { clean: 0, problems: 1, failure: 2 } as const;

function parseMaxWarnings(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < -1) throw new InvalidArgumentError("expected an integer ≥ -1.");
  return count;
}

function buildProgram(io: CliIo): Command {
  return new Command("pgdbm-lint")
    .description(
      "Lint TypeScript, JavaScript and .sql migrations with eslint-plugin-pgdbm: the repository's ESLint config when it " +
        "enables the plugin, else the plugin's recommended config.",
    )
    .version(plugin.meta.version, "-v, --version")
    .argument("[paths...]", "files, folders or globs to lint", ["."])
    .option("--fix", "apply the rules' autofixes to the files", false)
    .addOption(
      new Option("-c, --config <preset>", "lint with this preset of the plugin, ignoring the repository's ESLint config").choices(
        PRESET_NAMES,
      ),
    )
    .addOption(new Option("-f, --format <name>", "output format").choices(FORMAT_NAMES).default("stylish"))
    .addOption(
      new Option("--max-warnings <count>", "exit with code 1 when there are more warnings than this (-1: no limit)")
        .argParser(parseMaxWarnings)
        .default(-1),
    )
    .option("-o, --output-file <path>", "write the report to this file instead of stdout")
    .exitOverride()
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      outputError: (text, write) => write(`pgdbm-lint: ${text.replace(/^error: /u, "")}`),
    })
    .showSuggestionAfterError();
}

function relativeTo(cwd: string): (file: string) => string {
  return (file) => {
    const relative = path.relative(cwd, path.resolve(cwd, file));
    return relative === "" ? "." : relative.startsWith("..") ? file : relative;
  };
}

/** A missing or unreadable path is the user's to fix: say so before ESLint turns it into a stack trace. */
async function checkPaths(paths: readonly string[], cwd: string): Promise<void> {
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    let isFile: boolean;
    try {
      isFile = (await stat(absolute)).isFile();
    } catch (error) {
      if (isDynamicPattern(given, { cwd })) continue;
      const code = (error as { code?: string }).code;
      if (code === "ENOENT" || code === "ENOTDIR") throw new UsageError(`no such file or directory: ${given}`);
      throw error;
    }
    await access(absolute, isFile ? constants.R_OK : constants.R_OK | constants.X_OK).catch(() => {
      throw new UsageError(`cannot read ${given}: permission denied`);
    });
  }
}

async function loadEslintClass(): Promise<{ ESLint: typeof ESLint; version: string }> {
  let api: typeof import("eslint");
  try {
    api = await import("eslint");
  } catch {
    throw new UsageError("ESLint is not installed here: npm install --save-dev eslint");
  }
  const ESLintClass = await api.loadESLint();
  return { ESLint: ESLintClass, version: ESLintClass.version };
}

/** The files a lint of `paths` would look at, for deciding whether the repository's config covers them. */
async function candidateFiles(paths: readonly string[], cwd: string): Promise<string[]> {
  const extensions = LINTED_EXTENSIONS.map((extension) => extension.slice(1)).join(",");
  const patterns: string[] = [];
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const isDirectory = await stat(absolute).then(
      (info) => info.isDirectory(),
      () => false,
    );
    const posix = path.relative(cwd, absolute).split(path.sep).join("/");
    if (isDynamicPattern(given, { cwd })) patterns.push(given);
    else if (isDirectory) patterns.push(posix === "" ? `**/*.{${extensions}}` : `${posix}/**/*.{${extensions}}`);
    else patterns.push(posix);
  }
  return globby(patterns, {
    cwd,
    absolute: true,
    gitignore: true,
    suppressErrors: true,
    ignore: ["**/node_modules/**", "**/.git/**"],
  });
}

interface Plan {
  eslint: ESLint;
  /** Said on stderr before the report: which config was chosen when that is not obvious. */
  notes: string[];
}

/**
 * The repository's config when it enables the plugin for at least one of the files, else the
 * preset (`--config`, or `recommended`): a config written for other rules would lint nothing here.
 */
async function plan(
  ESLintClass: typeof ESLint,
  paths: readonly string[],
  options: CliOptions,
  cwd: string,
): Promise<Plan> {
  const ignorePatterns = await gitignorePatterns(cwd);
  const common = { cwd, ignorePatterns, fix: options.fix };
  const notes: string[] = [];

  const usePreset = async (name: PresetName): Promise<Plan> => {
    const preset = await presetConfig(name);
    if (!preset.typescript) {
      notes.push("TypeScript files skipped: @typescript-eslint/parser or typescript could not be loaded (npm install --save-dev typescript).");
    }
    const eslint = new ESLintClass({ ...common, overrideConfigFile: true, baseConfig: preset.config });
    return { eslint, notes };
  };

  if (options.config) return usePreset(options.config);

  const repository = new ESLintClass(common);
  const configFile = await repository.findConfigFile();
  if (!configFile) return usePreset("recommended");

  const candidates = await candidateFiles(paths, cwd);
  // Nothing to decide on: let ESLint, with the repository's config, say what it finds.
  if (candidates.length === 0) return { eslint: repository, notes };
  for (const file of candidates) {
    if (enablesPgdbm(await repository.calculateConfigForFile(file))) return { eslint: repository, notes };
  }
  notes.push(
    `${relativeTo(cwd)(configFile)} does not enable eslint-plugin-pgdbm for these files; linting them with its recommended config ` +
      "(add pgdbm.configs.recommended to that config to lint with your settings).",
  );
  return usePreset("recommended");
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  program.parse([...argv], { from: "user" });
  const options = program.opts<CliOptions>();
  const paths = program.processedArgs[0] as string[];

  await checkPaths(paths, io.cwd);
  assertFormatAvailable(options.format);
  const { ESLint: ESLintClass, version } = await loadEslintClass();
  const { eslint, notes } = await plan(ESLintClass, paths, options, io.cwd);
  for (const note of notes) io.stderr(`pgdbm-lint: ${note}\n`);

  const results = await eslint.lintFiles([...paths]);
  if (options.fix) await ESLintClass.outputFixes(results);

  const errorCount = results.reduce((sum, result) => sum + result.errorCount, 0);
  const warningCount = results.reduce((sum, result) => sum + result.warningCount, 0);
  const tooManyWarnings = options.maxWarnings >= 0 && warningCount > options.maxWarnings;

  const output = await formatResults(eslint, version, results, options.format, {
    cwd: io.cwd,
    color: io.color && options.outputFile === undefined,
    ...(tooManyWarnings ? { maxWarningsExceeded: { maxWarnings: options.maxWarnings, foundWarnings: warningCount } } : {}),
  });
  if (options.outputFile !== undefined) {
    await writeFile(path.resolve(io.cwd, options.outputFile), output);
  } else if (output !== "") {
    io.stdout(output.endsWith("\n") ? output : `${output}\n`);
  }
  if (tooManyWarnings && errorCount === 0) {
    io.stderr(`pgdbm-lint: too many warnings (${warningCount}; maximum: ${options.maxWarnings}).\n`);
  }
  return errorCount > 0 || tooManyWarnings ? EXIT.problems : EXIT.clean;
}

/** Runs `pgdbm-lint` with `argv` (the arguments after the command) and returns its exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.clean : EXIT.failure;
    }
    io.stderr(`pgdbm-lint: ${describeError(error, relativeTo(io.cwd))}\n`);
    return EXIT.failure;
  }
}
