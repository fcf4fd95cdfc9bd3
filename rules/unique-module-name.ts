import { AST_NODE_TYPES, ASTUtils, type TSESTree } from "@typescript-eslint/utils";
import { createRule } from "../estree/create-rule.js";
import { findProperty } from "../estree/node-queries.js";
import { runtimeObjects } from "../estree/runtime-objects.js";

interface NamedMigrations {
  name: string;
  value: TSESTree.Node;
}

/** A name built from the schema: `` `billing_${schema}` ``, or the schema's own template literal. */
function exampleName(name: string, schema: TSESTree.Node, schemaText: string): string {
  return schema.type === AST_NODE_TYPES.TemplateLiteral ? schemaText : `\`${name}_\${${schemaText}}\``;
}

export default createRule({
  name: "unique-module-name",
  meta: {
    type: "problem",
    docs: {
      description: "Require each `AsyncMigrationManager` to have its own `moduleName`",
      recommended: "recommended",
    },
    languages: ["js/js"],
    messages: {
      duplicateModuleName:
        'The `moduleName` "{{name}}" is already used by the migration manager on line {{line}}: two modules with one name share a migration history and a migration lock.',
      fixedNameForDynamicSchema:
        'The `moduleName` "{{name}}" is fixed, but the manager\'s schema (`{{schema}}`) is not: every instance, in whichever schema, runs under the one name. Build the name from the schema, e.g. {{example}}.',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const sourceCode = context.sourceCode;
    const objects = runtimeObjects(context);
    const named: NamedMigrations[] = [];

    const staticText = (node: TSESTree.Node): string | undefined => {
      try {
        const result = ASTUtils.getStaticValue(node, sourceCode.getScope(node));
        return typeof result?.value === "string" ? result.value : undefined;
      } catch {
        return undefined;
      }
    };

    return {
      NewExpression(node) {
        if (objects.classOf(node.callee) !== "AsyncMigrationManager") return;
        const [manager, , options] = node.arguments;
        if (!options || options.type === AST_NODE_TYPES.SpreadElement) return;
        const literal = objects.objectLiteralOf(options);
        const moduleName = literal ? findProperty(literal, "moduleName") : undefined;
        if (!moduleName) return;
        const name = staticText(moduleName.value);
        if (name === undefined) return;
        named.push({ name, value: moduleName.value });

        const dynamicSchema = manager
          ? objects.schemaOptionsOf(manager)?.find((schema) => schema !== null && staticText(schema) === undefined)
          : undefined;
        if (dynamicSchema) {
          const schema = sourceCode.getText(dynamicSchema);
          context.report({
            node: moduleName.value,
            messageId: "fixedNameForDynamicSchema",
            data: { name, schema, example: exampleName(name, dynamicSchema, schema) },
          });
        }
      },
      "Program:exit"() {
        const first = new Map<string, NamedMigrations>();
        for (const entry of named) {
          const earlier = first.get(entry.name);
          if (!earlier) {
            first.set(entry.name, entry);
            continue;
          }
          context.report({
            node: entry.value,
            messageId: "duplicateModuleName",
            data: { name: entry.name, line: earlier.value.loc.start.line },
          });
        }
      },
    };
  },
});
