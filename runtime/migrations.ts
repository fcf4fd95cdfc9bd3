import { createHash } from "node:crypto";
import type { Dirent } from "node:fs";
import { readdir, readFile, realpath } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import { errorText, MigrationError, PgdbmError, QueryError } from "./errors.js";
import { assertSafeIdentifier, quoteIdentifier } from "./identifiers.js";
import { log } from "./log.js";
import { AsyncDatabaseManager, MANAGER_POOL } from "./manager.js";
import { splitSqlStatements, type SqlStatement } from "./sql-splitter.js";

export interface MigrationManagerOptions {
  /** Names this set of migrations in the migrations table and the advisory lock. Unique per library or service. */
  moduleName: string;
  /** Table that records applied files, in the manager's schema (default "schema_migrations"). */
  migrationsTable?: string;
  /** How long to wait for another process's run of the same module (default 10 minutes). */
  lockWaitTimeoutMs?: number;
  /** Not an option: the schema comes from the database manager. */
  schema?: never;
}

/** A migration file, applied or pending. */
export interface Migration {
  filename: string;
  /** The version as written in the filename ("001", "2", "20240101120000", "1.2"). */
  version: string;
  /** SHA-256 (hex) of the file with line endings normalised to \n. */
  checksum: string;
  moduleName: string;
  /** When it was applied; null when pending. */
  appliedAt: Date | null;
  executionTimeMs: number | null;
}

interface MigrationFile {
  filename: string;
  version: string;
  order: bigint[];
  checksum: string;
  /** Templates expanded, split as they will be sent. */
  statements: SqlStatement[];
  noTransaction: boolean;
}

/** A line `-- pgdbm:no-transaction` makes the file run outside a transaction, statement by statement. */
const NO_TRANSACTION = /^[ \t]*--[ \t]*pgdbm:no-transaction[ \t]*$/im;
const VERSIONED = [/^V(\d+(?:[._]\d+)*)__.+\.sql$/, /^(\d+)(?:[_-].*)?\.sql$/];

/**
 * Applies the `.sql` files of one folder, in version order, each once, recorded in the
 * manager's schema. Runs of the same `moduleName` are serialised across processes by an
 * advisory lock taken by polling (never blocking, see `acquireLock`).
 */
export class AsyncMigrationManager {
  readonly db: AsyncDatabaseManager;
  readonly migrationsPath: string;
  readonly moduleName: string;
  readonly migrationsTable: string;
  readonly lockWaitTimeoutMs: number;

  constructor(db: AsyncDatabaseManager, migrationsPath: string, options: MigrationManagerOptions) {
    if (!(db instanceof AsyncDatabaseManager)) {
      throw new TypeError("new AsyncMigrationManager(db, migrationsPath, { moduleName }) takes an AsyncDatabaseManager first");
    }
    if (typeof migrationsPath !== "string" || migrationsPath === "") {
      throw new TypeError("new AsyncMigrationManager(db, migrationsPath, { moduleName }): migrationsPath must be a folder path");
    }
    if (typeof options !== "object" || options === null) {
      throw new TypeError(
        'new AsyncMigrationManager(db, migrationsPath, { moduleName: "my_service" }): moduleName is required, ' +
          "so that two libraries' migrations never collide in one migrations table",
      );
    }
    if ("schema" in options) {
      throw new TypeError(
        "AsyncMigrationManager takes no schema option: the schema comes from the database manager. " +
          `Build the manager for that schema and pass it: new AsyncMigrationManager(new AsyncDatabaseManager({ pool, schema: ${JSON.stringify(
            String((options as { schema?: unknown }).schema),
          )} }), migrationsPath, { moduleName })`,
      );
    }
    const moduleName: unknown = options.moduleName;
    if (typeof moduleName !== "string" || moduleName.trim() === "") {
      throw new TypeError(
        'AsyncMigrationManager needs { moduleName: "my_service" }: a name unique to this set of migrations. Without it, ' +
          "two libraries sharing a database would read each other's applied files.",
      );
    }
    const table = options.migrationsTable ?? "schema_migrations";
    assertSafeIdentifier(table, "migrations table");
    const wait = options.lockWaitTimeoutMs ?? 600_000;
    if (!Number.isInteger(wait) || wait < 0) throw new TypeError("lockWaitTimeoutMs must be an integer ≥ 0");
    this.db = db;
    this.migrationsPath = path.resolve(migrationsPath);
    this.moduleName = moduleName;
    this.migrationsTable = table;
    this.lockWaitTimeoutMs = wait;
  }

  /** Applies every pending file in order and returns their filenames. */
  async applyPendingMigrations(): Promise<string[]> {
    // Reading and expanding every file first: a bad template or filename fails before any SQL is sent.
    const files = await this.readFiles();
    const client = await this.checkOut();
    let broken: Error | undefined;
    const onError = (error: Error): void => {
      broken = error;
    };
    client.on("error", onError);
    let locked = false;
    try {
      await this.acquireLock(client);
      locked = true;
      await this.ensureTable(client);
      const applied = await this.appliedRows(client);
      const pending = this.pendingFiles(files, applied);
      const done: string[] = [];
      for (const file of pending) {
        await this.applyFile(client, file);
        done.push(file.filename);
      }
      if (done.length > 0) log.info(`module ${this.moduleName}: applied ${done.join(", ")}`);
      return done;
    } finally {
      if (locked) {
        try {
          await client.query("SELECT pg_advisory_unlock(hashtext('pgdbm_migration_' || $1::text))", [this.moduleName]);
        } catch (error) {
          // The lock is a session lock: destroying the connection releases it.
          broken ??= error as Error;
          log.warn(`releasing the migration lock of module ${this.moduleName} failed: ${String(error)}; closing the connection`);
        }
      }
      client.off("error", onError);
      client.release(broken);
    }
  }

  /** Files recorded as applied for this module, in the order they were applied. */
  async getAppliedMigrations(): Promise<Migration[]> {
    const rows = await this.withClient((client) => this.appliedRows(client));
    return rows.map((row) => ({
      filename: row.filename,
      version: versionOf(row.filename)?.version ?? "",
      checksum: row.checksum,
      moduleName: this.moduleName,
      appliedAt: row.applied_at,
      executionTimeMs: row.execution_time_ms,
    }));
  }

  /** Files not applied yet, in the order they will run. A changed applied file is a MigrationError. */
  async getPendingMigrations(): Promise<Migration[]> {
    const files = await this.readFiles();
    const applied = await this.withClient((client) => this.appliedRows(client));
    return this.pendingFiles(files, applied).map((file) => ({
      filename: file.filename,
      version: file.version,
      checksum: file.checksum,
      moduleName: this.moduleName,
      appliedAt: null,
      executionTimeMs: null,
    }));
  }

  private tableName(): string {
    // migrationsTable passed assertSafeIdentifier in the constructor; expansion sends no SQL.
    // eslint-disable-next-line pgdbm/no-sql-interpolation
    return this.db.prepareQuery(`{{tables.${this.migrationsTable}}}`);
  }

  private async checkOut(): Promise<pg.PoolClient> {
    const pool = this.db[MANAGER_POOL]();
    try {
      return await pool.pgPool.connect();
    } catch (error) {
      throw new QueryError(`Could not get a connection from the pool to ${pool.dsn}: ${String(error)}`, {
        sql: "-- connect",
        paramsCount: 0,
        dsn: pool.dsn,
        cause: error,
      });
    }
  }

  private async withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.checkOut();
    try {
      return await fn(client);
    } finally {
      client.release();
    }
  }

  private async readFiles(): Promise<MigrationFile[]> {
    let folder: string;
    let entries: Dirent[];
    try {
      folder = await realpath(this.migrationsPath);
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      throw new MigrationError(`Cannot read the migrations folder ${this.migrationsPath}: ${String(error)}`, {
        moduleName: this.moduleName,
        cause: error,
      });
    }
    const files: MigrationFile[] = [];
    for (const entry of entries) {
      if (!entry.name.endsWith(".sql") || entry.name.startsWith(".")) continue;
      if (!entry.isFile() && !entry.isSymbolicLink()) continue;
      const version = versionOf(entry.name);
      if (version === undefined) {
        throw new MigrationError(
          `Cannot tell the version of migration ${entry.name}: name it 001_name.sql, V1__name.sql or ` +
            "20240101120000_name.sql, so that its place in the order is explicit.",
          { file: entry.name, moduleName: this.moduleName },
        );
      }
      const real = await realpath(path.join(folder, entry.name));
      if (path.dirname(real) !== folder) {
        throw new MigrationError(
          `Migration ${entry.name} resolves to ${real}, outside the migrations folder ${folder}: refused.`,
          { file: entry.name, moduleName: this.moduleName },
        );
      }
      const raw = await readFile(real, "utf8");
      const normalised = raw.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
      let sql: string;
      try {
        sql = this.db.prepareQuery(normalised);
      } catch (error) {
        throw new MigrationError(
          `Migration ${entry.name}: ${errorText(error)}`,
          { file: entry.name, moduleName: this.moduleName, cause: error },
        );
      }
      const statements = splitSqlStatements(sql);
      if (statements.length === 0) {
        throw new MigrationError(`Migration ${entry.name} has no statements.`, {
          file: entry.name,
          moduleName: this.moduleName,
        });
      }
      files.push({
        filename: entry.name,
        version: version.version,
        order: version.order,
        checksum: createHash("sha256").update(normalised, "utf8").digest("hex"),
        statements,
        noTransaction: NO_TRANSACTION.test(normalised),
      });
    }
    return files.sort(compareFiles);
  }

  private pendingFiles(files: MigrationFile[], applied: AppliedRow[]): MigrationFile[] {
    const appliedByName = new Map(applied.map((row) => [row.filename, row]));
    const pending: MigrationFile[] = [];
    for (const file of files) {
      const row = appliedByName.get(file.filename);
      if (row === undefined) {
        pending.push(file);
      } else if (row.checksum !== file.checksum) {
        throw new MigrationError(
          `Migration ${file.filename} (module ${this.moduleName}) changed after it was applied: recorded checksum ` +
            `${row.checksum}, file now ${file.checksum}. Applied migrations are history: restore the file and put ` +
            "the change in a new migration.",
          { file: file.filename, moduleName: this.moduleName },
        );
      }
    }
    return pending;
  }

  /**
   * Polls `pg_try_advisory_lock` with backoff. A session blocked in `pg_advisory_lock` holds a
   * snapshot, and `CREATE INDEX CONCURRENTLY` in the lock holder waits for every snapshot: with
   * several replicas starting at once, the blocking form deadlocks.
   */
  private async acquireLock(client: pg.PoolClient): Promise<void> {
    const deadline = Date.now() + this.lockWaitTimeoutMs;
    let delay = 25;
    for (let attempt = 1; ; attempt++) {
      const result = await this.run(
        client,
        "SELECT pg_try_advisory_lock(hashtext('pgdbm_migration_' || $1::text)) AS locked",
        [this.moduleName],
      );
      if ((result.rows[0] as { locked?: boolean } | undefined)?.locked === true) {
        if (attempt > 1) log.debug(`module ${this.moduleName}: migration lock taken after ${attempt} tries`);
        return;
      }
      if (Date.now() >= deadline) {
        throw new MigrationError(
          `Another process has been running the migrations of module ${this.moduleName} for longer than ` +
            `${this.lockWaitTimeoutMs} ms; gave up waiting for its lock.`,
          { moduleName: this.moduleName },
        );
      }
      if (attempt === 1) log.debug(`module ${this.moduleName}: another process is migrating; waiting for its lock`);
      const jittered = delay * (0.75 + Math.random() * 0.5);
      await new Promise((resolve) => setTimeout(resolve, Math.min(jittered, Math.max(0, deadline - Date.now()))));
      delay = Math.min(delay * 1.6, 1_000);
    }
  }

  private async ensureTable(client: pg.PoolClient): Promise<void> {
    const statements: string[] = [];
    if (this.db.schema !== undefined) statements.push(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(this.db.schema)}`);
    statements.push(
      `CREATE TABLE IF NOT EXISTS ${this.tableName()} (
        id serial PRIMARY KEY,
        filename varchar(255) NOT NULL,
        checksum char(64) NOT NULL,
        module_name varchar(255) NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(),
        applied_by text NOT NULL DEFAULT current_user,
        execution_time_ms integer,
        UNIQUE (filename, module_name)
      )`,
    );
    for (const sql of statements) {
      try {
        await this.run(client, sql);
      } catch (error) {
        // Two modules creating the same schema or table at once: the loser sees a duplicate; the object exists.
        if (!(error instanceof QueryError) || !["23505", "42P06", "42P07"].includes(error.code ?? "")) throw error;
        await this.run(client, sql);
      }
    }
  }

  private async appliedRows(client: pg.PoolClient): Promise<AppliedRow[]> {
    const table = this.tableName();
    const exists = await this.run(client, "SELECT pg_catalog.to_regclass($1) IS NOT NULL AS exists", [table]);
    if ((exists.rows[0] as { exists?: boolean } | undefined)?.exists !== true) return [];
    const result = await this.run(
      client,
      `SELECT filename, checksum, applied_at, execution_time_ms FROM ${table} WHERE module_name = $1 ORDER BY id`,
      [this.moduleName],
    );
    return result.rows as AppliedRow[];
  }

  private async applyFile(client: pg.PoolClient, file: MigrationFile): Promise<void> {
    const statements = file.statements;
    const started = performance.now();
    const record = (): Promise<pg.QueryResult> =>
      this.run(
        client,
        `INSERT INTO ${this.tableName()} (filename, checksum, module_name, execution_time_ms) VALUES ($1, $2, $3, $4)`,
        [file.filename, file.checksum, this.moduleName, Math.max(1, Math.round(performance.now() - started))],
      );

    if (file.noTransaction) {
      for (const [index, statement] of statements.entries()) {
        await this.runStatement(client, file, statement, index, statements.length);
      }
      await record();
      log.debug(`module ${this.moduleName}: applied ${file.filename} outside a transaction`);
      return;
    }

    await this.run(client, "BEGIN");
    try {
      for (const [index, statement] of statements.entries()) {
        await this.runStatement(client, file, statement, index, statements.length);
      }
      await record();
      await this.run(client, "COMMIT");
    } catch (error) {
      await this.run(client, "ROLLBACK").catch((rollbackError: unknown) => {
        log.warn(`ROLLBACK of ${file.filename} failed: ${String(rollbackError)}`);
      });
      throw error;
    }
    log.debug(`module ${this.moduleName}: applied ${file.filename}`);
  }

  private async runStatement(
    client: pg.PoolClient,
    file: MigrationFile,
    statement: SqlStatement,
    index: number,
    total: number,
  ): Promise<void> {
    try {
      await client.query(statement.text);
    } catch (error) {
      const reason = errorText(error);
      const shown = statement.text.length > 500 ? `${statement.text.slice(0, 500)}…` : statement.text;
      const outcome = file.noTransaction
        ? `It ran outside a transaction (-- pgdbm:no-transaction): the statements before it stay done and the file is ` +
          "not recorded; make them safe to run again (IF NOT EXISTS) before the next run."
        : "The file was rolled back; the files before it stay applied.";
      throw new MigrationError(
        `Migration ${file.filename} (module ${this.moduleName}) failed at statement ${index + 1} of ${total} ` +
          `(line ${statement.line}): ${reason}\n  Statement: ${shown}\n  ${outcome}`,
        {
          file: file.filename,
          moduleName: this.moduleName,
          statement: statement.text,
          statementIndex: index + 1,
          line: statement.line,
          cause: error,
        },
      );
    }
  }

  private async run(client: pg.PoolClient, sql: string, values: unknown[] = []): Promise<pg.QueryResult> {
    try {
      return await client.query(sql, values);
    } catch (error) {
      if (error instanceof PgdbmError) throw error;
      throw new QueryError(`Query failed: ${errorText(error)}`, {
        sql,
        paramsCount: values.length,
        cause: error,
      });
    }
  }
}

interface AppliedRow {
  filename: string;
  checksum: string;
  applied_at: Date;
  execution_time_ms: number | null;
}

function versionOf(filename: string): { version: string; order: bigint[] } | undefined {
  for (const pattern of VERSIONED) {
    const match = pattern.exec(filename);
    if (match?.[1] !== undefined) {
      return { version: match[1], order: match[1].split(/[._]/).map((part) => BigInt(part)) };
    }
  }
  return undefined;
}

function compareFiles(a: MigrationFile, b: MigrationFile): number {
  const length = Math.max(a.order.length, b.order.length);
  for (let i = 0; i < length; i++) {
    const left = a.order[i] ?? -1n;
    const right = b.order[i] ?? -1n;
    if (left !== right) return left < right ? -1 : 1;
  }
  return a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0;
}
