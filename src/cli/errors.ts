import { ConfigError } from '../kernel/errors.js';

/** Exit codes, the CLI's contract with scripts and process managers. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** A bad command line: printed with a pointer to `--help`, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Prints an error the way an operator needs it: usage and config errors as their message only (they
 * are the operator's to fix, a stack trace would bury the key path); anything else is a runtime
 * failure, with the stack only when MCP_XDR_DEBUG is set.
 */
export function reportError(error: unknown, stderr: (text: string) => void): number {
  if (error instanceof UsageError) {
    stderr(`mcp-xdr: ${error.message}\nRun 'mcp-xdr --help' for usage.\n`);
    return EXIT.usage;
  }
  if (error instanceof ConfigError || isNamed(error, 'ConfigError')) {
    stderr(`mcp-xdr: invalid configuration: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  const message = error instanceof Error ? error.message : String(error);
  const stack = process.env.MCP_XDR_DEBUG && error instanceof Error ? `\n${error.stack}` : '';
  stderr(`mcp-xdr: ${message}${stack}\n`);
  return EXIT.failure;
}

/** A ConfigError from another copy of the kernel (a plugin's own dependency) is still one. */
function isNamed(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name;
}
