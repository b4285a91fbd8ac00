import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startXdr, type XdrHarness } from '../../helpers/xdr-harness.js';
import { errorOf, type ListOutput, structured, textOf, world } from './support.js';

/** An incident only an app with a role nobody has may read: the emulator's own 403 for it. */
const GUARDED_INCIDENT = '4242';

describe('incidents tools when Microsoft fails', () => {
  let xdr: XdrHarness;
  beforeAll(async () => {
    xdr = await startXdr({
      plugins: { incidents: true },
      emulator: {
        extraRoutes: [
          {
            method: 'GET',
            pattern: `/v1.0/security/incidents/${GUARDED_INCIDENT}`,
            api: 'graph',
            roles: ['SecurityIncident.Read.Restricted'],
            handler: () => ({ status: 200, body: {} }),
          },
        ],
      },
    });
  });
  afterEach(() => xdr.emulator.control.faults.clear());
  afterAll(async () => xdr?.close());

  // First in the file: tokens are cached once a tenant has been used.
  it('fan-out: a tenant whose sign-in is down fails in place, the others answer, progress per tenant', async () => {
    xdr.emulator.control.faults.add({ kind: 'tokenOutage', tenant: 'fabrikam' });
    const progress: number[] = [];
    const called = (await xdr.client.callTool(
      { name: 'list_incidents', arguments: { tenant: '*', limit: 2 } },
      undefined,
      { onprogress: (p) => progress.push(p.progress) },
    )) as CallToolResult;
    const out = structured<ListOutput>(called);
    expect(out.results.map((r) => [r.tenant, r.ok])).toEqual([
      ['contoso', true],
      ['contoso-readonly', true],
      ['fabrikam', false],
      ['fabrikam-readonly', false],
    ]);
    expect(out.results[2]?.error).toMatchObject({
      code: 'unavailable',
      message: expect.stringContaining('fabrikam'),
    });
    expect(out.results[0]?.incidents?.map((i) => i.id)).toEqual(
      world(xdr)
        .incidents.slice(0, 2)
        .map((i) => i.id),
    );
    expect(textOf(called)).toContain('Tenant "fabrikam" failed: unavailable');
    expect(progress.slice(-4)).toEqual([1, 2, 3, 4]);
  });

  it('fan-out: a throttled tenant reports its wait in place', async () => {
    xdr.emulator.control.faults.add({
      kind: 'status',
      status: 429,
      retryAfter: 600,
      api: 'graph',
      tenant: 'contoso',
    });
    const out = structured<ListOutput>(await xdr.call('list_alerts', { tenant: '*', limit: 1 }));
    expect(out.results.map((r) => r.ok)).toEqual([false, false, true, true]);
    expect(out.results[0]?.error).toMatchObject({ code: 'rate_limited', retryAfter: 600 });
  });

  it('403: forbidden names the missing Graph permission and how to grant it', async () => {
    const result = await xdr.call('get_incident', { incidentId: GUARDED_INCIDENT });
    expect(errorOf(result)).toMatchObject({
      code: 'forbidden',
      hint: expect.stringContaining('SecurityIncident.Read.All'),
    });
    expect(textOf(result)).toContain('lacks the SecurityIncident.Read.All application permission');
    expect(textOf(result)).not.toContain('Missing application roles');
  });

  it('429 on one tenant: rate_limited with the wait Graph asked for', async () => {
    xdr.emulator.control.faults.add({
      kind: 'status',
      status: 429,
      retryAfter: 120,
      api: 'graph',
      path: '/v1.0/security/incidents*',
    });
    const result = await xdr.call('list_incidents', {});
    expect(errorOf(result)).toMatchObject({ code: 'rate_limited', retryAfter: 120 });
    expect(textOf(result)).toContain('Wait 120 s');
  });

  it('500: upstream_error with the status, never the upstream body', async () => {
    xdr.emulator.control.faults.add({ kind: 'status', status: 500, api: 'graph' });
    for (const [tool, args] of [
      ['get_incident', { incidentId: world(xdr).incidents[0]?.id }],
      ['get_alert', { alertId: world(xdr).alerts[0]?.id }],
      ['list_alerts', {}],
    ] as const) {
      const result = await xdr.call(tool, args);
      expect(errorOf(result).code, tool).toBe('upstream_error');
      expect(textOf(result)).toContain('HTTP 500');
      expect(textOf(result)).not.toMatch(/innerError|request-id|\{/);
    }
  });

  it('a one-off 503 is retried and the call succeeds', async () => {
    xdr.emulator.control.faults.add({ kind: 'status', status: 503, retryAfter: 0, api: 'graph', times: 1 });
    const out = structured<ListOutput>(await xdr.call('list_incidents', { limit: 1 }));
    expect(out.results[0]?.incidents?.map((i) => i.id)).toEqual([world(xdr).incidents[0]?.id]);
  });

  it('persistent 503: unavailable, with the wait', async () => {
    xdr.emulator.control.faults.add({ kind: 'status', status: 503, retryAfter: 600, api: 'graph' });
    const result = await xdr.call('get_incident', { incidentId: world(xdr).incidents[0]?.id });
    expect(errorOf(result)).toMatchObject({ code: 'unavailable', retryAfter: 600 });
    expect(textOf(result)).toContain('unavailable (HTTP 503)');
  });
});
