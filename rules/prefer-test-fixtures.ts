import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/utils";
import { createRule } from "../estree/create-rule.js";
import { asMethodCall } from "../estree/node-queries.js";
import { runtimeObjects } from "../estree/runtime-objects.js";

const TEST_FILE = /(\.(test|spec)\.[cm]?[jt]sx?$)|([\\/]__tests__[\\/])/;

/** Inside `test.extend({ … })`: someone building their own fixture, which is what the fixtures are made of. */
function insideFixtureDefinition(node: TSESTree.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (asMethodCall(current)?.method === "extend") return true;
  }
  return false;
}

export default createRule({
  name: "prefer-test-fixtures",
  meta: {
    type: "suggestion",
    docs: {
      description: "Require the runtime's vitest fixtures instead of a hand-managed `AsyncTestDatabase` in vitest test files",
      recommended: "strict",
    },
    languages: ["js/js"],
    messages: {
      preferFixtures:
        "Use the fixtures of `{{fixtures}}` (`testDb`, `testDbWithSchema`, `testDbIsolated`) instead of a hand-managed `AsyncTestDatabase`: they create the database, hand out managers and always drop it.",
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    if (!TEST_FILE.test(context.filename)) return {};
    const objects = runtimeObjects(context);
    const fixtureModules = objects.runtimeModulesList.map((runtimeModule) => `${runtimeModule}/vitest`);
    const usesVitest = context.sourceCode.ast.body.some(
      (statement) =>
        statement.type === AST_NODE_TYPES.ImportDeclaration &&
        (statement.source.value === "vitest" || fixtureModules.includes(statement.source.value)),
    );
    if (!usesVitest) return {};
    const fixtures = fixtureModules[0] ?? "eslint-plugin-pgdbm/runtime/vitest";
    return {
      NewExpression(node) {
        if (objects.classOf(node.callee) !== "AsyncTestDatabase" || insideFixtureDefinition(node)) return;
        context.report({ node, messageId: "preferFixtures", data: { fixtures } });
      },
    };
  },
});
