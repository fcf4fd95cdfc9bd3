#!/usr/bin/env node
import process from "node:process";
import { main } from "./main.js";

/** Colours on a terminal, and wherever NO_COLOR / FORCE_COLOR say so (a demo piping the output, CI logs). */
function wantsColor(): boolean {
  const { NO_COLOR, FORCE_COLOR } = process.env;
  if (NO_COLOR !== undefined && NO_COLOR !== "") return false;
  if (FORCE_COLOR !== undefined) return FORCE_COLOR !== "0" && FORCE_COLOR !== "false";
  return process.stdout.isTTY === true;
}

process.exitCode = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  color: wantsColor(),
});
