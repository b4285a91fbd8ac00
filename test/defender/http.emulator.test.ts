import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpStack } from '../../src/defender/http.js';
import { createDefender } from '../../src/defender/register.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { type EmulatorFiles, tenantEntry, writeEmulatorFiles } from './support/emulator.js';

let emulator: RunningEmulator;
let files: EmulatorFiles;
let proxy: Server;
let proxyUrl: string;
const tunnels: string[] = [];

/** A plain CONNECT proxy, like a corporate egress proxy: it only sees host:port, never the TLS inside. */
function startProxy(): Promise<Server> {
  const server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, client, head) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host ?? '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  emulator = await startEmulator({ seed: 13 });
  files = writeEmulatorFiles(emulator);
  proxy = await startProxy();
  const address = proxy.address();
  proxyUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  proxy?.closeAllConnections();
  await new Promise((r) => proxy?.close(r));
  await emulator?.stop();
});

const contoso = () =>
  emulator.tenants.find((t) => t.key === 'contoso') as NonNullable<RunningEmulator['tenants'][number]>;
const upn = () => emulator.world.tenant('contoso')?.users[0]?.userPrincipalName as string;

describe('the one HTTP stack', () => {
  it('trusts the emulator only through caFile: without it, TLS fails with a hint', async () => {
    const { caFile: _drop, ...entry } = tenantEntry(emulator, files, contoso(), 'secret');
    const l = createDefender({ list: { contoso: entry } }, { env: files.env, onWarning: () => undefined });
    try {
      const error = await l.graph.getUser(l.tenants.get('contoso'), upn()).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'unavailable' });
      expect(`${(error as Error).message} ${(error as { hint?: string }).hint}`).toMatch(
        /caFile|sign-in endpoint/,
      );
    } finally {
      await l.close();
    }
  });

  it('sends MSAL and API traffic through the tenant proxy (CONNECT), TLS end to end', async () => {
    tunnels.length = 0;
    const entry = { ...tenantEntry(emulator, files, contoso(), 'pfx'), proxy: proxyUrl };
    const l = createDefender({ list: { contoso: entry } }, { env: files.env, onWarning: () => undefined });
    try {
      const user = await l.graph.getUser(l.tenants.get('contoso'), upn());
      expect(user.userPrincipalName).toBe(upn());
      const origin = new URL(emulator.urls.graph).host;
      expect(tunnels.length).toBeGreaterThanOrEqual(1);
      expect(tunnels.every((t) => t === origin)).toBe(true);
    } finally {
      await l.close();
    }
  });

  it('honours HTTPS_PROXY and NO_PROXY from the environment', async () => {
    const entry = tenantEntry(emulator, files, contoso(), 'secret');
    tunnels.length = 0;
    const viaEnv = createDefender(
      { list: { contoso: entry } },
      { env: { ...files.env, HTTPS_PROXY: proxyUrl }, onWarning: () => undefined },
    );
    const bypass = createDefender(
      { list: { contoso: entry } },
      { env: { ...files.env, HTTPS_PROXY: proxyUrl, NO_PROXY: '127.0.0.1' }, onWarning: () => undefined },
    );
    try {
      await viaEnv.graph.getUser(viaEnv.tenants.get('contoso'), upn());
      const viaProxy = tunnels.length;
      expect(viaProxy).toBeGreaterThanOrEqual(1);
      await bypass.graph.getUser(bypass.tenants.get('contoso'), upn());
      expect(tunnels.length).toBe(viaProxy);
    } finally {
      await viaEnv.close();
      await bypass.close();
    }
  });

  it('enforces the response size limit', async () => {
    const l = createDefender(
      { list: { contoso: tenantEntry(emulator, files, contoso(), 'secret') } },
      { env: files.env, onWarning: () => undefined, http: { maxResponseBytes: 64 * 1024 } },
    );
    try {
      await l.tokens.getToken('contoso', 'graph');
      const stack = new HttpStack({ caFile: files.caFile, maxResponseBytes: 100 });
      const res = stack.send({
        method: 'GET',
        url: `${emulator.urls.login}/${contoso().tenantId}/v2.0/.well-known/openid-configuration`,
      });
      await expect(res).rejects.toMatchObject({ kind: 'too_large' });
      await stack.close();
    } finally {
      await l.close();
    }
  });

  it('keeps connections alive: many sequential calls, few sockets', async () => {
    tunnels.length = 0;
    const entry = { ...tenantEntry(emulator, files, contoso(), 'secret'), proxy: proxyUrl };
    const l = createDefender({ list: { contoso: entry } }, { env: files.env, onWarning: () => undefined });
    try {
      for (let i = 0; i < 20; i++) await l.graph.getUser(l.tenants.get('contoso'), upn());
      expect(tunnels.length).toBeLessThanOrEqual(3);
    } finally {
      await l.close();
    }
  });
});
