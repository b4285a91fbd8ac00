/** Where a command writes: injected so tests and the entry point agree on what goes where. */
export interface CliIo {
  /** Command results (tables, JSON). Never used while serving over stdio. */
  stdout(text: string): void;
  /** The real stdout as a stream, for the stdio transport (process.stdout is redirected to stderr). */
  readonly protocolStdout: NodeJS.WritableStream;
  /** Messages for the operator. */
  stderr(text: string): void;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * One `mcp-xdr <name>` command, in its own file. Adding a command = one file + one line in
 * `commands/index.ts`. `run` returns the exit code; it throws UsageError / ConfigError for exit 2.
 */
export interface Command {
  readonly name: string;
  /** One line for `--help`. */
  readonly summary: string;
  /** Usage lines after `mcp-xdr`, e.g. `tools [--json] [--config FILE]`. */
  readonly usage: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}
