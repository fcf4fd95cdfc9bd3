import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { createRule } from "../estree/create-rule.js";
import { keyName } from "../estree/node-queries.js";
import { runtimeObjects } from "../estree/runtime-objects.js";
import { propertyRemovalRange } from "../estree/source-edits.js";

export default createRule({
  name: "no-migration-schema-option",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow a `schema` option on `AsyncMigrationManager`",
      recommended: "recommended",
    },
    fixable: "code",
    hasSuggestions: true,
    languages: ["js/js"],
    messages: {
      schemaOption:
        "`AsyncMigrationManager` has no `schema` option (the runtime throws a TypeError): migrations run in the schema of the database manager passed to it. Set the schema on that manager.",
      removeSchemaOption: "Remove the `schema` option.",
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const sourceCode = context.sourceCode;
    const objects = runtimeObjects(context);

    /** An options object used only by this call can lose a property without anyone else noticing. */
    const usedOnlyHere = (argument: TSESTree.Node, options: TSESTree.ObjectExpression): boolean => {
      if (argument === options) return true;
      if (argument.type !== AST_NODE_TYPES.Identifier) return false;
      const variable = objects.variableOf(argument);
      return variable?.references.filter((reference) => !reference.init).length === 1;
    };

    return {
      NewExpression(node) {
        if (objects.classOf(node.callee) !== "AsyncMigrationManager") return;
        const argument = node.arguments[2];
        if (!argument || argument.type === AST_NODE_TYPES.SpreadElement) return;
        const options = objects.objectLiteralOf(argument);
        if (!options) return;
        for (const property of options.properties) {
          if (property.type !== AST_NODE_TYPES.Property || keyName(property.key, property.computed) !== "schema") continue;
          const range = propertyRemovalRange(sourceCode, property);
          const removable = range !== undefined && usedOnlyHere(argument, options);
          const remove = (fixer: TSESLint.RuleFixer): TSESLint.RuleFix => fixer.removeRange(range ?? property.range);
          // Dropping an expression that calls something changes what runs: offer it, do not apply it.
          const silent = removable && !ASTUtils.hasSideEffect(property, sourceCode);
          context.report({
            node: property,
            messageId: "schemaOption",
            fix: silent ? remove : null,
            suggest: removable && !silent ? [{ messageId: "removeSchemaOption", fix: remove }] : [],
          });
        }
      },
    };
  },
});
