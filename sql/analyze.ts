import { isPunct, lex, tokenIndexAt, word, type Token } from "./lexer.js";
import { findQualifiedName, readQualifiedName, truncateIdentifier, type NamePart } from "./names.js";
import { isSqlParserLoaded, tryParse, type ParseOutcome } from "./parser.js";
import { plpgsqlPieces } from "./plpgsql.js";
import { scanStatement, type ScannedStatement } from "./scan-fallback.js";
import { splitStatements, type TokenRange } from "./split.js";
import { maskIdentifier, overlaps, readTemplates } from "./templates.js";
import { ByteOffsets, codePointToIndex, sanitizeForParser } from "./text.js";
import type {
  AnalyzeOptions,
  HoleUse,
  RelationKind,
  RelationRef,
  SearchPathChange,
  Span,
  SqlAnalysis,
  SqlError,
  TemplateProblem,
  TemplateToken,
} from "./types.js";

type Json = Record<string, unknown>;

/** A piece of SQL handed to the parser, and where each of its characters stands in the analysed text. */
interface Unit {
  text: string;
  /** characters added in front of the piece (`SELECT ` before a PL/pgSQL expression) */
  prefix: number;
  toOuter: (index: number) => number;
  bytes: ByteOffsets;
  tokens: Token[] | undefined;
  context: "top" | "plpgsql" | "sqlbody";
  depth: number;
}

interface Context {
  unit: Unit;
  statement: string;
  /** CTE names visible here */
  cte: ReadonlySet<string>;
  statementSpan: Span;
  statementTokens: TokenRange;
  /** the target of INSERT/UPDATE/DELETE/MERGE, which is never a CTE */
  target: boolean;
  /** the statement label comes from the next *Stmt node (SQL-standard function bodies) */
  labelFromNode: boolean;
}

interface RawRelation extends Span {
  nameSpan: Span;
  schemaSpan?: Span;
  name: string;
  schema?: string;
  statement: string;
  inCte: boolean;
  fromScan?: true;
}

interface HoleState {
  span: Span;
  /** the identifier that stands for it while parsing, when it names this hole alone */
  mask?: string;
  masked: boolean;
  position?: HoleUse["position"];
  /** parsed only after it was blanked out or rewritten: its position cannot be known */
  rewritten: boolean;
}

const emptyScope: ReadonlySet<string> = new Set();
const maxAstDepth = 1200;
const maxBodyDepth = 4;
const defaultAllowedSchemas: ReadonlySet<string> = new Set(["pg_catalog", "information_schema"]);
const noNames: ReadonlySet<string> = new Set();
const relationObjectTypes = new Set([
  "OBJECT_TABLE", "OBJECT_VIEW", "OBJECT_MATVIEW", "OBJECT_INDEX", "OBJECT_SEQUENCE", "OBJECT_FOREIGN_TABLE",
]);
const onRelationObjectTypes = new Set(["OBJECT_TRIGGER", "OBJECT_POLICY", "OBJECT_RULE", "OBJECT_TABCONSTRAINT"]);

class TooDeep extends Error {}

function asObject(value: unknown): Json | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : undefined;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** libpg-query leaves out fields that are 0, so a missing location is position 0. */
function locationOf(node: Json): number {
  const location = node.location;
  return typeof location === "number" ? location : 0;
}

function stringValue(node: unknown): string | undefined {
  return asString(asObject(asObject(node)?.String)?.sval);
}

function listValues(node: unknown): string[] {
  const list = asObject(node);
  const items = asArray(asObject(list?.List)?.items ?? (Array.isArray(node) ? node : []));
  return items.map(stringValue).filter((value): value is string => value !== undefined);
}

/** The node type of a `{ "SelectStmt": { … } }` wrapper: its only key, when it starts with A-Z. */
function nodeType(node: Json): string | undefined {
  // A loop over the keys, not Object.keys(): this runs on every object of every tree.
  let type: string | undefined;
  for (const key in node) {
    if (type !== undefined) return undefined;
    type = key;
  }
  if (type === undefined) return undefined;
  const first = type.charCodeAt(0);
  return first >= 65 && first <= 90 ? type : undefined;
}

/** A copy of `context` with some fields changed (written out: object spreads are slow on Node 20). */
function withContext(
  context: Context,
  changes: { statement?: string; cte?: ReadonlySet<string>; target?: boolean; labelFromNode?: boolean },
): Context {
  return {
    unit: context.unit,
    statement: changes.statement ?? context.statement,
    cte: changes.cte ?? context.cte,
    statementSpan: context.statementSpan,
    statementTokens: context.statementTokens,
    target: changes.target ?? context.target,
    labelFromNode: changes.labelFromNode ?? context.labelFromNode,
  };
}

function searchPathChange(form: SearchPathChange["form"], span: Span): SearchPathChange {
  return { form, start: span.start, end: span.end };
}

function withNames(scope: ReadonlySet<string>, names: readonly string[]): ReadonlySet<string> {
  if (names.length === 0) return scope;
  const next = new Set(scope);
  for (const name of names) next.add(name);
  return next;
}

function makeUnit(text: string, prefix: number, toOuter: (index: number) => number, context: Unit["context"], depth: number): Unit {
  return { text, prefix, toOuter, bytes: new ByteOffsets(text), tokens: undefined, context, depth };
}

function unitTokens(unit: Unit): Token[] {
  unit.tokens ??= lex(unit.text);
  return unit.tokens;
}

export function analyzeUncached(sql: string, options: AnalyzeOptions): SqlAnalysis {
  return new Analyzer(typeof sql === "string" ? sql : "", options ?? {}).run();
}

class Analyzer {
  private readonly holes: HoleState[];
  private readonly holeByMask = new Map<string, HoleState>();
  private readonly templates: TemplateToken[];
  private readonly problems: TemplateProblem[];
  /** every template (also those inside a hole), for classification */
  private readonly templateSpans: (TemplateToken | TemplateProblem)[];
  private readonly work: string;
  private readonly relations: RawRelation[] = [];
  private readonly tempNames = new Set<string>();
  private readonly searchPath: SearchPathChange[] = [];
  private readonly errors: SqlError[] = [];
  private readonly statements: Span[] = [];
  private readonly allowedSchemas: ReadonlySet<string>;
  private readonly ignoreTables: ReadonlySet<string>;
  private parsed = true;
  private workTokens: Token[] | undefined;
  private top: Unit | undefined;

  constructor(
    private readonly sql: string,
    options: AnalyzeOptions,
  ) {
    this.holes = normalizeHoles(options.holes, sql.length);
    this.allowedSchemas = options.allowedSchemas == null ? defaultAllowedSchemas : lowerCased(options.allowedSchemas);
    this.ignoreTables = options.ignoreTables == null ? noNames : lowerCased(options.ignoreTables);

    // Templates are read with every splice written as identifier characters, so that a `${…}` never
    // looks like (part of) a template and `{{tables.${name}}}` reads as one template over a splice.
    const holeFree = this.holes.length === 0 ? sql : replaceSpans(sql, this.holes.map((hole) => ({ start: hole.span.start, end: hole.span.end, text: "x".repeat(hole.span.end - hole.span.start) })));
    const { tokens, problems } = readTemplates(holeFree);
    // readTemplates lists each kind in text order; merged, they need a (stable) sort.
    this.templateSpans = problems.length === 0 ? tokens : [...tokens, ...problems].sort((a, b) => a.start - b.start);
    if (this.holes.length === 0) {
      this.templates = tokens;
      this.problems = problems;
    } else {
      const inHole = (span: Span): boolean => this.holes.some((hole) => overlaps(hole.span, span));
      this.templates = tokens.filter((token) => !inHole(token));
      this.problems = problems.filter((problem) => !inHole(problem));
    }

    const replacements: (Span & { text: string })[] = this.templateSpans.map((span, index) => ({
      start: span.start,
      end: span.end,
      text: maskIdentifier("t", index, span.end - span.start).text,
    }));
    this.holes.forEach((hole, index) => {
      if (!hole.masked || this.templateSpans.some((span) => overlaps(span, hole.span))) return;
      const mask = maskIdentifier("h", index, hole.span.end - hole.span.start);
      replacements.push({ start: hole.span.start, end: hole.span.end, text: mask.text });
      if (mask.unique) {
        hole.mask = mask.text;
        this.holeByMask.set(truncateIdentifier(mask.text), hole);
      }
    });
    this.work = sanitizeForParser(replaceSpans(sql, replacements));
  }

  run(): SqlAnalysis {
    if (!isSqlParserLoaded()) {
      this.parsed = false;
      this.scanEverything();
    } else {
      const outcome = tryParse(this.work);
      if (outcome.ok) this.analyzeParsedText(outcome);
      else this.analyzeStatementByStatement();
    }
    return this.finish();
  }

  private tokens(): Token[] {
    this.workTokens ??= lex(this.work);
    return this.workTokens;
  }

  private topUnit(): Unit {
    if (this.top === undefined) {
      this.top = makeUnit(this.work, 0, (index) => index, "top", 0);
      this.top.tokens = this.tokens();
    }
    return this.top;
  }

  private analyzeParsedText(outcome: Extract<ParseOutcome, { ok: true }>): void {
    const unit = this.topUnit();
    for (const entry of asArray(outcome.result.stmts)) {
      const raw = asObject(entry);
      const statement = asObject(raw?.stmt);
      if (!raw || !statement) continue;
      const range = this.statementRange(unit, raw);
      if (range === undefined) continue;
      const span = { start: unit.tokens![range.from]!.start, end: unit.tokens![range.to - 1]!.end };
      this.statements.push(span);
      this.visitStatement(unit, statement, span, range);
    }
  }

  /** Token range of a parsed statement, from its byte location and length. */
  private statementRange(unit: Unit, raw: Json): TokenRange | undefined {
    const tokens = unitTokens(unit);
    const startByte = typeof raw.stmt_location === "number" ? raw.stmt_location : 0;
    const lengthBytes = typeof raw.stmt_len === "number" ? raw.stmt_len : 0;
    const start = Math.max(unit.prefix, unit.bytes.toIndex(startByte));
    const end = lengthBytes > 0 ? unit.bytes.toIndex(startByte + lengthBytes) : unit.text.length;
    const from = tokenIndexAt(tokens, start);
    let to = tokenIndexAt(tokens, end);
    while (to > from && isPunct(unit.text, tokens[to - 1], ";")) to--;
    return from < to ? { from, to } : undefined;
  }

  private analyzeStatementByStatement(): void {
    this.parsed = false;
    const tokens = this.tokens();
    for (const range of splitStatements(this.work, tokens)) {
      const span = { start: tokens[range.from]!.start, end: tokens[range.to - 1]!.end };
      this.statements.push(span);
      this.analyzeChunk(span, range);
    }
    this.parsed = this.errors.length === 0;
  }

  /** One statement of a text that did not parse as a whole. */
  private analyzeChunk(span: Span, range: TokenRange): void {
    const holes = this.holes.filter((hole) => hole.masked && hole.mask !== undefined && overlaps(hole.span, span));
    const variants = new Map<HoleState, number>();
    let text = this.work.slice(span.start, span.end);
    let outcome = tryParse(text);
    // A splice that is not a value or a name (`ORDER BY ${col} ${dir}`, `VALUES ${rows}`,
    // `SET ${pairs}`) breaks the grammar; rewrite the one next to the error until the rest parses.
    for (let attempt = 0; !outcome.ok && attempt < holes.length * 3 && outcome.cursor !== undefined; attempt++) {
      const errorAt = span.start + codePointToIndex(text, outcome.cursor);
      const hole = [...holes].reverse().find((candidate) => candidate.span.start <= errorAt && (variants.get(candidate) ?? 0) < 3);
      if (hole === undefined) break;
      const variant = (variants.get(hole) ?? 0) + 1;
      variants.set(hole, variant);
      const width = hole.span.end - hole.span.start;
      const offset = hole.span.start - span.start;
      text = text.slice(0, offset) + rewrittenHole(variant, width) + text.slice(offset + width);
      outcome = tryParse(text);
    }
    if (outcome.ok) {
      for (const [hole, variant] of variants) if (variant > 0) hole.rewritten = true;
      const unit = makeUnit(text, 0, (index) => span.start + index, "top", 0);
      for (const entry of asArray(outcome.result.stmts)) {
        const raw = asObject(entry);
        const statement = asObject(raw?.stmt);
        if (!raw || !statement) continue;
        const statementRange = this.statementRange(unit, raw);
        if (statementRange === undefined) continue;
        const tokens = unitTokens(unit);
        const statementSpan = { start: span.start + tokens[statementRange.from]!.start, end: span.start + tokens[statementRange.to - 1]!.end };
        this.visitStatement(unit, statement, statementSpan, statementRange);
      }
      return;
    }
    const errorIndex = outcome.cursor === undefined ? 0 : codePointToIndex(text, outcome.cursor);
    this.errors.push({ message: this.readableMessage(outcome.message), offset: Math.min(span.start + errorIndex, this.sql.length) });
    const unit = this.topUnit();
    this.addScanned(unit, scanStatement(this.work, unit.tokens!, range.from, range.to), undefined);
  }

  /** PostgreSQL quotes the token it stopped at; say what the author wrote, not the mask. */
  private readableMessage(message: string): string {
    let readable = message;
    for (const span of this.templateSpans) {
      const mask = this.work.slice(span.start, span.end);
      if (readable.includes(`"${mask}"`)) readable = readable.split(`"${mask}"`).join(`"${this.sql.slice(span.start, span.end)}"`);
    }
    for (const hole of this.holes) {
      if (hole.mask !== undefined && readable.includes(`"${hole.mask}"`)) {
        readable = readable.split(`"${hole.mask}"`).join(`"${this.sql.slice(hole.span.start, hole.span.end)}"`);
      }
    }
    return readable;
  }

  private scanEverything(): void {
    const unit = this.topUnit();
    for (const range of splitStatements(this.work, unit.tokens!)) {
      this.statements.push({ start: unit.tokens![range.from]!.start, end: unit.tokens![range.to - 1]!.end });
      this.addScanned(unit, scanStatement(this.work, unit.tokens!, range.from, range.to), undefined);
    }
  }

  private addScanned(unit: Unit, scanned: ScannedStatement, label: string | undefined): void {
    for (const name of scanned.tempNames) this.tempNames.add(name);
    const statement = label ?? scanned.statement;
    for (const parts of scanned.names) {
      this.record(unit, parts, parts.map((part) => part.value), statement, scanned.cteNames, false, true);
    }
    const tokens = unitTokens(unit);
    for (const change of scanned.searchPath) {
      const first = tokens[change.tokenFrom];
      const last = tokens[change.tokenTo - 1];
      if (first && last) this.searchPath.push(searchPathChange(change.form, this.outerSpan(unit, first.start, last.end)));
    }
  }

  private outerSpan(unit: Unit, start: number, end: number): Span {
    const outerStart = unit.toOuter(Math.max(start, unit.prefix));
    const outerEnd = end > start ? unit.toOuter(Math.max(end - 1, unit.prefix)) + 1 : outerStart;
    return { start: outerStart, end: Math.max(outerStart, outerEnd) };
  }

  private visitStatement(unit: Unit, statement: Json, span: Span, range: TokenRange, labelFromNode = false): void {
    const type = nodeType(statement) ?? "unknown";
    const context: Context = {
      unit,
      statement: unit.context === "plpgsql" ? "plpgsql" : type,
      cte: emptyScope,
      statementSpan: span,
      statementTokens: range,
      target: false,
      labelFromNode,
    };
    const before = this.relations.length;
    try {
      this.visit(statement, context, 0);
    } catch (error) {
      if (!(error instanceof TooDeep) && !(error instanceof RangeError)) throw error;
      // Too deep to walk safely: what was found stays, the tokenizer-level scan adds the rest.
      const scanned = scanStatement(unit.text, unitTokens(unit), range.from, range.to);
      const known = new Set(this.relations.slice(before).map((relation) => relation.start));
      scanned.names = scanned.names.filter((parts) => !known.has(unit.toOuter(parts[0]!.start)));
      this.addScanned(unit, scanned, context.statement);
    }
  }

  private visit(value: unknown, context: Context, depth: number): void {
    if (depth > maxAstDepth) throw new TooDeep();
    if (typeof value !== "object" || value === null) {
      if (typeof value === "string" && this.holeByMask.size > 0) this.noteIdentifier(value);
      return;
    }
    if (Array.isArray(value)) {
      for (const item of value) this.visit(item, context, depth + 1);
      return;
    }
    const node = value as Json;
    const type = nodeType(node);
    if (type !== undefined) {
      const inner = asObject(node[type]);
      if (!inner) return;
      if (context.labelFromNode && type.endsWith("Stmt")) {
        this.visitNode(type, inner, withContext(context, { statement: type, labelFromNode: false }), depth + 1);
      } else {
        this.visitNode(type, inner, context, depth + 1);
      }
      return;
    }
    this.visitFields(node, context, depth);
  }

  private visitFields(node: Json, context: Context, depth: number): void {
    if (typeof node.relname === "string") {
      this.relation(node, context);
      return;
    }
    for (const key in node) this.visit(node[key], context, depth + 1);
  }

  private visitNode(type: string, node: Json, context: Context, depth: number): void {
    switch (type) {
      case "SelectStmt":
      case "InsertStmt":
      case "UpdateStmt":
      case "DeleteStmt":
      case "MergeStmt":
        this.dml(type, node, context, depth);
        return;
      case "RangeVar":
        this.relation(node, context);
        return;
      case "ColumnRef":
        if (this.holeByMask.size > 0) this.columnRefHole(node, context, "value");
        return;
      case "A_Const":
      case "LockingClause":
      case "AlterFunctionStmt":
        // A_Const: literals hold no names. LockingClause: `FOR UPDATE OF x` names a FROM item, not a
        // table. ALTER FUNCTION … SET search_path is scoped to the function.
        return;
      case "FuncCall":
        this.setConfig(node, context);
        this.visitFields(node, context, depth);
        return;
      case "VariableSetStmt":
        this.variableSet(node, context, "set");
        return;
      case "AlterRoleSetStmt":
        this.variableSet(asObject(node.setstmt), context, "alter_role");
        return;
      case "AlterDatabaseSetStmt":
        this.variableSet(asObject(node.setstmt), context, "alter_database");
        return;
      case "AlterSystemStmt":
        this.variableSet(asObject(node.setstmt), context, "set");
        return;
      case "CreateFunctionStmt":
        this.createFunction(node, context, depth);
        return;
      case "DoStmt":
        this.doBlock(node, context);
        return;
      case "DropStmt":
        this.namedObjects(asString(node.removeType), asArray(node.objects), context);
        return;
      case "CommentStmt":
      case "SecLabelStmt":
        this.namedObjects(asString(node.objtype), [node.object], context);
        return;
      case "TriggerTransition": {
        // REFERENCING NEW TABLE AS new_rows: the trigger function reads it like a temporary table.
        const name = asString(node.name);
        if (name !== undefined) this.tempNames.add(name);
        return;
      }
      case "DefElem":
        if (node.defname === "owned_by") this.ownedBy(node, context);
        else this.visitFields(node, context, depth);
        return;
      default:
        this.visitFields(node, context, depth);
    }
  }

  private dml(type: string, node: Json, context: Context, depth: number): void {
    let scope = context.cte;
    const withClause = asObject(node.withClause);
    if (withClause) {
      const ctes = asArray(withClause.ctes).map((cte) => asObject(asObject(cte)?.CommonTableExpr));
      const names = ctes.map((cte) => asString(cte?.ctename)).filter((name): name is string => name !== undefined);
      const recursive = withClause.recursive === true;
      ctes.forEach((cte, index) => {
        if (!cte) return;
        // A non-recursive CTE sees the ones before it, not itself: `WITH users AS (SELECT … FROM users)`
        // reads the table.
        const bodyScope = withNames(scope, recursive ? names : names.slice(0, index));
        this.visit(cte.ctequery, withContext(context, { cte: bodyScope, target: false }), depth + 1);
      });
      scope = withNames(scope, names);
    }
    const inner = withContext(context, { cte: scope, target: false });
    if (type === "SelectStmt" && this.holeByMask.size > 0) this.identifierSlots(node, inner);
    for (const key in node) {
      if (key === "withClause" || key === "lockingClause") continue;
      if (key === "intoClause" && context.unit.context === "plpgsql") continue;
      if (key === "relation" && type !== "SelectStmt") {
        const relation = asObject(node.relation);
        if (relation) this.relation(asObject(relation.RangeVar) ?? relation, withContext(inner, { target: true }));
        continue;
      }
      this.visit(node[key], inner, depth + 1);
    }
  }

  /** `SELECT ${col}`, `ORDER BY ${col}`, `GROUP BY ${col}`: a splice there names a column. */
  private identifierSlots(node: Json, context: Context): void {
    const direct: unknown[] = [];
    for (const target of asArray(node.targetList)) direct.push(asObject(asObject(target)?.ResTarget)?.val);
    for (const sort of asArray(node.sortClause)) direct.push(asObject(asObject(sort)?.SortBy)?.node);
    direct.push(...asArray(node.groupClause), ...asArray(node.distinctClause));
    for (const item of direct) {
      const columnRef = asObject(asObject(item)?.ColumnRef);
      if (columnRef) this.columnRefHole(columnRef, context, "identifier");
    }
  }

  private relation(node: Json, context: Context): void {
    const relname = asString(node.relname);
    if (relname === undefined) return;
    const values = [asString(node.catalogname), asString(node.schemaname), relname].filter(
      (value): value is string => value !== undefined && value !== "",
    );
    const parts = this.namePartsAt(context, locationOf(node), values);
    if (parts === undefined) return;
    if (node.relpersistence === "t" && values.length === 1) this.tempNames.add(relname);
    this.record(context.unit, parts, values, context.statement, context.cte, context.target, false);
    const alias = asString(asObject(node.alias)?.aliasname);
    if (alias !== undefined && this.holeByMask.size > 0) this.noteIdentifier(alias);
  }

  /** The written parts of a name the parser located at `location` (UTF-8 bytes of the unit). */
  private namePartsAt(context: Context, location: number, values: readonly string[]): NamePart[] | undefined {
    const { unit } = context;
    const tokens = unitTokens(unit);
    if (location >= 0) {
      const index = unit.bytes.toIndex(location);
      const k = tokenIndexAt(tokens, index);
      if (tokens[k]?.start === index) {
        const name = readQualifiedName(unit.text, tokens, k);
        if (name !== undefined && name.parts.length >= values.length) return name.parts.slice(0, values.length);
      }
    }
    return findQualifiedName(unit.text, tokens, context.statementTokens.from, context.statementTokens.to, values)?.parts;
  }

  private record(
    unit: Unit,
    parts: readonly NamePart[],
    values: readonly string[],
    statement: string,
    cte: ReadonlySet<string>,
    target: boolean,
    fromScan: boolean,
  ): void {
    const count = parts.length;
    if (count === 0 || values.length !== count) return;
    const namePart = parts[count - 1]!;
    const schemaPart = count >= 2 ? parts[count - 2] : undefined;
    const name = values[count - 1]!;
    const span = this.outerSpan(unit, parts[0]!.start, namePart.end);
    // Literal objects, not spreads: spreading a span costs microseconds on Node 20.
    const relation: RawRelation = {
      start: span.start,
      end: span.end,
      nameSpan: this.outerSpan(unit, namePart.start, namePart.end),
      name,
      statement,
      inCte: count === 1 && !target && cte.has(name),
    };
    if (schemaPart) {
      relation.schemaSpan = this.outerSpan(unit, schemaPart.start, schemaPart.end);
      relation.schema = values[count - 2]!;
    }
    if (fromScan) relation.fromScan = true;
    this.relations.push(relation);
  }

  private namedObjects(objectType: string | undefined, objects: unknown[], context: Context): void {
    if (objectType === undefined) return;
    const { unit } = context;
    const tokens = unitTokens(unit);
    const { to } = context.statementTokens;
    let cursor = context.statementTokens.from;
    for (const object of objects) {
      const values = listValues(object);
      if (values.length === 0) continue;
      let wanted = values;
      let keep = values.length;
      let from = cursor;
      if (relationObjectTypes.has(objectType)) {
        // the whole name
      } else if (objectType === "OBJECT_COLUMN" && values.length >= 2) {
        keep = values.length - 1;
      } else if (onRelationObjectTypes.has(objectType) && values.length >= 2) {
        // `trigger ON table`: the table comes after ON.
        wanted = values.slice(0, -1);
        keep = wanted.length;
        while (from < to && word(unit.text, tokens[from]) !== "on") from++;
      } else {
        continue;
      }
      const found = findQualifiedName(unit.text, tokens, from, to, wanted);
      if (found === undefined) continue;
      this.record(unit, found.parts.slice(0, keep), wanted.slice(0, keep), context.statement, context.cte, false, false);
      cursor = found.index + 1;
    }
  }

  /** `OWNED BY table.column` of CREATE/ALTER SEQUENCE. */
  private ownedBy(node: Json, context: Context): void {
    const values = listValues(node.arg);
    if (values.length < 2) return;
    const { unit } = context;
    const tokens = unitTokens(unit);
    let from = context.statementTokens.from;
    while (from < context.statementTokens.to && word(unit.text, tokens[from]) !== "owned") from++;
    const found = findQualifiedName(unit.text, tokens, from, context.statementTokens.to, values);
    if (found) this.record(unit, found.parts.slice(0, -1), values.slice(0, -1), context.statement, context.cte, false, false);
  }

  private variableSet(node: Json | undefined, context: Context, form: SearchPathChange["form"]): void {
    if (!node || node.name !== "search_path") return;
    const kind = asString(node.kind);
    const reported: SearchPathChange["form"] = form === "set" && kind === "VAR_RESET" ? "reset" : form;
    this.searchPath.push(searchPathChange(reported, context.statementSpan));
  }

  private setConfig(node: Json, context: Context): void {
    const names = listValues(node.funcname);
    if (names[names.length - 1] !== "set_config") return;
    const first = asObject(asObject(asArray(node.args)[0])?.A_Const);
    const setting = asString(asObject(first?.sval)?.sval);
    if (setting?.toLowerCase() !== "search_path") return;
    const { unit } = context;
    const tokens = unitTokens(unit);
    let k = tokenIndexAt(tokens, unit.bytes.toIndex(locationOf(node)));
    const start = tokens[k]?.start;
    if (start === undefined) return;
    while (k < tokens.length && !isPunct(unit.text, tokens[k], "(")) k++;
    let depth = 0;
    for (; k < tokens.length; k++) {
      if (isPunct(unit.text, tokens[k], "(")) depth++;
      else if (isPunct(unit.text, tokens[k], ")") && --depth === 0) break;
    }
    const end = tokens[Math.min(k, tokens.length - 1)]!.end;
    this.searchPath.push(searchPathChange("set_config", this.outerSpan(unit, start, end)));
  }

  private createFunction(node: Json, context: Context, depth: number): void {
    const options = asArray(node.options).map((option) => asObject(asObject(option)?.DefElem));
    const language = options.find((option) => option?.defname === "language");
    const body = options.find((option) => option?.defname === "as");
    const languageName = (stringValue(language?.arg) ?? "sql").toLowerCase();
    if (node.sql_body !== undefined) {
      this.visit(node.sql_body, withContext(context, { labelFromNode: true }), depth + 1);
      return;
    }
    if (!body || listValues(body.arg).length !== 1) return;
    this.functionBody(context, locationOf(body), languageName);
  }

  private doBlock(node: Json, context: Context): void {
    const args = asArray(node.args).map((option) => asObject(asObject(option)?.DefElem));
    const body = args.find((option) => option?.defname === "as");
    const language = args.find((option) => option?.defname === "language");
    if (!body) return;
    this.functionBody(context, locationOf(body), (stringValue(language?.arg) ?? "plpgsql").toLowerCase());
  }

  private functionBody(context: Context, location: number, language: string): void {
    const { unit } = context;
    if (unit.depth >= maxBodyDepth || (language !== "plpgsql" && language !== "sql")) return;
    const tokens = unitTokens(unit);
    const from = Math.max(tokenIndexAt(tokens, unit.bytes.toIndex(location)), context.statementTokens.from);
    let k = from;
    while (k < context.statementTokens.to && tokens[k]!.kind !== "string") k++;
    const token = tokens[k];
    if (token === undefined || k >= context.statementTokens.to) return;
    const decoded = decodeStringToken(unit.text, token);
    if (decoded === undefined) return;
    const bodyToOuter = (index: number): number => unit.toOuter(decoded.toUnit(index));
    const body = sanitizeForParser(decoded.text);
    if (language === "plpgsql") this.plpgsqlBody(body, bodyToOuter, unit.depth + 1);
    else this.sqlBody(body, bodyToOuter, unit.depth + 1);
  }

  private plpgsqlBody(body: string, toOuter: (index: number) => number, depth: number): void {
    for (const piece of plpgsqlPieces(body, lex(body))) {
      let text = body.slice(piece.start, piece.end);
      for (const blank of piece.blanks) {
        const start = blank.start - piece.start;
        const end = blank.end - piece.start;
        text = text.slice(0, start) + " ".repeat(end - start) + text.slice(end);
      }
      if (piece.perform !== undefined) {
        const at = piece.perform - piece.start;
        text = text.slice(0, at) + "SELECT " + text.slice(at + 7);
      }
      const prefix = piece.kind === "expr" ? 7 : 0;
      const unit = makeUnit(
        (prefix ? "SELECT " : "") + text,
        prefix,
        (index) => toOuter(piece.start + Math.max(0, index - prefix)),
        "plpgsql",
        depth,
      );
      this.analyzeUnit(unit, piece.kind === "sql");
    }
  }

  private sqlBody(body: string, toOuter: (index: number) => number, depth: number): void {
    const unit = makeUnit(body, 0, toOuter, "sqlbody", depth);
    if (this.analyzeUnit(unit, false)) return;
    const tokens = unitTokens(unit);
    for (const range of splitStatements(body, tokens)) {
      const start = tokens[range.from]!.start;
      const piece = makeUnit(body.slice(start, tokens[range.to - 1]!.end), 0, (index) => toOuter(start + index), "sqlbody", depth);
      this.analyzeUnit(piece, true);
    }
  }

  /** Parses and walks a function-body piece; errors there are not reported (PostgreSQL reports them at run time). */
  private analyzeUnit(unit: Unit, scanOnFailure: boolean): boolean {
    const outcome = tryParse(unit.text);
    if (outcome.ok) {
      for (const entry of asArray(outcome.result.stmts)) {
        const raw = asObject(entry);
        const statement = asObject(raw?.stmt);
        if (!raw || !statement) continue;
        const range = this.statementRange(unit, raw);
        if (range === undefined) continue;
        const tokens = unitTokens(unit);
        const span = this.outerSpan(unit, tokens[range.from]!.start, tokens[range.to - 1]!.end);
        this.visitStatement(unit, statement, span, range);
      }
      return true;
    }
    if (scanOnFailure) {
      const tokens = unitTokens(unit);
      const scanned = scanStatement(unit.text, tokens, 0, tokens.length, { intoIsVariable: unit.context === "plpgsql" });
      this.addScanned(unit, scanned, unit.context === "plpgsql" ? "plpgsql" : undefined);
    }
    return false;
  }

  private columnRefHole(node: Json, context: Context, position: "value" | "identifier"): void {
    const { unit } = context;
    const tokens = unitTokens(unit);
    const index = unit.bytes.toIndex(locationOf(node));
    const k = tokenIndexAt(tokens, index);
    if (tokens[k]?.start !== index) return;
    const name = readQualifiedName(unit.text, tokens, k);
    if (!name) return;
    for (const part of name.parts) {
      const hole = this.holeAt(this.outerSpan(unit, part.start, part.end));
      if (hole && hole.position === undefined) hole.position = name.parts.length === 1 ? position : "identifier";
    }
  }

  private noteIdentifier(value: string): void {
    const hole = this.holeByMask.get(value);
    if (hole && hole.position === undefined) hole.position = "identifier";
  }

  private holeAt(span: Span): HoleState | undefined {
    return this.holes.find((hole) => hole.masked && overlaps(hole.span, span));
  }

  private finish(): SqlAnalysis {
    // In text order; of the references found at one span, the first one found counts (the sort is stable).
    const raws = this.relations.length > 1 ? this.relations.sort((a, b) => a.start - b.start || a.end - b.end) : this.relations;
    const relations: RelationRef[] = [];
    let previous: RawRelation | undefined;
    for (const raw of raws) {
      if (previous !== undefined && raw.start === previous.start && raw.end === previous.end) continue;
      previous = raw;
      if (raw.start < 0 || raw.end > this.sql.length || raw.start > raw.end) continue;
      relations.push(this.classify(raw));
    }
    const holes: HoleUse[] = this.holes.map((hole) => ({ start: hole.span.start, end: hole.span.end, position: this.holePosition(hole) }));
    return {
      parsed: this.parsed && this.errors.length === 0,
      errors: this.errors,
      statements: this.statements,
      relations,
      searchPath: this.searchPath.length === 0 ? this.searchPath : dedupeSpans(this.searchPath),
      holes,
      templates: this.templates,
      templateProblems: this.problems,
    };
  }

  private holePosition(hole: HoleState): HoleUse["position"] {
    if (hole.position === "relation") return "relation";
    if (hole.rewritten || !hole.masked) return "other";
    if (hole.position) return hole.position;
    // A splice that fills a whole string literal ('${name}') stands where a parameter could.
    const tokens = this.tokens();
    const token = tokens[tokenIndexAt(tokens, hole.span.start) - 1];
    if (
      token?.kind === "string" &&
      token.start === hole.span.start - 1 &&
      token.end === hole.span.end + 1 &&
      this.work[token.start] === "'"
    ) {
      return "value";
    }
    return "other";
  }

  private classify(raw: RawRelation): RelationRef {
    const relation: RelationRef = {
      start: raw.start,
      end: raw.end,
      kind: "bare",
      name: raw.name,
      nameSpan: raw.nameSpan,
      statement: raw.statement,
    };
    if (raw.schema !== undefined) relation.schema = raw.schema;
    if (raw.schemaSpan) relation.schemaSpan = raw.schemaSpan;
    if (raw.fromScan) relation.fromScan = true;
    relation.kind = this.kindOf(raw, relation);
    return relation;
  }

  private kindOf(raw: RawRelation, relation: RelationRef): RelationKind {
    const hole = this.holes.find((candidate) => overlaps(candidate.span, raw));
    if (hole) {
      hole.position = "relation";
      relation.name = this.sql.slice(raw.nameSpan.start, raw.nameSpan.end);
      if (raw.schemaSpan) relation.schema = this.sql.slice(raw.schemaSpan.start, raw.schemaSpan.end);
      return "hole";
    }
    const nameTemplate = this.templateSpans.find((span) => overlaps(span, raw.nameSpan));
    const schemaTemplate = raw.schemaSpan && this.templateSpans.find((span) => overlaps(span, raw.schemaSpan!));
    if (nameTemplate || schemaTemplate) {
      if (nameTemplate && "kind" in nameTemplate && nameTemplate.kind === "table") {
        relation.name = nameTemplate.table!;
        if (nameTemplate.schema !== undefined) relation.schema = nameTemplate.schema;
        else delete relation.schema;
      } else if (nameTemplate) {
        relation.name = this.sql.slice(raw.nameSpan.start, raw.nameSpan.end);
      }
      if (schemaTemplate) delete relation.schema;
      return "templated";
    }
    const schema = raw.schema?.toLowerCase();
    if (schema === undefined && raw.inCte) return "cte";
    if (schema === undefined && this.tempNames.has(raw.name)) return "temporary";
    if (schema !== undefined ? this.allowedSchemas.has(schema) || schema.startsWith("pg_") : raw.name.startsWith("pg_")) {
      return "catalog";
    }
    const name = raw.name.toLowerCase();
    if (this.ignoreTables.has(name) || (schema !== undefined && this.ignoreTables.has(`${schema}.${name}`))) return "ignored";
    return schema !== undefined ? "qualified" : "bare";
  }
}

function lowerCased(names: readonly string[]): ReadonlySet<string> {
  return new Set(names.map((name) => String(name).toLowerCase()));
}

function normalizeHoles(holes: readonly Span[] | undefined, length: number): HoleState[] {
  const states: HoleState[] = [];
  if (!Array.isArray(holes)) return states;
  for (const hole of holes as readonly unknown[]) {
    const span = asObject(hole);
    const start = Number(span?.start);
    const end = Number(span?.end);
    if (!Number.isInteger(start) || !Number.isInteger(end)) continue;
    const clamped = { start: Math.max(0, Math.min(start, length)), end: Math.max(0, Math.min(end, length)) };
    if (clamped.end < clamped.start) continue;
    states.push({ span: clamped, masked: clamped.end > clamped.start, rewritten: false });
  }
  states.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  // Overlapping splices cannot both be masked; the later one only gets a position of "other".
  let reach = -1;
  for (const state of states) {
    if (state.span.start < reach) state.masked = false;
    reach = Math.max(reach, state.span.end);
  }
  return states;
}

function replaceSpans(text: string, replacements: readonly (Span & { text: string })[]): string {
  if (replacements.length === 0) return text;
  const sorted = [...replacements].sort((a, b) => a.start - b.start);
  let out = "";
  let at = 0;
  for (const replacement of sorted) {
    if (replacement.start < at) continue;
    out += text.slice(at, replacement.start) + replacement.text;
    at = replacement.end;
  }
  return out + text.slice(at);
}

/** Same-width stand-ins for a splice the grammar rejected as an identifier. */
function rewrittenHole(variant: number, width: number): string {
  if (variant === 1 || width < 3) return " ".repeat(width);
  if (variant === 2) return `(${"_".repeat(width - 2)})`;
  const left = Math.floor((width - 1) / 2);
  return `${"_".repeat(left)}=${"_".repeat(width - 1 - left)}`;
}

function dedupeSpans<T extends Span>(items: T[]): T[] {
  const seen = new Set<string>();
  return items
    .filter((item) => {
      const key = `${item.start}:${item.end}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.start - b.start || a.end - b.end);
}

/** The characters of a string constant, each mapped back to where it is written. */
function decodeStringToken(text: string, token: Token): { text: string; toUnit: (index: number) => number } | undefined {
  const raw = text.slice(token.start, token.end);
  if (raw.startsWith("$")) {
    const tagEnd = raw.indexOf("$", 1) + 1;
    const tag = raw.slice(0, tagEnd);
    const closed = !token.unterminated && raw.length >= tag.length * 2 && raw.endsWith(tag);
    const inner = raw.slice(tagEnd, closed ? raw.length - tag.length : raw.length);
    const offset = token.start + tagEnd;
    return { text: inner, toUnit: (index) => offset + Math.min(index, inner.length) };
  }
  let i = 0;
  const escapes = /^[eE]'/.test(raw);
  if (escapes || /^[nN]'/.test(raw)) i = 1;
  if (raw[i] !== "'") return undefined;
  i++;
  let out = "";
  const positions: number[] = [];
  const end = token.unterminated ? raw.length : raw.length - 1;
  while (i < end) {
    const c = raw[i]!;
    positions.push(token.start + i);
    if (c === "'" && raw[i + 1] === "'") {
      out += "'";
      i += 2;
    } else if (escapes && c === "\\") {
      const escape = /^\\(?:x[0-9A-Fa-f]{1,2}|[0-7]{1,3}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[\s\S])/.exec(raw.slice(i, i + 10))?.[0] ?? "\\";
      out += decodeEscape(escape);
      for (let k = 1; k < decodeEscape(escape).length; k++) positions.push(token.start + i);
      i += escape.length;
    } else {
      out += c;
      i++;
    }
  }
  positions.push(token.start + end);
  return { text: out, toUnit: (index) => positions[Math.max(0, Math.min(index, positions.length - 1))]! };
}

function decodeEscape(escape: string): string {
  const body = escape.slice(1);
  const simple: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
  if (body.length === 1 && simple[body] !== undefined) return simple[body];
  let code: number | undefined;
  if (/^x[0-9A-Fa-f]+$/.test(body)) code = Number.parseInt(body.slice(1), 16);
  else if (/^[0-7]+$/.test(body)) code = Number.parseInt(body, 8);
  else if (/^[uU][0-9A-Fa-f]+$/.test(body)) code = Number.parseInt(body.slice(1), 16);
  if (code !== undefined) return code <= 0x10ffff ? String.fromCodePoint(code) : "\ufffd";
  return body || "\\";
}
