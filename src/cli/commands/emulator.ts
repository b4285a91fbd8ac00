import type { Command } from '../command.js';

export const emulator: Command = {
  name: 'emulator',
  summary:
    'Run the Microsoft endpoint emulator on loopback HTTPS; prints one JSON line (endpoints, CA, credential files, a ready config).',
  usage: 'emulator [--port P] [--seed N] [--as-microsoft]',
  // The emulator parses its own flags (exit 2 on a bad one) and serves until SIGINT/SIGTERM.
  async run(args, io) {
    const { runEmulatorCommand } = await import('../../emulator/cli.js');
    return runEmulatorCommand(args, { stdout: (line) => io.stdout(`${line}\n`), stderr: io.stderr });
  },
};
