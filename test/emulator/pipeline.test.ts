import type { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import type { Route } from '../../src/emulator/routing.js';
import { call, trustingAgent } from './support/client.js';
import { GRAPH_SCOPE, MDE_SCOPE, tokenFor } from './support/emulator.js';

/** Routes of our own, so the server's pipeline is tested apart from the seeded API routes. */
const routes: Route[] = [
  {
    method: 'GET',
    pattern: '/api/widgets',
    api: 'mde',
    roles: ['Machine.Read.All', 'Machine.ReadWrite.All'],
    handler: (req) => ({
      status: 200,
      body: { value: [{ id: 'a' }, { id: 'b' }, { id: 'c' }].slice(0, Number(req.query.get('$top') ?? 3)) },
    }),
  },
  {
    method: 'POST',
    pattern: '/api/widgets/:id/isolate',
    api: 'mde',
    roles: ['Machine.Isolate'],
    quota: 'mde:widgetIsolate',
    handler: (req) => ({
      status: 201,
      body: { id: req.params.id, received: req.body, tenant: req.caller.tenantId },
    }),
  },
  {
    method: 'PATCH',
    pattern: '/v1.0/security/widgets/:id',
    api: 'graph',
    roles: ['SecurityIncident.ReadWrite.All'],
    handler: (req) => ({ status: 200, body: { id: req.params.id, received: req.body } }),
  },
  {
    method: 'GET',
    pattern: '/api/broken',
    api: 'mde',
    roles: [],
    handler: () => {
      throw new Error('route bug');
    },
  },
  {
    method: 'GET',
    pattern: '/v1.0/users/widgets/:id',
    api: 'graph',
    roles: ['User.ReadWrite.All'],
    handler: () => ({ status: 200, body: {} }),
  },
];

let emulator: RunningEmulator;
let agent: Agent;
const token: Record<string, string> = {};

beforeAll(async () => {
  emulator = await startEmulator({
    seed: 2,
    tenants: ['contoso'],
    extraRoutes: routes,
    quotas: { 'mde:widgetIsolate': { perMinute: 2 } },
    // Stands in for the KQL engine (another team's): proves startEmulator hands it to both hunting routes.
    huntingEngine: {
      run: async (db, query) => ({
        schema: [{ name: 'Echo', type: 'String' }],
        results: [{ Echo: `${query} over ${db.tables().length > 0 ? 'tables' : 'nothing'}` }],
      }),
    },
  });
  agent = trustingAgent(emulator.ca);
  token.mdeFull = await tokenFor(emulator, agent, 'contoso', 'full', MDE_SCOPE);
  token.mdeRead = await tokenFor(emulator, agent, 'contoso', 'readonly', MDE_SCOPE);
  token.graphFull = await tokenFor(emulator, agent, 'contoso', 'full', GRAPH_SCOPE);
  token.graphRead = await tokenFor(emulator, agent, 'contoso', 'readonly', GRAPH_SCOPE);
});
afterEach(() => {
  emulator.control.faults.clear();
  emulator.control.quotas.reset();
});
afterAll(async () => {
  await emulator?.stop();
  await agent?.close();
});

function send(method: string, path: string, bearer: string, body?: string) {
  return call(agent, `${emulator.urls.mde}${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    body,
  });
}

const isolate = (bearer = token.mdeFull ?? '', body = '{"Comment":"c","IsolationType":"Full"}') =>
  send('POST', '/api/widgets/w%201/isolate', bearer, body);

function mdeError(response: { status: number; json(): unknown }, status: number, code: string): string {
  expect(response.status).toBe(status);
  const body = response.json() as { error: { code: string; message: string; target: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.target).toMatch(/^[0-9a-f-]{36}$/);
  return body.error.message;
}

describe('request pipeline', () => {
  it('matches case-insensitively, decodes params, parses query and JSON body, passes the caller', async () => {
    const response = await send('POST', '/API/Widgets/w%201/ISOLATE', token.mdeFull ?? '', '{"Comment":"x"}');
    expect(response.status).toBe(201);
    expect(response.json()).toEqual({
      id: 'w 1',
      received: { Comment: 'x' },
      tenant: emulator.tenants[0]?.tenantId,
    });
    const top = await send('GET', '/api/widgets?$top=1', token.mdeRead ?? '');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(top.json()).toEqual({ value: [{ id: 'a' }] });
  });

  it('gives the read-only app 403 on an MDE write route, naming the permission', async () => {
    expect(mdeError(await isolate(token.mdeRead), 403, 'Forbidden')).toContain('Machine.Isolate');
  });

  it('gives the read-only app 403 Forbidden on a Graph write route, naming the roles', async () => {
    const response = await send('PATCH', '/v1.0/security/widgets/1', token.graphRead ?? '', '{}');
    expect(response.status).toBe(403);
    const error = (response.json() as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('Forbidden');
    expect(error.message).toContain('SecurityIncident.ReadWrite.All');
    expect((await send('PATCH', '/v1.0/security/widgets/1', token.graphFull ?? '', '{}')).status).toBe(200);
  });

  it('answers directory routes without the role with Authorization_RequestDenied', async () => {
    const response = await send('GET', '/v1.0/users/widgets/1', token.graphFull ?? '');
    expect(response.status).toBe(403);
    expect(response.json()).toMatchObject({ error: { code: 'Authorization_RequestDenied' } });
  });

  it('answers an MDE token without a token or with a Graph token with 401 Unauthorized', async () => {
    mdeError(await send('GET', '/api/widgets', ''), 401, 'Unauthorized');
    mdeError(await send('GET', '/api/widgets', token.graphFull ?? ''), 401, 'Unauthorized');
  });

  it('refuses invalid JSON with each API envelope, before the handler', async () => {
    mdeError(await isolate(token.mdeFull, '{"Comment":'), 400, 'InvalidRequestBody');
    const graph = await send('PATCH', '/v1.0/security/widgets/1', token.graphFull ?? '', '{nope');
    expect(graph.status).toBe(400);
    expect(graph.json()).toMatchObject({
      error: { code: 'BadRequest', innerError: { 'request-id': expect.any(String) } },
    });
  });

  it('refuses bodies over 4 MiB with 413 before any handler', async () => {
    const response = await isolate(token.mdeFull, JSON.stringify({ Comment: 'x'.repeat(5 * 1024 * 1024) }));
    expect(response.status).toBe(413);
  });

  it('turns a route bug into a 500 envelope instead of a hung client', async () => {
    const response = await send('GET', '/api/broken', token.mdeFull ?? '');
    expect(response.status).toBe(500);
    expect(response.json()).toMatchObject({ error: { code: 'InternalServerError' } });
  });

  it('answers a known path with another method with 405', async () => {
    expect((await send('DELETE', '/api/widgets', token.mdeFull ?? '')).status).toBe(405);
  });
});

describe('hunting engine option', () => {
  it('serves the given engine on Graph runHuntingQuery and MDE advancedqueries/run', async () => {
    const graph = await send(
      'POST',
      '/v1.0/security/runHuntingQuery',
      token.graphRead ?? '',
      '{"Query":"DeviceInfo"}',
    );
    expect(graph.json()).toMatchObject({ results: [{ Echo: 'DeviceInfo over tables' }] });
    const mde = await send('POST', '/api/advancedqueries/run', token.mdeRead ?? '', '{"Query":"AlertInfo"}');
    expect(mde.json()).toMatchObject({ Results: [{ Echo: 'AlertInfo over tables' }] });
  });
});

describe('MDE quotas and faults', () => {
  it('throttles an MDE API with 429, whole-second Retry-After and the MDE body; other APIs are separate', async () => {
    expect((await isolate()).status).toBe(201);
    expect((await isolate()).status).toBe(201);
    const throttled = await isolate();
    expect(mdeError(throttled, 429, 'TooManyRequests')).toMatch(/quota/i);
    expect(throttled.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await send('GET', '/api/widgets', token.mdeFull ?? '')).status).toBe(200);
  });

  it('injects 429 with a whole-second Retry-After and 5xx with the MDE envelope', async () => {
    emulator.control.faults.add({ kind: 'status', status: 429, retryAfter: 1.2, times: 1, api: 'mde' });
    const throttled = await send('GET', '/api/widgets', token.mdeFull ?? '');
    mdeError(throttled, 429, 'TooManyRequests');
    expect(throttled.headers.get('retry-after')).toBe('2');
    emulator.control.faults.add({ kind: 'status', status: 503, times: 1, path: '/api/widgets' });
    mdeError(await send('GET', '/api/widgets', token.mdeFull ?? ''), 503, 'ServiceUnavailable');
  });

  it('oversizes a list by repeating its items, still valid JSON', async () => {
    emulator.control.faults.add({ kind: 'oversized', bytes: 50_000, method: 'GET' });
    const response = await send('GET', '/api/widgets', token.mdeFull ?? '');
    expect(response.text.length).toBeGreaterThanOrEqual(50_000);
    const value = (response.json() as { value: { id: string }[] }).value;
    expect(value.slice(0, 4).map((w) => w.id)).toEqual(['a', 'b', 'c', 'a']);
  });

  it('keeps faults off other APIs when scoped to one', async () => {
    emulator.control.faults.add({ kind: 'status', status: 500, api: 'graph' });
    expect((await send('GET', '/api/widgets', token.mdeFull ?? '')).status).toBe(200);
  });

  it('spreads jittered latency between ms and ms + jitterMs', async () => {
    emulator.control.faults.add({ kind: 'latency', ms: 50, jitterMs: 200, path: '/api/widgets' });
    const elapsed: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const started = performance.now();
      await send('GET', '/api/widgets', token.mdeFull ?? '');
      elapsed.push(performance.now() - started);
    }
    for (const ms of elapsed) expect(ms).toBeGreaterThanOrEqual(45);
    expect(Math.max(...elapsed) - Math.min(...elapsed)).toBeGreaterThan(10);
  });
});
