import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/** A folder under the OS temp dir (no ESLint config above it) with `files` written into it. */
export async function makeTempTree(files: Record<string, string>, prefix = "pgdbm-lint-"): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), prefix));
  await writeTree(root, files);
  return root;
}

export async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  }
}

export async function removeTree(root: string): Promise<void> {
  await rm(root, { recursive: true, force: true });
}
