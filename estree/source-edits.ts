import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";

type SourceCode = Readonly<TSESLint.SourceCode>;
export type Range = [number, number];

function hasCommentOutside(sourceCode: SourceCode, range: Range, kept: TSESTree.Node): boolean {
  return sourceCode
    .getAllComments()
    .some(
      (comment) =>
        comment.range[0] >= range[0] &&
        comment.range[1] <= range[1] &&
        !(comment.range[0] >= kept.range[0] && comment.range[1] <= kept.range[1]),
    );
}

/**
 * The text to delete to take `property` out of its object literal, its comma included, so that
 * what stays reads as if it had never been there. `undefined` when a comment outside the
 * property would go with it.
 */
export function propertyRemovalRange(
  sourceCode: SourceCode,
  property: TSESTree.ObjectLiteralElement,
): Range | undefined {
  const object = property.parent;
  if (object.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const index = object.properties.indexOf(property);
  const next = object.properties[index + 1];
  const previous = object.properties[index - 1];
  let range: Range;
  if (next) {
    range = [property.range[0], next.range[0]];
  } else if (previous) {
    range = [previous.range[1], property.range[1]];
  } else {
    const open = sourceCode.getFirstToken(object);
    const close = sourceCode.getLastToken(object);
    if (!open || !close) return undefined;
    range = [open.range[1], close.range[0]];
  }
  return hasCommentOutside(sourceCode, range, property) ? undefined : range;
}

/** The whitespace before the first token on `node`'s line. */
export function lineIndentation(sourceCode: SourceCode, node: TSESTree.Node | TSESTree.Token): string {
  const line = sourceCode.lines[node.loc.start.line - 1] ?? "";
  return /^[ \t]*/.exec(line)?.[0] ?? "";
}

/** One level of indentation as the file writes it, guessed from the first indented line. */
export function indentUnit(sourceCode: SourceCode): string {
  for (const line of sourceCode.lines) {
    const match = /^([ \t]+)\S/.exec(line);
    if (match?.[1]) return match[1].startsWith("\t") ? "\t" : match[1].length >= 4 && match[1].length % 4 === 0 ? "    " : "  ";
  }
  return "  ";
}

/**
 * The range that deletes `statement`: its whole line when nothing else is on it; otherwise the
 * statement and the blanks that separated it from what follows on its line (so a trailing
 * `// comment` stays, at the statement's indentation), or, at the end of the line, from what
 * precedes it. No stray blanks are left either way.
 */
export function statementRemovalRange(sourceCode: SourceCode, statement: TSESTree.Node): Range {
  const text = sourceCode.text;
  const [start, end] = statement.range;
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const newline = text.indexOf("\n", end);
  const lineEnd = newline === -1 ? text.length : newline;
  const before = text.slice(lineStart, start);
  const after = text.slice(end, lineEnd).replace(/\r$/, "");
  const blanksAfter = /^[ \t]*/.exec(after)?.[0].length ?? 0;
  if (blanksAfter < after.length) return [start, end + blanksAfter];
  if (/^[ \t]*$/.test(before)) return [lineStart, newline === -1 ? text.length : newline + 1];
  const blanksBefore = /[ \t]*$/.exec(before)?.[0].length ?? 0;
  return [start - blanksBefore, end + blanksAfter];
}

/**
 * The ranges that delete several statements at once: {@link statementRemovalRange} of each, with
 * the ranges of statements that share a line joined (taking the whole line when they were all on
 * it), so that no two ranges overlap.
 */
export function statementsRemovalRanges(sourceCode: SourceCode, statements: readonly TSESTree.Node[]): Range[] {
  const text = sourceCode.text;
  const ranges = statements.map((statement) => statementRemovalRange(sourceCode, statement)).sort((a, b) => a[0] - b[0]);
  const joined: Range[] = [];
  for (const range of ranges) {
    const previous = joined.at(-1);
    if (previous && range[0] < previous[1]) previous[1] = Math.max(previous[1], range[1]);
    else joined.push([range[0], range[1]]);
  }
  return joined.map(([start, end]) => {
    const lineStart = text.lastIndexOf("\n", start - 1) + 1;
    const newline = text.indexOf("\n", end);
    const lineEnd = newline === -1 ? text.length : newline;
    const blankAround = /^[ \t]*$/.test(text.slice(lineStart, start)) && /^[ \t]*\r?$/.test(text.slice(end, lineEnd));
    const wholeLine = text[end - 1] === "\n";
    return blankAround && !wholeLine ? [lineStart, newline === -1 ? text.length : newline + 1] : [start, end];
  });
}

/** The statement an expression is by itself (`db.connect();`, `await db.connect();`), when that statement can be deleted without breaking its parent. */
export function standaloneStatement(node: TSESTree.Node): TSESTree.ExpressionStatement | undefined {
  let current: TSESTree.Node = node;
  while (
    current.parent &&
    (current.parent.type === AST_NODE_TYPES.AwaitExpression ||
      current.parent.type === AST_NODE_TYPES.ChainExpression ||
      (current.parent.type === AST_NODE_TYPES.UnaryExpression && current.parent.operator === "void"))
  ) {
    current = current.parent;
  }
  const statement = current.parent;
  if (statement?.type !== AST_NODE_TYPES.ExpressionStatement) return undefined;
  const container = statement.parent;
  return container.type === AST_NODE_TYPES.BlockStatement ||
    container.type === AST_NODE_TYPES.Program ||
    container.type === AST_NODE_TYPES.StaticBlock ||
    container.type === AST_NODE_TYPES.SwitchCase
    ? statement
    : undefined;
}

/**
 * Source text of `range` with every line after the first indented by `by` more, except lines
 * that start inside a multi-line template literal, whose text would change.
 */
export function indentText(sourceCode: SourceCode, range: Range, by: string): string {
  const templates: Range[] = [];
  for (const token of sourceCode.ast.tokens) {
    if (token.type === "Template" && token.loc.start.line !== token.loc.end.line) templates.push(token.range);
  }
  const text = sourceCode.text;
  let result = "";
  let cursor = range[0];
  for (let newline = text.indexOf("\n", cursor); newline !== -1 && newline < range[1]; newline = text.indexOf("\n", cursor)) {
    const lineStart = newline + 1;
    result += text.slice(cursor, lineStart);
    const insideTemplate = templates.some(([start, end]) => lineStart > start && lineStart < end);
    const blank = /^[ \t]*\r?(\n|$)/.test(text.slice(lineStart, text.indexOf("\n", lineStart) + 1 || undefined));
    if (!insideTemplate && !blank && lineStart < range[1]) result += by;
    cursor = lineStart;
  }
  return result + text.slice(cursor, range[1]);
}

/** The quote character the file uses for string literals near `node`, double by default. */
export function preferredQuote(node: TSESTree.Node | undefined): string {
  if (node?.type === AST_NODE_TYPES.Literal && typeof node.value === "string" && node.raw.startsWith("'")) return "'";
  return '"';
}

export function quoted(value: string, quote: string): string {
  const escaped = value.replaceAll("\\", "\\\\").replaceAll(quote, `\\${quote}`);
  return `${quote}${escaped}${quote}`;
}
