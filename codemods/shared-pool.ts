import { AST_NODE_TYPES, ESLintUtils, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { asMethodCall, findProperty, keyName, walk } from "../estree/node-queries.js";
import { runtimeObjects } from "../estree/runtime-objects.js";
import { standaloneStatement, statementRemovalRange } from "../estree/source-edits.js";
import type { CheckerOptions, Recipe } from "./rule-runner.js";
import { createTransform } from "./transform.js";

const createCodemodRule = ESLintUtils.RuleCreator.withoutDocs;

type Manager = { creation: TSESTree.NewExpression; options: TSESTree.ObjectExpression };

/** How a manager is called in messages: its variable, property or field. */
function managerLabel(sourceCode: Readonly<TSESLint.SourceCode>, creation: TSESTree.NewExpression): string {
  const parent = creation.parent;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return `\`${parent.id.name}\``;
  if (parent.type === AST_NODE_TYPES.Property) return `\`${keyName(parent.key, parent.computed) ?? "?"}\``;
  if (parent.type === AST_NODE_TYPES.AssignmentExpression) return `\`${sourceCode.getText(parent.left)}\``;
  if (parent.type === AST_NODE_TYPES.PropertyDefinition) return `\`${keyName(parent.key, parent.computed) ?? "?"}\``;
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

/** `export const db = …`, `export { db }`, `export default db`, `module.exports = { db }`: other modules reach the manager. */
function isExported(sourceCode: Readonly<TSESLint.SourceCode>, creation: TSESTree.NewExpression): boolean {
  const declarator = creation.parent;
  if (declarator.type !== AST_NODE_TYPES.VariableDeclarator) return false;
  if (declarator.parent.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration) return true;
  return sourceCode.getDeclaredVariables(declarator).some((variable) =>
    variable.references.some((reference) => {
      const parent = reference.identifier.parent;
      return (
        parent?.type === AST_NODE_TYPES.ExportSpecifier ||
        parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration ||
        flowsIntoCommonJsExports(reference.identifier)
      );
    }),
  );
}

/**
 * Checks a shared pool the `no-multiple-pools` rewrite has just written (the spans in
 * `options.written`) and finishes its lifecycle. Reports without a fix undo the rewrite:
 * a manager without a schema (nothing says which schema its service's tables belong in), a
 * manager other modules import (their `connect()`/`disconnect()` cannot be seen from here), a
 * top-level `await` in a file Node does not run as an ES module, `disconnect()` calls that cannot
 * become the pool's `close()`. The report with a fix turns the managers' `disconnect()` calls,
 * no-ops on a borrowed pool, into one `close()` of the pool where the last of them stood.
 */
export const sharedPoolReview = createCodemodRule<[CheckerOptions], string>({
  name: "shared-pool-review",
  meta: {
    type: "problem",
    docs: { description: "Check and complete the shared-pool rewrite written by pgdbm-codemod" },
    fixable: "code",
    messages: {
      unexpectedShape: "The shared pool is not bound to a `const` of its own; the rewrite is not the one this codemod checks.",
      noSchema:
        "{{manager}} has no `schema`, so nothing says which schema its service's tables belong in: give its config a `schema` (one per service), then run the codemod again.",
      exported:
        "{{manager}} is exported: other modules may call its `connect()` (which throws on a shared pool) or its `disconnect()` (which would no longer close anything). Move the managers' lifecycle into this module, or rewrite by hand.",
      notModule:
        "The shared pool would be made with a top-level `await`, but Node runs this file as CommonJS: make the pool inside an async function, or rewrite by hand.",
      closeUnclear:
        "{{manager}}'s `disconnect()` {{why}}, so it cannot become one `close()` of the shared pool: rewrite the shutdown by hand.",
      closePool: "The managers now borrow `{{pool}}`: close the pool where the last of them was disconnected.",
    },
    schema: [
      {
        type: "object",
        properties: {
          written: { type: "array", items: { type: "array", items: { type: "number" } } },
          esm: { type: "boolean" },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{ written: [], esm: false }],
  create(context, [options]) {
    const written = options.written;
    if (written.length === 0) return {};
    const sourceCode = context.sourceCode;
    const objects = runtimeObjects(context);
    const isWritten = (node: TSESTree.Node): boolean => written.some(([start, end]) => node.range[0] >= start && node.range[1] <= end);

    function review(call: TSESTree.CallExpression): void {
      const awaited = call.parent;
      const declarator = awaited.type === AST_NODE_TYPES.AwaitExpression ? awaited.parent : undefined;
      if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.id.type !== AST_NODE_TYPES.Identifier) {
        context.report({ node: call, messageId: "unexpectedShape" });
        return;
      }
      const poolName = declarator.id.name;
      if (declarator.parent.parent?.type === AST_NODE_TYPES.Program && !options.esm) {
        context.report({ node: call, messageId: "notModule" });
      }
      const [pool] = sourceCode.getDeclaredVariables(declarator);
      if (!pool) return;

      const managers: Manager[] = [];
      for (const reference of pool.references) {
        const property = reference.identifier.parent;
        if (property?.type !== AST_NODE_TYPES.Property || keyName(property.key, property.computed) !== "pool") continue;
        const literal = property.parent;
        const creation = literal.parent;
        if (
          literal.type === AST_NODE_TYPES.ObjectExpression &&
          creation?.type === AST_NODE_TYPES.NewExpression &&
          creation.arguments[0] === literal &&
          objects.classOf(creation.callee) === "AsyncDatabaseManager"
        ) {
          managers.push({ creation, options: literal });
        }
      }
      for (const manager of managers) {
        const label = managerLabel(sourceCode, manager.creation);
        if (!findProperty(manager.options, "schema")) {
          context.report({ node: manager.creation, messageId: "noSchema", data: { manager: label } });
        }
        if (isExported(sourceCode, manager.creation)) context.report({ node: manager.creation, messageId: "exported", data: { manager: label } });
      }

      const creations = new Set<TSESTree.Node>(managers.map((manager) => manager.creation));
      const disconnected = new Set<TSESTree.Node>();
      const statements: TSESTree.ExpressionStatement[] = [];
      let unclear: { node: TSESTree.Node; manager: string; why: string } | undefined;
      walk(sourceCode.ast, (node) => {
        const method = asMethodCall(node);
        if (method?.method !== "disconnect" || method.call.arguments.length > 0) return undefined;
        const value = objects.valueOfClass(method.receiver, "AsyncDatabaseManager");
        const on = value?.creations.filter((creation) => creations.has(creation)) ?? [];
        if (!value || on.length === 0) return undefined;
        const manager = sourceCode.getText(method.receiver);
        const statement = standaloneStatement(method.call);
        if (on.length !== value.creations.length || !value.exhaustive) {
          unclear ??= { node, manager: `\`${manager}\``, why: "may also run on a manager that does not borrow the pool" };
        } else if (!statement) {
          unclear ??= { node, manager: `\`${manager}\``, why: "is not a statement of its own" };
        } else {
          statements.push(statement);
          for (const creation of on) disconnected.add(creation);
        }
        return undefined;
      });
      if (unclear) {
        context.report({ node: unclear.node, messageId: "closeUnclear", data: { manager: unclear.manager, why: unclear.why } });
        return;
      }
      if (statements.length === 0) return;
      const missing = managers.find((manager) => !disconnected.has(manager.creation));
      if (missing) {
        context.report({
          node: statements[0] as TSESTree.Node,
          messageId: "closeUnclear",
          data: {
            manager: managerLabel(sourceCode, missing.creation),
            why: "is never called while the other managers' are, and closing the pool would cut it off",
          },
        });
        return;
      }
      const block = statements[0]?.parent;
      const scopeBlock = pool.scope.block;
      if (
        !block ||
        statements.some((statement) => statement.parent !== block) ||
        block.range[0] < scopeBlock.range[0] ||
        block.range[1] > scopeBlock.range[1]
      ) {
        context.report({
          node: statements[0] as TSESTree.Node,
          messageId: "closeUnclear",
          data: { manager: "Each manager", why: "is called in a different place, or where the pool is not in scope" },
        });
        return;
      }
      const ordered = [...statements].sort((a, b) => a.range[0] - b.range[0]);
      const last = ordered.at(-1) as TSESTree.ExpressionStatement;
      let lastCall: TSESTree.CallExpression | undefined;
      walk(last, (node) => {
        if (!lastCall && asMethodCall(node)?.method === "disconnect") lastCall = node as TSESTree.CallExpression;
        return lastCall ? false : undefined;
      });
      if (!lastCall) return;
      const closeCall = lastCall;
      context.report({
        node: last,
        messageId: "closePool",
        data: { pool: poolName },
        fix: (fixer) => [
          ...ordered.slice(0, -1).map((statement) => fixer.removeRange(statementRemovalRange(sourceCode, statement))),
          fixer.replaceText(closeCall, `${poolName}.close()`),
        ],
      });
    }

    return {
      CallExpression(node) {
        const call = asMethodCall(node);
        if (call?.method !== "createSharedPool" || !isWritten(node)) return;
        if (objects.classOf(call.receiver) !== "AsyncDatabaseManager") return;
        review(node);
      },
    };
  },
});

/**
 * Several pool-owning managers to one database → one `AsyncDatabaseManager.createSharedPool(config)`
 * and a `new AsyncDatabaseManager({ pool, schema })` per service: the suggestion of
 * `no-multiple-pools` (which also deletes the managers' `connect()` calls), checked and completed
 * by {@link sharedPoolReview} (the managers' `disconnect()` calls become the pool's `close()`).
 * Where a manager has no schema, is exported, or its shutdown cannot be followed, the file is left
 * as it was and the reason reported.
 */
export const recipe: Recipe = {
  transform: "shared-pool",
  languages: ["js"],
  uses: [
    { rule: "pgdbm/no-multiple-pools", suggestion: "useSharedPool", confirm: { checker: "pgdbm-codemod/shared-pool-review" } },
    { rule: "pgdbm-codemod/shared-pool-review" },
  ],
  ownRules: { "shared-pool-review": sharedPoolReview as unknown as TSESLint.RuleModule<string, readonly unknown[]> },
  mayApply: (text) => text.includes("AsyncDatabaseManager"),
};

export default createTransform([recipe]);
