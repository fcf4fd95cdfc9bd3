import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import type { Span, TextEdit } from "../sql/index.js";
import { decodeJsText, escapeForHost, type HostQuote } from "./js-string-text.js";

/** How the characters of a piece map to the source. */
export type PieceMap =
  /** One to one: the piece is written in the source as it reads, from `offset` on. */
  | { kind: "linear"; offset: number }
  /** Through escapes: `starts[i]`/`ends[i]` is the source range of the piece's character `i`. */
  | { kind: "decoded"; starts: readonly number[]; ends: readonly number[] }
  /** Every character stands for the whole `range` (an inlined number, text the decoder did not agree on). */
  | { kind: "whole"; range: readonly [number, number] };

/** A stretch of the SQL text that came from one place in the source. */
export interface SqlPiece extends Span {
  /** The literal kind the text is written in; `null` where the source text is not the SQL text (a `${}`, an inlined number). */
  host: HostQuote | null;
  map: PieceMap;
}

/** A value the SQL text cannot know: a `${…}` of a template, or an operand of `+` that is not a constant. */
export interface SqlHole extends Span {
  kind: "template" | "concatenation";
  expression: TSESTree.Node;
  /** Source range of `${expr}` (template) or of the operand (concatenation). */
  range: [number, number];
  /** The template literal the `${}` belongs to. */
  template?: TSESTree.TemplateLiteral;
}

/** SQL found in JavaScript source, every character mapped back to where it is written. */
export interface SqlSource {
  /** The expression the SQL string is (after following `const` bindings): a literal, template, `+` chain or `sql` tagged template. */
  node: TSESTree.Node;
  sql: string;
  /** In SQL order, covering the whole text. */
  pieces: readonly SqlPiece[];
  holes: readonly SqlHole[];
  /** Written as a `sql` tagged template, whose tag owns what goes into the `${}`. */
  tagged: boolean;
}

const MAX_DEPTH = 16;
const RESOLUTION_BUDGET = 2_000;

class SqlBuilder {
  text = "";
  pieces: SqlPiece[] = [];
  holes: SqlHole[] = [];
  hasString = false;

  add(text: string, host: HostQuote | null, map: PieceMap): void {
    if (text.length === 0) return;
    this.pieces.push({ start: this.text.length, end: this.text.length + text.length, host, map });
    this.text += text;
  }

  /** The text of a string literal or template chunk, `source.slice(start, end)` cooked to `cooked`. */
  addLiteral(source: string, start: number, end: number, host: HostQuote, cooked: string): void {
    if (source.slice(start, end) === cooked) {
      this.add(cooked, host, { kind: "linear", offset: start });
      return;
    }
    const decoded = decodeJsText(source, start, end, host);
    if (decoded?.text === cooked) this.add(cooked, host, { kind: "decoded", starts: decoded.starts, ends: decoded.ends });
    // The parser's own value wins; without a character map the text is reported as a whole, never fixed.
    else this.add(cooked, null, { kind: "whole", range: [start, end] });
  }

  addHole(sourceText: string, range: [number, number], hole: Pick<SqlHole, "kind" | "expression" | "template">): void {
    const start = this.text.length;
    this.add(sourceText.slice(range[0], range[1]), null, { kind: "linear", offset: range[0] });
    this.holes.push({ start, end: this.text.length, range, ...hole });
  }

  append(other: SqlBuilder): void {
    const shift = this.text.length;
    this.text += other.text;
    // Written out: `{ ...piece, start }` (a spread, then more properties) costs microseconds on Node 20.
    for (const piece of other.pieces) this.pieces.push({ start: piece.start + shift, end: piece.end + shift, host: piece.host, map: piece.map });
    for (const hole of other.holes) {
      const moved: SqlHole = { start: hole.start + shift, end: hole.end + shift, range: hole.range, kind: hole.kind, expression: hole.expression };
      if (hole.template !== undefined) moved.template = hole.template;
      this.holes.push(moved);
    }
    this.hasString ||= other.hasString;
  }
}

interface Resolution {
  sourceCode: Readonly<TSESLint.SourceCode>;
  /** Steps left: constants that refer to each other many times over must not cost more than this. */
  budget: number;
}

function unwrapTypeScript(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (
    current.type === AST_NODE_TYPES.TSAsExpression ||
    current.type === AST_NODE_TYPES.TSSatisfiesExpression ||
    current.type === AST_NODE_TYPES.TSNonNullExpression ||
    current.type === AST_NODE_TYPES.TSTypeAssertion
  ) {
    current = current.expression;
  }
  return current;
}

/** `sql` or `anything.sql` as a template tag. */
export function isSqlTag(tag: TSESTree.Expression): boolean {
  const inner = unwrapTypeScript(tag);
  if (inner.type === AST_NODE_TYPES.Identifier) return inner.name === "sql";
  return (
    inner.type === AST_NODE_TYPES.MemberExpression &&
    !inner.computed &&
    inner.property.type === AST_NODE_TYPES.Identifier &&
    inner.property.name === "sql"
  );
}

/** The initializer of the `const` an identifier refers to, found through scope analysis. */
function constInitializer(identifier: TSESTree.Identifier, resolution: Resolution): TSESTree.Expression | undefined {
  const variable = ASTUtils.findVariable(resolution.sourceCode.getScope(identifier), identifier);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (definition?.type !== "Variable") return undefined;
  const declarator = definition.node;
  if (
    definition.parent?.kind !== "const" ||
    declarator.id.type !== AST_NODE_TYPES.Identifier ||
    declarator.init === null
  ) {
    return undefined;
  }
  return declarator.init;
}

function propertyName(member: TSESTree.MemberExpression): string | undefined {
  if (!member.computed && member.property.type === AST_NODE_TYPES.Identifier) return member.property.name;
  if (member.computed && member.property.type === AST_NODE_TYPES.Literal && typeof member.property.value === "string") {
    return member.property.value;
  }
  return undefined;
}

/** `QUERIES.insert` where `const QUERIES = { insert: "…" }`: the property's value. */
function constPropertyValue(member: TSESTree.MemberExpression, resolution: Resolution): TSESTree.Node | undefined {
  const name = propertyName(member);
  const object = unwrapTypeScript(member.object);
  if (name === undefined || object.type !== AST_NODE_TYPES.Identifier) return undefined;
  const init = constInitializer(object, resolution);
  const literal = init && unwrapTypeScript(init);
  if (literal?.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  let value: TSESTree.Node | undefined;
  for (const property of literal.properties) {
    // A spread may override any key, so nothing after one can be trusted.
    if (property.type === AST_NODE_TYPES.SpreadElement) return undefined;
    if (property.computed || property.kind !== "init") continue;
    const key =
      property.key.type === AST_NODE_TYPES.Identifier
        ? property.key.name
        : property.key.type === AST_NODE_TYPES.Literal
          ? String(property.key.value)
          : undefined;
    if (key === name) value = property.value;
  }
  return value;
}

/** Follows `const` bindings until an expression that is not a reference. */
function resolveReference(node: TSESTree.Node, resolution: Resolution): TSESTree.Node {
  let current = unwrapTypeScript(node);
  // The depth bound also ends cycles (`const a = b, b = a`), which only fail at run time.
  for (let depth = 0; depth < MAX_DEPTH && resolution.budget > 0; depth += 1) {
    resolution.budget -= 1;
    const next =
      current.type === AST_NODE_TYPES.Identifier
        ? constInitializer(current, resolution)
        : current.type === AST_NODE_TYPES.MemberExpression
          ? constPropertyValue(current, resolution)
          : undefined;
    if (next === undefined) return current;
    current = unwrapTypeScript(next);
  }
  return current;
}

function buildTemplate(
  template: TSESTree.TemplateLiteral,
  resolution: Resolution,
  depth: number,
): SqlBuilder | undefined {
  const text = resolution.sourceCode.text;
  // typescript-estree's TemplateElement range covers the backtick and `${`/`}`; espree's does not.
  const delimited = template.quasis[0]?.range[0] === template.range[0];
  const rawRange = (quasi: TSESTree.TemplateElement): [number, number] =>
    delimited ? [quasi.range[0] + 1, quasi.range[1] - (quasi.tail ? 1 : 2)] : [quasi.range[0], quasi.range[1]];

  // A tagged template with an escape JavaScript cannot cook (`\u` without hex) has no text to read.
  if (template.quasis.some((quasi) => (quasi.value.cooked as string | null) === null)) return undefined;

  const builder = new SqlBuilder();
  builder.hasString = true;
  template.quasis.forEach((quasi, index) => {
    const [start, end] = rawRange(quasi);
    builder.addLiteral(text, start, end, "template", quasi.value.cooked ?? "");

    const expression = template.expressions[index];
    const nextQuasi = template.quasis[index + 1];
    if (expression === undefined || nextQuasi === undefined) return;
    const inlined = buildExpression(expression, resolution, depth + 1);
    if (inlined) {
      builder.append(inlined);
    } else {
      builder.addHole(text, [end, rawRange(nextQuasi)[0]], { kind: "template", expression, template });
    }
  });
  return builder;
}

/**
 * The SQL text of an expression when it is statically known, holes standing for the values that are
 * not; `undefined` when the expression is not a string built from literals at all.
 */
function buildExpression(node: TSESTree.Node, resolution: Resolution, depth: number): SqlBuilder | undefined {
  if (depth > MAX_DEPTH || resolution.budget <= 0) return undefined;
  resolution.budget -= 1;
  const expression = resolveReference(node, resolution);
  const text = resolution.sourceCode.text;

  switch (expression.type) {
    case AST_NODE_TYPES.Literal: {
      const builder = new SqlBuilder();
      if (typeof expression.value === "string") {
        const host: HostQuote = expression.raw.startsWith("'") ? "single" : "double";
        builder.addLiteral(text, expression.range[0] + 1, expression.range[1] - 1, host, expression.value);
        builder.hasString = true;
        return builder;
      }
      if (typeof expression.value === "number" || typeof expression.value === "bigint") {
        builder.add(String(expression.value), null, { kind: "whole", range: expression.range });
        return builder;
      }
      return undefined;
    }
    case AST_NODE_TYPES.TemplateLiteral:
      return buildTemplate(expression, resolution, depth);
    case AST_NODE_TYPES.TaggedTemplateExpression:
      // Only as the whole query: nested in a `${}`, the tag's value is the tag's business.
      return depth === 0 && isSqlTag(expression.tag) ? buildTemplate(expression.quasi, resolution, depth) : undefined;
    case AST_NODE_TYPES.BinaryExpression: {
      if (expression.operator !== "+") return undefined;
      const builder = new SqlBuilder();
      for (const operand of [expression.left, expression.right]) {
        const part = buildExpression(operand, resolution, depth + 1);
        if (part) builder.append(part);
        else builder.addHole(text, operand.range, { kind: "concatenation", expression: operand });
      }
      return builder.hasString ? builder : undefined;
    }
    default:
      return undefined;
  }
}

/** By the expression asked about and by the expression it resolves to; `null`: not SQL built from literals. */
const sources = new WeakMap<TSESTree.Node, SqlSource | null>();

/**
 * The SQL an expression evaluates to: string and template literals (escapes decoded), `sql` tagged
 * templates, `const` bindings in scope and `+` concatenations of those; `undefined` when the value
 * is not built from a literal. One object per expression, so callers can tell "the same string
 * reached twice" by identity.
 */
export function sqlSourceOf(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): SqlSource | undefined {
  // Four rules ask about the same argument: resolve it once.
  const known = sources.get(node);
  if (known !== undefined) return known ?? undefined;
  const resolution: Resolution = { sourceCode, budget: RESOLUTION_BUDGET };
  const root = resolveReference(node, resolution);
  const cached = sources.get(root);
  if (cached !== undefined) {
    sources.set(node, cached);
    return cached ?? undefined;
  }

  const builder = buildExpression(root, resolution, 0);
  const source: SqlSource | null =
    builder?.hasString === true
      ? {
          node: root,
          sql: builder.text,
          pieces: builder.pieces,
          holes: builder.holes,
          tagged: root.type === AST_NODE_TYPES.TaggedTemplateExpression,
        }
      : null;
  sources.set(root, source);
  sources.set(node, source);
  return source ?? undefined;
}

function pieceAt(source: SqlSource, index: number): SqlPiece | undefined {
  let low = 0;
  let high = source.pieces.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const piece = source.pieces[middle] as SqlPiece;
    if (index < piece.start) high = middle - 1;
    else if (index >= piece.end) low = middle + 1;
    else return piece;
  }
  return undefined;
}

/** The source offset where SQL character `index` starts. */
export function sourceStartOf(source: SqlSource, index: number): number {
  const piece = pieceAt(source, index);
  if (!piece) return source.node.range[0];
  const map = piece.map;
  if (map.kind === "linear") return map.offset + (index - piece.start);
  return map.kind === "decoded" ? (map.starts[index - piece.start] as number) : map.range[0];
}

/** The source offset just past SQL character `index`. */
export function sourceEndOf(source: SqlSource, index: number): number {
  const piece = pieceAt(source, index);
  if (!piece) return source.node.range[1];
  const map = piece.map;
  if (map.kind === "linear") return map.offset + (index - piece.start) + 1;
  return map.kind === "decoded" ? (map.ends[index - piece.start] as number) : map.range[1];
}

/**
 * Where a span of the SQL is written. A span runs on through the pieces that follow each other in
 * the source (a template's text and its `${}`), and is cut where the next piece is written
 * elsewhere (the other operand of `+`, a constant).
 */
export function sourceRangeOf(source: SqlSource, span: Span): [number, number] {
  const length = source.sql.length;
  if (length === 0) return [source.node.range[0], source.node.range[1]];
  const first = Math.min(Math.max(span.start, 0), length - 1);
  const wanted = Math.min(Math.max(span.end - 1, first), length - 1);
  let reach = first;
  let piece = pieceAt(source, first);
  while (piece && reach < wanted) {
    reach = Math.min(wanted, piece.end - 1);
    const next = pieceAt(source, piece.end);
    if (reach === wanted || !next || sourceStartOf(source, next.start) !== sourceEndOf(source, piece.end - 1)) break;
    piece = next;
  }
  const start = sourceStartOf(source, first);
  const end = sourceEndOf(source, reach);
  return [start, Math.max(end, start)];
}

/**
 * The source edit that makes `edit` in the SQL, or `undefined` where none can be offered safely:
 * the span must sit inside one literal, away from any `${}`, and read in the source exactly as
 * in the SQL (no escapes inside it). The new text is escaped for the literal it lands in.
 */
export function sourceEditFor(
  source: SqlSource,
  sourceText: string,
  edit: TextEdit,
): { range: [number, number]; text: string } | undefined {
  if (edit.start >= edit.end || edit.start < 0 || edit.end > source.sql.length) return undefined;
  const piece = pieceAt(source, edit.start);
  if (piece?.host === null || piece === undefined || edit.end > piece.end) return undefined;
  const range: [number, number] = [sourceStartOf(source, edit.start), sourceEndOf(source, edit.end - 1)];
  if (sourceText.slice(range[0], range[1]) !== source.sql.slice(edit.start, edit.end)) return undefined;
  return { range, text: escapeForHost(edit.text, piece.host) };
}

/** The method name of `receiver.method(…)`, `receiver?.method(…)`, `receiver["method"](…)`. */
export function calledMethodName(call: TSESTree.CallExpression): string | undefined {
  const callee = unwrapTypeScript(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : undefined;
}

/** The outermost `+` chain (or the node itself) a string literal or template is part of. */
export function concatenationRoot(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  let parent = current.parent;
  while (
    parent &&
    ((parent.type === AST_NODE_TYPES.BinaryExpression && parent.operator === "+") ||
      parent.type === AST_NODE_TYPES.TSAsExpression ||
      parent.type === AST_NODE_TYPES.TSSatisfiesExpression ||
      parent.type === AST_NODE_TYPES.TSNonNullExpression)
  ) {
    current = parent;
    parent = current.parent;
  }
  return current;
}
