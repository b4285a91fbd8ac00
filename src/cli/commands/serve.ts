import { CONFIG_OPTION, parseCommandArgs, TRANSPORT_OPTIONS } from '../args.js';
import type { Command } from '../command.js';
import { EXIT } from '../errors.js';
import { openKernel } from '../kernel.js';
import { serveKernel, transportOverrides } from '../serving.js';

export const serve: Command = {
  name: 'serve',
  summary: 'Run the MCP server over stdio (default) or Streamable HTTP on loopback.',
  usage: 'serve [--config FILE] [--transport stdio|http] [--port P] [--host H]',
  async run(args, io) {
    const { values } = parseCommandArgs({
      args,
      options: { ...CONFIG_OPTION, ...TRANSPORT_OPTIONS, host: { type: 'string' } },
    });
    const kernel = await openKernel(io, values.config, transportOverrides(values));
    try {
      await serveKernel(kernel, io);
      return EXIT.ok;
    } finally {
      await kernel.close();
    }
  },
};
