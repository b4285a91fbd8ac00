import { ConfigError } from '../../kernel/errors.js';
import type { Kernel } from '../../kernel/kernel.js';
import { MemoryStateStore } from '../../kernel/state/memory.js';
import { checkRedisUrl, redisUrlOf } from '../../kernel/state/open.js';
import { CONFIG_OPTION, parseCommandArgs } from '../args.js';
import type { CliIo, Command } from '../command.js';
import { type CliConfig, loadCliConfig } from '../config.js';
import { EXIT } from '../errors.js';
import { buildCliKernel, tenantConfigured } from '../kernel.js';
import { permissionNeeds } from '../tool-permissions.js';

const enabledTools = (kernel: Kernel) =>
  kernel.catalog.tools.filter((entry) => entry.status.enabled).map((entry) => entry.descriptor.name);

/** Signs in to every tenant and compares the granted roles with what the enabled tools need. */
async function online(io: CliIo, loaded: CliConfig, tools: readonly string[]): Promise<number> {
  const { needs, unknown } = permissionNeeds(tools);
  // Loaded only for --online: the access layer (MSAL, undici) is not needed to validate a config.
  const { checkOnline } = await import('../../defender/check-online.js');
  const report = await checkOnline({ tenants: loaded.config.tenants }, needs, {
    env: io.env,
    baseDir: loaded.configDir,
    onWarning: (message) => io.stderr(`mcp-xdr: warning: ${message}\n`),
  });
  io.stdout(`${report.table}\n`);
  if (unknown.length > 0) {
    io.stdout(`\nPermissions not known to mcp-xdr, not checked: ${unknown.join(', ')}\n`);
  }
  const unusable = report.tenants.filter((tenant) => !tenant.usable).map((tenant) => tenant.tenant);
  io.stdout(
    unusable.length === 0
      ? `\nmcp-xdr: every tenant is usable (${report.tenants.length})\n`
      : `\nmcp-xdr: not usable: ${unusable.join(', ')}\n`,
  );
  return report.ok ? EXIT.ok : EXIT.failure;
}

/**
 * What can be known about the tenants without signing in: credential and CA files must be there
 * (exit 2 naming each), placeholder ids are warned about. Loaded only when a tenant is configured.
 */
async function offlineTenants(io: CliIo, loaded: CliConfig): Promise<void> {
  if (!tenantConfigured(loaded.config.tenants, io.env)) return;
  const { checkTenantsOffline } = await import('../../defender/check-offline.js');
  const report = checkTenantsOffline(loaded.config.tenants, { env: io.env, baseDir: loaded.configDir });
  for (const warning of report.warnings) io.stderr(`mcp-xdr: warning: ${warning}\n`);
  if (report.problems.length > 0) {
    throw new ConfigError('A tenant cannot sign in: a file it needs is missing', [...report.problems]);
  }
}

/** A Redis store with no URL here is said, not refused: the URL is often set only where it runs. */
function warnAboutRedis(io: CliIo, state: CliConfig['config']['state']): void {
  if (state.store !== 'redis') return;
  const url = redisUrlOf(state, io.env);
  if (url === undefined) {
    io.stderr(
      `mcp-xdr: warning: state.store is 'redis' but no URL is set here (state.redisUrl or ${state.redis.urlEnv}); serve will refuse to start without one\n`,
    );
  } else {
    checkRedisUrl(url);
  }
}

export const check: Command = {
  name: 'check',
  summary:
    'Validate the config (and its plugins and tool names) without serving; --online also signs in to each tenant and checks the permissions the enabled tools need (exit 1 when a tenant is not usable).',
  usage: 'check [--config FILE] [--online]',
  async run(args, io) {
    const { values } = parseCommandArgs({ args, options: { ...CONFIG_OPTION, online: { type: 'boolean' } } });
    const loaded = await loadCliConfig(io, values.config);
    // Building the kernel loads the enabled plugins and applies every name check, as `serve` would.
    // Without connecting to Redis: `check` validates the config where Redis may not be reachable.
    const kernel = await buildCliKernel(io, { ...loaded, env: io.env, store: new MemoryStateStore() });
    warnAboutRedis(io, loaded.config.state);
    const tools = enabledTools(kernel);
    await kernel.close();
    await offlineTenants(io, loaded);
    io.stdout(`mcp-xdr: config is valid (${tools.length} of ${kernel.catalog.tools.length} tools enabled)\n`);
    return values.online ? online(io, loaded, tools) : EXIT.ok;
  },
};
