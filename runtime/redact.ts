/**
 * Passwords known to this process, so that no error, stack or log line can carry one. A config
 * registers its password when it is built; everything the runtime throws or logs passes through
 * `redact`. Kept in module scope (not on globalThis) so nothing outside the runtime can read it.
 */
const secrets = new Set<string>();
let ordered: string[] = [];

export const MASK = "****";

export function registerSecret(secret: string | undefined): void {
  if (!secret) return;
  const forms = [secret, encodeURIComponent(secret)];
  let added = false;
  for (const form of forms) {
    if (!secrets.has(form)) {
      secrets.add(form);
      added = true;
    }
  }
  // Longest first, so that a secret containing another is masked whole.
  if (added) ordered = [...secrets].sort((a, b) => b.length - a.length);
}

export function redact(text: string): string {
  let out = text;
  for (const secret of ordered) {
    if (out.includes(secret)) out = out.split(secret).join(MASK);
  }
  return out;
}

/** Fields of Node system errors and pg's DatabaseError worth keeping on a scrubbed copy. */
const CARRIED_FIELDS = [
  "code",
  "errno",
  "syscall",
  "address",
  "port",
  "severity",
  "detail",
  "hint",
  "position",
  "internalPosition",
  "internalQuery",
  "where",
  "schema",
  "table",
  "column",
  "dataType",
  "constraint",
  "routine",
] as const;

/**
 * A fresh copy of an error that holds only redacted strings and numbers: pg's errors can embed
 * connection details, and an original error object may reference clients or configs that hold
 * the password. The copy keeps name, message, stack, the useful fields, its own cause chain and
 * the `errors` of an AggregateError (Node's happy-eyeballs connect failures).
 */
export function scrubError(error: unknown, depth = 0): Error {
  if (!(error instanceof Error)) {
    return new Error(redact(typeof error === "string" ? error : describeNonError(error)));
  }
  const copy = new Error(redact(error.message));
  Object.defineProperty(copy, "name", { value: error.name, enumerable: false, configurable: true, writable: true });
  copy.stack = redact(error.stack ?? `${error.name}: ${error.message}`);
  const source = error as unknown as Record<string, unknown>;
  const target = copy as unknown as Record<string, unknown>;
  for (const field of CARRIED_FIELDS) {
    const value = source[field];
    if (typeof value === "string") target[field] = redact(value);
    else if (typeof value === "number") target[field] = value;
  }
  if (depth < 4) {
    if (error.cause !== undefined) copy.cause = scrubError(error.cause, depth + 1);
    const nested = source.errors;
    if (Array.isArray(nested)) target.errors = nested.map((inner) => scrubError(inner, depth + 1));
  }
  return copy;
}

function describeNonError(value: unknown): string {
  try {
    return String(value);
  } catch {
    return "non-error value thrown";
  }
}
