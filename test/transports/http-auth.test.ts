import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/kernel/auth/api-keys.js';
import { type RunningHttpServer, startHttpServer } from '../../src/kernel/transports/http.js';
import { confirmAndCall, fixtureKernel } from '../helpers/kernel-client.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { initializeBody, rawRequest } from './http-request.js';
import { keyAuth, type NotesTeam, reader, responder, startNotesTeam } from './notes-team.js';

const tempDir = useTempDir();
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function team(auth: Record<string, unknown> = {}): Promise<NotesTeam> {
  const started = await startNotesTeam(tempDir(), keyAuth(auth));
  cleanups.push(() => started.close());
  return started;
}

async function client(url: URL, headers: Record<string, string>) {
  const transport = new StreamableHTTPClientTransport(url, { requestInit: { headers } });
  const c = new Client({ name: 'team-test', version: '1.0.0' });
  await c.connect(transport);
  cleanups.push(() => c.close());
  return { client: c, transport };
}

const host = (server: RunningHttpServer) => `127.0.0.1:${server.port}`;

/** One raw JSON-RPC request with `key`, naming a session id (perhaps someone else's). */
function inSession(server: RunningHttpServer, key: string, sessionId: string | undefined, message: object) {
  return rawRequest(server.url, {
    headers: {
      host: host(server),
      'x-api-key': key,
      'mcp-session-id': sessionId as string,
      'mcp-protocol-version': '2025-06-18',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 9, ...message }),
  });
}

describe('HTTP with API keys', () => {
  it('401 without credentials names the protected resource metadata, which names the resource', async () => {
    const { server } = await team();
    const response = await rawRequest(server.url, {
      headers: { host: host(server) },
      body: initializeBody(),
    });
    expect(response.status).toBe(401);
    const challenge = String(response.headers['www-authenticate']);
    const metadataUrl = /resource_metadata="([^"]+)"/.exec(challenge)?.[1];
    expect(metadataUrl).toBe(`http://127.0.0.1:${server.port}/.well-known/oauth-protected-resource/mcp`);
    const metadata = await (await fetch(metadataUrl as string)).json();
    expect(metadata).toMatchObject({ resource: server.url.href, bearer_methods_supported: ['header'] });
  });

  it('an unknown key, a malformed header and a key in the wrong place are 401 invalid_token', async () => {
    const { server } = await team();
    const attempts: Record<string, string>[] = [
      { authorization: `Bearer ${createApiKey().key}` },
      { 'x-api-key': createApiKey().key },
      { authorization: `Basic ${reader.key}` },
    ];
    for (const headers of attempts) {
      const response = await rawRequest(server.url, {
        headers: { host: host(server), ...headers },
        body: initializeBody(),
      });
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
    }
  });

  it('tools/list differs per role; a reader calling a write tool gets 403 insufficient_scope and nothing is done', async () => {
    const { server } = await team();
    const rita = await client(server.url, { 'X-API-Key': reader.key });
    const rob = await client(server.url, { Authorization: `Bearer ${responder.key}` });
    expect((await rita.client.listTools()).tools.map((t) => t.name)).toEqual(['list_notes']);
    expect((await rob.client.listTools()).tools.map((t) => t.name).sort()).toEqual([
      'add_note',
      'list_notes',
    ]);

    await expect(rita.client.callTool({ name: 'add_note', arguments: { text: 'by rita' } })).rejects.toThrow(
      /role does not allow this tool/,
    );
    const raw = await inSession(server, reader.key, rita.transport.sessionId, {
      method: 'tools/call',
      params: { name: 'add_note', arguments: { text: 'by rita' } },
    });
    expect(raw.status).toBe(403);
    expect(raw.headers['www-authenticate']).toContain('error="insufficient_scope"');

    const added = await confirmAndCall(rob.client, 'add_note', { text: 'by rob' });
    expect(added.isError).toBeFalsy();
    const notes = JSON.stringify(
      (await rob.client.callTool({ name: 'list_notes', arguments: {} })).structuredContent,
    );
    expect(notes).toContain('by rob');
    expect(notes).not.toContain('by rita');
  });

  it('another principal presenting a session id gets 404, as for a session that does not exist', async () => {
    const { server } = await team();
    const rob = await client(server.url, { 'X-API-Key': responder.key });
    const stolen = await inSession(server, reader.key, rob.transport.sessionId, { method: 'tools/list' });
    expect(stolen.status).toBe(404);
    expect((await rob.client.listTools()).tools.length).toBe(2);
  });

  it('repeated failures from one address get 429; failures are audited without the secret', async () => {
    const { server, audit } = await team();
    const wrong = createApiKey().key;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const r = await rawRequest(server.url, {
        headers: { host: host(server), 'x-api-key': wrong },
        body: initializeBody(),
      });
      statuses.push(r.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    // Even the right key waits out the window: the address is refused, not the key.
    const right = await rawRequest(server.url, {
      headers: { host: host(server), 'x-api-key': reader.key },
      body: initializeBody(),
    });
    expect(right.status).toBe(429);
    expect(right.headers['retry-after']).toMatch(/^\d+$/);
    const text = readFileSync(audit, 'utf8');
    expect(text).not.toContain(wrong);
    expect(text).not.toContain(reader.key);
    const records = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(records.filter((r) => r.kind === 'auth_failure').map((r) => r.reason)).toEqual([
      'invalid',
      'invalid',
      'invalid',
      'rate_limited',
      'rate_limited',
      'rate_limited',
    ]);
    expect(records[0]).toMatchObject({ address: '127.0.0.1', method: 'api_key' });
  });

  it('X-Forwarded-For counts only from a trusted proxy', async () => {
    const untrusted = await team();
    const spoof = async (server: RunningHttpServer, from: string) =>
      (
        await rawRequest(server.url, {
          headers: { host: host(server), 'x-api-key': 'mxk_wrong', 'x-forwarded-for': from },
          body: initializeBody(),
        })
      ).status;
    // Not a trusted proxy: the header is ignored, every failure counts against 127.0.0.1.
    expect([
      await spoof(untrusted.server, '203.0.113.1'),
      await spoof(untrusted.server, '203.0.113.2'),
      await spoof(untrusted.server, '203.0.113.3'),
      await spoof(untrusted.server, '203.0.113.4'),
    ]).toEqual([401, 401, 401, 429]);
    const proxied = await team({ trustedProxies: ['127.0.0.0/8'] });
    const statuses = [];
    for (let i = 1; i <= 4; i += 1) statuses.push(await spoof(proxied.server, `203.0.113.${i}`));
    expect(statuses).toEqual([401, 401, 401, 401]);
  });

  it('the client address allow-list refuses other addresses with 403', async () => {
    const { server } = await team({ allowedClients: ['10.0.0.0/8'] });
    const response = await rawRequest(server.url, {
      headers: { host: host(server), 'x-api-key': reader.key },
      body: initializeBody(),
    });
    expect(response.status).toBe(403);
  });

  it('binds a non-loopback address only with authentication on', async () => {
    const kernel = await fixtureKernel({ plugins: { './plugins/notes': true } });
    cleanups.push(() => kernel.close());
    await expect(
      startHttpServer({
        ...kernel.config.server.http,
        host: '0.0.0.0',
        port: 0,
        createServer: () => kernel.createServer(),
      }),
    ).rejects.toThrow(/without inbound authentication/);
  });
});
