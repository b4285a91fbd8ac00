import { roleGrants } from '../../kernel/auth/roles.js';
import { CONFIG_OPTION, parseCommandArgs } from '../args.js';
import { catalogView, formatCatalog } from '../catalog-view.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../errors.js';
import { openKernel } from '../kernel.js';
import { builtinPluginsDir } from '../package-info.js';

export const tools: Command = {
  name: 'tools',
  summary:
    'List every tool of the enabled plugins: plugin, tier, enabled or the rule that withheld it. --role R shows what principals of role R may use. --markdown documents every built-in tool (docs/tools.md), whatever the config.',
  usage: 'tools [--json] [--config FILE] [--role R] | tools --markdown',
  async run(args, io) {
    const { values } = parseCommandArgs({
      args,
      options: {
        ...CONFIG_OPTION,
        json: { type: 'boolean' },
        markdown: { type: 'boolean' },
        role: { type: 'string' },
      },
    });
    if (values.markdown) {
      if (values.json || values.config !== undefined || values.role !== undefined)
        throw new UsageError(
          '--markdown documents the built-in tools: it takes no --json, --config or --role',
        );
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
      const roles = roleGrants(kernel.config.auth);
      const role = values.role === undefined ? undefined : roles.get(values.role);
      if (values.role !== undefined && role === undefined) {
        const known = [...roles.keys()].join(', ') || 'none configured';
        throw new UsageError(`--role: no role '${values.role}' in auth.roles (roles: ${known})`);
      }
      const view = catalogView(kernel.catalog, role);
      io.stdout(values.json ? `${JSON.stringify(view, null, 2)}\n` : formatCatalog(view));
      return EXIT.ok;
    } finally {
      await kernel.close();
    }
  },
};
