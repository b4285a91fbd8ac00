import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { container } from 'tsyringe';
import { registerDefenderLazily } from '../defender/register.js';
import { buildCatalog, type Catalog } from '../kernel/catalog.js';
import { parseConfig } from '../kernel/config/loader.js';
import { loadPlugins } from '../kernel/plugins.js';
import { BUILTIN_MODULES } from './builtin-modules.js';
import { cliConfigSchema } from './config.js';

/** The built-in plugin folders of this build (those with an index module), sorted. */
export function builtinPluginNames(builtinDir: string): string[] {
  if (!existsSync(builtinDir)) return [];
  return readdirSync(builtinDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter((name) => ['index.js', 'index.ts'].some((file) => existsSync(join(builtinDir, name, file))))
    .sort();
}

/**
 * Every built-in plugin loaded and every tool in the catalog at the highest ceiling: what the code
 * offers, whatever a deployment enables. No tool is constructed, so no tenant is needed.
 */
export interface BuiltinCatalog {
  readonly catalog: Catalog;
  readonly plugins: readonly { name: string; version: string; description: string }[];
}

export async function builtinCatalog(builtinDir: string): Promise<BuiltinCatalog> {
  const plugins = Object.fromEntries(builtinPluginNames(builtinDir).map((name) => [name, true]));
  const config = parseConfig(cliConfigSchema, { plugins, policy: { maxTier: 'destructive' } }, 'built-in');
  const root = container.createChildContainer();
  // Registered, never built: a plugin's setup() may look the layer up without calling Microsoft.
  const defender = registerDefenderLazily(root, undefined, { onWarning: () => undefined });
  try {
    const { loaded, disabled } = await loadPlugins(
      config.plugins,
      { configDir: builtinDir, builtinDir, builtinModules: BUILTIN_MODULES },
      root,
    );
    const plugins = loaded.map(({ manifest }) => ({
      name: manifest.name,
      version: manifest.version,
      description: manifest.description,
    }));
    return { catalog: buildCatalog(loaded, disabled, config.policy), plugins };
  } finally {
    await defender.close();
  }
}
