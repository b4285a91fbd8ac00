import { ConfigError } from '../kernel/errors.js';
import { createKernel, type Kernel, type KernelOptions } from '../kernel/kernel.js';
import { BUILTIN_MODULES } from './builtin-modules.js';
import type { CliIo } from './command.js';
import { type CliConfig, cliConfigSchema, loadCliConfig } from './config.js';
import { builtinPluginsDir, packageInfo } from './package-info.js';

/** Whether the config or the environment names a tenant (env names as the access layer reads them). */
export function tenantConfigured(section: unknown, env: NodeJS.ProcessEnv): boolean {
  return (
    section !== undefined ||
    Boolean(env.AZURE_TENANT_ID || env.AZURE_CLIENT_ID || env.MCP_DEFENDER_XDR_TENANTS_FILE)
  );
}

/**
 * The Defender access layer as a kernel service shared by all plugins, built only when a plugin
 * injects it. With no tenant configured it is not even imported: MSAL, undici and node-forge cost
 * a quarter of a second of every start, which a deployment without Defender plugins should not pay.
 */
export function defenderServices(options: {
  baseDir: string;
  env: NodeJS.ProcessEnv;
  onWarning: (message: string) => void;
}): NonNullable<KernelOptions['services']> {
  return async (root, config) => {
    const section = (config as CliConfig['config']).tenants;
    if (!tenantConfigured(section, options.env)) return;
    const { registerDefenderLazily } = await import('../defender/register.js');
    return registerDefenderLazily(root, section, options).close;
  };
}

/** A tool that cannot be built because no tenant (so no access layer) is configured, said as such. */
function explainMissingTenant(error: unknown, config: CliConfig['config'], env: NodeJS.ProcessEnv): unknown {
  const message = error instanceof Error ? error.message : '';
  if (tenantConfigured(config.tenants, env) || !/^Plugin "[^"]+": cannot construct tool/.test(message)) {
    return error;
  }
  return new ConfigError('No tenant is configured, and an enabled plugin needs one', [
    `${message.slice(0, message.indexOf(':'))} reaches Microsoft Defender`,
    'tenants.list: add a tenant, or tenants.file: a tenants JSON, or set AZURE_TENANT_ID and AZURE_CLIENT_ID',
  ]);
}

export interface CliKernelOptions {
  readonly config: CliConfig['config'];
  readonly configDir: string;
  /** Where credential variables are read (the process environment, plus the sandbox's own). */
  readonly env: NodeJS.ProcessEnv;
  readonly extraMiddleware?: KernelOptions['extraMiddleware'];
  readonly markResult?: KernelOptions['markResult'];
  /** A store instead of the configured one (`check` validates without connecting to Redis). */
  readonly store?: KernelOptions['store'];
}

/**
 * Builds the kernel the way every command does: built-in plugins from beside the CLI, the CLI's
 * config schema, the Defender layer, and the package version.
 */
export function buildCliKernel(io: CliIo, options: CliKernelOptions): Promise<Kernel> {
  return createKernel({
    config: options.config,
    configDir: options.configDir,
    builtinDir: builtinPluginsDir(),
    builtinModules: BUILTIN_MODULES,
    configSchema: cliConfigSchema,
    version: packageInfo().version,
    env: options.env,
    extraMiddleware: options.extraMiddleware,
    markResult: options.markResult,
    store: options.store,
    services: defenderServices({
      baseDir: options.configDir,
      env: options.env,
      onWarning: (message) => io.stderr(`mcp-xdr: warning: ${message}\n`),
    }),
  }).catch((error: unknown) => {
    throw explainMissingTenant(error, options.config, options.env);
  });
}

/** Loads the config (`--config FILE` or the search) and builds the kernel; `adjust` applies flags. */
export async function openKernel(
  io: CliIo,
  file: string | undefined,
  adjust: (config: CliConfig['config']) => CliConfig['config'] = (config) => config,
): Promise<Kernel> {
  const loaded = await loadCliConfig(io, file);
  return buildCliKernel(io, { config: adjust(loaded.config), configDir: loaded.configDir, env: io.env });
}
