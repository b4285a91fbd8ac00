import { readFile } from 'node:fs/promises';
import { connect as connectTcp } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, runEmulatorCommand, startEmulator } from '../../../src/emulator/index.js';
import { call, trustingAgent } from '../support/client.js';
import { tenantOf } from '../support/emulator.js';

/** Sends raw bytes to the proxy and returns the first response line (and the socket, still open). */
function ask(
  proxy: string,
  request: string,
): Promise<{ status: string; socket: ReturnType<typeof connectTcp> }> {
  const { hostname, port } = new URL(proxy);
  return new Promise((resolve, reject) => {
    const socket = connectTcp(Number(port), hostname, () => socket.write(request));
    socket.once('data', (chunk: Buffer) =>
      resolve({ status: chunk.toString().split('\r\n')[0] ?? '', socket }),
    );
    socket.once('error', reject);
  });
}

describe('drop-in proxy', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: 2, asMicrosoft: true });
  });
  afterAll(() => emulator.stop());
  const proxy = () => emulator.dropIn?.proxy ?? '';

  it.each([
    ['example.com:443'],
    ['graph.microsoft.com:80'],
    ['graph.microsoft.com.evil.example:443'],
    ['10.0.0.1:443'],
    ['127.0.0.1:22'],
    ['no-port-given'],
  ])('refuses CONNECT %s with 403, recording it', async (target) => {
    const { status, socket } = await ask(proxy(), `CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`);
    socket.destroy();
    expect(status).toBe('HTTP/1.1 403 Forbidden');
    expect(emulator.dropIn?.connections.at(-1)).toEqual({ target, allowed: false });
  });

  it('refuses plain-HTTP proxying', async () => {
    const { status, socket } = await ask(
      proxy(),
      'GET http://graph.microsoft.com/v1.0/ HTTP/1.1\r\nHost: graph.microsoft.com\r\n\r\n',
    );
    socket.destroy();
    expect(status).toMatch(/^HTTP\/1\.1 403/);
  });

  it.each([
    'login.microsoftonline.us',
    'dod-graph.microsoft.us',
    'eu.api.security.microsoft.com',
    'api-gov.securitycenter.microsoft.us',
  ])('tunnels %s to the emulator, whose certificate (from its CA) names it', async (host) => {
    const { status, socket } = await ask(
      proxy(),
      `CONNECT ${host}:443 HTTP/1.1\r\nHost: ${host}:443\r\n\r\n`,
    );
    expect(status).toBe('HTTP/1.1 200 Connection Established');
    const tls = connectTls({ socket, servername: host, ca: emulator.ca });
    await new Promise<void>((resolve, reject) => {
      tls.once('secureConnect', resolve);
      tls.once('error', reject);
    });
    expect(tls.authorized).toBe(true);
    tls.destroy();
  });

  it('issues tokens for the US government resource scopes', async () => {
    const tenant = tenantOf(emulator, 'contoso');
    const app = tenant.apps[0];
    for (const scope of [
      'https://graph.microsoft.us/.default',
      'https://api-gov.securitycenter.microsoft.us/.default',
    ]) {
      const reply = await call(
        trustingAgent(emulator.ca),
        `${emulator.urls.login}/${tenant.tenantId}/oauth2/v2.0/token`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: app?.clientId ?? '',
            client_secret: app?.secret ?? '',
            scope,
          }).toString(),
        },
      );
      expect(reply.status).toBe(200);
    }
  });

  it('without --as-microsoft there is no proxy', async () => {
    const plain = await startEmulator({ seed: 2 });
    expect(plain.dropIn).toBeUndefined();
    await plain.stop();
  });
});

describe('mcp-xdr emulator --as-microsoft', () => {
  it('adds proxy, caBundle and the hosts to its JSON line', async () => {
    const lines: string[] = [];
    const stop = new AbortController();
    const exit = runEmulatorCommand(['--as-microsoft', '--seed', '9'], {
      stdout: (line) => {
        lines.push(line);
        stop.abort();
      },
      stderr: () => undefined,
      signal: stop.signal,
    });
    expect(await exit).toBe(0);
    const ready = JSON.parse(lines[0] ?? '{}') as {
      proxy: string;
      caBundle: string;
      caFile: string;
      microsoftHosts: string[];
    };
    expect(ready.proxy).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ready.caBundle).toBe(ready.caFile);
    expect(ready.microsoftHosts).toContain('login.microsoftonline.com');
    await expect(readFile(ready.caBundle)).rejects.toThrow(); // removed on exit
  });

  it('refuses an unknown flag', async () => {
    const errors: string[] = [];
    expect(
      await runEmulatorCommand(['--as-google'], { stdout: () => undefined, stderr: (t) => errors.push(t) }),
    ).toBe(2);
    expect(errors.join('')).toMatch(/--as-microsoft/);
  });
});
