import { CONFIG_OPTION, parseCommandArgs } from '../args.js';
import { catalogView, formatCatalog } from '../catalog-view.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../errors.js';
import { openKernel } from '../kernel.js';
import { builtinPluginsDir } from '../package-info.js';

export const tools: Command = {
  name: 'tools',
  summary:
    'List every tool of the enabled plugins: plugin, tier, enabled or the rule that withheld it. --markdown documents every built-in tool (docs/tools.md), whatever the config.',
  usage: 'tools [--json] [--config FILE] | tools --markdown',
  async run(args, io) {
    const { values } = parseCommandArgs({
      args,
      options: { ...CONFIG_OPTION, json: { type: 'boolean' }, markdown: { type: 'boolean' } },
    });
    if (values.markdown) {
      if (values.json || values.config !== undefined)
        throw new UsageError('--markdown documents the built-in tools: it takes no --json or --config');
      // The reference generator loads every built-in plugin and the access layer: only for --markdown.
      const [{ builtinCatalog }, { toolsMarkdown }] = await Promise.all([
        import('../builtin-catalog.js'),
        import('../tools-markdown.js'),
      ]);
      io.stdout(toolsMarkdown(await builtinCatalog(builtinPluginsDir())));
      return EXIT.ok;
    }
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
