import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXdr, type XdrHarness } from '../../helpers/xdr-harness.js';
import { errorOf, preview, structured, textOf, world } from './support.js';

interface BulkOut {
  result: {
    results: { incidentId: string; outcome: string; reason?: string; error?: { code: string } }[];
    counts: Record<string, number>;
  };
}

/** update_incidents through a real MCP client; the emulator's records are the oracle. */
describe('update_incidents (bulk)', () => {
  let xdr: XdrHarness;
  beforeAll(async () => {
    xdr = await startXdr({ plugins: { incidents: true }, config: { policy: { maxTier: 'write' } } });
  });
  afterAll(async () => xdr?.close());

  it('one preview lists every incident; per-incident results; a failure and a stale one do not stop the rest', async () => {
    const active = world(xdr)
      .incidents.filter((i) => i.status === 'active')
      .slice(0, 4);
    const [a, b, c, d] = active;
    if (!a || !b || !c || !d) throw new Error('need four active incidents');
    d.customTags = ['kept'];
    const aTags = [...a.customTags];
    const args = {
      incidentIds: [a.id, b.id, c.id, d.id, '999999999'],
      status: 'resolved',
      classification: 'falsePositive',
      determination: 'clean',
      addTags: ['bulk-fp'],
    };
    const shown = await preview(xdr, 'update_incidents', args);
    for (const i of active)
      expect(shown.out.preview.changes).toContainEqual(
        expect.objectContaining({
          target: `incident ${i.id}`,
          field: 'status',
          from: 'active',
          to: 'resolved',
        }),
      );
    expect(shown.out.preview.warnings?.join('\n')).toContain('No incident with id 999999999');
    expect(shown.out.preview.basis?.onStale).toBe('skip');
    expect(active.every((i) => i.status === 'active')).toBe(true);

    // Between preview and confirmation: someone takes b; c's PATCH fails upstream.
    xdr.emulator.control.faults.add({
      kind: 'otherWriter',
      method: 'GET',
      path: `/v1.0/security/incidents/${b.id}`,
      times: 1,
    });
    xdr.emulator.control.faults.add({
      kind: 'status',
      status: 500,
      method: 'PATCH',
      path: `/v1.0/security/incidents/${c.id}`,
    });
    const done = structured<BulkOut>(await shown.confirm());
    xdr.emulator.control.faults.clear();
    const outcome = Object.fromEntries(done.result.results.map((r) => [r.incidentId, r.outcome]));
    expect(outcome).toEqual({
      [a.id]: 'updated',
      [b.id]: 'stale',
      [c.id]: 'failed',
      [d.id]: 'updated',
      '999999999': 'skipped',
    });
    expect(done.result.results.find((r) => r.incidentId === b.id)?.reason).toContain('assignedTo');
    expect(a).toMatchObject({
      status: 'resolved',
      classification: 'falsePositive',
      customTags: [...aTags, 'bulk-fp'],
    });
    expect(d.customTags).toEqual(['kept', 'bulk-fp']);
    expect(b.status).toBe('active');
    expect(c.status).toBe('active');
    expect(done.result.counts).toMatchObject({ updated: 2, stale: 1, failed: 1, skipped: 1 });
  });

  it('refuses more than 50 ids, repeated ids, and a batch where nothing would change', async () => {
    const many = Array.from({ length: 51 }, (_, i) => String(i + 1));
    expect(errorOf(await xdr.call('update_incidents', { incidentIds: many, status: 'active' })).code).toBe(
      'validation_error',
    );
    const id = world(xdr).incidents[0]?.id as string;
    expect(
      errorOf(await xdr.call('update_incidents', { incidentIds: [id, id], status: 'active' })).code,
    ).toBe('validation_error');
    const resolved = world(xdr)
      .incidents.filter((i) => i.status === 'resolved')
      .slice(0, 2)
      .map((i) => i.id);
    const noop = await xdr.call('update_incidents', { incidentIds: resolved, status: 'resolved' });
    expect(textOf(noop)).toContain('Nothing to change on any of the 2 incidents');
  });
});
