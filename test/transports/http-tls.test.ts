import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createTlsMaterial } from '../../src/emulator/tls.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { keyAuth, type NotesTeam, reader, startNotesTeam } from './notes-team.js';

const tempDir = useTempDir();
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

describe('direct TLS from certificate files (server.http.tls)', () => {
  it('serves https with the configured certificate; clients that trust its CA connect with a key', async () => {
    const dir = tempDir();
    const pki = await createTlsMaterial();
    const certFile = join(dir, 'server.crt');
    const keyFile = join(dir, 'server.key');
    writeFileSync(certFile, pki.serverCertPem);
    writeFileSync(keyFile, pki.serverKeyPem, { mode: 0o600 });
    const team: NotesTeam = await startNotesTeam(dir, keyAuth(), { tls: { certFile, keyFile } });
    cleanups.push(() => team.close());
    expect(team.server.url.protocol).toBe('https:');

    const trusting = new Agent({ connect: { ca: pki.caCertPem } });
    const fetchTrusting = (async (url: string | URL, init?: RequestInit) => {
      const response = await undiciFetch(url, { ...(init as object), dispatcher: trusting } as never);
      return new Response(response.body as never, {
        status: response.status,
        headers: Object.fromEntries(response.headers),
      });
    }) as typeof fetch;

    // The challenge names https metadata: what a client behind no proxy must be told.
    const anonymous = await fetchTrusting(team.server.url, { method: 'POST', body: '{}' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain(`https://127.0.0.1:${team.server.port}/`);

    const client = new Client({ name: 'tls-test', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(team.server.url, {
        fetch: fetchTrusting,
        requestInit: { headers: { 'X-API-Key': reader.key } },
      }),
    );
    cleanups.push(() => client.close());
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['list_notes']);

    // A client that does not trust the CA gets no connection at all (no silent downgrade).
    await expect(fetch(team.server.url, { method: 'POST', body: '{}' })).rejects.toThrow();
  });
});
