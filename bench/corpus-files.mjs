// What the two generated corpora share (the lint corpus, bench/lint/generate.mjs, and the peers'
// tagged corpus, bench/suite/tagged-corpus.mjs): a seeded random source, the tables and columns
// they name, the shape of a repository module, and how a corpus directory is written.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const TABLES = ["users", "orders", "order_items", "invoices", "payments", "sessions", "audit_log", "products", "carts", "refunds"];
export const COLUMNS = ["id", "email", "status", "total", "created_at", "updated_at", "user_id", "amount", "note", "currency"];

/** mulberry32: small, fast and deterministic. */
export function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick(next, list) {
  return list[Math.floor(next() * list.length)];
}

/** A repository class on a manager, with its query methods (and any module-level constants first). */
export function repositoryModule({ className, constants, methods }) {
  return [
    `import type { AsyncDatabaseManager } from "eslint-plugin-pgdbm/runtime";`,
    `import { sql } from "../sql-tag.js";`,
    ``,
    ...(constants === undefined ? [] : [...constants, ``]),
    `export class ${className} {`,
    `  constructor(private readonly db: AsyncDatabaseManager) {}`,
    ``,
    methods.join("\n\n"),
    `}`,
    ``,
  ].join("\n");
}

/**
 * Empties `directory`, writes `files` modules under `directory/src` (`fileName(index)`,
 * `fileText(index)`) and the `sql` tag they import; returns the directory.
 */
export function writeCorpus(directory, { files, fileName, fileText, sqlTag }) {
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(join(directory, "src"), { recursive: true });
  for (let index = 0; index < files; index += 1) {
    writeFileSync(join(directory, "src", fileName(index)), fileText(index));
  }
  writeFileSync(join(directory, "sql-tag.ts"), sqlTag);
  return directory;
}
