import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXdr, type XdrHarness } from '../../helpers/xdr-harness.js';
import { errorOf, expectedIncident, type ListOutput, structured, textOf, world } from './support.js';

describe('list_incidents', () => {
  let xdr: XdrHarness;
  beforeAll(async () => {
    xdr = await startXdr({ plugins: { incidents: true } });
  });
  afterAll(async () => xdr?.close());

  const list = async (args: Record<string, unknown>) =>
    structured<ListOutput>(await xdr.call('list_incidents', args));

  it('publishes strict, typed schemas: Graph enum spellings, bounded limit, no extra keys, an output schema', async () => {
    const { tools } = await xdr.client.listTools();
    const byName = new Map(tools.map((t) => [t.name, t]));
    expect([...byName.keys()].sort()).toEqual(['get_alert', 'get_incident', 'list_alerts', 'list_incidents']);
    for (const tool of tools) {
      expect(tool.inputSchema.additionalProperties, tool.name).toBe(false);
      expect(tool.outputSchema?.type, tool.name).toBe('object');
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
      expect(tool.description, tool.name).toMatch(/attacker-controlled/);
    }
    const props = byName.get('list_incidents')?.inputSchema.properties as Record<
      string,
      Record<string, unknown>
    >;
    expect(props.status?.enum).toEqual(['active', 'inProgress', 'resolved', 'redirected', 'awaitingAction']);
    expect(props.limit).toMatchObject({ minimum: 1, maximum: 50, default: 20 });
  });

  it('lists the default tenant newest first, each record as the emulator holds it', async () => {
    const data = world(xdr);
    const out = await list({ limit: 5 });
    expect(out.results).toHaveLength(1);
    const [only] = out.results;
    expect(only).toMatchObject({ tenant: 'contoso', ok: true });
    expect(only?.incidents).toEqual(data.incidents.slice(0, 5).map((i) => expectedIncident(data, i)));
    expect(only?.nextCursor).toEqual(expect.any(String));
    // The most severe first (newest first within a severity): what an analyst opens first.
    const order = ['high', 'medium', 'low', 'informational'];
    const worst = data.incidents
      .slice(0, 5)
      .map((i, n) => ({ i, n }))
      .sort((a, b) => order.indexOf(a.i.severity) - order.indexOf(b.i.severity) || a.n - b.n)
      .slice(0, 3);
    expect(out.next.map((s) => [s.tool, s.args])).toEqual([
      ...worst.map(({ i }) => ['get_incident', { incidentId: i.id, tenant: 'contoso' }]),
      ['list_incidents', { limit: 5, cursor: only?.nextCursor, tenant: 'contoso' }],
    ]);
  });

  it('defaults to 20 and pages with the cursor to the end, with no record repeated or skipped', async () => {
    const data = world(xdr);
    const first = await list({});
    expect(first.results[0]?.incidents).toHaveLength(Math.min(20, data.incidents.length));
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const out = await list({ limit: 7, ...(cursor ? { cursor } : {}) });
      const entry = out.results[0];
      seen.push(...(entry?.incidents ?? []).map((i) => i.id));
      cursor = entry?.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(seen).toEqual(data.incidents.map((i) => i.id));
    expect(pages).toBe(Math.ceil(data.incidents.length / 7));
  });

  it('a client that only follows the suggested next page reaches the end with the filters kept', async () => {
    const data = world(xdr);
    const seen: string[] = [];
    let args: Record<string, unknown> | undefined = { severity: 'high', limit: 4 };
    while (args && seen.length < 100) {
      const out = await list(args);
      seen.push(...(out.results[0]?.incidents ?? []).map((i) => i.id));
      args = out.next.find((s) => s.tool === 'list_incidents')?.args;
    }
    expect(seen).toEqual(data.incidents.filter((i) => i.severity === 'high').map((i) => i.id));
  });

  it('pages correctly across incidents created in the same instant', async () => {
    const data = world(xdr);
    const saved = data.incidents.map((i) => i.createdDateTime);
    const tie = data.incidents[2]?.createdDateTime as string;
    for (const i of data.incidents.slice(2, 8)) i.createdDateTime = tie;
    try {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const out = await list({ limit: 2, ...(cursor ? { cursor } : {}) });
        seen.push(...(out.results[0]?.incidents ?? []).map((i) => i.id));
        cursor = out.results[0]?.nextCursor;
      } while (cursor && seen.length < 100);
      expect(seen).toEqual(data.incidents.map((i) => i.id));
    } finally {
      data.incidents.forEach((i, n) => {
        i.createdDateTime = saved[n] as string;
      });
    }
  });

  it('filters by status, severity, classification and determination, as Graph would', async () => {
    const data = world(xdr);
    for (const [key, value] of [
      ['status', 'active'],
      ['severity', 'high'],
      ['classification', 'unknown'],
      ['determination', 'unknown'],
    ] as const) {
      const out = await list({ [key]: value, limit: 50 });
      const expected = data.incidents.filter((i) => i[key] === value).map((i) => i.id);
      expect(
        out.results[0]?.incidents?.map((i) => i.id),
        `${key}=${value}`,
      ).toEqual(expected);
    }
  });

  it('filters by owner and by a creation window', async () => {
    const data = world(xdr);
    const owner = data.incidents.find((i) => i.assignedTo)?.assignedTo as string;
    const owned = await list({ assignedTo: owner, limit: 50 });
    expect(owned.results[0]?.incidents?.map((i) => i.id)).toEqual(
      data.incidents.filter((i) => i.assignedTo === owner).map((i) => i.id),
    );
    const after = data.incidents[9]?.createdDateTime as string;
    const before = data.incidents[3]?.createdDateTime as string;
    const window = await list({ createdAfter: after, createdBefore: before, limit: 50 });
    expect(window.results[0]?.incidents?.map((i) => i.id)).toEqual(
      data.incidents
        .filter((i) => Date.parse(i.createdDateTime) >= Date.parse(after))
        .filter((i) => Date.parse(i.createdDateTime) < Date.parse(before))
        .map((i) => i.id),
    );
  });

  it('an empty result says so in text and has no cursor', async () => {
    const result = await xdr.call('list_incidents', { createdAfter: '2099-01-01T00:00:00Z' });
    const out = structured<ListOutput>(result);
    expect(out.results[0]).toEqual({ tenant: 'contoso', ok: true, incidents: [] });
    expect(textOf(result)).toContain('No incidents match these filters.');
  });

  it('rejects bad input before any request: limits, enum spelling, dates, unknown keys', async () => {
    for (const args of [
      { limit: 0 },
      { limit: 51 },
      { limit: 2.5 },
      { status: 'Active' },
      { severity: 'critical' },
      { createdAfter: 'yesterday' },
      { cursor: 'not a cursor!' },
      { top: 5 },
    ]) {
      const result = await xdr.call('list_incidents', args);
      expect(errorOf(result).code, JSON.stringify(args)).toBe('validation_error');
    }
    const reversed = await xdr.call('list_incidents', {
      createdAfter: '2026-02-01T00:00:00Z',
      createdBefore: '2026-01-01T00:00:00Z',
    });
    expect(errorOf(reversed).code).toBe('validation_error');
  });

  it('refuses a cursor from another query, another tenant, with "*", or forged', async () => {
    const out = await list({ limit: 3, severity: 'high' });
    const cursor = out.results[0]?.nextCursor as string;
    const forged = Buffer.from(JSON.stringify({ nextLink: 'https://attacker.example/steal' })).toString(
      'base64url',
    );
    for (const args of [
      { cursor, severity: 'low' },
      { cursor },
      { cursor, severity: 'high', tenant: 'fabrikam' },
      { cursor, severity: 'high', tenant: '*' },
      { cursor: forged },
    ]) {
      const result = await xdr.call('list_incidents', args);
      expect(errorOf(result).code, JSON.stringify(args)).toBe('validation_error');
      expect(textOf(result)).not.toContain('attacker.example');
    }
    const ok = await list({ cursor, severity: 'high', limit: 3 });
    expect(ok.results[0]?.ok).toBe(true);
  });

  it('tenant "*" lists every configured tenant in configuration order, labelled with our keys', async () => {
    const out = await list({ tenant: '*', limit: 2 });
    expect(out.results.map((r) => [r.tenant, r.ok])).toEqual([
      ['contoso', true],
      ['contoso-readonly', true],
      ['fabrikam', true],
      ['fabrikam-readonly', true],
    ]);
    const fabrikam = world(xdr, 'fabrikam');
    expect(out.results[2]?.incidents?.map((i) => i.id)).toEqual(
      fabrikam.incidents.slice(0, 2).map((i) => i.id),
    );
  });

  it('an unknown tenant is refused without echoing it', async () => {
    const result = await xdr.call('list_incidents', { tenant: 'evil-tenant-x' });
    expect(errorOf(result).code).toBe('validation_error');
    expect(JSON.stringify(result)).not.toContain('evil-tenant-x');
  });
});
