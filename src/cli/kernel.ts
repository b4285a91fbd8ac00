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

export interface CliKernelOptions {
  readonly config: CliConfig['config'];
  readonly configDir: string;
  /** Where credential variables are read (the process environment, plus the sandbox's own). */
  readonly env: NodeJS.ProcessEnv;
  readonly extraMiddleware?: KernelOptions['extraMiddleware'];
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
    configSchema: cliConfigSchema,
    version: packageInfo().version,
    extraMiddleware: options.extraMiddleware,
    services: defenderServices({
      baseDir: options.configDir,
      env: options.env,
      onWarning: (message) => io.stderr(`mcp-xdr: warning: ${message}\n`),
    }),
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
