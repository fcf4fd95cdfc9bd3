import rule from "../../rules/no-search-path.js";
import { Linter } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "../../index.js";
import { ruleTester } from "../support/rule-tester.js";

ruleTester.run("no-search-path", rule, {
  valid: [
    'await db.fetchAll("SELECT * FROM {{tables.users}}");',
    // reading the setting is fine
    'await db.fetchValue("SHOW search_path");',
    "await db.fetchValue(\"SELECT current_setting('search_path')\");",
    // function-level SET search_path is the recommended hardening of SECURITY DEFINER functions
    "await db.execute(`CREATE FUNCTION {{schema}}.f() RETURNS int LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS 'SELECT 1'`);",
    // text that mentions search_path without changing it
    'const help = "search_path is per connection";',
    "const { search_path } = await db.fetchOne(\"SELECT current_setting('search_path') AS search_path\");",
    "interface PgSettings { search_path: string }",
    "const column = row.search_path;",
  ],
  invalid: [
    {
      code: 'await db.execute("SET search_path TO billing, public");',
      errors: [
        {
          messageId: "searchPathChange",
          data: { form: "SET search_path", template: "{{tables.name}}" },
          line: 1,
          column: 19,
          endLine: 1,
          endColumn: 53,
        },
      ],
    },
    {
      code: "await db.execute(`SET LOCAL search_path = ${schema}`);",
      errors: [{ messageId: "searchPathChange", line: 1, column: 19, endLine: 1, endColumn: 52 }],
    },
    {
      code: 'await db.fetchValue("SELECT set_config(\'search_path\', $1, false)", schema);',
      errors: [
        { messageId: "searchPathChange", data: { form: "set_config('search_path', …)", template: "{{tables.name}}" }, line: 1, column: 29, endLine: 1, endColumn: 65 },
      ],
    },
    {
      code: 'await db.execute("RESET search_path");',
      errors: [{ messageId: "searchPathChange", data: { form: "RESET search_path", template: "{{tables.name}}" }, line: 1, column: 19, endLine: 1, endColumn: 36 }],
    },
    {
      code: 'await db.execute("ALTER ROLE app_user SET search_path = billing");',
      errors: [
        { messageId: "searchPathChange", data: { form: "ALTER ROLE … SET search_path", template: "{{tables.name}}" }, line: 1, column: 19, endLine: 1, endColumn: 64 },
      ],
    },
    {
      // SQL handed to something that is not a query method (pg's client.query)
      code: "await client.query('SET search_path TO app');",
      errors: [{ messageId: "searchPathChange", line: 1, column: 21, endLine: 1, endColumn: 43 }],
    },
    {
      // the message names the template in the configured style
      code: 'await db.execute("SET search_path TO billing, public");',
      settings: { pgdbm: { templateStyle: "angle" } },
      errors: [{ messageId: "searchPathChange", data: { form: "SET search_path", template: "<<tables.name>>" }, line: 1, column: 19 }],
    },
    {
      // connection configuration
      code: 'const pool = new Pool({ connectionString, options: "-c search_path=billing" });',
      errors: [{ messageId: "searchPathConfig", line: 1, column: 56, endLine: 1, endColumn: 67 }],
    },
    {
      code: 'const pool = new Pool({ search_path: "billing" });',
      errors: [{ messageId: "searchPathConfig", line: 1, column: 25, endLine: 1, endColumn: 36 }],
    },
    {
      code: 'const c = { "search_path": "app" };',
      errors: [{ messageId: "searchPathConfig", line: 1, column: 13, endLine: 1, endColumn: 26 }],
    },
    {
      code: 'const config = new DatabaseConfig({ connectionString: "postgres://db/app?options=-c%20search_path%3Dbilling" });',
      errors: [{ messageId: "searchPathConfig", line: 1, column: 87, endLine: 1, endColumn: 98 }],
    },
    {
      code: "process.env.PGOPTIONS = `--search_path=${schema}`;",
      errors: [{ messageId: "searchPathConfig", line: 1, column: 28, endLine: 1, endColumn: 39 }],
    },
  ],
});

/** The rule on a `.sql` file, through the plugin's SQL language (the RuleTester only speaks JavaScript). */
function lintSqlFile(text: string, settings: Record<string, unknown> = {}) {
  const linter = new Linter({ configType: "flat" });
  const config: Linter.Config[] = [
    { files: ["**/*.sql"], plugins: { pgdbm: plugin as never }, language: "pgdbm/sql", rules: { "pgdbm/no-search-path": "error" }, settings },
  ];
  const messages = linter
    .verify(text, config, "migrations/001.sql")
    .map(({ messageId, line, column, endLine, endColumn }) => ({ messageId, line, column, endLine, endColumn }));
  return { messages, output: linter.verifyAndFix(text, config, "migrations/001.sql").output };
}

describe("no-search-path in .sql migration files", () => {
  it("reports every form of a search_path change, and no fix", () => {
    const text = [
      "SET search_path TO app;",
      "SELECT set_config('search_path', 'app', true);",
      "ALTER DATABASE app SET search_path = app;",
      "CREATE FUNCTION f() RETURNS int LANGUAGE sql SET search_path = pg_catalog AS 'SELECT 1';",
      "",
    ].join("\n");
    const { messages, output } = lintSqlFile(text);
    expect(messages).toEqual([
      { messageId: "searchPathChange", line: 1, column: 1, endLine: 1, endColumn: 23 },
      { messageId: "searchPathChange", line: 2, column: 8, endLine: 2, endColumn: 46 },
      { messageId: "searchPathChange", line: 3, column: 1, endLine: 3, endColumn: 41 },
    ]);
    expect(output).toBe(text);
  });
});
