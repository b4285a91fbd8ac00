import type { CliIo, Command } from './command.js';
import { COMMANDS, DEFAULT_COMMAND } from './commands/index.js';
import { EXIT, reportError, UsageError } from './errors.js';
import { packageInfo } from './package-info.js';

function usage(commands: readonly Command[]): string {
  const lines = commands.flatMap((command) => [`  mcp-xdr ${command.usage}`, `      ${command.summary}`]);
  return [
    'Usage:',
    ...lines,
    '  mcp-xdr --help | --version',
    '',
    `Without a command, runs '${DEFAULT_COMMAND}'. The config is found from the working directory`,
    '(mcp-xdr.config.ts and friends), or given with --config FILE or MCP_XDR_CONFIG.',
    'Exit codes: 0 ok, 1 runtime failure, 2 usage or configuration error.',
    '',
  ].join('\n');
}

/** Dispatches `argv` (without node and script) to a command; returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo, commands = COMMANDS): Promise<number> {
  try {
    const [first, ...rest] = argv;
    if (first === '--help' || first === '-h' || first === 'help') {
      io.stdout(usage(commands));
      return EXIT.ok;
    }
    if (first === '--version' || first === '-V') {
      io.stdout(`${packageInfo().version}\n`);
      return EXIT.ok;
    }
    const named = first !== undefined && !first.startsWith('-');
    const name = named ? first : DEFAULT_COMMAND;
    const command = commands.find((candidate) => candidate.name === name);
    if (command === undefined) throw new UsageError(`unknown command '${name}'`);
    const args = named ? rest : argv;
    if (args.includes('--help') || args.includes('-h')) {
      io.stdout(`Usage: mcp-xdr ${command.usage}\n  ${command.summary}\n`);
      return EXIT.ok;
    }
    return await command.run(args, io);
  } catch (error) {
    return reportError(error, io.stderr);
  }
}
