import { isPunct, word, type Token } from "./lexer.js";

export interface TokenRange {
  /** first token index */
  from: number;
  /** one past the last token index (the `;` is not included) */
  to: number;
}

/**
 * Statements as PostgreSQL splits them: at `;` outside strings, comments and dollar quotes (the
 * lexer has those as single tokens), except inside `BEGIN ATOMIC … END` function bodies and the
 * parenthesised action list of `CREATE RULE … DO (…; …)`.
 */
export function splitStatements(text: string, tokens: readonly Token[], from = 0, to = tokens.length): TokenRange[] {
  const ranges: TokenRange[] = [];
  let first = -1;
  let depth = 0;
  let atomic = 0;
  let caseDepth = 0;
  let isRule = false;
  for (let k = from; k < to; k++) {
    const token = tokens[k]!;
    const semicolon = isPunct(text, token, ";");
    if (first === -1) {
      if (semicolon) continue;
      first = k;
      depth = 0;
      atomic = 0;
      caseDepth = 0;
      isRule = word(text, token) === "create" && startsRule(text, tokens, k + 1);
    }
    if (token.kind === "punct") {
      if (isPunct(text, token, "(")) depth++;
      else if (isPunct(text, token, ")")) depth--;
    } else if (token.kind === "ident") {
      const w = word(text, token);
      if (w === "atomic" && word(text, tokens[k - 1]) === "begin") atomic++;
      else if (atomic > 0 && w === "case") caseDepth++;
      else if (atomic > 0 && w === "end") {
        if (caseDepth > 0) caseDepth--;
        else atomic--;
      }
    }
    if (semicolon && atomic <= 0 && (!isRule || depth <= 0)) {
      ranges.push({ from: first, to: k });
      first = -1;
    }
  }
  if (first !== -1) ranges.push({ from: first, to });
  return ranges;
}

function startsRule(text: string, tokens: readonly Token[], k: number): boolean {
  const next = word(text, tokens[k]);
  return next === "rule" || (next === "or" && word(text, tokens[k + 1]) === "replace" && word(text, tokens[k + 2]) === "rule");
}
