// @ts-safeql/eslint-plugin as a peer: `check-sql` on every `sql` tagged template, against a live
// database (the bench's scratch database). It needs type information: the rule reads the
// TypeScript types of the `${}` values to type the query's parameters, so it only runs under
// typescript-eslint with `projectService` (or `project`) set; the suite measures it against the
// floor of that type-aware parser setup.
import { rules } from "@ts-safeql/eslint-plugin";

export const name = "@ts-safeql/eslint-plugin";

/** Flat-config entries that turn `check-sql` on for TypeScript files, checking against `databaseUrl`. */
export function peerConfig({ databaseUrl }) {
  return [
    {
      files: ["**/*.ts"],
      plugins: { "@ts-safeql": { rules } },
      rules: {
        "@ts-safeql/check-sql": ["error", { connections: [{ databaseUrl, targets: [{ tag: "sql" }] }] }],
      },
    },
  ];
}
