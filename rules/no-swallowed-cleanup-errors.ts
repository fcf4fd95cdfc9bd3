import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/utils";
import { createRule } from "../estree/create-rule.js";
import { asMethodCall, isFunctionNode, memberName, unwrapAwait, unwrapExpression, walk, type FunctionNode } from "../estree/node-queries.js";
import { runtimeObjects, type RuntimeClass, type RuntimeObjects } from "../estree/runtime-objects.js";
import { isTestDatabaseCall } from "../estree/test-cleanup.js";

const CLEANUP_METHODS: Record<string, { runtimeClass: RuntimeClass; leaves: string }> = {
  disconnect: { runtimeClass: "AsyncDatabaseManager", leaves: "connections open" },
  close: { runtimeClass: "SharedPool", leaves: "connections open" },
};

/** `testDb.dropTestDatabase()`, `db.disconnect()`, `pool.close()`: what the call leaves behind when it fails. */
function cleanupLeaves(objects: RuntimeObjects, node: TSESTree.Node): string | undefined {
  if (isTestDatabaseCall(objects, node, "dropTestDatabase")) return "a test database";
  const call = asMethodCall(node);
  const cleanup = call ? CLEANUP_METHODS[call.method] : undefined;
  if (!call || !cleanup) return undefined;
  const known = objects.valueOfClass(call.receiver, cleanup.runtimeClass) !== undefined;
  return known || objects.typeIs(call.receiver, cleanup.runtimeClass) ? cleanup.leaves : undefined;
}

const LOG_METHODS = new Set(["log", "info", "warn", "debug", "trace", "error"]);

/**
 * Code that lets the error go: it does not look at it, does not throw, and calls nothing but a
 * logger (`() => {}`, `() => undefined`, `catch { }`, `catch { console.warn("cleanup failed") }`).
 * A call to anything else (`() => reject()`) may pass the failure on, so it is left alone.
 */
function dropsError(objects: RuntimeObjects, parameter: TSESTree.Node | null | undefined, body: TSESTree.Node): boolean {
  if (parameter && parameter.type !== AST_NODE_TYPES.Identifier) return false;
  let passesOn = false;
  walk(body, (node) => {
    if (isFunctionNode(node)) return false;
    if (node.type === AST_NODE_TYPES.ThrowStatement) passesOn = true;
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const call = asMethodCall(node);
      if (!call || !LOG_METHODS.has(call.method)) passesOn = true;
    }
    return !passesOn;
  });
  if (body.type === AST_NODE_TYPES.CallExpression) {
    const call = asMethodCall(body);
    if (!call || !LOG_METHODS.has(call.method)) passesOn = true;
  }
  if (passesOn) return false;
  if (!parameter) return true;
  return (objects.variableOf(parameter as TSESTree.Identifier)?.references.length ?? 0) === 0;
}

function handlerDropsError(objects: RuntimeObjects, handler: TSESTree.Node): boolean {
  const inner = unwrapExpression(handler);
  let fn: FunctionNode | undefined;
  if (isFunctionNode(inner)) fn = inner;
  else if (inner.type === AST_NODE_TYPES.Identifier) {
    fn = objects.functionOf(inner);
    if (!fn) return inner.name === "noop" && !objects.variableOf(inner)?.defs.length;
  } else if (inner.type === AST_NODE_TYPES.MemberExpression) {
    return memberName(inner) === "noop";
  }
  return fn !== undefined && dropsError(objects, fn.params[0], fn.body);
}

/** Down a promise chain (`x.then(…).finally(…)`) to the call the chain starts from. */
function chainStart(node: TSESTree.Node): TSESTree.Node {
  let current = unwrapAwait(node);
  for (;;) {
    const call = asMethodCall(current);
    if (!call || (call.method !== "then" && call.method !== "finally")) return current;
    current = unwrapAwait(call.receiver);
  }
}

export default createRule({
  name: "no-swallowed-cleanup-errors",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow catching and dropping the errors of test-database and pool cleanup",
      recommended: "recommended",
    },
    languages: ["js/js"],
    messages: {
      swallowedCleanupError:
        "Errors from `{{call}}` are caught and dropped: a failed cleanup leaves {{leaves}} behind and nobody notices. Let the error propagate.",
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const sourceCode = context.sourceCode;
    const objects = runtimeObjects(context);
    const describe = (call: TSESTree.Node): string => {
      const method = asMethodCall(call);
      return method ? `${sourceCode.getText(unwrapAwait(method.receiver))}.${method.method}()` : sourceCode.getText(call);
    };

    return {
      CallExpression(node) {
        const call = asMethodCall(node);
        if (!call) return;
        const handler = call.method === "catch" ? node.arguments[0] : call.method === "then" ? node.arguments[1] : undefined;
        if (!handler || handler.type === AST_NODE_TYPES.SpreadElement || !handlerDropsError(objects, handler)) return;
        const cleanup = chainStart(call.receiver);
        const leaves = cleanupLeaves(objects, cleanup);
        if (!leaves) return;
        context.report({ node: handler, messageId: "swallowedCleanupError", data: { call: describe(cleanup), leaves } });
      },
      TryStatement(node) {
        if (!node.handler || !dropsError(objects, node.handler.param, node.handler.body)) return;
        let cleanup: TSESTree.Node | undefined;
        let leaves: string | undefined;
        walk(node.block, (child) => {
          if (leaves || isFunctionNode(child)) return false;
          leaves = cleanupLeaves(objects, child);
          if (leaves) cleanup = child;
          return !leaves;
        });
        if (!leaves || !cleanup) return;
        context.report({ node: node.handler, messageId: "swallowedCleanupError", data: { call: describe(cleanup), leaves } });
      },
    };
  },
});
