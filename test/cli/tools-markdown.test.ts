import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '../../src/cli/builtin-catalog.js';
import { typeOf } from '../../src/cli/tools-markdown.js';
import { listedTool } from '../../src/kernel/tool-listing.js';
import { ROOT, runCli } from './run-cli.js';

const BUILTIN_DIR = join(ROOT, 'src', 'plugins');

describe('mcp-xdr tools --markdown', () => {
  it('prints exactly docs/tools.md: the committed page cannot go stale (fix: npm run docs:tools)', async () => {
    const result = await runCli(['tools', '--markdown']);
    expect(result.code, result.stderr).toBe(0);
    const committed = readFileSync(join(ROOT, 'docs', 'tools.md'), 'utf8');
    expect(committed, 'docs/tools.md is stale: run `npm run docs:tools` and commit it').toBe(result.stdout);
  });

  it('documents every built-in tool: name, plugin, tier, description and each input field', async () => {
    const page = readFileSync(join(ROOT, 'docs', 'tools.md'), 'utf8');
    const { catalog } = await builtinCatalog(BUILTIN_DIR);
    expect(catalog.tools.length).toBeGreaterThan(0);
    for (const entry of catalog.tools) {
      const tool = listedTool(entry);
      const section = page.slice(page.indexOf(`<a id="${tool.name}"></a>`));
      expect(section, tool.name).toContain(`### \`${tool.name}\`: ${tool.title}`);
      expect(section).toContain(`Plugin \`${entry.descriptor.plugin}\` · tier \`${entry.descriptor.tier}\``);
      expect(section).toContain(tool.description?.split('\n')[0]);
      for (const field of Object.keys(tool.inputSchema.properties ?? {}))
        expect(section).toContain(`| \`${field}\` |`);
    }
  });

  it('exits 2 when combined with --config or --json (it documents the code, not a deployment)', async () => {
    for (const extra of [['--json'], ['--config', 'x.json']]) {
      const result = await runCli(['tools', '--markdown', ...extra]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
    }
  });
});

describe('typeOf (JSON Schema to a short type)', () => {
  it.each([
    [{ type: 'string' }, 'string'],
    [{ type: 'integer', minimum: 1, maximum: 50 }, 'integer (1..50)'],
    [{ type: 'string', maxLength: 64 }, 'string (≤ 64 chars)'],
    [{ type: 'string', format: 'date-time' }, 'string (date-time)'],
    [{ type: 'string', enum: ['active', 'resolved'] }, '"active" | "resolved"'],
    [{ type: 'array', items: { type: 'string' }, maxItems: 10 }, 'string[] (≤ 10 items)'],
    [{ type: 'array', items: { enum: ['a', 'b'] } }, '("a" | "b")[]'],
    [{ anyOf: [{ type: 'string' }, { const: '*' }] }, 'string | "*"'],
    [{ type: 'object', properties: {} }, 'object'],
  ])('%j -> %s', (schema, expected) => {
    expect(typeOf(schema)).toBe(expected);
  });
});
