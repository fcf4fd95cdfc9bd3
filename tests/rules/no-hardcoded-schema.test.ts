import rule from "../../rules/no-hardcoded-schema.js";
import { Linter } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "../../index.js";
import { ruleTester } from "../support/rule-tester.js";

ruleTester.run("no-hardcoded-schema", rule, {
  valid: [
    'await db.execute("INSERT INTO {{tables.users}} (email) VALUES ($1)", email);',
    // the explicit cross-schema template, in both spellings
    'await db.fetchAll("SELECT * FROM {{tables.audit.events}}");',
    'await db.fetchAll("SELECT * FROM <<tables.audit.events>>");',
    'await db.fetchAll("SELECT * FROM {{schema}}.users");',
    // system schemas
    'await db.fetchAll("SELECT * FROM pg_catalog.pg_tables");',
    'await db.fetchAll("SELECT table_name FROM information_schema.columns WHERE table_schema = $1", schema);',
    // qualified names that are not tables: columns, functions, types
    'await db.fetchAll("SELECT u.id, app.slugify(u.name), u.kind::app.user_kind FROM {{tables.users}} u");',
    // a bare name is no-bare-table-name\'s business
    'await db.fetchAll("SELECT * FROM users");',
    // a CTE and a ${} schema
    'await db.fetchAll("WITH x AS (SELECT 1) SELECT * FROM x");',
    "await db.fetchAll(`SELECT * FROM ${schema}.users`);",
    // strings not handed to a query method
    'const doc = "SELECT * FROM app.users";',
    // allowed schemas, from the option and from the settings
    { code: 'await db.fetchAll("SELECT * FROM extensions.geo");', options: [{ allowedSchemas: ["extensions"] }] },
    { code: 'await db.fetchAll("SELECT * FROM extensions.geo");', settings: { pgdbm: { allowedSchemas: ["extensions"] } } },
  ],
  invalid: [
    {
      code: "await db.execute('INSERT INTO \"myschema\".users (email) VALUES ($1)', email);",
      output: "await db.execute('INSERT INTO {{tables.users}} (email) VALUES ($1)', email);",
      errors: [
        {
          messageId: "hardcodedSchema",
          data: { schemaName: "myschema", template: "{{tables.users}}" },
          line: 1,
          column: 31,
          endLine: 1,
          endColumn: 47,
          suggestions: [
            {
              messageId: "keepCrossSchema",
              data: { schemaName: "myschema", template: "{{tables.myschema.users}}" },
              output: "await db.execute('INSERT INTO {{tables.myschema.users}} (email) VALUES ($1)', email);",
            },
          ],
        },
      ],
    },
    {
      code: "await db.fetchAll(`SELECT * FROM billing.invoices i WHERE i.user_id = ${id}`);",
      output: "await db.fetchAll(`SELECT * FROM {{tables.invoices}} i WHERE i.user_id = ${id}`);",
      errors: [
        {
          messageId: "hardcodedSchema",
          line: 1,
          column: 34,
          endLine: 1,
          endColumn: 50,
          suggestions: [
            {
              messageId: "keepCrossSchema",
              output: "await db.fetchAll(`SELECT * FROM {{tables.billing.invoices}} i WHERE i.user_id = ${id}`);",
            },
          ],
        },
      ],
    },
    {
      code: 'const SQL = "UPDATE app.accounts SET balance = 0";\nawait db.execute(SQL);',
      output: 'const SQL = "UPDATE {{tables.accounts}} SET balance = 0";\nawait db.execute(SQL);',
      errors: [
        {
          messageId: "hardcodedSchema",
          line: 1,
          column: 21,
          endLine: 1,
          endColumn: 33,
          suggestions: [
            { messageId: "keepCrossSchema", output: 'const SQL = "UPDATE {{tables.app.accounts}} SET balance = 0";\nawait db.execute(SQL);' },
          ],
        },
      ],
    },
    {
      // written with escapes: reported, neither fixed nor suggested
      code: 'await db.execute("SELECT * FROM \\"my schema\\".users");',
      output: null,
      errors: [
        { messageId: "hardcodedSchema", data: { schemaName: "my schema", template: "{{tables.users}}" }, line: 1, column: 33, endLine: 1, endColumn: 52, suggestions: [] },
      ],
    },
    {
      // a schema no template can name: the fix, but no cross-schema suggestion
      code: "await db.execute('SELECT * FROM \"my schema\".users');",
      output: "await db.execute('SELECT * FROM {{tables.users}}');",
      errors: [{ messageId: "hardcodedSchema", line: 1, column: 33, endLine: 1, endColumn: 50, suggestions: [] }],
    },
    {
      code: 'await db.fetchAll(\n  "SELECT * FROM app.users"\n);',
      output: 'await db.fetchAll(\n  "SELECT * FROM {{tables.users}}"\n);',
      errors: [
        {
          messageId: "hardcodedSchema",
          line: 2,
          column: 18,
          endLine: 2,
          endColumn: 27,
          suggestions: [{ messageId: "keepCrossSchema", output: 'await db.fetchAll(\n  "SELECT * FROM {{tables.app.users}}"\n);' }],
        },
      ],
    },
    {
      code: "const q = sql`DELETE FROM audit.events WHERE id = ${id}`;",
      output: "const q = sql`DELETE FROM <<tables.events>> WHERE id = ${id}`;",
      settings: { pgdbm: { templateStyle: "angle" } },
      errors: [
        {
          messageId: "hardcodedSchema",
          data: { schemaName: "audit", template: "<<tables.events>>" },
          line: 1,
          column: 27,
          endLine: 1,
          endColumn: 39,
          suggestions: [
            {
              messageId: "keepCrossSchema",
              data: { schemaName: "audit", template: "<<tables.audit.events>>" },
              output: "const q = sql`DELETE FROM <<tables.audit.events>> WHERE id = ${id}`;",
            },
          ],
        },
      ],
    },
    {
      code: 'await db.execute("INSERT INTO extensions.t SELECT * FROM other.t");',
      output: 'await db.execute("INSERT INTO extensions.t SELECT * FROM {{tables.t}}");',
      options: [{ allowedSchemas: ["extensions"] }],
      errors: [
        {
          messageId: "hardcodedSchema",
          line: 1,
          column: 58,
          endLine: 1,
          endColumn: 65,
          suggestions: [{ messageId: "keepCrossSchema", output: 'await db.execute("INSERT INTO extensions.t SELECT * FROM {{tables.other.t}}");' }],
        },
      ],
    },
  ],
});

/** The rule on a `.sql` file, through the plugin's SQL language (the RuleTester only speaks JavaScript). */
function lintSqlFile(text: string, settings: Record<string, unknown> = {}) {
  const linter = new Linter({ configType: "flat" });
  const config: Linter.Config[] = [
    { files: ["**/*.sql"], plugins: { pgdbm: plugin as never }, language: "pgdbm/sql", rules: { "pgdbm/no-hardcoded-schema": "error" }, settings },
  ];
  const messages = linter
    .verify(text, config, "migrations/001.sql")
    .map(({ messageId, line, column, endLine, endColumn }) => ({ messageId, line, column, endLine, endColumn }));
  return { messages, output: linter.verifyAndFix(text, config, "migrations/001.sql").output };
}

describe("no-hardcoded-schema in .sql migration files", () => {
  it("fixes a hardcoded schema and leaves the system schemas alone", () => {
    const { messages, output } = lintSqlFile("ALTER TABLE billing.invoices ADD COLUMN note text;\nSELECT * FROM pg_catalog.pg_class;\n");
    expect(messages).toEqual([{ messageId: "hardcodedSchema", line: 1, column: 13, endLine: 1, endColumn: 29 }]);
    expect(output).toBe("ALTER TABLE {{tables.invoices}} ADD COLUMN note text;\nSELECT * FROM pg_catalog.pg_class;\n");
  });
});
