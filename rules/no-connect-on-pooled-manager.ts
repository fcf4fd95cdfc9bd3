import { createRule } from "../estree/create-rule.js";
import { asMethodCall } from "../estree/node-queries.js";
import { runtimeObjects } from "../estree/runtime-objects.js";
import { standaloneStatement, statementRemovalRange } from "../estree/source-edits.js";

export default createRule({
  name: "no-connect-on-pooled-manager",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow `connect()` on a database manager built on a shared pool",
      recommended: "recommended",
    },
    fixable: "code",
    languages: ["js/js"],
    messages: {
      connectOnPooledManager:
        "`{{manager}}` borrows a shared pool, so `connect()` throws a PoolError: the pool's owner opens and closes it. Use the manager without connecting it.",
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const objects = runtimeObjects(context);
    return {
      CallExpression(node) {
        const call = asMethodCall(node);
        if (call?.method !== "connect" || node.arguments.length > 0) return;
        const manager = objects.valueOfClass(call.receiver, "AsyncDatabaseManager");
        if (manager?.ownership !== "borrows") return;
        const statement = standaloneStatement(node);
        context.report({
          node,
          messageId: "connectOnPooledManager",
          data: { manager: context.sourceCode.getText(call.receiver) },
          fix: statement ? (fixer) => fixer.removeRange(statementRemovalRange(context.sourceCode, statement)) : null,
        });
      },
    };
  },
});
