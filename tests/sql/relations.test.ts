import { beforeAll, describe, expect, it } from "vitest";
import { analyzeSql, loadSqlParser } from "../../sql/index.js";
import { relations } from "./helpers.js";

beforeAll(async () => {
  await loadSqlParser();
});

describe("DML", () => {
  it("reads SELECT with joins, subqueries and aliases", () => {
    const sql = "SELECT u.id, (SELECT count(*) FROM orders o WHERE o.user_id = u.id) FROM users u JOIN profiles AS p ON p.id = u.id LEFT JOIN app.teams t USING (team_id) WHERE u.id IN (SELECT user_id FROM bans)";
    expect(relations(sql)).toEqual(["bare orders", "bare users", "bare profiles", "qualified app.teams", "bare bans"]);
  });

  it("reads INSERT, INSERT … SELECT and ON CONFLICT", () => {
    expect(relations("INSERT INTO users (id, email) VALUES ($1, $2) ON CONFLICT (email) DO UPDATE SET id = excluded.id RETURNING id")).toEqual([
      "bare users",
    ]);
    expect(relations("INSERT INTO archive SELECT * FROM events WHERE at < now()")).toEqual(["bare archive", "bare events"]);
  });

  it("reads UPDATE … FROM and DELETE … USING", () => {
    expect(relations("UPDATE accounts a SET balance = t.total FROM totals t WHERE a.id = t.id")).toEqual(["bare accounts", "bare totals"]);
    expect(relations("DELETE FROM sessions s USING users u WHERE s.user_id = u.id AND u.banned")).toEqual(["bare sessions", "bare users"]);
  });

  it("reads MERGE target and source", () => {
    const sql = "MERGE INTO stock s USING deliveries d ON s.item = d.item WHEN MATCHED THEN UPDATE SET qty = s.qty + d.qty WHEN NOT MATCHED THEN INSERT VALUES (d.item, d.qty)";
    expect(relations(sql)).toEqual(["bare stock", "bare deliveries"]);
  });

  it("labels each relation with its statement's node type", () => {
    const sql = "INSERT INTO a SELECT 1; UPDATE b SET x = 1; DELETE FROM c; MERGE INTO d USING e ON true WHEN MATCHED THEN DELETE";
    expect(analyzeSql(sql).relations.map((ref) => `${ref.name}:${ref.statement}`)).toEqual([
      "a:InsertStmt", "b:UpdateStmt", "c:DeleteStmt", "d:MergeStmt", "e:MergeStmt",
    ]);
  });
});

describe("names as written", () => {
  it("gives the span of the whole name and of its parts, quoted or not", () => {
    const sql = 'SELECT * FROM "myschema".users, app."Orders", "Users", app . items';
    const [first, second, third, fourth] = analyzeSql(sql).relations;
    expect(first).toMatchObject({ kind: "qualified", name: "users", schema: "myschema" });
    expect(sql.slice(first!.start, first!.end)).toBe('"myschema".users');
    expect(sql.slice(first!.schemaSpan!.start, first!.schemaSpan!.end)).toBe('"myschema"');
    expect(sql.slice(first!.nameSpan.start, first!.nameSpan.end)).toBe("users");
    expect(second).toMatchObject({ kind: "qualified", name: "Orders", schema: "app" });
    expect(third).toMatchObject({ kind: "bare", name: "Users" });
    expect(third!.schemaSpan).toBeUndefined();
    expect(sql.slice(third!.start, third!.end)).toBe('"Users"');
    expect(sql.slice(fourth!.start, fourth!.end)).toBe("app . items");
  });

  it("folds unquoted names to lower case and keeps quoted ones", () => {
    expect(analyzeSql('SELECT * FROM USERS, "USERS", MySchema.Users').relations.map((ref) => [ref.schema, ref.name])).toEqual([
      [undefined, "users"], [undefined, "USERS"], ["myschema", "users"],
    ]);
  });

  it("maps offsets past non-ASCII text to string indices", () => {
    const sql = "SELECT 'é✓😀', \"ünï\" FROM users /* ß */ JOIN \"tëst\".\"😀\" ON true";
    const refs = analyzeSql(sql).relations;
    expect(refs.map((ref) => sql.slice(ref.start, ref.end))).toEqual(["users", '"tëst"."😀"']);
    expect(refs[1]).toMatchObject({ name: "😀", schema: "tëst", kind: "qualified" });
  });

  it("reads a three-part name as catalog.schema.table", () => {
    const [ref] = analyzeSql("SELECT * FROM db.app.users").relations;
    expect(ref).toMatchObject({ kind: "qualified", schema: "app", name: "users" });
    expect(ref!.start).toBe(14);
    expect(ref!.end).toBe(26);
  });
});

describe("near-misses that are not table references", () => {
  it("skips functions, columns, aliases and types", () => {
    const sql = "SELECT lower(u.name)::citext AS users, now() FROM generate_series(1, 3) AS orders(n), unnest($1::int[]) profiles, users_fn() WHERE status::mood = 'ok'";
    expect(relations(sql)).toEqual([]);
  });

  it("skips FOR UPDATE OF, which names a FROM item", () => {
    expect(relations("SELECT * FROM jobs j WHERE j.state = 'new' FOR UPDATE OF j SKIP LOCKED")).toEqual(["bare jobs"]);
  });

  it("classifies system catalogs and allowed schemas", () => {
    const sql = "SELECT * FROM pg_class, pg_catalog.pg_namespace, information_schema.columns, pg_temp.scratch, ext.thing";
    expect(relations(sql)).toEqual([
      "catalog pg_class", "catalog pg_catalog.pg_namespace", "catalog information_schema.columns", "catalog pg_temp.scratch", "qualified ext.thing",
    ]);
    expect(relations(sql, { allowedSchemas: ["ext"] })).toEqual([
      "catalog pg_class", "catalog pg_catalog.pg_namespace", "qualified information_schema.columns", "catalog pg_temp.scratch", "catalog ext.thing",
    ]);
  });

  it("honours ignoreTables case-insensitively on the unqualified name", () => {
    expect(relations("SELECT * FROM schema_migrations, app.Schema_Migrations, users", { ignoreTables: ["SCHEMA_MIGRATIONS"] })).toEqual([
      "ignored schema_migrations", "ignored app.Schema_Migrations", "bare users",
    ]);
  });

  it("knows temporary tables created in the same text", () => {
    const sql = "CREATE TEMP TABLE staging (id int); CREATE TEMPORARY TABLE t2 AS SELECT * FROM src; SELECT 1 INTO TEMP t3; INSERT INTO users SELECT * FROM staging JOIN t2 ON true JOIN t3 ON true";
    expect(relations(sql)).toEqual(["temporary staging", "temporary t2", "bare src", "temporary t3", "bare users", "temporary staging", "temporary t2", "temporary t3"]);
  });

  it("reads trigger transition tables like temporary tables", () => {
    const sql = "CREATE TRIGGER audit AFTER UPDATE ON accounts REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_rows();\n" +
      "CREATE FUNCTION audit_rows() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO audit SELECT * FROM new_rows JOIN old_rows USING (id); RETURN NULL; END $$";
    expect(relations(sql)).toEqual(["bare accounts", "bare audit", "temporary new_rows", "temporary old_rows"]);
  });

  it("treats SELECT … INTO outside PL/pgSQL as a new table", () => {
    expect(relations("SELECT * INTO backup FROM users")).toEqual(["bare backup", "bare users"]);
  });
});

describe("CTE scope", () => {
  it("classifies a WITH name only inside its statement", () => {
    const sql = "WITH recent AS (SELECT * FROM orders) SELECT * FROM recent; SELECT * FROM recent";
    expect(relations(sql)).toEqual(["bare orders", "cte recent", "bare recent"]);
  });

  it("lets a non-recursive CTE read the table it shadows", () => {
    expect(relations("WITH users AS (SELECT * FROM users WHERE active) SELECT * FROM users")).toEqual(["bare users", "cte users"]);
  });

  it("lets a recursive CTE see itself and siblings see earlier siblings", () => {
    const sql = "WITH RECURSIVE tree AS (SELECT id FROM nodes WHERE parent IS NULL UNION ALL SELECT n.id FROM nodes n JOIN tree t ON n.parent = t.id), leaves AS (SELECT * FROM tree) SELECT * FROM leaves";
    expect(relations(sql)).toEqual(["bare nodes", "bare nodes", "cte tree", "cte tree", "cte leaves"]);
    expect(relations("WITH a AS (SELECT * FROM b), b AS (SELECT 1) SELECT * FROM a")).toEqual(["bare b", "cte a"]);
  });

  it("scopes a nested WITH to its subquery", () => {
    const sql = "SELECT * FROM (WITH inner_q AS (SELECT 1) SELECT * FROM inner_q) s, inner_q";
    expect(relations(sql)).toEqual(["cte inner_q", "bare inner_q"]);
  });

  it("never takes the target of INSERT/UPDATE/DELETE for a CTE", () => {
    const sql = "WITH users AS (SELECT 1 AS id) INSERT INTO users SELECT * FROM users";
    expect(relations(sql)).toEqual(["bare users", "cte users"]);
    expect(relations("WITH d AS (SELECT 1) DELETE FROM d USING d x")).toEqual(["bare d", "cte d"]);
  });

  it("resolves CTEs inside data-modifying WITH and in INSERT … SELECT", () => {
    const sql = "WITH moved AS (DELETE FROM inbox RETURNING *) INSERT INTO archive SELECT * FROM moved";
    expect(relations(sql)).toEqual(["bare inbox", "bare archive", "cte moved"]);
  });
});

describe("DDL", () => {
  it("reads CREATE/ALTER/DROP TABLE, REFERENCES, LIKE and INHERITS", () => {
    const sql = [
      "CREATE TABLE IF NOT EXISTS orders (id int PRIMARY KEY, user_id int REFERENCES users(id), LIKE templates INCLUDING ALL) INHERITS (base)",
      "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (team) REFERENCES app.teams (id)",
      "ALTER TABLE orders RENAME TO purchases",
      "ALTER TABLE app.purchases RENAME COLUMN a TO b",
      "DROP TABLE IF EXISTS purchases, app.old CASCADE",
    ].join(";\n");
    expect(relations(sql)).toEqual([
      "bare orders", "bare users", "bare templates", "bare base",
      "bare orders", "qualified app.teams",
      "bare orders",
      "qualified app.purchases",
      "bare purchases", "qualified app.old",
    ]);
  });

  it("reads indexes, views and materialized views", () => {
    const sql = [
      "CREATE UNIQUE INDEX CONCURRENTLY users_email ON users (lower(email))",
      "CREATE INDEX ON ONLY events USING brin (at)",
      "DROP INDEX CONCURRENTLY IF EXISTS users_email",
      "ALTER INDEX app.users_email RENAME TO users_mail",
      "CREATE OR REPLACE VIEW active_users AS SELECT * FROM users WHERE active",
      "CREATE MATERIALIZED VIEW stats AS SELECT count(*) FROM events",
      "REFRESH MATERIALIZED VIEW CONCURRENTLY stats",
      "DROP VIEW active_users",
    ].join(";\n");
    expect(relations(sql)).toEqual([
      "bare users", "bare events", "bare users_email", "qualified app.users_email", "bare active_users", "bare users", "bare stats", "bare events", "bare stats", "bare active_users",
    ]);
  });

  it("reads triggers: the table is a relation, the function is not", () => {
    const sql = "CREATE TRIGGER audit AFTER INSERT OR UPDATE ON accounts FOR EACH ROW WHEN (NEW.id > 0) EXECUTE FUNCTION audit_row(); DROP TRIGGER audit ON app.accounts";
    const refs = analyzeSql(sql).relations;
    expect(refs.map((ref) => `${ref.kind} ${sql.slice(ref.start, ref.end)} ${ref.statement}`)).toEqual([
      "bare accounts CreateTrigStmt", "qualified app.accounts DropStmt",
    ]);
  });

  it("reads policies, sequences, grants, comments, truncate, copy and lock", () => {
    const sql = [
      "CREATE POLICY own ON documents USING (owner = current_user AND EXISTS (SELECT 1 FROM shares WHERE doc = id))",
      "CREATE SEQUENCE invoice_no OWNED BY invoices.no",
      "ALTER SEQUENCE app.invoice_no RESTART",
      "GRANT SELECT, UPDATE ON TABLE documents, app.shares TO reader",
      "REVOKE ALL ON invoices FROM reader",
      "COMMENT ON TABLE documents IS 'x'",
      "COMMENT ON COLUMN app.documents.title IS 'y'",
      "SECURITY LABEL ON TABLE documents IS 'secret'",
      "TRUNCATE TABLE ONLY documents, shares RESTART IDENTITY",
      "COPY documents (id, title) FROM STDIN WITH (FORMAT csv)",
      "COPY (SELECT * FROM shares) TO STDOUT",
      "LOCK TABLE invoices IN ACCESS EXCLUSIVE MODE",
    ].join(";\n");
    expect(relations(sql)).toEqual([
      "bare documents", "bare shares",
      "bare invoice_no", "bare invoices",
      "qualified app.invoice_no",
      "bare documents", "qualified app.shares",
      "bare invoices",
      "bare documents",
      "qualified app.documents",
      "bare documents",
      "bare documents", "bare shares",
      "bare documents",
      "bare shares",
      "bare invoices",
    ]);
  });

  it("does not take GRANT on functions or schemas for tables", () => {
    expect(relations("GRANT EXECUTE ON FUNCTION f(int) TO x; GRANT USAGE ON SCHEMA app TO x; GRANT ALL ON ALL TABLES IN SCHEMA app TO x")).toEqual([]);
  });
});

describe("function bodies", () => {
  it("reads the SQL of a PL/pgSQL function with spans in the outer text", () => {
    const sql = `CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  total int := (SELECT count(*) FROM counters);
  cur CURSOR FOR SELECT * FROM queue;
BEGIN
  IF EXISTS (SELECT 1 FROM flags WHERE name = 'x') THEN
    INSERT INTO audit.log (id) VALUES (NEW.id) RETURNING id INTO total;
  ELSIF total > 1 THEN
    PERFORM notify_all((SELECT max(id) FROM watchers));
  END IF;
  SELECT a INTO STRICT total FROM settings WHERE k = CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE 2 END;
  FOR r IN SELECT * FROM items LOOP
    UPDATE items SET seen = true FROM seen_items s WHERE s.id = r.id;
  END LOOP;
  total := (SELECT min(id) FROM mins);
  RETURN QUERY SELECT * FROM results;
  RETURN NEW;
END
$fn$`;
    const refs = analyzeSql(sql).relations;
    expect(refs.map((ref) => `${ref.kind} ${sql.slice(ref.start, ref.end)}`)).toEqual([
      "bare counters", "bare queue", "bare flags", "qualified audit.log", "bare watchers", "bare settings", "bare items", "bare items", "bare seen_items", "bare mins", "bare results",
    ]);
    expect(new Set(refs.map((ref) => ref.statement))).toEqual(new Set(["plpgsql"]));
  });

  it("reads DO blocks, nested blocks and single-quoted bodies", () => {
    const sql = "DO $$ <<outer_block>> DECLARE n int; BEGIN BEGIN DELETE FROM old_rows; EXCEPTION WHEN others THEN NULL; END; END $$;\n" +
      "CREATE FUNCTION f() RETURNS void AS 'BEGIN INSERT INTO logs VALUES (''it''''s''); UPDATE \"Quoted\" SET a = ''b''; END' LANGUAGE plpgsql";
    const refs = analyzeSql(sql).relations;
    expect(refs.map((ref) => `${ref.kind} ${sql.slice(ref.start, ref.end)}`)).toEqual(["bare old_rows", "bare logs", 'bare "Quoted"']);
    expect(refs[2]!.name).toBe("Quoted");
  });

  it("reads SQL-language bodies, quoted or SQL-standard", () => {
    const sql = "CREATE FUNCTION a() RETURNS int LANGUAGE sql AS $$ SELECT count(*) FROM users; DELETE FROM tokens $$;\n" +
      "CREATE FUNCTION b() RETURNS int LANGUAGE sql RETURN (SELECT count(*) FROM orders);\n" +
      "CREATE PROCEDURE c() LANGUAGE sql BEGIN ATOMIC INSERT INTO logs VALUES (1); SELECT 1 FROM teams; END";
    expect(analyzeSql(sql).relations.map((ref) => `${sql.slice(ref.start, ref.end)} ${ref.statement}`)).toEqual([
      "users SelectStmt", "tokens DeleteStmt", "orders ReturnStmt", "logs InsertStmt", "teams SelectStmt",
    ]);
    expect(analyzeSql(sql).statements).toHaveLength(3);
  });

  it("does not read C-language bodies or dynamic SQL", () => {
    expect(relations("CREATE FUNCTION f() RETURNS int AS 'users', 'orders' LANGUAGE c")).toEqual([]);
    expect(relations("DO $$ BEGIN EXECUTE 'DELETE FROM ' || quote_ident(t); END $$")).toEqual([]);
  });

  it("classifies templates and temp tables inside bodies", () => {
    const sql = "DO $$ BEGIN CREATE TEMP TABLE scratch (id int); INSERT INTO scratch SELECT id FROM {{tables.users}}; END $$";
    expect(relations(sql)).toEqual(["temporary scratch", "temporary scratch", "templated {{tables.users}}"]);
  });
});
