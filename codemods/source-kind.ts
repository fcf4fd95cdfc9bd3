import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/** How a file is read: as JavaScript/TypeScript (with or without JSX) or as a SQL migration. */
export interface SourceKind {
  language: "js" | "sql";
  /** JSX is parsed (`.tsx`, and JavaScript, where React code lives); never in `.ts`, where `<T>x` is a type assertion. */
  jsx: boolean;
  sourceType: "module" | "commonjs";
  /** Node runs the file as an ES module, so a top-level `await` may be written into it. */
  esm: boolean;
}

export const SOURCE_EXTENSIONS = ["ts", "tsx", "mts", "cts", "js", "jsx", "mjs", "cjs", "sql"] as const;

const packageTypes = new Map<string, string | undefined>();

/** The `type` field of the nearest package.json above `directory` (Node's own rule for `.js`). */
function nearestPackageType(directory: string): string | undefined {
  const visited: string[] = [];
  let found: string | undefined;
  for (let current = directory; ; current = path.dirname(current)) {
    if (packageTypes.has(current)) {
      found = packageTypes.get(current);
      break;
    }
    visited.push(current);
    const file = path.join(current, "package.json");
    if (existsSync(file)) {
      try {
        const type = (JSON.parse(readFileSync(file, "utf8")) as { type?: unknown }).type;
        found = typeof type === "string" ? type : undefined;
      } catch {
        found = undefined;
      }
      break;
    }
    if (path.dirname(current) === current) break;
  }
  for (const directoryVisited of visited) packageTypes.set(directoryVisited, found);
  return found;
}

const ESM_SYNTAX = /^[ \t]*(?:import[\s{*"']|export[\s{*])/m;

/**
 * The parser settings for a file, from its extension (as next-codemod's `createParserFromPath`
 * does): `.ts`/`.mts`/`.cts` without JSX, `.tsx` and JavaScript with it. A `.js` file is an
 * ES module when its package says `"type": "module"` or when it is written with `import`/`export`
 * (sources a bundler compiles); otherwise CommonJS, as Node reads it.
 */
export function sourceKindOf(filePath: string, text: string): SourceKind | undefined {
  const extension = path.extname(filePath).slice(1).toLowerCase();
  if (extension === "sql") return { language: "sql", jsx: false, sourceType: "module", esm: false };
  const packageIsModule = (): boolean => nearestPackageType(path.dirname(path.resolve(filePath))) === "module";
  switch (extension) {
    case "ts":
      return { language: "js", jsx: false, sourceType: "module", esm: packageIsModule() };
    case "tsx":
      return { language: "js", jsx: true, sourceType: "module", esm: packageIsModule() };
    case "mts":
      return { language: "js", jsx: false, sourceType: "module", esm: true };
    case "cts":
      return { language: "js", jsx: false, sourceType: "commonjs", esm: false };
    case "mjs":
      return { language: "js", jsx: true, sourceType: "module", esm: true };
    case "cjs":
      return { language: "js", jsx: true, sourceType: "commonjs", esm: false };
    case "js":
    case "jsx": {
      const esm = packageIsModule();
      return { language: "js", jsx: true, sourceType: esm || ESM_SYNTAX.test(text) ? "module" : "commonjs", esm };
    }
    default:
      return undefined;
  }
}
