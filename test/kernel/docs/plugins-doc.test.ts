import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * docs/plugins.md shows a complete plugin and its test. They are the real, tested files: this test
 * fails when the page and the files drift apart. Only the kernel's import path differs.
 */
const ROOT = join(import.meta.dirname, '..', '..', '..');
const KERNEL_IN_PLUGIN: [string, string] = ["'../../../../src/kernel/index.js'", "'mcp-xdr'"];
const SOURCES: Record<string, { file: string; rewrites: [string, string][] }> = {
  'plugins/watchlist/watchlist.ts': {
    file: 'test/fixtures/plugins/watchlist/watchlist.ts',
    rewrites: [KERNEL_IN_PLUGIN],
  },
  'plugins/watchlist/list-watchlist.ts': {
    file: 'test/fixtures/plugins/watchlist/list-watchlist.ts',
    rewrites: [KERNEL_IN_PLUGIN],
  },
  'plugins/watchlist/add-to-watchlist.ts': {
    file: 'test/fixtures/plugins/watchlist/add-to-watchlist.ts',
    rewrites: [KERNEL_IN_PLUGIN],
  },
  'plugins/watchlist/index.ts': {
    file: 'test/fixtures/plugins/watchlist/index.ts',
    rewrites: [KERNEL_IN_PLUGIN],
  },
  'test/watchlist.test.ts': {
    file: 'test/kernel/docs/watchlist.test.ts',
    rewrites: [
      ["'../../../src/kernel/index.js'", "'mcp-xdr'"],
      ["'../../fixtures/plugins/watchlist'", "'../plugins/watchlist'"],
    ],
  },
};

/** Code blocks of the page that start with `// file: <label>`. */
function blocks(markdown: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of markdown.matchAll(/```ts\n\/\/ file: (\S+)\n([\s\S]*?)```/g)) {
    found.set(match[1] as string, (match[2] as string).trimEnd());
  }
  return found;
}

describe('docs/plugins.md', () => {
  const shown = blocks(readFileSync(join(ROOT, 'docs', 'plugins.md'), 'utf8'));

  it('shows exactly the example files', () => {
    expect([...shown.keys()].sort()).toEqual(Object.keys(SOURCES).sort());
  });

  it.each(Object.entries(SOURCES))('%s is the tested file', (label, { file, rewrites }) => {
    let source = readFileSync(join(ROOT, file), 'utf8');
    for (const [from, to] of rewrites) source = source.replaceAll(from, to);
    expect(shown.get(label)).toBe(source.trimEnd());
  });
});
