import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Transpiles runtime/*.ts to plain JavaScript under tmp/ (inside the repo, so `pg` resolves from
 * its node_modules), for child processes that cannot load TypeScript. No type check: tsc does
 * that. Returns the path of index.js and a cleanup.
 */
export async function compileRuntime(): Promise<{ entry: string; remove: () => Promise<void> }> {
  const source = path.join(repoRoot, "runtime");
  const out = path.join(repoRoot, "tmp", `runtime-${randomBytes(4).toString("hex")}`);
  await mkdir(out, { recursive: true });
  for (const name of await readdir(source)) {
    if (!name.endsWith(".ts") || name.endsWith(".d.ts")) continue;
    const text = await readFile(path.join(source, name), "utf8");
    const { outputText } = ts.transpileModule(text, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      fileName: name,
    });
    await writeFile(path.join(out, name.replace(/\.ts$/, ".js")), outputText);
  }
  return { entry: path.join(out, "index.js"), remove: () => rm(out, { recursive: true, force: true }) };
}
