import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createKernel } from '../../src/kernel/kernel.js';
import { silentLogger } from '../../src/kernel/logger.js';
import { resolvePluginRef } from '../../src/kernel/plugin-ref.js';
import { PLUGIN_OPTIONS } from '../../src/kernel/tokens.js';
import { confirmAndCall, connect, FIXTURES_DIR, fixtureKernel } from '../helpers/kernel-client.js';

const flag = globalThis as { brokenImportLoaded?: boolean };
const PLUGINS_DIR = join(FIXTURES_DIR, 'plugins');
const ZOD = join(FIXTURES_DIR, '..', '..', 'node_modules', 'zod', 'index.js');

/** A directory with an installed package `acme-notes-plugin` (plain JS, no kernel import needed). */
function projectWithPackage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-xdr-pkg-'));
  const pkg = join(dir, 'node_modules', 'acme-notes-plugin');
  mkdirSync(join(pkg, 'lib'), { recursive: true });
  writeFileSync(
    join(pkg, 'package.json'),
    JSON.stringify({
      name: 'acme-notes-plugin',
      type: 'module',
      exports: { '.': { import: './lib/main.js' } },
    }),
  );
  writeFileSync(
    join(pkg, 'lib', 'main.js'),
    [
      // Its own import of zod, as an installed package would have.
      `import { z } from ${JSON.stringify(ZOD)};`,
      'export default {',
      "  name: 'acme', version: '2.0.0', description: 'A packaged plugin.', options: z.object({}), tools: [],",
      "  prompts: [{ name: 'acme_hello', description: 'Hello.', render: async () => [{ role: 'user', text: 'hi' }] }],",
      '};',
    ].join('\n'),
  );
  return dir;
}

describe('plugin loading', () => {
  afterEach(() => {
    delete flag.brokenImportLoaded;
  });

  it('never imports a disabled plugin', async () => {
    const kernel = await fixtureKernel({
      plugins: { './plugins/broken-import': false, './plugins/notes': true },
    });
    expect(flag.brokenImportLoaded).toBeUndefined();
    expect(kernel.catalog.plugins.find((p) => p.key === './plugins/broken-import')?.enabled).toBe(false);
    await kernel.close();
  });

  it('imports an enabled one (the fixture really does run on import)', async () => {
    await expect(fixtureKernel({ plugins: { './plugins/broken-import': true } })).rejects.toThrow(
      'plugins["./plugins/broken-import"]: cannot be imported: broken-import fixture was imported',
    );
    expect(flag.brokenImportLoaded).toBe(true);
  });

  it('resolves a bare name to a built-in plugin folder before packages', async () => {
    const ref = await resolvePluginRef('notes', { configDir: FIXTURES_DIR, builtinDir: PLUGINS_DIR });
    expect(ref).toEqual({ key: 'notes', kind: 'builtin', entry: join(PLUGINS_DIR, 'notes', 'index.ts') });
  });

  it('resolves paths relative to the config file’s directory', async () => {
    expect((await resolvePluginRef('./plugins/notes', { configDir: FIXTURES_DIR })).entry).toBe(
      join(PLUGINS_DIR, 'notes', 'index.ts'),
    );
    expect(
      (await resolvePluginRef('../plugins/faults/index.ts', { configDir: join(FIXTURES_DIR, 'x') })).kind,
    ).toBe('path');
  });

  it('loads a built-in plugin by name', async () => {
    const kernel = await createKernel({
      config: { plugins: { notes: true }, audit: { stderr: false } },
      configDir: mkdtempSync(join(tmpdir(), 'mcp-xdr-builtin-')),
      builtinDir: PLUGINS_DIR,
      logger: silentLogger,
    });
    expect(kernel.catalog.enabled('list_notes')?.descriptor.plugin).toBe('notes');
    await kernel.close();
  });

  it("loads a built-in plugin through the build's own module when one is given, and never the unused ones", async () => {
    let imported = 0;
    const kernel = await createKernel({
      config: { plugins: { notes: true }, audit: { stderr: false } },
      configDir: mkdtempSync(join(tmpdir(), 'mcp-xdr-builtin-')),
      builtinDir: PLUGINS_DIR,
      builtinModules: {
        notes: async () => {
          imported++;
          return import('../fixtures/plugins/notes/index.js');
        },
        faults: async () => {
          throw new Error('a plugin the config does not enable is never loaded');
        },
      },
      logger: silentLogger,
    });
    expect(imported).toBe(1);
    expect(kernel.catalog.enabled('list_notes')?.descriptor.plugin).toBe('notes');
    await kernel.close();
  });

  it('loads a package by name from the config directory, with ESM export conditions', async () => {
    const configDir = projectWithPackage();
    expect((await resolvePluginRef('acme-notes-plugin', { configDir })).kind).toBe('package');
    const kernel = await createKernel({
      config: { plugins: { 'acme-notes-plugin': true }, audit: { stderr: false } },
      configDir,
      logger: silentLogger,
    });
    expect(kernel.catalog.plugins).toEqual([
      { key: 'acme-notes-plugin', name: 'acme', version: '2.0.0', enabled: true },
    ]);
    expect(kernel.prompts.map((p) => p.name)).toEqual(['acme_hello']);
    await kernel.close();
  });

  it('gives each plugin its parsed options (defaults applied) and runs setup() in its own container', async () => {
    const kernel = await fixtureKernel({
      plugins: { './plugins/notes': { options: { maxNotes: 1 } } },
      policy: { maxTier: 'write' },
    });
    const session = await connect(kernel);
    try {
      const add = (text: string) => confirmAndCall(session.client, 'add_note', { text });
      expect((await add('one')).isError).toBeFalsy();
      expect((await add('two'))._meta?.['mcp-xdr/error']).toMatchObject({ code: 'forbidden' });
      // PLUGIN_OPTIONS lives in the plugin's child container, not the root.
      expect(kernel.container.isRegistered(PLUGIN_OPTIONS)).toBe(false);
    } finally {
      await session.close();
      await kernel.close();
    }
    const defaults = await fixtureKernel({ plugins: { './plugins/notes': true } });
    expect(defaults.catalog.enabled('list_notes')).toBeDefined();
    await defaults.close();
  });

  it('keeps two kernels apart: each has its own plugin state', async () => {
    const config = { plugins: { './plugins/notes': true }, policy: { maxTier: 'write' } };
    const [a, b] = await Promise.all([fixtureKernel(config), fixtureKernel(config)]);
    const [sa, sb] = await Promise.all([connect(a), connect(b)]);
    try {
      await confirmAndCall(sa.client, 'add_note', { text: 'only in a' });
      const inB = (await sb.client.callTool({ name: 'list_notes', arguments: {} })) as CallToolResult;
      expect(inB.structuredContent).toEqual({ notes: [] });
    } finally {
      await Promise.all([sa.close(), sb.close(), a.close(), b.close()]);
    }
  });

  it('names the plugin whose setup() fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcp-xdr-setup-'));
    writeFileSync(
      join(dir, 'failing.mjs'),
      [
        `import { z } from ${JSON.stringify(ZOD)};`,
        "export default { name: 'failing', version: '1.0.0', description: 'x', options: z.object({}), tools: [],",
        "  setup() { throw new Error('no database'); } };",
      ].join('\n'),
    );
    await expect(
      createKernel({
        config: { plugins: { './failing.mjs': true }, audit: { stderr: false } },
        configDir: dir,
        logger: silentLogger,
      }),
    ).rejects.toThrow('plugins["./failing.mjs"]: setup() failed: no database');
  });
});
