import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/utils";

/** Strips what does not change the value: TS assertions, `!`, `satisfies`, optional-chain wrappers. */
export function unwrapExpression(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.ChainExpression:
        current = current.expression;
        break;
      default:
        return current;
    }
  }
}

/** Like {@link unwrapExpression}, and also looks through `await`. */
export function unwrapAwait(node: TSESTree.Node): TSESTree.Node {
  let current = unwrapExpression(node);
  while (current.type === AST_NODE_TYPES.AwaitExpression) current = unwrapExpression(current.argument);
  return current;
}

/** The value of a string literal or of a template literal without `${}`; otherwise undefined. */
export function staticString(node: TSESTree.Node | null | undefined): string | undefined {
  if (!node) return undefined;
  const inner = unwrapExpression(node);
  if (inner.type === AST_NODE_TYPES.Literal && typeof inner.value === "string") return inner.value;
  if (inner.type === AST_NODE_TYPES.TemplateLiteral && inner.expressions.length === 0) {
    return inner.quasis[0]?.value.cooked ?? undefined;
  }
  return undefined;
}

/** The name of a non-computed key, or of a computed key that is a string literal. */
export function keyName(
  key: TSESTree.Expression | TSESTree.PrivateIdentifier,
  computed: boolean,
): string | undefined {
  if (!computed && key.type === AST_NODE_TYPES.Identifier) return key.name;
  if (!computed && key.type === AST_NODE_TYPES.PrivateIdentifier) return `#${key.name}`;
  if (key.type === AST_NODE_TYPES.Literal) return typeof key.value === "string" ? key.value : String(key.value);
  return staticString(key);
}

/** `a.b` / `a["b"]` / `a.#b`: the property name, when it is static. */
export function memberName(node: TSESTree.MemberExpression): string | undefined {
  return keyName(node.property, node.computed);
}

export function propertyName(node: TSESTree.Property | TSESTree.PropertyDefinition | TSESTree.MethodDefinition): string | undefined {
  return keyName(node.key, node.computed);
}

/** The `name: value` property of an object literal (the last one wins, as at run time). */
export function findProperty(object: TSESTree.ObjectExpression, name: string): TSESTree.Property | undefined {
  let found: TSESTree.Property | undefined;
  for (const property of object.properties) {
    if (property.type === AST_NODE_TYPES.Property && propertyName(property) === name) found = property;
  }
  return found;
}

export function hasSpread(object: TSESTree.ObjectExpression): boolean {
  return object.properties.some((property) => property.type === AST_NODE_TYPES.SpreadElement);
}

export interface MethodCall {
  call: TSESTree.CallExpression;
  receiver: TSESTree.Expression;
  method: string;
}

/** `receiver.method(...)` (also `receiver?.method(...)`, `receiver["method"](...)`). */
export function asMethodCall(node: TSESTree.Node): MethodCall | undefined {
  if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const callee = unwrapExpression(node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = memberName(callee);
  if (method === undefined) return undefined;
  return { call: node, receiver: callee.object, method };
}

export type FunctionNode =
  | TSESTree.ArrowFunctionExpression
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression;

export function isFunctionNode(node: TSESTree.Node): node is FunctionNode {
  return (
    node.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionDeclaration ||
    node.type === AST_NODE_TYPES.FunctionExpression
  );
}

export function enclosingFunction(node: TSESTree.Node): FunctionNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionNode(current)) return current;
  }
  return undefined;
}

/** The class whose `this` a node sees: arrow functions and field initialisers keep it, other functions replace it. */
export function enclosingClassOfThis(node: TSESTree.Node): TSESTree.ClassDeclaration | TSESTree.ClassExpression | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ClassBody) return current.parent;
    if (current.type === AST_NODE_TYPES.FunctionDeclaration) return undefined;
    if (current.type === AST_NODE_TYPES.FunctionExpression) {
      const owner = current.parent;
      if (owner?.type === AST_NODE_TYPES.MethodDefinition) return owner.parent.parent;
      return undefined;
    }
  }
  return undefined;
}

/** `this.name` / `this.#name`: the field name. */
export function thisMemberName(node: TSESTree.Node): string | undefined {
  const inner = unwrapExpression(node);
  if (inner.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  if (unwrapExpression(inner.object).type !== AST_NODE_TYPES.ThisExpression) return undefined;
  return memberName(inner);
}

export function isInside(inner: TSESTree.Node, outer: TSESTree.Node): boolean {
  return inner.range[0] >= outer.range[0] && inner.range[1] <= outer.range[1];
}

/** Visits every node below `root` (not `root` itself), parents before children. Return false to skip a subtree. */
export function walk(root: TSESTree.Node, visit: (node: TSESTree.Node) => boolean | void): void {
  const stack: TSESTree.Node[] = [];
  const pushChildren = (node: TSESTree.Node): void => {
    const children: TSESTree.Node[] = [];
    for (const [key, value] of Object.entries(node)) {
      if (key === "parent" || key === "tokens" || key === "comments") continue;
      if (Array.isArray(value)) {
        for (const item of value) if (isNode(item)) children.push(item);
      } else if (isNode(value)) {
        children.push(value);
      }
    }
    for (let index = children.length - 1; index >= 0; index -= 1) stack.push(children[index] as TSESTree.Node);
  };
  pushChildren(root);
  while (stack.length > 0) {
    const node = stack.pop() as TSESTree.Node;
    if (visit(node) !== false) pushChildren(node);
  }
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string" &&
    Array.isArray((value as { range?: unknown }).range);
}
