/**
 * The built-in plugins' modules as static `import()`s: a bundler turns each into a chunk of the
 * build (loaded only when its plugin is enabled) sharing the CLI's one kernel, where an import by
 * file path would load a second copy of the kernel next to the bundle.
 */
export const BUILTIN_MODULES: Readonly<Record<string, () => Promise<unknown>>> = {
  devices: () => import('../plugins/devices/index.js'),
  enrichment: () => import('../plugins/enrichment/index.js'),
  hunting: () => import('../plugins/hunting/index.js'),
  identity: () => import('../plugins/identity/index.js'),
  incidents: () => import('../plugins/incidents/index.js'),
  indicators: () => import('../plugins/indicators/index.js'),
};
