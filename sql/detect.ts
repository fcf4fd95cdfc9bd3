// settings.pgdbm.sqlDetection: "keywords" — does a string start like a SQL statement? A leading
// keyword is not enough ("Select a user", "Update your profile", "Delete selected items?"), so each
// statement kind has to continue the way the grammar requires.
import { skipSpaceAndComments } from "./lexer.js";

const name = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*|\{\{[^{}\n]*\}\}|<<[^<>\n]*>>|\$\{[^}\n]*\})`;
const qualified = String.raw`${name}(?:\s*\.\s*${name})*`;
const objects = String.raw`(?:table|index|view|materialized\s+view|function|procedure|routine|trigger|sequence|schema|type|extension|policy|role|user|database|domain|aggregate|rule|publication|subscription|statistics|operator|cast|collation|conversion|event\s+trigger|foreign\s+(?:table|data\s+wrapper)|server|tablespace|text\s+search|transform|access\s+method|language|group|default\s+privileges|system|large\s+object|owned\s+by)`;

/** Patterns that only a statement matches. */
const strong: readonly RegExp[] = [
  /^insert\s+into\s/i,
  new RegExp(String.raw`^update\s+(?:only\s+)?${qualified}(?:\s+(?:as\s+)?${name})?\s+set\s`, "i"),
  /^delete\s+from\s/i,
  /^merge\s+into\s/i,
  new RegExp(String.raw`^with\s+(?:recursive\s+)?${name}\s*(?:\([^)]*\)\s*)?as\s+(?:not\s+)?(?:materialized\s+)?\(`, "i"),
  new RegExp(String.raw`^create\s+(?:(?:global|local|temp|temporary|unlogged)\s+)*table\s+(?:if\s+not\s+exists\s+)?${qualified}\s*(?:\(|as\s|partition\s+of\s|of\s)`, "i"),
  /^create\s+(?:unique\s+)?index\b[\s\S]*\son\s/i,
  new RegExp(String.raw`^create\s+(?:or\s+replace\s+)?(?:(?:temp|temporary|recursive|materialized)\s+)*view\s+(?:if\s+not\s+exists\s+)?${qualified}[\s\S]*\sas\s`, "i"),
  new RegExp(String.raw`^create\s+(?:or\s+replace\s+)?(?:function|procedure|aggregate)\s+${qualified}\s*\(`, "i"),
  new RegExp(String.raw`^create\s+(?:or\s+replace\s+)?(?:constraint\s+)?trigger\s+${name}\s+(?:before|after|instead\s+of)\s`, "i"),
  new RegExp(String.raw`^create\s+[\w\s]*?${objects}\s+if\s+not\s+exists\s`, "i"),
  new RegExp(String.raw`^alter\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?${qualified}\s+(?:add|drop|alter|rename|set|owner|attach|detach|enable|disable|validate|inherit|no|cluster|replica|reset|force|of|not)\b`, "i"),
  new RegExp(String.raw`^(?:alter|drop)\s+${objects}\s+if\s+exists\s`, "i"),
  /^select\s+(?:\*|distinct\b|all\s)/i,
  /^select\b[\s\S]*?\sfrom\s+\S/i,
  /^(?:grant|revoke)\s+(?:grant\s+option\s+for\s+)?(?:all(?:\s+privileges)?|select|insert|update|delete|truncate|references|trigger|usage|execute|create|connect|temporary|temp|maintain)\b[\s\S]*\son\s/i,
  new RegExp(String.raw`^copy\s+(?:${qualified}(?:\s*\([^)]*\))?|\()[\s\S]*\s(?:from|to)\s`, "i"),
  /^do\s+(?:\$\w*\$|'|language\s)/i,
  /^comment\s+on\s+(?:table|column|index|view|materialized|function|procedure|schema|type|sequence|trigger|constraint|policy|extension|role|database|domain|rule|aggregate|operator|cast|collation|conversion|event|foreign|server|language|publication|subscription|statistics|tablespace|text|transform|access|large)\s/i,
  /^(?:begin|commit|rollback|abort|end)\s+(?:transaction\b|work\b|isolation\b|read\b)/i,
  /^start\s+transaction\b/i,
  /^rollback\s+(?:to|prepared)\s/i,
  /^explain\s+(?:analyze|analyse|verbose|\(|select|insert|update|delete|with|merge|values|table|create|execute)\b/i,
  /^lock\s+table\s/i,
  new RegExp(String.raw`^lock\s+${qualified}\s+in\s+[\w\s]+\smode\b`, "i"),
  new RegExp(String.raw`^call\s+${qualified}\s*\(`, "i"),
  /^values\s*\(/i,
  /^refresh\s+materialized\s+view\s/i,
  /^reindex\s+(?:\(|index|table|schema|database|system)\b/i,
  /^discard\s+(?:all|plans|sequences|temp|temporary)\s*;?\s*$/i,
  /^import\s+foreign\s+schema\s/i,
  /^security\s+label\s/i,
  new RegExp(String.raw`^prepare\s+${name}(?:\s*\([^)]*\))?\s+as\s`, "i"),
  new RegExp(String.raw`^declare\s+${name}\s+(?:(?:binary|insensitive|asensitive|no\s+scroll|scroll)\s+)*cursor\b`, "i"),
  new RegExp(String.raw`^(?:set|reset)\s+(?:local\s+|session\s+)?(?:search_path|role|session\s+authorization|time\s+zone|statement_timeout|lock_timeout|client_encoding|constraints|transaction|datestyle|timezone)\b`, "i"),
];

/** Patterns a short English phrase could also match: only when the keyword is not written like a word in a sentence. */
const weak: readonly RegExp[] = [
  new RegExp(String.raw`^select\s+(?:\d|\$\d|'|\(|[-+]|"|(?:case|exists|not|null|true|false|current_\w+|now|count|coalesce|array|nextval|pg_\w+)\b)`, "i"),
  new RegExp(String.raw`^select\s+${qualified}\s*(?:,|\(|::|;|$|\sas\s)`, "i"),
  new RegExp(String.raw`^truncate\s+(?:table\s+)?(?:only\s+)?${qualified}\s*(?:,|;|$|\s(?:restart|continue|cascade|restrict)\b)`, "i"),
  new RegExp(String.raw`^set\s+(?:local\s+|session\s+)?${qualified}\s*(?:=|\sto\s)`, "i"),
  new RegExp(String.raw`^reset\s+(?:all|${name})\s*;?\s*$`, "i"),
  new RegExp(String.raw`^(?:vacuum|analy[sz]e)(?:\s+(?:full|freeze|verbose|analyze|\([^)]*\)))*(?:\s+${qualified}(?:\s*\([^)]*\))?(?:\s*,\s*${qualified}(?:\s*\([^)]*\))?)*)?\s*;?\s*$`, "i"),
  new RegExp(String.raw`^table\s+${qualified}\s*;?\s*$`, "i"),
  new RegExp(String.raw`^(?:listen|unlisten)\s+(?:${name}|\*)\s*;?\s*$`, "i"),
  new RegExp(String.raw`^notify\s+${name}\s*(?:,\s*'[^']*'\s*)?;?\s*$`, "i"),
  new RegExp(String.raw`^(?:savepoint|release\s+(?:savepoint\s+)?)${name}\s*;?\s*$`, "i"),
  new RegExp(String.raw`^(?:execute\s+${name}\s*(?:\(|;|$)|deallocate\s+(?:prepare\s+)?(?:all|${name})\s*;?\s*$)`, "i"),
  /^cluster\b/i,
  /^(?:begin|commit|rollback|abort|end|checkpoint)\s*;?\s*$/i,
  new RegExp(String.raw`^create\s+(?:or\s+replace\s+)?(?:(?:global|local|temp|temporary|unlogged|unique|materialized|recursive|constraint|trusted|procedural|default)\s+)*${objects}\s+\S`, "i"),
  new RegExp(String.raw`^(?:alter|drop)\s+${objects}\s+\S`, "i"),
];

/** Words that follow a verb in a sentence, never a SQL keyword in second place. */
const sentenceWords: ReadonlySet<string> = new Set([
  "a", "an", "the", "this", "that", "these", "those", "your", "my", "our", "their", "his", "her", "its", "it",
  "them", "me", "us", "you", "we", "he", "she", "they", "and", "but", "if", "when", "which", "what", "who",
  "how", "please", "some", "every", "each", "one", "another", "here", "there", "of", "is", "are", "was",
  "to", "for", "on", "in", "at", "by", "up", "out", "off", "selected", "new",
]);

const determiners: ReadonlySet<string> = new Set([
  "a", "an", "the", "this", "that", "these", "those", "your", "my", "our", "their", "his", "her", "its", "it",
  "them", "me", "us", "you", "we", "he", "she", "they", "please", "some", "every", "each", "another",
]);

export function looksLikeSql(text: string): boolean {
  if (typeof text !== "string") return false;
  let start = skipSpaceAndComments(text, 0);
  while (text[start] === "(") start = skipSpaceAndComments(text, start + 1);
  const head = text.slice(start, start + 4000);
  if (!/^[A-Za-z]/.test(head)) return false;
  const words = head.slice(0, 200).match(/[A-Za-z_']+/g) ?? [];
  const keyword = words[0] ?? "";
  const following = words.slice(1, 3).map((value) => value.toLowerCase());
  // "Delete from the list", "Insert into your account": an upper-case keyword is SQL however it goes on.
  if (keyword !== keyword.toUpperCase() && following.some((value) => determiners.has(value))) return false;
  if (strong.some((pattern) => pattern.test(head))) return true;
  // "Select files to upload": a capitalised first word and nothing SQL-specific reads as a sentence.
  const writtenLikeSql = keyword === keyword.toUpperCase() || keyword === keyword.toLowerCase();
  if (!writtenLikeSql || /[.!]\s*$/.test(head)) return false;
  if (following[0] !== undefined && sentenceWords.has(following[0])) return false;
  return weak.some((pattern) => pattern.test(head));
}
