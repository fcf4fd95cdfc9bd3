// The runtime's three patterns on a real PostgreSQL, in a scratch database dropped at the end.
//   npm run build && npm run demo        (PGDBM_TEST_URL picks the server; default the local one)
import { fileURLToPath } from "node:url";
import {
  AsyncDatabaseManager,
  AsyncMigrationManager,
  AsyncTestDatabase,
  DatabaseConfig,
  PoolError,
} from "eslint-plugin-pgdbm/runtime";
import { AuditLog } from "./audit-log.mjs";

const adminUrl = process.env.PGDBM_TEST_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
if (!/^postgres(ql)?:\/\//.test(adminUrl)) {
  console.error(`The demo needs a PostgreSQL server: PGDBM_TEST_URL=${adminUrl} is not a postgres:// URL.`);
  process.exit(1);
}
const migrations = (name) => fileURLToPath(new URL(`migrations/${name}`, import.meta.url));
const say = (text) => console.log(text);
const step = (title) => console.log(`\n== ${title}`);

// Duplicate-pool warnings are part of the story below: print them in line, once.
process.removeAllListeners("warning");
process.on("warning", (warning) => {
  say(`   ⚠ ${warning.code ?? warning.name}: ${warning.message.split(". ")[0]}.`);
  if (warning.code === "PGDBM_DUPLICATE_POOL") say("     the fix it names: AsyncDatabaseManager.createSharedPool(config) + { pool, schema } managers");
});

const scratch = new AsyncTestDatabase(new DatabaseConfig({ connectionString: adminUrl }));
try {
  const name = await scratch.createTestDatabase("demo");
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const connectionString = url.toString();
  say(`scratch database ${name} on ${new DatabaseConfig({ connectionString }).dsn}`);

  step("1. Standalone: one service, one manager that owns its pool");
  const standalone = new AsyncDatabaseManager(new DatabaseConfig({ connectionString, schema: "standalone" }));
  await standalone.connect();
  try {
    const applied = await new AsyncMigrationManager(standalone, migrations("users"), { moduleName: "standalone_users" })
      .applyPendingMigrations();
    say(`   migrations (module standalone_users) applied: ${applied.join(", ")}`);
    const id = await standalone.executeAndReturnId("INSERT INTO {{tables.accounts}} (email) VALUES ($1)", "solo@example.com");
    say(`   INSERT INTO {{tables.accounts}} → ${standalone.prepareQuery("{{tables.accounts}}")}, id ${id}`);
  } finally {
    await standalone.disconnect();
  }
  say("   disconnect(): the manager owned its pool, so it closed it");

  step("2. Shared pool: one pool, two schema-isolated services, each with its own migrations");
  // The demo opens a second pool to one database on purpose, after the standalone manager closed its own.
  // eslint-disable-next-line pgdbm/no-multiple-pools
  const pool = await AsyncDatabaseManager.createSharedPool(new DatabaseConfig({ connectionString, maxConnections: 5 }));
  try {
    const users = new AsyncDatabaseManager({ pool, schema: "users" });
    const orders = new AsyncDatabaseManager({ pool, schema: "orders" });
    for (const [db, moduleName] of [
      [users, "users"],
      [orders, "orders"],
    ]) {
      const applied = await new AsyncMigrationManager(db, migrations(moduleName), { moduleName }).applyPendingMigrations();
      say(`   ${moduleName}: schema "${db.schema}" created, applied ${applied.join(", ")}`);
    }
    const again = await new AsyncMigrationManager(orders, migrations("orders"), { moduleName: "orders" }).applyPendingMigrations();
    say(`   orders again: ${again.length} pending (each file runs once)`);

    const alice = await users.executeAndReturnId("INSERT INTO {{tables.accounts}} (email) VALUES ($1)", "alice@example.com");
    await users.execute("INSERT INTO {{tables.events}} (kind) VALUES ('signup')");
    await orders.transaction(async (tx) => {
      await tx.execute("INSERT INTO {{tables.orders}} (account_id, total_cents) VALUES ($1, $2)", alice, 4200);
      await tx.execute("INSERT INTO {{tables.events}} (kind) VALUES ('order_placed'), ('payment_captured')");
    });
    say(`   users.events: ${await users.fetchValue("SELECT count(*)::int FROM {{tables.events}}")} row, ` +
      `orders.events: ${await orders.fetchValue("SELECT count(*)::int FROM {{tables.events}}")} rows (same table name, own schema)`);
    const joined = await orders.fetchOne(
      "SELECT a.email, o.total_cents FROM {{tables.orders}} o JOIN {{tables.users.accounts}} a ON a.id = o.account_id",
    );
    say(`   cross-schema read with {{tables.users.accounts}}: ${JSON.stringify(joined)}`);
    try {
      // Deliberately wrong, to show the PoolError the rule prevents.
      // eslint-disable-next-line pgdbm/no-connect-on-pooled-manager
      await users.connect();
    } catch (error) {
      if (!(error instanceof PoolError)) throw error;
      say(`   users.connect() on a borrowed pool → PoolError: ${error.message.split(":")[0]}`);
    }
    await users.disconnect();
    say(`   users.disconnect() on a borrowed pool does nothing: orders still works (${await orders.fetchValue("SELECT 1")})`);

    step("3. Dual-mode library: embedded on the app's pool, or standalone with its own");
    const embedded = new AuditLog({ db: new AsyncDatabaseManager({ pool, schema: "audit" }) });
    say(`   embedded AuditLog (ownsDb=${embedded.ownsDb}) applied: ${(await embedded.start()).join(", ") || "nothing"}`);
    await embedded.record("alice", "placed order");
    await embedded.close();
    say(`   embedded.close() left the app's pool open: ${await orders.fetchValue("SELECT count(*)::int FROM {{tables.orders}}")} order still readable`);

    say("   standalone AuditLog opens a second pool to the same database while the app's is open:");
    const standaloneLog = new AuditLog({ connectionString });
    try {
      say(`   standalone AuditLog (ownsDb=${standaloneLog.ownsDb}) applied: ${(await standaloneLog.start()).join(", ") || "nothing (same schema, same module)"}`);
      await standaloneLog.record("batch-job", "nightly export");
      say(`   audit entries seen by the standalone library: ${await standaloneLog.count()}`);
    } finally {
      await standaloneLog.close();
    }
    say("   standalone.close() closed the pool it owned");
    const stats = await orders.getPoolStats();
    say(`   shared pool: ${stats.total} connection(s) open, ${stats.idle} idle, max ${stats.max}`);
  } finally {
    await pool.close();
    say("   app closed the shared pool (only the creator closes it)");
  }
} finally {
  await scratch.dropTestDatabase();
  say("\nscratch database dropped");
}
