import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackageInfo {
  name: string;
  version: string;
  /** The package root (where package.json is). */
  root: string;
}

/**
 * Finds this package's package.json by walking up from this file: the depth differs between the
 * sources (src/cli) and the build (dist/src/cli).
 */
export function packageInfo(from: string = import.meta.url): PackageInfo {
  let dir = dirname(fileURLToPath(from));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'mcp-xdr') return { name: pkg.name, version: pkg.version ?? '0.0.0', root: dir };
    }
    const parent = dirname(dir);
    if (parent === dir) return { name: 'mcp-xdr', version: '0.0.0', root: process.cwd() };
    dir = parent;
  }
}

/**
 * Built-in plugins sit beside the CLI: `<src or dist/src>/plugins`. This module is in `src/cli/`,
 * or in a bundle chunk of `dist/src/app/`: one level below `src/` either way.
 */
export function builtinPluginsDir(): string {
  return fileURLToPath(new URL('../plugins', import.meta.url));
}

/** This build's entry point (`<src or dist/src>/cli/main.js`), which commands name with `node`. */
export function cliEntry(): string {
  return join(dirname(builtinPluginsDir()), 'cli', 'main.js');
}
