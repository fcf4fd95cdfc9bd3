import pg from "pg";
import { errorText, PgdbmError, PoolError, QueryError } from "./errors.js";
import { assertSafeIdentifier } from "./identifiers.js";

/** A row as node-postgres returns it: column name → parsed value. */
export type Row = Record<string, unknown>;

/** What a query runs on: the pool (one connection per query) or the client of a transaction. */
export type QueryTarget = pg.Pool | pg.PoolClient;

type CommandComplete = { text?: string; command?: string };
const baseHandleCommandComplete = (
  pg.Query.prototype as unknown as { handleCommandComplete(message: CommandComplete, connection: unknown): void }
).handleCommandComplete;

/** A pg Query that keeps the server's command tag whole ("CREATE TABLE", "INSERT 0 1"), which pg's Result cuts to its first word. */
class TaggedQuery extends pg.Query {
  tag = "";
  declare callback: ((error: Error | null, result: unknown) => void) | undefined;

  handleCommandComplete(message: CommandComplete, connection: unknown): void {
    this.tag = message.text ?? message.command ?? "";
    baseHandleCommandComplete.call(this, message, connection);
  }
}

function submit(target: QueryTarget, query: TaggedQuery): Promise<unknown> {
  if (target instanceof pg.Pool) {
    // pg-pool hands a Submittable to a client with its own callback, which releases the client.
    return target.query(query as unknown as string) as Promise<unknown>;
  }
  return new Promise((resolve, reject) => {
    query.callback = (error: Error | null, result: unknown) => (error ? reject(error) : resolve(result));
    target.query(query);
  });
}

const RETURNING = /\breturning\b/i;

/**
 * The query methods managers and transactions share. Every method expands templates first
 * (`prepareQuery`), so an unsafe name fails before any SQL is sent; failures become
 * `QueryError` carrying the SQL that was sent and the number of parameters (never their values).
 */
export abstract class QueryMethods {
  abstract get schema(): string | undefined;

  /** Templates expanded: `{{tables.users}}` → `"app".users`. Cached per manager. */
  abstract prepareQuery(sql: string): string;

  /** The pool or client to run on; throws PoolError when there is none. */
  protected abstract queryTarget(): QueryTarget;

  /** Masked DSN for errors. */
  protected abstract errorDsn(): string | undefined;

  /** Runs a statement and returns the server's command tag, e.g. "INSERT 0 1" or "CREATE TABLE". */
  async execute(sql: string, ...args: unknown[]): Promise<string> {
    const text = this.prepareQuery(sql);
    const target = this.queryTarget();
    const query = new TaggedQuery(text, args);
    try {
      await submit(target, query);
    } catch (error) {
      throw this.queryFailure(error, text, args.length, target);
    }
    return query.tag;
  }

  /** Runs one statement once per argument list, in order; atomically on a manager (one transaction). */
  abstract executeMany(sql: string, argsList: unknown[][]): Promise<void>;

  async fetchOne<T = Row>(sql: string, ...args: unknown[]): Promise<T | null> {
    const rows = await this.rows(this.prepareQuery(sql), args);
    return (rows[0] as T | undefined) ?? null;
  }

  async fetchAll<T = Row>(sql: string, ...args: unknown[]): Promise<T[]> {
    return (await this.rows(this.prepareQuery(sql), args)) as T[];
  }

  /** The first column of the first row, or null when there is no row. */
  async fetchValue<T = unknown>(sql: string, ...args: unknown[]): Promise<T | null> {
    return this.firstValue<T>(this.prepareQuery(sql), args);
  }

  /** Runs an INSERT and returns the `id` it produced (adds `RETURNING id` unless the SQL has a RETURNING clause). */
  async executeAndReturnId(sql: string, ...args: unknown[]): Promise<unknown> {
    let text = this.prepareQuery(sql);
    if (!RETURNING.test(text)) text = `${text.replace(/[\s;]+$/, "")} RETURNING id`;
    return this.firstValue(text, args);
  }

  /**
   * Whether a table (or view) exists: `name` is `users` (in this manager's schema, as
   * `{{tables.users}}` would resolve) or `other.users`.
   */
  async tableExists(name: string): Promise<boolean> {
    if (typeof name !== "string") throw new TypeError("tableExists(name) takes a string such as \"users\" or \"audit.events\"");
    const parts = name.split(".");
    if (parts.length > 2) assertSafeIdentifier(name, "table");
    parts.forEach((part, index) => assertSafeIdentifier(part, index < parts.length - 1 ? "schema" : "table"));
    // Every part passed assertSafeIdentifier above; expansion sends no SQL.
    // eslint-disable-next-line pgdbm/no-sql-interpolation
    const qualified = this.prepareQuery(`{{tables.${parts.join(".")}}}`);
    const exists = await this.firstValue<boolean>(
      "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class WHERE oid = pg_catalog.to_regclass($1) " +
        "AND relkind IN ('r', 'p', 'v', 'm', 'f'))",
      [qualified],
    );
    return exists === true;
  }

  private async rows(text: string, args: unknown[]): Promise<Row[]> {
    const target = this.queryTarget();
    try {
      return (await target.query<Row>(text, args)).rows;
    } catch (error) {
      throw this.queryFailure(error, text, args.length, target);
    }
  }

  protected async firstValue<T>(text: string, args: unknown[]): Promise<T | null> {
    const target = this.queryTarget();
    let result: pg.QueryArrayResult;
    try {
      result = await target.query({ text, values: args, rowMode: "array" });
    } catch (error) {
      throw this.queryFailure(error, text, args.length, target);
    }
    const value = result.rows[0]?.[0] as T | undefined;
    return value ?? null;
  }

  protected queryFailure(error: unknown, sql: string, paramsCount: number, target?: QueryTarget): PgdbmError {
    if (error instanceof PgdbmError) return error;
    const dsn = this.errorDsn();
    if (target instanceof pg.Pool && target.ended) {
      return new PoolError(`The pool to ${dsn ?? "the database"} is closed: its owner called close() or disconnect().`, {
        dsn,
        cause: error,
      });
    }
    const reason = errorText(error);
    return new QueryError(`Query failed: ${reason}`, { sql, paramsCount, dsn, cause: error });
  }
}

/** executeMany's argument: an array of argument arrays. */
export function checkArgsList(argsList: unknown): asserts argsList is unknown[][] {
  if (!Array.isArray(argsList) || !argsList.every((args) => Array.isArray(args))) {
    throw new TypeError("executeMany(sql, argsList) takes an array of argument arrays, e.g. [[1, \"a\"], [2, \"b\"]]");
  }
}
