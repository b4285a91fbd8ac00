import type { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { Quotas, quotaBucket } from '../../src/emulator/quotas.js';
import { call, trustingAgent } from './support/client.js';
import { GRAPH_SCOPE, MDE_SCOPE, tokenFor } from './support/emulator.js';

let emulator: RunningEmulator;
let agent: Agent;
let graphToken: string;

beforeAll(async () => {
  emulator = await startEmulator({
    seed: 9,
    tenants: ['contoso', 'fabrikam'],
    quotas: { graph: { perMinute: 3 } },
  });
  agent = trustingAgent(emulator.ca);
  graphToken = await tokenFor(emulator, agent, 'contoso', 'full', GRAPH_SCOPE);
});
afterEach(() => {
  emulator.control.quotas.reset();
  emulator.control.faults.clear();
});
afterAll(async () => {
  await emulator?.stop();
  await agent?.close();
});

const userUrl = () =>
  `${emulator.urls.graph}/v1.0/users/${emulator.world.tenants[0]?.users[0]?.userPrincipalName}`;
const getUser = (token = graphToken) =>
  call(agent, userUrl(), { headers: { authorization: `Bearer ${token}` } });

describe('quotas', () => {
  it('throttles Graph with 429, a fractional Retry-After and the Graph body; the next window opens', async () => {
    emulator.control.clock.set((Math.floor(emulator.control.clock.now() / 60_000) + 1) * 60_000 + 20_250);
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await getUser()).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const throttled = await getUser();
    // 20.25 s into the minute when the clock was set: about 39.75 s left, fractional like Graph.
    const retryAfter = throttled.headers.get('retry-after') ?? '';
    expect(retryAfter).toMatch(/^\d+\.\d+$/);
    expect(Number(retryAfter)).toBeGreaterThan(30);
    expect(Number(retryAfter)).toBeLessThanOrEqual(39.75);
    expect(throttled.json()).toMatchObject({
      error: { code: 'TooManyRequests', innerError: { status: '429' } },
    });
    emulator.control.clock.advance(40_000);
    expect((await getUser()).status).toBe(200);
  });

  it('keeps each tenant in its own bucket', async () => {
    const fabrikam = await tokenFor(emulator, agent, 'fabrikam', 'full', GRAPH_SCOPE);
    for (let i = 0; i < 3; i += 1) await getUser();
    expect((await getUser()).status).toBe(429);
    // fabrikam's token asks for a contoso user: the quota is counted first in fabrikam's own bucket.
    expect((await getUser(fabrikam)).status).not.toBe(429);
  });

  it('applies an hourly limit as well as the minute one', () => {
    const quotas = new Quotas({ hunting: { perMinute: 45, perHour: 50 } });
    let now = 0;
    let allowed = 0;
    for (let minute = 0; minute < 3; minute += 1, now += 60_000) {
      for (let i = 0; i < 45; i += 1)
        if (quotas.take('t', 'graph:hunting', 'graph', now).allowed) allowed += 1;
    }
    expect(allowed).toBe(50);
    const verdict = quotas.take('t', 'graph:hunting', 'graph', now);
    expect(verdict).toMatchObject({ allowed: false, window: 'hour', limit: 50 });
  });

  it('has the documented defaults and gives MDE each API its own bucket', () => {
    const quotas = new Quotas();
    expect(quotas.limitFor('hunting', 'graph')).toEqual({ perMinute: 45, perHour: 1500 });
    expect(quotas.limitFor('mde:hunting', 'mde')).toEqual({ perMinute: 45, perHour: 1500 });
    expect(quotas.limitFor('graph:incidents', 'graph')).toEqual({ perMinute: 150 });
    const isolate = quotaBucket({ api: 'mde', method: 'POST', pattern: '/api/machines/:id/isolate' });
    const scan = quotaBucket({ api: 'mde', method: 'POST', pattern: '/api/machines/:id/runAntiVirusScan' });
    expect(isolate).not.toBe(scan);
    expect(quotas.limitFor(isolate, 'mde')).toEqual({ perMinute: 100, perHour: 1500 });
  });
});

describe('control endpoint', () => {
  const control = (path: string, init: { method?: string; body?: unknown; key?: string } = {}) =>
    call(agent, `${emulator.control.url}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${init.key ?? emulator.control.key}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });

  it('refuses a missing or wrong control key', async () => {
    expect((await call(agent, `${emulator.control.url}/counters`)).status).toBe(401);
    expect((await control('/counters', { key: 'wrong' })).status).toBe(401);
  });

  it('adds, lists and removes faults', async () => {
    const added = await control('/faults', {
      method: 'POST',
      body: { kind: 'status', status: 503, times: 1 },
    });
    const { id } = added.json() as { id: string };
    expect((await control('/faults')).json()).toMatchObject({ faults: [{ id, spec: { status: 503 } }] });
    expect((await getUser()).status).toBe(503);
    const again = (await control('/faults', { method: 'POST', body: { kind: 'reset' } })).json() as {
      id: string;
    };
    expect((await control(`/faults/${again.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await getUser()).status).toBe(200);
  });

  it('rejects invalid fault specs with 400', async () => {
    expect((await control('/faults', { method: 'POST', body: { kind: 'status', status: 418 } })).status).toBe(
      400,
    );
    expect(
      (await control('/faults', { method: 'POST', body: { kind: 'latency', ms: 5, extra: true } })).status,
    ).toBe(400);
  });

  it('moves the clock, sets quotas and reads counters', async () => {
    const before = emulator.control.clock.now();
    const moved = await control('/clock', { method: 'POST', body: { advanceMs: 120_000 } });
    expect(Date.parse((moved.json() as { now: string }).now)).toBeGreaterThanOrEqual(before + 120_000);
    expect((await control('/quotas/graph', { method: 'PUT', body: { perMinute: 1 } })).status).toBe(200);
    await getUser();
    expect((await getUser()).status).toBe(429);
    const counters = (await control('/counters')).json() as {
      requests: { route: string; byStatus: Record<string, number> }[];
    };
    expect(
      counters.requests.some((r) => r.route === 'GET /v1.0/users/:id' && (r.byStatus['429'] ?? 0) > 0),
    ).toBe(true);
    emulator.control.quotas.set('graph', { perMinute: 3 });
  });
});

describe('machine action outcome control', () => {
  const failNext = (body: unknown, key = emulator.control.key) =>
    call(agent, `${emulator.control.url}/machineActions/failNext`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('makes the next machine action of one tenant end with the given outcome, on the emulator clock', async () => {
    expect((await failNext({ outcome: 'TimeOut', tenant: 'fabrikam' })).status).toBe(200);
    const request = (key: string) => {
      const tenant = emulator.world.tenant(key);
      const machine = tenant?.machines[0];
      if (!tenant || !machine) throw new Error('no machine');
      return tenant.machineActions.request({
        machine,
        type: 'RunAntiVirusScan',
        scope: 'Quick',
        comment: 't',
        requestor: 'r',
      });
    };
    const contoso = request('contoso');
    const fabrikam = request('fabrikam');
    emulator.control.clock.advance(10 * 60_000);
    expect(emulator.world.tenant('fabrikam')?.machineActions.get(fabrikam.id)?.status).toBe('TimeOut');
    expect(emulator.world.tenant('contoso')?.machineActions.get(contoso.id)?.status).toBe('Succeeded');
  });

  it('refuses an unknown outcome, an unknown tenant and a missing key', async () => {
    expect((await failNext({ outcome: 'Exploded' })).status).toBe(400);
    expect((await failNext({ outcome: 'Failed', tenant: 'nosuch' })).status).toBe(400);
    expect((await failNext({ outcome: 'Failed' }, 'wrong')).status).toBe(401);
  });
});

describe('managed identity endpoint', () => {
  const msi = (query: Record<string, string>, header?: string) =>
    call(agent, `${emulator.managedIdentity.endpoint}?${new URLSearchParams(query)}`, {
      headers: header === undefined ? {} : { 'X-IDENTITY-HEADER': header },
    });

  it('issues a token for the system-assigned identity that the API accepts', async () => {
    const response = await msi(
      { resource: 'https://graph.microsoft.com', 'api-version': '2019-08-01' },
      emulator.managedIdentity.header,
    );
    expect(response.status).toBe(200);
    const body = response.json() as {
      access_token: string;
      expires_on: string;
      resource: string;
      token_type: string;
    };
    expect(body).toMatchObject({ resource: 'https://graph.microsoft.com', token_type: 'Bearer' });
    expect(Number(body.expires_on)).toBeGreaterThan(Date.now() / 1000);
    expect((await getUser(body.access_token)).status).toBe(200);
  });

  it('picks a user-assigned identity by client_id, for MDE too', async () => {
    const fabrikam = emulator.tenants.find((t) => t.key === 'fabrikam');
    const response = await msi(
      {
        resource: 'https://api.securitycenter.microsoft.com',
        'api-version': '2019-08-01',
        client_id: fabrikam?.managedIdentityClientId ?? '',
      },
      emulator.managedIdentity.header,
    );
    const token = (response.json() as { access_token: string }).access_token;
    const [, payload] = token.split('.');
    expect(JSON.parse(Buffer.from(payload ?? '', 'base64url').toString())).toMatchObject({
      tid: fabrikam?.tenantId,
      aud: 'https://api.securitycenter.microsoft.com',
    });
  });

  it('takes a fault scoped to the tenant of a user-assigned identity, and counts per tenant', async () => {
    const fabrikam = emulator.tenants.find((t) => t.key === 'fabrikam');
    emulator.control.counters.reset();
    emulator.control.faults.add({ kind: 'status', status: 503, api: 'msi', tenant: 'fabrikam' });
    const query = { resource: 'https://graph.microsoft.com', 'api-version': '2019-08-01' };
    const header = emulator.managedIdentity.header;
    expect((await msi({ ...query, client_id: fabrikam?.managedIdentityClientId ?? '' }, header)).status).toBe(
      503,
    );
    expect((await msi(query, header)).status).toBe(200);
    expect(emulator.control.counters.requests({ tenant: 'fabrikam', route: 'GET /msi/token' })).toBe(1);
  });

  it('refuses a missing or wrong identity header, a wrong api-version and an unknown resource', async () => {
    const ok = { resource: 'https://graph.microsoft.com', 'api-version': '2019-08-01' };
    expect((await msi(ok)).status).toBe(401);
    expect((await msi(ok, 'wrong')).status).toBe(401);
    expect((await msi({ ...ok, 'api-version': '2017-09-01' }, emulator.managedIdentity.header)).status).toBe(
      400,
    );
    const bad = await msi({ ...ok, resource: 'https://vault.azure.net' }, emulator.managedIdentity.header);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('AADSTS500011');
  });
});

it('an MDE token passes MDE checks but not Graph ones', async () => {
  const token = await tokenFor(emulator, agent, 'contoso', 'full', MDE_SCOPE);
  expect((await getUser(token)).status).toBe(401);
});
