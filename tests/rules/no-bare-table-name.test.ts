import rule from "../../rules/no-bare-table-name.js";
import { Linter } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "../../index.js";
import { ruleTester } from "../support/rule-tester.js";

const angle = { pgdbm: { templateStyle: "angle" } };
const keywords = { pgdbm: { sqlDetection: "keywords" } };

ruleTester.run("no-bare-table-name", rule, {
  valid: [
    'await db.execute("INSERT INTO {{tables.users}} (email) VALUES ($1)", email);',
    "await db.execute('DELETE FROM <<tables.sessions>> WHERE expires_at < now()');",
    'await db.fetchAll("SELECT * FROM {{tables.audit.events}} WHERE id = $1", id);',
    // aliases, columns and functions are not tables
    'await db.fetchAll("SELECT u.id, lower(u.email), count(*) FROM {{tables.users}} AS u GROUP BY u.id");',
    'await db.fetchAll("SELECT * FROM generate_series(1, 3) AS g(n)");',
    "await db.fetchValue(\"SELECT 'users' AS label, now()\");",
    // CTE names
    'await db.fetchAll("WITH recent AS (SELECT * FROM {{tables.orders}}) SELECT * FROM recent JOIN recent r2 USING (id)");',
    // system catalogs
    'await db.fetchAll("SELECT * FROM pg_catalog.pg_tables");',
    'await db.fetchAll("SELECT table_name FROM information_schema.tables");',
    'await db.fetchAll("SELECT * FROM pg_stat_activity WHERE datname = $1", name);',
    // a temporary table created in the same SQL
    'await db.execute("CREATE TEMP TABLE scratch (id int); INSERT INTO scratch VALUES (1)");',
    // schema-qualified names are no-hardcoded-schema's business
    'await db.fetchAll("SELECT * FROM billing.invoices");',
    // SQL that is not handed to a query method, with the default sqlDetection
    'const label = "SELECT * FROM users";',
    'logger.info("DELETE FROM users");',
    'await client.query("SELECT * FROM users");',
    // values that are not built from literals, and names that are a ${} splice
    "export async function run(db, query) { await db.execute(query); }",
    "let q = 'SELECT * FROM users'; q = 'x'; await db.execute(q);",
    "await db.fetchAll(`SELECT * FROM ${table} WHERE id = $1`, id);",
    "await db.fetchAll(`SELECT * FROM ${schema}.users`);",
    // a sql tagged template written with templates
    "const q = sql`SELECT * FROM {{tables.invoices}} WHERE id = ${id}`;",
    // ignored tables, from the option and from the settings
    { code: 'await db.fetchAll("SELECT * FROM spatial_ref_sys");', options: [{ ignoreTables: ["spatial_ref_sys"] }] },
    {
      code: 'await db.fetchAll("SELECT * FROM Spatial_Ref_Sys");',
      settings: { pgdbm: { ignoreTables: ["spatial_ref_sys"] } },
    },
    // with sqlDetection: keywords, prose that only starts like SQL stays silent
    { code: 'const hint = "Update the users table first";', settings: keywords },
    // a custom query method list replaces the default one
    { code: 'await db.execute("DELETE FROM users");', settings: { pgdbm: { queryMethods: ["run"] } } },
  ],
  invalid: [
    {
      code: 'await db.execute("INSERT INTO users (email) VALUES ($1)", email);',
      output: 'await db.execute("INSERT INTO {{tables.users}} (email) VALUES ($1)", email);',
      errors: [
        {
          messageId: "bareTable",
          data: { tableName: "users", template: "{{tables.users}}" },
          line: 1,
          column: 31,
          endLine: 1,
          endColumn: 36,
        },
      ],
    },
    {
      code: "const row = await this.db.fetchOne('SELECT o.id FROM orders o WHERE o.id = $1', id);",
      output: "const row = await this.db.fetchOne('SELECT o.id FROM {{tables.orders}} o WHERE o.id = $1', id);",
      errors: [{ messageId: "bareTable", line: 1, column: 54, endLine: 1, endColumn: 60 }],
    },
    {
      // a multi-line template with a ${} value
      code: "const rows = await db.fetchAll(`\n  SELECT u.id, u.email\n  FROM users u\n  WHERE u.id = ${id}`);",
      output: "const rows = await db.fetchAll(`\n  SELECT u.id, u.email\n  FROM {{tables.users}} u\n  WHERE u.id = ${id}`);",
      errors: [{ messageId: "bareTable", line: 3, column: 8, endLine: 3, endColumn: 13 }],
    },
    {
      code: 'await db?.execute("DELETE FROM sessions WHERE expires_at < now()");',
      output: 'await db?.execute("DELETE FROM {{tables.sessions}} WHERE expires_at < now()");',
      errors: [{ messageId: "bareTable", line: 1, column: 32, endLine: 1, endColumn: 40 }],
    },
    {
      code: 'await db.transaction(async (tx) => {\n  await tx.execute("UPDATE accounts SET balance = 0");\n});',
      output: 'await db.transaction(async (tx) => {\n  await tx.execute("UPDATE {{tables.accounts}} SET balance = 0");\n});',
      errors: [{ messageId: "bareTable", line: 2, column: 28, endLine: 2, endColumn: 36 }],
    },
    {
      // one module-level constant used by two calls: one report, at the string
      code: [
        'const FIND_USER = "SELECT * FROM users WHERE id = $1";',
        "export const a = (db) => db.fetchOne(FIND_USER, 1);",
        "export const b = (tx) => tx.fetchOne(FIND_USER, 2);",
      ].join("\n"),
      output: [
        'const FIND_USER = "SELECT * FROM {{tables.users}} WHERE id = $1";',
        "export const a = (db) => db.fetchOne(FIND_USER, 1);",
        "export const b = (tx) => tx.fetchOne(FIND_USER, 2);",
      ].join("\n"),
      errors: [{ messageId: "bareTable", line: 1, column: 34, endLine: 1, endColumn: 39 }],
    },
    {
      code: 'await db.execute("SELECT * FROM " + "users");',
      output: 'await db.execute("SELECT * FROM " + "{{tables.users}}");',
      errors: [{ messageId: "bareTable", line: 1, column: 38, endLine: 1, endColumn: 43 }],
    },
    {
      // sql tagged templates anywhere
      code: "const q = sql`SELECT * FROM invoices WHERE id = ${id}`;",
      output: "const q = sql`SELECT * FROM {{tables.invoices}} WHERE id = ${id}`;",
      errors: [{ messageId: "bareTable", line: 1, column: 29, endLine: 1, endColumn: 37 }],
    },
    {
      // the name itself is written with escapes: reported, never rewritten
      code: 'await db.execute("SELECT * FROM \\"Users\\"");',
      output: null,
      errors: [
        {
          messageId: "bareTable",
          data: { tableName: "Users", template: "{{tables.…}}" },
          line: 1,
          column: 33,
          endLine: 1,
          endColumn: 42,
        },
      ],
    },
    {
      // a quoted name that needs its quotes has no template naming the same table: no fix
      code: "await db.execute('DELETE FROM \"Order-Items\" WHERE id = $1; DELETE FROM \"carts\"', id);",
      output: "await db.execute('DELETE FROM \"Order-Items\" WHERE id = $1; DELETE FROM {{tables.carts}}', id);",
      errors: [
        { messageId: "bareTable", data: { tableName: "Order-Items", template: "{{tables.…}}" }, line: 1, column: 31, endLine: 1, endColumn: 44 },
        { messageId: "bareTable", data: { tableName: "carts", template: "{{tables.carts}}" }, line: 1, column: 72, endLine: 1, endColumn: 79 },
      ],
    },
    {
      // escapes elsewhere in the literal do not stop the fix
      code: 'await db.execute("SELECT \\"id\\" FROM users");',
      output: 'await db.execute("SELECT \\"id\\" FROM {{tables.users}}");',
      errors: [{ messageId: "bareTable", line: 1, column: 38, endLine: 1, endColumn: 43 }],
    },
    {
      code: "await db.execute(`INSERT INTO notes (body) VALUES ('it''s \\`quoted\\`')`);",
      output: "await db.execute(`INSERT INTO {{tables.notes}} (body) VALUES ('it''s \\`quoted\\`')`);",
      errors: [{ messageId: "bareTable", line: 1, column: 31, endLine: 1, endColumn: 36 }],
    },
    {
      // DDL: every reference, the index name is not a table
      code: 'await db.execute("CREATE TABLE users (id int); CREATE INDEX users_idx ON users (id)");',
      output: 'await db.execute("CREATE TABLE {{tables.users}} (id int); CREATE INDEX users_idx ON {{tables.users}} (id)");',
      errors: [
        { messageId: "bareTable", line: 1, column: 32, endLine: 1, endColumn: 37 },
        { messageId: "bareTable", line: 1, column: 74, endLine: 1, endColumn: 79 },
      ],
    },
    {
      code: 'await db.fetchAll("SELECT * FROM users JOIN orders ON orders.user_id = users.id");',
      output: 'await db.fetchAll("SELECT * FROM {{tables.users}} JOIN {{tables.orders}} ON orders.user_id = users.id");',
      errors: [
        { messageId: "bareTable", line: 1, column: 34, endLine: 1, endColumn: 39 },
        { messageId: "bareTable", line: 1, column: 45, endLine: 1, endColumn: 51 },
      ],
    },
    {
      code: "await db.executeMany('INSERT INTO items (name) VALUES ($1)', rows);",
      output: "await db.executeMany('INSERT INTO {{tables.items}} (name) VALUES ($1)', rows);",
      errors: [{ messageId: "bareTable", line: 1, column: 35, endLine: 1, endColumn: 40 }],
    },
    {
      code: "const text = db.prepareQuery(`SELECT * FROM carts`);",
      output: "const text = db.prepareQuery(`SELECT * FROM {{tables.carts}}`);",
      errors: [{ messageId: "bareTable", line: 1, column: 45, endLine: 1, endColumn: 50 }],
    },
    {
      code: "await db[\"execute\"]('TRUNCATE events');",
      output: "await db[\"execute\"]('TRUNCATE {{tables.events}}');",
      errors: [{ messageId: "bareTable", line: 1, column: 31, endLine: 1, endColumn: 37 }],
    },
    {
      // templateStyle: angle
      code: 'await db.execute("INSERT INTO users (email) VALUES ($1)", email);',
      output: 'await db.execute("INSERT INTO <<tables.users>> (email) VALUES ($1)", email);',
      settings: angle,
      errors: [
        { messageId: "bareTable", data: { tableName: "users", template: "<<tables.users>>" }, line: 1, column: 31, endLine: 1, endColumn: 36 },
      ],
    },
    {
      code: "const rows = await db.fetchAll(`\n  SELECT u.id, u.email\n  FROM users u\n  WHERE u.id = ${id}`);",
      output: "const rows = await db.fetchAll(`\n  SELECT u.id, u.email\n  FROM <<tables.users>> u\n  WHERE u.id = ${id}`);",
      settings: angle,
      errors: [{ messageId: "bareTable", line: 3, column: 8, endLine: 3, endColumn: 13 }],
    },
    {
      // sqlDetection: keywords finds SQL that is not handed to a query method
      code: 'const q = "SELECT * FROM users";',
      output: 'const q = "SELECT * FROM {{tables.users}}";',
      settings: keywords,
      errors: [{ messageId: "bareTable", line: 1, column: 26, endLine: 1, endColumn: 31 }],
    },
    {
      code: 'await db.execute("DELETE FROM users");',
      output: 'await db.execute("DELETE FROM {{tables.users}}");',
      settings: { pgdbm: { queryMethods: ["execute"] } },
      errors: [{ messageId: "bareTable", line: 1, column: 31, endLine: 1, endColumn: 36 }],
    },
    {
      // malformed templates; the well-formed one next to it is fine
      code: 'await db.execute("SELECT * FROM {{tables.my-table}} JOIN {{tables.users}} USING (id)");',
      output: null,
      errors: [{ messageId: "malformedTemplate", line: 1, column: 33, endLine: 1, endColumn: 52 }],
    },
    {
      // SQL PostgreSQL cannot parse: a name found by the token scan is reported, never fixed
      code: 'await db.execute("SELEC * FROM users");',
      output: null,
      errors: [{ messageId: "bareTable", line: 1, column: 32, endLine: 1, endColumn: 37 }],
    },
    {
      // the SQL inside a PL/pgSQL body, at its line in the template
      code: "await db.execute(`CREATE FUNCTION {{schema}}.log() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  INSERT INTO audit_log (at) VALUES (now());\n  RETURN NEW;\nEND $$`);",
      output:
        "await db.execute(`CREATE FUNCTION {{schema}}.log() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  INSERT INTO {{tables.audit_log}} (at) VALUES (now());\n  RETURN NEW;\nEND $$`);",
      errors: [{ messageId: "bareTable", line: 3, column: 15, endLine: 3, endColumn: 24 }],
    },
    {
      // positions after an escape sequence and after non-ASCII text are source positions
      code: 'await db.execute("SELECT *\\nFROM users");',
      output: 'await db.execute("SELECT *\\nFROM {{tables.users}}");',
      errors: [{ messageId: "bareTable", line: 1, column: 34, endLine: 1, endColumn: 39 }],
    },
    {
      code: "await db.execute(\"SELECT 'é😀' AS x FROM users\");",
      output: "await db.execute(\"SELECT 'é😀' AS x FROM {{tables.users}}\");",
      errors: [{ messageId: "bareTable", line: 1, column: 42, endLine: 1, endColumn: 47 }],
    },
    {
      code: "await db.execute('SELECT * FROM \\u0075sers');",
      output: null,
      errors: [{ messageId: "bareTable", data: { tableName: "users", template: "{{tables.users}}" }, line: 1, column: 33, endLine: 1, endColumn: 43 }],
    },
  ],
});

/** The rule on a `.sql` file, through the plugin's SQL language (the RuleTester only speaks JavaScript). */
function lintSqlFile(text: string, settings: Record<string, unknown> = {}) {
  const linter = new Linter({ configType: "flat" });
  const config: Linter.Config[] = [
    { files: ["**/*.sql"], plugins: { pgdbm: plugin as never }, language: "pgdbm/sql", rules: { "pgdbm/no-bare-table-name": "error" }, settings },
  ];
  const messages = linter
    .verify(text, config, "migrations/001.sql")
    .map(({ messageId, line, column, endLine, endColumn }) => ({ messageId, line, column, endLine, endColumn }));
  return { messages, output: linter.verifyAndFix(text, config, "migrations/001.sql").output };
}

describe("no-bare-table-name in .sql migration files", () => {
  it("fixes bare names and reports a statement PostgreSQL cannot parse, still checking the others", () => {
    const { messages, output } = lintSqlFile("CREATE TABLE users (id int);\nSELECT FROM WHERE;\nCREATE INDEX users_idx ON users (id);\n", {
      pgdbm: { templateStyle: "angle" },
    });
    expect(messages).toEqual([
      { messageId: "bareTable", line: 1, column: 14, endLine: 1, endColumn: 19 },
      { messageId: "unparseable", line: 2, column: 13, endLine: 2, endColumn: 13 },
      { messageId: "bareTable", line: 3, column: 27, endLine: 3, endColumn: 32 },
    ]);
    expect(output).toBe("CREATE TABLE <<tables.users>> (id int);\nSELECT FROM WHERE;\nCREATE INDEX users_idx ON <<tables.users>> (id);\n");
  });
});
