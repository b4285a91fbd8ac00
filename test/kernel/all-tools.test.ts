import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { CatalogEntry } from '../../src/kernel/catalog.js';
import { writeEnvelope } from '../../src/kernel/preview.js';
import type { RiskTier } from '../../src/kernel/risk.js';
import { defineTool, type ToolDefinition } from '../../src/kernel/tool-definition.js';
import { kernelFields, listedTool } from '../../src/kernel/tool-listing.js';
import { nonStrictObjects, undescribedFields } from '../../src/kernel/tool-schema.js';
import { Tool } from '../../src/kernel/tools.js';
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

/** A catalog entry of `definition` at `tier`, built as the catalog builds it. */
function entryAt(definition: ToolDefinition, tier: RiskTier): CatalogEntry {
  const { options } = definition;
  const outputSchema = tier === 'read' ? options.output : (writeEnvelope(options.output) as z.ZodObject);
  const descriptor = {
    ...{ name: definition.name, plugin: definition.plugin, title: options.title, tier },
    ...{ declaredTier: options.risk, idempotent: options.idempotent, openWorld: true },
    ...{ timeoutMs: undefined, rateLimit: undefined, inputSchema: definition.input, outputSchema },
  };
  return { descriptor, definition, status: { enabled: true } };
}

/** What the listing showed when it converted each listed schema whole (before it was composed). */
function convertedWhole(entry: CatalogEntry) {
  const { descriptor } = entry;
  const input = descriptor.inputSchema.extend(kernelFields(descriptor.tier));
  return {
    input: JSON.stringify(z.toJSONSchema(input, { target: 'draft-7', io: 'input' })),
    output: JSON.stringify(z.toJSONSchema(descriptor.outputSchema, { target: 'draft-7', io: 'output' })),
  };
}

describe('the tools/list entry, composed from the conversions made when a tool is checked', () => {
  const TIERS: readonly RiskTier[] = ['read', 'write', 'destructive'];

  it.each(folders)(
    '%s: byte for byte what converting the listed schemas whole gives',
    async (_name, index) => {
      const manifest = ((await import(index)) as { default: PluginManifest }).default;
      manifest.tools.forEach((toolClass, i) => {
        const definition = defineTool(toolClass, manifest.name, i);
        for (const tier of TIERS.slice(TIERS.indexOf(definition.options.risk))) {
          const entry = entryAt(definition, tier);
          const listed = listedTool(entry);
          expect({
            input: JSON.stringify(listed.inputSchema),
            output: JSON.stringify(listed.outputSchema),
          }).toEqual(convertedWhole(entry));
        }
      });
    },
  );

  it('a recursive output (its definitions referred to from the root) is converted whole, refs intact', () => {
    type Node = { name: string; children: Node[] };
    const node: z.ZodType<Node> = z.object({
      name: z.string().describe('Name.'),
      get children() {
        return z.array(node).describe('Children.');
      },
    });
    class TreeTool {
      async execute() {
        return { root: { name: 'a', children: [] } };
      }
      async preview() {
        return { summary: 's', changes: [] };
      }
    }
    Tool({
      name: 'grow_tree',
      title: 'Grow tree',
      description: 'Grows a tree.',
      input: z.object({ id: z.string().describe('Which tree.') }),
      output: z.object({ root: node.describe('The tree.') }),
      risk: 'write',
      idempotent: false,
    })(TreeTool);
    const entry = entryAt(defineTool(TreeTool, 'fixture', 0), 'write');
    const listed = JSON.stringify(listedTool(entry).outputSchema);
    expect(listed).toContain('"$ref"');
    expect(listed).toEqual(convertedWhole(entry).output);
  });
});
