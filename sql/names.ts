import { isPunct, type Token } from "./lexer.js";

export interface NamePart {
  start: number;
  end: number;
  /** the name as PostgreSQL sees it: unquoted names fold to lower case, quoted ones keep their case */
  value: string;
}

export function identifierValue(text: string, token: Token): string {
  const raw = text.slice(token.start, token.end);
  if (token.kind === "ident") return /[A-Z]/.test(raw) ? raw.replace(/[A-Z]+/g, (upper) => upper.toLowerCase()) : raw;
  if (token.kind !== "qident") return raw;
  if (raw.startsWith('"')) return raw.slice(1, token.unterminated ? undefined : -1).replace(/""/g, '"');
  // U&"d\0061t\+000061": the escapes PostgreSQL decodes, with the default escape character.
  const inner = raw.slice(3, token.unterminated ? undefined : -1).replace(/""/g, '"');
  return inner.replace(/\\(\\|[0-9A-Fa-f]{4}|\+[0-9A-Fa-f]{6})/g, (all: string, code: string) => {
    if (code === "\\") return "\\";
    const point = Number.parseInt(code.startsWith("+") ? code.slice(1) : code, 16);
    return point <= 0x10ffff ? String.fromCodePoint(point) : all;
  });
}

export function isNameToken(token: Token | undefined): token is Token {
  return token !== undefined && (token.kind === "ident" || token.kind === "qident");
}

/** `a`, `a.b`, `"A".b.c` starting at token `index`; undefined when no name starts there. */
export function readQualifiedName(
  text: string,
  tokens: readonly Token[],
  index: number,
): { parts: NamePart[]; next: number } | undefined {
  const first = tokens[index];
  if (!isNameToken(first)) return undefined;
  const parts: NamePart[] = [{ start: first.start, end: first.end, value: identifierValue(text, first) }];
  let next = index + 1;
  while (isPunct(text, tokens[next], ".") && isNameToken(tokens[next + 1])) {
    const part = tokens[next + 1]!;
    parts.push({ start: part.start, end: part.end, value: identifierValue(text, part) });
    next += 2;
  }
  return { parts, next };
}

/**
 * The first token index in [from, to) where a name equal to `values` (compared after folding, as
 * PostgreSQL compares them, and with PostgreSQL's 63-byte truncation) is written.
 */
export function findQualifiedName(
  text: string,
  tokens: readonly Token[],
  from: number,
  to: number,
  values: readonly string[],
  taken: ReadonlySet<number> = new Set(),
): { index: number; parts: NamePart[] } | undefined {
  for (let i = from; i < to; i++) {
    if (taken.has(tokens[i]?.start ?? -1)) continue;
    const name = readQualifiedName(text, tokens, i);
    if (name === undefined || name.parts.length < values.length) continue;
    const parts = name.parts.slice(0, values.length);
    if (parts.every((part, k) => truncateIdentifier(part.value) === truncateIdentifier(values[k]!))) {
      return { index: i, parts };
    }
  }
  return undefined;
}

const encoder = new TextEncoder();

function isAscii(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) >= 128) return false;
  return true;
}

/** PostgreSQL keeps the first 63 bytes of an identifier (NAMEDATALEN - 1). */
export function truncateIdentifier(value: string): string {
  // A UTF-16 unit is at most 3 bytes of UTF-8 (a surrogate pair 4 for two units).
  if (value.length <= 21) return value;
  if (value.length <= 63 && isAscii(value)) return value;
  const bytes = encoder.encode(value);
  if (bytes.length <= 63) return value;
  let end = 63;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return new TextDecoder().decode(bytes.subarray(0, end));
}
