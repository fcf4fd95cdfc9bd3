import { SchemaError } from "./errors.js";

/** Schema, table and database names the runtime writes into SQL. */
export const IDENTIFIER_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export function isSafeIdentifier(name: unknown): name is string {
  return typeof name === "string" && IDENTIFIER_PATTERN.test(name);
}

export function assertSafeIdentifier(name: unknown, what: string): asserts name is string {
  if (!isSafeIdentifier(name)) {
    const shown = typeof name === "string" ? JSON.stringify(name) : String(name);
    throw new SchemaError(
      `Unsafe ${what} name ${shown}: names must match ${IDENTIFIER_PATTERN.source} ` +
        "(a letter or underscore, then letters, digits or underscores, at most 63 characters). No SQL was sent.",
      typeof name === "string" ? name : shown,
    );
  }
}

/** Quotes a name that passed `assertSafeIdentifier` (so it holds no quote to escape). */
export function quoteIdentifier(name: string): string {
  return `"${name}"`;
}
