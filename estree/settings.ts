import type { TemplateStyle } from "../sql/index.js";

/** `"queryMethods"`: SQL is the first argument of a query method; `"keywords"`: also any string that starts like a statement. */
export type SqlDetection = "queryMethods" | "keywords";

/** `settings.pgdbm` with every default filled in (SPEC §5, shared settings). */
export interface PgdbmSettings {
  runtimeModules: readonly string[];
  queryMethods: readonly string[];
  templateStyle: TemplateStyle;
  allowedSchemas: readonly string[];
  ignoreTables: readonly string[];
  sqlDetection: SqlDetection;
}

export const DEFAULT_RUNTIME_MODULES: readonly string[] = ["eslint-plugin-pgdbm/runtime"];
export const DEFAULT_QUERY_METHODS: readonly string[] = [
  "execute",
  "executeMany",
  "fetchOne",
  "fetchAll",
  "fetchValue",
  "executeAndReturnId",
  "prepareQuery",
];
export const DEFAULT_ALLOWED_SCHEMAS: readonly string[] = ["pg_catalog", "information_schema"];

export const defaultSettings: PgdbmSettings = Object.freeze({
  runtimeModules: DEFAULT_RUNTIME_MODULES,
  queryMethods: DEFAULT_QUERY_METHODS,
  templateStyle: "braces",
  allowedSchemas: DEFAULT_ALLOWED_SCHEMAS,
  ignoreTables: [],
  sqlDetection: "queryMethods",
});

function stringList(value: unknown): string[] | undefined {
  if (typeof value === "string") return [value];
  if (!Array.isArray(value)) return undefined;
  return value.filter((item): item is string => typeof item === "string");
}

const cache = new WeakMap<object, PgdbmSettings>();

/**
 * Reads `settings.pgdbm` from a rule context, of any language. Settings are user input: a value
 * of the wrong type falls back to its default instead of throwing. `allowedSchemas` only ever
 * adds to the system schemas, which are never a hardcoded-schema problem.
 */
export function getPgdbmSettings(context: { settings?: unknown }): PgdbmSettings {
  const all = context.settings;
  const raw = typeof all === "object" && all !== null ? (all as Record<string, unknown>).pgdbm : undefined;
  if (typeof raw !== "object" || raw === null) return defaultSettings;
  const cached = cache.get(raw);
  if (cached) return cached;

  const input = raw as Record<string, unknown>;
  const allowed = stringList(input.allowedSchemas) ?? [];
  const settings: PgdbmSettings = Object.freeze({
    runtimeModules: stringList(input.runtimeModules) ?? DEFAULT_RUNTIME_MODULES,
    queryMethods: stringList(input.queryMethods) ?? DEFAULT_QUERY_METHODS,
    templateStyle: input.templateStyle === "angle" ? "angle" : "braces",
    allowedSchemas: [...new Set([...DEFAULT_ALLOWED_SCHEMAS, ...allowed])],
    ignoreTables: stringList(input.ignoreTables) ?? [],
    sqlDetection: input.sqlDetection === "keywords" ? "keywords" : "queryMethods",
  });
  cache.set(raw, settings);
  return settings;
}
