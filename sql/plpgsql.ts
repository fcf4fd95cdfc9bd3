// The SQL inside a PL/pgSQL body, found on tokens so that every piece keeps its exact place in the
// body. `parsePlPgSQLSync` returns the embedded queries as rewritten text (PERFORM becomes SELECT,
// INTO targets are cut out) with line numbers only, which cannot be mapped back to columns; here each
// piece is cut out of the body itself and then parsed by the core grammar.
import { isPunct, word, type Token } from "./lexer.js";
import { readQualifiedName } from "./names.js";
import type { Span } from "./types.js";

export interface PlpgsqlPiece extends Span {
  /**
   * sql: a statement of its own (`INSERT …`, `PERFORM …` written as SELECT, `RETURN QUERY …`, the
   * query of `FOR … IN query LOOP`); expr: an expression, parsed as `SELECT <expr>`.
   */
  kind: "sql" | "expr";
  /** ranges to blank before parsing: the `INTO target` of SELECT … INTO and RETURNING … INTO */
  blanks: Span[];
  /** PERFORM written where SELECT stands (both have 7 characters) */
  perform?: number;
}

/** Words that start a plain SQL statement inside a PL/pgSQL block. */
const sqlStatementStarts: ReadonlySet<string> = new Set([
  "select", "insert", "update", "delete", "with", "merge", "values", "table", "create", "alter", "drop",
  "truncate", "grant", "revoke", "comment", "lock", "set", "reset", "analyze", "analyse", "vacuum", "call",
  "notify", "listen", "unlisten", "refresh", "cluster", "reindex", "security", "discard", "import", "explain",
  "commit", "rollback", "savepoint", "release", "do",
]);

export function plpgsqlPieces(text: string, tokens: readonly Token[]): PlpgsqlPiece[] {
  const pieces: PlpgsqlPiece[] = [];
  const n = tokens.length;
  const w = (k: number): string => word(text, tokens[k]);
  const is = (k: number, punct: string): boolean => isPunct(text, tokens[k], punct);

  /** First index >= from at paren depth 0 that is `;` or one of `stops` (outside CASE … END). */
  const findStop = (from: number, stops: ReadonlySet<string> = new Set()): number => {
    let depth = 0;
    let caseDepth = 0;
    for (let k = from; k < n; k++) {
      if (is(k, "(") || is(k, "[")) depth++;
      else if (is(k, ")") || is(k, "]")) depth = Math.max(0, depth - 1);
      else if (depth === 0 && is(k, ";")) return k;
      else if (depth === 0) {
        const current = w(k);
        if (current === "case") caseDepth++;
        else if (current === "end" && caseDepth > 0) caseDepth--;
        else if (caseDepth === 0 && stops.has(current)) return k;
      }
    }
    return n;
  };
  const findWord = (from: number, to: number, wanted: ReadonlySet<string>): number => {
    let depth = 0;
    for (let k = from; k < to; k++) {
      if (is(k, "(") || is(k, "[")) depth++;
      else if (is(k, ")") || is(k, "]")) depth = Math.max(0, depth - 1);
      else if (depth === 0 && (wanted.has(w(k)) || wanted.has(text.slice(tokens[k]!.start, tokens[k]!.end)))) return k;
    }
    return -1;
  };
  const pushExpr = (from: number, to: number): void => {
    if (from < to && to <= n) pieces.push({ kind: "expr", start: tokens[from]!.start, end: tokens[to - 1]!.end, blanks: [] });
  };
  const pushSql = (from: number, to: number, perform?: number): void => {
    if (from >= to || to > n) return;
    const piece: PlpgsqlPiece = {
      kind: "sql",
      start: tokens[from]!.start,
      end: tokens[to - 1]!.end,
      blanks: intoTargets(text, tokens, from, to),
    };
    if (perform !== undefined) piece.perform = perform;
    pieces.push(piece);
  };

  const then = new Set(["then"]);
  const loop = new Set(["loop"]);
  let inDeclare = false;
  let i = 0;
  while (i < n) {
    if (is(i, ";")) {
      i++;
      continue;
    }
    if (is(i, "<<")) {
      // <<label>>
      const close = findWord(i + 1, Math.min(n, i + 4), new Set([">>"]));
      i = close === -1 ? i + 1 : close + 1;
      continue;
    }
    const current = w(i);
    if (current === "declare") {
      inDeclare = true;
      i++;
      continue;
    }
    if (current === "begin") {
      inDeclare = false;
      i++;
      continue;
    }
    if (inDeclare) {
      const semi = findStop(i);
      const cursor = findWord(i, semi, new Set(["cursor"]));
      if (cursor !== -1) {
        const query = findWord(cursor, semi, new Set(["for", "is"]));
        if (query !== -1) pushSql(query + 1, semi);
      } else {
        const assign = findWord(i, semi, new Set([":=", "=", "default"]));
        if (assign !== -1) pushExpr(assign + 1, semi);
      }
      i = semi + 1;
      continue;
    }
    switch (current) {
      case "exception":
      case "else":
      case "loop":
        i++;
        continue;
      case "end":
        i = findStop(i) + 1;
        continue;
      case "if":
      case "elsif":
      case "elseif":
      case "when": {
        const stop = findStop(i + 1, then);
        pushExpr(i + 1, stop);
        i = stop + 1;
        continue;
      }
      case "while": {
        const stop = findStop(i + 1, loop);
        pushExpr(i + 1, stop);
        i = stop + 1;
        continue;
      }
      case "case": {
        const stop = findStop(i + 1, new Set(["when"]));
        pushExpr(i + 1, stop);
        i = stop;
        continue;
      }
      case "for": {
        const stop = findStop(i + 1, loop);
        const inAt = findWord(i + 1, stop, new Set(["in"]));
        if (inAt !== -1) {
          let start = inAt + 1;
          if (w(start) === "reverse") start++;
          if (sqlStatementStarts.has(w(start)) || is(start, "(")) pushSql(start, stop);
        }
        i = stop + 1;
        continue;
      }
      case "foreach": {
        const stop = findStop(i + 1, loop);
        const array = findWord(i + 1, stop, new Set(["array"]));
        if (array !== -1) pushExpr(array + 1, stop);
        i = stop + 1;
        continue;
      }
      case "return": {
        const semi = findStop(i + 1);
        if (w(i + 1) === "query") {
          if (w(i + 2) !== "execute") pushSql(i + 2, semi);
        } else if (w(i + 1) === "next") {
          pushExpr(i + 2, semi);
        } else {
          pushExpr(i + 1, semi);
        }
        i = semi + 1;
        continue;
      }
      case "perform": {
        const semi = findStop(i + 1);
        pushSql(i, semi, tokens[i]!.start);
        i = semi + 1;
        continue;
      }
      case "open": {
        const semi = findStop(i + 1);
        const forAt = findWord(i + 1, semi, new Set(["for"]));
        if (forAt !== -1 && w(forAt + 1) !== "execute") pushSql(forAt + 1, semi);
        i = semi + 1;
        continue;
      }
      case "exit":
      case "continue": {
        const semi = findStop(i + 1);
        const when = findWord(i + 1, semi, new Set(["when"]));
        if (when !== -1) pushExpr(when + 1, semi);
        i = semi + 1;
        continue;
      }
      case "execute":
      case "raise":
      case "get":
      case "fetch":
      case "move":
      case "close":
      case "null":
      case "assert":
        i = findStop(i + 1) + 1;
        continue;
    }
    const semi = findStop(i);
    if (sqlStatementStarts.has(current) || is(i, "(")) {
      pushSql(i, semi);
    } else {
      const assign = findWord(i, semi, new Set([":=", "="]));
      if (assign !== -1) pushExpr(assign + 1, semi);
    }
    i = semi + 1;
  }
  return pieces;
}

/** `INTO [STRICT] a, b.c` of a PL/pgSQL SELECT or of RETURNING: targets are variables, not tables. */
function intoTargets(text: string, tokens: readonly Token[], from: number, to: number): Span[] {
  const first = word(text, tokens[from]);
  const selectLike = first === "select" || first === "with" || isPunct(text, tokens[from], "(");
  let depth = 0;
  let returning = false;
  for (let k = from; k < to; k++) {
    if (isPunct(text, tokens[k], "(")) depth++;
    else if (isPunct(text, tokens[k], ")")) depth--;
    if (depth !== 0) continue;
    const current = word(text, tokens[k]);
    if (current === "returning") returning = true;
    if (current !== "into") continue;
    const previous = word(text, tokens[k - 1]);
    if (previous === "insert" || previous === "merge") continue;
    if (!selectLike && !returning) continue;
    let next = k + 1;
    if (word(text, tokens[next]) === "strict") next++;
    let name = readQualifiedName(text, tokens, next);
    while (name !== undefined) {
      next = name.next;
      if (!isPunct(text, tokens[next], ",")) break;
      name = readQualifiedName(text, tokens, next + 1);
      if (name === undefined) break;
    }
    return [{ start: tokens[k]!.start, end: tokens[Math.max(k, next - 1)]!.end }];
  }
  return [];
}
