// A JavaScript re-implementation of the token boundaries of PostgreSQL's scanner (scan.l), in string
// indices. libpg-query's `scanSync` gives the same boundaries but costs as much as a full parse and
// speaks UTF-8 bytes, and it is unavailable before the WASM module loads; the engine needs tokens on
// every statement (span ends, statement splitting, function bodies, the fallback scan), so it lexes
// here. tests/sql/lexer.test.ts checks the boundaries against `scanSync` on the corpus.
import type { CommentSpan } from "./types.js";

export type TokenKind =
  | "ident" // unquoted identifier or keyword
  | "qident" // "quoted" or U&"quoted" identifier
  | "string" // '…', E'…', B'…', X'…', U&'…', $tag$…$tag$ (N'…' is the word N and a string)
  | "number"
  | "param" // $1
  | "op" // operator characters: + - * / < > = ~ ! @ # % ^ & | ` ?
  | "punct"; // ( ) [ ] , ; . : :: := .. { }

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  /** a string or quoted identifier that runs to the end of the text */
  unterminated?: true;
}

const identStartFlag = 1;
const identCharFlag = 2;
const digitFlag = 4;
const operatorFlag = 8;
const spaceFlag = 16;

const charClass = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_]/.test(ch)) charClass[c]! |= identStartFlag | identCharFlag;
  if (/[0-9$]/.test(ch)) charClass[c]! |= identCharFlag;
  if (/[0-9]/.test(ch)) charClass[c]! |= digitFlag;
  if ("~!@#^&|`?+-*/%<>=".includes(ch)) charClass[c]! |= operatorFlag;
  if (" \t\n\r\f\v".includes(ch)) charClass[c]! |= spaceFlag;
}

function has(code: number, flag: number): boolean {
  // PostgreSQL treats every byte >= 0x80 as an identifier character; so does every non-ASCII unit here.
  if (code >= 128) return flag === identStartFlag || flag === identCharFlag;
  return (charClass[code]! & flag) !== 0;
}

export function isSpace(code: number): boolean {
  return code < 128 && (charClass[code]! & spaceFlag) !== 0;
}

/** Index of the first character at or after `from` that is not whitespace or a comment. */
export function skipSpaceAndComments(text: string, from: number, to = text.length, comments?: CommentSpan[]): number {
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
    } else if (c === 45 /* - */ && text.charCodeAt(i + 1) === 45) {
      // scan.l: `--` runs to the end of the line, which a LF or a CR ends.
      const end = endOfLine(text, i + 2, to);
      if (comments) comments.push({ kind: "line", start: i, end, value: text.slice(i + 2, end) });
      i = end;
    } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 42 /* * */) {
      const close = endOfBlockComment(text, i, to);
      const end = close === -1 ? to : close;
      if (comments) comments.push({ kind: "block", start: i, end, value: text.slice(i + 2, close === -1 ? to : close - 2) });
      i = end;
    } else {
      break;
    }
  }
  return Math.min(i, to);
}

function endOfLine(text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return to;
}

/** The index just past the `*\/` that closes the block comment at `start`, or -1 when it is not closed. */
function endOfBlockComment(text: string, start: number, to: number): number {
  // Block comments nest in PostgreSQL.
  let depth = 0;
  let i = start;
  while (i < to) {
    if (text.charCodeAt(i) === 47 && text.charCodeAt(i + 1) === 42) {
      depth++;
      i += 2;
    } else if (text.charCodeAt(i) === 42 && text.charCodeAt(i + 1) === 47) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  return -1;
}

function endOfQuoted(text: string, from: number, quote: number, backslashEscapes: boolean, to: number): number {
  // `from` is just after the opening quote; a doubled quote stands for one. String constants
  // separated only by whitespace that holds a newline are one constant ('a'\n'b'); a comment
  // between them ends the first (as libpg-query's scanner and parser do).
  for (;;) {
    const end = endOfQuotedPart(text, from, quote, backslashEscapes, to);
    if (end === -1 || quote !== 39) return end;
    const next = continuationAt(text, end, to);
    if (next === -1) return end;
    from = next + 1;
  }
}

function continuationAt(text: string, from: number, to: number): number {
  let i = from;
  let newline = false;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      newline = true;
      i++;
    } else if (isSpace(c)) {
      i++;
    } else {
      break;
    }
  }
  return newline && text.charCodeAt(i) === 39 ? i : -1;
}

function endOfQuotedPart(text: string, from: number, quote: number, backslashEscapes: boolean, to: number): number {
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (backslashEscapes && c === 92 /* \ */) {
      i += 2;
    } else if (c === quote) {
      if (text.charCodeAt(i + 1) === quote) i += 2;
      else return i + 1;
    } else {
      i++;
    }
  }
  return -1;
}

/** The `$tag$` that starts at `i`, or undefined when `$` does not open a dollar quote there. */
export function dollarTagAt(text: string, i: number): string | undefined {
  let j = i + 1;
  const first = text.charCodeAt(j);
  if (first === 36) return "$$";
  if (!has(first, identStartFlag)) return undefined;
  j++;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 36) return text.slice(i, j + 1);
    if (!has(c, identCharFlag) || c === 36) return undefined;
    j++;
  }
  return undefined;
}

export function lex(text: string, from = 0, to = text.length): Token[] {
  return scan(text, from, to, undefined);
}

/**
 * The `--` and `/* *\/` comments of `sql`, as PostgreSQL's scanner finds them: not inside string
 * constants, dollar quotes or quoted identifiers; block comments nest; a `--` comment ends at a LF
 * or CR (not included). `value` is the text without the delimiters. Total: an unterminated comment,
 * string or quoted name runs to the end of the text (so a comment after it is not found).
 */
export function sqlComments(sql: string): CommentSpan[] {
  const comments: CommentSpan[] = [];
  if (typeof sql !== "string" || (!sql.includes("--") && !sql.includes("/*"))) return comments;
  scan(sql, 0, sql.length, comments);
  return comments;
}

function scan(text: string, from: number, to: number, comments: CommentSpan[] | undefined): Token[] {
  const tokens: Token[] = [];
  let i = from;
  while (i < to) {
    i = skipSpaceAndComments(text, i, to, comments);
    if (i >= to) break;
    const start = i;
    const c = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    const lowerC = c | 0x20;

    // Prefixed strings and identifiers: E'…' B'…' X'…' U&'…' U&"…" (N'…' is the word N and a string,
    // as in scan.l)
    if ((lowerC === 101 || lowerC === 98 || lowerC === 120) && next === 39 && c < 128) {
      const end = endOfQuoted(text, i + 2, 39, lowerC === 101, to);
      tokens.push(end === -1 ? { kind: "string", start, end: to, unterminated: true } : { kind: "string", start, end });
      i = end === -1 ? to : end;
      continue;
    }
    if (lowerC === 117 && next === 38 && (text.charCodeAt(i + 2) === 39 || text.charCodeAt(i + 2) === 34)) {
      const quote = text.charCodeAt(i + 2);
      const end = endOfQuoted(text, i + 3, quote, false, to);
      const kind: TokenKind = quote === 39 ? "string" : "qident";
      tokens.push(end === -1 ? { kind, start, end: to, unterminated: true } : { kind, start, end });
      i = end === -1 ? to : end;
      continue;
    }
    if (has(c, identStartFlag)) {
      i++;
      while (i < to && has(text.charCodeAt(i), identCharFlag)) i++;
      tokens.push({ kind: "ident", start, end: i });
      continue;
    }
    if (c === 39 /* ' */ || c === 34 /* " */) {
      const end = endOfQuoted(text, i + 1, c, false, to);
      const kind: TokenKind = c === 39 ? "string" : "qident";
      tokens.push(end === -1 ? { kind, start, end: to, unterminated: true } : { kind, start, end });
      i = end === -1 ? to : end;
      continue;
    }
    if (c === 36 /* $ */) {
      if (next >= 48 && next <= 57) {
        i += 2;
        while (i < to && has(text.charCodeAt(i), digitFlag)) i++;
        tokens.push({ kind: "param", start, end: i });
        continue;
      }
      const tag = dollarTagAt(text, i);
      if (tag !== undefined) {
        const close = text.indexOf(tag, i + tag.length);
        if (close === -1 || close + tag.length > to) {
          tokens.push({ kind: "string", start, end: to, unterminated: true });
          i = to;
        } else {
          i = close + tag.length;
          tokens.push({ kind: "string", start, end: i });
        }
        continue;
      }
      tokens.push({ kind: "op", start, end: i + 1 });
      i++;
      continue;
    }
    if (has(c, digitFlag) || (c === 46 && has(next, digitFlag))) {
      i = endOfNumber(text, i, to);
      tokens.push({ kind: "number", start, end: i });
      continue;
    }
    if (c === 58 /* : */ && (next === 58 || next === 61)) {
      tokens.push({ kind: "punct", start, end: i + 2 });
      i += 2;
      continue;
    }
    if (c === 46 && next === 46) {
      tokens.push({ kind: "punct", start, end: i + 2 });
      i += 2;
      continue;
    }
    if (has(c, operatorFlag)) {
      i++;
      while (i < to && has(text.charCodeAt(i), operatorFlag)) {
        const d = text.charCodeAt(i);
        const e = text.charCodeAt(i + 1);
        // `--` and `/*` start a comment even in the middle of an operator.
        if ((d === 45 && e === 45) || (d === 47 && e === 42)) break;
        i++;
      }
      // Like scan.l: a multi-character operator does not end in + or - unless it also holds one
      // of ~ ! @ # % ^ & | ` ?, so that `=-1` is `=` and `-1`.
      if (i - start > 1 && !/[~!@#%^&|`?]/.test(text.slice(start, i))) {
        while (i - start > 1 && (text.charCodeAt(i - 1) === 43 || text.charCodeAt(i - 1) === 45)) i--;
      }
      tokens.push({ kind: "op", start, end: i });
      continue;
    }
    tokens.push({ kind: "punct", start, end: i + 1 });
    i++;
  }
  return tokens;
}

function endOfNumber(text: string, from: number, to: number): number {
  let i = from;
  const digits = (): void => {
    while (i < to) {
      const c = text.charCodeAt(i);
      if (has(c, digitFlag) || (c === 95 /* _ */ && has(text.charCodeAt(i + 1), digitFlag))) i++;
      else break;
    }
  };
  if (text.charCodeAt(i) === 48 && /[xXoObB]/.test(text[i + 1] ?? "")) {
    i += 2;
    while (i < to && /[0-9A-Fa-f_]/.test(text[i]!)) i++;
    return i;
  }
  digits();
  if (text.charCodeAt(i) === 46 && text.charCodeAt(i + 1) !== 46) {
    i++;
    digits();
  }
  const e = text.charCodeAt(i) | 0x20;
  if (e === 101) {
    const sign = text.charCodeAt(i + 1);
    const afterSign = sign === 43 || sign === 45 ? i + 2 : i + 1;
    if (has(text.charCodeAt(afterSign), digitFlag)) {
      i = afterSign;
      digits();
    }
  }
  return i;
}

/** The lower-cased text of a token; callers compare it with keywords. */
export function word(text: string, token: Token | undefined): string {
  if (token === undefined || token.kind !== "ident") return "";
  return text.slice(token.start, token.end).toLowerCase();
}

export function isPunct(text: string, token: Token | undefined, punct: string): boolean {
  return (
    token !== undefined &&
    (token.kind === "punct" || token.kind === "op") &&
    token.end - token.start === punct.length &&
    text.startsWith(punct, token.start)
  );
}

/** Index of the first token whose start is >= `index` (tokens sorted by start). */
export function tokenIndexAt(tokens: readonly Token[], index: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tokens[mid]!.start < index) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
