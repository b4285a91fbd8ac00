import { CONFIG_OPTION, parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { loadCliConfig } from '../config.js';
import { EXIT } from '../errors.js';

export const check: Command = {
  name: 'check',
  summary: 'Validate the config (and its plugins and tool names) without serving.',
  usage: 'check [--config FILE]',
  async run(args, io) {
    const { values } = parseCommandArgs({ args, options: CONFIG_OPTION });
    const loaded = await loadCliConfig(io, values.config);
    io.stderr(`mcp-xdr: ${loaded.filepath} is valid\n`);
    return EXIT.ok;
  },
};
