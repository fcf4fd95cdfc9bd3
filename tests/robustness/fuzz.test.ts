import fc from "fast-check";
import { Linter } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";
import { asTemplateBody, failures, linterConfig, readCorpus } from "./support.js";

const FRAGMENTS = [
  "'", '"', "`", "\\", "$$", "$tag$", "${x}", "${", "}", "{{tables.", "}}", "{{tables.users}}", "<<tables.a.b>>", "{{schema}}",
  "{{tables.my-table}}", "--", "/*", "*/", "\n", "\r\n", "\r", ";", " users ", " app.users ", ' "App"."Users" ', "search_path",
  "SET search_path TO x;", "é", "😀", "\u2028", "\u0000", "E'\\''", "(", ")", ",", "$1", "::", " WITH w AS (SELECT 1) ",
  " DO $$ BEGIN PERFORM 1; END $$;", "-- eslint-disable-next-line\n", "/* eslint-disable */",
];

/** Application-shaped statements, so that fixes (not only reports) are exercised on every host. */
const APP_SEEDS = [
  "INSERT INTO users (email) VALUES ($1) RETURNING id",
  'SELECT o.id, u.email FROM orders o JOIN "users" u ON u.id = o.user_id WHERE o.total > $1',
  "UPDATE app.accounts SET balance = balance - $1 WHERE id = $2",
  "WITH recent AS (SELECT * FROM events WHERE at > now() - interval '1 day') SELECT count(*) FROM recent",
  "DELETE FROM sessions USING billing.invoices i WHERE sessions.invoice_id = i.id",
  "CREATE TABLE audit_log (id bigserial PRIMARY KEY, user_id bigint REFERENCES users (id))",
  "CREATE INDEX audit_log_user_idx ON audit_log (user_id); ALTER TABLE audit_log ADD COLUMN note text",
  "SELECT * FROM {{tables.users}} u LEFT JOIN carts c ON c.user_id = u.id",
  "DO $$ BEGIN INSERT INTO jobs (name) VALUES ('x'); END $$",
  "TRUNCATE refunds, payments; COMMENT ON TABLE payments IS 'money'",
];

type Host = "double" | "single" | "template" | "holes" | "concat" | "const" | "tagged" | "unicodeEscapes";
const HOSTS: Host[] = ["double", "single", "template", "holes", "concat", "const", "tagged", "unicodeEscapes"];

const singleQuoted = (text: string): string =>
  `'${text.replace(/[\\'\n\r\u2028\u2029]/g, (char) => ({ "\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r" })[char] ?? `\\u${char.charCodeAt(0).toString(16)}`)}'`;

/** A JavaScript module that hands `sql` to query methods in one of the shapes real code uses. */
function program(sql: string, host: Host, cut: number): string {
  const at = sql.length === 0 ? 0 : cut % (sql.length + 1);
  switch (host) {
    case "double":
      return `await db.execute(${JSON.stringify(sql)}, a);\n`;
    case "single":
      return `await db.fetchAll(${singleQuoted(sql)});\n`;
    case "template":
      return `await db?.fetchOne(\`${asTemplateBody(sql)}\`, a);\n`;
    case "holes":
      return `await this.db.execute(\`${asTemplateBody(sql.slice(0, at))}\${value}${asTemplateBody(sql.slice(at))}\`);\n`;
    case "concat":
      return `await tx.execute(${JSON.stringify(sql.slice(0, at))} + id + ${singleQuoted(sql.slice(at))});\n`;
    case "const":
      return `const Q = ${JSON.stringify(sql)};\nexport const f = async (db) => { await db.fetchAll(Q); await db.fetchOne(Q + " LIMIT 1"); };\n`;
    case "tagged":
      return `const q = sql\`${asTemplateBody(sql)}\`;\n`;
    case "unicodeEscapes":
      return `await db.execute("${[...sql].map((char) => `\\u{${char.codePointAt(0)?.toString(16)}}`).join("")}");\n`;
  }
}

// Each test does real work (thousands of ESLint runs); on a shared 2-core machine it may need more than the default.
const SLOW = 120_000;

describe("fuzzing the SQL rules through ESLint", () => {
  let seeds: string[] = [];
  const linter = new Linter({ configType: "flat" });

  beforeAll(() => {
    // Statements of the PostgreSQL corpus, a deterministic sample of them, as mutation seeds.
    const statements = readCorpus().flatMap((file) => file.text.split(/;\s*\n/));
    const sample = statements.filter((statement, index) => index % 37 === 0 && statement.length < 800);
    // About as many app-style seeds as corpus ones; the app seeds alone when the corpus is missing.
    const appCopies = Math.max(1, Math.ceil(sample.length / APP_SEEDS.length));
    seeds = [...sample, ...Array.from({ length: appCopies }, () => APP_SEEDS).flat()];
  });

  const sqlArbitrary = () => {
    const mutation = fc.tuple(fc.nat(), fc.nat({ max: 12 }), fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 6 })));
    const mutated = fc
      .tuple(fc.constantFrom(...seeds), fc.array(mutation, { maxLength: 5 }))
      .map(([seed, edits]) =>
        edits.reduce((text, [position, deleted, inserted]) => {
          const at = position % (text.length + 1);
          return text.slice(0, at) + inserted + text.slice(at + deleted);
        }, seed),
      );
    return fc.oneof(
      { weight: 6, arbitrary: mutated },
      { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 120 }) },
      { weight: 1, arbitrary: fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 30 }).map((parts) => parts.join(" ")) },
    );
  };

  const settingsArbitrary = fc.record({
    templateStyle: fc.constantFrom("braces", "angle"),
    sqlDetection: fc.constantFrom("queryMethods", "keywords"),
  });

  /** Application SQL that parses, with every spelling of a table reference and awkward text between tokens. */
  const appSqlArbitrary = () => {
    const name = fc.constantFrom("users", "orders", "audit_log", "t1", "_x");
    const reference = fc.oneof(
      name,
      name.map((table) => `"${table}"`),
      name.map((table) => `app.${table}`),
      name.map((table) => `"My Schema".${table}`),
      name.map((table) => `{{tables.${table}}}`),
      name.map((table) => `<<tables.audit.${table}>>`),
      fc.constantFrom('"Users"', '"with space"', '"é"', "pg_catalog.pg_class", "information_schema.tables"),
    );
    const gap = fc.constantFrom(" ", "\n", "\r\n", "\t", " /* c */ ", " -- c\n", "\n  ");
    const literal = fc.constantFrom("'it''s'", "'😀'", "'\\'", "E'\\n'", "$$x$$", "'\u2028'");
    const statement = fc
      .tuple(fc.nat({ max: 5 }), reference, reference, gap, gap, literal)
      .map(([shape, first, second, g1, g2, value]) => {
        switch (shape) {
          case 0:
            return `SELECT a,${g1}${value} AS v FROM${g2}${first} x WHERE x.id = $1`;
          case 1:
            return `INSERT INTO ${first}${g1}(a) VALUES (${value})`;
          case 2:
            return `UPDATE ${first} SET a =${g1}a + 1 FROM ${second}${g2}WHERE true`;
          case 3:
            return `DELETE FROM ${first}${g1}USING ${second} WHERE b = ${value}`;
          case 4:
            return `WITH w AS (SELECT * FROM ${first})${g1}SELECT * FROM w JOIN ${second} ON true`;
          default:
            return `CREATE TABLE ${first} (id int REFERENCES${g2}${second} (id))`;
        }
      });
    return fc.array(fc.tuple(statement, gap), { minLength: 1, maxLength: 3 }).map((parts) => parts.map(([text, g]) => `${text};${g}`).join(""));
  };

  it("never crashes, and every fix leaves JavaScript that still parses (1,200 programs)", () => {
    let reports = 0;
    let fixedPrograms = 0;
    fc.assert(
      fc.property(fc.oneof(sqlArbitrary(), appSqlArbitrary()), fc.constantFrom(...HOSTS), fc.nat(), settingsArbitrary, (sql, host, cut, pgdbm) => {
        const code = program(sql, host, cut);
        const config = [...linterConfig, { settings: { pgdbm } }];
        const result = linter.verifyAndFix(code, config, "fuzz.ts");
        expect(failures(result.messages)).toEqual([]);
        if (host === "unicodeEscapes") expect(result.fixed).toBe(false);
        // ESLint's JavaScript lines also end at U+2028 and U+2029.
        const lines = result.output.split(/\r\n|[\r\n\u2028\u2029]/);
        for (const message of result.messages) {
          expect(message.line).toBeGreaterThanOrEqual(1);
          expect(message.column).toBeGreaterThanOrEqual(1);
          expect(message.column).toBeLessThanOrEqual((lines[message.line - 1]?.length ?? 0) + 1);
        }
        reports += result.messages.length;
        if (result.fixed) fixedPrograms += 1;
      }),
      { numRuns: 1_200, seed: 20_240_601 },
    );
    console.info(`fuzz (TypeScript): 1200 programs, ${reports} reports left after fixing, ${fixedPrograms} programs fixed`);
  }, SLOW);

  it("never crashes on .sql files (1,000 files)", () => {
    fc.assert(
      fc.property(fc.oneof(sqlArbitrary(), appSqlArbitrary()), settingsArbitrary, (sql, pgdbm) => {
        const result = linter.verifyAndFix(sql, [...linterConfig, { settings: { pgdbm } }], "fuzz.sql");
        expect(failures(result.messages)).toEqual([]);
      }),
      { numRuns: 1_000, seed: 20_240_602 },
    );
  }, SLOW);

  it("fixes a query in a JavaScript string exactly as it fixes the same SQL in a .sql file (400 queries)", () => {
    let changed = 0;
    const queries = fc.oneof({ weight: 3, arbitrary: appSqlArbitrary() }, { weight: 1, arbitrary: sqlArbitrary() });
    fc.assert(
      fc.property(queries, fc.constantFrom("braces", "angle"), (sql, templateStyle) => {
        // A directive in the .sql file is only text in the JavaScript string: unused-directive fixes would differ.
        const settings = { settings: { pgdbm: { templateStyle } }, linterOptions: { reportUnusedDisableDirectives: "off" as const } };
        const asSql = linter.verifyAndFix(sql, [...linterConfig, settings], "query.sql");
        const prefix = "await db.fetchAll(";
        const asJs = linter.verifyAndFix(`${prefix}${singleQuoted(sql)});`, [...linterConfig, settings], "query.ts");
        expect(failures(asJs.messages)).toEqual([]);
        const literal = asJs.output.slice(prefix.length, -");".length);
        expect(new Function(`return ${literal};`)()).toBe(asSql.output);
        if (asSql.fixed) changed += 1;
      }),
      { numRuns: 400, seed: 20_240_603 },
    );
    console.info(`fuzz (fix equivalence): 400 queries, ${changed} fixed`);
    expect(changed).toBeGreaterThan(200);
  }, SLOW);
});
