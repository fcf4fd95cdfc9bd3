// The peer corpus: repositories whose every query is a `sql` tagged template handed to a query
// method, the one shape all three plugins read (this plugin, eslint-plugin-sql's `format` and
// `no-unsafe-query`, @ts-safeql's `check-sql` with a `sql` tag target). Every statement is valid
// against the scratch database (bare table names of the `public` schema, typed parameters), so
// check-sql does its full work (prepare on the server, infer the row type) instead of stopping at a
// syntax error; for this plugin every table name is a finding (`no-bare-table-name`).
// Deterministic: the same seed writes the same files.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { COLUMNS, TABLES, pick, random, repositoryModule, writeCorpus } from "../corpus-files.mjs";

export { COLUMNS, TABLES };

/** One method body; `tag` makes every statement's text unique in the corpus, so no cache answers it for free. */
function body(next, tag, index) {
  const table = pick(next, TABLES);
  const other = pick(next, TABLES);
  const column = pick(next, COLUMNS);
  switch (index % 6) {
    case 0:
      return `    return this.db.fetchOne(sql\`SELECT id, ${column} AS c${tag} FROM ${table} WHERE id = \${id}\`);`;
    case 1:
      return [
        `    return this.db.fetchAll(sql\``,
        `      SELECT t.${column}, o.id AS o${tag}`,
        `      FROM ${table} t`,
        `      JOIN ${other} o ON o.user_id = t.id`,
        `      WHERE t.created_at > \${since}`,
        `      ORDER BY t.id`,
        `      LIMIT \${limit}`,
        `    \`);`,
      ].join("\n");
    case 2:
      return [
        `    return this.db.executeAndReturnId(sql\``,
        `      INSERT INTO ${table} (id, email, status, note)`,
        `      VALUES (\${id}, \${note}, 'new', 'q${tag}')`,
        `      RETURNING id`,
        `    \`);`,
      ].join("\n");
    case 3:
      return `    return this.db.execute(sql\`UPDATE ${table} SET note = \${note}, updated_at = now() WHERE id = \${id} AND status <> 's${tag}'\`);`;
    case 4:
      return [
        `    return this.db.transaction(async (tx) => {`,
        `      await tx.execute(sql\`DELETE FROM ${table} WHERE user_id = \${id} AND id <> ${index}\`);`,
        `      return tx.fetchValue(sql\``,
        `        WITH recent AS (SELECT * FROM ${other} WHERE id > \${id})`,
        `        SELECT count(*) AS n${tag} FROM recent`,
        `      \`);`,
        `    });`,
      ].join("\n");
    default:
      return [
        `    return this.db.fetchAll(sql\``,
        `      SELECT status, count(*) AS n, max(created_at) AS last${tag}`,
        `      FROM ${table}`,
        `      WHERE user_id = \${id}`,
        `      GROUP BY status`,
        `    \`);`,
      ].join("\n");
  }
}

function file(next, fileIndex, queries) {
  const methods = [];
  for (let index = 0; index < queries; index += 1) {
    methods.push(
      `  async q${index}(id: number, limit = 10, since = new Date(), note = "n"): Promise<unknown> {\n${body(next, `${fileIndex}_${index}`, index)}\n  }`,
    );
  }
  return repositoryModule({ className: `TaggedRepository${fileIndex}`, methods });
}

/**
 * Writes `files` files of `queries` queries under `directory/src` (the directory is emptied first),
 * the `sql` tag they import, and a tsconfig.json for type-aware linting; returns the directory.
 */
export function generateTaggedCorpus(directory, { files = 250, queries = 20, seed = 20_240_607 } = {}) {
  const next = random(seed);
  writeCorpus(directory, {
    files,
    fileName: (index) => `tagged-${index}.ts`,
    fileText: (index) => file(next, index, queries),
    sqlTag: "export const sql = (parts: TemplateStringsArray, ...values: unknown[]): string => parts.join('?') + values.length;\n",
  });
  writeCorpusTsconfig(directory);
  return directory;
}

/** A tsconfig.json that type-aware linting (typescript-eslint's project service) picks up for the corpus. */
export function writeCorpusTsconfig(directory) {
  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      types: [],
    },
    include: ["src/**/*.ts", "sql-tag.ts"],
  };
  writeFileSync(join(directory, "tsconfig.json"), `${JSON.stringify(tsconfig, null, 2)}\n`);
}
