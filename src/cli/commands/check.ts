import { CONFIG_OPTION, parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { EXIT } from '../errors.js';
import { openKernel } from '../kernel.js';

export const check: Command = {
  name: 'check',
  summary: 'Validate the config (and its plugins and tool names) without serving.',
  usage: 'check [--config FILE]',
  async run(args, io) {
    const { values } = parseCommandArgs({ args, options: CONFIG_OPTION });
    // Building the kernel loads the enabled plugins and applies every name check, as `serve` would.
    const kernel = await openKernel(io, values.config);
    const enabled = kernel.catalog.tools.filter((entry) => entry.status.enabled).length;
    await kernel.close();
    io.stdout(`mcp-xdr: config is valid (${enabled} of ${kernel.catalog.tools.length} tools enabled)\n`);
    return EXIT.ok;
  },
};
