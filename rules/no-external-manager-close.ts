import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { createRule } from "../estree/create-rule.js";
import {
  asMethodCall,
  enclosingClassOfThis,
  isFunctionNode,
  propertyName,
  thisMemberName,
  unwrapAwait,
  unwrapExpression,
  walk,
} from "../estree/node-queries.js";
import { runtimeObjects, type RuntimeClass, type RuntimeObjects } from "../estree/runtime-objects.js";
import { indentText, indentUnit, lineIndentation, standaloneStatement } from "../estree/source-edits.js";

type SourceCode = Readonly<TSESLint.SourceCode>;
type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

const CLOSERS: Record<string, { runtimeClass: RuntimeClass; what: string }> = {
  disconnect: { runtimeClass: "AsyncDatabaseManager", what: "manager" },
  close: { runtimeClass: "SharedPool", what: "pool" },
};

/** The part of `value` that comes from a parameter: `db`, `opts.db`, the `db` of `db ?? new …`. */
function parameterSource(objects: RuntimeObjects, value: TSESTree.Node): TSESTree.Node | undefined {
  const inner = unwrapAwait(value);
  if (inner.type === AST_NODE_TYPES.LogicalExpression) {
    return parameterSource(objects, inner.left) ?? parameterSource(objects, inner.right);
  }
  if (inner.type === AST_NODE_TYPES.ConditionalExpression) {
    return parameterSource(objects, inner.consequent) ?? parameterSource(objects, inner.alternate);
  }
  let root: TSESTree.Node = inner;
  while (root.type === AST_NODE_TYPES.MemberExpression) root = unwrapExpression(root.object);
  if (root.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = objects.variableOf(root);
  return variable?.defs.some((definition) => definition.type === "Parameter") ? inner : undefined;
}

interface FieldSource {
  /** The parameter expression the field is set from, as source text (`db`, `options.db`). */
  source: string;
  /** The value written by `this.field = …` (`options.db ?? new …`); absent for a constructor parameter property. */
  write?: TSESTree.Expression;
  /** The `this.field = …;` statement, when the field is set by one; absent for a constructor parameter property. */
  statement?: TSESTree.ExpressionStatement;
  constructorBody?: TSESTree.BlockStatement;
}

/** Where a class takes field `name` from its caller: `this.db = db`, `this.db = opts.db ?? …`, `constructor(private db: …)`. */
function fieldFromParameter(
  sourceCode: SourceCode,
  objects: RuntimeObjects,
  classNode: ClassNode,
  name: string,
): FieldSource | undefined {
  for (const element of classNode.body.body) {
    if (element.type !== AST_NODE_TYPES.MethodDefinition || element.kind !== "constructor") continue;
    for (const parameter of element.value.params) {
      if (parameter.type !== AST_NODE_TYPES.TSParameterProperty) continue;
      const binding = parameter.parameter.type === AST_NODE_TYPES.AssignmentPattern ? parameter.parameter.left : parameter.parameter;
      if (binding.type === AST_NODE_TYPES.Identifier && binding.name === name && element.value.body) {
        return { source: binding.name, constructorBody: element.value.body };
      }
    }
  }
  for (const write of objects.fieldWrites(classNode).get(name) ?? []) {
    const source = parameterSource(objects, write);
    if (!source) continue;
    const statement = write.parent.parent;
    const text = sourceCode.getText(source);
    return statement?.type === AST_NODE_TYPES.ExpressionStatement ? { source: text, write, statement } : { source: text, write };
  }
  return undefined;
}

function mentionsOtherField(objects: RuntimeObjects, test: TSESTree.Node, field: string, depth = 0): boolean {
  let found = false;
  const check = (node: TSESTree.Node): boolean => {
    const name = thisMemberName(node);
    if (name !== undefined && name !== field) found = true;
    if (node.type === AST_NODE_TYPES.Identifier && depth < 3) {
      const definition = objects.variableOf(node)?.defs[0];
      if (definition?.node.type === AST_NODE_TYPES.VariableDeclarator && definition.node.init) {
        found ||= mentionsOtherField(objects, definition.node.init, field, depth + 1);
      }
    }
    return !found;
  };
  check(test);
  if (!found) walk(test, check);
  return found;
}

function exits(statement: TSESTree.Statement): boolean {
  if (statement.type === AST_NODE_TYPES.ReturnStatement || statement.type === AST_NODE_TYPES.ThrowStatement) return true;
  if (statement.type === AST_NODE_TYPES.BlockStatement) {
    const last = statement.body.at(-1);
    return last !== undefined && exits(last);
  }
  return false;
}

/** Is the call under a condition on another field: `if (!this.external)`, `this.ownsPool && …`, an early `return`? */
function isGuarded(objects: RuntimeObjects, call: TSESTree.Node, field: string): boolean {
  let child: TSESTree.Node = call;
  for (let current = call.parent; current; child = current, current = current.parent) {
    switch (current.type) {
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.ConditionalExpression:
        if (child !== current.test && mentionsOtherField(objects, current.test, field)) return true;
        break;
      case AST_NODE_TYPES.LogicalExpression:
        if (child === current.right && mentionsOtherField(objects, current.left, field)) return true;
        break;
      case AST_NODE_TYPES.BlockStatement:
        for (const statement of current.body) {
          if (statement === child) break;
          if (statement.type === AST_NODE_TYPES.IfStatement && exits(statement.consequent) && mentionsOtherField(objects, statement.test, field)) {
            return true;
          }
        }
        break;
      default:
        break;
    }
    if (isFunctionNode(current) && current.parent.type === AST_NODE_TYPES.MethodDefinition) return false;
  }
  return false;
}

/** How a boolean field set from the same parameter reads: `true` when it means "came from outside". */
function flagPolarity(value: TSESTree.Node, source: string, sourceCode: SourceCode): boolean | undefined {
  const inner = unwrapExpression(value);
  const isSource = (node: TSESTree.Node): boolean => sourceCode.getText(unwrapExpression(node)) === source;
  const isNothing = (node: TSESTree.Node): boolean =>
    (node.type === AST_NODE_TYPES.Literal && node.value === null) ||
    (node.type === AST_NODE_TYPES.Identifier && node.name === "undefined");
  if (inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === "!") {
    const operand = unwrapExpression(inner.argument);
    if (isSource(operand)) return false;
    if (operand.type === AST_NODE_TYPES.UnaryExpression && operand.operator === "!" && isSource(operand.argument)) return true;
  }
  if (
    inner.type === AST_NODE_TYPES.CallExpression &&
    inner.callee.type === AST_NODE_TYPES.Identifier &&
    inner.callee.name === "Boolean" &&
    inner.arguments[0] &&
    isSource(inner.arguments[0])
  ) {
    return true;
  }
  if (inner.type === AST_NODE_TYPES.BinaryExpression) {
    const compared = isSource(inner.left) && isNothing(inner.right) ? true : isSource(inner.right) && isNothing(inner.left);
    if (!compared) return undefined;
    if (inner.operator === "!==" || inner.operator === "!=") return true;
    if (inner.operator === "===" || inner.operator === "==") return false;
  }
  return undefined;
}

/** An existing field that records where the manager came from, as a guard expression. */
function existingGuard(objects: RuntimeObjects, classNode: ClassNode, field: string, source: string, sourceCode: SourceCode): string | undefined {
  for (const [name, writes] of objects.fieldWrites(classNode)) {
    if (name === field) continue;
    for (const write of writes) {
      const polarity = flagPolarity(write, source, sourceCode);
      if (polarity === undefined) continue;
      return polarity ? `!this.${name}` : `this.${name}`;
    }
  }
  return undefined;
}

const COMPARISONS = new Set(["==", "!=", "===", "!==", "<", "<=", ">", ">=", "instanceof", "in"]);
const FLIPPED: Record<string, string> = { "==": "!=", "!=": "==", "===": "!==", "!==": "===" };

/** Reads the same value right after the assignment as during it: names, property reads and operators on them, none of them `this.<field>`. */
function isStableTest(test: TSESTree.Node, field: string): boolean {
  const allowed = (node: TSESTree.Node): boolean => {
    switch (node.type) {
      case AST_NODE_TYPES.Identifier:
      case AST_NODE_TYPES.Literal:
      case AST_NODE_TYPES.ThisExpression:
      case AST_NODE_TYPES.PrivateIdentifier:
      case AST_NODE_TYPES.UnaryExpression:
      case AST_NODE_TYPES.BinaryExpression:
      case AST_NODE_TYPES.LogicalExpression:
      case AST_NODE_TYPES.ChainExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
        return true;
      case AST_NODE_TYPES.MemberExpression:
        return thisMemberName(node) !== field;
      default:
        return false;
    }
  };
  let stable = allowed(test);
  if (stable) {
    walk(test, (node) => {
      if (!allowed(node)) stable = false;
      return stable;
    });
  }
  return stable;
}

/** `test` as a boolean expression. */
function affirmed(sourceCode: SourceCode, test: TSESTree.Node): string {
  const inner = unwrapExpression(test);
  const text = sourceCode.getText(test);
  if (inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === "!") return text;
  if (inner.type === AST_NODE_TYPES.BinaryExpression && COMPARISONS.has(inner.operator)) return text;
  return `Boolean(${text})`;
}

/** The negation of `test`, as a boolean expression. */
function negated(sourceCode: SourceCode, test: TSESTree.Node): string {
  const inner = unwrapExpression(test);
  if (inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === "!") return affirmed(sourceCode, inner.argument);
  const flipped = inner.type === AST_NODE_TYPES.BinaryExpression ? FLIPPED[inner.operator] : undefined;
  if (inner.type === AST_NODE_TYPES.BinaryExpression && flipped) {
    const operator = sourceCode.getTokensBetween(inner.left, inner.right).find((token) => token.value === inner.operator);
    if (operator) {
      const text = sourceCode.getText(inner);
      const at = operator.range[0] - inner.range[0];
      return `${text.slice(0, at)}${flipped}${text.slice(at + inner.operator.length)}`;
    }
  }
  const text = sourceCode.getText(test);
  return inner.type === AST_NODE_TYPES.Identifier || inner.type === AST_NODE_TYPES.MemberExpression ? `!${text}` : `!(${text})`;
}

/** `this.field` is "missing": `!this.field`, `this.field == null`, `this.field === undefined`; that test applied to `source`. */
function missingTestOn(sourceCode: SourceCode, test: TSESTree.Node, field: string, source: string): string | undefined {
  const inner = unwrapExpression(test);
  if (inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === "!" && thisMemberName(inner.argument) === field) {
    return `!${source}`;
  }
  if (inner.type !== AST_NODE_TYPES.BinaryExpression || !["==", "==="].includes(inner.operator)) return undefined;
  const isNothing = (node: TSESTree.Node): boolean =>
    (node.type === AST_NODE_TYPES.Literal && node.value === null) || (node.type === AST_NODE_TYPES.Identifier && node.name === "undefined");
  if (thisMemberName(inner.left) === field && isNothing(inner.right)) return `${source} ${inner.operator} ${sourceCode.getText(inner.right)}`;
  if (thisMemberName(inner.right) === field && isNothing(inner.left)) return `${source} ${inner.operator} ${sourceCode.getText(inner.left)}`;
  return undefined;
}

/**
 * An expression that is true exactly when the class made the value of `field` itself, read from
 * the branch that makes it: `db ?? new …` → `db == null`, `db || new …` → `!db`, a ternary → its
 * test, a later `this.db ??= new …` or `if (!this.db) this.db = new …` → the same check on the
 * parameter. `undefined` when no branch of the class makes one, or the condition cannot be told.
 */
function ownershipTest(
  sourceCode: SourceCode,
  objects: RuntimeObjects,
  classNode: ClassNode,
  field: string,
  from: FieldSource,
  runtimeClass: RuntimeClass,
): string | undefined {
  const source = from.source;
  const isSource = (node: TSESTree.Node): boolean => sourceCode.getText(unwrapExpression(node)) === source;
  const creates = (node: TSESTree.Node): boolean => {
    const inner = unwrapAwait(node);
    if (inner.type !== AST_NODE_TYPES.NewExpression && inner.type !== AST_NODE_TYPES.CallExpression) return false;
    const value = objects.valueOfClass(inner, runtimeClass);
    return value !== undefined && value.exhaustive && value.creations.length > 0 && parameterSource(objects, inner) === undefined;
  };
  const nullishOr = (operator: string): string | undefined => (operator === "??" ? `${source} == null` : operator === "||" ? `!${source}` : undefined);

  const written = from.write ? unwrapExpression(from.write) : undefined;
  if (written && !isSource(written)) {
    if (written.type === AST_NODE_TYPES.LogicalExpression && isSource(written.left) && creates(written.right)) {
      return nullishOr(written.operator);
    }
    if (written.type === AST_NODE_TYPES.ConditionalExpression && isStableTest(written.test, field)) {
      if (isSource(written.consequent) && creates(written.alternate)) return negated(sourceCode, written.test);
      if (isSource(written.alternate) && creates(written.consequent)) return affirmed(sourceCode, written.test);
    }
    return undefined;
  }

  // The field holds the parameter as it came: the class makes its own later, when it was missing.
  const others = (objects.fieldWrites(classNode).get(field) ?? []).filter((write) => write !== from.write);
  const [later] = others;
  if (others.length !== 1 || !later) return undefined;
  const assignment = later.parent;
  if (assignment.type !== AST_NODE_TYPES.AssignmentExpression) return undefined;
  if (assignment.operator === "??=" || assignment.operator === "||=") {
    return creates(later) ? nullishOr(assignment.operator.slice(0, 2)) : undefined;
  }
  if (assignment.operator !== "=") return undefined;
  const value = unwrapExpression(later);
  if (value.type === AST_NODE_TYPES.LogicalExpression && thisMemberName(value.left) === field && creates(value.right)) {
    return nullishOr(value.operator);
  }
  if (!creates(later)) return undefined;
  const statement = assignment.parent;
  const branch = statement.parent?.type === AST_NODE_TYPES.BlockStatement ? statement.parent : statement;
  const condition = branch.parent;
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement || condition?.type !== AST_NODE_TYPES.IfStatement || condition.consequent !== branch) {
    return undefined;
  }
  return missingTestOn(sourceCode, condition.test, field, source);
}

function ownershipFlagName(objects: RuntimeObjects, classNode: ClassNode, field: string): string {
  const base = field.replace(/^[#_]+/, "");
  const stem = `owns${base.charAt(0).toUpperCase()}${base.slice(1)}`;
  const taken = new Set<string>(objects.fieldWrites(classNode).keys());
  for (const element of classNode.body.body) {
    if (element.type === AST_NODE_TYPES.PropertyDefinition || element.type === AST_NODE_TYPES.MethodDefinition) {
      const name = propertyName(element);
      if (name !== undefined) taken.add(name);
    }
  }
  let name = stem;
  for (let index = 2; taken.has(name); index += 1) name = `${stem}${index}`;
  return name;
}

function isInConstructor(node: TSESTree.Node | undefined): boolean {
  for (let current = node?.parent; current; current = current.parent) {
    if (isFunctionNode(current)) {
      return current.parent.type === AST_NODE_TYPES.MethodDefinition && current.parent.kind === "constructor";
    }
  }
  return false;
}

export default createRule({
  name: "no-external-manager-close",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow closing a database manager or pool a class was given instead of making it itself",
      recommended: "recommended",
    },
    hasSuggestions: true,
    languages: ["js/js"],
    messages: {
      externalClose:
        "`{{target}}` may be a {{what}} the caller passed in: `{{method}}()` would close the pool under everyone else using it. Close it only when this class made it (check an ownership flag).",
      guardClose: "Close it only when this class made it (`if ({{guard}})`).",
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const sourceCode = context.sourceCode;
    const objects = runtimeObjects(context);
    const typescriptFile = /\.[cm]?tsx?$/.test(context.filename);

    function suggestion(
      classNode: ClassNode,
      field: string,
      from: FieldSource,
      call: TSESTree.CallExpression,
      runtimeClass: RuntimeClass,
    ): { guard: string; fix: (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix[] } | undefined {
      let statement: TSESTree.Node | undefined = standaloneStatement(call);
      if (!statement) {
        let outer: TSESTree.Node = call;
        while (outer.parent?.type === AST_NODE_TYPES.AwaitExpression || outer.parent?.type === AST_NODE_TYPES.ChainExpression) {
          outer = outer.parent;
        }
        if (outer.parent?.type === AST_NODE_TYPES.ReturnStatement && outer.parent.parent.type === AST_NODE_TYPES.BlockStatement) {
          statement = outer.parent;
        }
      }
      if (!statement) return undefined;
      const source = from.source;
      const unit = indentUnit(sourceCode);
      const indentation = lineIndentation(sourceCode, statement);
      const body = indentText(sourceCode, statement.range, unit);
      const wrap = (guard: string) => (fixer: TSESLint.RuleFixer) =>
        fixer.replaceText(statement, `if (${guard}) {\n${indentation}${unit}${body}\n${indentation}}`);

      const guard = existingGuard(objects, classNode, field, source, sourceCode);
      if (guard) return { guard, fix: (fixer) => [wrap(guard)(fixer)] };

      const owns = ownershipTest(sourceCode, objects, classNode, field, from, runtimeClass);
      if (owns === undefined) return undefined;
      const flag = ownershipFlagName(objects, classNode, field);
      const flagMember = `this.${flag}`;
      const assignment = `${flagMember} = ${owns};`;
      const edits: ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix)[] = [wrap(flagMember)];
      if (from.statement) {
        const at = from.statement;
        edits.push((fixer) => fixer.insertTextAfter(at, `\n${lineIndentation(sourceCode, at)}${assignment}`));
      } else if (from.constructorBody) {
        const body = from.constructorBody;
        const first = body.body[0];
        const superCall =
          first?.type === AST_NODE_TYPES.ExpressionStatement &&
          first.expression.type === AST_NODE_TYPES.CallExpression &&
          first.expression.callee.type === AST_NODE_TYPES.Super
            ? first
            : undefined;
        const indentationInside = first ? lineIndentation(sourceCode, first) : `${lineIndentation(sourceCode, body)}${unit}`;
        edits.push((fixer) => {
          if (superCall) return fixer.insertTextAfter(superCall, `\n${indentationInside}${assignment}`);
          if (!first) return fixer.replaceText(body, `{\n${indentationInside}${assignment}\n${lineIndentation(sourceCode, body)}}`);
          return fixer.insertTextAfterRange([body.range[0], body.range[0] + 1], `\n${indentationInside}${assignment}`);
        });
      } else {
        return undefined;
      }
      if (typescriptFile) {
        const firstMember = classNode.body.body[0];
        if (!firstMember) return undefined;
        const setInConstructor = from.constructorBody !== undefined || isInConstructor(from.statement);
        const declaration = setInConstructor ? `private readonly ${flag}: boolean;` : `private ${flag} = true;`;
        edits.push((fixer) => fixer.insertTextBefore(firstMember, `${declaration}\n${lineIndentation(sourceCode, firstMember)}`));
      }
      return { guard: flagMember, fix: (fixer) => edits.map((edit) => edit(fixer)) };
    }

    return {
      CallExpression(node) {
        const call = asMethodCall(node);
        const closer = call ? CLOSERS[call.method] : undefined;
        if (!call || !closer || node.arguments.length > 0) return;
        const field = thisMemberName(call.receiver);
        const classNode = enclosingClassOfThis(unwrapExpression(call.receiver));
        if (field === undefined || !classNode) return;
        if (!objects.valueOfClass(call.receiver, closer.runtimeClass)) return;
        const from = fieldFromParameter(sourceCode, objects, classNode, field);
        if (!from || isGuarded(objects, node, field)) return;
        const fix = suggestion(classNode, field, from, node, closer.runtimeClass);
        context.report({
          node,
          messageId: "externalClose",
          data: { target: sourceCode.getText(call.receiver), what: closer.what, method: call.method },
          suggest: fix ? [{ messageId: "guardClose", data: { guard: fix.guard }, fix: fix.fix }] : [],
        });
      },
    };
  },
});
