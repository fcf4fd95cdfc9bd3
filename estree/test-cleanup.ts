import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/utils";
import { asMethodCall, isFunctionNode, memberName, unwrapAwait, unwrapExpression, walk, type FunctionNode } from "./node-queries.js";
import type { RuntimeObjects } from "./runtime-objects.js";

/** Hooks whose callback runs after a test however it ended (vitest, jest, mocha, node:test, tap). */
const TEARDOWN_HOOKS = new Set(["afterEach", "afterAll", "after", "teardown", "onTestFinished"]);
const SETUP_HOOKS = new Set(["beforeEach", "beforeAll", "before"]);

function calleeName(call: TSESTree.CallExpression): string | undefined {
  const callee = unwrapExpression(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  if (callee.type === AST_NODE_TYPES.MemberExpression) return memberName(callee);
  return undefined;
}

function callTakingArgument(node: TSESTree.Node): TSESTree.CallExpression | undefined {
  const parent = node.parent;
  return parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(node as TSESTree.CallExpressionArgument)
    ? parent
    : undefined;
}

/** `afterAll(fn)`, `promise.finally(fn)`, and the teardown a `beforeAll(() => { …; return fn })` returns. */
function runsAsTeardown(fn: TSESTree.Node): boolean {
  const hook = callTakingArgument(fn);
  if (hook) {
    const name = calleeName(hook);
    if (name !== undefined && TEARDOWN_HOOKS.has(name)) return true;
    if (name === "finally" && hook.callee.type === AST_NODE_TYPES.MemberExpression) return true;
  }
  let returner: TSESTree.Node | undefined;
  if (fn.parent?.type === AST_NODE_TYPES.ReturnStatement) {
    for (let current: TSESTree.Node | undefined = fn.parent.parent; current; current = current.parent) {
      if (isFunctionNode(current)) {
        returner = current;
        break;
      }
    }
  } else if (fn.parent?.type === AST_NODE_TYPES.ArrowFunctionExpression && fn.parent.body === fn) {
    returner = fn.parent;
  }
  const setup = returner ? callTakingArgument(returner) : undefined;
  if (setup) {
    const name = calleeName(setup);
    return name !== undefined && SETUP_HOOKS.has(name);
  }
  return false;
}

function namedFunctionIdentifier(fn: FunctionNode): TSESTree.Identifier | undefined {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return fn.id ?? undefined;
  const parent = fn.parent;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id;
  return undefined;
}

/** `a` and `b` name the same object: the same identifier, `this`, or the same property path on it. */
function sameReference(a: TSESTree.Node, b: TSESTree.Node): boolean {
  const left = unwrapAwait(a);
  const right = unwrapAwait(b);
  if (left.type === AST_NODE_TYPES.Identifier && right.type === AST_NODE_TYPES.Identifier) return left.name === right.name;
  if (left.type === AST_NODE_TYPES.ThisExpression && right.type === AST_NODE_TYPES.ThisExpression) return true;
  if (left.type === AST_NODE_TYPES.MemberExpression && right.type === AST_NODE_TYPES.MemberExpression) {
    const name = memberName(left);
    return name !== undefined && name === memberName(right) && sameReference(left.object, right.object);
  }
  return false;
}

/** Does `fn` itself (not a function nested in it) call `createTestDatabase()` on `receiver` before `drop`? */
function createsBefore(fn: FunctionNode, receiver: TSESTree.Node, drop: TSESTree.Node): boolean {
  let found = false;
  walk(fn, (node) => {
    if (found || isFunctionNode(node) || node.range[0] >= drop.range[0]) return false;
    const call = asMethodCall(node);
    if (call?.method === "createTestDatabase" && sameReference(call.receiver, receiver)) found = true;
    return undefined;
  });
  return found;
}

/**
 * Does `node` run however the code before it ended: in a `finally` block, in a teardown hook, in
 * a `.finally()` callback, or in a local function only ever called from such places? A function
 * that creates the test database itself before dropping it is never covered by its callers: the
 * work between the two is what fails. Otherwise a function the file does not show the callers of
 * (a method, an export with no local call) counts as covered: the rule cannot know, so it stays
 * silent.
 */
export function runsAsCleanup(drop: TSESTree.CallExpression, objects: RuntimeObjects): boolean {
  const receiver = asMethodCall(drop)?.receiver;
  return receiver !== undefined && covered(drop, receiver, objects, new Set());
}

/** {@link runsAsCleanup} for `node`, the drop or a call that leads to it. */
function covered(node: TSESTree.Node, receiver: TSESTree.Node, objects: RuntimeObjects, visiting: Set<TSESTree.Node>): boolean {
  let child: TSESTree.Node = node;
  for (let current = node.parent; current; child = current, current = current.parent) {
    if (current.type === AST_NODE_TYPES.TryStatement && current.finalizer === child) return true;
    if (!isFunctionNode(current)) continue;
    if (runsAsTeardown(current)) return true;
    if (createsBefore(current, receiver, node)) return false;
    if (current.parent.type === AST_NODE_TYPES.MethodDefinition || current.parent.type === AST_NODE_TYPES.PropertyDefinition) return true;
    const identifier = namedFunctionIdentifier(current);
    if (!identifier) continue;
    if (visiting.has(current)) return true;
    visiting.add(current);
    const references = (objects.variableOf(identifier)?.references ?? []).filter((reference) => reference.identifier !== identifier);
    if (references.length === 0) return true;
    return references.every((reference) => {
      const use = reference.identifier;
      if (use.parent?.type === AST_NODE_TYPES.CallExpression && use.parent.callee === use) {
        return covered(use.parent, receiver, objects, visiting);
      }
      return runsAsTeardown(use);
    });
  }
  return false;
}

/** `x.dropTestDatabase()` on what is, or for all the file shows may be, the runtime's `AsyncTestDatabase`. */
export function isTestDatabaseCall(objects: RuntimeObjects, node: TSESTree.Node, method: string): boolean {
  const call = asMethodCall(node);
  if (call?.method !== method) return false;
  if (objects.valueOfClass(call.receiver, "AsyncTestDatabase")) return true;
  const typed = objects.typeIs(call.receiver, "AsyncTestDatabase");
  return typed ?? (objects.importsRuntime && objects.valueOf(call.receiver) === undefined);
}
