// A dual-mode library: standalone (give it a connection string) or embedded in an app (give it
// the app's manager). Written before the patterns were known; see the demo's README.
import { fileURLToPath } from "node:url";
import { AsyncDatabaseManager, AsyncMigrationManager, DatabaseConfig } from "eslint-plugin-pgdbm/runtime";

const migrationsPath = fileURLToPath(new URL("./migrations", import.meta.url));

export class AuditLog {
  /** @param {{ connectionString?: string, db?: AsyncDatabaseManager, schema?: string }} options */
  constructor({ connectionString, db, schema = "audit" } = {}) {
    this.db = db ?? new AsyncDatabaseManager(new DatabaseConfig({ connectionString, schema }));
    // Points the app's manager at the library's schema, for the app too.
    if (db) this.db.schema = schema;
  }

  async start() {
    await this.db.connect();
    const migrations = new AsyncMigrationManager(this.db, migrationsPath, { schema: "audit" });
    return migrations.applyPendingMigrations();
  }

  /** @param {string} actor @param {string} action */
  async record(actor, action) {
    await this.db.execute("INSERT INTO audit.events (actor, action) VALUES ($1, $2)", actor, action);
  }

  async close() {
    await this.db.disconnect();
  }
}
