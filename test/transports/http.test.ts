import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError } from '../../src/kernel/errors.js';
import { type RunningHttpServer, startHttpServer } from '../../src/kernel/transports/http.js';
import { initializeBody, rawRequest } from './http-request.js';

const sessionsCreated: (string | undefined)[] = [];

function echoServer(session: { sessionId?: string }): McpServer {
  sessionsCreated.push(session.sessionId);
  const server = new McpServer({ name: 'echo', version: '1.0.0' });
  server.registerTool(
    'echo',
    { description: 'Echo', inputSchema: { text: z.string() } },
    async ({ text }) => ({ content: [{ type: 'text', text }] }),
  );
  return server;
}

const running: RunningHttpServer[] = [];
const clients: Client[] = [];

async function start(overrides: Partial<Parameters<typeof startHttpServer>[0]> = {}) {
  const server = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    allowedHosts: [],
    allowedOrigins: [],
    maxBodyBytes: 4096,
    createServer: echoServer,
    ...overrides,
  });
  running.push(server);
  return server;
}

async function connect(url: URL): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const client = new Client({ name: 'test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(url);
  await client.connect(transport);
  clients.push(client);
  return { client, transport };
}

afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((client) => client.close()));
  await Promise.allSettled(running.splice(0).map((server) => server.close()));
});

describe('HTTP transport with a real SDK client', () => {
  it('serves tools/list and tools/call on /mcp', async () => {
    const server = await start();
    const { client } = await connect(server.url);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['echo']);
    const result = await client.callTool({ name: 'echo', arguments: { text: 'hi' } });
    expect(result.content).toEqual([{ type: 'text', text: 'hi' }]);
  });

  it('gives each client its own server and session, and forgets a terminated session', async () => {
    const server = await start();
    const before = sessionsCreated.length;
    const first = await connect(server.url);
    const second = await connect(server.url);
    // One server per session, told the id its transport hands out.
    expect(sessionsCreated.slice(before)).toEqual([first.transport.sessionId, second.transport.sessionId]);
    expect(first.transport.sessionId).not.toBe(second.transport.sessionId);
    expect(server.sessionCount()).toBe(2);

    const oldId = first.transport.sessionId!;
    await first.transport.terminateSession();
    expect(server.sessionCount()).toBe(1);
    const reuse = await rawRequest(server.url, {
      headers: { host: `127.0.0.1:${server.port}`, 'mcp-session-id': oldId },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    });
    expect(reuse.status).toBe(404);
  });

  it('closes every session and stops listening on close()', async () => {
    const server = await start();
    await connect(server.url);
    await server.close();
    expect(server.sessionCount()).toBe(0);
    await expect(fetch(new URL('/healthz', server.url))).rejects.toThrow();
  });

  it('serves GET /healthz', async () => {
    const server = await start();
    const response = await fetch(new URL('/healthz', server.url));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});

describe('HTTP transport refusals', () => {
  it('refuses a Host that is not the bound address (DNS rebinding) with a 403 JSON-RPC error', async () => {
    const server = await start();
    const response = await rawRequest(server.url, {
      headers: { host: 'evil.example.com' },
      body: initializeBody(),
    });
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body)).toMatchObject({ jsonrpc: '2.0', error: { code: -32000 }, id: null });
    expect(server.sessionCount()).toBe(0);
  });

  it('refuses a loopback Host on another port', async () => {
    const server = await start();
    const response = await rawRequest(server.url, {
      headers: { host: `localhost:${server.port + 1}` },
      body: initializeBody(),
    });
    expect(response.status).toBe(403);
  });

  it('accepts localhost spellings and configured allowedHosts', async () => {
    const server = await start({ allowedHosts: ['mcp.internal'] });
    for (const host of [`localhost:${server.port}`, `[::1]:${server.port}`, `mcp.internal:${server.port}`]) {
      const response = await rawRequest(server.url, { headers: { host }, body: initializeBody() });
      expect(response.status, host).toBe(200);
    }
  });

  it('refuses a foreign Origin, accepts a local or configured one', async () => {
    const server = await start({ allowedOrigins: ['https://console.example.com'] });
    const host = `127.0.0.1:${server.port}`;
    const evil = await rawRequest(server.url, {
      headers: { host, origin: 'http://evil.example.com' },
      body: initializeBody(),
    });
    expect(evil.status).toBe(403);
    expect(JSON.parse(evil.body).error.message).toMatch(/Origin/);
    for (const origin of [`http://localhost:${server.port}`, 'https://console.example.com']) {
      const ok = await rawRequest(server.url, { headers: { host, origin }, body: initializeBody() });
      expect(ok.status, origin).toBe(200);
    }
  });

  it('refuses a body over maxBodyBytes with 413, declared or chunked', async () => {
    const server = await start({ maxBodyBytes: 2048 });
    const host = `127.0.0.1:${server.port}`;
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { pad: 'x'.repeat(4096) } });
    const declared = await rawRequest(server.url, { headers: { host }, body: big });
    expect(declared.status).toBe(413);
    const chunked = await rawRequest(server.url, {
      headers: { host, 'transfer-encoding': 'chunked' },
      body: big,
    });
    expect(chunked.status).toBe(413);
  });

  it('answers 404 for an unknown session and 400 for a non-initialize request without one', async () => {
    const server = await start();
    const host = `127.0.0.1:${server.port}`;
    const list = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    const unknown = await rawRequest(server.url, {
      headers: { host, 'mcp-session-id': 'no-such-session' },
      body: list,
    });
    expect(unknown.status).toBe(404);
    const missing = await rawRequest(server.url, { headers: { host }, body: list });
    expect(missing.status).toBe(400);
    const get = await rawRequest(server.url, { method: 'GET', headers: { host } });
    expect(get.status).toBe(400);
  });

  it('answers 405 for other methods on /mcp and 404 for other paths', async () => {
    const server = await start();
    const host = `127.0.0.1:${server.port}`;
    const put = await rawRequest(server.url, { method: 'PUT', headers: { host }, body: initializeBody() });
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe('GET, POST, DELETE');
    const elsewhere = await rawRequest(new URL('/other', server.url), {
      headers: { host },
      body: initializeBody(),
    });
    expect(elsewhere.status).toBe(404);
    expect(server.sessionCount()).toBe(0);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const server = await start();
    const response = await rawRequest(server.url, {
      headers: { host: `127.0.0.1:${server.port}` },
      body: '{not json',
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error.code).toBe(-32700);
  });

  it.each(['0.0.0.0', '::', '192.168.1.10', 'example.com'])(
    'refuses to listen on non-loopback %s',
    async (host) => {
      await expect(start({ host })).rejects.toThrow(ConfigError);
      await expect(start({ host })).rejects.toThrow(/loopback/);
    },
  );
});

describe('HTTP session limits', () => {
  it('refuses a new session with 503 while maxSessions are open, and accepts one after a DELETE', async () => {
    const server = await start({ maxSessions: 2 });
    const first = await connect(server.url);
    await connect(server.url);
    const host = `127.0.0.1:${server.port}`;
    const refused = await rawRequest(server.url, { headers: { host }, body: initializeBody() });
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('60');
    expect(server.sessionCount()).toBe(2);

    await first.transport.terminateSession();
    const accepted = await rawRequest(server.url, { headers: { host }, body: initializeBody() });
    expect(accepted.status).toBe(200);
  });

  it('closes a session left without requests or streams past sessionIdleMs, keeps one in use', async () => {
    const server = await start({ sessionIdleMs: 300 });
    const host = `127.0.0.1:${server.port}`;
    // A client that initialized and vanished: no DELETE, no open stream.
    const vanished = await rawRequest(server.url, { headers: { host }, body: initializeBody() });
    const vanishedId = vanished.headers['mcp-session-id'] as string;
    // A live SDK client holds its GET stream open, and pings now and then.
    const live = await connect(server.url);
    expect(server.sessionCount()).toBe(2);
    // Plenty of margin on both sides: the sweep runs every 150 ms.
    for (let i = 0; i < 10; i++) {
      await live.client.ping();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(server.sessionCount()).toBe(1);
    await expect(live.client.listTools()).resolves.toMatchObject({ tools: [{ name: 'echo' }] });
    const stale = await rawRequest(server.url, {
      headers: { host, 'mcp-session-id': vanishedId },
      body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'ping' }),
    });
    expect(stale.status).toBe(404);
  });
});
