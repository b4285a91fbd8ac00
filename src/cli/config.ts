import { TenantsConfigSchema } from '../defender/config.js';
import { type LoadedConfig, loadConfig } from '../kernel/config/loader.js';
import { createConfigSchema } from '../kernel/config/schema.js';
import type { CliIo } from './command.js';

/**
 * The schema the command checks configs against: the kernel's sections plus those other layers add.
 * Extension point: a layer with its own config section (the Defender access layer's `tenants`) adds
 * it here, and every command sees it.
 */
export const cliConfigSchema = createConfigSchema({ tenants: TenantsConfigSchema });

export type CliConfig = LoadedConfig<ReturnType<typeof cliConfigSchema.parse>>;

/** `--config FILE`, else MCP_XDR_CONFIG, else the search from the working directory. */
export function loadCliConfig(io: CliIo, file: string | undefined): Promise<CliConfig> {
  return loadConfig({ schema: cliConfigSchema, cwd: io.cwd, env: io.env, file });
}
