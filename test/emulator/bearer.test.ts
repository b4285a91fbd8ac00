import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FULL_ROLES, READONLY_ROLES } from '../../src/emulator/apps.js';
import { createClock } from '../../src/emulator/clock.js';
import { createWorld } from '../../src/emulator/data/world.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { createRoutes } from '../../src/emulator/routes/index.js';
import { call, trustingAgent } from './support/client.js';
import { GRAPH_SCOPE, MDE_SCOPE, tenantOf, tokenFor } from './support/emulator.js';

let emulator: RunningEmulator;
let agent: Agent;
let userUrl: string;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 3, tenants: ['contoso'] });
  agent = trustingAgent(emulator.ca);
  const upn = emulator.world.tenants[0]?.users[0]?.userPrincipalName;
  userUrl = `${emulator.urls.graph}/v1.0/users/${upn}`;
});
afterAll(async () => {
  await emulator?.stop();
  await agent?.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function expectGraphError(response: { status: number; json(): unknown }, status: number, code: string) {
  expect(response.status).toBe(status);
  const body = response.json() as {
    error: { code: string; message: string; innerError: Record<string, string> };
  };
  expect(body.error.code).toBe(code);
  expect(body.error.innerError['request-id']).toMatch(/^[0-9a-f-]{36}$/);
  expect(body.error.innerError.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  return body.error.message;
}

describe('bearer checks', () => {
  it('serves a Graph route to a Graph token', async () => {
    const token = await tokenFor(emulator, agent, 'contoso', 'readonly', GRAPH_SCOPE);
    expect((await call(agent, userUrl, { headers: bearer(token) })).status).toBe(200);
  });

  it('answers a missing token with 401 InvalidAuthenticationToken and WWW-Authenticate', async () => {
    const response = await call(agent, userUrl);
    expect(expectGraphError(response, 401, 'InvalidAuthenticationToken')).toBe('Access token is empty.');
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
  });

  it('answers a token for the other API with 401 invalid audience', async () => {
    const token = await tokenFor(emulator, agent, 'contoso', 'full', MDE_SCOPE);
    const message = expectGraphError(
      await call(agent, userUrl, { headers: bearer(token) }),
      401,
      'InvalidAuthenticationToken',
    );
    expect(message).toMatch(/Invalid audience/);
  });

  it('answers a token not signed by the emulator with 401', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const tid = tenantOf(emulator, 'contoso').tenantId;
    const forged = await new SignJWT({ tid, appid: 'x', roles: ['User.Read.All'] })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(`https://sts.windows.net/${tid}/`)
      .setAudience('https://graph.microsoft.com')
      .setExpirationTime('1h')
      .sign(privateKey);
    expectGraphError(
      await call(agent, userUrl, { headers: bearer(forged) }),
      401,
      'InvalidAuthenticationToken',
    );
    expectGraphError(
      await call(agent, userUrl, { headers: bearer('garbage') }),
      401,
      'InvalidAuthenticationToken',
    );
  });

  it('answers an expired token with 401 once the emulator clock passes its lifetime', async () => {
    const token = await tokenFor(emulator, agent, 'contoso', 'full', GRAPH_SCOPE);
    emulator.control.clock.advance(3_700_000);
    try {
      const message = expectGraphError(
        await call(agent, userUrl, { headers: bearer(token) }),
        401,
        'InvalidAuthenticationToken',
      );
      expect(message).toMatch(/expired/);
    } finally {
      emulator.control.clock.advance(-3_700_000);
    }
  });

  it('answers unknown Graph segments with 400 BadRequest and unknown MDE paths with 404', async () => {
    const token = await tokenFor(emulator, agent, 'contoso', 'full', GRAPH_SCOPE);
    const graph = await call(agent, `${emulator.urls.graph}/v1.0/nosuchthing`, { headers: bearer(token) });
    expect(expectGraphError(graph, 400, 'BadRequest')).toBe(
      "Resource not found for the segment 'nosuchthing'.",
    );
    const mde = await call(agent, `${emulator.urls.mde}/api/nosuchthing`);
    expect(mde.status).toBe(404);
    expect(mde.json()).toMatchObject({ error: { code: 'NotFound', target: expect.any(String) } });
  });
});

describe('the seeded API routes behind the bearer checks', () => {
  const mde = async (app: 'full' | 'readonly', method: string, path: string, body?: unknown) =>
    call(agent, `${emulator.urls.mde}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await tokenFor(emulator, agent, 'contoso', app, MDE_SCOPE)}`,
        'content-type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('refuses isolate to the read-only app with 403 naming Machine.Isolate, and lets the full app isolate', async () => {
    const machine = emulator.world.tenants[0]?.machines.at(-1)?.id;
    const body = { Comment: 'bearer test', IsolationType: 'Selective' };
    const denied = await mde('readonly', 'POST', `/api/machines/${machine}/isolate`, body);
    expect(denied.status).toBe(403);
    const error = (denied.json() as { error: { code: string; message: string; target: string } }).error;
    expect(error.code).toBe('Forbidden');
    expect(error.message).toContain('Machine.Isolate');
    expect(error.target).toMatch(/^[0-9a-f-]{36}$/);
    const created = await mde('full', 'POST', `/api/machines/${machine}/isolate`, body);
    expect(created.status).toBe(201);
    expect(created.json()).toMatchObject({ type: 'Isolate', status: 'Pending' });
  });

  it('holds GetPackageUri to 2 calls a minute with a whole-second Retry-After', async () => {
    const path = '/api/machineactions/00000000-0000-4000-8000-000000000000/GetPackageUri';
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push(await mde('full', 'GET', path));
    expect(statuses.map((r) => r.status)).toEqual([404, 404, 429]);
    expect(statuses[2]?.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});

describe('role agreement between the app registrations and the routes', () => {
  const world = createWorld({ seed: 1, clock: createClock() });
  const routes = createRoutes(world);

  it('the full app holds a role of every route', () => {
    const unreachable = routes.filter(
      (r) => r.roles.length > 0 && !r.roles.some((role) => FULL_ROLES[r.api].includes(role)),
    );
    expect(unreachable.map((r) => `${r.method} ${r.pattern} needs ${r.roles.join('|')}`)).toEqual([]);
  });

  it('the read-only app holds a role of every GET route and of no write route', () => {
    const readRoles = (api: 'graph' | 'mde') => READONLY_ROLES[api];
    for (const route of routes) {
      const reachable =
        route.roles.length === 0 || route.roles.some((role) => readRoles(route.api).includes(role));
      // Listing indicators needs Ti.ReadWrite(.All): Microsoft documents no read-only indicator role.
      const readNeedsWrite = route.pattern === '/api/indicators';
      const isRead =
        (route.method === 'GET' && !readNeedsWrite) || /runHuntingQuery|advancedqueries/i.test(route.pattern);
      expect({ route: `${route.method} ${route.pattern}`, reachable }).toEqual({
        route: `${route.method} ${route.pattern}`,
        reachable: isRead,
      });
    }
  });
});
