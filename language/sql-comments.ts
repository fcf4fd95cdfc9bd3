import { sqlComments } from "../sql/index.js";
import type { SqlComment, SqlPosition } from "./sql-ast.js";

/**
 * The `--` and `/* *\/` comments of a SQL file as comment nodes. The engine's lexer finds them as
 * PostgreSQL's scanner does (never inside strings, dollar quotes or quoted names; nested block
 * comments), and never fails: a statement with an unterminated quote hides only what follows it.
 */
export function sqlCommentNodes(text: string, positionAt: (index: number) => SqlPosition): SqlComment[] {
  return sqlComments(text).map((comment) => ({
    type: comment.kind === "block" ? "BlockComment" : "LineComment",
    value: comment.value,
    range: [comment.start, comment.end],
    loc: { start: positionAt(comment.start), end: positionAt(comment.end) },
  }));
}
