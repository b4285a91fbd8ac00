import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Tests that spawn the built CLI need an up-to-date `dist/`. `npm test` builds first; a targeted
 * `npx vitest run test/cli` builds here, only when a source is newer than the last build.
 */
const ROOT = join(import.meta.dirname, '..');
const SOURCES = ['src', 'bench', 'scripts', 'test/fixtures', 'tsconfig.json', 'tsconfig.build.json'];
const STAMP = join(ROOT, 'dist', '.build-stamp');

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

export default function setup(): void {
  const built = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
  const newest = Math.max(...SOURCES.map((path) => newestMtime(join(ROOT, path))));
  if (built >= newest) return;
  const startedAt = new Date();
  const result = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  // Type errors still emit JavaScript; `npm run typecheck` is where they fail the build.
  if (!existsSync(join(ROOT, 'dist/src/cli/main.js'))) {
    throw new Error(`build failed (tsc exit ${result.status}): dist/src/cli/main.js is missing`);
  }
  // Stamped with the start time: a source edited during the build still counts as newer.
  writeFileSync(STAMP, startedAt.toISOString());
  utimesSync(STAMP, startedAt, startedAt);
}
