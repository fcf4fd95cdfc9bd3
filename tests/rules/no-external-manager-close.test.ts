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
      // TypeScript, no flag yet: the suggestion adds one, sets it where the manager comes in, and checks it.
      code:
        runtime +
        `export class Library {
  private db: AsyncDatabaseManager | undefined;
  constructor(options: { connectionString?: string; db?: AsyncDatabaseManager }) {
    this.db = options.db;
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
          line: 8,
          column: 11,
          suggestions: [
            {
              messageId: "guardClose",
              data: { guard: "this.ownsDb" },
              output:
                runtime +
                `export class Library {
  private readonly ownsDb: boolean;
  private db: AsyncDatabaseManager | undefined;
  constructor(options: { connectionString?: string; db?: AsyncDatabaseManager }) {
    this.db = options.db;
    this.ownsDb = options.db === undefined;
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
      // A shared pool taken as a constructor parameter property and closed on shutdown.
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
          suggestions: [
            {
              messageId: "guardClose",
              data: { guard: "this.ownsPool" },
              output:
                runtime +
                `export class Worker {
  private readonly ownsPool: boolean;
  constructor(private readonly pool: SharedPool) {
    this.ownsPool = pool === undefined;
  }
  async shutdown() {
    if (this.ownsPool) {
      return this.pool.close();
    }
  }
}`,
            },
          ],
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
          suggestions: [
            {
              messageId: "guardClose",
              output: `import type { LibraryOptions } from "./services.js";
export class Library {
  private readonly ownsDb: boolean;
  db;
  constructor(options: LibraryOptions) {
    this.db = options.db;
    this.ownsDb = options.db === undefined;
  }
  async close() {
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
  ],
});
