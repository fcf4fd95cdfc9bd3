import rule from "../../rules/no-external-manager-close.js";
import { ruleTester } from "../support/rule-tester.js";
import { typedFile, typedRuleTester } from "../support/typed-rule-tester.js";

const runtime = `import { AsyncDatabaseManager, DatabaseConfig, SharedPool } from "eslint-plugin-pgdbm/runtime";\n`;

/** The dual-mode library of the seeds: an outside manager or one of its own. */
const library = (close: string): string =>
  runtime +
  `export class Library {
  constructor(options) {
    this._externalDb = options.db !== undefined;
    this.db = options.db;
    this.config = options.config;
  }
  async initialize() {
    if (!this.db) {
      this.db = new AsyncDatabaseManager(new DatabaseConfig(this.config));
      await this.db.connect();
    }
  }
  async close() {
${close}
  }
}`;

ruleTester.run("no-external-manager-close", rule, {
  valid: [
    // Guarded by the ownership flag, under any name and any form.
    library(`    if (!this._externalDb) {\n      await this.db.disconnect();\n    }`),
    library(`    if (this.db && !this._externalDb) await this.db.disconnect();`),
    library(`    if (this._externalDb) return;\n    await this.db.disconnect();`),
    library(`    this.ownsPool && (await this.db.disconnect());`),
    library(`    const owned = !this.external;\n    if (owned) {\n      await this.db.disconnect();\n    }`),
    library(`    return this.#ownsConnection ? this.db.disconnect() : undefined;`),
    // A class that only ever makes its own manager.
    runtime +
      `class Service {
  constructor(config) {
    this.db = new AsyncDatabaseManager(config);
  }
  async close() {
    await this.db.disconnect();
  }
}`,
    // A function given a manager by its caller, who decides: not a class holding someone else's manager.
    runtime + `export async function shutdown(db) {\n  await db.disconnect();\n}`,
    // Without type information, an options type from another module says nothing (the typed run below reports it).
    `import type { LibraryOptions } from "./services.js";
export class Library {
  db;
  constructor(options: LibraryOptions) {
    this.db = options.db;
  }
  async close() {
    await this.db?.disconnect();
  }
}`,
    // Not the runtime's objects.
    runtime +
      `class Client {
  constructor(socket) {
    this.socket = socket;
  }
  close() {
    this.socket.close();
  }
}`,
  ],
  invalid: [
    {
      // A null check is not an ownership check.
      code: library(`    if (this.db) {\n      await this.db.disconnect();\n    }`),
      filename: "library.js",
      output: null,
      errors: [
        {
          messageId: "externalClose",
          data: { target: "this.db", what: "manager", method: "disconnect" },
          line: 16,
          column: 13,
          endLine: 16,
          endColumn: 33,
          suggestions: [
            {
              messageId: "guardClose",
              data: { guard: "!this._externalDb" },
              output: library(`    if (this.db) {\n      if (!this._externalDb) {\n        await this.db.disconnect();\n      }\n    }`),
            },
          ],
        },
      ],
    },
    {
      // TypeScript, no flag yet, the seeds' lazy creation: the flag reads the check that makes the manager, applied to the parameter.
      code:
        runtime +
        `export class Library {
  private db: AsyncDatabaseManager | undefined;
  private readonly url: string | undefined;
  constructor(options: { connectionString?: string; db?: AsyncDatabaseManager }) {
    this.db = options.db;
    this.url = options.connectionString;
  }
  async initialize(): Promise<void> {
    if (!this.db) {
      this.db = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: this.url }));
      await this.db.connect();
    }
  }
  async close(): Promise<void> {
    await this.db?.disconnect();
  }
}`,
      filename: "library.ts",
      output: null,
      errors: [
        {
          messageId: "externalClose",
          line: 16,
          column: 11,
          endLine: 16,
          endColumn: 32,
          suggestions: [
            {
              messageId: "guardClose",
              data: { guard: "this.ownsDb" },
              output:
                runtime +
                `export class Library {
  private readonly ownsDb: boolean;
  private db: AsyncDatabaseManager | undefined;
  private readonly url: string | undefined;
  constructor(options: { connectionString?: string; db?: AsyncDatabaseManager }) {
    this.db = options.db;
    this.ownsDb = !options.db;
    this.url = options.connectionString;
  }
  async initialize(): Promise<void> {
    if (!this.db) {
      this.db = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: this.url }));
      await this.db.connect();
    }
  }
  async close(): Promise<void> {
    if (this.ownsDb) {
      await this.db?.disconnect();
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // \`db || new …\`: a null, 0 or "" argument also makes one, so the flag is \`!db\`, not \`db === undefined\`.
      code:
        runtime +
        `class Cache {
  constructor(db, config) {
    this.db = db || new AsyncDatabaseManager(config);
  }
  async close() {
    await this.db.disconnect();
  }
}`,
      filename: "cache.js",
      output: null,
      errors: [
        {
          messageId: "externalClose",
          line: 7,
          column: 11,
          suggestions: [
            {
              messageId: "guardClose",
              data: { guard: "this.ownsDb" },
              output:
                runtime +
                `class Cache {
  constructor(db, config) {
    this.db = db || new AsyncDatabaseManager(config);
    this.ownsDb = !db;
  }
  async close() {
    if (this.ownsDb) {
      await this.db.disconnect();
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // \`??\`: a null argument makes one too, so \`== null\`; from an options object.
      code:
        runtime +
        `class Cache {
  constructor(options) {
    this.db = options.db ?? new AsyncDatabaseManager(new DatabaseConfig(options));
  }
  async close() {
    await this.db.disconnect();
  }
}`,
      filename: "cache.js",
      output: null,
      errors: [
        {
          messageId: "externalClose",
          line: 7,
          column: 11,
          suggestions: [
            {
              messageId: "guardClose",
              data: { guard: "this.ownsDb" },
              output:
                runtime +
                `class Cache {
  constructor(options) {
    this.db = options.db ?? new AsyncDatabaseManager(new DatabaseConfig(options));
    this.ownsDb = options.db == null;
  }
  async close() {
    if (this.ownsDb) {
      await this.db.disconnect();
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // Ternaries: the flag is the test that picks the creating branch, negated when that branch is the second.
      code:
        runtime +
        `class Jobs {
  constructor(options) {
    this.db = options.shared ? options.db : new AsyncDatabaseManager(options.config);
  }
  async close() {
    await this.db.disconnect();
  }
}
class Audit {
  constructor(db, config) {
    this.db = db === undefined ? new AsyncDatabaseManager(config) : db;
  }
  async close() {
    await this.db.disconnect();
  }
}`,
      filename: "jobs.js",
      output: null,
      errors: [
        {
          messageId: "externalClose",
          line: 7,
          column: 11,
          suggestions: [
            {
              messageId: "guardClose",
              output:
                runtime +
                `class Jobs {
  constructor(options) {
    this.db = options.shared ? options.db : new AsyncDatabaseManager(options.config);
    this.ownsDb = !options.shared;
  }
  async close() {
    if (this.ownsDb) {
      await this.db.disconnect();
    }
  }
}
class Audit {
  constructor(db, config) {
    this.db = db === undefined ? new AsyncDatabaseManager(config) : db;
  }
  async close() {
    await this.db.disconnect();
  }
}`,
            },
          ],
        },
        {
          messageId: "externalClose",
          line: 15,
          column: 11,
          suggestions: [
            {
              messageId: "guardClose",
              output:
                runtime +
                `class Jobs {
  constructor(options) {
    this.db = options.shared ? options.db : new AsyncDatabaseManager(options.config);
  }
  async close() {
    await this.db.disconnect();
  }
}
class Audit {
  constructor(db, config) {
    this.db = db === undefined ? new AsyncDatabaseManager(config) : db;
    this.ownsDb = db === undefined;
  }
  async close() {
    if (this.ownsDb) {
      await this.db.disconnect();
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // A parameter property made up for later with \`??=\`: the flag goes first into the empty constructor.
      code:
        runtime +
        `export class Search {
  constructor(private db?: AsyncDatabaseManager) {}
  start(config: DatabaseConfig) {
    this.db ??= new AsyncDatabaseManager(config);
  }
  async stop() {
    await this.db?.disconnect();
  }
}`,
      filename: "search.ts",
      output: null,
      errors: [
        {
          messageId: "externalClose",
          line: 8,
          column: 11,
          suggestions: [
            {
              messageId: "guardClose",
              data: { guard: "this.ownsDb" },
              output:
                runtime +
                `export class Search {
  private readonly ownsDb: boolean;
  constructor(private db?: AsyncDatabaseManager) {
    this.ownsDb = db == null;
  }
  start(config: DatabaseConfig) {
    this.db ??= new AsyncDatabaseManager(config);
  }
  async stop() {
    if (this.ownsDb) {
      await this.db?.disconnect();
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // No branch of the class makes a manager, or the one that does cannot be read as a check: no flag can be derived, no suggestion.
      code:
        runtime +
        `class Holder {
  constructor(db: AsyncDatabaseManager) {
    this.db = db;
  }
  async close() {
    await this.db.disconnect();
  }
}
class Picky {
  constructor(db, config) {
    this.db = isShared(db) ? db : new AsyncDatabaseManager(config);
  }
  async close() {
    await this.db.disconnect();
  }
}
class Resetting {
  constructor(db, config) {
    this.db = db;
    this.config = config;
  }
  reset() {
    this.db = new AsyncDatabaseManager(this.config);
  }
  async close() {
    await this.db.disconnect();
  }
}`,
      filename: "holders.js",
      output: null,
      errors: [
        { messageId: "externalClose", line: 7, column: 11, suggestions: [] },
        { messageId: "externalClose", line: 15, column: 11, suggestions: [] },
        { messageId: "externalClose", line: 27, column: 11, suggestions: [] },
      ],
    },
    {
      // A shared pool taken as a required constructor parameter property and never made here: the class owns none, so no flag to add.
      code:
        runtime +
        `export class Worker {
  constructor(private readonly pool: SharedPool) {}
  async shutdown() {
    return this.pool.close();
  }
}`,
      filename: "worker.ts",
      output: null,
      errors: [
        {
          messageId: "externalClose",
          data: { target: "this.pool", what: "pool", method: "close" },
          line: 5,
          column: 12,
          endLine: 5,
          endColumn: 29,
          suggestions: [],
        },
      ],
    },
    {
      // `db ?? new …`: the existing flag reads "owns", so the guard is the flag itself.
      code:
        runtime +
        `class Reports {
  constructor(db, config) {
    this.ownsDb = !db;
    this.db = db ?? new AsyncDatabaseManager(config);
  }
  async stop() {
    await this.db.disconnect();
  }
}`,
      filename: "reports.js",
      output: null,
      errors: [
        {
          messageId: "externalClose",
          line: 8,
          column: 11,
          suggestions: [
            {
              messageId: "guardClose",
              data: { guard: "this.ownsDb" },
              output:
                runtime +
                `class Reports {
  constructor(db, config) {
    this.ownsDb = !db;
    this.db = db ?? new AsyncDatabaseManager(config);
  }
  async stop() {
    if (this.ownsDb) {
      await this.db.disconnect();
    }
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});

typedRuleTester.run("no-external-manager-close (type information)", rule, {
  valid: [
    {
      // The same shape, but the checker says the field is not the runtime's manager.
      code: `import { notADatabase } from "./services.js";
export class Holder {
  db;
  constructor(options: { db: typeof notADatabase }) {
    this.db = options.db;
  }
  async close() {
    await this.db.disconnect();
  }
}`,
      filename: typedFile,
    },
  ],
  invalid: [
    {
      // The options type comes from another module: only the checker knows `this.db` is a manager.
      code: `import type { LibraryOptions } from "./services.js";
export class Library {
  db;
  constructor(options: LibraryOptions) {
    this.db = options.db;
  }
  async close() {
    await this.db?.disconnect();
  }
}`,
      filename: typedFile,
      output: null,
      errors: [
        {
          messageId: "externalClose",
          data: { target: "this.db", what: "manager", method: "disconnect" },
          line: 8,
          column: 11,
          // It never makes one of its own: no ownership flag to derive.
          suggestions: [],
        },
      ],
    },
  ],
});
