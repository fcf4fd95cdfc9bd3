import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { createRule } from "../estree/create-rule.js";
import { asMethodCall, unwrapAwait, walk } from "../estree/node-queries.js";
import { runtimeObjects } from "../estree/runtime-objects.js";
import { indentText, indentUnit, lineIndentation, standaloneStatement } from "../estree/source-edits.js";
import { isTestDatabaseCall, runsAsCleanup } from "../estree/test-cleanup.js";

type SourceCode = Readonly<TSESLint.SourceCode>;

/** Does `statement` call `<receiver>.createTestDatabase()` (as `await x.create…()` or `const name = await x.create…()`)? */
function createsTestDatabase(sourceCode: SourceCode, statement: TSESTree.Node, receiver: string): boolean {
  let found = false;
  walk(statement, (node) => {
    const call = asMethodCall(node);
    if (call?.method === "createTestDatabase" && sourceCode.getText(unwrapAwait(call.receiver)) === receiver) found = true;
    return !found;
  });
  return found;
}

/**
 * The try/finally rewrite: the statements between `createTestDatabase()` and the drop go into
 * `try`, the drop into `finally`. `undefined` when there is nothing to protect or when a binding
 * made in those statements is used after the drop (moving it into `try` would hide it).
 */
function wrapInTryFinally(
  sourceCode: SourceCode,
  drop: TSESTree.ExpressionStatement,
  receiver: string,
): ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix) | undefined {
  const container = drop.parent;
  if (container.type !== AST_NODE_TYPES.BlockStatement && container.type !== AST_NODE_TYPES.Program) return undefined;
  const statements: TSESTree.Node[] = container.body;
  const dropIndex = statements.indexOf(drop);
  let createIndex = -1;
  for (let index = dropIndex - 1; index >= 0; index -= 1) {
    if (createsTestDatabase(sourceCode, statements[index] as TSESTree.Node, receiver)) {
      createIndex = index;
      break;
    }
  }
  const moved = statements.slice(createIndex + 1, dropIndex);
  const first = moved[0];
  const last = moved.at(-1);
  if (createIndex === -1 || !first || !last) return undefined;

  const movedRange: [number, number] = [first.range[0], last.range[1]];
  for (const statement of moved) {
    for (const variable of sourceCode.getDeclaredVariables(statement)) {
      const usedOutside = variable.references.some(
        (reference) => reference.identifier.range[0] < movedRange[0] || reference.identifier.range[1] > movedRange[1],
      );
      if (usedOutside) return undefined;
    }
  }
  const between = sourceCode.text.slice(last.range[1], drop.range[0]);
  const trailing = between.trimEnd();
  const unit = indentUnit(sourceCode);
  const indentation = lineIndentation(sourceCode, drop);
  const body = indentText(sourceCode, [first.range[0], last.range[1] + trailing.length], unit);
  const cleanup = indentText(sourceCode, drop.range, unit);
  const replacement =
    `try {\n${indentation}${unit}${body}\n` + `${indentation}} finally {\n${indentation}${unit}${cleanup}\n${indentation}}`;
  return (fixer) => fixer.replaceTextRange([first.range[0], drop.range[1]], replacement);
}

export default createRule({
  name: "require-cleanup-in-finally",
  meta: {
    type: "problem",
    docs: {
      description: "Require `dropTestDatabase()` to run in a `finally` block or a teardown hook",
      recommended: "recommended",
    },
    hasSuggestions: true,
    languages: ["js/js"],
    messages: {
      cleanupNotInFinally:
        "`{{receiver}}.dropTestDatabase()` runs only if everything before it succeeds: a failing test leaks its database. Drop it in a `finally` block or an `afterEach`/`afterAll` hook.",
      wrapInTryFinally: "Wrap the code after `createTestDatabase()` in `try` and drop the database in `finally`.",
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const sourceCode = context.sourceCode;
    const objects = runtimeObjects(context);

    return {
      CallExpression(node) {
        if (!isTestDatabaseCall(objects, node, "dropTestDatabase")) return;
        if (runsAsCleanup(node, objects)) return;
        const call = asMethodCall(node);
        if (!call) return;
        const receiver = sourceCode.getText(unwrapAwait(call.receiver));
        const statement = standaloneStatement(node);
        const fix = statement ? wrapInTryFinally(sourceCode, statement, receiver) : undefined;
        context.report({
          node,
          messageId: "cleanupNotInFinally",
          data: { receiver },
          suggest: fix ? [{ messageId: "wrapInTryFinally", fix }] : [],
        });
      },
    };
  },
});
