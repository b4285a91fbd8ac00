import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/start.js';
import { fetchTrustingEmulator } from '../transports/entra-fixture.js';

let emulator: RunningEmulator;
let fetchEmu: typeof fetch;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 5 });
  fetchEmu = fetchTrustingEmulator(emulator);
}, 30_000);
afterAll(() => emulator?.stop());

const home = () => emulator.entra.tenant.tenantId;
const other = () => emulator.tenants[1]?.tenantId as string;
const scope = () => `api://${emulator.entra.server.clientId}/access_as_user`;

function authorizeUrl(tenant: string, params: Record<string, string>): URL {
  const url = new URL(`${emulator.urls.login}/${tenant}/oauth2/v2.0/authorize`);
  const base = {
    client_id: emulator.entra.publicClient.clientId,
    response_type: 'code',
    redirect_uri: 'http://localhost:7777/cb',
    scope: scope(),
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
    state: 's1',
  };
  for (const [name, value] of Object.entries({ ...base, ...params })) {
    if (value !== '') url.searchParams.set(name, value);
  }
  return url;
}

async function authorize(tenant: string, params: Record<string, string> = {}) {
  const response = await fetchEmu(authorizeUrl(tenant, params), { redirect: 'manual' });
  const location = response.headers.get('location');
  return { status: response.status, location: location ? new URL(location) : undefined, response };
}

describe('the emulator as Entra for our own API', () => {
  it('answers errors it cannot trust the redirect URI for itself, others back at the client', async () => {
    const foreign = await authorize(other());
    expect(foreign.status).toBe(400);
    expect(await foreign.response.json()).toMatchObject({ error: 'unauthorized_client' });
    const stranger = await authorize(home(), { client_id: '11111111-1111-4111-8111-111111111111' });
    expect(stranger.status).toBe(400);
    const remote = await authorize(home(), { redirect_uri: 'https://evil.example/cb' });
    expect(remote.status).toBe(400);
    expect(await remote.response.json()).toMatchObject({ error_codes: [50011] });

    const noPkce = await authorize(home(), { code_challenge: '' });
    expect(noPkce.status).toBe(302);
    expect(noPkce.location?.searchParams.get('error')).toBe('invalid_request');
    expect(noPkce.location?.searchParams.get('state')).toBe('s1');
    const graphScope = await authorize(home(), { scope: 'https://graph.microsoft.com/.default' });
    expect(graphScope.location?.searchParams.get('error')).toBe('invalid_scope');
    const nobody = await authorize(home(), { login_hint: 'mallory' });
    expect(nobody.location?.searchParams.get('error')).toBe('access_denied');
    const ok = await authorize(home(), { login_hint: `approver@${emulator.entra.tenant.domain}` });
    expect(ok.location?.searchParams.get('code')).toBeTruthy();
    expect(ok.location?.origin).toBe('http://localhost:7777');
  });

  it('client credentials for our API need the right secret', async () => {
    const app = emulator.entra.apps[0];
    const token = (secret: string) =>
      fetchEmu(`${emulator.urls.login}/${home()}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: app?.clientId as string,
          client_secret: secret,
          scope: `api://${emulator.entra.server.clientId}/.default`,
        }),
      });
    expect((await token('not-the-secret')).status).toBe(401);
    expect((await token(app?.secret as string)).status).toBe(200);
  });

  it('rotation keeps the previous key published and drops older ones; control routes over HTTPS', async () => {
    const control = (method: string, path: string, body?: unknown) =>
      fetchEmu(`${emulator.control.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${emulator.control.key}`, 'content-type': 'application/json' },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    const keys = async () =>
      (
        (await (await fetchEmu(`${emulator.urls.login}/${home()}/discovery/v2.0/keys`)).json()) as {
          keys: { kid: string }[];
        }
      ).keys.map((k) => k.kid);
    const before = await keys();
    const first = ((await (await control('POST', '/entra/rotate')).json()) as { kid: string }).kid;
    const second = ((await (await control('POST', '/entra/rotate')).json()) as { kid: string }).kid;
    const after = await keys();
    expect(after).toContain(first);
    expect(after).toContain(second);
    expect(after.length).toBe(before.length + 1);

    const minted = await control('POST', '/entra/tokens', { user: 'oncall', wrong: 'expired' });
    expect(minted.status).toBe(200);
    expect(((await minted.json()) as { access_token: string }).access_token.split('.')).toHaveLength(3);
    expect((await control('POST', '/entra/tokens', { wrong: 'almost-right' })).status).toBe(400);
    expect((await control('POST', '/entra/tokens', { user: 'mallory' })).status).toBe(400);
    expect((await control('POST', '/entra/identifierUris', { uri: 'not a url' })).status).toBe(400);
    expect(await (await control('GET', '/calls')).json()).toEqual({ calls: [] });
  });
});
