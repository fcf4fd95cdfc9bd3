import type { FileProblem, RulesConfig, SourceLocation, TraversalStep } from "@eslint/core";
import { ConfigCommentParser, Directive, TextSourceCodeBase, VisitNodeStep } from "@eslint/plugin-kit";
import type { SqlComment, SqlDocument, SqlNode } from "./sql-ast.js";
import { sqlCommentNodes } from "./sql-comments.js";

export type SqlLanguageOptions = Record<string, never>;

const commentParser = new ConfigCommentParser();
const INLINE_CONFIG = /^\s*eslint(?:-enable|-disable(?:(?:-next)?-line)?)?(?:\s|$)/u;
/** PostgreSQL ends a line at LF, CR LF or a lone CR; lines and columns here follow the same breaks. */
export const SQL_LINE_ENDING = /\r\n|[\r\n]/u;

type DirectiveLabel = "eslint-disable" | "eslint-enable" | "eslint-disable-next-line" | "eslint-disable-line";
const DIRECTIVE_LABELS = new Set<string>(["eslint-disable", "eslint-enable", "eslint-disable-next-line", "eslint-disable-line"]);

class SqlTraversalStep extends VisitNodeStep {
  declare target: SqlNode;
}

/** The SourceCode of a `.sql` file: text, tree, comments and the inline `eslint-*` directives in them. */
export class SqlSourceCode extends TextSourceCodeBase<{
  LangOptions: SqlLanguageOptions;
  RootNode: SqlDocument;
  SyntaxElementWithLoc: SqlNode;
  ConfigNode: SqlComment;
}> {
  #comments: SqlComment[] | undefined;
  #steps: SqlTraversalStep[] | undefined;
  #parents = new WeakMap<SqlNode, SqlNode>();
  #inlineConfigComments: SqlComment[] | undefined;

  constructor({ text, ast }: { text: string; ast: SqlDocument }) {
    super({ text, ast, lineEndingPattern: SQL_LINE_ENDING });
  }

  /** The file's `--` and `/* *\/` comments, found by the engine's lexer on first use. */
  get comments(): SqlComment[] {
    this.#comments ??= sqlCommentNodes(this.text, (index) => this.getLocFromIndex(index));
    return this.#comments;
  }

  getInlineConfigNodes(): SqlComment[] {
    // Every directive contains "eslint": without it, there is nothing to lex for.
    this.#inlineConfigComments ??= this.text.includes("eslint")
      ? this.comments.filter((comment) => INLINE_CONFIG.test(comment.value))
      : [];
    return this.#inlineConfigComments;
  }

  getDisableDirectives(): { directives: Directive[]; problems: FileProblem[] } {
    const directives: Directive[] = [];
    const problems: FileProblem[] = [];
    for (const comment of this.getInlineConfigNodes()) {
      const parsed = commentParser.parseDirective(comment.value);
      if (!parsed || !DIRECTIVE_LABELS.has(parsed.label)) continue;
      const label = parsed.label as DirectiveLabel;
      if (label === "eslint-disable-line" && comment.loc.start.line !== comment.loc.end.line) {
        problems.push({ ruleId: null, message: `${label} comment should not span multiple lines.`, loc: comment.loc });
        continue;
      }
      directives.push(
        new Directive({
          type: label.slice("eslint-".length) as Directive["type"],
          node: comment,
          value: parsed.value,
          justification: parsed.justification,
        }),
      );
    }
    return { directives, problems };
  }

  applyInlineConfig(): { configs: { config: { rules: RulesConfig }; loc: SourceLocation }[]; problems: FileProblem[] } {
    const configs: { config: { rules: RulesConfig }; loc: SourceLocation }[] = [];
    const problems: FileProblem[] = [];
    for (const comment of this.getInlineConfigNodes()) {
      const parsed = commentParser.parseDirective(comment.value);
      if (parsed?.label !== "eslint") continue;
      const result = commentParser.parseJSONLikeConfig(parsed.value);
      if (result.ok) configs.push({ config: { rules: result.config }, loc: comment.loc });
      else problems.push({ ruleId: null, message: result.error.message, loc: comment.loc });
    }
    return { configs, problems };
  }

  override getParent(node: SqlNode): SqlNode | undefined {
    this.#ensureSteps();
    return this.#parents.get(node);
  }

  override traverse(): Iterable<TraversalStep> {
    return this.#ensureSteps().values();
  }

  #ensureSteps(): SqlTraversalStep[] {
    if (this.#steps) return this.#steps;
    const steps: SqlTraversalStep[] = [];
    const root = this.ast;
    steps.push(new SqlTraversalStep({ target: root, phase: 1, args: [root, undefined] }));
    for (const statement of root.body) {
      this.#parents.set(statement, root);
      steps.push(new SqlTraversalStep({ target: statement, phase: 1, args: [statement, root] }));
      steps.push(new SqlTraversalStep({ target: statement, phase: 2, args: [statement, root] }));
    }
    steps.push(new SqlTraversalStep({ target: root, phase: 2, args: [root, undefined] }));
    this.#steps = steps;
    return steps;
  }
}
