// Property-based robustness: real statements mutated character by character and with the pieces
// that break SQL tools (templates, splices, quotes, dollar tags, comments, NUL, lone surrogates),
// plus random strings. Nothing may throw, and every span must stay inside the text, sorted.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  analyzeSql,
  applyEdits,
  loadSqlParser,
  looksLikeSql,
  readTemplates,
  templateEdit,
  type Span,
} from "../../sql/index.js";
import { spanProblems } from "./helpers.js";

const seeds = [
  "SELECT u.id, u.email FROM {{tables.users}} u WHERE u.id = $1",
  "SELECT * FROM users u JOIN orders o ON o.user_id = u.id WHERE o.total > 10 ORDER BY o.created_at DESC LIMIT 20",
  "INSERT INTO <<tables.events>> (kind, payload) VALUES ($1, $2::jsonb) ON CONFLICT (kind) DO UPDATE SET payload = excluded.payload RETURNING id",
  "UPDATE accounts a SET balance = balance - t.amount FROM transfers t WHERE t.account_id = a.id AND t.id = $1",
  "DELETE FROM sessions s USING users u WHERE s.user_id = u.id AND u.banned",
  "WITH RECURSIVE tree AS (SELECT id FROM nodes WHERE parent IS NULL UNION ALL SELECT n.id FROM nodes n JOIN tree ON n.parent = tree.id) SELECT * FROM tree",
  "MERGE INTO stock s USING deliveries d ON s.item = d.item WHEN MATCHED THEN UPDATE SET qty = s.qty + d.qty WHEN NOT MATCHED THEN INSERT VALUES (d.item, d.qty)",
  "CREATE TABLE IF NOT EXISTS {{tables.audit.events}} (id bigserial PRIMARY KEY, user_id int REFERENCES {{tables.users}}(id), at timestamptz DEFAULT now())",
  "CREATE INDEX CONCURRENTLY IF NOT EXISTS events_at ON {{tables.events}} USING brin (at)",
  "CREATE TRIGGER touch BEFORE UPDATE ON {{schema}}.users FOR EACH ROW EXECUTE FUNCTION {{schema}}.touch()",
  "CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN NEW.updated_at := now(); INSERT INTO log SELECT NEW.id; RETURN NEW; END $fn$",
  "DO $$ DECLARE n int; BEGIN SELECT count(*) INTO n FROM users; IF n > 0 THEN PERFORM pg_notify('x', n::text); END IF; END $$",
  "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT a + count(*) FROM t; END",
  "SET LOCAL search_path TO app, public; SELECT set_config('search_path', 'app', true)",
  "COMMENT ON COLUMN users.email IS 'the user''s e-mail'; GRANT SELECT ON users TO reader; DROP TABLE IF EXISTS a, b.c",
  "SELECT 'é✓😀', \"ünï\" FROM \"Users\" WHERE note = E'it\\'s' AND tags @> '{a,b}'",
  "COPY (SELECT * FROM users) TO STDOUT WITH (FORMAT csv); LOCK TABLE users IN SHARE MODE; TRUNCATE users, orders",
  "CREATE TEMP TABLE scratch AS SELECT * FROM users; SELECT * FROM scratch",
];

const pieces = [
  "{{tables.users}}", "<<tables.x>>", "{{schema}}", "{{", "}}", "<<", ">>", "{{tables.", "{{tables.my-table}}", "<<tables.>>",
  "${id}", "${", "'", "''", "\"", "$$", "$a$", "$1", "E'\\", "U&\"", "/*", "*/", "--", "\n", ";", "(", ")", ",", ".", "::",
  "BEGIN", "END", "ATOMIC", "CASE", "SELECT", "FROM", "INTO", "WITH", "AS", "LANGUAGE plpgsql", "DO", "\u0000", "\ud800", "\udc00", "😀", "é",
];

type Mutation =
  | { kind: "insert"; at: number; text: string }
  | { kind: "delete"; at: number; length: number }
  | { kind: "replace"; at: number; length: number; text: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 3, unit: "binary" })) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant("replace" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 6 }), text: fc.oneof(fc.constantFrom(...pieces), fc.string({ minLength: 1, maxLength: 1, unit: "binary" })) }),
);

/** Applies the mutations and keeps `${…}` splices as holes, the way callers pass them. */
function mutate(seed: string, mutations: readonly Mutation[]): string {
  let text = seed;
  for (const change of mutations) {
    const at = change.at % (text.length + 1);
    if (change.kind === "insert") text = text.slice(0, at) + change.text + text.slice(at);
    else if (change.kind === "delete") text = text.slice(0, at) + text.slice(at + change.length);
    else text = text.slice(0, at) + change.text + text.slice(at + change.length);
  }
  return text;
}

function holesIn(sql: string, extra: readonly Span[]): Span[] {
  return [...[...sql.matchAll(/\$\{[^}]*\}/g)].map((match) => ({ start: match.index, end: match.index + match[0].length })), ...extra];
}

/** Runs everything the engine offers on one text; returns what is wrong. */
function check(sql: string, holes: Span[]): string[] {
  const analysis = analyzeSql(sql, { holes, ignoreTables: ["ignored"] });
  const problems = spanProblems(sql, analysis);
  if (analysis.errors.some((error) => error.message.startsWith("internal error"))) problems.push(`internal error: ${analysis.errors[0]!.message}`);
  if (analysis.holes.length > holes.length) problems.push("more holes out than in");
  const edits = analysis.relations.filter((ref) => ref.kind === "bare" || ref.kind === "qualified").flatMap((ref) => templateEdit(ref, "braces", { keepSchema: true }) ?? []);
  applyEdits(sql, edits);
  const templates = readTemplates(sql);
  problems.push(...spanProblems(sql, { ...analysis, templates: templates.tokens, templateProblems: templates.problems }));
  looksLikeSql(sql);
  return problems;
}

const span = fc.record({ start: fc.integer({ min: -5, max: 400 }), end: fc.integer({ min: -5, max: 400 }) });

beforeAll(async () => {
  await loadSqlParser();
});

describe("fuzz", () => {
  it("survives 10,000 mutated statements", () => {
    let runs = 0;
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.array(span, { maxLength: 2 }), (seed, mutations, extra) => {
        runs++;
        const sql = mutate(seed, mutations);
        expect(check(sql, holesIn(sql, extra))).toEqual([]);
      }),
      { numRuns: 10_000, seed: 20240601 },
    );
    expect(runs).toBe(10_000);
  });

  it("survives 3,000 random strings", () => {
    let runs = 0;
    const text = fc.oneof(
      fc.string({ maxLength: 200, unit: "binary" }),
      fc.string({ maxLength: 200, unit: fc.constantFrom(..."SELECT FROM users;'\"$(){}<>.,\n-*/\\u&E0123".split("")) }),
      fc.array(fc.constantFrom(...pieces, " ", "users", "x"), { maxLength: 40 }).map((parts) => parts.join("")),
    );
    fc.assert(
      fc.property(text, fc.array(span, { maxLength: 3 }), (sql, extra) => {
        runs++;
        expect(check(sql, holesIn(sql, extra))).toEqual([]);
      }),
      { numRuns: 3_000, seed: 42 },
    );
    expect(runs).toBe(3_000);
  });
});
