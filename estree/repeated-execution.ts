import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/utils";
import {
  asMethodCall,
  enclosingClassOfThis,
  isFunctionNode,
  memberName,
  propertyName,
  staticString,
  thisMemberName,
  unwrapExpression,
  walk,
  type FunctionNode,
} from "./node-queries.js";
import type { RuntimeObjects } from "./runtime-objects.js";

/** Why code runs more than once per process. */
export type Repetition =
  | { kind: "loop" }
  | { kind: "requestHandler" }
  | { kind: "calledPerRequest"; name: string }
  | { kind: "calledInLoop"; name: string }
  | { kind: "calledRepeatedly"; name: string; calls: number };

const ROUTE_METHODS = new Set(["get", "post", "put", "patch", "delete", "del", "head", "options", "all", "use", "route"]);
const HTTP_EXPORTS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);
const ROUTE_DECORATORS = new Set(["Get", "Post", "Put", "Patch", "Delete", "Head", "Options", "All"]);
const ITERATION_METHODS = new Set([
  "forEach",
  "map",
  "flatMap",
  "filter",
  "some",
  "every",
  "find",
  "findIndex",
  "reduce",
  "reduceRight",
]);

function isPathArgument(node: TSESTree.Node | undefined): boolean {
  if (!node) return false;
  const inner = unwrapExpression(node);
  return (
    staticString(inner) !== undefined ||
    inner.type === AST_NODE_TYPES.TemplateLiteral ||
    (inner.type === AST_NODE_TYPES.Literal && "regex" in inner)
  );
}

/** `app.get("/users", fn)`, `router.use(fn)`, `http.createServer(fn)`, `server.on("request", fn)`, `addEventListener("fetch", fn)`. */
function registersRequestHandler(call: TSESTree.CallExpression): boolean {
  const callee = unwrapExpression(call.callee);
  const name =
    callee.type === AST_NODE_TYPES.Identifier
      ? callee.name
      : callee.type === AST_NODE_TYPES.MemberExpression
        ? memberName(callee)
        : undefined;
  if (name === undefined) return false;
  if (name === "createServer") return true;
  const first = call.arguments[0];
  if (name === "on") return staticString(first) === "request";
  if (name === "addEventListener") return staticString(first) === "fetch";
  if (callee.type !== AST_NODE_TYPES.MemberExpression || !ROUTE_METHODS.has(name)) return false;
  return name === "use" || name === "all" || isPathArgument(first);
}

function isArgumentOf(node: TSESTree.Node, call: TSESTree.Node | undefined): call is TSESTree.CallExpression {
  return call?.type === AST_NODE_TYPES.CallExpression && call.arguments.includes(node as TSESTree.CallExpressionArgument);
}

/** The object-literal property, class method or exported binding a function is the value of, and its name. */
function functionName(fn: FunctionNode): string | undefined {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return fn.id?.name;
  const parent = fn.parent;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
  if (parent.type === AST_NODE_TYPES.MethodDefinition && parent.kind === "constructor") {
    return parent.parent.parent.id?.name ?? "constructor";
  }
  if (
    parent.type === AST_NODE_TYPES.MethodDefinition ||
    parent.type === AST_NODE_TYPES.Property ||
    parent.type === AST_NODE_TYPES.PropertyDefinition
  ) {
    return propertyName(parent);
  }
  return undefined;
}

function isExported(fn: FunctionNode): boolean {
  const declaration = fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn : fn.parent.parent;
  return declaration?.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration;
}

/** A route handler: registered with a router, a Next.js route export, a Workers `fetch`, a NestJS `@Get()` method. */
function isRequestHandlerItself(fn: FunctionNode): boolean {
  const parent = fn.parent;
  if (isArgumentOf(fn, parent) && registersRequestHandler(parent)) return true;
  if (parent.type === AST_NODE_TYPES.Property && propertyName(parent) === "handler") {
    const options = parent.parent;
    if (isArgumentOf(options, options.parent) && registersRequestHandler(options.parent)) return true;
  }
  const name = functionName(fn);
  if (name !== undefined && HTTP_EXPORTS.has(name) && isExported(fn)) return true;
  if (
    name === "fetch" &&
    parent.type === AST_NODE_TYPES.Property &&
    parent.parent.parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration
  ) {
    return true;
  }
  if (parent.type === AST_NODE_TYPES.MethodDefinition) {
    return parent.decorators.some((decorator) => {
      const expression = unwrapExpression(decorator.expression);
      const callee = expression.type === AST_NODE_TYPES.CallExpression ? unwrapExpression(expression.callee) : expression;
      return callee.type === AST_NODE_TYPES.Identifier && ROUTE_DECORATORS.has(callee.name);
    });
  }
  return false;
}

function isIterationCallback(fn: FunctionNode): boolean {
  const parent = fn.parent;
  if (!isArgumentOf(fn, parent)) return false;
  const call = asMethodCall(parent);
  return call !== undefined && ITERATION_METHODS.has(call.method);
}

function loopRepeats(loop: TSESTree.Node, child: TSESTree.Node): boolean {
  switch (loop.type) {
    case AST_NODE_TYPES.ForStatement:
      return child === loop.body || child === loop.test || child === loop.update;
    case AST_NODE_TYPES.ForInStatement:
    case AST_NODE_TYPES.ForOfStatement:
      return child === loop.body;
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
      return true;
    default:
      return false;
  }
}

function ancestorsOf(node: TSESTree.Node): TSESTree.Node[] {
  const list: TSESTree.Node[] = [];
  for (let current = node.parent; current; current = current.parent) list.push(current);
  return list;
}

/** `if (…) a else b`, `c ? a : b`, two `case`s: only one of the two runs. */
export function mutuallyExclusive(a: TSESTree.Node, b: TSESTree.Node): boolean {
  const ofA = new Set(ancestorsOf(a));
  let childOfB: TSESTree.Node = b;
  for (let current = b.parent; current; childOfB = current, current = current.parent) {
    if (!ofA.has(current)) continue;
    const childOfA = [a, ...ancestorsOf(a)].find((node) => node.parent === current);
    if (!childOfA || childOfA === childOfB) return false;
    if (current.type === AST_NODE_TYPES.IfStatement || current.type === AST_NODE_TYPES.ConditionalExpression) {
      return childOfA !== current.test && childOfB !== current.test;
    }
    return current.type === AST_NODE_TYPES.SwitchStatement;
  }
  return false;
}

/** The places that run a function: direct calls (`f()`, `this.f()`, `new C()` for a constructor), and whether it is handed to a router. */
function callSites(fn: FunctionNode, objects: RuntimeObjects): { calls: TSESTree.Node[]; routed: boolean } {
  const calls: TSESTree.Node[] = [];
  let routed = false;
  const parent = fn.parent;
  let identifier: TSESTree.Identifier | undefined;
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) identifier = fn.id ?? undefined;
  else if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) {
    identifier = parent.id;
  }
  if (identifier) {
    const variable = objects.variableOf(identifier);
    for (const reference of variable?.references ?? []) {
      const use = reference.identifier;
      const useParent = use.parent;
      if (!useParent || !reference.isRead()) continue;
      if (useParent.type === AST_NODE_TYPES.CallExpression && useParent.callee === use) calls.push(useParent);
      else if (isArgumentOf(use, useParent) && registersRequestHandler(useParent)) routed = true;
    }
    return { calls, routed };
  }
  if (parent.type === AST_NODE_TYPES.MethodDefinition) {
    const classNode = parent.parent.parent;
    if (parent.kind === "constructor") {
      const references = objects.declaredVariables(classNode).flatMap((variable) => variable.references);
      for (const reference of references) {
        const use = reference.identifier;
        if (use.parent?.type === AST_NODE_TYPES.NewExpression && use.parent.callee === use) calls.push(use.parent);
      }
      return { calls, routed };
    }
    const name = propertyName(parent);
    walk(classNode.body, (node) => {
      if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
      if (thisMemberName(node.callee) === name && enclosingClassOfThis(node) === classNode) calls.push(node);
      return undefined;
    });
  }
  return { calls, routed };
}

/**
 * Whether `node` runs more than once per process: in a loop or an array callback, in a request
 * handler, or in a function this file calls from one of those or from more than one place.
 * `undefined` means once, or that the file does not show otherwise.
 */
export function repetitionOf(node: TSESTree.Node, objects: RuntimeObjects): Repetition | undefined {
  return repetitionFrom(node, objects, new Set());
}

function repetitionFrom(node: TSESTree.Node, objects: RuntimeObjects, visiting: Set<FunctionNode>): Repetition | undefined {
  let child: TSESTree.Node = node;
  for (let current = node.parent; current; child = current, current = current.parent) {
    if (loopRepeats(current, child)) return { kind: "loop" };
    if (!isFunctionNode(current)) continue;
    if (isRequestHandlerItself(current)) return { kind: "requestHandler" };
    if (isIterationCallback(current)) return { kind: "loop" };
    if (visiting.has(current)) return undefined;
    visiting.add(current);
    const name = functionName(current) ?? "this function";
    const { calls, routed } = callSites(current, objects);
    if (routed) return { kind: "requestHandler" };
    for (const call of calls) {
      const outer = repetitionFrom(call, objects, visiting);
      if (outer?.kind === "requestHandler" || outer?.kind === "calledPerRequest") return { kind: "calledPerRequest", name };
      if (outer) return { kind: "calledInLoop", name };
    }
    const together = calls.filter((call) => calls.some((other) => other !== call && !mutuallyExclusive(other, call)));
    if (together.length > 1) return { kind: "calledRepeatedly", name, calls: together.length };
  }
  return undefined;
}

function isMissingCheck(test: TSESTree.Node): boolean {
  const inner = unwrapExpression(test);
  if (inner.type === AST_NODE_TYPES.UnaryExpression) return inner.operator === "!";
  if (inner.type === AST_NODE_TYPES.BinaryExpression && (inner.operator === "===" || inner.operator === "==")) {
    return [inner.left, inner.right].some(
      (side) =>
        (side.type === AST_NODE_TYPES.Literal && side.value === null) ||
        (side.type === AST_NODE_TYPES.Identifier && side.name === "undefined"),
    );
  }
  if (inner.type === AST_NODE_TYPES.LogicalExpression) return isMissingCheck(inner.left) || isMissingCheck(inner.right);
  return false;
}

/**
 * The lazy-initialisation idioms that make code run once however often it is reached:
 * `pool ??= create()`, `pool || (pool = create())`, `if (!pool) { pool = create() }`.
 */
export function isMemoized(node: TSESTree.Node): boolean {
  let child: TSESTree.Node = node;
  for (let current = node.parent; current && !isFunctionNode(current); child = current, current = current.parent) {
    if (current.type === AST_NODE_TYPES.AssignmentExpression && current.right === child) {
      if (current.operator === "??=" || current.operator === "||=") return true;
    }
    if (current.type === AST_NODE_TYPES.LogicalExpression && current.right === child && current.operator !== "&&") return true;
    if (current.type === AST_NODE_TYPES.IfStatement && current.consequent === child && isMissingCheck(current.test)) return true;
    if (current.type === AST_NODE_TYPES.ConditionalExpression && current.consequent === child && isMissingCheck(current.test)) {
      return true;
    }
  }
  return false;
}
