import { main } from "../../../lint/main.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `pgdbm-lint` in-process in `cwd`, capturing what it prints. */
export async function runCli(args: string[], cwd: string): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    cwd,
    color: false,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}
