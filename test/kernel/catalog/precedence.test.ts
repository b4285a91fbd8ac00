import { describe, expect, it } from 'vitest';
import type { ToolStatus } from '../../../src/kernel/catalog.js';
import { fixtureKernel } from '../../helpers/kernel-client.js';

const NOTES = './plugins/notes';
type Row = Record<'list_notes' | 'add_note' | 'delete_all_notes', string>;

/** Each tool's status as `enabled` or the rule that withheld it. */
async function statuses(config: Record<string, unknown>): Promise<Row> {
  const kernel = await fixtureKernel(config);
  try {
    const show = (status: ToolStatus) => (status.enabled ? 'enabled' : status.rule);
    return Object.fromEntries(kernel.catalog.tools.map((t) => [t.descriptor.name, show(t.status)])) as Row;
  } finally {
    await kernel.close();
  }
}

const withNotes = (notes: unknown, policy: Record<string, unknown> = {}) => ({
  plugins: { [NOTES]: notes },
  policy,
});

describe('enablement precedence: plugin, include/exclude, tier raise, maxTier', () => {
  it.each<[string, Record<string, unknown>, Row]>([
    [
      'a deployment is read-only by default',
      withNotes(true),
      { list_notes: 'enabled', add_note: 'policy.maxTier', delete_all_notes: 'policy.maxTier' },
    ],
    [
      'maxTier destructive enables every tier',
      withNotes(true, { maxTier: 'destructive' }),
      { list_notes: 'enabled', add_note: 'enabled', delete_all_notes: 'enabled' },
    ],
    [
      'include keeps only the named tools',
      withNotes({ tools: { include: ['list_notes'] } }, { maxTier: 'destructive' }),
      { list_notes: 'enabled', add_note: 'tools.include', delete_all_notes: 'tools.include' },
    ],
    [
      'exclude drops the named tools',
      withNotes({ tools: { exclude: ['add_note'] } }, { maxTier: 'destructive' }),
      { list_notes: 'enabled', add_note: 'tools.exclude', delete_all_notes: 'enabled' },
    ],
    [
      'include/exclude are reported before maxTier',
      withNotes({ tools: { include: ['add_note', 'delete_all_notes'], exclude: ['delete_all_notes'] } }),
      { list_notes: 'tools.include', add_note: 'policy.maxTier', delete_all_notes: 'tools.exclude' },
    ],
    [
      'a raised tier is what maxTier compares',
      withNotes(true, { maxTier: 'write', tierRaise: { list_notes: 'write', add_note: 'destructive' } }),
      { list_notes: 'enabled', add_note: 'policy.maxTier', delete_all_notes: 'policy.maxTier' },
    ],
    [
      'raising to the same tier changes nothing',
      withNotes(true, { maxTier: 'write', tierRaise: { add_note: 'write' } }),
      { list_notes: 'enabled', add_note: 'enabled', delete_all_notes: 'policy.maxTier' },
    ],
  ])('%s', async (_rule, config, expected) => {
    expect(await statuses(config)).toEqual(expected);
  });

  it('a disabled plugin contributes no tools and shows as disabled', async () => {
    const kernel = await fixtureKernel({ plugins: { [NOTES]: false, './plugins/faults': true } });
    expect(kernel.catalog.tools.map((t) => t.descriptor.plugin)).not.toContain('notes');
    expect(kernel.catalog.plugins).toContainEqual({
      key: NOTES,
      name: undefined,
      version: undefined,
      enabled: false,
    });
    expect(kernel.catalog.plugins).toContainEqual({
      key: './plugins/faults',
      name: 'faults',
      version: '1.0.0',
      enabled: true,
    });
  });

  it('a raised tool carries both tiers and is listed as a confirmable write', async () => {
    const kernel = await fixtureKernel(
      withNotes(true, { maxTier: 'write', tierRaise: { list_notes: 'write' } }),
    );
    const entry = kernel.catalog.enabled('list_notes');
    expect([entry?.descriptor.declaredTier, entry?.descriptor.tier]).toEqual(['read', 'write']);
    const listed = kernel.listing.find((tool) => tool.name === 'list_notes');
    expect(listed?.annotations?.readOnlyHint).toBe(false);
    expect(listed?.inputSchema.properties).toHaveProperty('confirmationToken');
  });

  it('a tool’s timeout comes from policy.timeouts.tools over its own', async () => {
    const kernel = await fixtureKernel(withNotes(true, { timeouts: { tools: { list_notes: 5000 } } }));
    expect(kernel.catalog.tools.find((t) => t.descriptor.name === 'list_notes')?.descriptor.timeoutMs).toBe(
      5000,
    );
    expect(
      kernel.catalog.tools.find((t) => t.descriptor.name === 'add_note')?.descriptor.timeoutMs,
    ).toBeUndefined();
  });
});
