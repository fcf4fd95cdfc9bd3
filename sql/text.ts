// Text the WASM parser receives must be well-formed UTF-16 without NUL: a NUL ends the C string
// early and a lone surrogate is encoded by swallowing the next unit, which would shift every offset
// after it. Both are replaced by characters of the same length so string indices do not move.
export function sanitizeForParser(text: string): string {
  if (!/[\u0000\ud800-\udfff]/.test(text)) return text;
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) {
      out += " ";
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += text[i]! + text[i + 1]!;
        i++;
      } else {
        out += "\ufffd";
      }
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      out += "\ufffd";
    } else {
      out += text[i]!;
    }
  }
  return out;
}

/**
 * Maps the UTF-8 byte offsets libpg-query reports to string indices of the text it parsed; the map
 * is built on first use (text read without the parser needs none).
 */
export class ByteOffsets {
  private byteToIndex: Int32Array | undefined;
  private built = false;

  constructor(private readonly text: string) {}

  private build(): void {
    this.built = true;
    const text = this.text;
    if (!/[^\u0000-\u007f]/.test(text)) return;
    let bytes = 0;
    for (let i = 0; i < text.length; i++) {
      const n = utf8Length(text.charCodeAt(i), text.charCodeAt(i + 1));
      bytes += n;
      if (n === 4) i++;
    }
    const map = new Int32Array(bytes + 1);
    let b = 0;
    for (let i = 0; i < text.length; i++) {
      const n = utf8Length(text.charCodeAt(i), text.charCodeAt(i + 1));
      for (let k = 0; k < n; k++) map[b + k] = i;
      b += n;
      if (n === 4) i++;
    }
    map[b] = text.length;
    this.byteToIndex = map;
  }

  toIndex(byteOffset: number): number {
    if (!this.built) this.build();
    if (!Number.isFinite(byteOffset) || byteOffset <= 0) return 0;
    if (this.byteToIndex === undefined) return Math.min(byteOffset, this.text.length);
    if (byteOffset >= this.byteToIndex.length) return this.text.length;
    return this.byteToIndex[byteOffset]!;
  }
}

function utf8Length(code: number, nextCode: number): number {
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code >= 0xd800 && code <= 0xdbff && nextCode >= 0xdc00 && nextCode <= 0xdfff) return 4;
  return 3;
}

/** PostgreSQL reports an error's cursor in characters (code points), not bytes; this is its string index. */
export function codePointToIndex(text: string, codePoints: number): number {
  if (!Number.isFinite(codePoints) || codePoints <= 0) return 0;
  let index = 0;
  for (let seen = 0; seen < codePoints && index < text.length; seen++) {
    const c = text.charCodeAt(index);
    const d = text.charCodeAt(index + 1);
    index += c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
  }
  return index;
}
