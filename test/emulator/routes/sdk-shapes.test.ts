import { describe, expect, it } from 'vitest';
import { type ErrorBody, harness, type Listing } from './harness.js';

/**
 * The request shapes Microsoft's generated SDKs send (msgraph-sdk-python / Kiota; sources in
 * docs/emulator.md, "Microsoft's SDKs"), next to the shapes the docs show.
 */

interface Hunting {
  schema: { name: string; type: string }[];
  results: Record<string, unknown>[];
}

describe('Graph actions as the SDKs call them', () => {
  it.each([
    ['/v1.0/security/microsoft.graph.security.runHuntingQuery', { query: 'DeviceInfo | take 2' }],
    [
      '/beta/security/microsoft.graph.security.runHuntingQuery',
      { query: 'DeviceInfo | take 2', timespan: 'P7D' },
    ],
    ['/v1.0/security/runHuntingQuery', { query: 'DeviceInfo | take 2' }],
    ['/v1.0/security/runHuntingQuery', { Query: 'DeviceInfo | take 2', Timespan: 'P30D' }],
    ['/v1.0/security/microsoft.graph.security.runHuntingQuery', { Query: 'DeviceInfo | take 2' }],
  ])('runHuntingQuery at %s with %j', async (path, body) => {
    const h = harness();
    const reply = await h.call<Hunting>('POST', path, { body });
    expect(reply.status).toBe(200);
    expect(reply.json.results).toHaveLength(2);
  });

  it('honours the lowercase timespan (a window with no rows answers none)', async () => {
    const h = harness();
    const reply = await h.call<Hunting>('POST', '/v1.0/security/microsoft.graph.security.runHuntingQuery', {
      body: { query: 'DeviceInfo | count', timespan: 'PT1S' },
    });
    expect(reply.status).toBe(200);
    expect(reply.json.results).toEqual([{ Count: 0 }]);
  });

  it('refuses a parameter given twice in different cases, and unknown parameters', async () => {
    const h = harness();
    const twice = await h.call<ErrorBody>('POST', '/v1.0/security/microsoft.graph.security.runHuntingQuery', {
      body: { query: 'DeviceInfo', Query: 'DeviceInfo' },
    });
    expect(twice.status).toBe(400);
    expect(twice.json.error.message).toMatch(/more than once/);
    const unknown = await h.call<ErrorBody>('POST', '/v1.0/security/runHuntingQuery', {
      body: { query: 'DeviceInfo', top: 3 },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.message).toMatch(/unknown parameter 'top'/);
  });

  it('MDE advanced queries stay case-sensitive (documented PascalCase)', async () => {
    const h = harness();
    const reply = await h.call<ErrorBody>('POST', '/api/advancedqueries/run', {
      body: { query: 'DeviceInfo' },
    });
    expect(reply.status).toBe(400);
    expect(reply.json.error.code).toBe('InvalidRequestBody');
  });

  it('invokeAction at the namespace-qualified path, parameters in any case, changes the account', async () => {
    const h = harness();
    const tenant = h.world.tenant('contoso');
    const account = tenant?.identityAccounts.find(
      (a) => a.isEnabled && a.accounts.some((x) => x.identityProvider === 'activeDirectory'),
    );
    // Active Directory: the provider whose state the identity account's isEnabled follows.
    const ad = account?.accounts.find((x) => x.identityProvider === 'activeDirectory');
    const reply = await h.call<Record<string, unknown>>(
      'POST',
      `/beta/security/identities/identityAccounts/${account?.id}/microsoft.graph.security.invokeAction`,
      { body: { AccountId: ad?.identifier, Action: 'disable', IdentityProvider: 'activeDirectory' } },
    );
    expect(reply.status).toBe(200);
    expect(reply.json.action).toBe('disable');
    expect(tenant?.identityAccounts.find((a) => a.id === account?.id)?.isEnabled).toBe(false);
  });
});

describe('navigation paths the SDKs generate', () => {
  it('incidents/{id}/alerts lists exactly the incident’s alerts, with filters and paging', async () => {
    const h = harness();
    const tenant = h.world.tenant('contoso');
    const incident = tenant?.incidents.find(
      (i) => tenant.alerts.filter((a) => a.incidentId === i.id).length > 1,
    );
    const expected = tenant?.alerts.filter((a) => a.incidentId === incident?.id).map((a) => a.id);
    const reply = await h.call<Listing<{ id: string; incidentId: string }>>(
      'GET',
      `/v1.0/security/incidents/${incident?.id}/alerts?$count=true`,
    );
    expect(reply.status).toBe(200);
    expect(reply.json.value.map((a) => a.id).sort()).toEqual([...(expected ?? [])].sort());
    expect(reply.json['@odata.count']).toBe(expected?.length);
    const top = await h.call<Listing<unknown>>(
      'GET',
      `/v1.0/security/incidents/${incident?.id}/alerts?$top=1`,
    );
    expect(top.json.value).toHaveLength(1);
    expect(top.json['@odata.nextLink']).toBeDefined();
    const one = await h.call<{ id: string }>(
      'GET',
      `/beta/security/incidents/${incident?.id}/alerts/${expected?.[0]}`,
    );
    expect(one.status).toBe(200);
    expect(one.json.id).toBe(expected?.[0]);
  });

  it('answers 404 for an unknown incident or an alert of another incident, 400 for a bad filter', async () => {
    const h = harness();
    const tenant = h.world.tenant('contoso');
    const [a, b] = tenant?.incidents ?? [];
    const other = tenant?.alerts.find((x) => x.incidentId !== a?.id);
    expect((await h.call('GET', '/v1.0/security/incidents/999999/alerts')).status).toBe(404);
    expect((await h.call('GET', `/v1.0/security/incidents/${a?.id}/alerts/${other?.id}`)).status).toBe(404);
    expect((await h.call('GET', `/v1.0/security/incidents/${b?.id}/alerts?$filter=nope eq 1`)).status).toBe(
      400,
    );
  });

  it('$count segments answer a text/plain number honouring $filter', async () => {
    const h = harness();
    const tenant = h.world.tenant('contoso');
    const all = await h.call<number>('GET', '/v1.0/security/incidents/$count');
    expect(all.headers?.['Content-Type']).toMatch(/^text\/plain/);
    expect(all.json).toBe(tenant?.incidents.length);
    const active = await h.call<number>('GET', "/v1.0/security/alerts_v2/$count?$filter=status eq 'new'");
    expect(active.json).toBe(tenant?.alerts.filter((x) => x.status === 'new').length);
  });
});
