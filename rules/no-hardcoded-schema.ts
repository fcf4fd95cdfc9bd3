import { createRule } from "../estree/create-rule.js";
import { getPgdbmSettings } from "../estree/settings.js";
import { createSqlReporter, sqlTargetListeners } from "../estree/sql-targets.js";
import { templateText } from "../estree/table-templates.js";
import { templateEdit } from "../sql/index.js";

type Options = [{ allowedSchemas?: string[] }];
type MessageIds = "hardcodedSchema" | "keepCrossSchema";

export default createRule<Options, MessageIds>({
  name: "no-hardcoded-schema",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow schema names written into SQL instead of coming from the manager",
      recommended: "recommended",
    },
    languages: ["js/js", "pgdbm/sql"],
    fixable: "code",
    hasSuggestions: true,
    schema: [
      {
        type: "object",
        description: "Rule options.",
        properties: {
          allowedSchemas: {
            type: "array",
            description:
              "Schemas that may be written into SQL, added to `settings.pgdbm.allowedSchemas` (`pg_catalog` and `information_schema` always are).",
            items: { type: "string" },
            uniqueItems: true,
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ allowedSchemas: [] }],
    messages: {
      hardcodedSchema:
        "Schema '{{schemaName}}' is written into the SQL, so this query ignores the manager's schema. Write {{template}}.",
      keepCrossSchema: "Read '{{schemaName}}' on purpose (a cross-schema read): write {{template}}.",
    },
  },
  defaultOptions: [{ allowedSchemas: [] }],
  create(context, [options]) {
    const { templateStyle } = getPgdbmSettings(context);
    const report = createSqlReporter(context);
    return sqlTargetListeners(context, { allowedSchemas: options.allowedSchemas ?? [] }, (target) => {
      for (const relation of target.analysis.relations) {
        if (relation.kind !== "qualified" || relation.schema === undefined) continue;
        if (relation.fromScan && target.origin === "keywords") continue;
        const edit = templateEdit(relation, templateStyle);
        const crossSchema = templateEdit(relation, templateStyle, { keepSchema: true });
        const data = { schemaName: relation.schema, template: templateText(edit, templateStyle) };
        if (relation.fromScan) {
          report(target, relation, { messageId: "hardcodedSchema", data });
          continue;
        }
        report(target, relation, {
          messageId: "hardcodedSchema",
          data,
          ...(edit ? { fix: edit } : {}),
          ...(crossSchema
            ? {
                suggest: [
                  {
                    messageId: "keepCrossSchema",
                    data: { schemaName: relation.schema, template: crossSchema.text },
                    edit: crossSchema,
                  },
                ],
              }
            : {}),
        });
      }
    });
  },
});
