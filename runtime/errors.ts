import { redact, scrubError } from "./redact.js";

/**
 * Every error the runtime throws. Message, stack and cause are redacted when the error is built,
 * so a password cannot leak through any of them; `cause` is a scrubbed copy, never the original.
 */
export class PgdbmError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(redact(message), options?.cause === undefined ? undefined : { cause: scrubError(options.cause) });
    Object.defineProperty(this, "name", { value: new.target.name, enumerable: false, configurable: true, writable: true });
    if (this.stack) this.stack = redact(this.stack);
  }
}

/** The manager, config or migration manager was built the wrong way. */
export class ConfigurationError extends PgdbmError {
  readonly field: string | undefined;

  constructor(message: string, options?: { field?: string; cause?: unknown }) {
    super(message, options);
    this.field = options?.field;
  }
}

/** The server could not be reached or refused the connection. `dsn` has the password masked. */
export class ConnectionError extends PgdbmError {
  readonly dsn: string;
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly attempts: number;
  readonly code: string | undefined;

  constructor(
    message: string,
    details: { dsn: string; host: string; port: number; database: string; attempts: number; cause?: unknown },
  ) {
    super(message, { cause: details.cause });
    this.dsn = redact(details.dsn);
    this.host = details.host;
    this.port = details.port;
    this.database = details.database;
    this.attempts = details.attempts;
    this.code = errorCode(details.cause);
  }
}

/** A pool used the wrong way: connect() on a borrowed pool, a query before connect(), a closed pool. */
export class PoolError extends PgdbmError {
  readonly dsn: string | undefined;

  constructor(message: string, options?: { dsn?: string; cause?: unknown }) {
    super(message, options);
    this.dsn = options?.dsn === undefined ? undefined : redact(options.dsn);
  }
}

const SQL_SHOWN = 1_000;

/** A query failed. `sql` is the SQL that was sent (templates expanded); parameter values are never kept. */
export class QueryError extends PgdbmError {
  readonly sql: string;
  readonly paramsCount: number;
  /** SQLSTATE from the server, e.g. "23505"; undefined when the failure was not the server's. */
  readonly code: string | undefined;
  readonly detail: string | undefined;
  readonly hint: string | undefined;
  readonly position: number | undefined;
  readonly dsn: string | undefined;

  constructor(message: string, details: { sql: string; paramsCount: number; dsn?: string; cause?: unknown }) {
    const shown = details.sql.length > SQL_SHOWN ? `${details.sql.slice(0, SQL_SHOWN)}…` : details.sql;
    super(`${message}\n  SQL: ${shown}\n  Parameters: ${details.paramsCount}`, { cause: details.cause });
    this.sql = redact(details.sql);
    this.paramsCount = details.paramsCount;
    this.code = errorCode(details.cause);
    const cause = details.cause as { detail?: unknown; hint?: unknown; position?: unknown } | undefined;
    this.detail = typeof cause?.detail === "string" ? redact(cause.detail) : undefined;
    this.hint = typeof cause?.hint === "string" ? redact(cause.hint) : undefined;
    const position = Number(cause?.position);
    this.position = Number.isInteger(position) && position > 0 ? position : undefined;
    this.dsn = details.dsn === undefined ? undefined : redact(details.dsn);
  }
}

/** A migration could not be read, was changed after it was applied, or failed. */
export class MigrationError extends PgdbmError {
  readonly file: string | undefined;
  readonly moduleName: string | undefined;
  /** The statement that failed, as sent (templates expanded). */
  readonly statement: string | undefined;
  /** 1-based index of that statement in the file. */
  readonly statementIndex: number | undefined;
  /** 1-based line of that statement in the file. */
  readonly line: number | undefined;
  readonly code: string | undefined;

  constructor(
    message: string,
    details: {
      file?: string;
      moduleName?: string;
      statement?: string;
      statementIndex?: number;
      line?: number;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: details.cause });
    this.file = details.file;
    this.moduleName = details.moduleName;
    this.statement = details.statement === undefined ? undefined : redact(details.statement);
    this.statementIndex = details.statementIndex;
    this.line = details.line;
    this.code = errorCode(details.cause);
  }
}

/** An unsafe schema, table or database name. Raised before any SQL is sent. */
export class SchemaError extends PgdbmError {
  readonly identifier: string;

  constructor(message: string, identifier: string) {
    super(message);
    this.identifier = redact(identifier);
  }
}

function errorCode(cause: unknown): string | undefined {
  const code = (cause as { code?: unknown } | null | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * A one-line reason from anything thrown, redacted. Node's connect failures to a name with
 * several addresses are AggregateErrors with an empty message: their inner errors say why.
 */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return redact(String(error));
  if (error.message !== "") return redact(error.message);
  const inner = (error as { errors?: unknown }).errors;
  if (Array.isArray(inner) && inner.length > 0) return [...new Set(inner.map(errorText))].join("; ");
  const code = (error as { code?: unknown }).code;
  return redact(typeof code === "string" ? code : error.name);
}
