import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/utils";
import { createRule } from "../estree/create-rule.js";
import { keyName, memberName, staticString, unwrapExpression } from "../estree/node-queries.js";
import { runtimeObjects } from "../estree/runtime-objects.js";

/** Does writing to `member` happen here: `=`, `+=`, `++`, `delete`, a destructuring target, a `for…of` target? */
function isWriteTarget(member: TSESTree.MemberExpression): boolean {
  let child: TSESTree.Node = member;
  for (let parent = member.parent; parent; child = parent, parent = parent.parent) {
    switch (parent.type) {
      case AST_NODE_TYPES.AssignmentExpression:
        return parent.left === child;
      case AST_NODE_TYPES.UpdateExpression:
        return true;
      case AST_NODE_TYPES.UnaryExpression:
        return parent.operator === "delete";
      case AST_NODE_TYPES.ForInStatement:
      case AST_NODE_TYPES.ForOfStatement:
        return parent.left === child;
      case AST_NODE_TYPES.Property:
        if (parent.value !== child || parent.parent.type !== AST_NODE_TYPES.ObjectPattern) return false;
        break;
      case AST_NODE_TYPES.AssignmentPattern:
        if (parent.left !== child) return false;
        break;
      case AST_NODE_TYPES.ArrayPattern:
      case AST_NODE_TYPES.ObjectPattern:
      case AST_NODE_TYPES.RestElement:
        break;
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
        break;
      default:
        return false;
    }
  }
  return false;
}

/** `Object.assign(target, …)`, `Object.defineProperty(target, …)`, `Reflect.set(target, …)`: the call's target and whether it writes `schema`. */
function reflectiveSchemaWrite(node: TSESTree.CallExpression): TSESTree.Node | undefined {
  const callee = unwrapExpression(node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.object.type !== AST_NODE_TYPES.Identifier) return undefined;
  const api = `${callee.object.name}.${memberName(callee) ?? ""}`;
  const [target, second] = node.arguments;
  if (!target || !second || target.type === AST_NODE_TYPES.SpreadElement) return undefined;
  const namesSchema = staticString(second) === "schema";
  const objectHasSchema = (object: TSESTree.Node): boolean =>
    object.type === AST_NODE_TYPES.ObjectExpression &&
    object.properties.some(
      (property) => property.type === AST_NODE_TYPES.Property && keyName(property.key, property.computed) === "schema",
    );
  switch (api) {
    case "Object.defineProperty":
    case "Reflect.set":
    case "Reflect.defineProperty":
    case "Reflect.deleteProperty":
      return namesSchema ? target : undefined;
    case "Object.defineProperties":
      return objectHasSchema(second) ? target : undefined;
    case "Object.assign":
      return node.arguments.slice(1).some(objectHasSchema) ? target : undefined;
    default:
      return undefined;
  }
}

export default createRule({
  name: "no-schema-mutation",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow changing the `schema` of a database manager after it is made",
      recommended: "recommended",
    },
    languages: ["js/js"],
    messages: {
      schemaMutation:
        "`{{manager}}.schema` is fixed when the manager is made: concurrent queries on it would run in the wrong schema. Make one manager per schema on the shared pool instead.",
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const objects = runtimeObjects(context);
    const isManager = (node: TSESTree.Node): boolean =>
      objects.valueOfClass(node, "AsyncDatabaseManager") !== undefined;
    const report = (node: TSESTree.Node, manager: TSESTree.Node): void => {
      context.report({ node, messageId: "schemaMutation", data: { manager: context.sourceCode.getText(manager) } });
    };

    return {
      MemberExpression(node) {
        if (memberName(node) !== "schema" || !isWriteTarget(node) || !isManager(node.object)) return;
        report(node, unwrapExpression(node.object));
      },
      CallExpression(node) {
        const target = reflectiveSchemaWrite(node);
        if (target && isManager(target)) report(node, unwrapExpression(target));
      },
    };
  },
});
