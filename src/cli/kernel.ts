import { registerDefenderLazily } from '../defender/register.js';
import { createKernel, type Kernel, type KernelOptions } from '../kernel/kernel.js';
import type { CliIo } from './command.js';
import { type CliConfig, cliConfigSchema, loadCliConfig } from './config.js';
import { builtinPluginsDir, packageInfo } from './package-info.js';

/**
 * The Defender access layer as a kernel service shared by all plugins. It is built only when a
 * plugin injects it, so configs without Defender plugins need no tenant.
 */
export function defenderServices(options: {
  baseDir: string;
  env: NodeJS.ProcessEnv;
  onWarning: (message: string) => void;
}): NonNullable<KernelOptions['services']> {
  return (root, config) =>
    registerDefenderLazily(root, (config as CliConfig['config']).tenants, options).close;
}

/**
 * Loads the config and builds the kernel the way every command does: built-in plugins from beside the
 * CLI, the CLI's config schema, the Defender layer, and the package version. `adjust` applies
 * command-line overrides.
 */
export async function openKernel(
  io: CliIo,
  file: string | undefined,
  adjust: (config: CliConfig['config']) => CliConfig['config'] = (config) => config,
): Promise<Kernel> {
  const loaded = await loadCliConfig(io, file);
  return createKernel({
    config: adjust(loaded.config),
    configDir: loaded.configDir,
    builtinDir: builtinPluginsDir(),
    configSchema: cliConfigSchema,
    version: packageInfo().version,
    services: defenderServices({
      baseDir: loaded.configDir,
      env: io.env,
      onWarning: (message) => io.stderr(`mcp-xdr: warning: ${message}\n`),
    }),
  });
}
