import { createRule } from "../estree/create-rule.js";
import { getPgdbmSettings } from "../estree/settings.js";
import { createSqlReporter, sqlTargetListeners } from "../estree/sql-targets.js";
import { templateText } from "../estree/table-templates.js";
import { templateEdit } from "../sql/index.js";

type Options = [{ ignoreTables?: string[] }];
type MessageIds = "bareTable" | "malformedTemplate" | "unparseable";

export default createRule<Options, MessageIds>({
  name: "no-bare-table-name",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow table names in SQL that are not written through a `{{tables.…}}` template",
      recommended: "recommended",
    },
    languages: ["js/js", "pgdbm/sql"],
    fixable: "code",
    schema: [
      {
        type: "object",
        description: "Rule options.",
        properties: {
          ignoreTables: {
            type: "array",
            description: "Tables that may be named bare, added to `settings.pgdbm.ignoreTables`.",
            items: { type: "string" },
            uniqueItems: true,
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ ignoreTables: [] }],
    messages: {
      bareTable:
        "Table '{{tableName}}' is named without a template, so it resolves through search_path instead of the manager's schema. Write {{template}}.",
      malformedTemplate: "{{problem}} The runtime refuses this SQL before sending it.",
      unparseable:
        "PostgreSQL cannot parse this statement ({{error}}); its table names were only checked token by token.",
    },
  },
  defaultOptions: [{ ignoreTables: [] }],
  create(context, [options]) {
    const { templateStyle } = getPgdbmSettings(context);
    const report = createSqlReporter(context);
    return sqlTargetListeners(context, { ignoreTables: options.ignoreTables ?? [] }, (target) => {
      const { analysis } = target;
      for (const relation of analysis.relations) {
        if (relation.kind !== "bare") continue;
        // A token scan of a string that only looks like SQL is too weak a signal to say anything.
        if (relation.fromScan && target.origin === "keywords") continue;
        const edit = templateEdit(relation, templateStyle);
        report(target, relation, {
          messageId: "bareTable",
          data: { tableName: relation.name, template: templateText(edit, templateStyle) },
          ...(edit && !relation.fromScan ? { fix: edit } : {}),
        });
      }
      for (const problem of analysis.templateProblems) {
        report(target, problem, { messageId: "malformedTemplate", data: { problem: problem.message } });
      }
      if (target.origin === "sqlFile") {
        for (const error of analysis.errors) {
          report(target, { start: error.offset, end: error.offset }, { messageId: "unparseable", data: { error: error.message } });
        }
      }
    });
  },
});
