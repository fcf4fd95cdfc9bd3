import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { createRule } from "../estree/create-rule.js";
import {
  asMethodCall,
  enclosingFunction,
  findProperty,
  isInside,
  keyName,
  staticString,
  unwrapAwait,
  unwrapExpression,
  walk,
} from "../estree/node-queries.js";
import { isMemoized, mutuallyExclusive, repetitionOf, type Repetition } from "../estree/repeated-execution.js";
import { runtimeObjects, type RuntimeObjects } from "../estree/runtime-objects.js";
import { lineIndentation, propertyRemovalRange, standaloneStatement, statementRemovalRange } from "../estree/source-edits.js";

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

/**
 * The shared-pool rewrite for a group of pools to one database: each pool-owning manager given
 * `{ pool, schema }` on one shared pool (the group's existing `createSharedPool` when it has one,
 * else a new one made before the first manager) and its `connect()` calls removed. `undefined`
 * when the file's shape does not allow it to be done safely.
 */
function sharedPoolRewrite(
  sourceCode: SourceCode,
  objects: RuntimeObjects,
  group: readonly PoolCreation[],
): ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix[]) | undefined {
  const shared = group.filter((creation) => creation.shared);
  const managers = group
    .map((creation) => creation.node)
    .filter((node): node is TSESTree.NewExpression => node.type === AST_NODE_TYPES.NewExpression);
  const first = managers[0];
  const firstConfig = first?.arguments[0];
  if (shared.length > 1 || !first || !firstConfig) return undefined;

  const existing = shared[0] ? boundSharedPool(shared[0].node) : undefined;
  if (shared[0] && !existing) return undefined;
  const anchor = existing?.statement ?? statementInList(first);
  const container = anchor?.parent;
  if (!anchor || !container || managers.some((manager) => !isInside(manager, container))) return undefined;
  // The pool has to be made before every manager that will borrow it.
  const poolReadyAt = existing ? anchor.range[1] : anchor.range[0];
  if (managers.some((manager) => manager.range[0] < poolReadyAt)) return undefined;
  if (!existing) {
    const fn = enclosingFunction(anchor);
    const canAwait = fn ? fn.async : sourceCode.ast.sourceType === "module";
    if (!canAwait) return undefined;
  }

  const schemas: (string | undefined)[] = [];
  for (const manager of managers) {
    const config = manager.arguments[0];
    if (!config) return undefined;
    const options = objects.objectLiteralOf(config) ?? optionsOfInlineConfig(objects, config);
    if (!options) return undefined;
    const schema = findProperty(options, "schema");
    schemas.push(schema ? sourceCode.getText(schema.value) : undefined);
  }

  const connects: TSESTree.Node[] = [];
  let connectOutsideStatement = false;
  walk(sourceCode.ast, (node) => {
    const call = asMethodCall(node);
    if (call?.method !== "connect") return undefined;
    const value = objects.valueOfClass(call.receiver, "AsyncDatabaseManager");
    if (!value?.creations.some((creation) => managers.includes(creation as TSESTree.NewExpression))) return undefined;
    const statement = standaloneStatement(call.call);
    if (statement) connects.push(statement);
    else connectOutsideStatement = true;
    return undefined;
  });
  if (connectOutsideStatement) return undefined;

  const poolName = existing?.name ?? freeName(sourceCode, "sharedPool");
  const managerClass = sourceCode.getText(first.callee);
  const poolConfig = configWithoutSchema(sourceCode, firstConfig);
  const indentation = lineIndentation(sourceCode, anchor);
  return (fixer) => [
    ...(existing
      ? []
      : [fixer.insertTextBefore(anchor, `const ${poolName} = await ${managerClass}.createSharedPool(${poolConfig});\n${indentation}`)]),
    ...managers.map((manager, index) => {
      const schema = schemas[index];
      const config = manager.arguments[0] as TSESTree.Node;
      const pool = poolName === "pool" ? "pool" : `pool: ${poolName}`;
      return fixer.replaceText(config, schema === undefined ? `{ ${pool} }` : `{ ${pool}, schema: ${schema} }`);
    }),
    ...connects.map((statement) => fixer.removeRange(statementRemovalRange(sourceCode, statement))),
  ];
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
      useSharedPool: "Make one shared pool and give each manager its schema on it.",
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

        for (const { database, members } of groups.values()) {
          if (members.length < 2) continue;
          const rewrite = sharedPoolRewrite(sourceCode, objects, members);
          members.forEach((creation, index) => {
            const earlier = members.slice(0, index).find((other) => !mutuallyExclusive(other.node, creation.node));
            if (!earlier) return;
            context.report({
              node: creation.node,
              messageId: "secondPool",
              data: { database: database.label, line: earlier.node.loc.start.line },
              suggest: rewrite ? [{ messageId: "useSharedPool", fix: rewrite }] : [],
            });
          });
        }
      },
    };
  },
});
