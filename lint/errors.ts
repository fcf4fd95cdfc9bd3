/** A problem the user can fix (a missing path, a bad option, a missing package): shown as one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

interface SystemError extends Error {
  code?: string;
  path?: string;
  syscall?: string;
}

const SYSTEM_REASONS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EISDIR: "is a directory",
  ENOTDIR: "not a directory",
  ENOENT: "no such file or directory",
  ELOOP: "too many symbolic links",
  EMFILE: "too many open files",
};

/** ESLint's "no files" errors carry the pattern they are about. */
interface EslintTemplatedError extends Error {
  messageTemplate?: string;
  messageData?: { pattern?: string };
}

function isSystemError(error: unknown): error is SystemError {
  return error instanceof Error && typeof (error as SystemError).code === "string";
}

/**
 * One message for anything `pgdbm-lint` can meet, with no stack trace: file-system errors name
 * the file and the reason; ESLint's own errors (a broken config, a crashing rule) keep their
 * message, which already says which file and rule.
 */
export function describeError(error: unknown, relativeTo: (file: string) => string): string {
  if (error instanceof UsageError) return error.message;
  if (isSystemError(error) && error.code && SYSTEM_REASONS[error.code]) {
    const reason = SYSTEM_REASONS[error.code];
    return error.path ? `cannot read ${relativeTo(error.path)}: ${reason}` : `${reason} (${error.message})`;
  }
  if (error instanceof Error) {
    const { messageTemplate, messageData } = error as EslintTemplatedError;
    if ((messageTemplate === "file-not-found" || messageTemplate === "all-matched-files-ignored") && messageData?.pattern) {
      return `nothing to lint in ${messageData.pattern}: no file there is covered by the config and not ignored`;
    }
    if (error.message === "Unexpected array.") {
      // Other plugins' presets are arrays (typescript-eslint's); ESLint 10 flattens them only through defineConfig().
      return (
        "the ESLint config holds an array inside its exported array (ESLint does not flatten it): " +
        "spread that preset (...tseslint.configs.recommended) or wrap the config in defineConfig() from \"eslint/config\""
      );
    }
    return error.message.trim();
  }
  return String(error);
}
