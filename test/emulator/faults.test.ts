import type { Agent } from 'undici';
import { fetch } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { call, trustingAgent } from './support/client.js';
import { appOf, GRAPH_SCOPE, tenantOf, tokenFor } from './support/emulator.js';

let emulator: RunningEmulator;
let agent: Agent;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  emulator = await startEmulator({ seed: 5 });
  agent = trustingAgent(emulator.ca);
  tokens.contoso = await tokenFor(emulator, agent, 'contoso', 'full', GRAPH_SCOPE);
  tokens.fabrikam = await tokenFor(emulator, agent, 'fabrikam', 'full', GRAPH_SCOPE);
});
afterEach(() => {
  emulator.control.faults.clear();
  emulator.control.counters.reset();
});
afterAll(async () => {
  await emulator?.stop();
  await agent?.close();
});

function userUrl(key: string) {
  const tenant = emulator.world.tenants.find((t) => t.key === key);
  return `${emulator.urls.graph}/v1.0/users/${tenant?.users[0]?.userPrincipalName}`;
}

const getUser = (key = 'contoso') =>
  call(agent, userUrl(key), { headers: { authorization: `Bearer ${tokens[key]}` } });

function postSecret(key: string) {
  const tenant = tenantOf(emulator, key);
  const app = appOf(emulator, key, 'full');
  return call(agent, `${emulator.urls.login}/${tenant.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: app.clientId,
      client_secret: app.secret,
      scope: GRAPH_SCOPE,
    }).toString(),
  });
}

describe('faults', () => {
  it('adds fixed latency to matching routes only', async () => {
    emulator.control.faults.add({ kind: 'latency', ms: 300, path: '/v1.0/users/*' });
    const started = performance.now();
    expect((await getUser()).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    await postSecret('contoso');
    expect(emulator.control.faults.list()[0]?.fired).toBe(1);
  });

  it('answers 503 for the next N calls, then recovers', async () => {
    emulator.control.faults.add({ kind: 'status', status: 503, times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await getUser()).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect(emulator.control.faults.list()).toEqual([]);
  });

  it('answers an injected 429 with the Graph throttling body and Retry-After', async () => {
    emulator.control.faults.add({ kind: 'status', status: 429, retryAfter: 2.5, times: 1 });
    const response = await getUser();
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2.5');
    expect(response.json()).toMatchObject({
      error: {
        code: 'TooManyRequests',
        innerError: { code: '429', status: '429' },
        message: 'Please retry again later.',
      },
    });
  });

  it.each([500, 504] as const)('answers an injected %i with the Graph envelope', async (status) => {
    emulator.control.faults.add({ kind: 'status', status, times: 1 });
    const response = await getUser();
    expect(response.status).toBe(status);
    expect((response.json() as { error: { code: string } }).error.code).toMatch(
      /^(generalException|gatewayTimeout)$/,
    );
  });

  it('fires at a rate, reproducibly from the seed', async () => {
    emulator.control.faults.add({ kind: 'status', status: 500, rate: 0.5 });
    const statuses = [];
    for (let i = 0; i < 20; i += 1) statuses.push((await getUser()).status);
    expect(statuses.filter((s) => s === 500).length).toBeGreaterThan(2);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(2);
  });

  it('scopes a fault to one tenant', async () => {
    emulator.control.faults.add({ kind: 'status', status: 500, tenant: 'fabrikam' });
    expect((await getUser('fabrikam')).status).toBe(500);
    expect((await getUser('contoso')).status).toBe(200);
  });

  it('resets the connection', async () => {
    emulator.control.faults.add({ kind: 'reset', times: 1 });
    const error = await getUser().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as { cause?: { code?: string } }).cause?.code).toBe('ECONNRESET');
    expect((await getUser()).status).toBe(200);
  });

  it('stalls the body halfway: headers arrive, the rest never does', async () => {
    emulator.control.faults.add({ kind: 'stall', times: 1 });
    const controller = new AbortController();
    const response = await fetch(userUrl('contoso'), {
      headers: { authorization: `Bearer ${tokens.contoso}` },
      dispatcher: agent,
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(Number(response.headers.get('content-length'))).toBeGreaterThan(0);
    const body = response.text().then(
      () => 'complete',
      () => 'aborted',
    );
    const outcome = await Promise.race([
      body,
      new Promise((resolve) => setTimeout(() => resolve('stalled'), 500)),
    ]);
    controller.abort();
    expect(outcome).toBe('stalled');
    expect(await body).toBe('aborted');
  });

  it('finishes a stalled body after the stall time', async () => {
    emulator.control.faults.add({ kind: 'stall', ms: 100, times: 1 });
    const response = await getUser();
    expect(response.json()).toMatchObject({ userPrincipalName: expect.any(String) });
  });

  it('sends malformed JSON with a 200', async () => {
    emulator.control.faults.add({ kind: 'malformedJson', times: 1 });
    const response = await getUser();
    expect(response.status).toBe(200);
    expect(() => response.json()).toThrow(SyntaxError);
  });

  it('makes a result oversized', async () => {
    emulator.control.faults.add({ kind: 'oversized', bytes: 200_000, times: 1 });
    const response = await getUser();
    expect(response.text.length).toBeGreaterThanOrEqual(200_000);
    expect(response.json()).toMatchObject({ userPrincipalName: expect.any(String) });
  });

  it('takes the token endpoint of one tenant down, and only that one', async () => {
    emulator.control.faults.add({ kind: 'tokenOutage', tenant: 'contoso' });
    const down = await postSecret('contoso');
    expect(down.status).toBe(503);
    expect(down.json()).toMatchObject({ error: 'temporarily_unavailable', error_codes: [90033] });
    expect((await postSecret('fabrikam')).status).toBe(200);
    expect((await getUser('contoso')).status).toBe(200);
  });

  it('rejects a fault spec with unknown keys', () => {
    expect(() => emulator.control.faults.add({ kind: 'reset', bogus: 1 } as never)).toThrow();
  });
});

describe('counters', () => {
  it('counts requests per route and tenant, and tokens per app', async () => {
    await getUser('contoso');
    await getUser('contoso');
    await getUser('fabrikam');
    await postSecret('fabrikam');
    const route = 'GET /v1.0/users/:id';
    expect(emulator.control.counters.requests({ tenant: 'contoso', route })).toBe(2);
    expect(
      emulator.control.counters.requests({ tenant: tenantOf(emulator, 'fabrikam').tenantId, route }),
    ).toBe(1);
    expect(emulator.control.counters.tokens({ tenant: 'fabrikam' })).toBe(1);
    expect(emulator.control.counters.tokens({ tenant: 'contoso' })).toBe(0);
    const snapshot = emulator.control.counters.snapshot();
    expect(snapshot.requests.find((r) => r.tenant === 'contoso' && r.route === route)?.byStatus).toEqual({
      200: 2,
    });
  });
});
