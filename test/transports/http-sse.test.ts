import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { afterEach, describe, expect, it } from 'vitest';
import { confirmAndCall } from '../helpers/kernel-client.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { rawRequest } from './http-request.js';
import { keyAuth, type NotesTeam, reader, responder, startNotesTeam } from './notes-team.js';

const tempDir = useTempDir();
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function team(): Promise<NotesTeam> {
  const started = await startNotesTeam(tempDir(), keyAuth());
  cleanups.push(() => started.close());
  return started;
}

const sseUrl = (t: NotesTeam) => new URL('/sse', t.server.url);

/** What VS Code's `"type": "sse"` config does: GET /sse and POST /messages with an X-API-Key header. */
async function sseClient(t: NotesTeam, key: string) {
  const posted: string[] = [];
  const transport = new SSEClientTransport(sseUrl(t), {
    requestInit: { headers: { 'X-API-Key': key } },
    // Notes where messages go: the endpoint the server announced names the session.
    fetch: (url, init) => {
      if (init?.method === 'POST') posted.push(String(url));
      return fetch(url, init);
    },
  });
  const client = new Client({ name: 'sse-test', version: '1.0.0' });
  await client.connect(transport);
  cleanups.push(() => client.close());
  const sessionId = () => new URL(posted[0] as string).searchParams.get('sessionId');
  return { client, transport, sessionId };
}

describe('the older HTTP+SSE transport at /sse and /messages', () => {
  it('serves the same tools per role as /mcp; a reader write gets 403 and does nothing', async () => {
    const t = await team();
    const rita = await sseClient(t, reader.key);
    const rob = await sseClient(t, responder.key);
    expect((await rita.client.listTools()).tools.map((tool) => tool.name)).toEqual(['list_notes']);
    expect((await rob.client.listTools()).tools.map((tool) => tool.name).sort()).toEqual([
      'add_note',
      'list_notes',
    ]);
    await expect(rita.client.callTool({ name: 'add_note', arguments: { text: 'by rita' } })).rejects.toThrow(
      /403/,
    );
    const added = await confirmAndCall(rob.client, 'add_note', { text: 'by rob over sse' });
    expect(added.isError, JSON.stringify(added.content)).toBeFalsy();
    const notes = JSON.stringify(
      (await rob.client.callTool({ name: 'list_notes', arguments: {} })).structuredContent,
    );
    expect(notes).toContain('by rob over sse');
    expect(notes).not.toContain('by rita');
    expect(t.server.sessionCount()).toBe(2);
  });

  it('401 with the metadata header without a key, on the stream and on the message endpoint', async () => {
    const t = await team();
    const host = `127.0.0.1:${t.server.port}`;
    for (const [method, path] of [
      ['GET', '/sse'],
      ['POST', '/messages?sessionId=x'],
    ] as const) {
      const response = await rawRequest(new URL(path, t.server.url), {
        method,
        headers: { host },
        body: method === 'POST' ? '{}' : undefined,
      });
      expect(response.status, path).toBe(401);
      expect(response.headers['www-authenticate'], path).toContain('resource_metadata=');
    }
  });

  it('refuses a foreign Host (DNS rebinding) before looking at the key', async () => {
    const t = await team();
    const response = await rawRequest(sseUrl(t), {
      method: 'GET',
      headers: { host: `evil.example:${t.server.port}`, 'x-api-key': reader.key },
    });
    expect(response.status).toBe(403);
  });

  it("another principal posting to a session's message endpoint gets 404; the owner goes on", async () => {
    const t = await team();
    const rob = await sseClient(t, responder.key);
    const sessionId = rob.sessionId() as string;
    expect(sessionId).toBeTruthy();
    const stolen = await rawRequest(new URL(`/messages?sessionId=${sessionId}`, t.server.url), {
      headers: { host: `127.0.0.1:${t.server.port}`, 'x-api-key': reader.key },
      body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/list' }),
    });
    expect(stolen.status).toBe(404);
    expect((await rob.client.listTools()).tools).toHaveLength(2);
  });

  it('a closed stream ends its session', async () => {
    const t = await team();
    const rob = await sseClient(t, responder.key);
    expect(t.server.sessionCount()).toBe(1);
    await rob.client.close();
    for (let i = 0; i < 50 && t.server.sessionCount() > 0; i += 1)
      await new Promise((r) => setTimeout(r, 20));
    expect(t.server.sessionCount()).toBe(0);
  });
});
