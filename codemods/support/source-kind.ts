import path from "node:path";
import { nearestPackageJson } from "../../estree/package-json.js";

/** How a file is read: as JavaScript/TypeScript (with or without JSX) or as a SQL migration. */
export interface SourceKind {
  language: "js" | "sql";
  /** JSX is parsed (`.tsx`, and JavaScript, where React code lives); never in `.ts`, where `<T>x` is a type assertion. */
  jsx: boolean;
  sourceType: "module" | "commonjs";
}

export const SOURCE_EXTENSIONS = ["ts", "tsx", "mts", "cts", "js", "jsx", "mjs", "cjs", "sql"] as const;

const ESM_SYNTAX = /^[ \t]*(?:import[\s{*"']|export[\s{*])/m;

/**
 * The parser settings for a file, from its extension (as next-codemod's `createParserFromPath`
 * does): `.ts`/`.mts`/`.cts` without JSX, `.tsx` and JavaScript with it. A `.js` file is parsed as
 * an ES module when its package says `"type": "module"` (Node's own rule) or when it is written
 * with `import`/`export` (sources a bundler compiles); otherwise as CommonJS. Whether Node runs a
 * file as an ES module is the rules' question (`estree/package-json.ts`), not the parser's.
 */
export function sourceKindOf(filePath: string, text: string): SourceKind | undefined {
  const extension = path.extname(filePath).slice(1).toLowerCase();
  switch (extension) {
    case "sql":
      return { language: "sql", jsx: false, sourceType: "module" };
    case "ts":
    case "mts":
      return { language: "js", jsx: false, sourceType: "module" };
    case "tsx":
      return { language: "js", jsx: true, sourceType: "module" };
    case "cts":
      return { language: "js", jsx: false, sourceType: "commonjs" };
    case "mjs":
      return { language: "js", jsx: true, sourceType: "module" };
    case "cjs":
      return { language: "js", jsx: true, sourceType: "commonjs" };
    case "js":
    case "jsx": {
      const packageIsModule = nearestPackageJson(path.dirname(path.resolve(filePath)))?.type === "module";
      return { language: "js", jsx: true, sourceType: packageIsModule || ESM_SYNTAX.test(text) ? "module" : "commonjs" };
    }
    default:
      return undefined;
  }
}
