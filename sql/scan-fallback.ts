// Tokenizer-level reading of a statement the grammar could not parse (or of any statement before
// the parser has loaded): the names that follow FROM, JOIN, INTO, UPDATE, TABLE, … Less precise
// than the grammar, so every name found here is marked `fromScan`.
import { isPunct, word, type Token } from "./lexer.js";
import { notRelationName } from "./keywords.js";
import { identifierValue, readQualifiedName, type NamePart } from "./names.js";
import type { SearchPathChange } from "./types.js";

export interface ScannedStatement {
  statement: string;
  names: NamePart[][];
  cteNames: Set<string>;
  tempNames: Set<string>;
  searchPath: { form: SearchPathChange["form"]; tokenFrom: number; tokenTo: number }[];
}

/** Words that end a FROM clause. */
const clauseEnds: ReadonlySet<string> = new Set([
  "where", "group", "order", "limit", "offset", "having", "window", "union", "intersect", "except", "returning",
  "for", "fetch", "set", "values", "select", "into",
]);

const statementTypes: Record<string, string> = {
  select: "SelectStmt", with: "SelectStmt", values: "SelectStmt", table: "SelectStmt", insert: "InsertStmt",
  update: "UpdateStmt", delete: "DeleteStmt", merge: "MergeStmt", truncate: "TruncateStmt", copy: "CopyStmt",
  grant: "GrantStmt", revoke: "GrantStmt", comment: "CommentStmt", lock: "LockStmt", drop: "DropStmt",
  alter: "AlterTableStmt", set: "VariableSetStmt", reset: "VariableSetStmt", do: "DoStmt", call: "CallStmt",
};

const createTypes: Record<string, string> = {
  table: "CreateStmt", index: "IndexStmt", view: "ViewStmt", trigger: "CreateTrigStmt", policy: "CreatePolicyStmt",
  sequence: "CreateSeqStmt", function: "CreateFunctionStmt", procedure: "CreateFunctionStmt", schema: "CreateSchemaStmt",
  materialized: "CreateTableAsStmt", rule: "RuleStmt", type: "CompositeTypeStmt", extension: "CreateExtensionStmt",
};

/** Words between CREATE and the object type. */
const createModifiers: ReadonlySet<string> = new Set([
  "or", "replace", "temp", "temporary", "unlogged", "global", "local", "unique", "recursive", "constraint", "trusted", "procedural",
]);

export function scanStatement(
  text: string,
  tokens: readonly Token[],
  from: number,
  to: number,
  options: { intoIsVariable?: boolean } = {},
): ScannedStatement {
  const w = (k: number): string => (k >= from && k < to ? word(text, tokens[k]) : "");
  const is = (k: number, punct: string): boolean => k >= from && k < to && isPunct(text, tokens[k], punct);
  const first = w(from);
  let objectType = "";
  let statement = statementTypes[first] ?? "unknown";
  if (first === "create") {
    let k = from + 1;
    while (createModifiers.has(w(k))) k++;
    objectType = w(k);
    statement = createTypes[objectType] ?? "unknown";
  } else if (first === "alter" || first === "drop") {
    objectType = w(from + 1);
  }
  const result: ScannedStatement = { statement, names: [], cteNames: new Set(), tempNames: new Set(), searchPath: [] };

  const readName = (k: number, skip: ReadonlySet<string>, callable: boolean): { parts: NamePart[]; next: number } | undefined => {
    let j = k;
    while (j < to && skip.has(w(j))) j++;
    if (j >= to) return undefined;
    const token = tokens[j]!;
    if (token.kind === "ident" && notRelationName.has(w(j))) return undefined;
    const name = readQualifiedName(text, tokens, j);
    if (name === undefined || name.next > to) return undefined;
    // A name followed by `(` after FROM or JOIN is a function call.
    if (callable && is(name.next, "(")) return undefined;
    return name;
  };
  const emit = (name: { parts: NamePart[] } | undefined): void => {
    if (name) result.names.push(name.parts);
  };
  const readList = (k: number, skip: ReadonlySet<string>, callable: boolean): void => {
    let j = k;
    for (;;) {
      const name = readName(j, skip, callable);
      if (name === undefined) return;
      emit(name);
      j = name.next;
      if (w(j) === "as") j++;
      if (tokens[j]?.kind === "ident" && !notRelationName.has(w(j)) && !is(j, ",")) j++;
      if (!is(j, ",")) return;
      j++;
    }
  };

  const none: ReadonlySet<string> = new Set();
  const onlySkip: ReadonlySet<string> = new Set(["only", "lateral"]);
  const tableSkip: ReadonlySet<string> = new Set(["if", "not", "exists", "only", "concurrently", "table"]);
  const grantNonRelations: ReadonlySet<string> = new Set([
    "schema", "function", "functions", "procedure", "procedures", "routine", "routines", "database", "language",
    "type", "domain", "foreign", "large", "tablespace", "all", "parameter",
  ]);
  const functionParens: boolean[] = [];
  let usedOn = false;
  /** paren depth of the FROM clause being read, -1 outside one */
  let fromDepth = -1;

  for (let k = from; k < to; k++) {
    if (is(k, "(")) {
      const before = tokens[k - 1];
      functionParens.push(k > from && before?.kind === "ident" && !notRelationName.has(w(k - 1)) && !/^(in|exists|any|all|some|values|as|lateral|copy|filter|within|over)$/.test(w(k - 1)));
      continue;
    }
    if (is(k, ")")) {
      functionParens.pop();
      continue;
    }
    const depth = functionParens.length;
    if (depth < fromDepth) fromDepth = -1;
    if (is(k, ",") && depth === fromDepth) {
      // `FROM a JOIN b ON … , c`: a comma at the level of the FROM clause starts another item.
      readList(k + 1, onlySkip, true);
      continue;
    }
    const current = w(k);
    if (current === "") continue;
    const previous = w(k - 1);
    if (clauseEnds.has(current) && depth <= fromDepth) fromDepth = -1;
    switch (current) {
      case "from":
        // extract(year FROM d), substring(s FROM 2), trim(both FROM s) are not FROM clauses.
        if (functionParens[depth - 1] === true) break;
        if (previous !== "distinct" && !(first === "copy" && depth === 0)) {
          fromDepth = depth;
          readList(k + 1, onlySkip, true);
        }
        break;
      case "join":
        readList(k + 1, onlySkip, true);
        break;
      case "into":
        if (options.intoIsVariable && previous !== "insert" && previous !== "merge") break;
        emit(readName(k + 1, none, false));
        break;
      case "update":
        if (k === from || (first === "with" && is(k - 1, ")"))) emit(readName(k + 1, onlySkip, false));
        break;
      case "table":
        if (previous !== "returns") emit(readName(k + 1, tableSkip, false));
        if ((first === "create" && (previous === "temp" || previous === "temporary"))) {
          const name = readName(k + 1, tableSkip, false);
          if (name?.parts.length === 1) result.tempNames.add(name.parts[0]!.value);
        }
        break;
      case "truncate":
        if (k === from) readList(k + 1, tableSkip, false);
        break;
      case "references":
        emit(readName(k + 1, none, false));
        break;
      case "on":
        if (usedOn) break;
        if ((first === "create" && (objectType === "index" || objectType === "trigger" || objectType === "policy")) ||
          ((first === "grant" || first === "revoke") && !grantNonRelations.has(w(k + 1)))) {
          usedOn = true;
          emit(readName(k + 1, new Set(["only", "table", "sequence"]), false));
        }
        break;
      case "using":
        if (first === "delete") readList(k + 1, onlySkip, true);
        break;
      case "lock":
        if (k === from) emit(readName(k + 1, tableSkip, false));
        break;
      case "copy":
        if (k === from) emit(readName(k + 1, none, false));
        break;
      case "view":
      case "sequence":
        if (k <= from + 6 && (first === "create" || first === "alter" || first === "drop" || first === "refresh")) {
          emit(readName(k + 1, tableSkip, false));
        }
        break;
      case "index":
        if (k === from + 1 && (first === "drop" || first === "alter")) readList(k + 1, tableSkip, false);
        break;
      case "with":
      case "recursive":
        readCteNames(k + 1);
        break;
      case "search_path":
        noteSearchPath(k);
        break;
      case "set_config":
        if (is(k + 1, "(") && tokens[k + 2]?.kind === "string" && /^'search_path'$/i.test(text.slice(tokens[k + 2]!.start, tokens[k + 2]!.end))) {
          let depth = 0;
          let end = k + 1;
          for (; end < to; end++) {
            if (is(end, "(")) depth++;
            else if (is(end, ")") && --depth === 0) break;
          }
          result.searchPath.push({ form: "set_config", tokenFrom: k, tokenTo: Math.min(end + 1, to) });
        }
        break;
    }
  }
  return result;

  function readCteNames(k: number): void {
    // name [(columns)] AS [NOT] [MATERIALIZED] (
    let j = k;
    for (;;) {
      const token = tokens[j];
      if (j >= to || token === undefined || (token.kind !== "ident" && token.kind !== "qident")) return;
      const name = identifierValue(text, token);
      j++;
      if (is(j, "(")) j = skipParens(j);
      if (w(j) !== "as") return;
      result.cteNames.add(name);
      j++;
      while (w(j) === "not" || w(j) === "materialized") j++;
      if (!is(j, "(")) return;
      j = skipParens(j);
      if (!is(j, ",")) return;
      j++;
    }
  }

  function skipParens(k: number): number {
    let depth = 0;
    for (let j = k; j < to; j++) {
      if (is(j, "(")) depth++;
      else if (is(j, ")") && --depth === 0) return j + 1;
    }
    return to;
  }

  function noteSearchPath(k: number): void {
    const previous = w(k - 1);
    const functionLevel = (first === "create" || first === "alter") && /^(function|procedure|routine|or)$/.test(w(from + 1));
    if (functionLevel) return;
    if (first === "reset" && k === from + 1) {
      result.searchPath.push({ form: "reset", tokenFrom: from, tokenTo: to });
    } else if (first === "set" && (k === from + 1 || (k === from + 2 && (previous === "local" || previous === "session")))) {
      result.searchPath.push({ form: "set", tokenFrom: from, tokenTo: to });
    } else if (first === "alter" && (previous === "set" || previous === "reset")) {
      const target = w(from + 1);
      if (target === "role" || target === "user") result.searchPath.push({ form: "alter_role", tokenFrom: from, tokenTo: to });
      else if (target === "database") result.searchPath.push({ form: "alter_database", tokenFrom: from, tokenTo: to });
      else if (target === "system") result.searchPath.push({ form: "set", tokenFrom: from, tokenTo: to });
    }
  }
}
