import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "./support.js";

export const cliPath = path.join(repoRoot, "dist", "codemods", "cli.js");
const SOURCES = ["index.ts", "rules", "sql", "runtime", "codemods", "estree", "language", "lint"];

function newestSource(entry: string): number {
  const full = path.join(repoRoot, entry);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return entry.endsWith(".ts") ? stat.mtimeMs : 0;
  return Math.max(0, ...readdirSync(full).map((name) => newestSource(path.join(entry, name))));
}

/**
 * The CLI runs from `dist/` as users run it. `npm ci` builds it (`prepare`); when sources are newer
 * (a developer's tree), build again, one build at a time across test files (flock).
 */
export function ensureBuilt(): void {
  const built = existsSync(cliPath) ? statSync(cliPath).mtimeMs : 0;
  if (built >= Math.max(...SOURCES.map(newestSource))) return;
  mkdirSync(path.join(repoRoot, "tmp"), { recursive: true });
  try {
    execFileSync("flock", [path.join(repoRoot, "tmp", ".pgdbm-build.lock"), "npx", "tsc", "-p", "tsconfig.build.json"], {
      cwd: repoRoot,
      stdio: "pipe",
    });
  } catch {
    // Type errors elsewhere in the tree still emit JavaScript; what matters is that the CLI exists.
  }
  if (!existsSync(cliPath)) throw new Error(`npm run build did not produce ${cliPath}`);
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `pgdbm-codemod` as a child process, colours off. */
export function runBuiltCli(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cliPath, ...args],
      { cwd, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
