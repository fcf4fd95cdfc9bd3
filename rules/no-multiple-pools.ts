import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { createRule } from "../estree/create-rule.js";
import {
  asMethodCall,
  enclosingFunction,
  findProperty,
  hasSpread,
  isInside,
  keyName,
  staticString,
  unwrapAwait,
  unwrapExpression,
  walk,
} from "../estree/node-queries.js";
import { runsAsEsModule } from "../estree/package-json.js";
import { isMemoized, mutuallyExclusive, repetitionOf, type Repetition } from "../estree/repeated-execution.js";
import { runtimeObjects, type RuntimeObjects } from "../estree/runtime-objects.js";
import {
  lineIndentation,
  propertyRemovalRange,
  standaloneStatement,
  statementsRemovalRanges,
  type Range,
} from "../estree/source-edits.js";

type SourceCode = Readonly<TSESLint.SourceCode>;

interface PoolCreation {
  node: TSESTree.NewExpression | TSESTree.CallExpression;
  config: TSESTree.Node | undefined;
  shared: boolean;
}

interface Database {
  key: string;
  label: string;
}

const CONNECTION_FIELDS = ["connectionString", "host", "port", "database"] as const;

function describeRepetition(repetition: Repetition): string {
  switch (repetition.kind) {
    case "loop":
      return "on every iteration of a loop";
    case "requestHandler":
      return "on every request, in a request handler";
    case "calledPerRequest":
      return `on every request, in \`${repetition.name}\`, which a request handler calls`;
    case "calledInLoop":
      return `on every iteration of a loop, in \`${repetition.name}\`, which the loop calls`;
    case "calledRepeatedly":
      return `on every call of \`${repetition.name}\`, which this file calls ${repetition.calls} times`;
  }
}

/** A URL's host, port and database, password left out. */
function databaseOfUrl(url: string): Database | undefined {
  try {
    const parsed = new URL(url);
    if (!/^postgres(ql)?:$/.test(parsed.protocol)) return undefined;
    const host = parsed.hostname || "localhost";
    const port = parsed.port || "5432";
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, "")) || decodeURIComponent(parsed.username) || "";
    return { key: `${host}:${port}/${database}`, label: `${host}:${port}/${database}` };
  } catch {
    return undefined;
  }
}

/** The database a connection config points at, as far as the file shows it; `undefined` when it cannot tell. */
class DatabaseKeys {
  readonly #sourceCode: SourceCode;
  readonly #objects: RuntimeObjects;
  readonly #variableIds = new Map<unknown, number>();

  constructor(sourceCode: SourceCode, objects: RuntimeObjects) {
    this.#sourceCode = sourceCode;
    this.#objects = objects;
  }

  of(config: TSESTree.Node | undefined): Database | undefined {
    if (!config) return { key: "$default", label: "the default database (PG* environment)" };
    const options = this.#optionsOf(config);
    if (options === null) return { key: "$default", label: "the default database (PG* environment)" };
    if (options) return this.#ofOptions(options, 0);
    return this.#opaque(config);
  }

  /** `new DatabaseConfig({ … })`, `{ … }`, or a binding of either: the options literal; `null` for `new DatabaseConfig()`. */
  #optionsOf(config: TSESTree.Node): TSESTree.ObjectExpression | null | undefined {
    const literal = this.#objects.objectLiteralOf(config);
    if (literal) return literal;
    const value = this.#objects.valueOfClass(config, "DatabaseConfig");
    const creation = value?.creations.length === 1 ? value.creations[0] : undefined;
    if (creation?.type !== AST_NODE_TYPES.NewExpression) return undefined;
    const argument = creation.arguments[0];
    if (!argument) return null;
    return this.#objects.objectLiteralOf(argument);
  }

  #ofOptions(options: TSESTree.ObjectExpression, depth: number): Database | undefined {
    if (depth > 5) return undefined;
    const parts = new Map<string, Database>();
    for (const property of options.properties) {
      if (property.type === AST_NODE_TYPES.SpreadElement) {
        const spread = this.#objects.objectLiteralOf(property.argument);
        const inner = spread ? this.#ofOptions(spread, depth + 1) : this.#opaque(property.argument);
        if (!inner) return undefined;
        parts.set("spread", inner);
        continue;
      }
      const name = keyName(property.key, property.computed);
      if (!CONNECTION_FIELDS.some((field) => field === name) || name === undefined) continue;
      const value = this.#staticValue(property.value);
      const part = value !== undefined ? { key: value, label: value } : this.#opaque(property.value);
      if (!part) return undefined;
      parts.set(name, part);
    }
    const connectionString = parts.get("connectionString");
    if (connectionString) {
      const fromUrl = connectionString.key.includes("://") ? databaseOfUrl(connectionString.key) : undefined;
      return fromUrl ?? { key: `cs:${connectionString.key}`, label: connectionString.label };
    }
    const fields = ["spread", "host", "port", "database"].map((field) => parts.get(field));
    if (fields.every((field) => field === undefined)) {
      return { key: "$default", label: "the default database (PG* environment)" };
    }
    const [spread, host, port, database] = fields;
    return {
      key: `${spread?.key ?? ""}|${host?.key ?? "$host"}:${port?.key ?? "5432"}/${database?.key ?? "$db"}`,
      label: [host?.label, database?.label].filter(Boolean).join("/") || (spread?.label ?? "the same database"),
    };
  }

  #staticValue(node: TSESTree.Node): string | undefined {
    const literal = staticString(node);
    if (literal !== undefined) return literal;
    try {
      const result = ASTUtils.getStaticValue(node, this.#sourceCode.getScope(node));
      return result && (typeof result.value === "string" || typeof result.value === "number") ? String(result.value) : undefined;
    } catch {
      return undefined;
    }
  }

  /** A value the file cannot see into: the same binding or the same `process.env.X` read means the same database. */
  #opaque(node: TSESTree.Node): Database | undefined {
    const inner = unwrapAwait(node);
    const text = this.#sourceCode.getText(inner);
    if (inner.type === AST_NODE_TYPES.Identifier) {
      const variable = this.#objects.variableOf(inner);
      // An undeclared name is a global: the same name is the same value.
      if (!variable || variable.defs.length === 0) return { key: `global:${inner.name}`, label: `\`${text}\`` };
      let id = this.#variableIds.get(variable);
      if (id === undefined) {
        id = this.#variableIds.size;
        this.#variableIds.set(variable, id);
      }
      return { key: `var#${id}`, label: `\`${text}\`` };
    }
    let pure = true;
    walk(inner, (child) => {
      if (child.type !== AST_NODE_TYPES.MemberExpression && child.type !== AST_NODE_TYPES.Identifier && child.type !== AST_NODE_TYPES.Literal) {
        pure = false;
      }
      return pure;
    });
    if (inner.type === AST_NODE_TYPES.MemberExpression && pure) return { key: `expr:${text.replace(/\s+/g, "")}`, label: `\`${text}\`` };
    return undefined;
  }
}

/** The statement of a block or of the module that contains `node`. */
function statementInList(node: TSESTree.Node): TSESTree.Node | undefined {
  for (let current: TSESTree.Node | undefined = node; current?.parent; current = current.parent) {
    const parent: TSESTree.Node = current.parent;
    if (parent.type === AST_NODE_TYPES.BlockStatement || parent.type === AST_NODE_TYPES.Program) return current;
  }
  return undefined;
}

function freeName(sourceCode: SourceCode, base: string): string {
  const taken = new Set<string>();
  for (const scope of sourceCode.scopeManager?.scopes ?? []) {
    for (const name of scope.set.keys()) taken.add(name);
    for (const reference of scope.through) taken.add(reference.identifier.name);
  }
  let name = base;
  for (let index = 2; taken.has(name); index += 1) name = `${base}${index}`;
  return name;
}

/** `const pool = await X.createSharedPool(…)`: the statement and the name the pool is bound to. */
function boundSharedPool(call: TSESTree.Node): { statement: TSESTree.Node; name: string } | undefined {
  let outer: TSESTree.Node = call;
  while (outer.parent?.type === AST_NODE_TYPES.AwaitExpression) outer = outer.parent;
  const declarator = outer.parent;
  if (
    declarator?.type !== AST_NODE_TYPES.VariableDeclarator ||
    declarator.init !== outer ||
    declarator.id.type !== AST_NODE_TYPES.Identifier ||
    declarator.parent.kind !== "const"
  ) {
    return undefined;
  }
  const statement = statementInList(declarator);
  return statement ? { statement, name: declarator.id.name } : undefined;
}

/** How a manager is called in messages: its variable, property or field. */
function managerLabel(sourceCode: SourceCode, creation: TSESTree.NewExpression): string {
  const parent = creation.parent;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return `\`${parent.id.name}\``;
  if (parent.type === AST_NODE_TYPES.Property || parent.type === AST_NODE_TYPES.PropertyDefinition) {
    return `\`${keyName(parent.key, parent.computed) ?? "?"}\``;
  }
  if (parent.type === AST_NODE_TYPES.AssignmentExpression) return `\`${sourceCode.getText(parent.left)}\``;
  return "a manager";
}

/** `module.exports`, `module.exports.x`, `exports.x`. */
function isCommonJsExport(node: TSESTree.Node): boolean {
  if (node.type !== AST_NODE_TYPES.MemberExpression) return false;
  const object = node.object;
  if (object.type === AST_NODE_TYPES.Identifier) {
    return object.name === "exports" || (object.name === "module" && keyName(node.property, node.computed) === "exports");
  }
  return isCommonJsExport(object);
}

/** Written into `module.exports = { db }` / `exports.db = db`. */
function flowsIntoCommonJsExports(identifier: TSESTree.Node): boolean {
  for (let current: TSESTree.Node | undefined = identifier; current?.parent; current = current.parent) {
    const parent: TSESTree.Node = current.parent;
    if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.right === current) return isCommonJsExport(parent.left);
    if (parent.type !== AST_NODE_TYPES.Property && parent.type !== AST_NODE_TYPES.ObjectExpression) return false;
  }
  return false;
}

/** The variable a manager is bound to by `const x = new …` / `let x = new …`. */
function boundVariable(sourceCode: SourceCode, creation: TSESTree.NewExpression): TSESLint.Scope.Variable | undefined {
  const declarator = creation.parent;
  if (declarator.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== creation) return undefined;
  return sourceCode.getDeclaredVariables(declarator)[0];
}

/** `export const db = …`, `export { db }`, `export default db`, `module.exports = { db }`: other modules reach the manager. */
function isExported(sourceCode: SourceCode, creation: TSESTree.NewExpression): boolean {
  const declarator = creation.parent;
  if (declarator.type !== AST_NODE_TYPES.VariableDeclarator) return false;
  if (declarator.parent.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration) return true;
  return (boundVariable(sourceCode, creation)?.references ?? []).some((reference) => {
    const parent = reference.identifier.parent;
    return (
      parent?.type === AST_NODE_TYPES.ExportSpecifier ||
      parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration ||
      flowsIntoCommonJsExports(reference.identifier)
    );
  });
}

/**
 * Does the manager reach code this file does not show (returned, handed to a function, stored)?
 * Only its own methods called on it and a migration manager built on it stay in sight; a manager
 * not bound to a variable cannot be followed and counts as reaching out.
 */
function leavesTheFile(sourceCode: SourceCode, objects: RuntimeObjects, creation: TSESTree.NewExpression): boolean {
  const variable = boundVariable(sourceCode, creation);
  if (!variable) return true;
  return variable.references.some((reference) => {
    if (reference.init) return false;
    const use = reference.identifier;
    const parent = use.parent;
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === use) return false;
    return !(
      parent?.type === AST_NODE_TYPES.NewExpression &&
      parent.arguments[0] === use &&
      objects.classOf(parent.callee) === "AsyncMigrationManager"
    );
  });
}

interface TextEdit {
  range: Readonly<Range>;
  text: string;
}

type Rewrite = { fix: (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix[] } | { why: string };

interface Lifecycle {
  /** `connect()` statements of the managers: deleted (a borrowed manager's `connect()` throws). */
  connects: TSESTree.ExpressionStatement[];
  /** `disconnect()` calls of the managers, each its own statement. */
  disconnects: { statement: TSESTree.ExpressionStatement; call: TSESTree.CallExpression }[];
}

/**
 * The managers' `connect()` and `disconnect()` calls, each a statement of its own and on these
 * managers only; else why the rewrite cannot follow them.
 */
function lifecycleOf(sourceCode: SourceCode, objects: RuntimeObjects, managers: readonly TSESTree.NewExpression[]): Lifecycle | string {
  const lifecycle: Lifecycle = { connects: [], disconnects: [] };
  let problem: string | undefined;
  walk(sourceCode.ast, (node) => {
    if (problem !== undefined) return false;
    const call = asMethodCall(node);
    if ((call?.method !== "connect" && call?.method !== "disconnect") || call.call.arguments.length > 0) return undefined;
    const value = objects.valueOfClass(call.receiver, "AsyncDatabaseManager");
    const on = value?.creations.filter((creation) => managers.includes(creation as TSESTree.NewExpression)) ?? [];
    if (!value || on.length === 0) return undefined;
    const receiver = `\`${sourceCode.getText(call.receiver)}.${call.method}()\``;
    const statement = standaloneStatement(call.call);
    if (on.length !== value.creations.length || !value.exhaustive) {
      problem = `${receiver} may also run on a manager that would not borrow the pool`;
    } else if (!statement) {
      problem = `${receiver} is not a statement of its own`;
    } else if (call.method === "connect") {
      lifecycle.connects.push(statement);
    } else {
      lifecycle.disconnects.push({ statement, call: call.call });
    }
    return undefined;
  });
  return problem ?? lifecycle;
}

/** The managers a `disconnect()` call runs on, among `managers`. */
function disconnectedManagers(objects: RuntimeObjects, call: TSESTree.CallExpression, managers: readonly TSESTree.NewExpression[]): TSESTree.NewExpression[] {
  const receiver = asMethodCall(call)?.receiver;
  const value = receiver ? objects.valueOfClass(receiver, "AsyncDatabaseManager") : undefined;
  return managers.filter((manager) => value?.creations.includes(manager));
}

/**
 * The shared-pool rewrite for a group of pools to one database: each pool-owning manager given
 * `{ pool, schema }` on one shared pool (the group's existing `createSharedPool` when it has one,
 * else a new one made before the first manager), their `connect()` calls removed, and their
 * `disconnect()` calls, no-ops on a borrowed pool, turned into the pool's lifecycle: one
 * `close()` of a new pool where the last of them was disconnected; with an existing pool, whose
 * owner closes it, they are removed. Else why it is not offered.
 */
function sharedPoolRewrite(
  sourceCode: SourceCode,
  objects: RuntimeObjects,
  group: readonly PoolCreation[],
  esModule: () => boolean,
): Rewrite {
  const shared = group.filter((creation) => creation.shared);
  const managers = group
    .map((creation) => creation.node)
    .filter((node): node is TSESTree.NewExpression => node.type === AST_NODE_TYPES.NewExpression);
  const first = managers[0];
  if (shared.length > 1 || !first) return { why: "there is more than one shared pool to it already; keep one by hand" };
  const existing = shared[0] ? boundSharedPool(shared[0].node) : undefined;
  if (shared[0] && !existing) return { why: "the shared pool it has is not bound to a `const` the managers could borrow" };

  const schemas: string[] = [];
  for (const manager of managers) {
    const label = managerLabel(sourceCode, manager);
    const config = manager.arguments[0];
    const options = config ? (objects.objectLiteralOf(config) ?? optionsOfInlineConfig(objects, config)) : undefined;
    if (!options) return { why: `the file does not show ${label}'s config, which may carry a schema the rewrite would lose` };
    const schema = findProperty(options, "schema");
    if (!schema && hasSpread(options)) return { why: `the file does not show whether ${label}'s config has a \`schema\`` };
    if (!schema) {
      return {
        why: `${label} has no \`schema\`, and a manager without one on a shared pool is not isolated from the others: give each service's config its own \`schema\``,
      };
    }
    schemas.push(sourceCode.getText(schema.value));
  }
  for (const manager of managers) {
    if (isExported(sourceCode, manager)) {
      return {
        why: `${managerLabel(sourceCode, manager)} is exported: other modules may call its \`connect()\`, which throws on a shared pool, or its \`disconnect()\`, which would close nothing`,
      };
    }
  }

  const anchor = existing?.statement ?? statementInList(first);
  const container = anchor?.parent;
  if (!anchor || !container || managers.some((manager) => !isInside(manager, container))) {
    return { why: "the managers are made in different blocks" };
  }
  // The pool has to be made before every manager that will borrow it.
  const poolReadyAt = existing ? anchor.range[1] : anchor.range[0];
  const early = managers.find((manager) => manager.range[0] < poolReadyAt);
  if (early) return { why: `${managerLabel(sourceCode, early)} is made before the shared pool exists` };
  if (!existing) {
    const fn = enclosingFunction(anchor);
    if (fn && !fn.async) return { why: "the pool would have to be awaited in a function that is not `async`" };
    if (!fn && !esModule()) {
      return { why: 'the pool would be made with a top-level `await`, but Node runs this file as CommonJS (`.cjs`, or no `"type": "module"` in its package.json)' };
    }
  }

  const lifecycle = lifecycleOf(sourceCode, objects, managers);
  if (typeof lifecycle === "string") return { why: lifecycle };
  const poolName = existing?.name ?? freeName(sourceCode, "sharedPool");
  const close = existing
    ? { removed: lifecycle.disconnects.map(({ statement }) => statement), edits: [] }
    : poolClose(sourceCode, objects, managers, lifecycle.disconnects, container, poolName);
  if (typeof close === "string") return { why: close };

  const managerClass = sourceCode.getText(first.callee);
  const poolConfig = configWithoutSchema(sourceCode, first.arguments[0] as TSESTree.Node);
  const indentation = lineIndentation(sourceCode, anchor);
  const pool = poolName === "pool" ? "pool" : `pool: ${poolName}`;
  const edits: TextEdit[] = [
    ...(existing
      ? []
      : [{ range: [anchor.range[0], anchor.range[0]] as Range, text: `const ${poolName} = await ${managerClass}.createSharedPool(${poolConfig});\n${indentation}` }]),
    ...managers.map((manager, index) => ({ range: (manager.arguments[0] as TSESTree.Node).range, text: `{ ${pool}, schema: ${schemas[index]} }` })),
    ...statementsRemovalRanges(sourceCode, [...lifecycle.connects, ...close.removed]).map((range) => ({ range, text: "" })),
    ...close.edits,
  ].sort((a, b) => a.range[0] - b.range[0]);
  // Two edits of one suggestion may not overlap (ESLint would throw): code this odd is left to a person.
  if (edits.some((edit, index) => index > 0 && edit.range[0] < (edits[index - 1] as TextEdit).range[1])) {
    return { why: "the managers' calls are tangled on shared lines" };
  }
  return { fix: (fixer) => edits.map((edit) => fixer.replaceTextRange(edit.range, edit.text)) };
}

/**
 * A new pool's `close()`: the managers' `disconnect()` statements, all in one block where the
 * pool is in scope and covering every manager, become one `close()` where the last of them stood.
 * With no `disconnect()` in the file, nothing closed the managers' pools before either, unless
 * they leave the file, whose callers' `disconnect()` would then close nothing.
 */
function poolClose(
  sourceCode: SourceCode,
  objects: RuntimeObjects,
  managers: readonly TSESTree.NewExpression[],
  disconnects: Lifecycle["disconnects"],
  container: TSESTree.Node,
  poolName: string,
): { removed: TSESTree.ExpressionStatement[]; edits: TextEdit[] } | string {
  if (disconnects.length === 0) {
    const leaving = managers.find((manager) => leavesTheFile(sourceCode, objects, manager));
    return leaving
      ? `${managerLabel(sourceCode, leaving)} is handed out of this code and never disconnected here: whoever disconnects it would close nothing after the rewrite, and the pool would stay open`
      : { removed: [], edits: [] };
  }
  const disconnected = new Set(disconnects.flatMap(({ call }) => disconnectedManagers(objects, call, managers)));
  const missing = managers.find((manager) => !disconnected.has(manager));
  if (missing) {
    return `${managerLabel(sourceCode, missing)}'s \`disconnect()\` is never called where the other managers' are, and closing the pool there would cut it off`;
  }
  const ordered = [...disconnects].sort((a, b) => a.statement.range[0] - b.statement.range[0]);
  const block = ordered[0]?.statement.parent;
  const last = ordered.at(-1);
  if (!block || !last || ordered.some(({ statement }) => statement.parent !== block) || !isInside(block, container)) {
    return "the managers are disconnected in different places, or where the pool is not in scope";
  }
  return {
    removed: ordered.slice(0, -1).map(({ statement }) => statement),
    edits: [{ range: last.call.range, text: `${poolName}.close()` }],
  };
}

function optionsOfInlineConfig(objects: RuntimeObjects, config: TSESTree.Node): TSESTree.ObjectExpression | undefined {
  const value = objects.valueOfClass(config, "DatabaseConfig");
  const creation = value?.creations.length === 1 ? value.creations[0] : undefined;
  const argument = creation?.type === AST_NODE_TYPES.NewExpression ? creation.arguments[0] : undefined;
  return argument ? objects.objectLiteralOf(argument) : undefined;
}

/** The text of a config as the pool should get it: an inline `schema` option taken out (a pool has no schema). */
function configWithoutSchema(sourceCode: SourceCode, config: TSESTree.Node): string {
  const text = sourceCode.getText(config);
  const inner = unwrapExpression(config);
  const options =
    inner.type === AST_NODE_TYPES.ObjectExpression
      ? inner
      : inner.type === AST_NODE_TYPES.NewExpression && inner.arguments[0]?.type === AST_NODE_TYPES.ObjectExpression
        ? inner.arguments[0]
        : undefined;
  const schema = options ? findProperty(options, "schema") : undefined;
  const range = schema ? propertyRemovalRange(sourceCode, schema) : undefined;
  if (!range) return text;
  const offset = config.range[0];
  return text.slice(0, range[0] - offset) + text.slice(range[1] - offset);
}

export default createRule({
  name: "no-multiple-pools",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow a second connection pool to the same database, and pools opened per call, request or loop iteration",
      recommended: "recommended",
    },
    hasSuggestions: true,
    languages: ["js/js"],
    messages: {
      secondPool:
        "A second connection pool to {{database}} (the first is made on line {{line}}): every pool holds its own connections. Make one pool with `AsyncDatabaseManager.createSharedPool()` and give each service a manager on it with its own schema.",
      poolPerCall:
        "A new connection pool is opened {{where}}: each holds its own connections until it is closed. Make the pool once at startup and share it.",
      secondPoolByHand:
        "A second connection pool to {{database}} (the first is made on line {{line}}): every pool holds its own connections. Make one pool with `AsyncDatabaseManager.createSharedPool()` and give each service a manager on it with its own schema. No shared-pool suggestion here: {{why}}.",
      useSharedPool: "Make one shared pool, give each manager its schema on it, and close the pool where the managers were disconnected.",
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const sourceCode = context.sourceCode;
    const objects = runtimeObjects(context);
    const creations: PoolCreation[] = [];

    return {
      NewExpression(node) {
        if (objects.classOf(node.callee) !== "AsyncDatabaseManager") return;
        if (objects.ownershipOfConstructorArgument(node.arguments[0]) !== "owns") return;
        creations.push({ node, config: node.arguments[0], shared: false });
      },
      CallExpression(node) {
        const call = asMethodCall(node);
        if (call?.method !== "createSharedPool" || objects.classOf(call.receiver) !== "AsyncDatabaseManager") return;
        creations.push({ node, config: node.arguments[0], shared: true });
      },
      "Program:exit"() {
        const once: PoolCreation[] = [];
        for (const creation of creations) {
          const repetition = isMemoized(creation.node) ? undefined : repetitionOf(creation.node, objects);
          if (repetition) {
            context.report({ node: creation.node, messageId: "poolPerCall", data: { where: describeRepetition(repetition) } });
          } else {
            once.push(creation);
          }
        }

        const keys = new DatabaseKeys(sourceCode, objects);
        const groups = new Map<string, { database: Database; members: PoolCreation[] }>();
        for (const creation of once) {
          const database = keys.of(creation.config);
          if (!database) continue;
          const group = groups.get(database.key) ?? { database, members: [] };
          group.members.push(creation);
          groups.set(database.key, group);
        }

        let esModule: boolean | undefined;
        const runsAsModule = (): boolean => (esModule ??= runsAsEsModule(context.filename) ?? sourceCode.ast.sourceType === "module");
        for (const { database, members } of groups.values()) {
          if (members.length < 2) continue;
          const rewrite = sharedPoolRewrite(sourceCode, objects, members, runsAsModule);
          members.forEach((creation, index) => {
            const earlier = members.slice(0, index).find((other) => !mutuallyExclusive(other.node, creation.node));
            if (!earlier) return;
            const line = earlier.node.loc.start.line;
            if ("why" in rewrite) {
              context.report({
                node: creation.node,
                messageId: "secondPoolByHand",
                data: { database: database.label, line, why: rewrite.why },
              });
            } else {
              context.report({
                node: creation.node,
                messageId: "secondPool",
                data: { database: database.label, line },
                suggest: [{ messageId: "useSharedPool", fix: rewrite.fix }],
              });
            }
          });
        }
      },
    };
  },
});
