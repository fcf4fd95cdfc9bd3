import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import type { TestProject } from "vitest/node";
import type { TestTarget } from "./test-target.js";

const LOCAL_SERVER_URL = "postgres://postgres@127.0.0.1:5432/postgres";

/**
 * Chooses the database for the whole run: `PGDBM_TEST_URL` when set (`pglite` forces the
 * embedded one), else the local server when it answers, else PGlite behind a socket server
 * started here. `PGDBM_REQUIRE_SERVER=1` (CI) makes anything but a real server an error.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const requested = process.env.PGDBM_TEST_URL;
  const requireServer = process.env.PGDBM_REQUIRE_SERVER === "1";
  let target: TestTarget;
  let teardown = async (): Promise<void> => {};

  if (requested !== undefined && requested !== "" && requested !== "pglite") {
    const failure = await probe(requested);
    if (failure !== undefined) {
      throw new Error(`PGDBM_TEST_URL does not answer (${failure}); unset it to fall back to the local server or PGlite`);
    }
    target = { mode: await serverKind(requested), url: requested, why: "PGDBM_TEST_URL" };
  } else if (requested !== "pglite" && (await probe(LOCAL_SERVER_URL)) === undefined) {
    target = { mode: "server", url: LOCAL_SERVER_URL, why: "local server on 127.0.0.1:5432" };
  } else {
    if (requireServer) {
      throw new Error(
        "PGDBM_REQUIRE_SERVER=1 but no PostgreSQL server is in use " +
          `(${requested === "pglite" ? "PGDBM_TEST_URL=pglite" : "none answered on 127.0.0.1:5432"}): the real-server tests would be skipped`,
      );
    }
    const embedded = await startPglite();
    teardown = embedded.stop;
    target = {
      mode: "pglite",
      url: embedded.url,
      why: requested === "pglite" ? "PGDBM_TEST_URL=pglite" : "no server answered on 127.0.0.1:5432",
    };
  }
  if (requireServer && target.mode !== "server") {
    throw new Error(`PGDBM_REQUIRE_SERVER=1 but ${target.url} is not a real PostgreSQL server`);
  }

  project.provide("pgdbmTestTarget", target);
  // The runtime's own defaults (AsyncTestDatabase, the vitest fixtures) and child processes read it.
  process.env.PGDBM_TEST_URL = target.url;
  process.stdout.write(`[pgdbm tests] database: ${target.mode} (${target.why})\n`);
  return teardown;
}

async function probe(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

/** A URL may point at a PGlite socket server started by hand: it reports no pg_postmaster_start_time. */
async function serverKind(url: string): Promise<TestTarget["mode"]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    const result = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    const other = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
    await other.connect();
    try {
      const second = await other.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      // PGlite serves every connection from its one backend.
      return second.rows[0]?.pid === result.rows[0]?.pid ? "pglite" : "server";
    } finally {
      await other.end();
    }
  } finally {
    await client.end();
  }
}

/**
 * A fresh PGlite runs initdb (~3-8 s here); loading the data directory saved after the first
 * initdb takes ~1 s. Cached under node_modules/.cache, keyed by the PGlite version.
 */
async function createPglite(): Promise<import("@electric-sql/pglite").PGlite> {
  const { PGlite } = await import("@electric-sql/pglite");
  const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
  // The package does not export its package.json; read it from disk.
  const manifest = path.join(repoRoot, "node_modules", "@electric-sql", "pglite", "package.json");
  const { version } = JSON.parse(await readFile(manifest, "utf8")) as { version: string };
  const cacheFile = path.join(repoRoot, "node_modules", ".cache", "pgdbm", `pglite-${version}-datadir.tgz`);
  const cached = await readFile(cacheFile).catch(() => undefined);
  if (cached !== undefined) {
    try {
      return await PGlite.create({ loadDataDir: new Blob([cached]) });
    } catch {
      // A damaged cache: fall through to a fresh initdb, which rewrites it.
    }
  }
  const db = await PGlite.create();
  const dump = await db.dumpDataDir("gzip");
  await mkdir(path.dirname(cacheFile), { recursive: true });
  // Written aside and renamed: another run may be reading the cache at the same moment.
  const partial = `${cacheFile}.${process.pid}.partial`;
  await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
  await rename(partial, cacheFile);
  return db;
}

async function startPglite(): Promise<{ url: string; stop: () => Promise<void> }> {
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  const db = await createPglite();
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 500 });
  await server.start();
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}
