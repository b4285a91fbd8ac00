import { CONFIG_OPTION, parseCommandArgs } from '../args.js';
import { catalogView, formatCatalog } from '../catalog-view.js';
import type { Command } from '../command.js';
import { EXIT } from '../errors.js';
import { openKernel } from '../kernel.js';

export const tools: Command = {
  name: 'tools',
  summary: 'List every tool of the enabled plugins: plugin, tier, enabled or the rule that withheld it.',
  usage: 'tools [--json] [--config FILE]',
  async run(args, io) {
    const { values } = parseCommandArgs({ args, options: { ...CONFIG_OPTION, json: { type: 'boolean' } } });
    const kernel = await openKernel(io, values.config);
    try {
      const view = catalogView(kernel.catalog);
      io.stdout(values.json ? `${JSON.stringify(view, null, 2)}\n` : formatCatalog(view));
      return EXIT.ok;
    } finally {
      await kernel.close();
    }
  },
};
