import { randomUUID } from 'node:crypto';
import { decodeJwt, importPKCS8, SignJWT } from 'jose';
import type { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { call, trustingAgent } from './support/client.js';
import { appOf, GRAPH_SCOPE, tenantOf } from './support/emulator.js';

let emulator: RunningEmulator;
let agent: Agent;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 11, tenants: ['contoso'], tokenLifetimeSeconds: 1200 });
  agent = trustingAgent(emulator.ca);
});
afterAll(async () => {
  await emulator?.stop();
  await agent?.close();
});

function tokenUrl(tenant = tenantOf(emulator, 'contoso').tenantId) {
  return `${emulator.urls.login}/${tenant}/oauth2/v2.0/token`;
}

async function postToken(
  form: Record<string, string>,
  tenant?: string,
  headers: Record<string, string> = {},
) {
  return call(agent, tokenUrl(tenant), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

interface AssertionOverrides {
  alg?: 'PS256' | 'RS256';
  aud?: string;
  iss?: string;
  nbf?: number;
  exp?: number;
}

/** A client assertion made by hand (not MSAL), so every claim can be bent. */
async function assertion(overrides: AssertionOverrides = {}) {
  const app = appOf(emulator, 'contoso', 'full');
  const alg = overrides.alg ?? 'PS256';
  const thumbprint = alg === 'PS256' ? app.certificate.thumbprintSha256 : app.certificate.thumbprintSha1;
  const header = {
    alg,
    typ: 'JWT',
    [alg === 'PS256' ? 'x5t#S256' : 'x5t']: Buffer.from(thumbprint, 'hex').toString('base64url'),
  };
  const now = Math.floor(emulator.control.clock.now() / 1000);
  return new SignJWT({ jti: randomUUID() })
    .setProtectedHeader(header)
    .setAudience(overrides.aud ?? tokenUrl())
    .setIssuer(overrides.iss ?? app.clientId)
    .setSubject(app.clientId)
    .setNotBefore(overrides.nbf ?? now)
    .setExpirationTime(overrides.exp ?? now + 600)
    .sign(await importPKCS8(app.certificate.keyPem, alg));
}

function assertionForm(clientAssertion: string, scope = GRAPH_SCOPE) {
  return {
    grant_type: 'client_credentials',
    client_id: appOf(emulator, 'contoso', 'full').clientId,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: clientAssertion,
    scope,
  };
}

function expectAadsts(
  response: { status: number; json(): unknown },
  status: number,
  error: string,
  code: number,
) {
  expect(response.status).toBe(status);
  const body = response.json() as Record<string, unknown>;
  expect(body).toMatchObject({ error, error_codes: [code] });
  expect(String(body.error_description)).toMatch(new RegExp(`^AADSTS${code}: `));
  expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  expect(body.trace_id).toMatch(/^[0-9a-f-]{36}$/);
  expect(body.correlation_id).toMatch(/^[0-9a-f-]{36}$/);
}

describe('token endpoint', () => {
  it('accepts a hand-made PS256 assertion addressed to the real login host, with the configured lifetime', async () => {
    const tenantId = tenantOf(emulator, 'contoso').tenantId;
    const response = await postToken(
      assertionForm(
        await assertion({ aud: `https://login.microsoftonline.com/${tenantId}/oauth2/v2.0/token` }),
      ),
    );
    expect(response.status).toBe(200);
    const body = response.json() as { token_type: string; expires_in: number; access_token: string };
    expect(body.token_type).toBe('Bearer');
    expect(body.expires_in).toBe(1200);
    const claims = decodeJwt(body.access_token);
    expect(claims.exp).toBe((claims.iat ?? 0) + 1200);
    expect(claims.azp).toBe(appOf(emulator, 'contoso', 'full').clientId);
    expect(claims.appidacr).toBe('2');
  });

  it('accepts an RS256 assertion with a SHA-1 x5t', async () => {
    expect((await postToken(assertionForm(await assertion({ alg: 'RS256' })))).status).toBe(200);
  });

  it('rejects an expired assertion (AADSTS700024)', async () => {
    const now = Math.floor(emulator.control.clock.now() / 1000);
    const response = await postToken(assertionForm(await assertion({ nbf: now - 1200, exp: now - 600 })));
    expectAadsts(response, 401, 'invalid_client', 700024);
  });

  it('rejects an assertion that is not valid yet, beyond the skew (AADSTS700024)', async () => {
    const now = Math.floor(emulator.control.clock.now() / 1000);
    const response = await postToken(assertionForm(await assertion({ nbf: now + 600, exp: now + 1200 })));
    expectAadsts(response, 401, 'invalid_client', 700024);
  });

  it('rejects an assertion addressed to another tenant token endpoint (AADSTS50012)', async () => {
    const response = await postToken(
      assertionForm(await assertion({ aud: 'https://login.microsoftonline.com/other/oauth2/v2.0/token' })),
    );
    expectAadsts(response, 401, 'invalid_client', 50012);
  });

  it('rejects an assertion whose issuer is not the client id (AADSTS700021)', async () => {
    const response = await postToken(assertionForm(await assertion({ iss: randomUUID() })));
    expectAadsts(response, 401, 'invalid_client', 700021);
  });

  it('rejects a client assertion that is not a JWT (AADSTS50027)', async () => {
    expectAadsts(await postToken(assertionForm('not-a-jwt')), 400, 'invalid_request', 50027);
  });

  it('answers an unknown tenant with AADSTS90002 and echoes client-request-id as correlation id', async () => {
    const correlation = randomUUID();
    const response = await postToken(assertionForm(await assertion()), 'nosuch.onmicrosoft.com', {
      'client-request-id': correlation,
    });
    expectAadsts(response, 400, 'invalid_tenant', 90002);
    expect((response.json() as { correlation_id: string }).correlation_id).toBe(correlation);
  });

  it('requires grant_type, client_id and scope, and only the client credentials grant', async () => {
    const { client_id, scope } = assertionForm('x');
    expectAadsts(await postToken({ client_id, scope }), 400, 'invalid_request', 900144);
    expectAadsts(
      await postToken({ grant_type: 'password', client_id, scope }),
      400,
      'unsupported_grant_type',
      70003,
    );
    expectAadsts(
      await postToken({ grant_type: 'client_credentials', client_id, scope }),
      401,
      'invalid_client',
      7000216,
    );
  });

  it('refuses two resources in one scope (AADSTS70011)', async () => {
    const response = await postToken(
      assertionForm(await assertion(), `${GRAPH_SCOPE} https://api.securitycenter.microsoft.com/.default`),
    );
    expectAadsts(response, 400, 'invalid_scope', 70011);
  });

  it('counts tokens per app', async () => {
    const app = appOf(emulator, 'contoso', 'full');
    const before = emulator.control.counters.tokens({ tenant: 'contoso', clientId: app.clientId });
    await postToken(assertionForm(await assertion()));
    await postToken(assertionForm('not-a-jwt'));
    expect(emulator.control.counters.tokens({ tenant: 'contoso', clientId: app.clientId })).toBe(before + 1);
  });
});

describe('OIDC discovery', () => {
  it('builds openid-configuration URLs from the host the client used', async () => {
    const tenantId = tenantOf(emulator, 'contoso').tenantId;
    const localhost = emulator.urls.login.replace('127.0.0.1', 'localhost');
    const response = await call(agent, `${localhost}/${tenantId}/v2.0/.well-known/openid-configuration`);
    expect(response.json()).toMatchObject({
      token_endpoint: `${localhost}/${tenantId}/oauth2/v2.0/token`,
      issuer: `${localhost}/${tenantId}/v2.0`,
    });
  });

  it('serves instance discovery and the signing keys', async () => {
    const discovery = await call(agent, `${emulator.urls.login}/common/discovery/instance?api-version=1.1`);
    expect(discovery.json()).toMatchObject({
      'api-version': '1.1',
      metadata: [{ aliases: [new URL(emulator.urls.login).host] }],
    });
    const keys = await call(
      agent,
      `${emulator.urls.login}/${tenantOf(emulator, 'contoso').tenantId}/discovery/v2.0/keys`,
    );
    expect((keys.json() as { keys: { kty: string }[] }).keys[0]?.kty).toBe('RSA');
  });
});
