import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/** The fields of a package.json the rules read. */
export interface PackageFields {
  name?: string;
  type?: string;
}

const packages = new Map<string, PackageFields | undefined>();

function fieldsOf(file: string): PackageFields | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    if (typeof parsed !== "object" || parsed === null) return {};
    const { name, type } = parsed as { name?: unknown; type?: unknown };
    return { ...(typeof name === "string" ? { name } : {}), ...(typeof type === "string" ? { type } : {}) };
  } catch {
    return {};
  }
}

/**
 * The nearest package.json at or above `directory`, as Node finds it (the first one wins, even
 * without the field asked for); `undefined` when there is none. Cached per directory: a lint run
 * asks for every file.
 */
export function nearestPackageJson(directory: string): PackageFields | undefined {
  const visited: string[] = [];
  let found: PackageFields | undefined;
  for (let current = directory; ; current = path.dirname(current)) {
    if (packages.has(current)) {
      found = packages.get(current);
      break;
    }
    visited.push(current);
    const file = path.join(current, "package.json");
    if (existsSync(file)) {
      found = fieldsOf(file);
      break;
    }
    if (path.dirname(current) === current) break;
  }
  for (const directoryVisited of visited) packages.set(directoryVisited, found);
  return found;
}

/**
 * Does Node run `filename` as an ES module, where a top-level `await` is allowed? `.mjs`/`.mts`
 * always, `.cjs`/`.cts` never, any other file when its nearest package.json says
 * `"type": "module"` (TypeScript's `module: nodenext` follows the same rule). `undefined` for a
 * name that is not a path (`<input>`).
 */
export function runsAsEsModule(filename: string): boolean | undefined {
  if (!path.isAbsolute(filename)) return undefined;
  const extension = path.extname(filename).toLowerCase();
  if (extension === ".mjs" || extension === ".mts") return true;
  if (extension === ".cjs" || extension === ".cts") return false;
  return nearestPackageJson(path.dirname(filename))?.type === "module";
}
