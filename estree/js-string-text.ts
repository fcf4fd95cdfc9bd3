/** The JavaScript literal a piece of text was written in, which decides how it is escaped. */
export type HostQuote = "double" | "single" | "template";

/** Text decoded from a JavaScript literal, each character mapped to the source range it came from. */
export interface DecodedText {
  text: string;
  /** Source offset of the first source character that produced `text[i]`. */
  starts: number[];
  /** Source offset just past the last source character that produced `text[i]`. */
  ends: number[];
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: "\n",
  t: "\t",
  r: "\r",
  b: "\b",
  f: "\f",
  v: "\v",
};

const isHex = (char: string | undefined): boolean => char !== undefined && /^[0-9a-fA-F]$/.test(char);
const isOctal = (char: string | undefined): boolean => char !== undefined && char >= "0" && char <= "7";
const isDigit = (char: string | undefined): boolean => char !== undefined && char >= "0" && char <= "9";

/**
 * Decodes the body of a string literal or of one template-literal chunk, `source.slice(start, end)`
 * without its delimiters, the way the JavaScript engine cooks it. Returns `undefined` for text the
 * engine would not cook (an invalid escape in a tagged template), so callers stay silent on it.
 */
export function decodeJsText(source: string, start: number, end: number, host: HostQuote): DecodedText | undefined {
  const chars: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const push = (text: string, from: number, to: number): void => {
    for (const unit of text.split("")) {
      chars.push(unit);
      starts.push(from);
      ends.push(to);
    }
  };

  let i = start;
  while (i < end) {
    const char = source[i] as string;
    if (char === "\r" && host === "template") {
      // Template literals normalise CR LF and a lone CR to LF in the cooked value.
      const to = source[i + 1] === "\n" && i + 1 < end ? i + 2 : i + 1;
      push("\n", i, to);
      i = to;
      continue;
    }
    if (char !== "\\") {
      push(char, i, i + 1);
      i += 1;
      continue;
    }

    const next = source[i + 1];
    if (next === undefined || i + 1 >= end) return undefined;
    if (next === "\r") {
      i += source[i + 2] === "\n" && i + 2 < end ? 3 : 2;
      continue;
    }
    if (next === "\n" || next === "\u2028" || next === "\u2029") {
      i += 2;
      continue;
    }
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      push(simple, i, i + 2);
      i += 2;
      continue;
    }
    if (next === "x") {
      const hex = source.slice(i + 2, i + 4);
      if (i + 4 > end || !isHex(hex[0]) || !isHex(hex[1])) return undefined;
      push(String.fromCharCode(Number.parseInt(hex, 16)), i, i + 4);
      i += 4;
      continue;
    }
    if (next === "u") {
      if (source[i + 2] === "{") {
        const close = source.indexOf("}", i + 3);
        const digits = source.slice(i + 3, close);
        if (close < 0 || close >= end || digits.length === 0 || ![...digits].every(isHex)) return undefined;
        const codePoint = Number.parseInt(digits, 16);
        if (codePoint > 0x10ffff) return undefined;
        push(String.fromCodePoint(codePoint), i, close + 1);
        i = close + 1;
        continue;
      }
      const hex = source.slice(i + 2, i + 6);
      if (i + 6 > end || hex.length < 4 || ![...hex].every(isHex)) return undefined;
      push(String.fromCharCode(Number.parseInt(hex, 16)), i, i + 6);
      i += 6;
      continue;
    }
    if (next === "0" && !isDigit(source[i + 2] !== undefined && i + 2 < end ? source[i + 2] : undefined)) {
      push("\0", i, i + 2);
      i += 2;
      continue;
    }
    if (isDigit(next)) {
      // Legacy octal (`\12`) and `\8`/`\9` exist only in sloppy-mode strings, never in templates.
      if (host === "template") return undefined;
      if (!isOctal(next)) {
        push(next, i, i + 2);
        i += 2;
        continue;
      }
      let digits = next;
      const maxDigits = next <= "3" ? 3 : 2;
      while (digits.length < maxDigits && i + 1 + digits.length < end && isOctal(source[i + 1 + digits.length])) {
        digits += source[i + 1 + digits.length];
      }
      push(String.fromCharCode(Number.parseInt(digits, 8)), i, i + 1 + digits.length);
      i += 1 + digits.length;
      continue;
    }
    // An identity escape (`\\`, `\'`, `\"`, `` \` ``, `\$`, `\q`): the character itself, which may be
    // the first half of a surrogate pair written after the backslash.
    const codePoint = source.codePointAt(i + 1) ?? 0;
    const width = codePoint > 0xffff ? 2 : 1;
    push(source.slice(i + 1, i + 1 + width), i, i + 1 + width);
    i += 1 + width;
  }
  return { text: chars.join(""), starts, ends };
}

/** Escapes text so that, written inside a literal of kind `host`, it decodes back to itself. */
export function escapeForHost(text: string, host: HostQuote): string {
  let out = "";
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] as string;
    switch (char) {
      case "\\":
        out += "\\\\";
        break;
      case "\n":
        out += host === "template" ? char : "\\n";
        break;
      case "\r":
        out += "\\r";
        break;
      case "\u2028":
        out += "\\u2028";
        break;
      case "\u2029":
        out += "\\u2029";
        break;
      case '"':
        out += host === "double" ? '\\"' : char;
        break;
      case "'":
        out += host === "single" ? "\\'" : char;
        break;
      case "`":
        out += host === "template" ? "\\`" : char;
        break;
      case "$":
        out += host === "template" && text[i + 1] === "{" ? "\\$" : char;
        break;
      default:
        out += char;
    }
  }
  return out;
}
