// jscodeshift's own runner `require()`s a transform, and the transforms are ES modules that load
// the SQL grammar with a top-level await: this CommonJS entry loads them on first use.
//   npx jscodeshift --no-babel -t node_modules/eslint-plugin-pgdbm/dist/codemods/jscodeshift.cjs --codemod add-module-name src/
// (`--no-babel`: the transforms are already JavaScript; jscodeshift would otherwise run every module
// they load, TypeScript's compiler included, through @babel/register.)
import type { API, FileInfo, Options } from "jscodeshift";

async function transform(file: FileInfo, api: API, options: Options): Promise<string | undefined> {
  const { isTransformName, transforms } = await import("./index.js");
  const name = String(options.codemod ?? "all");
  if (!isTransformName(name)) throw new Error(`--codemod: unknown transform "${name}"`);
  return transforms[name](file, api, options);
}

export = transform;
