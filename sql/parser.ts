import { hasSqlDetails, loadModule, parseSync } from "libpg-query";
import type { ParseResult } from "libpg-query";
import { setFlagsFromString } from "node:v8";

let loaded = false;
let loading: Promise<void> | undefined;

/**
 * V8 compiles WebAssembly twice: at once with its baseline compiler (Liftoff), then the functions
 * that run often again with its optimizing compiler (TurboFan), on background threads. For
 * libpg-query's 1.7 MB module that second pass costs about 0.5 s of CPU in every process (every
 * ESLint run, every `--concurrency` worker) and does not pay for itself at the size of a lint run:
 * parsing 3,000 statements took 0.7–0.9 s of CPU with tier-up and 0.2–0.3 s without it
 * (`node bench/suite/wasm-tiering.mjs`). So the module is compiled with `--liftoff-only`, set only
 * while it compiles. Left alone when the process was started with its own WebAssembly flags, or
 * with PGDBM_WASM_TIERUP=1.
 */
function compileWithoutTierUp(): boolean {
  if (process.env.PGDBM_WASM_TIERUP === "1") return false;
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ""].join(" ");
  if (/liftoff|wasm/.test(flags)) return false;
  try {
    setFlagsFromString("--liftoff-only");
    return true;
  } catch {
    return false;
  }
}

function restoreTierUp(changed: boolean): void {
  if (!changed) return;
  try {
    setFlagsFromString("--no-liftoff-only");
  } catch {
    // V8 refused the flag change: the module then tiers up like any other.
  }
}

export function loadSqlParser(): Promise<void> {
  if (loading !== undefined) return loading;
  const changed = compileWithoutTierUp();
  loading = loadModule().then(
    () => {
      restoreTierUp(changed);
      loaded = true;
    },
    () => {
      restoreTierUp(changed);
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
