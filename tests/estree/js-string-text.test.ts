import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeJsText, escapeForHost, type HostQuote } from "../../estree/js-string-text.js";

/** Decodes the body of a literal written as `open + body + close`, checked against the JavaScript engine. */
function decodeLiteral(body: string, host: HostQuote): ReturnType<typeof decodeJsText> {
  const quote = host === "double" ? '"' : host === "single" ? "'" : "`";
  const source = `x = ${quote}${body}${quote};`;
  return decodeJsText(source, 5, 5 + body.length, host);
}

function evaluate(body: string, host: HostQuote): string {
  const quote = host === "double" ? '"' : host === "single" ? "'" : "`";
  return new Function(`return ${quote}${body}${quote};`)() as string;
}

describe("decodeJsText", () => {
  it.each<[string, HostQuote, string]>([
    ["INSERT INTO users", "double", "INSERT INTO users"],
    ['SELECT * FROM \\"Users\\"', "double", 'SELECT * FROM "Users"'],
    ["it\\'s", "single", "it's"],
    ["a\\nb\\tc\\\\d", "single", "a\nb\tc\\d"],
    ["\\x41\\u0042\\u{43}\\u{1F600}", "double", "ABC\u{1F600}"],
    ["line\\\ncontinued", "double", "linecontinued"],
    ["\\101\\7\\0", "double", "A\u0007\0"],
    ["\\`tick\\` \\${no} $plain", "template", "`tick` ${no} $plain"],
    ["crlf\r\nlf\ncr\rend", "template", "crlf\nlf\ncr\nend"],
  ])("decodes %j in a %s literal", (body, host, expected) => {
    expect(decodeLiteral(body, host)?.text).toBe(expected);
  });

  it("maps each decoded character to the source it came from", () => {
    const decoded = decodeLiteral('a\\"b\\u0063', "double");
    expect(decoded).toEqual({ text: 'a"bc', starts: [5, 6, 8, 9], ends: [6, 8, 9, 15] });
  });

  it("gives the two halves of an escaped astral character the escape's whole range", () => {
    const decoded = decodeLiteral("\\u{1F600}", "double");
    expect(decoded?.starts).toEqual([5, 5]);
    expect(decoded?.ends).toEqual([14, 14]);
  });

  it("refuses escapes a template cannot cook", () => {
    expect(decodeLiteral("\\u{zz}", "template")).toBeUndefined();
    expect(decodeLiteral("\\1", "template")).toBeUndefined();
    expect(decodeLiteral("\\xZ1", "template")).toBeUndefined();
  });

  it("agrees with the JavaScript engine on arbitrary literals", () => {
    const pieces = fc.oneof(
      fc.string({ maxLength: 4 }).map((text) => text.replace(/[\\'"`$\r\n\u2028\u2029]/g, "")),
      fc.constantFrom("\\n", "\\t", "\\\\", "\\'", '\\"', "\\`", "\\$", "\\0", "\\x7e", "\\u00e9", "\\u{10ffff}", "\\\n", "\\q", "${"),
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), fc.constantFrom<HostQuote>("double", "single", "template"), (parts, host) => {
        const body = parts.map((part) => (part === "${" ? (host === "template" ? "\\${" : "${") : part)).join("");
        const decoded = decodeLiteral(body, host);
        let expected: string | undefined;
        try {
          expected = evaluate(body, host);
        } catch {
          // `\00` in a template is a syntax error: the decoder must refuse it as well.
          expected = undefined;
        }
        expect(decoded?.text).toBe(expected);
        if (decoded) expect(decoded.starts).toHaveLength(decoded.text.length);
      }),
      { numRuns: 500 },
    );
  });
});

describe("escapeForHost", () => {
  it.each<[string, HostQuote, string]>([
    ["{{tables.users}}", "double", "{{tables.users}}"],
    ['say "hi"', "double", 'say \\"hi\\"'],
    ["it's", "single", "it\\'s"],
    ["`${x}` \\", "template", "\\`\\${x}\\` \\\\"],
    ["a\nb", "single", "a\\nb"],
    ["a\nb", "template", "a\nb"],
  ])("escapes %j for a %s literal", (text, host, expected) => {
    expect(escapeForHost(text, host)).toBe(expected);
  });

  it("round-trips through decoding for any text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.constantFrom<HostQuote>("double", "single", "template"), (text, host) => {
        const escaped = escapeForHost(text, host);
        expect(evaluate(escaped, host)).toBe(text);
        expect(decodeLiteral(escaped, host)?.text).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});
