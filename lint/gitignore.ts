import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { globby } from "globby";

/**
 * Turns one `.gitignore` line into an ESLint ignore pattern (minimatch, relative to the ignore
 * file's folder), or `undefined` for a blank line or a comment. Follows gitignore(5): a pattern
 * with no slash but a trailing one matches at any depth, one with a slash is anchored to its folder.
 */
export function gitignoreLineToPattern(line: string): string | undefined {
  let pattern = line.replace(/(?<!\\)\s+$/u, "");
  if (pattern === "" || pattern.startsWith("#")) return undefined;

  const negated = pattern.startsWith("!");
  if (negated) pattern = pattern.slice(1);
  if (pattern.startsWith("\\#") || pattern.startsWith("\\!")) pattern = pattern.slice(1);
  if (pattern === "" || pattern === "/") return undefined;

  const firstSlash = pattern.indexOf("/");
  const anchored = firstSlash !== -1 && firstSlash !== pattern.length - 1;
  let body = pattern.startsWith("/") ? pattern.slice(1) : pattern;
  if (body.startsWith("**/")) body = body.slice(3);
  const matchAnywhere = !anchored || pattern.startsWith("**/");

  // Braces and parentheses are literal in gitignore but brace expansion / extglob in minimatch.
  body = body.replace(/[{}()]/gu, (character) => `\\${character}`);
  // gitignore's `dir/**` matches what is inside `dir`; minimatch's also matches `dir` itself,
  // which ESLint would then refuse to re-include anything from.
  if (body.endsWith("/**")) body = `${body}/*`;

  return `${negated ? "!" : ""}${matchAnywhere ? "**/" : ""}${body}`;
}

/**
 * Rebases a pattern written for the folder `from` onto the folder `to` (both relative to one root).
 * `undefined` when the pattern can only match outside `to`.
 */
function rebase(pattern: string, from: string, to: string): string | undefined {
  const negated = pattern.startsWith("!");
  const body = negated ? pattern.slice(1) : pattern;
  const sign = negated ? "!" : "";
  const relative = path.posix.relative(from, to);
  if (relative === "") return pattern;
  if (!relative.startsWith("..")) {
    // `to` is below `from`: anywhere-patterns still apply; anchored ones only under `to`.
    if (body.startsWith("**/")) return pattern;
    return body.startsWith(`${relative}/`) ? `${sign}${body.slice(relative.length + 1)}` : undefined;
  }
  // `to` is above `from`: prefix the folder the ignore file lives in.
  const down = path.posix.relative(to, from);
  return `${sign}${down}/${body}`;
}

function toPosix(filePath: string): string {
  return filePath.split(path.sep).join(path.posix.sep);
}

/** The repository root above `cwd` (the folder holding `.git`), or `undefined` outside a repository. */
function findGitRoot(cwd: string): string | undefined {
  for (let directory = cwd; ; directory = path.dirname(directory)) {
    if (existsSync(path.join(directory, ".git"))) return directory;
    if (path.dirname(directory) === directory) return undefined;
  }
}

async function patternsOf(ignoreFile: string, root: string, cwd: string): Promise<string[]> {
  const text = await readFile(ignoreFile, "utf8");
  const folder = toPosix(path.relative(root, path.dirname(ignoreFile)));
  const base = toPosix(path.relative(root, cwd));
  const patterns: string[] = [];
  for (const line of text.split(/\r?\n/u)) {
    const pattern = gitignoreLineToPattern(line);
    if (pattern === undefined) continue;
    const rebased = rebase(pattern, folder, base);
    if (rebased !== undefined) patterns.push(rebased);
  }
  return patterns;
}

/**
 * ESLint ignore patterns (relative to `cwd`) for every `.gitignore` that governs files under
 * `cwd`: those of the folders from the repository root down to `cwd`, then those below it, in
 * the order git reads them so a deeper `!pattern` can re-include what a shallower one ignored.
 */
export async function gitignorePatterns(cwd: string): Promise<string[]> {
  const root = findGitRoot(cwd) ?? cwd;
  const ancestors: string[] = [];
  for (let directory = path.dirname(cwd); root !== cwd && directory.startsWith(root); directory = path.dirname(directory)) {
    const file = path.join(directory, ".gitignore");
    if (existsSync(file)) ancestors.unshift(file);
    if (directory === root) break;
  }
  const below = await globby("**/.gitignore", {
    cwd,
    dot: true,
    gitignore: true,
    absolute: true,
    suppressErrors: true,
    ignore: ["**/node_modules/**", "**/.git/**"],
  });
  below.sort((a, b) => a.split(path.sep).length - b.split(path.sep).length || a.localeCompare(b));

  const patterns: string[] = [];
  for (const file of [...ancestors, ...below]) patterns.push(...(await patternsOf(file, root, cwd)));
  return patterns;
}
