import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/utils";
import { createRule } from "../estree/create-rule.js";
import { getPgdbmSettings } from "../estree/settings.js";
import { concatenationRoot, sourceRangeOf, sqlSourceOf } from "../estree/sql-sources.js";
import { createSqlReporter, sqlTargetListeners, type SqlTarget } from "../estree/sql-targets.js";
import { analyzeSql, looksLikeSql, type SearchPathChange } from "../sql/index.js";

type MessageIds = "searchPathChange" | "searchPathConfig";

const FORMS: Record<SearchPathChange["form"], string> = {
  set: "SET search_path",
  set_config: "set_config('search_path', …)",
  alter_role: "ALTER ROLE … SET search_path",
  alter_database: "ALTER DATABASE … SET search_path",
  reset: "RESET search_path",
};

/** `-c search_path=…` / `--search_path=…` in libpq `options` or PGOPTIONS, `search_path` in a connection URL. */
const CONFIG_SEARCH_PATH = /(?:-c\s*|--)search_path\s*=|(?:^|[?&])search_path=|search_path%3D/i;

function keyName(property: TSESTree.Property): string | undefined {
  if (property.key.type === AST_NODE_TYPES.Identifier && !property.computed) return property.key.name;
  if (property.key.type === AST_NODE_TYPES.Literal && typeof property.key.value === "string") return property.key.value;
  return undefined;
}

export default createRule<[], MessageIds>({
  name: "no-search-path",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow changing `search_path` in SQL or in connection configuration",
      recommended: "recommended",
    },
    languages: ["js/js", "pgdbm/sql"],
    schema: [],
    messages: {
      searchPathChange:
        "Do not change search_path ({{form}}): on a shared pool the setting follows the connection into other schemas' queries. Write table names as {{template}} templates.",
      searchPathConfig:
        "Do not set search_path in connection configuration: every manager on this pool would resolve bare table names in one schema. Give each manager its schema and write {{template}} templates.",
    },
  },
  defaultOptions: [],
  create(context) {
    const { templateStyle } = getPgdbmSettings(context);
    const template = templateStyle === "angle" ? "<<tables.name>>" : "{{tables.name}}";
    const report = createSqlReporter(context);
    const sourceCode = context.sourceCode;

    const reportChanges = (target: SqlTarget): void => {
      for (const change of target.analysis.searchPath) {
        report(target, change, { messageId: "searchPathChange", data: { form: FORMS[change.form] ?? change.form, template } });
      }
    };

    const checkedStrings = new Set<TSESTree.Node>();
    /** Any string that mentions search_path: SQL handed to something that is not a query method, or connection options. */
    const checkString = (node: TSESTree.Node): void => {
      const root = concatenationRoot(node);
      if (checkedStrings.has(root)) return;
      checkedStrings.add(root);
      const source = sqlSourceOf(root, sourceCode);
      if (!source || !/search_path/i.test(source.sql)) return;
      const target: SqlTarget = {
        origin: "keywords",
        sql: source.sql,
        analysis: looksLikeSql(source.sql)
          ? analyzeSql(source.sql, { holes: source.holes.map(({ start, end }) => ({ start, end })) })
          : analyzeSql(""),
        source,
        rangeOf: (span) => sourceRangeOf(source, span),
        editFor: () => undefined,
      };
      reportChanges(target);
      const match = CONFIG_SEARCH_PATH.exec(source.sql);
      if (match) {
        const start = match.index + match[0].toLowerCase().indexOf("search_path");
        report(target, { start, end: start + "search_path".length }, { messageId: "searchPathConfig", data: { template } });
      }
    };

    return {
      ...sqlTargetListeners(context, {}, reportChanges),
      Property(node) {
        if (node.parent.type !== AST_NODE_TYPES.ObjectExpression || keyName(node) !== "search_path") return;
        context.report({ node: node.key, messageId: "searchPathConfig", data: { template } });
      },
      "Literal, TemplateLiteral"(node: TSESTree.Literal | TSESTree.TemplateLiteral) {
        if (node.type === AST_NODE_TYPES.Literal && (typeof node.value !== "string" || !/search_path/i.test(node.value))) return;
        if (node.type === AST_NODE_TYPES.TemplateLiteral) {
          if (node.parent.type === AST_NODE_TYPES.TaggedTemplateExpression) return;
          if (!node.quasis.some((quasi) => /search_path/i.test(quasi.value.raw))) return;
        }
        checkString(node);
      },
    };
  },
});
