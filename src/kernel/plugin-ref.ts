import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { pluginPath } from './config/issues.js';
import { ConfigError } from './errors.js';
import { resolvePackage } from './import-file.js';

/** Where a plugin's code comes from, decided from its config key without running any of it. */
export interface PluginRef {
  /** The key under `plugins` in the config: used in every error path. */
  readonly key: string;
  readonly kind: 'builtin' | 'package' | 'path';
  /** An absolute file path or file URL to import. */
  readonly entry: string;
  /** A built-in plugin's module, imported by the build itself (see PluginSources.builtinModules). */
  readonly load?: () => Promise<unknown>;
}

export interface PluginSources {
  /** Directory of the config file: packages and relative paths are resolved from here. */
  readonly configDir: string;
  /** Directory holding built-in plugin folders (`<builtinDir>/<name>/index.js`); none when omitted. */
  readonly builtinDir?: string;
  /**
   * Built-in plugins' modules as static `import()`s, so a bundled build can carry them as chunks of
   * its own (and share one kernel with them); a folder of `builtinDir` missing here is imported by path.
   */
  readonly builtinModules?: Readonly<Record<string, () => Promise<unknown>>>;
}

const INDEX_FILES = ['index.js', 'index.mjs', 'index.ts', 'index.mts'];
const BUILTIN_NAME = /^[a-z][a-z0-9-]{0,63}$/;

function isPath(key: string): boolean {
  return key.startsWith('./') || key.startsWith('../') || isAbsolute(key);
}

/** A file as is, or a folder's index file. */
function entryFile(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  if (!statSync(path).isDirectory()) return path;
  return INDEX_FILES.map((name) => join(path, name)).find((file) => existsSync(file));
}

/**
 * Decides what a config key names: a path (`./x`, `../x`, `/x`), a built-in plugin folder, or an
 * installed package. Built-in names win over packages of the same name. A key that is none of
 * these is a ConfigError naming `plugins.<key>`.
 */
export async function resolvePluginRef(key: string, sources: PluginSources): Promise<PluginRef> {
  if (isPath(key)) {
    const entry = entryFile(resolve(sources.configDir, key));
    if (entry === undefined) {
      throw new ConfigError('Unknown plugin', [
        `${pluginPath(key)}: no file or folder with an index file at ${resolve(sources.configDir, key)}`,
      ]);
    }
    return { key, kind: 'path', entry };
  }
  if (sources.builtinDir !== undefined && BUILTIN_NAME.test(key)) {
    const entry = entryFile(join(sources.builtinDir, key));
    const load = sources.builtinModules?.[key];
    if (entry !== undefined) return { key, kind: 'builtin', entry, ...(load === undefined ? {} : { load }) };
  }
  const entry = await resolvePackage(key, sources.configDir);
  if (entry === undefined) {
    throw new ConfigError('Unknown plugin', [
      `${pluginPath(key)}: not a built-in plugin, an installed package, or a path (paths start with ./, ../ or /)`,
    ]);
  }
  return { key, kind: 'package', entry };
}
