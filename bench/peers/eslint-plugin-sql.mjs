// eslint-plugin-sql (gajus) as a peer: both of its rules on, with their documented defaults spelled
// out. `format` runs sql-formatter on every multi-line `sql` tagged template and compares;
// `no-unsafe-query` runs its SQL recogniser (sql-parse) on every template literal.
import sqlPlugin from "eslint-plugin-sql";

export const name = "eslint-plugin-sql";

/** Flat-config entries that turn the peer on for TypeScript files. */
export function peerConfig() {
  return [
    {
      files: ["**/*.ts"],
      plugins: { sql: sqlPlugin },
      rules: {
        "sql/format": [
          "error",
          { ignoreExpressions: false, ignoreInline: true, ignoreStartWithNewLine: true, ignoreTagless: true, retainBaseIndent: true, sqlTag: "sql" },
          { tabWidth: 2 },
        ],
        "sql/no-unsafe-query": ["error", { allowLiteral: false, sqlTag: "sql" }],
      },
    },
  ];
}
