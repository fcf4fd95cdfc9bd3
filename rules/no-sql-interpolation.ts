import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { createRule } from "../estree/create-rule.js";
import { calledMethodName, sourceEndOf, sourceStartOf, type SqlHole } from "../estree/sql-sources.js";
import { createSqlReporter, sqlTargetListeners, type SqlTarget } from "../estree/sql-targets.js";

type Options = [{ checkConcatenation?: boolean }];
type MessageIds = "interpolation" | "nameInterpolation" | "textInterpolation" | "concatenation" | "useParameter";

/** Methods whose extra arguments are not the statement's `$n` values. */
const NO_PARAMETER_METHODS = new Set(["executeMany", "prepareQuery"]);
const MAX_SHOWN = 40;

function shown(code: string): string {
  const oneLine = code.replace(/\s+/g, " ");
  return oneLine.length > MAX_SHOWN ? `${oneLine.slice(0, MAX_SHOWN - 1)}…` : oneLine;
}

/** The number the next `$n` gets: after every argument already passed and every `$n` already written. */
function nextParameter(call: TSESTree.CallExpression, sql: string): number {
  let highest = call.arguments.length - 1;
  for (const match of sql.matchAll(/\$(\d+)/g)) highest = Math.max(highest, Number(match[1]));
  return highest + 1;
}

/**
 * `'${x}'`: the whole string literal is the value, so its quotes go with the splice (`$1`, not
 * `'$1'`, which would be the text "$1").
 */
function quotedHoleRange(target: SqlTarget, hole: SqlHole): [number, number] | undefined {
  const source = target.source;
  if (!source || target.sql[hole.start - 1] !== "'" || target.sql[hole.end] !== "'") return undefined;
  const before = hole.start - 1;
  if (sourceEndOf(source, before) !== hole.range[0] || sourceStartOf(source, hole.end) !== hole.range[1]) return undefined;
  return [sourceStartOf(source, before), sourceEndOf(source, hole.end)];
}

export default createRule<Options, MessageIds>({
  name: "no-sql-interpolation",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow values spliced into SQL text handed to a query method",
      recommended: "recommended",
    },
    // A `.sql` file has no `${}`: the rule has nothing to say there.
    languages: ["js/js"],
    hasSuggestions: true,
    schema: [
      {
        type: "object",
        description: "Rule options.",
        properties: {
          checkConcatenation: {
            type: "boolean",
            description: "Also report values joined into the SQL with `+` (`\"… WHERE id = \" + id`).",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ checkConcatenation: true }],
    messages: {
      interpolation:
        "{{code}} splices a value into the SQL text handed to {{method}}(): that is an SQL injection risk. Pass it as a $n parameter.",
      nameInterpolation:
        "{{code}} splices a name into the SQL text handed to {{method}}(): no $n parameter can stand for a name, so whatever it holds runs as SQL. Write the table through a template, or pick the name from a fixed list.",
      textInterpolation:
        "{{code}} splices SQL text into the SQL handed to {{method}}(): whatever it holds runs as SQL, an injection risk. Build it from fixed fragments and pass values as $n parameters.",
      concatenation:
        "'{{code}}' is concatenated into the SQL text handed to {{method}}(): that is an SQL injection risk. Pass it as a $n parameter.",
      useParameter: "Replace it with ${{parameter}} and pass the value as an argument.",
    },
  },
  defaultOptions: [{ checkConcatenation: true }],
  create(context, [options]) {
    const report = createSqlReporter(context);
    const sourceCode = context.sourceCode;

    const interpolationMessage = (target: SqlTarget, hole: SqlHole): MessageIds => {
      const position = target.analysis.holes.find((use) => use.start === hole.start)?.position;
      if (position === "relation" || position === "identifier") return "nameInterpolation";
      if (position === "other") return "textInterpolation";
      return "interpolation";
    };

    const parameterSuggestion = (
      target: SqlTarget,
      hole: SqlHole,
      call: TSESTree.CallExpression,
      method: string,
    ): { messageId: MessageIds; data: Record<string, string>; fix: TSESLint.ReportFixFunction }[] => {
      const position = target.analysis.holes.find((use) => use.start === hole.start)?.position;
      const lastArgument = call.arguments.at(-1);
      if (
        position !== "value" ||
        hole.kind !== "template" ||
        hole.template !== call.arguments[0] ||
        NO_PARAMETER_METHODS.has(method) ||
        !lastArgument ||
        call.arguments.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)
      ) {
        return [];
      }
      const parameter = nextParameter(call, target.sql);
      const expression = sourceCode.getText(hole.expression);
      const range = quotedHoleRange(target, hole) ?? hole.range;
      return [
        {
          messageId: "useParameter",
          data: { parameter: String(parameter) },
          fix: (fixer) => [
            fixer.replaceTextRange(range, `$${parameter}`),
            fixer.insertTextAfterRange(lastArgument.range, `, ${expression}`),
          ],
        },
      ];
    };

    return sqlTargetListeners(context, { queryMethodsOnly: true }, (target) => {
      const { source, call } = target;
      if (!source || !call || source.tagged) return;
      const method = calledMethodName(call) ?? "the query method";
      for (const hole of source.holes) {
        if (hole.kind === "concatenation" && options.checkConcatenation === false) continue;
        report(target, hole, {
          messageId: hole.kind === "template" ? interpolationMessage(target, hole) : "concatenation",
          data: { code: shown(sourceCode.text.slice(hole.range[0], hole.range[1])), method },
          suggest: parameterSuggestion(target, hole, call, method),
        });
      }
    });
  },
});
