import { Linter } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
import plugin from "../../index.js";

// "A rule never throws on any input": every rule, on code shaped to trip up the runtime-object
// helper (half-written, self-referencing, oddly spread, recursive), under both parsers.

const runtime = `import { AsyncDatabaseManager, AsyncMigrationManager, AsyncTestDatabase, DatabaseConfig } from "eslint-plugin-pgdbm/runtime";\n`;

const SNIPPETS: Record<string, string> = {
  empty: "",
  "only the import": runtime,
  "constructors without arguments": runtime + `new AsyncDatabaseManager();\nnew AsyncMigrationManager();\nnew AsyncTestDatabase();\nnew DatabaseConfig();`,
  "spread arguments": runtime + `new AsyncDatabaseManager(...args);\nnew AsyncMigrationManager(...[db, "m", { schema: "x" }]);\nAsyncDatabaseManager.createSharedPool(...cfg);`,
  "computed and private members":
    runtime +
    `class A {\n  #db = new AsyncDatabaseManager({ pool, schema: "a" });\n  [key] = 1;\n  m() {\n    this.#db.schema = "b";\n    this[dyn].disconnect();\n    this.#db[method]();\n  }\n}`,
  "this outside a class": runtime + `this.db.schema = "x";\nthis.db.disconnect();\nfunction f() { return this.db.connect(); }`,
  "variables defined from each other":
    runtime + `let a = b;\nlet b = a;\na.schema = "x";\nconst c = c;\nc.connect();\nvar d = d || new AsyncDatabaseManager(d);\nd.schema = 1;`,
  "recursive functions":
    runtime +
    `function f() { return f(); }\nconst g = () => h();\nconst h = () => g();\nf().schema = "x";\ng().connect();\nnew AsyncMigrationManager(f(), "m");`,
  "recursive fields":
    runtime + `class A {\n  constructor() { this.a = this.b; this.b = this.a; }\n  close() { this.a.disconnect(); this.b.close(); }\n}`,
  "options objects of every shape":
    runtime +
    `new AsyncMigrationManager(db, "m", { ["schema"]: 1, [schema]: 2, 3: 4, ...rest, get schema() { return "x"; }, schema() {} });\nnew AsyncDatabaseManager({ ...{ pool }, schema });\nnew AsyncDatabaseManager(new DatabaseConfig({ ...{ ...base }, connectionString: \`\${a}\` }));`,
  "pools everywhere":
    runtime +
    `for (;;) new AsyncDatabaseManager(config);\nwhile (x) AsyncDatabaseManager.createSharedPool(config);\ndo { new AsyncDatabaseManager(config); } while (0);\nswitch (x) { case 1: new AsyncDatabaseManager(config); case 2: new AsyncDatabaseManager(config); }\napp.get(() => new AsyncDatabaseManager(config));\napp.get("/", handler);\nfunction handler() { return handler(); }\nexport default { fetch() { new AsyncDatabaseManager(config); } };`,
  "cleanup everywhere":
    runtime +
    `const t = new AsyncTestDatabase();\ntry {} catch {} finally {}\ntry { t.dropTestDatabase(); } catch ({ message }) {}\nt.dropTestDatabase().catch();\nt.dropTestDatabase().catch(...handlers);\nt.dropTestDatabase().then();\nafterAll();\nbeforeAll(() => () => () => t.dropTestDatabase());\nconst drop = async () => drop();\nafterEach(drop);\ndrop();`,
  "classes of every shape":
    runtime +
    `export default class {\n  constructor(private readonly db?: AsyncDatabaseManager, public pool = x) { super(); }\n  static { this.db.disconnect(); }\n  accessor other = 1;\n  @dec() async close() { return this.db!.disconnect(); }\n}\nconst C = class extends Base { close = () => this.pool.close(); };`,
  "typescript-only syntax":
    runtime +
    `declare const db: AsyncDatabaseManager;\n(db as any).schema = "x";\n(<AsyncDatabaseManager>db).schema = "y";\nnamespace N { export const m = new AsyncMigrationManager(db, "m"); }\nenum E { A = new AsyncDatabaseManager(config).schema }\ntype T = typeof db.schema;\nabstract class K { abstract close(): void; }`,
  "commonjs and dynamic imports":
    `const { AsyncDatabaseManager: Db, ...rest } = require("eslint-plugin-pgdbm/runtime");\nconst pgdbm = await import("eslint-plugin-pgdbm/runtime");\nconst [x] = require("eslint-plugin-pgdbm/runtime");\nnew Db(config).schema = 1;\nnew pgdbm.AsyncMigrationManager(db, "m");\nrequire();\nimport(x);`,
  "a syntax error": runtime + `new AsyncDatabaseManager({ pool, schema: `,
  // Each binding refers to the previous one twice: exponential for a resolver without a budget.
  "bindings that branch at every step":
    runtime +
    `const v0 = new AsyncDatabaseManager({ pool, schema: "a" });\n` +
    Array.from({ length: 60 }, (_, index) => `const v${index + 1} = v${index} || v${index};\n`).join("") +
    `v60.schema = "b";\nv60.connect();\nnew AsyncMigrationManager(v60, "m");`,
};

const parsers = {
  "typescript-eslint parser": { languageOptions: { parser: tseslint.parser, sourceType: "module" as const } },
  espree: { languageOptions: { sourceType: "module" as const } },
};

describe.each(Object.entries(parsers))("every rule (the `all` config), with the %s", (_parserName, languageOptions) => {
  const linter = new Linter({ configType: "flat" });
  const config: Linter.Config[] = [{ files: ["**/*.ts"], ...languageOptions }, plugin.configs.all, plugin.configs.sql];

  it("the `all` config turns every rule on", () => {
    const enabled = Object.keys({ ...plugin.configs.all.rules, ...plugin.configs.sql.rules });
    expect(enabled.sort()).toEqual(Object.keys(plugin.rules).map((name) => `pgdbm/${name}`).sort());
  });

  it.each(Object.keys(SNIPPETS))("never throws on %s", (name) => {
    const code = SNIPPETS[name] ?? "";
    for (const filename of ["src/service.ts", "tests/service.test.ts"]) {
      const messages = linter.verify(code, config, filename);
      const crashes = messages.filter((message) => message.fatal && !/Parsing error/.test(message.message));
      expect(crashes).toEqual([]);
      // Fixes applied until none is left must still leave code that parses (or the same parse error).
      const fixed = linter.verifyAndFix(code, config, filename);
      const before = messages.some((message) => message.fatal);
      expect(fixed.messages.some((message) => message.fatal)).toBe(before);
    }
  });
});
