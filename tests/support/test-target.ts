/** What the DB tests run against, decided once per run by global-setup.ts and handed to workers. */
export interface TestTarget {
  /** "server": a real PostgreSQL; "pglite": embedded PGlite behind a socket (one shared session). */
  mode: "server" | "pglite";
  /** postgres:// URL of a database where tests may create schemas (and, on a server, databases). */
  url: string;
  /** Why this target was chosen, for the run's header. */
  why: string;
}

/** Prefix of every skip note written by `itOnServer`; the skip reporter recognises it. */
export const SERVER_SKIP_PREFIX = "needs a real PostgreSQL server";

declare module "vitest" {
  export interface ProvidedContext {
    pgdbmTestTarget: TestTarget;
  }
}
