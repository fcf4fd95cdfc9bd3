import rule from "../../rules/no-migration-schema-option.js";
import { ruleTester } from "../support/rule-tester.js";

const runtime = `import { AsyncDatabaseManager, AsyncMigrationManager } from "eslint-plugin-pgdbm/runtime";\n`;

ruleTester.run("no-migration-schema-option", rule, {
  valid: [
    runtime + `new AsyncMigrationManager(db, "migrations", { moduleName: "users" });`,
    runtime + `new AsyncMigrationManager(db, "migrations", { moduleName: "users", migrationsTable: "schema_migrations" });`,
    // The schema belongs on the database manager.
    runtime + `const db = new AsyncDatabaseManager({ pool, schema: "users" });\nnew AsyncMigrationManager(db, "migrations", { moduleName: "users" });`,
    // Another library's migrator.
    `import { Migrator } from "other-migrations";\nnew Migrator(db, { schema: "users" });`,
    // Options the file cannot see into.
    runtime + `function migrate(options) {\n  return new AsyncMigrationManager(db, "migrations", options);\n}`,
  ],
  invalid: [
    {
      code: runtime + `new AsyncMigrationManager(db, "migrations", { moduleName: "users", schema: "users" });`,
      output: runtime + `new AsyncMigrationManager(db, "migrations", { moduleName: "users" });`,
      errors: [{ messageId: "schemaOption", line: 2, column: 68, endLine: 2, endColumn: 83 }],
    },
    {
      code: runtime + `new AsyncMigrationManager(db, "migrations", { schema: "users", moduleName: "users" });`,
      output: runtime + `new AsyncMigrationManager(db, "migrations", { moduleName: "users" });`,
      errors: [{ messageId: "schemaOption", line: 2, column: 47 }],
    },
    {
      code: runtime + `new AsyncMigrationManager(db, "migrations", { schema: "users" });`,
      output: runtime + `new AsyncMigrationManager(db, "migrations", {});`,
      errors: [{ messageId: "schemaOption", line: 2, column: 47 }],
    },
    {
      code: runtime + `const moduleName = "users";\nconst schema = "users";\nnew AsyncMigrationManager(db, "migrations", { moduleName, schema });`,
      output: runtime + `const moduleName = "users";\nconst schema = "users";\nnew AsyncMigrationManager(db, "migrations", { moduleName });`,
      errors: [{ messageId: "schemaOption", line: 4, column: 59 }],
    },
    {
      // Multi-line: a middle property and a last one with a trailing comma.
      code:
        runtime +
        `const first = new AsyncMigrationManager(db, "migrations", {
  schema: "users",
  moduleName: "users",
});
const second = new AsyncMigrationManager(db, "migrations", {
  moduleName: "orders",
  schema: "orders",
});`,
      output:
        runtime +
        `const first = new AsyncMigrationManager(db, "migrations", {
  moduleName: "users",
});
const second = new AsyncMigrationManager(db, "migrations", {
  moduleName: "orders",
});`,
      errors: [
        { messageId: "schemaOption", line: 3, column: 3, endLine: 3, endColumn: 18 },
        { messageId: "schemaOption", line: 8, column: 3, endLine: 8, endColumn: 19 },
      ],
    },
    {
      // Options in a variable used only here.
      code: runtime + `const options = { moduleName: "users", schema: "users" };\nnew AsyncMigrationManager(db, "migrations", options);`,
      output: runtime + `const options = { moduleName: "users" };\nnew AsyncMigrationManager(db, "migrations", options);`,
      errors: [{ messageId: "schemaOption", line: 2, column: 40 }],
    },
    {
      // Options shared with other code: removing the property could break it, so report only.
      code:
        runtime +
        `const options = { moduleName: "users", schema: "users" };\nnew AsyncMigrationManager(db, "migrations", options);\nconsole.log(options.schema);`,
      output: null,
      errors: [{ messageId: "schemaOption", line: 2, column: 40, suggestions: [] }],
    },
    {
      // A value that calls something: removing it changes what runs, so it is only suggested.
      code: runtime + `new AsyncMigrationManager(db, "migrations", { moduleName: "users", schema: tenantSchema() });`,
      output: null,
      errors: [
        {
          messageId: "schemaOption",
          line: 2,
          column: 68,
          suggestions: [
            {
              messageId: "removeSchemaOption",
              output: runtime + `new AsyncMigrationManager(db, "migrations", { moduleName: "users" });`,
            },
          ],
        },
      ],
    },
    {
      // A comment between the properties would go with the removal: report only.
      code: runtime + `new AsyncMigrationManager(db, "migrations", { moduleName: "users", /* legacy */ schema: "users" });`,
      output: null,
      errors: [{ messageId: "schemaOption", line: 2, column: 81, suggestions: [] }],
    },
  ],
});
