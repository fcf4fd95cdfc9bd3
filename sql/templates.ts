import type { Span, TemplateProblem, TemplateToken } from "./types.js";

const name = "[A-Za-z_][A-Za-z0-9_]{0,62}";
const validBraces = new RegExp(`\\{\\{(?:tables\\.(${name})(?:\\.(${name}))?|(schema))\\}\\}`, "y");
const validAngle = new RegExp(`<<(?:tables\\.(${name})(?:\\.(${name}))?|(schema))>>`, "y");
// `<<` is also an operator and a PL/pgSQL label bracket, and `{{` opens 2-D array literals, so only
// text that starts like a template counts as a (possibly broken) template.
const attemptBraces = /\{\{\s*(?:tables?|schema)\b/iy;
const attemptAngle = /<<(?:tables?|schema)\b/iy;
const namePattern = new RegExp(`^${name}$`);

export function isValidTemplateName(value: string): boolean {
  return namePattern.test(value);
}

export function readTemplates(sql: string): { tokens: TemplateToken[]; problems: TemplateProblem[] } {
  const tokens: TemplateToken[] = [];
  const problems: TemplateProblem[] = [];
  if (typeof sql !== "string") return { tokens, problems };
  let i = 0;
  while (i < sql.length) {
    const braces = sql.indexOf("{{", i);
    const angle = sql.indexOf("<<", i);
    if (braces === -1 && angle === -1) break;
    const at = braces === -1 ? angle : angle === -1 ? braces : Math.min(braces, angle);
    const spelling = at === braces ? "braces" : "angle";
    const valid = spelling === "braces" ? validBraces : validAngle;
    valid.lastIndex = at;
    const match = valid.exec(sql);
    if (match) {
      const end = at + match[0].length;
      if (match[3] !== undefined) {
        tokens.push({ start: at, end, spelling, kind: "schema" });
      } else if (match[2] !== undefined) {
        tokens.push({ start: at, end, spelling, kind: "table", schema: match[1]!, table: match[2] });
      } else {
        tokens.push({ start: at, end, spelling, kind: "table", table: match[1]! });
      }
      i = end;
      continue;
    }
    const attempt = spelling === "braces" ? attemptBraces : attemptAngle;
    attempt.lastIndex = at;
    if (!attempt.test(sql)) {
      i = at + 1;
      continue;
    }
    const problem = readBrokenTemplate(sql, at, spelling);
    problems.push(problem);
    i = Math.max(problem.end, at + 2);
  }
  return { tokens, problems };
}

function readBrokenTemplate(sql: string, at: number, spelling: "braces" | "angle"): TemplateProblem {
  const [open, close] = spelling === "braces" ? ["{{", "}}"] : ["<<", ">>"];
  // A broken template ends at its closing delimiter when one follows on the same line before
  // anything that cannot be part of a template.
  const body = /[^{}<>\n;'"(),]{0,200}/y;
  body.lastIndex = at + 2;
  const run = body.exec(sql)?.[0] ?? "";
  if (sql.startsWith(close, at + 2 + run.length)) {
    const end = at + 2 + run.length + 2;
    return { start: at, end, message: describe(sql.slice(at, end), run, open, close) };
  }
  const word = /\s*[A-Za-z0-9_.$-]*/y;
  word.lastIndex = at + 2;
  const end = at + 2 + (word.exec(sql)?.[0].length ?? 0);
  const written = sql.slice(at, end).trimEnd();
  return {
    start: at,
    end: at + written.length,
    message: `Template \`${written}\` is not closed: write \`${open}tables.<table>${close}\` or \`${open}schema${close}\``,
  };
}

function describe(written: string, content: string, open: string, close: string): string {
  if (/\s/.test(content)) {
    return `Template \`${written}\` must not contain spaces: write \`${open}${content.replace(/\s+/g, "")}${close}\``;
  }
  const parts = content.split(".");
  if (parts[0] !== "tables") {
    return `Unknown template \`${written}\`: write \`${open}tables.<table>${close}\`, \`${open}tables.<schema>.<table>${close}\` or \`${open}schema${close}\``;
  }
  if (parts.length > 3) {
    return `Template \`${written}\` has too many parts: write \`${open}tables.<table>${close}\` or \`${open}tables.<schema>.<table>${close}\``;
  }
  const names = parts.slice(1);
  if (names.some((part) => part === "")) return `Template \`${written}\` names no table`;
  const bad = names.find((part) => !namePattern.test(part)) ?? names[0] ?? "";
  return `\`${bad}\` in template \`${written}\` is not a valid name (letters, digits and _, not starting with a digit, at most 63 characters)`;
}

/** Same-width identifier that stands for a template or a `${…}` splice while the grammar parses. */
export function maskIdentifier(kind: "t" | "h", index: number, width: number): { text: string; unique: boolean } {
  const wanted = `_${kind}${index.toString(36)}`;
  if (wanted.length <= width) return { text: wanted.padEnd(width, "_"), unique: true };
  return { text: "_".repeat(width), unique: false };
}

export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}
