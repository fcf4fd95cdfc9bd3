import rule from "../../rules/unique-module-name.js";
import { ruleTester } from "../support/rule-tester.js";

const runtime = `import { AsyncDatabaseManager, AsyncMigrationManager } from "eslint-plugin-pgdbm/runtime";\n`;

ruleTester.run("unique-module-name", rule, {
  valid: [
    runtime +
      `new AsyncMigrationManager(usersDb, "migrations/users", { moduleName: "users" });
new AsyncMigrationManager(ordersDb, "migrations/orders", { moduleName: "orders" });`,
    // A library whose schema is chosen by its caller builds the name from it.
    runtime +
      `class Billing {
  constructor(pool, schema) {
    this.db = new AsyncDatabaseManager({ pool, schema });
  }
  migrations() {
    return new AsyncMigrationManager(this.db, "migrations", { moduleName: \`billing_\${this.db.schema}\` });
  }
}`,
    runtime +
      `function migrationsFor(pool, schema, name) {
  const db = new AsyncDatabaseManager({ pool, schema });
  return new AsyncMigrationManager(db, "migrations", { moduleName: name });
}`,
    // A fixed schema (also through a constant) with a fixed name.
    runtime +
      `const SCHEMA = "billing";
const db = new AsyncDatabaseManager({ pool, schema: SCHEMA });
new AsyncMigrationManager(db, "migrations", { moduleName: "billing" });`,
    // The dual-mode library: an outside manager of unknown schema, a fixed name of the library's own.
    runtime +
      `class Library {
  constructor(db) {
    this.db = db;
  }
  async migrate() {
    await new AsyncMigrationManager(this.db, "migrations", { moduleName: "mylib" }).applyPendingMigrations();
  }
}`,
    // The same name in another library's migrator.
    `import { Migrator } from "other-migrations";\nnew Migrator(a, { moduleName: "x" });\nnew Migrator(b, { moduleName: "x" });`,
  ],
  invalid: [
    {
      code:
        runtime +
        `const users = new AsyncMigrationManager(usersDb, "migrations/users", { moduleName: "app" });
const orders = new AsyncMigrationManager(ordersDb, "migrations/orders", { moduleName: "app" });`,
      output: null,
      errors: [
        {
          messageId: "duplicateModuleName",
          data: { name: "app", line: 2 },
          line: 3,
          column: 87,
          endLine: 3,
          endColumn: 92,
        },
      ],
    },
    {
      // The same name through a constant and a plain template literal.
      code:
        runtime +
        `const NAME = "shared";
new AsyncMigrationManager(a, "m1", { moduleName: NAME });
new AsyncMigrationManager(b, "m2", { moduleName: \`shared\` });
new AsyncMigrationManager(c, "m3", { moduleName: "shared" });`,
      output: null,
      errors: [
        { messageId: "duplicateModuleName", data: { name: "shared", line: 3 }, line: 4, column: 50 },
        { messageId: "duplicateModuleName", data: { name: "shared", line: 3 }, line: 5, column: 50 },
      ],
    },
    {
      // A library instantiated with different schemas: the fixed name is shared by every instance.
      code:
        runtime +
        `class Billing {
  constructor(pool, schema) {
    this.db = new AsyncDatabaseManager({ pool, schema });
  }
  async migrate() {
    const migrations = new AsyncMigrationManager(this.db, "migrations", { moduleName: "billing" });
    await migrations.applyPendingMigrations();
  }
}`,
      output: null,
      errors: [
        {
          messageId: "fixedNameForDynamicSchema",
          data: { name: "billing", schema: "schema", example: "`billing_${schema}`" },
          line: 7,
          column: 87,
          endColumn: 96,
        },
      ],
    },
    {
      code:
        runtime +
        `export function createTenant(pool, tenant) {
  const db = new AsyncDatabaseManager({ pool, schema: \`tenant_\${tenant}\` });
  return new AsyncMigrationManager(db, "migrations/tenant", { moduleName: "tenant" });
}`,
      output: null,
      errors: [
        {
          messageId: "fixedNameForDynamicSchema",
          data: { name: "tenant", schema: "`tenant_${tenant}`", example: "`tenant_${tenant}`" },
          line: 4,
          column: 75,
        },
      ],
    },
  ],
});
