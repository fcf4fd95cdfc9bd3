import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";

const repoRoot = resolve(import.meta.dirname, "../..");

/**
 * PostgreSQL's regression SQL and more, shared by the team and read in place, never copied:
 * `PGDBM_CORPUS_DIR` when set, else `../shared/corpus/pg-sql` beside the checkout, else the
 * team's copy on this machine (a CI clone may live elsewhere).
 */
export const corpusDir: string =
  [process.env.PGDBM_CORPUS_DIR, resolve(repoRoot, "../shared/corpus/pg-sql"), "/work/shared/corpus/pg-sql"].find(
    (candidate): candidate is string => candidate !== undefined && candidate !== "" && existsSync(candidate),
  ) ?? resolve(repoRoot, "../shared/corpus/pg-sql");

export const corpusPresent: boolean = existsSync(corpusDir);

if (!corpusPresent && process.env.PGDBM_REQUIRE_CORPUS === "1") {
  throw new Error(`PGDBM_REQUIRE_CORPUS=1 but the SQL corpus is not at ${corpusDir} (set PGDBM_CORPUS_DIR)`);
}

/** Skips the calling test, with the reason in the run's list of skips, when the corpus is missing. */
export function skipWithoutCorpus(context: { skip: (note?: string) => void }): void {
  if (!corpusPresent) context.skip(`the SQL corpus is not at ${corpusDir} (set PGDBM_CORPUS_DIR)`);
}

/** Every `.sql` file below `directory`, sorted, as absolute paths. */
export function corpusSqlFiles(directory: string = corpusDir): string[] {
  const files: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".sql")) files.push(path);
    }
  };
  walk(directory);
  return files.sort();
}
