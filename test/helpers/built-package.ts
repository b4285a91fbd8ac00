import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DIST, ROOT } from '../cli/run-cli.js';

/**
 * Puts this run's build into `dir/node_modules/mcp-xdr` the way `npm install` of the published
 * package would lay it out (its package.json, so `exports` decide what can be imported, `dist/`,
 * and the `mcp-xdr` bin), with no network: `dist/` is a link to this run's copy of the build, whose
 * own dependencies resolve from the repository. `deps` are further packages linked from the
 * repository's node_modules (zod, vitest...), as a consumer's devDependencies would be.
 */
export function installBuiltPackage(dir: string, deps: readonly string[] = []): void {
  const modules = join(dir, 'node_modules');
  const pkg = join(modules, 'mcp-xdr');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), readFileSync(join(ROOT, 'package.json')));
  symlinkSync(DIST, join(pkg, 'dist'), 'dir');
  mkdirSync(join(modules, '.bin'), { recursive: true });
  symlinkSync(join('..', 'mcp-xdr', 'dist', 'src', 'cli', 'main.js'), join(modules, '.bin', 'mcp-xdr'));
  for (const dep of deps) {
    const target = join(modules, dep);
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', dep), target, 'dir');
  }
}
