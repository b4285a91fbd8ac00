/**
 * The bundled build (`npm run build` runs it after tsc, on tsc's output): the CLI, the kernel, the
 * Defender layer and the built-in plugins become a few modules in `dist/src/app/` instead of ~250,
 * which Node 20's ESM loader (no compile cache) reads, links and evaluates one by one at every start.
 * Packages stay external (one zod, one SDK, one tsyringe container with out-of-tree plugins), and so
 * does the emulator (it reads files beside its own modules, and no client code imports it).
 * Plugins stay dynamic imports: a disabled plugin's chunk is never evaluated.
 *
 * Then tsc's entry modules become one-line re-exports of the bundle's: the CLI (`bin`) and the
 * package's `exports` (`mcp-xdr`, `mcp-xdr/config`, `mcp-xdr/defender`) reach the same module
 * instances, so an out-of-tree plugin's `@Tool` classes and DI tokens are the CLI's own.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type OutputAsset, type OutputChunk, rolldown } from 'rolldown';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const OUT = join(SRC, 'app');
const STUB = '// mcp-xdr bundle entry (scripts/bundle.ts)';
/** Which of tsc's modules each chunk holds, for tools that ask which modules a process loaded. */
const MANIFEST = 'modules.json';

/** Bundle entry name -> tsc's module it replaces. */
const ENTRIES: Record<string, string> = {
  cli: 'cli/main.js',
  index: 'kernel/index.js',
  config: 'kernel/config/define.js',
  defender: 'defender/index.js',
};

const isExternal = (id: string) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');
/**
 * Modules left out of the bundle, imported from it by relative path. The emulator reads files beside
 * its own modules (and no client code imports it). The CLI's first two imports must run before any
 * package is evaluated (tsyringe needs the decorator metadata API; the stdout guard comes next), and
 * a bundle evaluates its external imports before its own code.
 */
const UNBUNDLED = [join(SRC, 'cli', 'reflect-metadata.js'), join(SRC, 'cli', 'stdout-guard.js')];
const unbundled = (file: string) => file.startsWith(join(SRC, 'emulator') + sep) || UNBUNDLED.includes(file);

/** `{ "app/<chunk>.js": ["src/kernel/kernel.js", ...] }`, paths relative to dist/. */
function moduleMap(output: readonly (OutputChunk | OutputAsset)[]): Record<string, string[]> {
  const dist = join(SRC, '..');
  const map: Record<string, string[]> = {};
  for (const chunk of output) {
    if (chunk.type !== 'chunk') continue;
    const modules = chunk.moduleIds.filter((id) => id.startsWith(SRC));
    map[`src/app/${chunk.fileName}`] = modules.map((id) => relative(dist, id).split(sep).join('/'));
  }
  return map;
}

const ENTRY_FILES = Object.values(ENTRIES).map((file) => join(SRC, file));
/** Modules that import a heavy package statically (jose): their own chunk, loaded by their command. */
const OWN_CHUNK = ['defender/check-online.js'].map((file) => join(SRC, file));
const grouped = (id: string) => id.startsWith(SRC) && !ENTRY_FILES.includes(id) && !OWN_CHUNK.includes(id);
const inDefender = (id: string) => grouped(id) && id.startsWith(join(SRC, 'defender') + sep);
const inCore = (id: string) => grouped(id) && !inDefender(id);

async function bundle(): Promise<void> {
  for (const file of Object.values(ENTRIES)) {
    if (readFileSync(join(SRC, file), 'utf8').includes(STUB)) {
      throw new Error(`${file} is already a bundle entry: run tsc (npm run build) before bundling`);
    }
  }
  rmSync(OUT, { recursive: true, force: true });
  const build = await rolldown({
    input: Object.fromEntries(Object.entries(ENTRIES).map(([name, file]) => [name, join(SRC, file)])),
    platform: 'node',
    external: isExternal,
    plugins: [
      {
        name: 'unbundled-stay-external',
        resolveId(id, importer) {
          if (importer === undefined || !id.startsWith('.')) return null;
          const file = join(importer, '..', id);
          // Every chunk is in OUT, so a path relative to OUT is right in each (and kept verbatim).
          const fromOut = relative(OUT, file).split(sep).join('/');
          return unbundled(file) ? { id: fromOut, external: true } : null;
        },
      },
    ],
    // A module both imported and `import()`ed stays where the static import puts it: as before bundling.
    onLog: (level, log, handler) => {
      if (log.code !== 'INEFFECTIVE_DYNAMIC_IMPORT') handler(level, log);
    },
    // Side effects (reflect-metadata, the stdout guard) keep their order; nothing is dropped.
    treeshake: false,
  });
  const { output } = await build.write({
    dir: OUT,
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: '[name]-[hash].js',
    sourcemap: true,
    codeSplitting: {
      // What every start evaluates anyway (statically imported by an entry) as one chunk: fewer
      // modules for the loader. The Defender layer keeps its own chunks (imported only with a tenant).
      // The Defender layer's statically linked modules are one chunk too, loaded with the first
      // plugin or tenant that needs them (never by a tenantless deployment without Defender plugins).
      groups: [
        { name: 'core', tags: ['$initial'], test: inCore },
        { name: 'defender', tags: ['$initial'], test: inDefender },
      ],
    },
  });
  await build.close();
  writeFileSync(join(OUT, MANIFEST), `${JSON.stringify(moduleMap(output), null, 1)}\n`);
  for (const [name, file] of Object.entries(ENTRIES)) {
    const target = relative(join(SRC, file, '..'), join(OUT, `${name}.js`))
      .split(sep)
      .join('/');
    const shebang = name === 'cli' ? '#!/usr/bin/env node\n' : '';
    // The CLI's own first imports stay first: a chunk's imports of packages would otherwise run earlier.
    const body =
      name === 'cli'
        ? `import './reflect-metadata.js';\nimport './stdout-guard.js';\nimport './${target}';`
        : `export * from './${target}';`;
    writeFileSync(join(SRC, file), `${shebang}${STUB}\n${body.replace('./../', '../')}\n`);
  }
}

await bundle();
