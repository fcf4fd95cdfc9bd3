// A scratch PostgreSQL database for the peer that checks queries against a live server
// (@ts-safeql/eslint-plugin's `check-sql`): created with the corpus's tables, dropped afterwards.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { COLUMNS, TABLES } from "../suite/tagged-corpus.mjs";

const COLUMN_TYPES = {
  id: "integer PRIMARY KEY",
  email: "text NOT NULL",
  status: "text NOT NULL",
  total: "numeric(12, 2)",
  created_at: "timestamptz NOT NULL DEFAULT now()",
  updated_at: "timestamptz",
  user_id: "integer",
  amount: "numeric(12, 2)",
  note: "text",
  currency: "char(3)",
};

/** The admin URL (a database that always exists) with its database name replaced. */
function withDatabase(adminUrl, database) {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * Creates `pgdbm_bench_<8 hex>` on the server of `adminUrl` with every table of the tagged-template
 * corpus; returns its URL and `drop()`, which removes it (WITH (FORCE): safeql's worker may still
 * hold a connection when the bench ends).
 */
export async function createScratchDatabase(adminUrl) {
  const name = `pgdbm_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = COLUMNS.map((column) => `${column} ${COLUMN_TYPES[column]}`).join(", ");
    for (const table of TABLES) await client.query(`CREATE TABLE ${table} (${columns})`);
  } finally {
    await client.end();
  }
  return {
    name,
    url,
    async drop() {
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
