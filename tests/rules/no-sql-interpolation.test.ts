import rule from "../../rules/no-sql-interpolation.js";
import { ruleTester } from "../support/rule-tester.js";

ruleTester.run("no-sql-interpolation", rule, {
  valid: [
    'await db.execute("DELETE FROM {{tables.sessions}} WHERE user_id = $1", userId);',
    // constants are SQL text, not values
    'const COLUMNS = "id, email";\nawait db.fetchAll(`SELECT ${COLUMNS} FROM {{tables.users}} LIMIT $1`, limit);',
    "const PAGE = 50;\nawait db.fetchAll(`SELECT * FROM {{tables.users}} LIMIT ${PAGE}`);",
    'const USERS = "{{tables.users}}";\nawait db.fetchAll("SELECT * FROM " + USERS + " WHERE id = $1", id);',
    "await db.fetchAll(`SELECT * FROM {{tables.users}} WHERE kind = ${'admin'}`);",
    // the tag of a sql tagged template owns its ${}
    "await db.fetchAll(sql`SELECT * FROM {{tables.users}} WHERE id = ${id}`);",
    // templates that are not handed to a query method
    "logger.info(`SELECT * FROM users WHERE id = ${id}`);",
    "const q = `SELECT * FROM {{tables.users}} WHERE id = ${id}`;",
    "await client.query(`SELECT * FROM users WHERE id = ${id}`);",
    { code: "const q = `SELECT * FROM {{tables.users}} WHERE id = ${id}`;", settings: { pgdbm: { sqlDetection: "keywords" } } },
    // concatenation checks can be turned off
    {
      code: "await db.fetchAll(\"SELECT * FROM {{tables.orders}} WHERE status = '\" + status + \"'\");",
      options: [{ checkConcatenation: false }],
    },
  ],
  invalid: [
    {
      code: "await db.execute(`DELETE FROM {{tables.sessions}} WHERE user_id = ${userId}`);",
      output: null,
      errors: [
        {
          messageId: "interpolation",
          data: { code: "${userId}", method: "execute" },
          line: 1,
          column: 67,
          endLine: 1,
          endColumn: 76,
          suggestions: [
            {
              messageId: "useParameter",
              data: { parameter: "1" },
              output: "await db.execute(`DELETE FROM {{tables.sessions}} WHERE user_id = $1`, userId);",
            },
          ],
        },
      ],
    },
    {
      // numbered after the parameters already passed
      code: "await db.fetchAll(`SELECT * FROM {{tables.orders}} WHERE user_id = $1 AND status = ${status}`, userId);",
      output: null,
      errors: [
        {
          messageId: "interpolation",
          line: 1,
          column: 84,
          endLine: 1,
          endColumn: 93,
          suggestions: [
            {
              messageId: "useParameter",
              data: { parameter: "2" },
              output: "await db.fetchAll(`SELECT * FROM {{tables.orders}} WHERE user_id = $1 AND status = $2`, userId, status);",
            },
          ],
        },
      ],
    },
    {
      // and after the highest $n already written
      code: "await db.fetchAll(`SELECT * FROM {{tables.users}} WHERE id = $2 AND name = ${name}`, a, b);",
      output: null,
      errors: [
        {
          messageId: "interpolation",
          line: 1,
          column: 76,
          endLine: 1,
          endColumn: 83,
          suggestions: [
            {
              messageId: "useParameter",
              data: { parameter: "3" },
              output: "await db.fetchAll(`SELECT * FROM {{tables.users}} WHERE id = $2 AND name = $3`, a, b, name);",
            },
          ],
        },
      ],
    },
    {
      // a quoted splice: the whole string literal becomes the parameter
      code: "await db.fetchOne(`SELECT * FROM {{tables.users}} WHERE email = '${email}'`);",
      output: null,
      errors: [
        {
          messageId: "interpolation",
          line: 1,
          column: 66,
          endLine: 1,
          endColumn: 74,
          suggestions: [
            { messageId: "useParameter", output: "await db.fetchOne(`SELECT * FROM {{tables.users}} WHERE email = $1`, email);" },
          ],
        },
      ],
    },
    {
      // part of a string literal: no parameter can stand there
      code: "await db.fetchAll(`SELECT * FROM {{tables.users}} WHERE name LIKE '%${q}%'`);",
      output: null,
      errors: [{ messageId: "textInterpolation", line: 1, column: 69, endLine: 1, endColumn: 73, suggestions: [] }],
    },
    {
      // identifiers, sort directions and SET lists cannot be parameters
      code: "await db.fetchAll(`SELECT * FROM ${table} WHERE id = $1`, id);",
      output: null,
      errors: [{ messageId: "nameInterpolation", line: 1, column: 34, endLine: 1, endColumn: 42, suggestions: [] }],
    },
    {
      code: "await db.fetchAll(`SELECT * FROM {{tables.users}} ORDER BY ${column} ${direction}`);",
      output: null,
      errors: [
        { messageId: "nameInterpolation", line: 1, column: 60, endLine: 1, endColumn: 69, suggestions: [] },
        { messageId: "textInterpolation", line: 1, column: 70, endLine: 1, endColumn: 82, suggestions: [] },
      ],
    },
    {
      code: "await tx.execute(`UPDATE {{tables.users}} SET ${assignments} WHERE id = $1`, id);",
      output: null,
      errors: [{ messageId: "textInterpolation", line: 1, column: 47, endLine: 1, endColumn: 61, suggestions: [] }],
    },
    {
      // IN list and LIMIT are value positions; each splice gets its own suggestion
      code: "await this.db.fetchAll(`SELECT * FROM {{tables.users}} WHERE id IN (${ids}) LIMIT ${limit}`);",
      output: null,
      errors: [
        {
          messageId: "interpolation",
          line: 1,
          column: 69,
          endLine: 1,
          endColumn: 75,
          suggestions: [
            {
              messageId: "useParameter",
              output: "await this.db.fetchAll(`SELECT * FROM {{tables.users}} WHERE id IN ($1) LIMIT ${limit}`, ids);",
            },
          ],
        },
        {
          messageId: "interpolation",
          line: 1,
          column: 83,
          endLine: 1,
          endColumn: 91,
          suggestions: [
            {
              messageId: "useParameter",
              output: "await this.db.fetchAll(`SELECT * FROM {{tables.users}} WHERE id IN (${ids}) LIMIT $1`, limit);",
            },
          ],
        },
      ],
    },
    {
      // optional chaining, a multi-line template and a trailing comma
      code: "await db?.fetchOne(`SELECT *\n  FROM {{tables.users}}\n  WHERE id = ${id} AND org = ${org}`, );",
      output: null,
      errors: [
        {
          messageId: "interpolation",
          line: 3,
          column: 14,
          endLine: 3,
          endColumn: 19,
          suggestions: [
            { messageId: "useParameter", output: "await db?.fetchOne(`SELECT *\n  FROM {{tables.users}}\n  WHERE id = $1 AND org = ${org}`, id, );" },
          ],
        },
        {
          messageId: "interpolation",
          line: 3,
          column: 30,
          endLine: 3,
          endColumn: 36,
          suggestions: [
            { messageId: "useParameter", output: "await db?.fetchOne(`SELECT *\n  FROM {{tables.users}}\n  WHERE id = ${id} AND org = $1`, org, );" },
          ],
        },
      ],
    },
    {
      // through a const: reported where it is written, no suggestion (the template is not the call's own argument)
      code: "const q = `SELECT * FROM {{tables.users}} WHERE id = ${id}`;\nawait db.fetchOne(q);",
      output: null,
      errors: [{ messageId: "interpolation", line: 1, column: 54, endLine: 1, endColumn: 59, suggestions: [] }],
    },
    {
      // executeMany takes rows of values, and spread arguments cannot be numbered
      code: "await db.executeMany(`INSERT INTO {{tables.t}} (a) VALUES (${a})`, rows);",
      output: null,
      errors: [{ messageId: "interpolation", data: { code: "${a}", method: "executeMany" }, line: 1, column: 60, endLine: 1, endColumn: 64, suggestions: [] }],
    },
    {
      code: "await db.fetchOne(`SELECT * FROM {{tables.users}} WHERE id = ${id}`, ...rest);",
      output: null,
      errors: [{ messageId: "interpolation", line: 1, column: 62, endLine: 1, endColumn: 67, suggestions: [] }],
    },
    {
      // a value concatenated with +
      code: "await db.fetchAll(\"SELECT * FROM {{tables.orders}} WHERE status = '\" + status + \"'\");",
      output: null,
      errors: [
        {
          messageId: "concatenation",
          data: { code: "status", method: "fetchAll" },
          line: 1,
          column: 72,
          endLine: 1,
          endColumn: 78,
          suggestions: [],
        },
      ],
    },
  ],
});
