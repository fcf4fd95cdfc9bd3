import { scanSync } from "libpg-query";
import type { Span } from "../sql/index.js";

/** libpg-query reports UTF-8 byte offsets; this maps each byte offset of `text` to a string index. */
function byteToIndexMap(text: string): Uint32Array {
  const map = new Uint32Array(Buffer.byteLength(text, "utf8") + 1);
  let byte = 0;
  for (let index = 0; index < text.length; ) {
    const codePoint = text.codePointAt(index) ?? 0;
    const units = codePoint > 0xffff ? 2 : 1;
    const bytes = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    for (let k = 0; k < bytes; k += 1) map[byte + k] = index;
    byte += bytes;
    index += units;
  }
  map[byte] = text.length;
  return map;
}

/** Comment spans of one chunk by PostgreSQL's own lexer, or `undefined` when it cannot lex the chunk. */
function scanChunk(text: string, offset: number): Span[] | undefined {
  if (!text.includes("--") && !text.includes("/*")) return [];
  let tokens: { start: number; end: number; tokenName: string }[];
  try {
    // The lexer throws on an unterminated string, quoted name or comment, and on empty input.
    tokens = scanSync(text).tokens;
  } catch {
    return undefined;
  }
  const toIndex = byteToIndexMap(text);
  return tokens
    .filter((token) => token.tokenName === "SQL_COMMENT" || token.tokenName === "C_COMMENT")
    .map((token) => ({
      start: offset + (toIndex[token.start] ?? 0),
      end: offset + (toIndex[Math.min(token.end, toIndex.length - 1)] ?? text.length),
    }));
}

/**
 * The `--` and `/* *\/` comments of a SQL file. When the file as a whole cannot be lexed (an
 * unterminated quote in one statement), the statements and the gaps between them are lexed one by
 * one, so that only the comments inside the broken statement are lost.
 */
export function findSqlComments(text: string, statements: readonly Span[]): Span[] {
  const whole = scanChunk(text, 0);
  if (whole) return whole;

  const comments: Span[] = [];
  let position = 0;
  const chunks: Span[] = [];
  for (const statement of [...statements].sort((a, b) => a.start - b.start)) {
    if (statement.start < position) continue;
    if (statement.start > position) chunks.push({ start: position, end: statement.start });
    chunks.push(statement);
    position = statement.end;
  }
  if (position < text.length) chunks.push({ start: position, end: text.length });
  for (const chunk of chunks) {
    for (const comment of scanChunk(text.slice(chunk.start, chunk.end), chunk.start) ?? []) comments.push(comment);
  }
  return comments;
}
