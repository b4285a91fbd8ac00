import { createKernel, type Kernel } from '../kernel/kernel.js';
import type { CliIo } from './command.js';
import { type CliConfig, cliConfigSchema, loadCliConfig } from './config.js';
import { builtinPluginsDir, packageInfo } from './package-info.js';

/**
 * Loads the config and builds the kernel the way every command does: built-in plugins from beside the
 * CLI, the CLI's config schema, and the package version. `adjust` applies command-line overrides.
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
  });
}
