import path from "node:path";
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { createRule } from "../estree/create-rule.js";
import { findProperty, hasSpread, staticString } from "../estree/node-queries.js";
import { nearestPackageJson } from "../estree/package-json.js";
import { runtimeObjects, type RuntimeObjects } from "../estree/runtime-objects.js";
import { lineIndentation, preferredQuote, quoted } from "../estree/source-edits.js";

/** File names that say where code sits, not which module it belongs to. */
const GENERIC_FILE_NAMES = new Set([
  "app",
  "bootstrap",
  "database",
  "db",
  "file",
  "index",
  "init",
  "lib",
  "main",
  "migrate",
  "migration",
  "migrations",
  "server",
  "setup",
  "src",
  "start",
]);

function asModuleName(text: string): string | undefined {
  const name = text
    .replace(/^@[^/]+\//, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return /^[a-z][a-z0-9_]*$/.test(name) ? name : undefined;
}

/**
 * The name a user would most likely pick: the database manager's schema, else the `schema` the
 * migration manager was (wrongly) given, else the file's name, else the package's.
 */
function inferModuleName(
  objects: RuntimeObjects,
  manager: TSESTree.Node | undefined,
  options: TSESTree.ObjectExpression | undefined,
  filename: string,
  cwd: string,
): string | undefined {
  const schemas = manager ? objects.schemaOptionsOf(manager) : undefined;
  const schemaNames = new Set(schemas?.map((schema) => (schema ? staticString(schema) : undefined)));
  const [schema] = schemaNames;
  if (schemaNames.size === 1 && schema !== undefined) {
    const name = asModuleName(schema);
    if (name) return name;
  }
  const optionSchema = options ? staticString(findProperty(options, "schema")?.value) : undefined;
  const fromOption = optionSchema === undefined ? undefined : asModuleName(optionSchema);
  if (fromOption) return fromOption;
  if (!filename || filename.startsWith("<")) return undefined;
  const base = path.basename(filename).split(".")[0] ?? "";
  const fromFile = asModuleName(base);
  if (fromFile && !GENERIC_FILE_NAMES.has(fromFile)) return fromFile;
  const packageName = nearestPackageJson(path.dirname(path.resolve(cwd, filename)))?.name;
  return packageName ? asModuleName(packageName) : undefined;
}

export default createRule({
  name: "require-module-name",
  meta: {
    type: "problem",
    docs: {
      description: "Require a `moduleName` on every `AsyncMigrationManager`",
      recommended: "recommended",
    },
    hasSuggestions: true,
    languages: ["js/js"],
    messages: {
      missingModuleName:
        "`AsyncMigrationManager` needs a `moduleName`: migrations are recorded per module, and modules that share a database without one overwrite each other's history.",
      addModuleName: 'Add `moduleName: "{{name}}"`.',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const sourceCode = context.sourceCode;
    const objects = runtimeObjects(context);

    return {
      NewExpression(node) {
        if (objects.classOf(node.callee) !== "AsyncMigrationManager") return;
        if (node.arguments.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return;
        const [manager, migrationsPath, options] = node.arguments;
        const positionalName = staticString(options);
        let literal: TSESTree.ObjectExpression | undefined;
        if (options && positionalName === undefined) {
          literal = objects.objectLiteralOf(options);
          if (!literal || hasSpread(literal) || findProperty(literal, "moduleName")) return;
        }

        const name =
          positionalName !== undefined && asModuleName(positionalName)
            ? positionalName
            : inferModuleName(objects, manager, literal, context.filename, context.cwd);
        const quote = preferredQuote(migrationsPath);
        const entry = name === undefined ? "" : `moduleName: ${quoted(name, quote)}`;
        let fix: ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix) | undefined;
        if (name !== undefined && migrationsPath) {
          if (!options) {
            fix = (fixer) => fixer.insertTextAfter(migrationsPath, `, { ${entry} }`);
          } else if (positionalName !== undefined) {
            fix = (fixer) => fixer.replaceText(options, `{ ${entry} }`);
          } else if (literal === options) {
            const first = literal.properties[0];
            if (!first) fix = (fixer) => fixer.replaceText(options, `{ ${entry} }`);
            else if (first.loc.start.line === literal.loc.start.line) fix = (fixer) => fixer.insertTextBefore(first, `${entry}, `);
            else fix = (fixer) => fixer.insertTextBefore(first, `${entry},\n${lineIndentation(sourceCode, first)}`);
          }
        }
        context.report({
          node,
          messageId: "missingModuleName",
          suggest: fix && name !== undefined ? [{ messageId: "addModuleName", data: { name }, fix }] : [],
        });
      },
    };
  },
});
