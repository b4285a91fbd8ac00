import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  interface ProvidedContext {
    /** A private copy of the build for this test run (see below); `inject('distDir')`. */
    distDir: string;
  }
}

/**
 * Tests that spawn the built CLI need an up-to-date build. `npm test` builds first; a targeted
 * `npx vitest run test/cli` builds here, only when a source is newer than the last build. Each run
 * then spawns from its own copy of `dist/`, so a build started by another run in the same worktree
 * (several developers share one) never swaps files under a running test.
 */
const ROOT = join(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');
const SOURCES = ['src', 'bench', 'scripts', 'test/fixtures', 'tsconfig.json', 'tsconfig.build.json'];
// tsc rewrites every output: the entry point's mtime says when the last build (npm run build too) ran.
const ENTRY = join(DIST, 'src/cli/main.js');
const LOCK = join(DIST, '.build-lock');
const RUNS = join(DIST, '.test-runs');

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** mkdir is atomic: the one run that creates the lock directory builds; the others wait. */
function withLock<T>(work: () => T): T {
  const deadline = Date.now() + 180_000;
  mkdirSync(DIST, { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      const age = existsSync(LOCK) ? Date.now() - statSync(LOCK).mtimeMs : 0;
      if (age > 120_000 || Date.now() > deadline) rmSync(LOCK, { recursive: true, force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    return work();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

function buildIfStale(): void {
  const built = existsSync(ENTRY) ? statSync(ENTRY).mtimeMs : 0;
  if (built >= Math.max(...SOURCES.map((path) => newestMtime(join(ROOT, path))))) return;
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  // Type errors still emit JavaScript; `npm run typecheck` is where they fail the build.
  if (!existsSync(ENTRY) || statSync(ENTRY).mtimeMs <= built) {
    throw new Error(`build failed (tsc exit ${result.status}): ${ENTRY} was not written`);
  }
  // Then the bundle, as `npm run build` does (scripts/bundle.ts): tests spawn the CLI users run.
  const bundled = spawnSync(process.execPath, [join(DIST, 'scripts/bundle.js')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (bundled.status !== 0) throw new Error(`bundling failed (exit ${bundled.status})`);
}

export default function setup(project: TestProject): () => void {
  // Inside dist/, so the copy still finds node_modules and package.json by walking up.
  const copy = join(RUNS, `run-${process.pid}-${Date.now()}`);
  withLock(() => {
    buildIfStale();
    const filter = (source: string) => !source.startsWith(RUNS);
    for (const part of ['src', 'bench', 'scripts', 'test']) {
      if (existsSync(join(DIST, part)))
        cpSync(join(DIST, part), join(copy, part), { recursive: true, filter });
    }
  });
  project.provide('distDir', copy);
  return () => rmSync(copy, { recursive: true, force: true });
}
