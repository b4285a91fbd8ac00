import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineTool } from '../../src/kernel/tool-definition.js';
import { nonStrictObjects, undescribedFields } from '../../src/kernel/tool-schema.js';
import type { PluginManifest } from '../../src/kernel/types.js';

/**
 * Every tool of every plugin (built-in and fixture) must pass registration: described fields at any
 * depth, strict input, a tier. New plugin folders are picked up without touching this file.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const PLUGIN_DIRS = [join(ROOT, 'src', 'plugins'), join(ROOT, 'test', 'fixtures', 'plugins')];
/** Fixtures that fail on purpose (they prove a disabled plugin is never imported). */
const DELIBERATELY_BROKEN = new Set(['broken-import']);

function pluginFolders(): [string, string][] {
  return PLUGIN_DIRS.filter(existsSync).flatMap((dir) =>
    readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !DELIBERATELY_BROKEN.has(entry.name))
      .map((entry) => join(dir, entry.name, 'index.ts'))
      .filter(existsSync)
      .map((index): [string, string] => [index.slice(ROOT.length + 1), index]),
  );
}

const folders = pluginFolders();

describe('every plugin’s tools', () => {
  it('finds the fixture plugins at least', () => {
    expect(folders.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'test/fixtures/plugins/notes/index.ts',
        'test/fixtures/plugins/conformance/index.ts',
      ]),
    );
  });

  it.each(folders)('%s: every tool registers, fully described and strict', async (_name, index) => {
    const manifest = ((await import(index)) as { default: PluginManifest }).default;
    manifest.tools.forEach((toolClass, i) => {
      const definition = defineTool(toolClass, manifest.name, i);
      expect(undescribedFields(definition.input)).toEqual([]);
      expect(nonStrictObjects(definition.input)).toEqual([]);
    });
  });
});
