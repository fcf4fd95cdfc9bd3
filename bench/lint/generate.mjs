// Generates a TypeScript corpus of data-access code for the lint benchmark: string literals,
// templates with `${}` values, module-level `const` SQL, `sql` tagged templates, mostly written
// through `{{tables.…}}` templates with a few bare names, as a service's repositories look.
import { COLUMNS, TABLES, pick, random, repositoryModule, writeCorpus } from "../corpus-files.mjs";

/** A small deterministic PRNG (mulberry32), so every run lints the same corpus. */
/** One query method call (and any constant it needs), in one of the shapes real code uses. */
function query(next, file, index, constants) {
  const table = pick(next, TABLES);
  const other = pick(next, TABLES);
  const column = pick(next, COLUMNS);
  const ref = (name) => (next() < 0.9 ? `{{tables.${name}}}` : name);
  const tag = `${file}_${index}`;
  switch (index % 6) {
    case 0:
      return `    return this.db.fetchOne("SELECT id, ${column} AS c${tag} FROM ${ref(table)} WHERE id = $1", id);`;
    case 1:
      return [
        `    return this.db.fetchAll(\`SELECT t.${column}, o.id AS o${tag}`,
        `      FROM ${ref(table)} t`,
        `      JOIN ${ref(other)} o ON o.user_id = t.id`,
        `      WHERE t.created_at > $1`,
        `      ORDER BY t.id LIMIT \${limit}\`, since);`,
      ].join("\n");
    case 2: {
      const name = `Q_${tag.toUpperCase()}`;
      constants.push(`const ${name} = 'INSERT INTO ${ref(table)} (${column}, note) VALUES ($1, $2) RETURNING id /* ${tag} */';`);
      return `    return this.db.executeAndReturnId(${name}, id, "n");`;
    }
    case 3:
      return `    return this.db.execute(sql\`UPDATE ${ref(table)} SET ${column} = \${id}, updated_at = now() WHERE id = \${id} -- ${tag}\`);`;
    case 4:
      return [
        `    return this.db.transaction(async (tx) => {`,
        `      await tx.execute("DELETE FROM ${ref(table)} WHERE user_id = $1 AND id <> ${index}", id);`,
        `      return tx.fetchValue(\`WITH recent AS (SELECT * FROM ${ref(other)} WHERE id > \${id}) SELECT count(*) AS n${tag} FROM recent\`);`,
        `    });`,
      ].join("\n");
    default:
      return `    return this.db?.fetchValue('SELECT ${column} FROM ' + '${ref(table)}' + ' WHERE id = $1 /* ${tag} */', id);`;
  }
}

function file(next, fileIndex, queries) {
  const constants = [];
  const methods = [];
  for (let index = 0; index < queries; index += 1) {
    const body = query(next, fileIndex, index, constants);
    methods.push(`  async q${index}(id: number, limit = 10, since = new Date()): Promise<unknown> {\n${body}\n  }`);
  }
  return repositoryModule({ className: `Repository${fileIndex}`, constants, methods });
}

/** Writes `files` files of `queries` queries each under `directory` (emptied first); returns the directory. */
export function generateCorpus(directory, { files = 500, queries = 20, seed = 20_240_601 } = {}) {
  const next = random(seed);
  return writeCorpus(directory, {
    files,
    fileName: (index) => `repository-${index}.ts`,
    fileText: (index) => file(next, index, queries),
    sqlTag: "export const sql = (parts: TemplateStringsArray, ...values: unknown[]): string => parts.join('?');\n",
  });
}
