import path from "node:path";
import { fileURLToPath } from "node:url";
import rule from "../../rules/require-module-name.js";
import { ruleTester } from "../support/rule-tester.js";

const runtime = `import { AsyncDatabaseManager, AsyncMigrationManager, DatabaseConfig } from "eslint-plugin-pgdbm/runtime";\n`;
/** A package named `@acme/billing-service`; its `unnamed/` folder has a package.json without a name. */
const app = path.join(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/module-names");
const usersFile = path.join(app, "src/users.ts");
const genericFile = path.join(app, "src/migrate.ts");
const unnamedFile = path.join(app, "unnamed/index.ts");

ruleTester.run("require-module-name", rule, {
  valid: [
    runtime + `new AsyncMigrationManager(db, "migrations", { moduleName: "users" });`,
    runtime + `const name = "users";\nnew AsyncMigrationManager(db, "migrations", { moduleName: name });`,
    runtime + "new AsyncMigrationManager(db, `migrations`, { moduleName: `billing_${schema}` });",
    // Options the file cannot see into are given the benefit of the doubt.
    runtime + `new AsyncMigrationManager(db, "migrations", { ...defaults });`,
    runtime + `function migrate(options) {\n  return new AsyncMigrationManager(db, "migrations", options);\n}`,
    runtime + `new AsyncMigrationManager(...args);`,
    // Another library's class of the same name.
    `import { AsyncMigrationManager } from "other-migrations";\nnew AsyncMigrationManager(db, "migrations");`,
  ],
  invalid: [
    {
      // The name comes from the manager's schema.
      code: runtime + `const db = new AsyncDatabaseManager({ pool, schema: "billing" });\nconst migrations = new AsyncMigrationManager(db, "migrations");`,
      filename: usersFile,
      output: null,
      errors: [
        {
          messageId: "missingModuleName",
          line: 3,
          column: 20,
          endLine: 3,
          endColumn: 63,
          suggestions: [
            {
              messageId: "addModuleName",
              data: { name: "billing" },
              output:
                runtime +
                `const db = new AsyncDatabaseManager({ pool, schema: "billing" });\nconst migrations = new AsyncMigrationManager(db, "migrations", { moduleName: "billing" });`,
            },
          ],
        },
      ],
    },
    {
      // From a DatabaseConfig's schema, through a class field; single quotes kept.
      code:
        runtime +
        `class Reports {
  constructor(url) {
    this.db = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: url, schema: 'reports' }));
  }
  migrations() {
    return new AsyncMigrationManager(this.db, './migrations');
  }
}`,
      filename: usersFile,
      output: null,
      errors: [
        {
          messageId: "missingModuleName",
          line: 7,
          column: 12,
          suggestions: [
            {
              messageId: "addModuleName",
              data: { name: "reports" },
              output:
                runtime +
                `class Reports {
  constructor(url) {
    this.db = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: url, schema: 'reports' }));
  }
  migrations() {
    return new AsyncMigrationManager(this.db, './migrations', { moduleName: 'reports' });
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // The `schema` the migration manager was given (which no-migration-schema-option removes) names it before the file does.
      code: runtime + `new AsyncMigrationManager(db, "migrations", { schema: "billing" });`,
      filename: usersFile,
      output: null,
      errors: [
        {
          messageId: "missingModuleName",
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 67,
          suggestions: [
            {
              messageId: "addModuleName",
              data: { name: "billing" },
              output: runtime + `new AsyncMigrationManager(db, "migrations", { moduleName: "billing", schema: "billing" });`,
            },
          ],
        },
      ],
    },
    {
      // The database manager's own schema is where the migrations go: it wins over the option.
      code:
        runtime +
        `const db = new AsyncDatabaseManager({ pool, schema: "ledger" });\nnew AsyncMigrationManager(db, "migrations", {\n  schema: "billing",\n});`,
      filename: usersFile,
      output: null,
      errors: [
        {
          messageId: "missingModuleName",
          line: 3,
          column: 1,
          endLine: 5,
          endColumn: 3,
          suggestions: [
            {
              messageId: "addModuleName",
              data: { name: "ledger" },
              output:
                runtime +
                `const db = new AsyncDatabaseManager({ pool, schema: "ledger" });\nnew AsyncMigrationManager(db, "migrations", {\n  moduleName: "ledger",\n  schema: "billing",\n});`,
            },
          ],
        },
      ],
    },
    {
      // A schema option that is not a literal says nothing about the name: the file's name.
      code: runtime + `new AsyncMigrationManager(db, "migrations", { schema: tenantSchema });`,
      filename: usersFile,
      output: null,
      errors: [
        {
          messageId: "missingModuleName",
          line: 2,
          column: 1,
          suggestions: [
            {
              messageId: "addModuleName",
              data: { name: "users" },
              output: runtime + `new AsyncMigrationManager(db, "migrations", { moduleName: "users", schema: tenantSchema });`,
            },
          ],
        },
      ],
    },
    {
      // No schema to go by: the file's name; the option goes first into the existing object.
      code: runtime + `new AsyncMigrationManager(db, "migrations", { migrationsTable: "schema_migrations" });`,
      filename: usersFile,
      output: null,
      errors: [
        {
          messageId: "missingModuleName",
          line: 2,
          column: 1,
          suggestions: [
            {
              messageId: "addModuleName",
              data: { name: "users" },
              output: runtime + `new AsyncMigrationManager(db, "migrations", { moduleName: "users", migrationsTable: "schema_migrations" });`,
            },
          ],
        },
      ],
    },
    {
      // A file named for its role, not its module: the package's name (scope dropped).
      code: runtime + `const migrations = new AsyncMigrationManager(db, "migrations", {\n  migrationsTable: "schema_migrations",\n});`,
      filename: genericFile,
      output: null,
      errors: [
        {
          messageId: "missingModuleName",
          line: 2,
          column: 20,
          endLine: 4,
          endColumn: 3,
          suggestions: [
            {
              messageId: "addModuleName",
              data: { name: "billing_service" },
              output:
                runtime +
                `const migrations = new AsyncMigrationManager(db, "migrations", {\n  moduleName: "billing_service",\n  migrationsTable: "schema_migrations",\n});`,
            },
          ],
        },
      ],
    },
    {
      // An empty options object.
      code: runtime + `new AsyncMigrationManager(db, "migrations", {});`,
      filename: usersFile,
      output: null,
      errors: [
        {
          messageId: "missingModuleName",
          suggestions: [
            { messageId: "addModuleName", output: runtime + `new AsyncMigrationManager(db, "migrations", { moduleName: "users" });` },
          ],
        },
      ],
    },
    {
      // The Python library's positional module name: moved into the options.
      code: runtime + `new AsyncMigrationManager(db, "migrations", "inventory");`,
      filename: genericFile,
      output: null,
      errors: [
        {
          messageId: "missingModuleName",
          suggestions: [
            {
              messageId: "addModuleName",
              data: { name: "inventory" },
              output: runtime + `new AsyncMigrationManager(db, "migrations", { moduleName: "inventory" });`,
            },
          ],
        },
      ],
    },
    {
      // Nothing to infer a name from (generic file, a package.json without a name): report, no suggestion.
      code: runtime + `new AsyncMigrationManager(db, "migrations");`,
      filename: unnamedFile,
      output: null,
      errors: [{ messageId: "missingModuleName", line: 2, column: 1, suggestions: [] }],
    },
    {
      // CommonJS, through a namespace.
      code: `const pgdbm = require("eslint-plugin-pgdbm/runtime");\nnew pgdbm.AsyncMigrationManager(db, "migrations");`,
      filename: path.join(app, "src/audit-log.js"),
      output: null,
      errors: [
        {
          messageId: "missingModuleName",
          line: 2,
          column: 1,
          suggestions: [
            {
              messageId: "addModuleName",
              data: { name: "audit_log" },
              output: `const pgdbm = require("eslint-plugin-pgdbm/runtime");\nnew pgdbm.AsyncMigrationManager(db, "migrations", { moduleName: "audit_log" });`,
            },
          ],
        },
      ],
    },
  ],
});
