// A dual-mode library: works on its own (gets a connection string, owns its pool) or inside an
// app (gets the app's manager, borrows its pool). It closes only what it opened.
import { fileURLToPath } from "node:url";
import { AsyncDatabaseManager, AsyncMigrationManager, DatabaseConfig } from "eslint-plugin-pgdbm/runtime";

const migrationsPath = fileURLToPath(new URL("migrations/audit", import.meta.url));

export class AuditLog {
  #db;
  #ownsDb;

  /** @param {{ connectionString?: string, db?: AsyncDatabaseManager }} options */
  constructor({ connectionString, db } = {}) {
    if ((connectionString === undefined) === (db === undefined)) {
      throw new TypeError("new AuditLog({ connectionString }) or new AuditLog({ db }): exactly one");
    }
    this.#ownsDb = db === undefined;
    this.#db = db ?? new AsyncDatabaseManager(new DatabaseConfig({ connectionString, schema: "audit" }));
  }

  get ownsDb() {
    return this.#ownsDb;
  }

  async start() {
    if (this.#ownsDb) await this.#db.connect();
    // The module name is the library's, not the app's: its migrations never mix with the app's.
    const migrations = new AsyncMigrationManager(this.#db, migrationsPath, { moduleName: "audit_log" });
    return migrations.applyPendingMigrations();
  }

  record(actor, action) {
    return this.#db.executeAndReturnId("INSERT INTO {{tables.audit_entries}} (actor, action) VALUES ($1, $2)", actor, action);
  }

  count() {
    return this.#db.fetchValue("SELECT count(*)::int FROM {{tables.audit_entries}}");
  }

  async close() {
    // Only the owner closes the pool: a borrowed one belongs to the app.
    if (this.#ownsDb) await this.#db.disconnect();
  }
}
