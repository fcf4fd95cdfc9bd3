import type { ConnectionOptions } from "node:tls";
import type { PoolConfig } from "pg";
import { ConfigurationError } from "./errors.js";
import { assertSafeIdentifier } from "./identifiers.js";
import { MASK, registerSecret } from "./redact.js";

export interface DatabaseConfigOptions {
  /** `postgres://user:password@host:port/database?…`; or give the fields below instead. */
  connectionString?: string;
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  password?: string;
  /** The schema `{{tables.x}}` resolves to; none means unqualified names and `{{schema}}` → `public`. */
  schema?: string;
  /** Connections opened by `connect()` and kept open when idle (default 1). */
  minConnections?: number;
  /** Pool size (default 10). */
  maxConnections?: number;
  /** `statement_timeout` of every connection, in ms (default 60000; 0 = no limit). */
  statementTimeoutMs?: number;
  /** `idle_in_transaction_session_timeout` of every connection, in ms (default 60000; 0 = no limit). */
  idleInTransactionSessionTimeoutMs?: number;
  /** `lock_timeout` of every connection, in ms (default 5000; 0 = no limit). */
  lockTimeoutMs?: number;
  /** `application_name` of every connection (default "pgdbm"). */
  applicationName?: string;
  /** Passed to node-postgres: `true`, or TLS options such as `{ ca, rejectUnauthorized }`. */
  ssl?: boolean | ConnectionOptions;
  /** Attempts to open the pool before `connect()` gives up (default 3). */
  retryAttempts?: number;
  /** Delay before the second attempt, doubled for each next one (default 500 ms). */
  retryDelayMs?: number;
  /** Time allowed to open one connection (default 10000 ms; 0 = wait forever). */
  connectTimeoutMs?: number;
}

const FIELD_KEYS = ["host", "port", "database", "user", "password"] as const;

/** The password lives here, out of reach of the config's own properties, inspect and JSON. */
const passwords = new WeakMap<DatabaseConfig, { password: string | undefined; connectionString: string | undefined }>();

/**
 * Where and how to connect. Every value is checked when the config is built; the password is
 * never a property of the object (so `console.log(config)` and `JSON.stringify(config)` are safe).
 */
export class DatabaseConfig {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly schema: string | undefined;
  readonly minConnections: number;
  readonly maxConnections: number;
  readonly statementTimeoutMs: number;
  readonly idleInTransactionSessionTimeoutMs: number;
  readonly lockTimeoutMs: number;
  readonly applicationName: string;
  readonly ssl: boolean | ConnectionOptions | undefined;
  readonly retryAttempts: number;
  readonly retryDelayMs: number;
  readonly connectTimeoutMs: number;
  /** Masked connection string: `postgresql://user:****@host:port/database`. */
  readonly dsn: string;
  readonly usesConnectionString: boolean;

  constructor(options: DatabaseConfigOptions = {}) {
    if (typeof options !== "object" || options === null) {
      throw new ConfigurationError("new DatabaseConfig(options) takes an object, e.g. { connectionString }");
    }
    const env = process.env;
    let password: string | undefined;
    let connectionString: string | undefined;

    if (options.connectionString !== undefined) {
      const given = FIELD_KEYS.filter((key) => options[key] !== undefined);
      if (given.length > 0) {
        throw new ConfigurationError(
          `Give either connectionString or ${given.join("/")}, not both: put everything in the connection string, ` +
            "or leave it out and use the fields.",
          { field: given[0] },
        );
      }
      if (typeof options.connectionString !== "string" || options.connectionString === "") {
        throw new ConfigurationError("connectionString must be a non-empty postgres:// URL", { field: "connectionString" });
      }
      connectionString = options.connectionString;
      const parsed = parseConnectionString(connectionString);
      password = parsed.password;
      this.host = parsed.host ?? env.PGHOST ?? "localhost";
      this.port = parsed.port ?? portFrom(env.PGPORT, "PGPORT") ?? 5432;
      this.user = parsed.user ?? defaultUser();
      this.database = parsed.database ?? env.PGDATABASE ?? this.user;
    } else {
      password = options.password ?? env.PGPASSWORD;
      this.host = nonEmptyString(options.host, "host") ?? env.PGHOST ?? "localhost";
      this.port = options.port === undefined ? (portFrom(env.PGPORT, "PGPORT") ?? 5432) : checkPort(options.port, "port");
      this.user = nonEmptyString(options.user, "user") ?? defaultUser();
      this.database = nonEmptyString(options.database, "database") ?? env.PGDATABASE ?? this.user;
    }
    registerSecret(password);
    // node-postgres falls back to it when no password is given.
    registerSecret(env.PGPASSWORD);
    passwords.set(this, { password, connectionString });
    this.usesConnectionString = connectionString !== undefined;

    if (options.schema !== undefined) assertSafeIdentifier(options.schema, "schema");
    this.schema = options.schema;

    this.minConnections = count(options.minConnections, 1, "minConnections", 0);
    this.maxConnections = count(options.maxConnections, 10, "maxConnections", 1);
    if (this.minConnections > this.maxConnections) {
      throw new ConfigurationError(
        `minConnections (${this.minConnections}) is larger than maxConnections (${this.maxConnections})`,
        { field: "minConnections" },
      );
    }
    this.statementTimeoutMs = count(options.statementTimeoutMs, 60_000, "statementTimeoutMs", 0);
    this.idleInTransactionSessionTimeoutMs = count(
      options.idleInTransactionSessionTimeoutMs,
      60_000,
      "idleInTransactionSessionTimeoutMs",
      0,
    );
    this.lockTimeoutMs = count(options.lockTimeoutMs, 5_000, "lockTimeoutMs", 0);
    this.applicationName = nonEmptyString(options.applicationName, "applicationName") ?? "pgdbm";
    this.ssl = options.ssl;
    this.retryAttempts = count(options.retryAttempts, 3, "retryAttempts", 1);
    this.retryDelayMs = count(options.retryDelayMs, 500, "retryDelayMs", 0);
    this.connectTimeoutMs = count(options.connectTimeoutMs, 10_000, "connectTimeoutMs", 0);
    this.dsn = connectionString === undefined ? this.#fieldsDsn(password !== undefined) : maskDsn(connectionString);
  }

  /** A copy with some options changed; the password (or connection string) carries over. */
  withOptions(overrides: Omit<DatabaseConfigOptions, "connectionString" | "password" | "user" | "host" | "port"> & {
    database?: string;
  }): DatabaseConfig {
    const secret = passwords.get(this);
    const common: DatabaseConfigOptions = {
      schema: this.schema,
      minConnections: this.minConnections,
      maxConnections: this.maxConnections,
      statementTimeoutMs: this.statementTimeoutMs,
      idleInTransactionSessionTimeoutMs: this.idleInTransactionSessionTimeoutMs,
      lockTimeoutMs: this.lockTimeoutMs,
      applicationName: this.applicationName,
      ssl: this.ssl,
      retryAttempts: this.retryAttempts,
      retryDelayMs: this.retryDelayMs,
      connectTimeoutMs: this.connectTimeoutMs,
      ...withoutKey(overrides, "database"),
    };
    const database = overrides.database ?? this.database;
    if (secret?.connectionString !== undefined) {
      const url = new URL(secret.connectionString);
      url.pathname = `/${encodeURIComponent(database)}`;
      url.searchParams.delete("dbname");
      return new DatabaseConfig({ ...common, connectionString: url.toString() });
    }
    return new DatabaseConfig({
      ...common,
      host: this.host,
      port: this.port,
      user: this.user,
      password: secret?.password,
      database,
    });
  }

  toString(): string {
    return this.dsn;
  }

  toJSON(): Record<string, unknown> {
    return { ...(this as object) };
  }

  #fieldsDsn(hasPassword: boolean): string {
    const user = encodeURIComponent(this.user);
    const host = this.host.includes(":") && !this.host.startsWith("/") ? `[${this.host}]` : encodeURIComponent(this.host);
    return `postgresql://${user}${hasPassword ? `:${MASK}` : ""}@${host}:${this.port}/${encodeURIComponent(this.database)}`;
  }
}

/** node-postgres pool options for a config, password included. Internal: never exported from the package. */
export function poolOptionsFor(config: DatabaseConfig): PoolConfig {
  const secret = passwords.get(config);
  const settings = [
    `-c statement_timeout=${config.statementTimeoutMs}`,
    `-c lock_timeout=${config.lockTimeoutMs}`,
    `-c idle_in_transaction_session_timeout=${config.idleInTransactionSessionTimeoutMs}`,
  ].join(" ");
  const base: PoolConfig = {
    max: config.maxConnections,
    min: config.minConnections,
    application_name: config.applicationName,
    // Server settings travel in the startup packet, so every new connection has them before its
    // first query, and nothing touches search_path.
    options: settings,
    connectionTimeoutMillis: config.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
  };
  if (config.ssl !== undefined) base.ssl = config.ssl;
  if (secret?.connectionString !== undefined) {
    const url = new URL(secret.connectionString);
    // node-postgres would fall back to $USER for a URL without a user (and to none when $USER is
    // unset): name the user the config reports, so the dsn and the connection agree.
    if (url.username === "" && !url.searchParams.has("user")) url.username = encodeURIComponent(config.user);
    return { ...base, connectionString: url.toString() };
  }
  return {
    ...base,
    host: config.host,
    port: config.port,
    database: config.database,
    user: config.user,
    password: secret?.password,
  };
}

/**
 * A connection string with its password replaced by `****` (in the userinfo and in a
 * `password=` parameter). Strings that are not URLs are masked by pattern.
 */
export function maskDsn(dsn: string): string {
  try {
    const url = new URL(dsn);
    if (url.password) url.password = MASK;
    if (url.searchParams.has("password")) url.searchParams.set("password", MASK);
    return url.toString().replace(encodeURIComponent(MASK), MASK);
  } catch {
    return dsn
      .replace(/(\/\/[^:/@]*:)[^@]*@/, `$1${MASK}@`)
      .replace(/(password=)[^&\s]*/gi, `$1${MASK}`);
  }
}

interface ParsedConnectionString {
  host: string | undefined;
  port: number | undefined;
  database: string | undefined;
  user: string | undefined;
  password: string | undefined;
}

function parseConnectionString(connectionString: string): ParsedConnectionString {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    // The string is not echoed: it may hold the password.
    throw new ConfigurationError("connectionString is not a valid URL: expected postgres://user:password@host:port/database", {
      field: "connectionString",
    });
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new ConfigurationError(`connectionString must start with postgres:// or postgresql:// (got ${url.protocol}//)`, {
      field: "connectionString",
    });
  }
  const decode = (value: string): string | undefined => (value === "" ? undefined : decodeURIComponent(value));
  const hostname = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const portText = url.port || url.searchParams.get("port") || undefined;
  return {
    host: decode(hostname) ?? url.searchParams.get("host") ?? undefined,
    port: portText === undefined ? undefined : portFrom(portText, "connectionString port"),
    database: decode(url.pathname.replace(/^\//, "")) ?? url.searchParams.get("dbname") ?? undefined,
    user: decode(url.username) ?? url.searchParams.get("user") ?? undefined,
    password: decode(url.password) ?? url.searchParams.get("password") ?? undefined,
  };
}

/** libpq's choice: $PGUSER, else the operating-system user; "postgres" when neither is known. */
function defaultUser(): string {
  const env = process.env;
  return env.PGUSER || (process.platform === "win32" ? env.USERNAME : env.USER) || "postgres";
}

function portFrom(text: string | undefined, field: string): number | undefined {
  if (text === undefined || text === "") return undefined;
  return checkPort(Number(text), field);
}

function checkPort(port: number, field: string): number {
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new ConfigurationError(`${field} must be an integer from 1 to 65535 (got ${String(port)})`, { field });
  }
  return port;
}

function count(value: number | undefined, fallback: number, field: string, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) {
    throw new ConfigurationError(`${field} must be an integer ≥ ${min} (got ${String(value)})`, { field });
  }
  return value;
}

function nonEmptyString(value: string | undefined, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value === "") {
    throw new ConfigurationError(`${field} must be a non-empty string`, { field });
  }
  return value;
}

function withoutKey<T extends object, K extends keyof T>(object: T, key: K): Omit<T, K> {
  const copy = { ...object };
  delete copy[key];
  return copy;
}
