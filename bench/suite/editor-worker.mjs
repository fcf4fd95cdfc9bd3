// Editor latency: what the plugin adds to one lint of one file in a long-lived ESLint process (an
// editor's ESLint server), read from ESLint's own rule timing (`stats: true`).
//   node bench/suite/editor-worker.mjs '{"dir":"…","files":60,"edits":80,"config":"recommended","seed":0}'
// The file: 500 lines with 40 queries — the lint bench's generated repository (40 queries of
// every shape: strings, templates, `const` SQL, `sql` tags, concatenation) followed by the non-SQL
// code a repository file also holds (row types, mappers, validation).
// Two scenarios, after a warm-up of three files (module load, WASM, JIT — paid once per editor):
//   open:      a file the process has not seen: its statements are new to the SQL parse cache (but
//              for a few `DELETE`s the generator repeats across files);
//   keystroke: the same file again with one statement edited: one statement is new.
// Prints one JSON line: { open: [{ pluginMs, parseMs, rulesMs, problems, byRule }], keystroke: […], lines, queries }.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ESLint } from "eslint";
import { generateCorpus } from "../lint/generate.mjs";
import { variantConfig } from "./configs.mjs";

const LINES = 500;
const QUERIES = 40;
const WARM_UP = 3;

const spec = JSON.parse(process.argv[2] ?? "{}");
const dir = resolve(spec.dir);
const files = spec.files ?? 100;
const edits = spec.edits ?? 100;

/** The non-SQL half of a repository file: types, mappers and checks, numbered so no two files are alike. */
function supportCode(fileIndex, lines) {
  const out = [];
  for (let block = 0; out.length < lines; block += 1) {
    const name = `Row${fileIndex}_${block}`;
    out.push(
      ``,
      `export interface ${name} {`,
      `  id: number;`,
      `  email: string | null;`,
      `  status: "new" | "paid" | "void";`,
      `  total: string;`,
      `  createdAt: Date;`,
      `}`,
      ``,
      `export function to${name}(row: Record<string, unknown>): ${name} {`,
      `  const status = String(row.status ?? "new");`,
      `  if (status !== "new" && status !== "paid" && status !== "void") {`,
      `    throw new TypeError(\`unexpected status \${status} in ${name}\`);`,
      `  }`,
      `  return {`,
      `    id: Number(row.id),`,
      `    email: typeof row.email === "string" ? row.email.toLowerCase() : null,`,
      `    status,`,
      `    total: Number(row.total ?? 0).toFixed(2),`,
      `    createdAt: row.created_at instanceof Date ? row.created_at : new Date(String(row.created_at)),`,
      `  };`,
      `}`,
      ``,
      `export function summarize${name}(rows: readonly ${name}[]): Map<string, number> {`,
      `  const totals = new Map<string, number>();`,
      `  for (const row of rows) totals.set(row.status, (totals.get(row.status) ?? 0) + Number(row.total));`,
      `  return totals;`,
      `}`,
    );
  }
  return out.slice(0, lines);
}

/** The editor file `index`: the generated repository padded with support code to exactly 500 lines. */
function editorFile(index) {
  const repository = readFileSync(join(dir, "src", `repository-${index}.ts`), "utf8").trimEnd().split("\n");
  return [...repository, ...supportCode(index, LINES - repository.length)].join("\n") + "\n";
}

/** One lint of `text` as an editor asks for it; the plugin's time (create + listeners of its rules) and the parser's. */
async function lintOnce(eslint, text, filePath) {
  const [result] = await eslint.lintText(text, { filePath });
  if (result.fatalErrorCount > 0) throw new Error(`${filePath}: ${result.messages[0]?.message}`);
  let pluginMs = 0;
  let rulesMs = 0;
  let parseMs = 0;
  const byRule = {};
  for (const pass of result.stats.times.passes) {
    parseMs += pass.parse?.total ?? 0;
    for (const [ruleId, time] of Object.entries(pass.rules ?? {})) {
      rulesMs += time.total;
      if (!ruleId.startsWith("pgdbm/")) continue;
      pluginMs += time.total;
      byRule[ruleId.slice("pgdbm/".length)] = Math.round(time.total * 100) / 100;
    }
  }
  return { pluginMs, parseMs, rulesMs, problems: result.messages.length, byRule };
}

generateCorpus(dir, { files: WARM_UP + files, queries: QUERIES, seed: 20_240_615 + (spec.seed ?? 0) });
const eslint = new ESLint({
  cwd: dir,
  overrideConfigFile: true,
  overrideConfig: await variantConfig({ setup: "syntactic", variant: spec.config ?? "recommended", corpus: dir }),
  cache: false,
  stats: true,
});

for (let index = 0; index < WARM_UP; index += 1) await lintOnce(eslint, editorFile(index), join(dir, "src", `warm-${index}.ts`));

const open = [];
for (let index = WARM_UP; index < WARM_UP + files; index += 1) {
  open.push(await lintOnce(eslint, editorFile(index), join(dir, "src", `open-${index}.ts`)));
}

// Keystrokes on the last opened file: each lint edits one statement (its alias or comment tag),
// in turn through all 40, as someone typing in one query after another would.
const last = WARM_UP + files - 1;
let text = editorFile(last);
const keystroke = [];
for (let edit = 0; edit < edits; edit += 1) {
  const tag = `${last}_${edit % QUERIES}`;
  const pattern = new RegExp(`([con]|/\\* |-- )${tag}((?:k\\d+)*)(?![\\d_])`);
  if (!pattern.test(text)) throw new Error(`no statement tagged ${tag} in the editor file`);
  text = text.replace(pattern, `$1${tag}$2k${edit}`);
  keystroke.push(await lintOnce(eslint, text, join(dir, "src", `open-${last}.ts`)));
}

const lines = editorFile(last).split("\n").length - 1;
console.log(JSON.stringify({ lines, queries: QUERIES, open, keystroke }));
