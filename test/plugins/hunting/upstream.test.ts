import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXdr, type XdrHarness } from '../../helpers/xdr-harness.js';
import { errorOf, hunt, huntingRequests, textOf } from './support.js';

const HUNTING_PATH = '/v1.0/security/runHuntingQuery';

describe('run_hunting_query when the service pushes back', () => {
  let xdr: XdrHarness;
  beforeAll(async () => {
    xdr = await startXdr({ plugins: { hunting: true } });
  });
  afterAll(async () => xdr?.close());

  it('fans out to every tenant, with a tenant whose sign-in is down reported in place', async () => {
    // Before any call: no tenant has a cached token yet, so fabrikam's outage is felt.
    xdr.emulator.control.faults.add({ kind: 'tokenOutage', tenant: 'fabrikam' });
    const result = await xdr.call('run_hunting_query', {
      query: 'DeviceInfo | summarize devices = dcount(DeviceId)',
      tenant: '*',
    });
    xdr.emulator.control.faults.clear();
    expect(result.isError).toBeFalsy();
    const results = hunt(result).results;
    expect(results.map((r) => r.tenant)).toEqual([
      'contoso',
      'contoso-readonly',
      'fabrikam',
      'fabrikam-readonly',
    ]);
    const byTenant = Object.fromEntries(results.map((r) => [r.tenant, r]));
    const machines = (key: string) => xdr.emulator.world.tenants.find((t) => t.key === key)?.machines.length;
    expect(byTenant.contoso).toMatchObject({ ok: true, rows: [{ devices: machines('contoso') }] });
    expect(byTenant['contoso-readonly']).toMatchObject({
      ok: true,
      rows: [{ devices: machines('contoso') }],
    });
    expect(byTenant.fabrikam).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(textOf(result)).toMatch(/Tenant "fabrikam" failed: unavailable: /);
    expect(textOf(result)).toContain('Tenant "contoso": 1 row.');
  });

  it("passes on the service's reason for a 400 on a query the local check passes, fenced as untrusted", async () => {
    const before = huntingRequests(xdr);
    // Valid KQL, so the pre-flight sends it; the service refuses results over 100,000 rows.
    const query =
      'DeviceProcessEvents | project DeviceId | join kind=inner (DeviceProcessEvents | project DeviceId) on DeviceId';
    const result = await xdr.call('run_hunting_query', { query });
    expect(huntingRequests(xdr)).toBe(before + 1);
    expect(result.isError).toBe(true);
    expect(errorOf(result)?.code).toBe('validation_error');
    const text = textOf(result);
    expect(text).toContain('Advanced hunting (tenant "contoso") refused the query');
    expect(text).toMatch(/<untrusted-service-message-[0-9a-f]+>\n[^<]*exceeded the maximum of 100000 rows/);
  });

  it('reports throttling as rate_limited with the wait from Retry-After', async () => {
    const id = xdr.emulator.control.faults.add({
      kind: 'status',
      status: 429,
      retryAfter: 45,
      path: HUNTING_PATH,
    });
    const result = await xdr.call('run_hunting_query', { query: 'DeviceInfo | take 1' });
    xdr.emulator.control.faults.remove(id);
    expect(result.isError).toBe(true);
    expect(errorOf(result)).toMatchObject({ code: 'rate_limited', retryAfter: 45 });
  });

  it('reports a throttled tenant in place during a fan-out, with its wait', async () => {
    const id = xdr.emulator.control.faults.add({
      kind: 'status',
      status: 429,
      retryAfter: 50,
      path: HUNTING_PATH,
      tenant: 'contoso',
    });
    const result = await xdr.call('run_hunting_query', { query: 'DeviceInfo | take 1', tenant: '*' });
    xdr.emulator.control.faults.remove(id);
    const byTenant = Object.fromEntries(hunt(result).results.map((r) => [r.tenant, r]));
    expect(byTenant.contoso).toMatchObject({ ok: false, error: { code: 'rate_limited', retryAfter: 50 } });
    expect(byTenant.fabrikam).toMatchObject({ ok: true, rowCount: 1 });
  });
});
