import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WRONG_TOKEN_KINDS } from '../../src/emulator/own-api/tokens.js';
import { confirmAndCall } from '../helpers/kernel-client.js';
import { type EntraTeam, entraSection, startEntraTeam, TEAM_ROLES } from './entra-fixture.js';
import { initializeBody, rawRequest } from './http-request.js';
import { startNotesTeam } from './notes-team.js';

let dir: string;
let team: EntraTeam;
const clients: Client[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mcp-xdr-entra-'));
  team = await startEntraTeam(dir);
}, 30_000);
afterAll(async () => {
  for (const c of clients) await c.close().catch(() => undefined);
  await team?.close();
  rmSync(dir, { recursive: true, force: true });
});

const host = () => `127.0.0.1:${team.server.port}`;
const token = (request: Parameters<EntraTeam['emulator']['control']['entra']['token']>[0]) =>
  team.emulator.control.entra.token(request);

async function connectWith(accessToken: string) {
  const transport = new StreamableHTTPClientTransport(team.server.url, {
    requestInit: { headers: { Authorization: `Bearer ${accessToken}` } },
  });
  const client = new Client({ name: 'entra-test', version: '1.0.0' });
  await client.connect(transport);
  clients.push(client);
  return { client, transport };
}

function initialize(headers: Record<string, string>) {
  return rawRequest(team.server.url, { headers: { host: host(), ...headers }, body: initializeBody() });
}

function auditRecords(): Record<string, unknown>[] {
  return readFileSync(team.audit, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

describe('HTTP with Entra ID tokens', () => {
  it('401 without credentials; the metadata names the tenant as authorization server and the scope', async () => {
    const response = await initialize({});
    expect(response.status).toBe(401);
    const metadataUrl = /resource_metadata="([^"]+)"/.exec(String(response.headers['www-authenticate']))?.[1];
    const metadata = await (await fetch(metadataUrl as string)).json();
    const { entra, urls } = team.emulator;
    expect(metadata).toMatchObject({
      resource: team.server.url.href,
      authorization_servers: [`${urls.login}/${entra.tenant.tenantId}/v2.0`],
      scopes_supported: [`api://${entra.server.clientId}/access_as_user`],
    });
  });

  it('refuses every wrong token with 401 invalid_token, and audits why without the token', async () => {
    const details: Record<string, string> = {};
    const presented: string[] = [];
    for (const wrong of WRONG_TOKEN_KINDS) {
      const accessToken = await token({ user: 'responder', wrong });
      presented.push(accessToken);
      const response = await initialize({ authorization: `Bearer ${accessToken}` });
      expect(response.status, wrong).toBe(401);
      expect(response.headers['www-authenticate'], wrong).toContain('error="invalid_token"');
      const failure = auditRecords()
        .filter((r) => r.kind === 'auth_failure')
        .at(-1);
      expect(failure).toMatchObject({ method: 'entra', reason: 'invalid' });
      details[wrong] = String(failure?.detail);
    }
    expect(details).toEqual({
      audience: expect.stringMatching(/claim aud rejected/),
      expired: 'token expired',
      notYetValid: expect.stringMatching(/claim nbf rejected/),
      tenant: expect.stringMatching(/^tenant .* is not allowed$/),
      issuer: expect.stringMatching(/claim iss rejected/),
      signature: 'bad signature',
      algNone: 'algorithm none is not accepted',
    });
    // A symmetric algorithm would let anyone holding the public key forge tokens: refused by header alone.
    const { entra } = team.emulator;
    const hs256 = await new SignJWT({ tid: entra.tenant.tenantId, roles: ['Mcp.Responder'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience(entra.server.clientId)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('a shared secret nobody should use'));
    presented.push(hs256);
    expect((await initialize({ authorization: `Bearer ${hs256}` })).status).toBe(401);
    expect(auditRecords().at(-1)).toMatchObject({ detail: 'algorithm HS256 is not accepted' });
    const text = readFileSync(team.audit, 'utf8');
    for (const accessToken of presented) expect(text).not.toContain(accessToken);
  });

  it('maps app roles and groups to roles: tools/list differs, a reader write is 403 and does nothing', async () => {
    const reader = await connectWith(await token({ user: 'reader' }));
    const oncall = await connectWith(await token({ user: 'oncall' }));
    expect((await reader.client.listTools()).tools.map((t) => t.name)).toEqual(['list_notes']);
    expect((await oncall.client.listTools()).tools.map((t) => t.name).sort()).toEqual([
      'add_note',
      'list_notes',
    ]);

    await expect(
      reader.client.callTool({ name: 'add_note', arguments: { text: 'by the reader' } }),
    ).rejects.toThrow(/role does not allow this tool/);
    const added = await confirmAndCall(oncall.client, 'add_note', { text: 'by oncall' });
    expect(added.isError, JSON.stringify(added.content)).toBeFalsy();
    const notes = JSON.stringify(
      (await oncall.client.callTool({ name: 'list_notes', arguments: {} })).structuredContent,
    );
    expect(notes).toContain('by oncall');
    expect(notes).not.toContain('by the reader');

    const calls = auditRecords().filter(
      (r) => r.kind !== 'auth_failure' && JSON.stringify(r).includes('add_note'),
    );
    const principals = calls.map((r) => r.principal as { id: string; role: string; auth: string });
    expect(principals.length).toBeGreaterThan(0);
    const oncallId = team.emulator.entra.users.find((u) => u.name === 'oncall')?.objectId;
    for (const p of principals) expect(p).toMatchObject({ id: oncallId, role: 'responder', auth: 'entra' });
  });

  it('a valid token that maps to no role gets 403 insufficient_scope', async () => {
    const response = await initialize({ authorization: `Bearer ${await token({ user: 'guest' })}` });
    expect(response.status).toBe(403);
    expect(response.headers['www-authenticate']).toContain('error="insufficient_scope"');
  });

  it('client-credential apps are principals too, named by their object id', async () => {
    const automation = team.emulator.entra.apps.find((a) => a.name === 'automation');
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: automation?.clientId as string,
      client_secret: automation?.secret as string,
      scope: `api://${team.emulator.entra.server.clientId}/.default`,
    });
    const { fetchTrustingEmulator } = await import('./entra-fixture.js');
    const response = await fetchTrustingEmulator(team.emulator)(
      `${team.emulator.urls.login}/${team.emulator.entra.tenant.tenantId}/oauth2/v2.0/token`,
      { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    );
    expect(response.status).toBe(200);
    const { access_token } = (await response.json()) as { access_token: string };
    const app = await connectWith(access_token);
    expect((await app.client.listTools()).tools.map((t) => t.name).sort()).toEqual([
      'add_note',
      'list_notes',
    ]);
  });

  it('another principal presenting a session id gets 404', async () => {
    const owner = await connectWith(await token({ user: 'responder' }));
    const thief = await rawRequest(team.server.url, {
      headers: {
        host: host(),
        authorization: `Bearer ${await token({ user: 'approver' })}`,
        'mcp-session-id': owner.transport.sessionId as string,
        'mcp-protocol-version': '2025-06-18',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'tools/list' }),
    });
    expect(thief.status).toBe(404);
    expect((await owner.client.listTools()).tools.length).toBe(2);
  });

  it('after key rotation, a token under the new kid is accepted once the JWKS cooldown allows a refetch', async () => {
    const cooldown = () => new Promise((resolve) => setTimeout(resolve, 1100));
    await cooldown();
    await team.emulator.control.entra.rotateKeys();
    // The first unknown kid refetches the keys (the last fetch is older than the cooldown)...
    const first = await initialize({ authorization: `Bearer ${await token({ user: 'reader' })}` });
    expect(first.status).toBe(200);
    // ...a second one right after is refused without another fetch, until the cooldown has passed.
    await team.emulator.control.entra.rotateKeys();
    const rotated = await token({ user: 'reader' });
    const soon = await initialize({ authorization: `Bearer ${rotated}` });
    expect(soon.status).toBe(401);
    await cooldown();
    const later = await initialize({ authorization: `Bearer ${rotated}` });
    expect(later.status).toBe(200);
  });
});

describe('Entra ID tokens when the issuer cannot be reached', () => {
  it('answers 503 (not 401, not counted as a failed attempt) and audits why', async () => {
    const offline = mkdtempSync(join(tmpdir(), 'mcp-xdr-entra-offline-'));
    const closed = await startNotesTeam(offline, {
      roles: TEAM_ROLES,
      // Nothing listens on port 9 (discard) on loopback here: the metadata fetch fails at once.
      entra: {
        ...entraSection(team.emulator, join(dir, 'emulator-ca.pem')),
        authority: 'https://127.0.0.1:9',
      },
      failedAuth: { max: 1, windowSeconds: 60 },
    });
    try {
      const accessToken = await team.emulator.control.entra.token({ user: 'reader' });
      for (let i = 0; i < 3; i += 1) {
        const response = await rawRequest(closed.server.url, {
          headers: { host: `127.0.0.1:${closed.server.port}`, authorization: `Bearer ${accessToken}` },
          body: initializeBody(),
        });
        expect(response.status).toBe(503);
      }
      const failure = readFileSync(closed.audit, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
        .at(-1);
      expect(failure).toMatchObject({ kind: 'auth_failure', method: 'entra', reason: 'unavailable' });
    } finally {
      await closed.close();
      rmSync(offline, { recursive: true, force: true });
    }
  });
});
