import { hasSqlDetails, loadModule, parseSync } from "libpg-query";
import type { ParseResult } from "libpg-query";

let loaded = false;
let loading: Promise<void> | undefined;

export function loadSqlParser(): Promise<void> {
  loading ??= loadModule().then(
    () => {
      loaded = true;
    },
    () => {
      // A WASM module that cannot load leaves the engine on its tokenizer-level fallback; a later
      // call may try again.
      loading = undefined;
    },
  );
  return loading;
}

export function isSqlParserLoaded(): boolean {
  return loaded;
}

export type ParseOutcome =
  | { ok: true; result: ParseResult }
  | { ok: false; message: string; /** character (code point) offset, when PostgreSQL reports one */ cursor?: number };

export function tryParse(text: string): ParseOutcome {
  if (!loaded) return { ok: false, message: "the SQL parser is not loaded" };
  try {
    return { ok: true, result: parseSync(text) };
  } catch (error) {
    if (error instanceof RangeError) return { ok: false, message: "statement is nested too deeply to analyse" };
    if (hasSqlDetails(error) && error.sqlDetails) {
      return { ok: false, message: error.sqlDetails.message, cursor: error.sqlDetails.cursorPosition };
    }
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
