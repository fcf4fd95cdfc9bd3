import { debuglog } from "node:util";
import { redact } from "./redact.js";

/** Where the runtime's log lines go. Any method left out is dropped. */
export interface RuntimeLogger {
  debug?(message: string): void;
  info?(message: string): void;
  warn?(message: string): void;
  error?(message: string): void;
}

const debugOutput = debuglog("pgdbm");

/** Debug and info only with NODE_DEBUG=pgdbm; warnings and errors on stderr. */
const defaultLogger: RuntimeLogger = {
  debug: (message) => debugOutput("%s", message),
  info: (message) => debugOutput("%s", message),
  warn: (message) => console.warn(`[pgdbm] ${message}`),
  error: (message) => console.error(`[pgdbm] ${message}`),
};

let current: RuntimeLogger = defaultLogger;

/** Route the runtime's log lines to your logger; `undefined` restores the default. Lines arrive redacted. */
export function setLogger(logger: RuntimeLogger | undefined): void {
  current = logger ?? defaultLogger;
}

type Level = keyof RuntimeLogger;

function emit(level: Level, message: string): void {
  const write = current[level];
  if (write) write.call(current, redact(message));
}

export const log = {
  debug: (message: string): void => emit("debug", message),
  info: (message: string): void => emit("info", message),
  warn: (message: string): void => emit("warn", message),
  error: (message: string): void => emit("error", message),
};
