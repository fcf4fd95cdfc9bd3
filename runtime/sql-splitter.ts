/** One statement of a SQL script, as the server will receive it. */
export interface SqlStatement {
  /** The statement without its terminating `;`, leading comments and surrounding whitespace. */
  text: string;
  /** Offset of `text` in the script. */
  start: number;
  /** Offset just past `text`. */
  end: number;
  /** 1-based line where the statement starts. */
  line: number;
}

const isIdentifierStart = (char: string): boolean => /[A-Za-z_\u0080-\uffff]/.test(char);
const isIdentifierChar = (char: string): boolean => /[A-Za-z0-9_$\u0080-\uffff]/.test(char);

/**
 * Splits a script into statements the way psql does: a `;` ends a statement unless it is inside
 * a string (`'…'` with `''`, `E'…'` with backslash escapes), a dollar-quoted body
 * (`$tag$…$tag$`), a quoted identifier (`"…"`), a comment (`--`, nested `/* *\/`), parentheses,
 * or a `BEGIN ATOMIC … END` function body. Statements holding only comments are dropped.
 * Unterminated quotes or comments run to the end of the script (the server reports them).
 */
export function splitSqlStatements(script: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  const length = script.length;
  let contentStart = -1;
  let contentEnd = -1;
  let parenDepth = 0;
  let beginDepth = 0;
  let words: string[] = [];
  let i = 0;
  let lineCursor = 0;
  let lineAtCursor = 1;
  const lineOf = (offset: number): number => {
    for (; lineCursor < offset; lineCursor++) if (script.charCodeAt(lineCursor) === 10) lineAtCursor++;
    return lineAtCursor;
  };

  const finish = (): void => {
    if (contentStart >= 0) {
      statements.push({
        text: script.slice(contentStart, contentEnd),
        start: contentStart,
        end: contentEnd,
        line: lineOf(contentStart),
      });
    }
    contentStart = -1;
    contentEnd = -1;
    parenDepth = 0;
    beginDepth = 0;
    words = [];
  };
  const content = (from: number, to: number): void => {
    if (contentStart < 0) contentStart = from;
    contentEnd = to;
  };

  while (i < length) {
    const char = script[i] as string;
    const next = script[i + 1];

    if (char === "-" && next === "-") {
      const newline = script.indexOf("\n", i);
      i = newline < 0 ? length : newline + 1;
      continue;
    }
    if (char === "/" && next === "*") {
      i = skipBlockComment(script, i);
      continue;
    }
    if (/\s/.test(char)) {
      i++;
      continue;
    }
    if (char === "'") {
      const end = skipString(script, i + 1, false);
      content(i, end);
      i = end;
      continue;
    }
    if (char === '"') {
      const end = skipQuotedIdentifier(script, i + 1);
      content(i, end);
      i = end;
      continue;
    }
    if (char === "$") {
      const tag = dollarTag(script, i);
      if (tag !== undefined) {
        const close = script.indexOf(tag, i + tag.length);
        const end = close < 0 ? length : close + tag.length;
        content(i, end);
        i = end;
        continue;
      }
    }
    if (isIdentifierStart(char)) {
      let end = i + 1;
      while (end < length && isIdentifierChar(script[end] as string)) end++;
      const word = script.slice(i, end);
      if ((word === "E" || word === "e") && script[end] === "'") {
        const stringEnd = skipString(script, end + 1, true);
        content(i, stringEnd);
        i = stringEnd;
        continue;
      }
      content(i, end);
      trackBlock(word.toLowerCase());
      i = end;
      continue;
    }
    if (char === "(") parenDepth++;
    else if (char === ")") parenDepth = Math.max(0, parenDepth - 1);
    else if (char === ";" && parenDepth === 0 && beginDepth === 0) {
      finish();
      i++;
      continue;
    }
    content(i, i + 1);
    i++;
  }
  finish();
  return statements;

  /** psql's rule: in CREATE [OR REPLACE] FUNCTION/PROCEDURE, BEGIN and CASE open a block that END closes. */
  function trackBlock(word: string): void {
    if (words.length < 4) words.push(word);
    if (word === "begin" || word === "case") {
      const [first, second, third, fourth] = words;
      const routine = (kind: string | undefined): boolean => kind === "function" || kind === "procedure";
      const inRoutine =
        first === "create" && (routine(second) || (second === "or" && third === "replace" && routine(fourth)));
      if (inRoutine) beginDepth++;
    } else if (word === "end" && beginDepth > 0) {
      beginDepth--;
    }
  }
}

function skipBlockComment(script: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < script.length) {
    if (script[i] === "/" && script[i + 1] === "*") {
      depth++;
      i += 2;
    } else if (script[i] === "*" && script[i + 1] === "/") {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  return script.length;
}

/** From just after the opening quote to just after the closing one. */
function skipString(script: string, start: number, backslashEscapes: boolean): number {
  let i = start;
  while (i < script.length) {
    const char = script[i];
    if (backslashEscapes && char === "\\") {
      i += 2;
      continue;
    }
    if (char === "'") {
      if (script[i + 1] === "'") {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return script.length;
}

function skipQuotedIdentifier(script: string, start: number): number {
  let i = start;
  while (i < script.length) {
    if (script[i] === '"') {
      if (script[i + 1] === '"') {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return script.length;
}

/** `$tag$` or `$$` starting at `start`, unless the `$` continues an identifier or starts a parameter (`$1`). */
function dollarTag(script: string, start: number): string | undefined {
  const before = script[start - 1];
  if (before !== undefined && isIdentifierChar(before)) return undefined;
  const match = /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(script.slice(start, start + 130));
  return match?.[0];
}
