import { existsSync } from "node:fs";
import { mkdir, symlink } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureBuilt } from "../../codemods/built-cli.js";

/** The repository, which is also the package `eslint-plugin-pgdbm`. */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** How long a `beforeAll` that may rebuild `dist/` can take. */
export const BUILD_TIMEOUT_MS = 240_000;

/**
 * These tests use the package as users get it, built. `npm ci` builds `dist/` (`prepare`); in a
 * developer's tree with newer sources, the codemod tests' `ensureBuilt` rebuilds it, one build at
 * a time across test files.
 */
export function ensureFreshBuild(): void {
  ensureBuilt();
  for (const file of ["dist/index.js", "dist/lint/cli.js", "dist/runtime/index.js"]) {
    if (!existsSync(path.join(REPO_ROOT, file))) throw new Error(`${file} is missing after the build: run \`npm run build\`.`);
  }
}

/**
 * Makes `eslint-plugin-pgdbm` (and the few packages a config next to it imports) resolvable
 * from `folder` as if installed there, by linking them into its `node_modules`.
 */
export async function installLinks(folder: string, packages: string[] = ["@typescript-eslint/parser"]): Promise<void> {
  const modules = path.join(folder, "node_modules");
  await mkdir(path.join(modules, "@typescript-eslint"), { recursive: true });
  await symlink(REPO_ROOT, path.join(modules, "eslint-plugin-pgdbm"), "dir");
  for (const name of packages) {
    await mkdir(path.dirname(path.join(modules, name)), { recursive: true });
    await symlink(path.join(REPO_ROOT, "node_modules", name), path.join(modules, name), "dir");
  }
}

/**
 * The flat config a user writes: TypeScript through typescript-eslint's parser, then the plugin's
 * recommended preset for source files and the `sql` config for `.sql` migrations.
 */
export const USER_CONFIG = `import pgdbm from "eslint-plugin-pgdbm";
import tsParser from "@typescript-eslint/parser";

export default [
  { files: ["**/*.ts"], languageOptions: { parser: tsParser } },
  pgdbm.configs.recommended,
  pgdbm.configs.sql,
];
`;
